"""Académie catalogues: processors and activity templates."""
