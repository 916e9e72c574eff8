"""JSON Schemas of the API's bodies, derived from the fiche catalogue so that they cannot drift.

Types follow each field's kind, vocabularies its enumeration, ``maxLength`` the form's bound
(:attr:`registre.fiche.kinds.Field.limit`), nullability the model column; descriptions are
the catalogue's labels.
"""
from registre.api.errors import ERRORS
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Field, Kind
from registre.forms.validators import MAX_TEXT  # the form's bound on free text
from registre.models import RIGHTS, Activity

_COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$", "description": "Code pays ISO 3166 alpha-2."}
_TYPES = {
    Kind.INTEGER: {"type": "integer"}, Kind.AGE: {"type": "integer"},
    Kind.DURATION: {"type": "integer"}, Kind.PROCESSOR: {"type": "integer"},
    Kind.BOOL: {"type": "boolean"}, Kind.YES_NO_UNKNOWN: {"type": "boolean"},
    Kind.DATE: {"type": "string", "format": "date"},
    Kind.TIMESTAMP: {"type": "string", "format": "date-time"},
    Kind.ACCOUNT: {"type": "string", "format": "email"},
    Kind.COUNTRY: {"type": "string", "maxLength": 2},
    Kind.COUNTRY_LIST: {"type": "array", "items": _COUNTRY},
    Kind.TEXT_LIST: {"type": "array", "items": {"type": "string", "maxLength": MAX_TEXT}},
    # null: no legal basis recorded, so which rights apply is unknown.
    Kind.RIGHTS: {"type": ["array", "null"], "items": {"type": "string", "enum": list(RIGHTS)}},
}
# Patterns of identifiers the system sets (design §2: 7 digits and a check letter).
_PATTERNS = {"uai": "^[0-9]{7}[A-Z]$"}


def nullable(schema: dict) -> dict:
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _isnullable(field: Field, model: type | None) -> bool:
    """Null is a value when the model column accepts it (objects: when empty)."""
    if field.kind is Kind.OBJECT:
        return field.nullable
    columns = field.model_columns()
    if model is None or len(columns) != 1:
        return field.kind is Kind.ACCOUNT
    column = model.__table__.c[columns[0]]
    return column.nullable and not column.primary_key


def field_schema(field: Field, model: type | None = Activity) -> dict:
    """The JSON Schema of one field of the catalogue, described by its French label."""
    if field.kind is Kind.ENUM:
        schema = {"type": "string", "enum": [member.value for member in field.vocabulary]}
    elif field.kind is Kind.ENUM_LIST:
        schema = {"type": "array", "items": {
            "type": "string", "enum": [member.value for member in field.vocabulary]}}
    elif field.kind is Kind.OBJECT:
        schema = {"type": "object", "additionalProperties": False,
                  "properties": {part.key: field_schema(part, None)
                                 for part in field.table.fields}}
    elif field.kind is Kind.ROWS:
        schema = {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "properties": {column.key: field_schema(column, field.table.model)
                           for column in field.table.fields}}}
    elif field.key in _PATTERNS:
        schema = {"type": "string", "pattern": _PATTERNS[field.key]}
    else:
        schema = dict(_TYPES.get(field.kind) or {"type": "string", "maxLength": field.limit})
    if _isnullable(field, model) and schema["type"] != "array":
        schema = nullable(schema)
    return {**schema, "description": field.label}


def activity_schema() -> dict:
    """The activity exactly as ``activity_to_dict`` writes it (design §3 names)."""
    properties = {}
    for field in FIELDS:
        if field.serialized:
            schema = field_schema(field)
            properties[field.key] = schema if field.writable else {**schema, "readOnly": True}
    return {"type": "object", "properties": properties,
            "required": ["id", "uai", "reference", "name", "status", "version"]}


def error_schema() -> dict:
    return {
        "type": "object", "required": ["error", "message", "fields"],
        "properties": {
            "error": {"type": "string", "enum": sorted({code for code, _ in ERRORS.values()}),
                      "description": "Code stable de l'erreur."},
            "message": {"type": "string", "description": "Message en français."},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Message en français par champ (chemin JSON, "
                                      "par exemple « data_categories[0].active_unit »)."},
            "incident": {"type": "string", "description": "Référence d'une erreur interne "
                                                          "(500), à donner au support."},
            "current_version": {"type": "integer",
                                "description": "Version actuelle (conflit 409)."},
            "current": {"description": "L'enregistrement tel qu'il est maintenant (409).",
                        "anyOf": [{"$ref": "#/components/schemas/Activity"},
                                  {"$ref": "#/components/schemas/Breach"},
                                  {"$ref": "#/components/schemas/RightsRequest"}]},
            "findings": {"type": "array", "description": "Constats de conformité qui "
                                                         "bloquent un changement de statut.",
                         "items": {"$ref": "#/components/schemas/Finding"}},
        },
    }


FINDING = {"type": "object", "properties": {
    "rule": {"type": "string"},
    "severity": {"type": "string", "enum": ["erreur", "avertissement"]},
    "message": {"type": "string"}, "field": {"type": "string"},
    "article": {"type": "string"}}}
