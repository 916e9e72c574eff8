"""JSON Schemas of what the API accepts, stating the web form's own input rules.

Each field's rule follows its catalogue kind exactly as :mod:`registre.activities.form_fields`
builds the form field (bounds, vocabularies, required messages), and the rules between fields
come from the forms themselves (``json_schema_rules``), so that a body valid for the schema is
accepted and a body the server refuses is invalid for it. Unknown keys are refused
(``additionalProperties: false``); keys the server ignores (read-only ones) accept any value.
"""
from datetime import date

from registre.activities.form_fields import MAX_ROWS, RANGES
from registre.activities.forms import ActivityForm
from registre.activities.row_forms import ROW_FORMS
from registre.countries import ALIASES, COUNTRY_CODES
from registre.emails import PATTERN as EMAIL_PATTERN
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Field, Kind, Source
from registre.forms.validators import (
    CONTROL_CHARACTERS,
    CONTROL_CHARACTERS_MULTILINE,
    MAX_TEXT,
)

# Text without control characters (tab and line breaks allowed in several lines).
_LINE = f"[^{CONTROL_CHARACTERS}]"
_LINES = f"[^{CONTROL_CHARACTERS_MULTILINE}]"
_BLANK = "^\\s*$"
# An http(s) address with a host name and no space (a subset of what ``HttpUrl`` accepts).
_URL = (f"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?"
        f"(?:[/?#][^\\s{CONTROL_CHARACTERS}]*)?$")
_COUNTRIES = sorted(COUNTRY_CODES | set(ALIASES))
_TEXT_KINDS = {Kind.TEXT, Kind.CODE, Kind.EMAIL, Kind.URL, Kind.COUNTRY, Kind.LONG_TEXT}
ANY = {"description": "Lecture seule : ignoré à l'écriture."}


def text_pattern(multiline: bool, required: bool) -> str:
    """The pattern of a text: no control character; some non-space character if required."""
    char = _LINES if multiline else _LINE
    if not required:
        return f"^{char}*$"
    return f"^{char}*(?!\\s){char}{char}*$"


def _blank_or(schema: dict, multiline: bool = False) -> dict:
    """A non-required answer: null, spaces only (no control character), or ``schema``."""
    spaces = f"^[^\\S{CONTROL_CHARACTERS_MULTILINE if multiline else CONTROL_CHARACTERS}]*$"
    return {"anyOf": [{"type": "null"}, {"type": "string", "pattern": spaces}, schema]}


def _up_to(number: str) -> str:
    """A pattern of the numbers of ``len(number)`` digits that are not above ``number``."""
    options = [number]
    for index, digit in enumerate(number):
        if digit != "0":
            rest = len(number) - index - 1
            options.append(f"{number[:index]}[0-{int(digit) - 1}][0-9]{{{rest}}}")
    return "(?:" + "|".join(options) + ")"


def date_not_after(day: date) -> str:
    """A pattern of the ISO dates (AAAA-MM-JJ) on or before ``day``."""
    year, month = f"{day.year:04d}", f"{day.month:02d}"
    earlier_year = _up_to(f"{day.year - 1:04d}") if day.year > 1 else None
    options = [f"{year}-{month}-{_up_to(f'{day.day:02d}')}"]
    if day.month > 1:
        options.append(f"{year}-{_up_to(f'{day.month - 1:02d}')}-[0-9]{{2}}")
    if earlier_year:
        options.append(f"{earlier_year}-[0-9]{{2}}-[0-9]{{2}}")
    return "^(?:" + "|".join(options) + ")$"


def _text(field: Field) -> dict:
    multiline = field.kind is Kind.LONG_TEXT
    schema = {"type": "string", "maxLength": field.limit,
              "pattern": text_pattern(multiline, bool(field.required))}
    if field.kind is Kind.URL:
        schema["pattern"] = _URL
    elif field.kind is Kind.EMAIL:
        schema["pattern"] = EMAIL_PATTERN
    elif field.kind is Kind.COUNTRY:
        schema = {"type": "string", "enum": _COUNTRIES}
    if field.required:
        return schema
    return _blank_or(schema, multiline)


