"""API writes: create, update with optimistic locking, validation by the web form's rules."""
import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Activity, Revision, Role, Status
from tests.api_helpers import assert_json_error, call, snapshot_of_database, token_for
from tests.factories import activity_data, make_activity, make_member, make_organisation, make_user


@pytest.fixture
def org(app):
    organisation = make_organisation()
    db.session.commit()
    return organisation


@pytest.mark.parametrize("role", ["admin", "dpd", "responsable", "redacteur"])
def test_writers_create_a_draft_with_201_and_location(client, org, role):
    user = make_member(role, org)
    token = token_for(user)
    payload = activity_data(name="Espace numérique de travail", status="en_service",
                            reference="")
    response = call(client, "POST", f"/api/v1/organisations/{org.uai}/activities", token,
                    payload)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "brouillon"  # a client never sets the status
    assert body["reference"] == "T-001" and body["name"] == "Espace numérique de travail"
    assert body["data_categories"][1]["retention_criteria"].startswith("Fin de la scolarité")
    assert response.headers["Location"].endswith(f"/api/v1/activities/{body['id']}")
    again = call(client, "GET", response.headers["Location"], token)
    assert again.get_json() == body
    [revision] = db.session.scalars(sa.select(Revision).where(
        Revision.activity_id == body["id"])).all()
    assert revision.author_id == user.id and revision.action == "creation"


def test_create_keeps_unicode_composed(client, org):
    token = token_for(make_member("redacteur", org))
    response = call(client, "POST", f"/api/v1/organisations/{org.uai}/activities", token,
                    activity_data(name="E\u0301le\u0300ves et 家長"))
    assert response.status_code == 201
    assert response.get_json()["name"] == "\u00c9l\u00e8ves et 家長"


@pytest.mark.parametrize("role, status", [("auditeur", 403), ("outsider", 404)])
def test_refused_creation_changes_nothing(client, org, role, status):
    user = (make_user(Role.DPD) if role == "outsider" else make_member(role, org))
    token = token_for(user)
    before = snapshot_of_database()
    response = call(client, "POST", f"/api/v1/organisations/{org.uai}/activities", token,
                    activity_data())
    assert_json_error(response, status)
    assert snapshot_of_database() == before


def test_validation_errors_are_french_and_per_field(client, org):
    token = token_for(make_member("responsable", org))
    payload = activity_data(name="", dpia_url="javascript:alert(1)", purpose="a\x00b",
                            legal_bases=[{"basis": "6.1.z", "justification": ""}],
                            information_date="31/02/2026", min_age="douze",
                            couleur="bleu")
    before = snapshot_of_database()
    response = call(client, "POST", f"/api/v1/organisations/{org.uai}/activities", token,
                    payload)
    body = assert_json_error(response, 422, "donnees_invalides")
    fields = body["fields"]
    assert {"name", "dpia_url", "purpose", "legal_bases[0].basis", "information_date",
            "min_age", "couleur"} <= set(fields)
    assert "Champ inconnu" in fields["couleur"]
    assert "entier" in fields["min_age"]
    for message in fields.values():
        assert message and "Not a valid" not in message and "This field" not in message
    assert snapshot_of_database() == before


def test_hundred_thousand_characters_are_refused(client, org):
    token = token_for(make_member("responsable", org))
    response = call(client, "POST", f"/api/v1/organisations/{org.uai}/activities", token,
                    activity_data(internal_notes="x" * 100_000))
    body = assert_json_error(response, 422)
    assert "internal_notes" in body["fields"]


@pytest.mark.parametrize("kwargs, status, error", [
    ({"data": "name=x", "content_type": "application/x-www-form-urlencoded"}, 415,
     "type_non_supporte"),
    ({"data": "{pas du json", "content_type": "application/json"}, 400, "requete_invalide"),
    ({"data": "[1, 2]", "content_type": "application/json"}, 400, "requete_invalide"),
    ({"data": "[" * 100_000 + "]" * 100_000, "content_type": "application/json"}, 400,
     "requete_invalide"),
    ({"data": '{"name": "' + "x" * (2 * 1024 * 1024) + '"}',
      "content_type": "application/json"}, 413, "trop_volumineux"),
])
def test_malformed_bodies_are_refused_in_json(client, org, kwargs, status, error):
    token = token_for(make_member("responsable", org))
    before = snapshot_of_database()
    response = client.post(f"/api/v1/organisations/{org.uai}/activities",
                           headers={"Authorization": f"Bearer {token}"}, **kwargs)
    assert_json_error(response, status, error)
    assert snapshot_of_database() == before


