"""Form fields built from the fiche catalogue: label, help text, bounds and required message.

:func:`catalogue_fields` gives a form class one field per edited field of a catalogue table,
in the catalogue's order; the input rules of each kind are here, once. A field the class
declares itself (a special widget or rule) is kept, in its catalogue place.
"""
from wtforms import BooleanField, FieldList, FormField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

from registre.fiche.kinds import Field, Kind, Source
from registre.forms.fields import (
    ChoiceField,
    CountryListField,
    DateField,
    IntegerField,
    MultiCheckboxField,
    TriStateField,
)
from registre.forms.validators import (
    MAX_TEXT,
    CleanText,
    CountryCode,
    EmailAddress,
    HttpUrl,
    IntegerRange,
    Required,
    nfc,
    strip_upper,
)

MAX_ROWS = 200
# The bounds of whole numbers, by kind (also stated by the API's JSON Schema).
RANGES = {
    Kind.AGE: IntegerRange(0, 99, "L'âge doit être un nombre entier entre 0 et 99."),
    Kind.DURATION: IntegerRange(0, 99_999, "La durée doit être un nombre entier positif ou nul."),
}
_EXTRA_CHECKS = {
    Kind.EMAIL: lambda: [EmailAddress()],
    Kind.URL: lambda: [HttpUrl()],
    Kind.COUNTRY: lambda: [CountryCode()],
}
_TEXT_KINDS = {Kind.TEXT, Kind.CODE, Kind.EMAIL, Kind.URL, Kind.COUNTRY, Kind.LONG_TEXT}


class ProcessorField(ChoiceField):
    """A processor of the académie catalogue (the choices are set by the activity form)."""

    def process_data(self, value):
        self.data = "" if value is None else str(value)

    @property
    def value(self) -> int | None:
        """The chosen processor id, or None."""
        return int(self.data) if self.data else None


def _text(field: Field) -> UnboundField:
    """A text: NFC-normalised, bounded, without control characters."""
    multiline = field.kind is Kind.LONG_TEXT
    checks = [Required(field.required)] if field.required else []
    checks += [CleanText(field.limit, multiline), *_EXTRA_CHECKS.get(field.kind, list)()]
    filters = [nfc, strip_upper] if field.kind in (Kind.CODE, Kind.COUNTRY) else [nfc]
    field_class = TextAreaField if multiline else StringField
    return field_class(field.label, checks, filters=filters, description=field.help, default="",
                       render_kw={"maxlength": field.limit} if field.limit < MAX_TEXT else None)


def _choice(field: Field) -> UnboundField:
    """A closed vocabulary as a select list (empty choice = not provided unless required)."""
    # A required choice without default still offers an empty option, so that a blank row
    # stays blank (and is ignored) until the user picks a value.
    return ChoiceField(field.label, [Required(field.required)] if field.required else [],
                       choices=field.vocabulary.choices(), optional=field.default is None,
                       empty_label="— Choisir —" if field.required else None,
                       description=field.help, default=field.default)


def form_field(field: Field, row_forms: dict[str, type]) -> UnboundField:
    """The form field of one catalogue field, following its kind."""
    kind, label, help_text = field.kind, field.label, field.help
    if kind in _TEXT_KINDS:
        return _text(field)
    if kind is Kind.ENUM:
        return _choice(field)
    if kind is Kind.DATE:
        return DateField(label, description=help_text)
    if kind in RANGES:
        return IntegerField(label, [RANGES[kind]], description=help_text,
                            render_kw={"inputmode": "numeric"})
    if kind is Kind.BOOL:
        return BooleanField(label, default=field.default, description=help_text)
    if kind is Kind.YES_NO_UNKNOWN:
        return TriStateField(label, description=help_text)
    if kind is Kind.ENUM_LIST:
        return MultiCheckboxField(label, choices=field.vocabulary.choices(),
                                  description=help_text)
    if kind is Kind.COUNTRY_LIST:
        return CountryListField(label, max_length=field.limit, description=help_text)
    if kind is Kind.PROCESSOR:
        return ProcessorField(label, description=help_text)
    if kind is Kind.TEXT_LIST:
        item = StringField(field.item_label, [CleanText(MAX_TEXT)], filters=[nfc], default="")
        return FieldList(item, label, description=help_text, min_entries=0,
                         max_entries=MAX_ROWS)
    if kind is Kind.OBJECT:
        return FormField(row_forms[field.table.name], label, description=help_text)
    if kind is Kind.ROWS:
        return FieldList(FormField(row_forms[field.table.name]), label, description=help_text,
                         min_entries=0, max_entries=MAX_ROWS)
    raise ValueError(f"Aucun champ de formulaire pour le type « {kind.value} » ({field.key}).")


def catalogue_fields(fields: tuple[Field, ...], row_forms: dict[str, type] | None = None):
    """Class decorator: one form field per edited catalogue field, in the catalogue's order."""
    def decorate(form_class: type) -> type:
        for field in fields:
            if field.source is not Source.EDITED:
                continue
            declared = getattr(form_class, field.key, None)
            unbound = declared if isinstance(declared, UnboundField) \
                else form_field(field, row_forms or {})
            # WTForms orders fields by creation: number them in the catalogue's order.
            UnboundField.creation_counter += 1
            unbound.creation_counter = UnboundField.creation_counter
            setattr(form_class, field.key, unbound)
        return form_class
    return decorate
