"""« Mon compte »: one's own password and API tokens."""
