"""Processing activities: the fiches of the register."""
