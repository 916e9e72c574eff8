"""JSON Schemas of the API's bodies, derived from the model so that they cannot drift."""
import sqlalchemy as sa

from registre.activities.serialization import (
    CONTACT_KEYS,
    DOCUMENT_KEYS,
    ROW_FIELDS,
    SCALAR_FIELDS,
    SYSTEM_FIELDS,
)
from registre.api.errors import ERRORS
from registre.forms.validators import MAX_TEXT  # the form's bound on free text
from registre.history.labels import COLUMN_LABELS, FIELD_LABELS
from registre.models import RIGHTS, Activity, DataCategory
from registre.models.vocabularies import DpiaCriterion

# JSON columns are lists of codes; say which vocabulary their items belong to.
_JSON_ITEMS = {
    (Activity, "dpia_criteria"): {"type": "string", "enum": [m.value for m in DpiaCriterion]},
    (Activity, "storage_countries"): {"type": "string", "pattern": "^[A-Z]{2}$",
                                      "description": "Code pays ISO 3166 alpha-2."},
    (Activity, "sub_purposes"): {"type": "string", "maxLength": MAX_TEXT},
}


def _nullable(schema: dict) -> dict:
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def column_schema(model: type, name: str) -> dict:
    """The JSON Schema of one model column (enums listed, dates formatted, lengths bounded)."""
    column = model.__table__.c[name]
    kind = column.type
    if isinstance(kind, sa.Enum):
        schema = {"type": "string", "enum": list(kind.enums)}
    elif isinstance(kind, sa.Boolean):
        schema = {"type": "boolean"}
    elif isinstance(kind, sa.Integer):
        schema = {"type": "integer"}
    elif isinstance(kind, sa.DateTime):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(kind, sa.Date):
        schema = {"type": "string", "format": "date"}
    elif isinstance(kind, sa.JSON):
        items = _JSON_ITEMS.get((model, name))
        if items is None and name == "data_categories":
            items = {"type": "string", "enum": [m.value for m in DataCategory]}
        schema = {"type": "array", "items": items or {"type": "string"}}
    elif isinstance(kind, sa.String) and kind.length:
        schema = {"type": "string", "maxLength": kind.length}
    else:
        schema = {"type": "string", "maxLength": MAX_TEXT}
    if column.nullable and not column.primary_key and schema["type"] != "array":
        schema = _nullable(schema)
    return schema


def _described(schema: dict, key: str, labels: dict) -> dict:
    if key in labels:
        schema = {**schema, "description": labels[key]}
    return schema


def _object(keys, nullable: bool = False) -> dict:
    schema = {"type": "object", "additionalProperties": False,
              "properties": {key: _described({"type": "string"}, key, COLUMN_LABELS)
                             for key in keys}}
    if nullable:
        schema["type"] = ["object", "null"]
    return schema


def activity_schema() -> dict:
    """The activity exactly as ``activity_to_dict`` writes it (design §3 names)."""
    properties = {
        "id": {"type": "integer"},
        "uai": {"type": "string", "pattern": "^[0-9]{7}[A-Z]$"},
    }
    for name in SCALAR_FIELDS:
        properties[name] = column_schema(Activity, name)
    properties["validated_by"] = {"type": ["string", "null"], "format": "email",
                                  "description": "Adresse du compte qui a validé."}
    properties["controller"] = _object(CONTACT_KEYS)
    properties["representative"] = _object(CONTACT_KEYS, nullable=True)
    properties["information_notice"] = _object(DOCUMENT_KEYS, nullable=True)
    properties["consent_text"] = _object(DOCUMENT_KEYS, nullable=True)
    for key, (model, columns) in ROW_FIELDS.items():
        properties[key] = {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "properties": {column: _described(column_schema(model, column), column,
                                              COLUMN_LABELS) for column in columns},
        }}
    properties["concerns_under_15"] = {"type": "boolean"}
    properties["rights"] = {"type": "array", "items": {"type": "string", "enum": list(RIGHTS)}}
    for name, schema in properties.items():
        schema = _described(schema, name, FIELD_LABELS)
        if name in SYSTEM_FIELDS or name in ("concerns_under_15", "rights"):
            schema = {**schema, "readOnly": True}
        properties[name] = schema
    return {"type": "object", "properties": properties,
            "required": ["id", "uai", "reference", "name", "status", "version"]}


def activity_input_schema() -> dict:
    """The writable fields (read-only ones may be sent back as read, they are ignored)."""
    properties = {name: {key: value for key, value in schema.items() if key != "readOnly"}
                  for name, schema in activity_schema()["properties"].items()
                  if not schema.get("readOnly")}
    return {"type": "object", "properties": properties, "required": ["name"],
            "description": "Les champs modifiables d'un traitement ; les champs en lecture "
                           "seule (id, statut, dates système…) sont ignorés."}


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
