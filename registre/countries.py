"""Countries: the codes we accept, what people type for them, French names, EU / EEA.

The activity form, the imports, the compliance rules and the public page all read this
module, so a code or a name gets the same answer everywhere.

* **Codes** (:data:`COUNTRY_CODES`): the 249 ISO 3166-1 alpha-2 codes, plus ``XK`` (Kosovo).
  XK is not assigned by ISO, but it is the code the European Union's institutions and the
  European Commission use for Kosovo; refusing it would leave no way to record a transfer to
  Kosovo, which is outside the EU / EEA (no adequacy decision), so the rules treat it as any
  third country.
* **Aliases** a user types (:data:`ALIASES`): ``EL`` → ``GR`` (the EU's own code for Greece)
  and ``UK`` → ``GB``; the ISO code is what is stored.
* **Never a country**: CLDR's other codes, which Babel lists among its territories — ``AC``
  (Ascension), ``CP`` (Clipperton), ``CQ`` (Sark), ``DG`` (Diego Garcia), ``EA`` (Ceuta and
  Melilla), ``IC`` (Canary Islands), ``TA`` (Tristan da Cunha), ``EU``, ``EZ``, ``UN``,
  ``QO``, ``XA``, ``XB``, ``ZZ``. The *names* of those places are read as the country they
  belong to (« Îles Canaries » → ES).
* **Names**: Babel's French names (``babel.Locale('fr').territories``), each part of a name
  such as « Myanmar (Birmanie) », and the usual spellings of :data:`NAME_VARIANTS`; compared
  without accents, case or punctuation (:func:`registre.text.fold`).
"""
import re
from collections.abc import Iterable
from functools import cache

from babel import Locale

from registre.i18n import N_
from registre.text import fold

ISO_CODES = frozenset([
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
    "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
    "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
    "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
    "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
    "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
    "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
    "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
])
COUNTRY_CODES = ISO_CODES | {"XK"}
ALIASES = {"EL": "GR", "UK": "GB"}
# Places CLDR codes apart, named by users as places of the country they belong to.
_PLACES_OF = {"AC": "SH", "CP": "FR", "CQ": "GG", "DG": "IO", "EA": "ES", "IC": "ES", "TA": "SH"}

# The 27 member states of the European Union.
EU_COUNTRIES = frozenset([
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
])
# Iceland, Liechtenstein and Norway apply the GDPR through the EEA agreement.
EEA_COUNTRIES = EU_COUNTRIES | {"IS", "LI", "NO"}

# Spellings of the CNIL 2019 list (and common ones) that CLDR writes differently.
NAME_VARIANTS = {
    "etats unis": "US", "etats unis d amerique": "US", "usa": "US",
    "rep dem du congo": "CD", "republique democratique du congo": "CD", "congo": "CG",
    "hong kong": "HK", "birmanie": "MM", "iles feroe": "FO", "ile de man": "IM",
    "macedoine": "MK", "macedoine du nord": "MK", "swaziland": "SZ", "eswatini": "SZ",
    "republique centrafricaine": "CF", "royaume uni": "GB", "angleterre": "GB",
    "coree du sud": "KR", "coree du nord": "KP", "taiwan": "TW", "viet nam": "VN",
    "vietnam": "VN", "palestine": "PS", "marshall": "MH", "salomon": "SB",
    "saint vincent et les grenadines": "VC", "sahara occidental": "EH", "porto rico": "PR",
    "micronesie": "FM", "kosovo": "XK", "cap vert": "CV", "timor oriental": "TL",
    "iraq": "IQ", "irak": "IQ", "guernesey": "GG", "jersey": "JE", "hollande": "NL",
    "republique tcheque": "CZ", "tchequie": "CZ", "russie": "RU", "iran": "IR",
    "syrie": "SY", "laos": "LA", "moldavie": "MD", "bolivie": "BO", "venezuela": "VE",
    "tanzanie": "TZ", "brunei": "BN", "cote d ivoire": "CI", "vatican": "VA",
}


def _words(text: str) -> str:
    """A name as compared: folded (no accents, no case), punctuation as single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


@cache
def _territories(language: str = "fr") -> dict[str, str]:
    return dict(Locale(language).territories)


@cache
def _names() -> dict[str, str]:
    """Every accepted spelling of a name → its country code."""
    table: dict[str, str] = {}
    for code, name in _territories().items():
        code = _PLACES_OF.get(code, code)
        if code not in COUNTRY_CODES:
            continue
        table.setdefault(_words(name), code)
        # "Myanmar (Birmanie)" is also found as "Birmanie" and as "Myanmar".
        for part in re.split(r"[()]", name):
            if part.strip():
                table.setdefault(_words(part), code)
    table.update(NAME_VARIANTS)
    return table


def normalize_country(code: str | None) -> str:
    """A stored or typed code as the ISO code: stripped, upper-cased, alias resolved."""
    code = (code or "").strip().upper()
    return ALIASES.get(code, code)


def country_code(text: str | None) -> str | None:
    """The code of a country typed as a code, an alias or a French name; None when unknown."""
    value = (text or "").strip()
    if len(value) == 2 and value.isascii() and value.isalpha():
        code = normalize_country(value)
        return code if code in COUNTRY_CODES else None
    return _names().get(_words(value)) if value else None


def parse_countries(texts: Iterable[str]) -> list[str]:
    """Countries typed as « FR, IE », « FR IE » or « Corée du Sud ; Irlande »: their codes.

    In order, without repeats; an unknown item is kept as typed, for the error message.
    """
    result = []
    for text in texts:
        for item in re.split(r"[,;\n]+", text):
            item = item.strip()
            words = item.split()
            if not item:
                continue
            if (code := country_code(item)) is not None:
                result.append(code)
            elif len(words) > 1 and all(len(word) == 2 for word in words):
                result.extend(country_code(word) or word.upper() for word in words)
            else:
                result.append(item)
    return list(dict.fromkeys(result))


def country_name(code: str | None, language: str = "fr") -> str:
    """The name of a country (``"US"`` → « États-Unis »; in English for the English public
    pages), or the code if unknown."""
    code = normalize_country(code)
    if code not in COUNTRY_CODES:
        return code
    return _territories(language).get(code, code)


def in_eu(code: str | None) -> bool:
    """True for a member state of the European Union."""
    return normalize_country(code) in EU_COUNTRIES


def in_eea(code: str | None) -> bool:
    """True when the GDPR applies in that country (EU member or EEA state)."""
    return normalize_country(code) in EEA_COUNTRIES


def country_zone(code: str | None) -> str:
    """Say in plain words whether a country is in the EU, the EEA or outside."""
    if in_eu(code):
        return N_("Union européenne")
    if in_eea(code):
        return N_("Espace économique européen, où le RGPD s'applique")
    return N_("hors de l'Union européenne")