@pytest.fixture
def draft(org):
    redacteur = make_user(Role.REDACTEUR, organisation=org)
    activity = make_activity(org, author=redacteur, name="Cantine")
    db.session.commit()
    return activity


def put(client, token, activity_id, payload):
    return call(client, "PUT", f"/api/v1/activities/{activity_id}", token, payload)


@pytest.mark.parametrize("role", ["admin", "dpd", "responsable", "redacteur"])
def test_update_with_current_version(client, org, draft, role):
    token = token_for(make_member(role, org))
    current = call(client, "GET", f"/api/v1/activities/{draft.id}", token).get_json()
    current["purpose"] = "Gérer les inscriptions à la cantine"
    current["data_categories"].append({"category": "economique_financier",
                                       "description": "Quotient familial",
                                       "retention_criteria": "Fin de l'année scolaire",
                                       "final_fate": "destruction"})
    response = put(client, token, draft.id, current)  # the GET document, sent back edited
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == current["version"] + 1
    assert body["purpose"] == "Gérer les inscriptions à la cantine"
    assert body["data_categories"][-1]["description"] == "Quotient familial"
    revisions = db.session.scalars(sa.select(Revision).where(
        Revision.activity_id == draft.id).order_by(Revision.number)).all()
    assert [r.number for r in revisions] == [1, 2]
    assert set(revisions[1].changed_fields) == {"purpose", "data_categories"}


def test_partial_update_keeps_other_fields(client, org, draft):
    token = token_for(make_member("responsable", org))
    response = put(client, token, draft.id, {"version": draft.version, "software": "Turbo"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["software"] == "Turbo" and body["name"] == "Cantine"
    assert len(body["data_categories"]) == 2


def test_stale_version_is_409_with_the_current_version(client, org, draft):
    token = token_for(make_member("responsable", org))
    first = put(client, token, draft.id, {"version": 1, "software": "A"})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    before = snapshot_of_database()
    stale = put(client, token, draft.id, {"version": 1, "software": "B"})
    body = assert_json_error(stale, 409, "conflit")
    assert body["current_version"] == 2 and body["current"]["software"] == "A"
    assert "version actuelle est 2" in body["message"]
    assert snapshot_of_database() == before


def test_concurrent_update_with_the_right_version_is_409(client, org, draft, monkeypatch):
    """Another save lands between our read and our write: the database refuses ours."""
    token = token_for(make_member("responsable", org))
    import registre.activities.services as services
    original = services.apply_activity_data

    def concurrent_save_then_apply(activity, data):
        with db.engine.begin() as other:  # another request, on its own connection
            other.execute(sa.update(Activity).where(Activity.id == activity.id)
                          .values(version=Activity.version + 1, software="Autre"))
        original(activity, data)
    monkeypatch.setattr(services, "apply_activity_data", concurrent_save_then_apply)
    response = put(client, token, draft.id, {"version": 1, "software": "Le mien"})
    body = assert_json_error(response, 409, "conflit")
    assert body["current_version"] == 2 and body["current"]["software"] == "Autre"
    db.session.expire_all()
    assert db.session.get(Activity, draft.id).software == "Autre"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision).where(
        Revision.activity_id == draft.id)) == 1


@pytest.mark.parametrize("payload, field", [
    ({"software": "x"}, "version"), ({"version": "1", "software": "x"}, "version"),
    ({"version": 1, "reference": "T-002", "name": ""}, "name"),
])
def test_update_validation_errors(client, org, draft, payload, field):
    make_activity(org, reference="T-002")
    db.session.commit()
    token = token_for(make_member("dpd", org))
    before = snapshot_of_database()
    body = assert_json_error(put(client, token, draft.id, payload), 422)
    assert field in body["fields"]
    assert snapshot_of_database() == before


