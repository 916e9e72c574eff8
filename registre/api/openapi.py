"""The OpenAPI 3.1 document of ``/api/v1``: every path, with the schemas of :mod:`schemas`."""
import re

from registre.api.errors import ERRORS, READ_ERRORS, WRITE_ERRORS
from registre.api.input_schemas import activity_input_schema, date_not_after, text_pattern
from registre.api.openapi_registers import register_paths, register_schemas
from registre.api.schemas import FINDING, MAX_TEXT, activity_schema, error_schema
from registre.dates import today
from registre.models import Status

PREFIX = "/api/v1"


# Headers a client needs to act on an error: when to retry, how to authenticate.
_ERROR_HEADERS = {
    401: {"WWW-Authenticate": {"description": "Bearer realm=\"registre\"",
                               "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Secondes à attendre avant de réessayer.",
                          "schema": {"type": "integer", "minimum": 0}}},
}


def _errors(*codes: int) -> dict:
    responses = {}
    for code in codes:
        responses[str(code)] = {"description": ERRORS[code][1], "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Error"}}}}
        if code in _ERROR_HEADERS:
            responses[str(code)]["headers"] = _ERROR_HEADERS[code]
    return responses


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_UAI = {"name": "uai", "in": "path", "required": True, "schema": {"type": "string"},
        "description": "UAI de l'établissement, par exemple 0750655E."}
_ID = {"name": "activity_id", "in": "path", "required": True,
       "schema": {"type": "integer", "minimum": 0},
       "description": "Identifiant ; au-delà de 2^63 − 1, 404 comme tout identifiant inconnu."}


def api_paths(app) -> set[str]:
    """The OpenAPI paths (``/activities/{activity_id}``) of every route under ``/api/v1``."""
    return {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).removeprefix(PREFIX)
            for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")}


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
                **_errors(*READ_ERRORS)}}},
        "/organisations/{uai}/findings": {"parameters": [_UAI], "get": {
            "operationId": "organisationFindings",
            "summary": "Constats de conformité d'un établissement, par traitement",
            "responses": {"200": {"description": "Les constats, comptes et score.",
                                  "content": {"application/json": {"schema": {
                                      "type": "object", "properties": {
                                          "uai": {"type": "string"},
                                          "activities": {"type": "array",
                                                         "items": activity_findings}}}}}},
                          **_errors(*READ_ERRORS)}}},
    }


def _jobs_paths() -> dict:
    """Design §5 jobs endpoint and the job's file; they belong to the jobs feature."""
    job_id = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "Identifiant (aléatoire) de la tâche, celui de /taches/<id>."}
    job = {"type": "object", "required": ["id", "kind", "status", "progress", "message",
                                          "download_url"], "properties": {
        "id": {"type": "string"}, "kind": {"type": "string"},
        "status": {"type": "string", "enum": ["en_attente", "en_cours", "terminee", "echouee"]},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "done": {"type": "integer"}, "total": {"type": "integer"},
        "message": {"type": "string"},
        "download_url": {"type": ["string", "null"],
                         "description": "Adresse du fichier produit, une fois la tâche "
                                        "terminée (supprimé après quelques jours)."}}}
    return {
        "/jobs/{job_id}": {"parameters": [job_id], "get": {
            "operationId": "getJob",
            "summary": "État d'une tâche de fond (export d'académie, import…) et son avancement",
            "responses": {"200": {"description": "La tâche.", "content": {
                "application/json": {"schema": job}}}, **_errors(*READ_ERRORS)}}},
        "/jobs/{job_id}/fichier": {"parameters": [job_id], "get": {
            "operationId": "getJobFile",
            "summary": "Le fichier produit par une tâche terminée",
            "responses": {"200": {"description": "Le fichier (XLSX, ODS, CSV, JSON ou PDF).",
                                  "content": {"application/octet-stream": {
                                      "schema": {"type": "string", "format": "binary"}}}},
                          **_errors(*READ_ERRORS)}}},
    }


def openapi_document(routes: set[str] | None = None) -> dict:
    """Return the OpenAPI 3.1 description of every endpoint of ``/api/v1``.

    ``routes`` (see :func:`api_paths`) limits the findings endpoints, which another feature
    serves, to those the running application has.
    """
    document = _document()
    document["paths"].update(register_paths(_errors, _json, _body, _UAI))
    document["components"]["schemas"].update(register_schemas())
    for path, item in {**_findings_paths(), **_jobs_paths()}.items():
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
                                  **_errors(400, *READ_ERRORS)},
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
                                  **_errors(*WRITE_ERRORS)},
                },
            },
            "/activities/{activity_id}": {
                "parameters": [_ID],
                "get": {"operationId": "getActivity", "summary": "Lire un traitement",
                        "responses": {"200": _json(activity_ref, "Le traitement."),
                                      **_errors(*READ_ERRORS)}},
                "put": {
                    "operationId": "updateActivity",
                    "summary": "Modifier un traitement (avec sa version)",
                    "description": "Le corps porte « version », la version lue ; si le "
                                   "traitement a changé depuis, la réponse est 409 avec la "
                                   "version actuelle. Les champs absents du corps gardent "
                                   "leur valeur ; une liste envoyée remplace la liste "
                                   "entière. Mêmes règles de validation que le formulaire "
                                   "web (réponse 422 avec un message par champ).",
                    "requestBody": _body({"$ref": "#/components/schemas/ActivityUpdate"}),
                    "responses": {"200": _json(activity_ref, "Traitement modifié."),
                                  **_errors(*WRITE_ERRORS)},
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
                        # Sending back to the writer needs a comment saying what to review.
                        "if": {"properties": {"to": {"const": Status.BROUILLON.value}}},
                        "then": {"required": ["comment"], "properties": {"comment": {
                            "type": "string", "pattern": text_pattern(True, True)}}},
                        "properties": {
                            "to": {"type": "string", "enum": [m.value for m in Status]},
                            "comment": {"type": ["string", "null"], "maxLength": MAX_TEXT,
                                        "pattern": text_pattern(True, False)},
                            "ended_on": {"type": ["string", "null"], "format": "date",
                                         "pattern": date_not_after(today()),
                                         "description": "Pour « termine » ; par défaut "
                                                        "aujourd'hui ; jamais dans le futur."},
                            "acknowledge": {"type": "boolean",
                                            "description": "Confirme la mise en service "
                                                           "malgré des erreurs de conformité "
                                                           "signalées."},
                            "version": {"type": "integer", "minimum": 0,
                                        "maximum": 999_999_999,
                                        "description": "Facultatif : la version lue (409 si "
                                                       "elle a changé ; 422 si elle n'est pas "
                                                       "un entier positif)."},
                        }}),
                    "responses": {"200": _json(activity_ref, "Nouveau statut appliqué."),
                                  **_errors(*WRITE_ERRORS)},
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
                                  **_errors(*READ_ERRORS)},
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
                "ActivityUpdate": activity_input_schema(update=True),
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
                "Error": error_schema(),
                "Finding": FINDING,
            },
        },
    }
