"""Country names in French and, in plain words, where the GDPR applies (EU / EEA / outside)."""
from functools import lru_cache

from babel import Locale

from registre.countries import in_eea, in_eu, normalize_country


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    return dict(Locale("fr").territories)


def country_name(code: str | None) -> str:
    """Return the French name of a country (``"US"`` → ``"États-Unis"``), or the code if unknown."""
    code = normalize_country(code)
    if not code:
        return ""
    if code == "EL":  # the EU's own code for Greece
        code = "GR"
    return _territories().get(code, code)


def country_zone(code: str | None) -> str:
    """Say in plain words whether a country is in the EU, the EEA or outside."""
    if in_eu(code):
        return "Union européenne"
    if in_eea(code):
        return "Espace économique européen, où le RGPD s'applique"
    return "hors de l'Union européenne"
