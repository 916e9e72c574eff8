"""The accessibility statement of the public pages (RGAA, loi n° 2005-102, art. 47)."""
