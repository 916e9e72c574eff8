"""Country names in French and membership of the EU / EEA (where the GDPR applies directly)."""
from functools import lru_cache

from babel import Locale

# The 27 member states of the European Union (ISO 3166-1 alpha-2).
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
# The European Economic Area adds Iceland, Liechtenstein and Norway: the GDPR applies there too.
EEA_MEMBERS = EU_MEMBERS | {"IS", "LI", "NO"}


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    return dict(Locale("fr").territories)


def normalize_country(code: str | None) -> str:
    """Return an ISO code upper-cased and stripped (``"fr "`` → ``"FR"``)."""
    return (code or "").strip().upper()


def country_name(code: str | None) -> str:
    """Return the French name of a country (``"US"`` → ``"États-Unis"``), or the code if unknown."""
    code = normalize_country(code)
    if not code:
        return ""
    if code == "EL":  # the EU's own code for Greece
        code = "GR"
    return _territories().get(code, code)


def in_eea(code: str | None) -> bool:
    """True when the GDPR applies in that country (EU member or EEA state)."""
    code = normalize_country(code)
    return ("GR" if code == "EL" else code) in EEA_MEMBERS


def country_zone(code: str | None) -> str:
    """Say in plain words whether a country is in the EU, the EEA or outside."""
    code = normalize_country(code)
    if code in EU_MEMBERS or code == "EL":
        return "Union européenne"
    if code in EEA_MEMBERS:
        return "Espace économique européen, où le RGPD s'applique"
    return "hors de l'Union européenne"
