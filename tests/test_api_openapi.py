"""The OpenAPI document: valid 3.1, every route, the activity exactly as the API writes it."""
import json
import re

import jsonschema
from openapi_spec_validator import validate

from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import DataCategory, LegalBasis, Status
from registre.models.vocabularies import Guarantee, SecurityMeasureKind
from tests.factories import make_activity


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")  # documentation: readable without a token
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_document_is_valid_openapi_31(client):
    document = _document(client)
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_full_document_with_the_findings_endpoints_is_valid():
    from registre.api.openapi import openapi_document
    document = openapi_document()  # as when the compliance feature serves its endpoints
    validate(document)
    assert {"/activities/{activity_id}/findings",
            "/organisations/{uai}/findings"} <= set(document["paths"])


def test_every_api_route_and_method_is_described(app, client):
    document = _document(client)
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):  # whichever feature serves it
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
            methods = {m.lower() for m in rule.methods} - {"head", "options"}
            routes[path] = routes.get(path, set()) | methods
    described = {path: set(item) - {"parameters"} for path, item in document["paths"].items()}
    assert described == routes
    assert set(routes) >= {"/organisations/{uai}/activities", "/activities/{activity_id}",
                           "/activities/{activity_id}/transition",
                           "/activities/{activity_id}/revisions", "/openapi.json"}


def test_activity_schema_has_the_design_names_and_vocabularies(client):
    schemas = _document(client)["components"]["schemas"]
    activity = make_activity()
    db.session.commit()
    properties = schemas["Activity"]["properties"]
    assert set(properties) == set(activity_to_dict(activity))
    assert properties["status"]["enum"] == [member.value for member in Status]
    rows = {key: properties[key]["items"]["properties"] for key in properties
            if properties[key].get("type") == "array" and "properties" in
            properties[key].get("items", {})}
    assert rows["legal_bases"]["basis"]["enum"] == [m.value for m in LegalBasis]
    assert rows["data_categories"]["category"]["enum"] == [m.value for m in DataCategory]
    assert rows["transfers"]["guarantee"]["enum"][:-1] == [m.value for m in Guarantee]
    assert rows["security_measures"]["kind"]["enum"] == [m.value for m in SecurityMeasureKind]
    assert properties["id"]["readOnly"] and properties["version"]["readOnly"]
    # What a client sends: the version only as an integer, read-only keys ignored (any value),
    # every other key refused.
    inputs = schemas["ActivityInput"]
    assert inputs["additionalProperties"] is False
    assert inputs["properties"]["version"]["type"] == ["integer", "null"]
    assert schemas["ActivityUpdate"]["properties"]["version"]["type"] == "integer"
    assert "type" not in inputs["properties"]["id"] and "type" not in inputs["properties"]["status"]
    assert set(schemas["Error"]["required"]) == {"error", "message", "fields"}


def test_real_activity_and_errors_validate_against_the_schemas(client):
    document = _document(client)
    activity = make_activity(transfers=[{"recipient": "Hébergeur", "country": "US",
                                         "guarantee": "cct", "documentation": ""}],
                             information_notice={"title": "Notice", "version": "1",
                                                 "url": "https://exemple.fr/n"})
    db.session.commit()
    registry_schema = {**document["components"]["schemas"]["Activity"],
                       "components": document["components"]}
    jsonschema.validate(activity_to_dict(activity), registry_schema)
    error = client.get("/api/v1/activities/1").get_json()
    jsonschema.validate(error, {**document["components"]["schemas"]["Error"],
                                "components": document["components"]})