def test_duplicate_reference_is_refused_as_a_conflict(client, org, draft):
    # A reference another fiche holds: the body is valid for the schema, the register is not
    # ready for it: 409 like the race on the same reference (schemathesis found a 422).
    make_activity(org, reference="T-009")
    db.session.commit()
    token = token_for(make_member("dpd", org))
    before = snapshot_of_database()
    body = assert_json_error(put(client, token, draft.id, {"version": 1,
                                                           "reference": "t-009"}), 409, "conflit")
    assert "déjà utilisée" in body["fields"]["reference"]
    body = assert_json_error(call(client, "POST", f"/api/v1/organisations/{org.uai}/activities",
                                  token, activity_data(reference="T-009")), 409, "conflit")
    assert "déjà utilisée" in body["fields"]["reference"]
    # With another error in the body, the body is what must change: 422.
    assert_json_error(put(client, token, draft.id, {"version": 1, "reference": "T-009",
                                                    "min_age": 500}), 422)
    assert snapshot_of_database() == before


@pytest.mark.parametrize("role, status, expected", [
    ("auditeur", Status.BROUILLON, 403),
    ("redacteur", Status.EN_SERVICE, 403),
    ("redacteur", Status.TERMINE, 403),
    ("dpd", Status.TERMINE, 403),
    ("outsider", Status.BROUILLON, 404),
])
def test_refused_update_changes_nothing(client, org, role, status, expected):
    activity = make_activity(org, status=status)
    user = make_user(Role.RESPONSABLE) if role == "outsider" else make_member(role, org)
    token = token_for(user)
    before = snapshot_of_database()
    response = put(client, token, activity.id, {"version": activity.version,
                                                "software": "Pirate"})
    assert_json_error(response, expected)
    assert snapshot_of_database() == before


def test_reference_taken_at_the_last_moment_is_409_not_500(client, org, monkeypatch):
    """Two simultaneous creations: the database's unique reference refuses the second."""
    import registre.activities.services as services
    token = token_for(make_member("responsable", org))
    original = services.next_reference

    def racing_reference(organisation):
        reference = original(organisation)
        with db.engine.begin() as other:  # another request saves first, same reference
            other.execute(sa.insert(Activity).values(
                organisation_id=organisation.id, reference=reference, name="Concurrente",
                status="brouillon", version=1, created_at=sa.func.now(),
                updated_at=sa.func.now()))
        return reference
    monkeypatch.setattr(services, "next_reference", racing_reference)
    response = call(client, "POST", f"/api/v1/organisations/{org.uai}/activities", token,
                    activity_data(reference=""))
    body = assert_json_error(response, 409, "conflit")
    assert "reference" in body["fields"]
    db.session.expire_all()
    assert [a.name for a in db.session.scalars(sa.select(Activity))] == ["Concurrente"]


@pytest.mark.parametrize("version", ["", "3", [], True, 2.5])
def test_a_version_that_is_not_a_whole_number_is_refused_on_create(client, org, version):
    # schemathesis: a body whose « version » is not an integer was accepted (201).
    token = token_for(make_member("redacteur", org))
    before = snapshot_of_database()
    body = assert_json_error(call(client, "POST", f"/api/v1/organisations/{org.uai}/activities",
                                  token, activity_data(version=version)), 422)
    assert "version" in body["fields"]
    assert snapshot_of_database() == before


def test_whole_numbers_with_a_decimal_point_are_integers_everywhere(client, org, draft):
    # JSON Schema calls 1.0 an integer (schemathesis sent « version »: 3825.0); 11.5 stays refused.
    token = token_for(make_member("responsable", org))
    body = assert_json_error(put(client, token, draft.id, {"version": 1, "min_age": 11.5}), 422)
    assert "min_age" in body["fields"]
    response = put(client, token, draft.id, {"version": 1.0, "min_age": 11.0, "max_age": 15.0})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["min_age"], response.get_json()["max_age"]) == (11, 15)


def test_null_three_state_choice_is_unknown_not_a_false_conflict(client, org):
    """``automated_decision: null`` on a PUT is « inconnu » (its default), never NULL: the
    database refused NULL and the API answered a false 409 « référence prise »; spaces are
    no value of the list (they gave a 500)."""
    user = make_member("redacteur", org)
    activity = make_activity(org, user, automated_decision="non")
    db.session.commit()
    token = token_for(user)
    response = call(client, "PUT", f"/api/v1/activities/{activity.id}", token,
                    {"automated_decision": None, "version": activity.version})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["automated_decision"] == "inconnu"
    spaced = call(client, "PUT", f"/api/v1/activities/{activity.id}", token,
                  {"hosting": "  ", "version": response.get_json()["version"]})
    assert_json_error(spaced, 422)