def _choice(field: Field, required: bool) -> dict:
    values = [member.value for member in field.vocabulary]
    if required:
        return {"type": "string", "enum": values}
    return {"enum": [*values, "", None]}


def input_field_schema(field: Field) -> dict:
    """The JSON Schema of the values the form accepts for one catalogue field."""
    kind = field.kind
    if kind in _TEXT_KINDS:
        schema = _text(field)
    elif kind is Kind.ENUM:
        schema = _choice(field, bool(field.required))
    elif kind is Kind.DATE:
        schema = _blank_or({"type": "string", "format": "date",
                            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
    elif kind in RANGES:
        schema = {"type": ["integer", "null"], "minimum": RANGES[kind].minimum,
                  "maximum": RANGES[kind].maximum}
    elif kind is Kind.BOOL or kind is Kind.YES_NO_UNKNOWN:
        schema = {"type": ["boolean", "null"]}
    elif kind is Kind.ENUM_LIST:
        schema = {"type": ["array", "null"], "items": {
            "type": "string", "enum": [member.value for member in field.vocabulary]}}
    elif kind is Kind.COUNTRY_LIST:
        schema = {"type": ["array", "null"], "items": {"type": "string", "enum": _COUNTRIES},
                  "maxItems": (field.limit + 1) // 3}
    elif kind is Kind.PROCESSOR:
        schema = {"type": ["integer", "null"], "minimum": 1,
                  "description": "Identifiant d'un sous-traitant du catalogue de l'académie."}
    elif kind is Kind.TEXT_LIST:
        schema = {"type": ["array", "null"], "maxItems": MAX_ROWS, "items": {
            "type": ["string", "null"], "maxLength": MAX_TEXT,
            "pattern": text_pattern(False, False)}}
    elif kind is Kind.OBJECT:
        schema = {"anyOf": [{"type": "null"}, _row(field.table)]}
    elif kind is Kind.ROWS:
        schema = {"type": ["array", "null"], "maxItems": MAX_ROWS, "items": _row(field.table)}
    else:
        raise ValueError(f"Aucun schéma pour le type « {kind.value} » ({field.key}).")
    return {**schema, "description": field.label}


def _blank_value(field: Field) -> dict:
    """What a blank answer to ``field`` is (a row whose answers are all blank is ignored)."""
    if field.kind in _TEXT_KINDS:
        return {"anyOf": [{"type": "null"}, {"type": "string", "pattern": _BLANK}]}
    if field.kind in (Kind.ENUM_LIST, Kind.COUNTRY_LIST, Kind.TEXT_LIST):
        return {"anyOf": [{"type": "null"}, {"type": "array", "maxItems": 0}]}
    if field.kind in (Kind.ENUM, Kind.DATE):
        return {"enum": ["", None]}
    return {"type": "null"}


def _row(table) -> dict:
    """A row (or small object): blank (ignored), or with its required answers and its rules."""
    required = [part.key for part in table.fields if part.required]
    properties = {part.key: ({"anyOf": [_blank_value(part), input_field_schema(part)]}
                             if part.required else input_field_schema(part))
                  for part in table.fields}
    filled = {"required": required,
              "properties": {key: input_field_schema(table.field(key)) for key in required}}
    rules = list(getattr(ROW_FORMS[table.name], "json_schema_rules", ()))
    if rules:
        filled["allOf"] = rules
    blank = {"properties": {part.key: _blank_value(part) for part in table.fields}}
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "anyOf": [filled, blank]}


def activity_input_schema(update: bool = False) -> dict:
    """What a client sends to create (``update``: to modify) an activity."""
    edited = [field for field in FIELDS if field.source is Source.EDITED]
    properties = {field.key: input_field_schema(field) for field in edited}
    properties.update({field.key: ANY for field in FIELDS if field.source is not Source.EDITED})
    properties["form_key"] = ANY
    properties["version"] = {"type": "integer" if update else ["integer", "null"], "minimum": 0,
                             "description": "La version lue (obligatoire pour modifier)."}
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": ["version"] if update else ["name"],
            "description": "Les champs modifiables d'un traitement ; les champs en lecture "
                           "seule (id, statut, dates système…) sont ignorés, tout autre champ "
                           "est refusé. " + " ".join(ActivityForm.json_schema_notes)}
