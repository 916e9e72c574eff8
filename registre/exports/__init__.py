"""Exports of the register (XLSX, ODS, CSV, JSON, PDF) in the CNIL 2019 layout."""
