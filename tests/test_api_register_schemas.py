"""The breach and rights-request input schemas are read from the web forms: the schema and the
server give the same verdict (issue 13 point 5), and odd answers the forms once let through
to the database are refused or read as no answer, never a 500."""
from datetime import date

import jsonschema
import pytest

from registre.api.openapi import openapi_document
from registre.extensions import db
from tests.api_helpers import call, token_for
from tests.factories import activity_data, make_activity, make_member, make_organisation

_DOCUMENT = openapi_document()
_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER
_BREACH = {"description": "Clé USB perdue.", "discovered_at": "2026-11-28T09:00:00Z"}
_REQUEST = {"received_at": "2026-11-20", "kind": "acces"}


def _valid(name: str, body: dict) -> bool:
    schema = {**_DOCUMENT["components"]["schemas"][name], "components": _DOCUMENT["components"]}
    return jsonschema.Draft202012Validator(schema, format_checker=_CHECKER).is_valid(body)


def _post(client, plural: str, body: dict, role: str = "dpd"):
    organisation = make_organisation()
    db.session.commit()
    token = token_for(make_member(role, organisation))
    return call(client, "POST", f"/api/v1/organisations/{organisation.uai}/{plural}", token,
                body)


@pytest.mark.parametrize("changes, accepted", [
    ({}, True),
    ({"inconnu": 1}, False),                                   # unknown keys refused
    ({"id": "x", "status": 3, "findings": None}, True),        # read-only keys ignored
    ({"description": "   "}, False),                           # required, not blank
    ({"description": "a\x07b"}, False),                        # control character
    ({"reference": "V-1\x17"}, False),
    ({"reference": "x" * 41}, False), ({"reference": "  "}, True),
    ({"approx_records": -1}, False), ({"approx_records": 100_000_001}, False),
    ({"approx_records": 100_000_000}, True), ({"approx_subjects": None}, True),
    ({"discovered_at": "0999-01-01T00:00:00Z"}, False),        # DateTimeField.years
    ({"discovered_at": "2026-11-28"}, False),
    ({"occurred_at": ""}, True), ({"origin": ""}, True), ({"origin": "  "}, False),
    ({"nature": ["vol"]}, False), ({"nature": ["integrite"]}, True),
    ({"activities": ["1"]}, False), ({"activities": [True]}, False),
    ({"version": "3"}, False), ({"version": None}, True),
    ({"cnil_notified": "oui"}, False),                         # needs its time
    ({"cnil_notified": "oui", "cnil_notified_at": "2026-11-28T10:00:00Z"}, True),
    ({"cnil_notified": "non"}, False),                         # needs its reason
    ({"cnil_notified": "non", "cnil_not_notified_reason": "Aucun risque."}, True),
    ({"cnil_notified": None}, True),                           # no answer: « à faire »
    ({"subjects_informed": "oui", "subjects_informed_on": "2026-11-29"}, True),
    ({"subjects_informed": "oui"}, False), ({"risk": " "}, False),
])
def test_breach_schema_and_server_give_the_same_verdict(client, changes, accepted):
    body = {**_BREACH, **changes}
    assert _valid("BreachInput", body) is accepted
    response = _post(client, "breaches", body)
    assert response.status_code == (201 if accepted else 422), response.get_json()


@pytest.mark.parametrize("changes, accepted", [
    ({}, True),
    ({"received_at": "2999-01-01"}, False),                    # not in the future (pattern)
    ({"received_at": None}, False), ({"kind": "autre"}, False),
    ({"channel": None}, False), ({"channel": "courrier"}, True),
    ({"requester_name": "x" * 201}, False), ({"message": "ligne 1\nligne 2"}, True),
    ({"identity_checked": None}, True), ({"identity_checked": "oui"}, False),
    ({"extended_until": "2027-01-15"}, False),                 # needs its reason
    ({"extended_until": "2027-01-15", "extension_reason": "Demande complexe."}, True),
    ({"answered_at": "2026-11-25"}, False),                    # needs its outcome
    ({"answered_at": "2026-11-25", "outcome": "satisfaite"}, True),
    ({"outcome": "satisfaite"}, False), ({"outcome": " "}, False),
])
def test_request_schema_and_server_give_the_same_verdict(client, changes, accepted):
    body = {**_REQUEST, **changes}
    assert _valid("RightsRequestInput", body) is accepted
    response = _post(client, "requests", body)
    assert response.status_code == (201 if accepted else 422), response.get_json()


