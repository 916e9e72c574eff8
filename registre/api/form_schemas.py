"""JSON Schemas of what the API accepts for a record bound to a web form (breaches, requests).

Read from the form itself, field by field: its validators (``Required``, ``CleanText``,
``IntegerRange``), its vocabularies, its date fields (``not_in_future`` days become a
pattern), and its rules between two answers (``requirements``, :class:`Requires`). The rules
JSON Schema cannot state (times compared with each other or with "now") are the form's
``json_schema_notes``, said in words in the schema's description. So a body valid for the
schema passes the form's field checks, and a body the form refuses field by field is invalid
for the schema.
"""
from wtforms import BooleanField, HiddenField, StringField

from registre.api.input_schemas import ANY, date_not_after, text_pattern
from registre.api.records import ID_LISTS
from registre.dates import today
from registre.forms.fields import (
    ChoiceField,
    DateField,
    DateTimeField,
    IntegerField,
    MultiCheckboxField,
    choice_values,
)
from registre.forms.validators import CleanText, IntegerRange

_NULL = {"type": "null"}
# What a form reads as no answer: nothing, or only spaces (line breaks, tabs…).
_BLANK_TEXT = {"type": "string", "pattern": "^\\s*$"}
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _years(low: int, high: int) -> str:
    """A pattern of the four-digit years from ``low`` to ``high`` (whole centuries)."""
    if low % 100 or high % 100 != 99:
        raise ValueError("Bornes d'années attendues en siècles entiers.")
    return "(?:" + "|".join(f"{century}[0-9]{{2}}"
                            for century in range(low // 100, high // 100 + 1)) + ")"


def datetime_pattern() -> str:
    """An RFC 3339 time with its offset, in the years :class:`DateTimeField` accepts."""
    return (f"^{_years(*DateTimeField.years)}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}"
            "(?::[0-9]{2}(?:\\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})$")


def _of(field, kind):
    return next((check for check in field.validators if isinstance(check, kind)), None)


def field_schemas(field, not_in_future: tuple[str, ...] = ()) -> tuple[dict, dict | None]:
    """The schema of a filled answer to ``field``, and of a blank one (None: refused)."""
    required = bool(field.flags.required)
    blank = None if required else {"anyOf": [_NULL, _BLANK_TEXT]}
    if isinstance(field, DateTimeField):
        return {"type": "string", "format": "date-time", "pattern": datetime_pattern()}, blank
    if isinstance(field, DateField):
        pattern = date_not_after(today()) if field.name in not_in_future else _DATE
        return {"type": "string", "format": "date", "pattern": pattern}, blank
    if isinstance(field, IntegerField):
        bounds = _of(field, IntegerRange)
        return ({"type": "integer", "minimum": bounds.minimum, "maximum": bounds.maximum},
                None if required else _NULL)
    if isinstance(field, BooleanField):
        return {"type": "boolean"}, _NULL
    if isinstance(field, MultiCheckboxField):
        items = ({"type": "integer"} if field.name in ID_LISTS
                 else {"type": "string", "enum": choice_values(field)})
        return {"type": "array", "items": items}, _NULL
    if isinstance(field, ChoiceField):
        values = [value for value in choice_values(field) if value]
        return {"type": "string", "enum": values}, None if required else {"enum": ["", None]}
    if isinstance(field, StringField) and (clean := _of(field, CleanText)):
        return {"type": "string", "maxLength": clean.max_length,
                "pattern": text_pattern(clean.multiline, True)}, blank
    raise ValueError(f"Aucun schéma pour le champ « {field.name} » ({type(field).__name__}).")


def _rule(rule, filled: dict, update: bool) -> dict:
    """One :class:`Requires` as JSON Schema; for an update, only when the body holds both
    answers (a key left out keeps the stored answer, which the schema cannot see)."""
    trigger = {"const": rule.value} if rule.value is not None else filled[rule.field]
    keys = [rule.field, rule.other] if update else [rule.field]
    then = {"properties": {rule.other: filled[rule.other]}}
    if not update:
        then["required"] = [rule.other]
    return {"if": {"required": keys, "properties": {rule.field: trigger}}, "then": then}


def form_input_schema(form_class, read_only, defaults: dict, update: bool,
                      description: str) -> dict:
    """What a client sends to create (``update``: to modify) a record of ``form_class``.

    ``defaults`` are the answers a new record has when the body leaves them out;
    ``read_only`` keys are ignored whatever their value.
    """
    form = form_class(formdata=None, meta={"csrf": False})
    not_in_future = getattr(form_class, "not_in_future", ())
    properties, filled = {}, {}
    for field in form:
        if isinstance(field, HiddenField):
            continue
        filled[field.name], blank = field_schemas(field, not_in_future)
        schema = ({"anyOf": [*blank.get("anyOf", [blank]), filled[field.name]]} if blank
                  else filled[field.name])
        properties[field.name] = {**schema, "description": str(field.label.text)}
    properties.update(dict.fromkeys(read_only, ANY))
    properties["version"] = {"type": "integer" if update else ["integer", "null"],
                             "description": "La version lue (obligatoire pour modifier)."}
    required = (["version"] if update else
                [field.name for field in form if field.flags.required
                 and field.name not in defaults])
    notes = " ".join(getattr(form_class, "json_schema_notes", ()))
    schema = {"type": "object", "additionalProperties": False, "properties": properties,
              "required": required, "description": f"{description} {notes}".strip()}
    rules = [_rule(rule, filled, update) for rule in getattr(form_class, "requirements", ())]
    if rules:
        schema["allOf"] = rules
    return schema
