"""The OpenAPI 3.1 document of ``/api/v1``, derived from the model so that it cannot drift."""
import re

import sqlalchemy as sa

from registre.activities.serialization import (
    CONTACT_KEYS, DOCUMENT_KEYS, ROW_FIELDS, SCALAR_FIELDS, SYSTEM_FIELDS,
)
from registre.api.errors import ERRORS
from registre.history.labels import COLUMN_LABELS, FIELD_LABELS
from registre.models import RIGHTS, Activity, DataCategory, Status
from registre.models.vocabularies import DpiaCriterion

PREFIX = "/api/v1"
# Free text is bounded by the input rules shared with the web form.
MAX_TEXT = 10_000
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


def _error_schema() -> dict:
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
            "current": {"$ref": "#/components/schemas/Activity"},
            "findings": {"type": "array", "description": "Constats de conformité qui "
                                                         "bloquent un changement de statut.",
                         "items": {"$ref": "#/components/schemas/Finding"}},
        },
    }


def _errors(*codes: int) -> dict:
    return {str(code): {"description": ERRORS[code][1],
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}}}}
            for code in codes}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_UAI = {"name": "uai", "in": "path", "required": True, "schema": {"type": "string"},
        "description": "UAI de l'établissement, par exemple 0750655E."}
_ID = {"name": "activity_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_READ_ERRORS = (401, 404)
_WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422)


def api_paths(app) -> set[str]:
    """The OpenAPI paths (``/activities/{activity_id}``) of every route under ``/api/v1``."""
    return {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).removeprefix(PREFIX)
            for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")}


_FINDING = {"type": "object", "properties": {
    "rule": {"type": "string"},
    "severity": {"type": "string", "enum": ["erreur", "avertissement"]},
    "message": {"type": "string"}, "field": {"type": "string"},
    "article": {"type": "string"}}}


def _findings_paths() -> dict:
    """Design §5 findings endpoints; they belong to the compliance feature."""
    findings = {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}
    activity_findings = {"type": "object", "properties": {
        "id": {"type": "integer"}, "uai": {"type": "string"}, "reference": {"type": "string"},
        "name": {"type": "string"}, "status": {"type": "string"}, "score": {"type": "number"},
        "counts": {"type": "object"}, "findings": findings}}
    return {
        "/activities/{activity_id}/findings": {"parameters": [_ID], "get": {
            "operationId": "activityFindings",
            "summary": "Constats de conformité d'un traitement (design §8)",
            "responses": {"200": {"description": "Les constats.", "content": {
                "application/json": {"schema": activity_findings}}},
                **_errors(*_READ_ERRORS)}}},
        "/organisations/{uai}/findings": {"parameters": [_UAI], "get": {
            "operationId": "organisationFindings",
            "summary": "Constats de conformité d'un établissement, par traitement",
            "responses": {"200": {"description": "Les constats, comptes et score.",
                                  "content": {"application/json": {"schema": {
                                      "type": "object", "properties": {
                                          "uai": {"type": "string"},
                                          "activities": {"type": "array",
                                                         "items": activity_findings}}}}}},
                          **_errors(*_READ_ERRORS)}}},
    }


def openapi_document(routes: set[str] | None = None) -> dict:
    """Return the OpenAPI 3.1 description of every endpoint of ``/api/v1``.

    ``routes`` (see :func:`api_paths`) limits the findings endpoints, which another feature
    serves, to those the running application has.
    """
    document = _document()
    for path, item in _findings_paths().items():
        if routes is None or path in routes:
            document["paths"][path] = item
    return document


