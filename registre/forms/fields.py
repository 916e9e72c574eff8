"""Form fields shared by every form: closed vocabularies, three-state answers, dates, rows."""
import re
from datetime import UTC, date, datetime

from wtforms import Form, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, DateInput, DateTimeLocalInput, HiddenInput, ListWidget

from registre.countries import COUNTRY_CODES, parse_countries
from registre.dates import PARIS, local_datetime, parse_date
from registre.forms.validators import MAX_TEXT, FrenchMeta, blank, too_long, unknown_countries

NOT_PROVIDED_CHOICE = ("", "— Non renseigné —")


def select_choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def choice_values(field) -> list[str]:
    """The values a select field accepts."""
    return [choice.value for choice in field._choices_from_input(field.choices) or []]


class _ParsedField(StringField):
    """One typed value parsed by :meth:`parse`; empty means not provided (None)."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        self.data = None
        if text:
            self.data = self.parse(text)

    def parse(self, text: str):
        """Return the value of ``text`` or raise ``ValueError`` with a French message."""
        raise NotImplementedError

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.show(self.data)

    def show(self, value) -> str:
        """The text of a stored value in the input."""
        return str(value)


class IntegerField(_ParsedField):
    """A whole number typed in decimal digits; empty means not provided (None)."""

    def parse(self, text: str) -> int:
        if not re.fullmatch(r"[+-]?[0-9]{1,9}", text):
            raise ValueError("Nombre entier attendu, en chiffres (par exemple 3).")
        return int(text)


class DateField(_ParsedField):
    """A calendar date: ``AAAA-MM-JJ`` (what browsers and the API send) or ``JJ/MM/AAAA``."""

    widget = DateInput()

    def parse(self, text: str) -> date:
        try:
            return parse_date(text)
        except ValueError:
            raise ValueError("Date invalide : utilisez le format JJ/MM/AAAA "
                             "(le 28 novembre 2026 s'écrit 28/11/2026) ou AAAA-MM-JJ.") from None

    def process_data(self, value):
        if isinstance(value, str) and value:
            value = date.fromisoformat(value[:10])
        self.data = value

    def show(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else ""


class DateTimeField(_ParsedField):
    """A date and time in Paris (``AAAA-MM-JJTHH:MM`` from browsers, ``JJ/MM/AAAA HH:MM``),
    or an ISO 8601 instant with its offset (``…Z``, ``…+01:00``) from the API.

    The data are a naive UTC datetime, as every time is stored.
    """

    widget = DateTimeLocalInput()
    # The years a typed time may have (a typo such as 20266 or 0202 is refused).
    years = (1900, 2999)
    formats = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M",
               "%d/%m/%Y à %H:%M")

    def parse(self, text: str) -> datetime:
        moment = None
        for fmt in self.formats:
            try:
                moment = datetime.strptime(text, fmt).replace(tzinfo=PARIS)
                break
            except ValueError:
                continue
        if moment is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})", text):
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                moment = None
        if moment is None or not self.years[0] <= moment.year <= self.years[1]:
            raise ValueError("Date et heure invalides : indiquez par exemple 28/11/2026 14:05 "
                             "(heure de Paris).")
        return moment.astimezone(UTC).replace(tzinfo=None)

    def process_data(self, value):
        if isinstance(value, str) and value:
            value = self.parse(value)
        self.data = value

    def show(self, value) -> str:
        if not isinstance(value, datetime):
            return ""
        return local_datetime(value).strftime("%Y-%m-%dT%H:%M")


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
        if self.data in ("", None):
            return  # Required (when present) says what to choose.
        # Spaces are no value of the list either (never stored as one: hostile input).
        if self.data not in choice_values(self):
            raise StopValidation(
                f"Valeur inconnue : « {str(self.data)[:40]} ». Choisissez une valeur de la liste.")


class HiddenChoiceField(ChoiceField):
    """A closed vocabulary carried by a hidden input (the target of a button)."""

    widget = HiddenInput()

    def _value(self):
        return self.data or ""


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
    """Several countries typed as codes or names (« FR, IE », « Irlande ; Suisse »): ISO codes.

    The typed text is bounded by ``max_length`` characters, like any other text.
    """

    def __init__(self, label=None, validators=None, max_length: int = MAX_TEXT, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length

    def process_formdata(self, valuelist):
        self.data = parse_countries(value for value in valuelist if isinstance(value, str))

    def process_data(self, value):
        self.data = list(value or [])

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return ", ".join(self.data or [])

    def pre_validate(self, form):
        typed = " ".join(value for value in self.raw_data or [] if isinstance(value, str))
        if len(typed) > self.max_length:
            raise StopValidation(too_long(len(typed), self.max_length))
        unknown = [code for code in self.data or [] if code not in COUNTRY_CODES]
        if unknown:
            raise StopValidation(unknown_countries(unknown))


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
