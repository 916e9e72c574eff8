"""Input rules with French messages: the one definition for every form, web and API alike.

Text is normalised to NFC (activity text is otherwise kept as typed; short catalogue and
account fields are also stripped); it is bounded and never contains control characters;
URLs are http(s); countries are ISO 3166 alpha-2; integers are bounded.
"""
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms.i18n import get_translations
from wtforms.validators import StopValidation, ValidationError

from registre.countries import country_code
from registre.emails import MESSAGE as EMAIL_MESSAGE
from registre.emails import is_valid_email

MAX_TEXT = 10_000
# A breach's or a request's reference is unique in its organisation (web forms and API).
REFERENCE_TAKEN = "Cette référence est déjà prise : choisissez-en une autre ou laissez-la vide."

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
    """Translate the built-in WTForms messages that can reach a user.

    Our own wording first; any other message (``Length`` for instance) in WTForms' French.
    """

    def __init__(self):
        self._wtforms = get_translations(["fr_FR", "fr"])

    def gettext(self, string: str) -> str:
        return _FRENCH.get(string) or self._wtforms.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        wanted = singular if n == 1 else plural
        return _FRENCH.get(wanted) or self._wtforms.ngettext(singular, plural, n)


FRENCH = FrenchTranslations()


class FrenchMeta:
    """Form ``Meta`` mixin: French messages for built-in validators and fields."""

    def get_translations(self, form):
        return FRENCH


class FrenchForm(FlaskForm):
    """A Flask-WTF form (CSRF included) whose built-in messages are in French."""

    class Meta(FrenchMeta):
        pass


def nfc(value):
    """Normalise text to Unicode NFC (what was typed, in one canonical form)."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def normalize_text(value):
    """Normalise text to NFC without surrounding spaces (names, e-mails, short fields)."""
    return nfc(value).strip() if isinstance(value, str) else value


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
# The control characters (Unicode category Cc) as a regular-expression class, for the API's
# JSON Schema patterns; ``forbidden_character`` is the rule itself.
CONTROL_CHARACTERS = "\\x00-\\x1f\\x7f-\\x9f"
CONTROL_CHARACTERS_MULTILINE = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"


def forbidden_character(text: str, multiline: bool) -> str | None:
    """Return the first control character of ``text`` (tab and line breaks if multiline)."""
    for char in text:
        if multiline and char in _ALLOWED_IN_MULTILINE:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return char
    return None


def too_long(length: int, max_length: int) -> str:
    """The French message for a text of ``length`` characters over ``max_length``."""
    return (f"Ce texte est trop long : {length:,} caractères pour {max_length:,} au plus. "
            "Raccourcissez-le (mettez le détail dans un document lié).").replace(",", "\u202f")


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
            raise StopValidation(too_long(len(value), self.max_length))
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
            if field.process_errors:
                # Something was typed but could not be read (a date such as 31/02/2026):
                # its own message says what to fix, "required" would not.
                raise StopValidation()
            field.errors[:] = []
            raise StopValidation(self.message)


class EmailAddress:
    """An e-mail address under the register's one rule (:mod:`registre.emails`); empty passes."""

    def __init__(self, message: str = EMAIL_MESSAGE):
        self.message = message

    def __call__(self, form, field):
        if not blank(field.data) and not is_valid_email(field.data):
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
    """One country typed as its code (FR), an alias (EL, UK) or its name; the data become the code."""

    def __call__(self, form, field):
        if blank(field.data):
            return
        code = country_code(field.data)
        if code is None:
            raise ValidationError(unknown_country(field.data))
        field.data = code


def unknown_country(code: str) -> str:
    """The French message for a code that is not an ISO 3166 alpha-2 country."""
    return unknown_countries([code])


def unknown_countries(codes: list[str]) -> str:
    """The French message naming every unknown country code of a list."""
    if len(codes) == 1:
        return (f"Code pays inconnu : « {codes[0][:40]} ». Utilisez le code ISO 3166 à deux "
                "lettres (FR pour la France, IE pour l'Irlande, US pour les États-Unis…) "
                "ou le nom du pays en français.")
    named = ", ".join(f"« {code[:40]} »" for code in codes[:10])
    return (f"Codes pays inconnus : {named}. Utilisez les codes ISO 3166 à deux lettres "
            "(FR pour la France, IE pour l'Irlande, US pour les États-Unis…) ou les noms des "
            "pays en français.")


class IntegerRange:
    """An integer between ``minimum`` and ``maximum`` (inclusive), when given."""

    def __init__(self, minimum: int, maximum: int, message: str | None = None):
        self.minimum, self.maximum = minimum, maximum
        self.message = message or f"Nombre entier entre {minimum} et {maximum} attendu."

    def __call__(self, form, field):
        if field.data is not None and not self.minimum <= field.data <= self.maximum:
            raise ValidationError(self.message)


@dataclass(frozen=True)
class Requires:
    """A rule between two answers: when ``field`` is answered (with ``value``, if given),
    ``other`` must be answered too; ``message`` goes on ``other``.

    Forms list these rules as data (``requirements``) so that the API's JSON Schema states
    the very same rules (``registre/api/form_schemas.py``).
    """

    field: str
    other: str
    message: str
    value: str | None = None

    def broken(self, answers) -> bool:
        """True when ``answers`` (a form's data, or a JSON record) break the rule."""
        answer = answers.get(self.field)
        triggered = not blank(answer) if self.value is None else answer == self.value
        return triggered and blank(answers.get(self.other))


def check_requirements(form, requirements) -> bool:
    """Put each broken rule's message on its field (one message a field); False if any."""
    valid = True
    answers = {field.name: field.data for field in form}
    for rule in requirements:
        field = form[rule.other]
        if rule.broken(answers) and not field.errors:
            field.errors.append(rule.message)
            valid = False
    return valid