def _document() -> dict:
    activity_ref = "#/components/schemas/Activity"
    activity_input = {"$ref": "#/components/schemas/ActivityInput"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Registre RGPD — API",
            "version": "1.0.0",
            "description": "Registre des activités de traitement (art. 30 RGPD). "
                           "Jeton : « flask registre create-token EMAIL », envoyé dans "
                           "l'en-tête « Authorization: Bearer <jeton> ». Mêmes droits et "
                           "mêmes règles de validation que l'interface web.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/organisations/{uai}/activities": {
                "parameters": [_UAI],
                "get": {
                    "operationId": "listActivities",
                    "summary": "Lister les traitements d'un établissement",
                    "parameters": [{"name": "status", "in": "query", "required": False,
                                    "schema": {"type": "string",
                                               "enum": [m.value for m in Status]}}],
                    "responses": {"200": {"description": "Les traitements, par référence.",
                                          "content": {"application/json": {"schema": {
                                              "type": "object",
                                              "properties": {
                                                  "uai": {"type": "string"},
                                                  "activities": {"type": "array", "items": {
                                                      "$ref": activity_ref}}}}}}},
                                  **_errors(400, *_READ_ERRORS)},
                },
                "post": {
                    "operationId": "createActivity",
                    "summary": "Créer un traitement (brouillon)",
                    "description": "Le traitement est créé au statut « brouillon » ; une "
                                   "référence T-001… est attribuée si elle est laissée vide. "
                                   "Mêmes règles de validation que le formulaire web.",
                    "requestBody": _body(activity_input),
                    "responses": {"201": {**_json(activity_ref, "Traitement créé."),
                                          "headers": {"Location": {
                                              "description": "Adresse du traitement créé.",
                                              "schema": {"type": "string"}}}},
                                  **_errors(*_WRITE_ERRORS)},
                },
            },
            "/activities/{activity_id}": {
                "parameters": [_ID],
                "get": {"operationId": "getActivity", "summary": "Lire un traitement",
                        "responses": {"200": _json(activity_ref, "Le traitement."),
                                      **_errors(*_READ_ERRORS)}},
                "put": {
                    "operationId": "updateActivity",
                    "summary": "Modifier un traitement (avec sa version)",
                    "description": "Le corps porte « version », la version lue ; si le "
                                   "traitement a changé depuis, la réponse est 409 avec la "
                                   "version actuelle. Les champs absents du corps gardent "
                                   "leur valeur ; une liste envoyée remplace la liste "
                                   "entière. Mêmes règles de validation que le formulaire "
                                   "web (réponse 422 avec un message par champ).",
                    "requestBody": _body({"allOf": [activity_input, {
                        "type": "object", "required": ["version"],
                        "properties": {"version": {"type": "integer"}}}]}),
                    "responses": {"200": _json(activity_ref, "Traitement modifié."),
                                  **_errors(*_WRITE_ERRORS)},
                },
            },
            "/activities/{activity_id}/transition": {
                "parameters": [_ID],
                "post": {
                    "operationId": "transitionActivity",
                    "summary": "Changer le statut (soumettre, mettre en service, renvoyer, "
                               "terminer)",
                    "description": "a_valider : soumettre ; en_service : valider (refusé, "
                                   "422, tant que des éléments de l'art. 30 manquent, listés "
                                   "dans « findings ») ; brouillon : renvoyer au rédacteur "
                                   "(commentaire obligatoire) ; termine : mettre fin. Rôle "
                                   "insuffisant : 403.",
                    "requestBody": _body({
                        "type": "object", "required": ["to"], "additionalProperties": False,
                        "properties": {
                            "to": {"type": "string", "enum": [m.value for m in Status]},
                            "comment": {"type": "string", "maxLength": MAX_TEXT},
                            "ended_on": {"type": "string", "format": "date",
                                         "description": "Pour « termine » ; par défaut "
                                                        "aujourd'hui."},
                            "acknowledge": {"type": "boolean",
                                            "description": "Confirme la mise en service "
                                                           "malgré des erreurs de conformité "
                                                           "signalées."},
                            "version": {"type": "integer",
                                        "description": "Facultatif : la version lue (409 si "
                                                       "elle a changé)."},
                        }}),
                    "responses": {"200": _json(activity_ref, "Nouveau statut appliqué."),
                                  **_errors(*_WRITE_ERRORS)},
                },
            },
            "/activities/{activity_id}/revisions": {
                "parameters": [_ID],
                "get": {
                    "operationId": "listRevisions",
                    "summary": "Historique : toutes les versions enregistrées",
                    "responses": {"200": {"description": "Les versions, la plus ancienne "
                                                         "d'abord.",
                                          "content": {"application/json": {"schema": {
                                              "type": "object", "properties": {
                                                  "activity_id": {"type": "integer"},
                                                  "revisions": {"type": "array", "items": {
                                                      "$ref": "#/components/schemas/Revision"
                                                  }}}}}}},
                                  **_errors(*_READ_ERRORS)},
                },
            },
            "/openapi.json": {
                "get": {"operationId": "openapi", "summary": "Ce document",
                        "security": [],
                        "responses": {"200": {"description": "Document OpenAPI 3.1.",
                                              "content": {"application/json": {
                                                  "schema": {"type": "object"}}}}}},
            },
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Activity": activity_schema(),
                "ActivityInput": activity_input_schema(),
                "Revision": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "integer"},
                        "author": {"type": ["string", "null"], "format": "email"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "action": {"type": "string"},
                        "comment": {"type": "string"},
                        "changed_fields": {"type": "array", "items": {"type": "string"}},
                        "snapshot": {"$ref": activity_ref},
                    },
                },
                "Error": _error_schema(),
                "Finding": _FINDING,
            },
        },
    }
