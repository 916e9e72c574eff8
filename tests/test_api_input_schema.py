"""The OpenAPI input schemas state the server's rules: same verdict from the schema and the API
(issue 13 point 5), and every edited field of the catalogue is described, so new ones flow in."""
from datetime import date

import jsonschema
import pytest

from registre.api.input_schemas import date_not_after
from registre.api.openapi import openapi_document
from registre.extensions import db
from registre.fiche.fields import FIELDS
from registre.fiche.kinds import Source
from tests.api_helpers import call, token_for
from tests.factories import activity_data, make_member, make_organisation

_DOCUMENT = openapi_document()
_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


def _valid(name: str, body: dict) -> bool:
    schema = {**_DOCUMENT["components"]["schemas"][name], "components": _DOCUMENT["components"]}
    validator = jsonschema.Draft202012Validator(schema, format_checker=_CHECKER)
    return validator.is_valid(body)


def test_every_edited_catalogue_field_is_in_the_input_schema():
    properties = _DOCUMENT["components"]["schemas"]["ActivityInput"]["properties"]
    edited = {field.key for field in FIELDS if field.source is Source.EDITED}
    assert edited <= set(properties)
    assert all("description" in properties[key] for key in edited)


@pytest.mark.parametrize("changes, accepted", [
    ({}, True),
    ({"inconnu": 1}, False),                                      # unknown keys refused
    ({"id": "n'importe quoi", "status": 3}, True),                # read-only keys ignored
    ({"name": "   "}, False),                                     # required, not blank
    ({"name": "a\x07b"}, False),                                  # control character
    ({"purpose": "ligne 1\nligne 2\tfin"}, True),                 # several lines
    ({"software": "x" * 301}, False),                             # the catalogue's bound
    ({"min_age": 100}, False), ({"min_age": -1}, False),
    ({"min_age": 99, "max_age": None}, True),
    ({"min_age": 2 ** 70}, False),
    ({"dpia_url": "javascript:alert(1)"}, False), ({"dpia_url": "https://a.fr/x"}, True),
    ({"dpia_url": " "}, True),
    ({"storage_countries": ["FR", "ZZ"]}, False),
    ({"sub_purposes": [None, "Liaison"]}, True),
    ({"scope": None}, False), ({"hosting": ""}, True), ({"hosting": "ailleurs"}, False),
    ({"legal_bases": [{"justification": "sans base"}]}, False),   # a row needs its basis
    ({"legal_bases": [{"basis": None, "justification": "  "}]}, True),  # blank row ignored
    ({"data_categories": [{"category": "etat_civil", "active_duration": 2}]}, False),
    ({"data_categories": [{"category": "etat_civil", "sensitive_kind": "sante"}]}, False),
    ({"recipients": [{"kind": "service_interne", "name": " "}]}, False),
    ({"controller": {"email": "pas une adresse"}}, False),
    ({"version": "3"}, False), ({"version": 3.0}, True),
])
def test_schema_and_server_give_the_same_verdict(client, changes, accepted):
    organisation = make_organisation()
    db.session.commit()
    token = token_for(make_member("redacteur", organisation))
    body = {**activity_data(), **changes}
    assert _valid("ActivityInput", body) is accepted
    response = call(client, "POST", f"/api/v1/organisations/{organisation.uai}/activities",
                    token, body)
    assert response.status_code == (201 if accepted else 422), response.get_json()


def test_end_date_pattern_accepts_today_and_before_never_after():
    pattern = date_not_after(date(2026, 11, 30))
    schema = {"type": "string", "pattern": pattern}
    for day, accepted in (("2026-11-30", True), ("2026-11-29", True), ("2026-10-31", True),
                          ("2025-12-31", True), ("0001-01-01", True), ("2026-12-01", False),
                          ("2026-11-31", False), ("2027-01-01", False), ("9999-12-31", False)):
        assert jsonschema.Draft202012Validator(schema).is_valid(day) is accepted, day
