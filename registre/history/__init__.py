"""History of the fiches: revisions and the register as of a date."""
