"""Form fields and validators with the input rules of the register (French messages).

These rules are the one definition shared by the web form and the JSON API: closed
vocabularies, valid dates, http(s) URLs, ISO country codes, bounded integers, bounded text
without control characters, Unicode normalised to NFC and otherwise kept as typed.
"""
import re
import unicodedata
from datetime import date, datetime
from urllib.parse import urlsplit

from wtforms import Form, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from registre.countries import ISO_COUNTRIES

MAX_TEXT = 10_000
NOT_PROVIDED_CHOICE = ("", "— Non renseigné —")


def select_choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def choice_values(field) -> list[str]:
    """The values a select field accepts."""
    return [choice.value for choice in field._choices_from_input(field.choices) or []]

# WTForms' own messages, in French (the default ones are English).
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
            raise ValidationError(_unknown_country(field.data))


def _unknown_country(code: str) -> str:
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


class IntegerField(StringField):
    """A whole number typed in decimal digits; empty means not provided (None)."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if not text:
            self.data = None
            return
        if not re.fullmatch(r"[+-]?[0-9]{1,9}", text):
            self.data = None
            raise ValueError("Nombre entier attendu, en chiffres (par exemple 3).")
        self.data = int(text)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class DateField(StringField):
    """A calendar date: ``AAAA-MM-JJ`` (what browsers and the API send) or ``JJ/MM/AAAA``."""

    input_type = "date"
    formats = ("%Y-%m-%d", "%d/%m/%Y")

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if not text:
            self.data = None
            return
        for fmt in self.formats:
            try:
                self.data = datetime.strptime(text, fmt).date()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError("Date invalide : utilisez le format JJ/MM/AAAA "
                         "(le 28 novembre 2026 s'écrit 28/11/2026) ou AAAA-MM-JJ.")

    def process_data(self, value):
        if isinstance(value, str) and value:
            value = date.fromisoformat(value[:10])
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if isinstance(self.data, date) else ""


class ChoiceField(SelectField):
    """A closed vocabulary: an unknown value gets a French error naming it."""

    def __init__(self, label=None, validators=None, choices=None, optional=True,
                 empty_label: str | None = None, **kwargs):
        choices = list(choices or [])
        if optional:
            choices = [("", empty_label or NOT_PROVIDED_CHOICE[1]), *choices]
        super().__init__(label, validators, choices=select_choices(choices), **kwargs)

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = valuelist[0] if isinstance(valuelist[0], str) else str(valuelist[0])

    def pre_validate(self, form):
        if blank(self.data):
            return  # Required (when present) says what to choose.
        if self.data not in choice_values(self):
            raise StopValidation(
                f"Valeur inconnue : « {str(self.data)[:40]} ». Choisissez une valeur de la liste.")


class TriStateField(ChoiceField):
    """Oui / Non / Non renseigné: "Non renseigné" stays None, never becomes "Non"."""

    CHOICES = [("", "Non renseigné"), ("oui", "Oui"), ("non", "Non")]

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=self.CHOICES, optional=False, **kwargs)

    def process_data(self, value):
        self.data = {True: "oui", False: "non"}.get(value, value or "")

    @property
    def value(self) -> bool | None:
        """The answer as True, False or None."""
        return {"oui": True, "non": False}.get(self.data)


class ProcessorField(ChoiceField):
    """A processor of the académie catalogue (the choices are set by the activity form)."""

    def process_data(self, value):
        self.data = "" if value is None else str(value)

    @property
    def value(self) -> int | None:
        """The chosen processor id, or None."""
        return int(self.data) if self.data else None


class MultiCheckboxField(SelectMultipleField):
    """Several values of a closed vocabulary, shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, choices=None, **kwargs):
        super().__init__(label, validators, choices=select_choices(choices or []), **kwargs)

    def process_formdata(self, valuelist):
        # Keep the order of the vocabulary and drop repeats.
        wanted = {str(value) for value in valuelist}
        known = choice_values(self)
        self.data = [value for value in known if value in wanted] + sorted(wanted - set(known))

    def process_data(self, value):
        self.data = [str(item) for item in (value or [])]

    def pre_validate(self, form):
        known = set(choice_values(self))
        unknown = [value for value in self.data or [] if value not in known]
        if unknown:
            raise StopValidation(
                f"Valeur inconnue : « {unknown[0][:40]} ». Cochez des valeurs de la liste.")


class CountryListField(StringField):
    """Several ISO 3166 alpha-2 codes typed as « FR, IE »; the data are a list."""

    def process_formdata(self, valuelist):
        text = " ".join(value for value in valuelist if isinstance(value, str))
        self.data = list(dict.fromkeys(
            code.upper() for code in re.split(r"[\s,;]+", text) if code))

    def process_data(self, value):
        self.data = list(value or [])

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return ", ".join(self.data or [])

    def pre_validate(self, form):
        for code in self.data or []:
            if code not in ISO_COUNTRIES:
                raise StopValidation(_unknown_country(code))


class RowForm(Form):
    """One repeatable row: a row left entirely blank is ignored, never an error."""

    class Meta(FrenchMeta):
        pass

    def is_blank(self) -> bool:
        """True when nothing was typed or chosen in the row."""
        for field in self:
            if field.raw_data and any(isinstance(v, str) and v.strip() or
                                      not isinstance(v, str) and v is not None
                                      for v in field.raw_data):
                return False
            if not field.raw_data and not blank(field.data):
                return False
        return True

    def validate(self, extra_validators=None):
        if self.is_blank():
            return True
        return super().validate(extra_validators)
