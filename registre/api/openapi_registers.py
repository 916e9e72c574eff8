"""OpenAPI paths and schemas of the breach and rights-request registers (design §5, §9).

The records are derived from the models, so that they follow the columns; what a client
sends is read from the web forms (:mod:`registre.api.form_schemas`). The endpoints are served
by :mod:`registre.api.breaches` and :mod:`registre.api.requests`.
"""
import sqlalchemy as sa

from registre.api.breaches import NEW as NEW_BREACH
from registre.api.breaches import READ_ONLY as BREACH_READ_ONLY
from registre.api.errors import READ_ERRORS, WRITE_ERRORS
from registre.api.form_schemas import form_input_schema
from registre.api.requests import NEW as NEW_REQUEST
from registre.api.requests import READ_ONLY as REQUEST_READ_ONLY
from registre.api.schemas import FINDING, nullable
from registre.breaches.forms import BreachDecisionForm
from registre.forms.validators import MAX_TEXT  # the form's bound on free text
from registre.models import (
    Breach,
    BreachNature,
    DataCategory,
    RightsRequest,
    SubjectCategory,
)
from registre.requests.forms import RequestDecisionForm

_READ_ONLY = BREACH_READ_ONLY | REQUEST_READ_ONLY
_IDS = {"type": "array", "items": {"type": "integer"},
        "description": "Identifiants des traitements (fiches) concernés, de l'établissement."}


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
        items = ({"type": "string", "enum": [m.value for m in DataCategory]}
                 if name == "data_categories" else {"type": "string"})
        schema = {"type": "array", "items": items}
    elif isinstance(kind, sa.String) and kind.length:
        schema = {"type": "string", "maxLength": kind.length}
    else:
        schema = {"type": "string", "maxLength": MAX_TEXT}
    if column.nullable and not column.primary_key and schema["type"] != "array":
        schema = nullable(schema)
    return schema


def _enum_list(enum_cls) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": [m.value for m in enum_cls]}}


def _record_schema(model, extra: dict, required: list[str]) -> dict:
    properties = {"id": {"type": "integer"},
                  "uai": {"type": "string", "pattern": "^[0-9]{7}[A-Z]$"}}
    properties.update({column.name: column_schema(model, column.name)
                       for column in model.__table__.columns
                       if column.name not in ("id", "organisation_id")})
    properties.update(extra)
    properties["findings"] = {"type": "array", "items": FINDING}
    for name in properties:
        if name in _READ_ONLY:
            properties[name] = {**properties[name], "readOnly": True}
    return {"type": "object", "properties": properties, "required": required}


def breach_schema() -> dict:
    """A breach as the API writes it (times in UTC with « Z »)."""
    return _record_schema(Breach, {
        "nature": _enum_list(BreachNature), "subject_categories": _enum_list(SubjectCategory),
        "data_categories": _enum_list(DataCategory), "activities": _IDS,
        "notification_deadline": {"type": "string", "format": "date-time",
                                  "description": "Échéance des 72 heures (art. 33.1)."}},
        ["id", "uai", "reference", "status", "discovered_at", "version"])


def request_schema() -> dict:
    """A rights request as the API writes it."""
    return _record_schema(RightsRequest, {"activities": _IDS},
                          ["id", "uai", "reference", "status", "received_at", "due_on",
                           "version"])


def register_paths(errors, json, body, uai_parameter: dict) -> dict:
    """The paths of both registers; ``errors``, ``json``, ``body`` build responses as in
    :mod:`registre.api.openapi`."""
    paths = {}
    for plural, path_id, schema, name, title in (
            ("breaches", "breach_id", "Breach", "Breach", "violation"),
            ("requests", "request_id", "RightsRequest", "Request", "demande")):
        ref = f"#/components/schemas/{schema}"
        parameter = {"name": path_id, "in": "path", "required": True,
                     "schema": {"type": "integer"}}
        paths[f"/organisations/{{uai}}/{plural}"] = {"parameters": [uai_parameter], "get": {
            "operationId": f"list{name}s", "summary": f"Lister les {title}s d'un établissement",
            "responses": {"200": {"description": "Les enregistrements, ouverts d'abord.",
                                  "content": {"application/json": {"schema": {
                                      "type": "object", "properties": {
                                          "uai": {"type": "string"},
                                          plural: {"type": "array", "items": {"$ref": ref}}}}}}},
                          **errors(*READ_ERRORS)}},
            "post": {"operationId": f"create{name}", "summary": f"Enregistrer une {title}",
                     "description": "Même validation que le formulaire web ; la référence est "
                                    "attribuée si elle est laissée vide. Les champs de décision "
                                    "sont réservés au responsable et au DPD (403).",
                     "requestBody": body({"$ref": f"{ref}Input"}),
                     "responses": {"201": {**json(ref, "Enregistrement créé."), "headers": {
                         "Location": {"description": "Adresse de l'enregistrement créé.",
                                      "schema": {"type": "string"}}}},
                                   **errors(*WRITE_ERRORS)}}}
        paths[f"/{plural}/{{{path_id}}}"] = {"parameters": [parameter], "get": {
            "operationId": f"get{name}", "summary": f"Lire une {title} et ses constats",
            "responses": {"200": json(ref, "L'enregistrement."), **errors(*READ_ERRORS)}},
            "put": {"operationId": f"update{name}", "summary": f"Modifier une {title}",
                    "description": "Le corps porte « version » (409 si elle a changé) ; les "
                                   "champs absents gardent leur valeur.",
                    "requestBody": body({"$ref": f"{ref}Update"}),
                    "responses": {"200": json(ref, "Enregistrement modifié."),
                                  **errors(*WRITE_ERRORS)}}}
    return paths


def register_schemas() -> dict:
    """The component schemas of both registers; the input ones read from the web forms."""
    inputs = {}
    for name, form_class, read_only, defaults, noun in (
            ("Breach", BreachDecisionForm, BREACH_READ_ONLY, NEW_BREACH, "d'une violation"),
            ("RightsRequest", RequestDecisionForm, REQUEST_READ_ONLY, NEW_REQUEST,
             "d'une demande")):
        for suffix, update in (("Input", False), ("Update", True)):
            inputs[f"{name}{suffix}"] = form_input_schema(
                form_class, read_only, defaults, update,
                f"Les champs modifiables {noun} (design §9) ; les champs en lecture seule "
                "sont ignorés, tout autre champ est refusé. Les champs de décision sont "
                "réservés au responsable et au DPD (403 s'ils changent).")
    return {"Breach": breach_schema(), "RightsRequest": request_schema(), **inputs}
