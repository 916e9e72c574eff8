"""The to-do list of the home page: fiches waiting for me, sent back, in error, to review."""
