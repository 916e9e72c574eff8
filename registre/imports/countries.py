"""French country names (as written in the CNIL model's sheet 5 or by hand) to ISO 3166 codes."""
import re
from functools import cache

from babel import Locale

from registre.imports.vocabulary import normalise

# Spellings of the CNIL 2019 list (and common ones) that CLDR writes differently.
ALIASES = {
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


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, name in Locale("fr").territories.items():
        if len(code) != 2 or not code.isalpha() or code in ("ZZ", "EU", "EZ", "UN", "QO"):
            continue
        table.setdefault(normalise(name), code)
        # "Myanmar (Birmanie)" is also found as "Birmanie" and as "Myanmar".
        for part in re.split(r"[()]", name):
            if part.strip():
                table.setdefault(normalise(part), code)
    table.update(ALIASES)
    return table


def country_code(text: str) -> str | None:
    """Return the ISO 3166 alpha-2 code of a country name or code, or None when unknown."""
    value = (text or "").strip()
    if len(value) == 2 and value.isalpha() and value.isascii():
        code = value.upper()
        return code if code in Locale("fr").territories or code == "XK" else None
    return _names().get(normalise(value))
