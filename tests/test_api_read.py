"""API: token authentication, reading endpoints, scopes, JSON errors."""
import pytest

from registre.dates import utcnow
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import ApiToken, Role, Status
from tests.api_helpers import assert_json_error, call, token_for
from tests.factories import make_activity, make_organisation, make_user


@pytest.fixture
def world(app):
    """Two organisations of one académie and one of another, with an activity each."""
    redacteur = make_user(Role.REDACTEUR)
    organisation = redacteur.organisation
    academie = organisation.academie
    sibling = make_organisation(academie)
    foreign = make_organisation()
    users = {
        "admin": make_user(Role.ADMIN),
        "dpd": make_user(Role.DPD, academie=academie),
        "responsable": make_user(Role.RESPONSABLE, organisation=organisation),
        "redacteur": redacteur,
        "auditeur": make_user(Role.AUDITEUR, academie=academie),
        "auditeur_etab": make_user(Role.AUDITEUR, organisation=organisation),
        "foreign_dpd": make_user(Role.DPD, academie=foreign.academie),
        "sibling_responsable": make_user(Role.RESPONSABLE, organisation=sibling),
    }
    activity = make_activity(organisation, author=redacteur, name="Élèves et notes")
    other = make_activity(organisation, author=redacteur, status=Status.EN_SERVICE,
                          name="Cantine")
    foreign_activity = make_activity(foreign, name="Ailleurs")
    db.session.commit()
    return {"organisation": organisation, "foreign": foreign, "activity": activity,
            "other": other, "foreign_activity": foreign_activity, "users": users}


READERS = ["admin", "dpd", "responsable", "redacteur", "auditeur", "auditeur_etab"]
OUTSIDERS = ["foreign_dpd", "sibling_responsable"]


@pytest.mark.parametrize("role", READERS)
def test_every_reader_in_scope_lists_reads_and_sees_revisions(client, world, role):
    token = token_for(world["users"][role])
    uai, activity = world["organisation"].uai, world["activity"]
    listing = call(client, "GET", f"/api/v1/organisations/{uai}/activities", token)
    assert listing.status_code == 200
    assert listing.get_json()["uai"] == uai
    assert [a["name"] for a in listing.get_json()["activities"]] == ["Élèves et notes",
                                                                     "Cantine"]
    one = call(client, "GET", f"/api/v1/activities/{activity.id}", token)
    assert one.status_code == 200
    assert one.get_json() == activity_to_dict(activity)
    history = call(client, "GET", f"/api/v1/activities/{activity.id}/revisions", token)
    assert history.status_code == 200
    [revision] = history.get_json()["revisions"]
    assert revision["number"] == 1 and revision["action"] == "creation"
    assert revision["author"] == world["users"]["redacteur"].email
    assert revision["snapshot"]["name"] == "Élèves et notes"
    assert "purpose" in revision["changed_fields"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_out_of_scope_answers_404_without_revealing_anything(client, world, role):
    token = token_for(world["users"][role])
    uai, activity = world["organisation"].uai, world["activity"]
    for url in (f"/api/v1/organisations/{uai}/activities",
                f"/api/v1/activities/{activity.id}",
                f"/api/v1/activities/{activity.id}/revisions"):
        body = assert_json_error(call(client, "GET", url, token), 404, "introuvable")
        assert "Élèves" not in str(body)


def test_unknown_activity_and_unknown_uai_are_404(client, world):
    token = token_for(world["users"]["admin"])
    assert_json_error(call(client, "GET", "/api/v1/activities/999999", token), 404)
    assert_json_error(call(client, "GET", "/api/v1/organisations/0000000Z/activities",
                           token), 404)


def test_status_filter_and_bad_status(client, world):
    token = token_for(world["users"]["dpd"])
    url = f"/api/v1/organisations/{world['organisation'].uai}/activities"
    response = call(client, "GET", url + "?status=en_service", token)
    assert [a["name"] for a in response.get_json()["activities"]] == ["Cantine"]
    body = assert_json_error(call(client, "GET", url + "?status=perdu", token), 400,
                             "requete_invalide")
    assert "en_service" in body["fields"]["status"]


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
                                    "Bearer pas-un-jeton", "Token abc"])
def test_missing_or_bad_token_is_401_json(client, world, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get(f"/api/v1/activities/{world['activity'].id}", headers=headers)
    body = assert_json_error(response, 401, "authentification_requise")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "jeton" in body["message"].lower()


def test_deactivated_account_and_revoked_token_are_refused(client, world):
    user = world["users"]["responsable"]
    token = token_for(user)
    url = f"/api/v1/activities/{world['activity'].id}"
    assert call(client, "GET", url, token).status_code == 200
    user.active = False
    db.session.commit()
    assert_json_error(call(client, "GET", url, token), 401)
    user.active = True
    revoked = token_for(user)
    db.session.query(ApiToken).filter_by(token_hash=ApiToken.digest(revoked)).update(
        {"revoked_at": utcnow()})
    db.session.commit()
    assert_json_error(call(client, "GET", url, revoked), 401)
    assert call(client, "GET", url, token).status_code == 200


def test_session_cookie_alone_does_not_authenticate_the_api(client, login, world):
    user = world["users"]["dpd"]
    login(user)
    page = client.get(f"/etablissements/{world['organisation'].uai}/traitements")
    assert page.status_code == 200  # the web session works…
    response = client.get(f"/api/v1/activities/{world['activity'].id}")
    assert_json_error(response, 401)  # …but not for the API
    created = client.post(f"/api/v1/organisations/{world['organisation'].uai}/activities",
                          json={"name": "Par cookie"})
    assert_json_error(created, 401)


def test_unknown_path_and_wrong_method_are_json(client, world):
    token = token_for(world["users"]["admin"])
    assert_json_error(call(client, "GET", "/api/v1/rien", token), 404, "introuvable")
    response = call(client, "DELETE", f"/api/v1/activities/{world['activity'].id}", token)
    assert_json_error(response, 405, "methode_non_autorisee")
    assert "PUT" in response.headers["Allow"]


def test_an_unexpected_failure_is_a_json_500_without_details(client, world, monkeypatch):
    import registre.api.views as views

    def broken(*args, **kwargs):
        raise RuntimeError("secret interne")
    monkeypatch.setattr(views, "list_activities", broken)
    token = token_for(world["users"]["dpd"])
    response = call(client, "GET",
                    f"/api/v1/organisations/{world['organisation'].uai}/activities", token)
    body = assert_json_error(response, 500, "erreur_interne")
    assert "secret" not in response.get_data(as_text=True)
    assert body["message"].startswith("Une erreur est survenue")


def test_listing_query_count_does_not_grow_with_the_register(client, world, count_queries):
    token = token_for(world["users"]["dpd"])
    url = f"/api/v1/organisations/{world['organisation'].uai}/activities"

    def count() -> int:
        call(client, "GET", url, token)  # warm up the test session
        with count_queries() as statements:
            assert call(client, "GET", url, token).status_code == 200
        return len(statements)
    few = count()
    for index in range(12):
        make_activity(world["organisation"], status=Status.EN_SERVICE, name=f"Fiche {index}")
    db.session.commit()
    assert count() == few
