"""The national schools directory (« Annuaire de l'éducation »): loading an académie's schools."""
