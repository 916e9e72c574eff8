"""Demo data: two académies, their schools, the catalogue and the 2015 Microsoft fiche."""
