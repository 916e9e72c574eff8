"""Accounts of an académie, managed by its DPD."""
