"""API workflow: POST /activities/<id>/transition with the web's rules and permissions."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from registre.dates import today
from registre.extensions import db
from registre.models import Activity, Revision, Role, Status
from tests.api_helpers import assert_json_error, call, snapshot_of_database, token_for
from tests.factories import make_activity, make_member, make_organisation, make_user


@pytest.fixture
def org(app):
    organisation = make_organisation()
    db.session.commit()
    return organisation


def move(client, token, activity, body):
    return call(client, "POST", f"/api/v1/activities/{activity.id}/transition", token, body)


def last_revision(activity) -> Revision:
    return db.session.scalars(sa.select(Revision).where(Revision.activity_id == activity.id)
                              .order_by(Revision.number.desc())).first()


@pytest.mark.parametrize("role, start, body, status", [
    ("redacteur", Status.BROUILLON, {"to": "a_valider"}, "a_valider"),
    ("responsable", Status.A_VALIDER, {"to": "en_service"}, "en_service"),
    ("dpd", Status.BROUILLON, {"to": "en_service"}, "en_service"),
    ("responsable", Status.A_VALIDER, {"to": "brouillon", "comment": "Préciser les durées"},
     "brouillon"),
    ("dpd", Status.EN_SERVICE, {"to": "termine", "ended_on": today().isoformat()}, "termine"),
])
def test_allowed_transitions(client, org, role, start, body, status):
    activity = make_activity(org, status=start)
    db.session.commit()
    user = make_member(role, org)
    token = token_for(user)
    response = move(client, token, activity, body)
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    assert result["status"] == status and result["version"] == activity.version
    revision = last_revision(activity)
    assert revision.author_id == user.id and revision.comment == body.get("comment", "")
    if status == "en_service":
        assert result["validated_by"] == user.email
    if status == "termine":
        assert result["ended_on"] == today().isoformat()


@pytest.mark.parametrize("role, start, to, expected", [
    ("redacteur", Status.A_VALIDER, "en_service", 403),
    ("redacteur", Status.EN_SERVICE, "termine", 403),
    ("auditeur", Status.BROUILLON, "a_valider", 403),
    ("auditeur", Status.A_VALIDER, "en_service", 403),
    ("outsider", Status.A_VALIDER, "en_service", 404),
])
def test_refused_transitions_change_nothing(client, org, role, start, to, expected):
    activity = make_activity(org, status=start)
    db.session.commit()
    user = make_user(Role.DPD) if role == "outsider" else make_member(role, org)
    token = token_for(user)
    before = snapshot_of_database()
    body = assert_json_error(move(client, token, activity, {"to": to, "comment": "x"}),
                             expected)
    assert snapshot_of_database() == before
    if expected == 403:
        assert "rôle" in body["message"]


def test_incomplete_fiche_cannot_go_in_service_and_says_what_is_missing(client, org):
    # A valid body refused because of the fiche as it is now: 409, not 422 (schemathesis:
    # a body valid for the OpenAPI document must not be called invalid).
    activity = make_activity(org, status=Status.A_VALIDER, purpose="", security_measures=[])
    db.session.commit()
    token = token_for(make_member("responsable", org))
    before = snapshot_of_database()
    body = assert_json_error(move(client, token, activity, {"to": "en_service"}), 409,
                             "conflit")
    assert "art. 30" in body["message"]
    assert {"purpose", "security_measures"} <= set(body["fields"])
    assert {finding["rule"] for finding in body["findings"]} == {"art30-incomplet"}
    assert snapshot_of_database() == before


@pytest.mark.parametrize("start, body, field", [
    (Status.A_VALIDER, {"to": "brouillon"}, None),                   # comment required
    (Status.EN_SERVICE, {"to": "termine", "ended_on": "31/02/2026"}, "ended_on"),
    (Status.EN_SERVICE, {"to": "termine",
                         "ended_on": (today() + timedelta(days=30)).isoformat()}, None),
    (Status.BROUILLON, {"to": "supprime"}, "to"),
    (Status.BROUILLON, {}, "to"),
    (Status.BROUILLON, {"to": 3}, "to"),
    (Status.BROUILLON, {"to": "a_valider", "couleur": "bleu"}, "couleur"),
    (Status.BROUILLON, {"to": "a_valider", "comment": "a\x07b"}, "comment"),
    (Status.BROUILLON, {"to": "a_valider", "comment": "x" * 10_001}, "comment"),
])
def test_bad_transition_requests_are_422_in_french(client, org, start, body, field):
    activity = make_activity(org, status=start)
    db.session.commit()
    token = token_for(make_member("dpd", org))
    before = snapshot_of_database()
    result = assert_json_error(move(client, token, activity, body), 422, "donnees_invalides")
    if field:
        assert field in result["fields"], result
        assert "Not a valid" not in result["fields"][field]
    assert snapshot_of_database() == before


def test_transition_with_a_stale_version_is_409(client, org):
    activity = make_activity(org, status=Status.BROUILLON)
    db.session.commit()
    token = token_for(make_member("redacteur", org))
    assert call(client, "PUT", f"/api/v1/activities/{activity.id}", token,
                {"version": 1, "software": "Nouveau"}).status_code == 200
    body = assert_json_error(move(client, token, activity, {"to": "a_valider", "version": 1}),
                             409, "conflit")
    assert body["current_version"] == 2
    assert db.session.get(Activity, activity.id).status == Status.BROUILLON


def test_a_transition_the_status_does_not_allow_is_a_409_conflict(client, org):
    # Ending a draft: the body is valid, the fiche's status is not (schemathesis found a 422).
    activity = make_activity(org, status=Status.BROUILLON)
    db.session.commit()
    token = token_for(make_member("dpd", org))
    before = snapshot_of_database()
    body = assert_json_error(move(client, token, activity, {"to": "termine"}), 409, "conflit")
    assert "statut" in body["message"]
    assert snapshot_of_database() == before


def test_a_whole_number_written_with_a_decimal_point_is_an_integer(client, org):
    # JSON Schema calls 1.0 an integer; the API refused it (schemathesis); 1.5 stays refused.
    activity = make_activity(org, status=Status.BROUILLON)
    db.session.commit()
    token = token_for(make_member("redacteur", org))
    assert_json_error(move(client, token, activity, {"to": "a_valider", "version": 1.5}), 422)
    response = move(client, token, activity, {"to": "a_valider", "version": 1.0})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "a_valider"
