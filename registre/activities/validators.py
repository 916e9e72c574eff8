"""Input rules of the register with French messages (the one definition, web and API alike).

Text is normalised to NFC and otherwise kept as typed; it is bounded and never contains
control characters; URLs are http(s); countries are ISO 3166 alpha-2; integers are bounded.
"""
import re
import unicodedata
from urllib.parse import urlsplit

from wtforms.validators import StopValidation, ValidationError

from registre.countries import ISO_COUNTRIES

MAX_TEXT = 10_000

_FRENCH = {
    "This field is required.": "Ce champ est obligatoire.",
    "Not a valid choice.": "Valeur inconnue : choisissez une valeur de la liste.",
    "Not a valid choice": "Valeur inconnue : choisissez une valeur de la liste.",
    "Invalid Choice: could not coerce.": "Valeur inconnue : choisissez une valeur de la liste.",
    "Invalid choice(s): one or more data inputs could not be coerced.":
        "Valeur inconnue : choisissez des valeurs de la liste.",
    "Not a valid integer value.": "Nombre entier attendu (par exemple 3).",
    "Not a valid date value.": "Date invalide : utilisez le format JJ/MM/AAAA ou AAAA-MM-JJ.",
    "Invalid email address.": "Adresse électronique invalide (par exemple prenom.nom@ac-versailles.fr).",
}


class FrenchTranslations:
    """Translate the few built-in WTForms messages that can still reach a user."""

    def gettext(self, string: str) -> str:
        return _FRENCH.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


FRENCH = FrenchTranslations()


class FrenchMeta:
    """Form ``Meta`` mixin: French messages for built-in validators and fields."""

    def get_translations(self, form):
        return FRENCH


def nfc(value):
    """Normalise text to Unicode NFC (what was typed, in one canonical form)."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def strip_upper(value):
    """Codes (references, countries) are compared without surrounding spaces, in capitals."""
    return value.strip().upper() if isinstance(value, str) else value


def blank(value) -> bool:
    """True for an empty answer (None, blank text, empty list)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, dict)):
        return not value
    return False


_ALLOWED_IN_MULTILINE = {"\n", "\r", "\t"}


def forbidden_character(text: str, multiline: bool) -> str | None:
    for char in text:
        if multiline and char in _ALLOWED_IN_MULTILINE:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return char
    return None


class CleanText:
    """Refuse control characters and text longer than ``max_length`` characters."""

    def __init__(self, max_length: int = MAX_TEXT, multiline: bool = False):
        self.max_length = max_length
        self.multiline = multiline

    def __call__(self, form, field):
        value = field.data
        if not isinstance(value, str) or not value:
            return
        if len(value) > self.max_length:
            raise StopValidation(
                f"Ce texte est trop long : {len(value):,} caractères pour {self.max_length:,} "
                "au plus. Raccourcissez-le (mettez le détail dans un document lié)."
                .replace(",", "\u202f"))
        char = forbidden_character(value, self.multiline)
        if char is not None:
            where = "" if self.multiline else " (retour à la ligne et tabulation compris)"
            raise StopValidation(
                f"Ce texte contient un caractère de contrôle invisible (U+{ord(char):04X}){where} : "
                "supprimez-le, par exemple en retapant le texte au lieu de le coller.")


class Required:
    """A mandatory answer, with a French message saying what is expected."""

    def __init__(self, message: str = "Ce champ est obligatoire."):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        if blank(field.data):
            field.errors[:] = []
            raise StopValidation(self.message)


class HttpUrl:
    """Accept only absolute http:// or https:// addresses."""

    message = ("Adresse web invalide : elle doit commencer par http:// ou https:// "
               "(par exemple https://www.exemple.fr/notice.pdf).")

    def __call__(self, form, field):
        value = field.data
        if blank(value):
            return
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            raise ValidationError(self.message) from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname \
                or re.search(r"\s", value.strip()):
            raise ValidationError(self.message)


class CountryCode:
    """One ISO 3166-1 alpha-2 country code (FR, IE, US…)."""

    def __call__(self, form, field):
        if blank(field.data):
            return
        if field.data not in ISO_COUNTRIES:
            raise ValidationError(unknown_country(field.data))


def unknown_country(code: str) -> str:
    return (f"Code pays inconnu : « {code[:10]} ». Utilisez le code ISO 3166 à deux lettres "
            "(FR pour la France, IE pour l'Irlande, US pour les États-Unis…).")


class IntegerRange:
    """An integer between ``minimum`` and ``maximum`` (inclusive), when given."""

    def __init__(self, minimum: int, maximum: int, message: str | None = None):
        self.minimum, self.maximum = minimum, maximum
        self.message = message or f"Nombre entier entre {minimum} et {maximum} attendu."

    def __call__(self, form, field):
        if field.data is not None and not self.minimum <= field.data <= self.maximum:
            raise ValidationError(self.message)