def test_cross_date_rules_are_stated_in_words_and_applied(client):
    """72 hours (art. 33.1) and the extension bounds (art. 12.3) are in the description."""
    breach = _DOCUMENT["components"]["schemas"]["BreachInput"]["description"]
    request = _DOCUMENT["components"]["schemas"]["RightsRequestInput"]["description"]
    assert "72 heures" in breach and "futur" in breach
    assert "trois mois" in request and "un mois" in request
    late = {**_BREACH, "cnil_notified": "oui", "cnil_notified_at": "2026-11-29T09:00:00Z"}
    assert _post(client, "breaches", late).status_code == 201
    late["cnil_notified_at"] = "2026-12-01T09:00:01Z"
    assert _valid("BreachInput", late)  # stated in words only: the hooks follow it
    refused = _post(client, "breaches", late)
    assert refused.status_code == 422 and "cnil_late_reason" in refused.get_json()["fields"]


def test_blank_or_spaced_choice_is_no_answer_or_refused_never_a_500(client):
    """A null « notifiée » keeps « à faire »; spaces are no value of a list (once a 500)."""
    created = _post(client, "breaches", {**_BREACH, "cnil_notified": None})
    assert created.status_code == 201 and created.get_json()["cnil_notified"] == "a_faire"
    for plural, body in (("breaches", {**_BREACH, "origin": "  "}),
                         ("requests", {**_REQUEST, "answered_at": "2026-11-25",
                                       "outcome": " "})):
        response = _post(client, plural, body)
        assert response.status_code == 422, response.get_json()


def test_extension_of_a_request_received_in_the_future_is_refused_not_a_500(client):
    """A day of receipt in year 9999 has no deadline three months later (once a 500)."""
    response = _post(client, "requests", {**_REQUEST, "received_at": "9999-11-15",
                                          "extended_until": "9999-12-20",
                                          "extension_reason": "Complexe."})
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"received_at"}


def test_fiches_are_sent_as_integer_ids_and_version_as_an_integer(client):
    """``activities: ["3"]`` and ``version: "3"`` are refused with a clear message, as the
    document says (they were accepted although the schema refuses them)."""
    organisation = make_organisation()
    activity = make_activity(organisation)
    db.session.commit()
    token = token_for(make_member("dpd", organisation))
    url = f"/api/v1/organisations/{organisation.uai}/breaches"
    refused = call(client, "POST", url, token, {**_BREACH, "activities": [str(activity.id)],
                                                "version": "3"})
    assert refused.status_code == 422
    assert set(refused.get_json()["fields"]) == {"activities", "version"}
    assert "identifiants" in refused.get_json()["fields"]["activities"]
    accepted = call(client, "POST", url, token, {**_BREACH, "activities": [activity.id]})
    assert accepted.status_code == 201 and accepted.get_json()["activities"] == [activity.id]


def test_received_at_pattern_follows_today():
    pattern = _DOCUMENT["components"]["schemas"]["RightsRequestInput"]["properties"][
        "received_at"]["pattern"]
    assert jsonschema.Draft202012Validator({"type": "string", "pattern": pattern}).is_valid(
        date.today().replace(year=date.today().year + 1).isoformat()) is False


@pytest.mark.parametrize("plural, body", [("activities", None), ("breaches", _BREACH),
                                          ("requests", _REQUEST)])
def test_location_uses_the_configured_address_never_the_host_header(app, client, plural,
                                                                    body):
    """Hostile case 38: with ``REGISTRE_BASE_URL`` set, a forged Host never reaches the
    address a client is told to follow."""
    organisation = make_organisation()
    db.session.commit()
    token = token_for(make_member("dpd", organisation))
    url = f"/api/v1/organisations/{organisation.uai}/{plural}"
    body = body or activity_data(reference="")
    plain = call(client, "POST", url, token, body)
    assert plain.headers["Location"].endswith(f"/api/v1/{plural}/{plain.get_json()['id']}")
    app.config["REGISTRE_BASE_URL"] = "https://registre.ac-test.fr/"
    forged = call(client, "POST", url, token, {**body, "reference": ""},
                  headers={"Host": "evil.example"})
    assert forged.status_code == 201
    assert forged.headers["Location"] == (
        f"https://registre.ac-test.fr/api/v1/{plural}/{forged.get_json()['id']}")
