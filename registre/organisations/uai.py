"""The UAI (unité administrative immatriculée): 7 digits and a check letter."""
import re

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI = re.compile(r"[0-9]{7}[A-Z]")


class InvalidUAI(ValueError):
    """Raised with a French message when a UAI is malformed or its letter is wrong."""


def check_letter(digits: str) -> str:
    """Return the check letter of a 7-digit number."""
    return CHECK_LETTERS[int(digits) % 23]


def normalize_uai(raw: str) -> str:
    """Return the UAI upper-cased and stripped, or raise :class:`InvalidUAI`."""
    value = (raw or "").strip().upper()
    if not _UAI.fullmatch(value):
        raise InvalidUAI(
            f"« {raw} » n'est pas un UAI valide : il faut 7 chiffres suivis d'une lettre "
            "(par exemple 0750655E)."
        )
    expected = check_letter(value[:7])
    if value[7] != expected:
        raise InvalidUAI(
            f"La lettre de contrôle de l'UAI « {value} » est incorrecte : "
            f"pour {value[:7]} elle devrait être {expected}."
        )
    return value


def is_valid_uai(raw: str) -> bool:
    """Tell whether ``raw`` is a valid UAI."""
    try:
        normalize_uai(raw)
    except InvalidUAI:
        return False
    return True
