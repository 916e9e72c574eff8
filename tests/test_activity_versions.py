"""Issue 11 point 4: an in-service fiche changes through a new version awaiting validation.

The public page, the exports and the API keep the in-service version (what the register
declares under art. 30 GDPR, and what parents were told) until the responsable validates.
"""
import json
from html import unescape

import sqlalchemy as sa

from registre.extensions import db
from registre.models import Activity, PendingVersion, Revision
from tests.api_helpers import call, token_for
from tests.version_helpers import NEW_PURPOSE, OLD_PURPOSE, in_service_world, proposal_form


def _switch(client, login, user) -> None:
    client.post_form("/deconnexion")
    login(user)


def _propose(client, login, world, **overrides):
    _switch(client, login, world["redacteur"])
    response = client.post_form(f"{world['base']}/nouvelle-version", proposal_form(world["organisation"], **overrides))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def _html(response) -> str:
    return unescape(response.get_data(as_text=True))


def _public(client, world) -> str:
    return _html(client.get(f"/registre/{world['organisation'].uai}"))


def test_redacteur_proposal_leaves_public_export_and_api_on_the_in_service_version(
        client, login):
    world = in_service_world()
    _propose(client, login, world)
    page = _html(client.get(world["base"]))
    # The fiche shows both versions and the difference.
    assert "Nouvelle version en attente de validation" in page
    assert OLD_PURPOSE in page and NEW_PURPOSE in page
    assert "Finalité principale" in page.split("Différences entre")[1]
    # Nothing published moved: public page, JSON export, API.
    public = _public(client, world)
    assert OLD_PURPOSE in public and NEW_PURPOSE not in public
    export = client.get(f"/etablissements/{world['organisation'].uai}/export.json")
    assert export.status_code == 200
    assert NEW_PURPOSE not in export.get_data(as_text=True)
    token = token_for(world["redacteur"])
    api = call(client, "GET", f"/api/v1/activities/{world['activity'].id}", token)
    assert api.get_json()["purpose"] == OLD_PURPOSE
    db.session.expire_all()
    activity = db.session.get(Activity, world["activity"].id)
    assert activity.purpose == OLD_PURPOSE
    assert db.session.scalar(sa.select(sa.func.count(Activity.id))) == 1  # no orphan copy


def test_responsable_validation_replaces_the_content_and_records_a_revision(client, login):
    world = in_service_world()
    _propose(client, login, world)
    _switch(client, login, world["responsable"])
    version = db.session.get(Activity, world["activity"].id).version
    response = client.post_form(f"{world['base']}/nouvelle-version/valider",
                                {"to": "en_service", "version": str(version)})
    assert response.status_code == 303
    db.session.expire_all()
    activity = db.session.get(Activity, world["activity"].id)
    assert activity.purpose == NEW_PURPOSE and activity.status.value == "en_service"
    assert db.session.scalar(sa.select(sa.func.count(PendingVersion.id))) == 0
    revision = db.session.scalars(sa.select(Revision).where(
        Revision.activity_id == activity.id).order_by(Revision.number.desc())).first()
    assert revision.action == "nouvelle_version" and "purpose" in revision.changed_fields
    assert "Rédactrice" in revision.comment
    assert NEW_PURPOSE in _public(client, world)
    history = client.get(f"{world['base']}/historique").get_data(as_text=True)
    assert "Nouvelle version validée" in history


def test_send_back_keeps_the_in_service_version_and_shows_the_comment(client, login):
    world = in_service_world()
    _propose(client, login, world)
    _switch(client, login, world["responsable"])
    response = client.post_form(f"{world['base']}/nouvelle-version/renvoyer",
                                {"to": "brouillon", "comment": "Précisez les familles visées.",
                                 "version": str(world["activity"].version)})
    assert response.status_code == 303
    login(world["redacteur"])
    page = _html(client.get(world["base"]))
    assert "Nouvelle version renvoyée au rédacteur" in page
    assert "Précisez les familles visées." in page
    db.session.expire_all()
    assert db.session.get(Activity, world["activity"].id).purpose == OLD_PURPOSE
    # The rédacteur reworks it from the sent-back content; it awaits validation again.
    form = _html(client.get(f"{world['base']}/nouvelle-version"))
    assert NEW_PURPOSE in form
    _propose(client, login, world, purpose=NEW_PURPOSE + " Révisé.")
    pending = db.session.scalars(sa.select(PendingVersion)).one()
    assert pending.state == "a_valider" and pending.comment == ""


def test_only_deciders_validate_and_readers_cannot_propose(client, login):
    world = in_service_world()
    login(world["auditeur"])
    assert client.get(f"{world['base']}/nouvelle-version").status_code == 403
    assert client.post_form(f"{world['base']}/nouvelle-version",
                            proposal_form(world["organisation"])).status_code == 403
    _propose(client, login, world)  # as the rédacteur, who may not validate
    response = client.post_form(f"{world['base']}/nouvelle-version/valider",
                                {"to": "en_service", "version": str(world["activity"].version)})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Activity, world["activity"].id).purpose == OLD_PURPOSE


def test_the_fiche_offers_a_new_version_instead_of_editing_in_place(client, login):
    world = in_service_world()
    login(world["redacteur"])
    page = _html(client.get(world["base"]))
    assert "Proposer une nouvelle version" in page
    _switch(client, login, world["responsable"])
    page = _html(client.get(world["base"]))
    assert "Proposer une nouvelle version" in page and ">Modifier</a>" not in page


def test_an_unchanged_proposal_is_refused_with_a_message(client, login):
    world = in_service_world()
    login(world["redacteur"])
    response = client.post_form(f"{world['base']}/nouvelle-version",
                                proposal_form(world["organisation"], purpose=OLD_PURPOSE))
    assert response.status_code == 422
    assert "identique à la version en service" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(PendingVersion.id))) == 0


def test_validation_on_top_of_a_changed_fiche_is_refused(client, login):
    world = in_service_world()
    _propose(client, login, world)
    # Someone changes the in-service fiche meanwhile (the API writes in place).
    activity = db.session.get(Activity, world["activity"].id)
    activity.name = "Vie scolaire (renommée)"
    db.session.commit()
    _switch(client, login, world["responsable"])
    response = client.post_form(f"{world['base']}/nouvelle-version/valider",
                                {"to": "en_service", "version": str(activity.version)},
                                follow_redirects=True)
    assert "modifiée depuis que cette version a été proposée" in _html(response)
    db.session.expire_all()
    assert db.session.get(Activity, world["activity"].id).purpose == OLD_PURPOSE


def test_proposal_is_json_data_kept_out_of_the_activity_row(client, login):
    world = in_service_world()
    _propose(client, login, world)
    pending = db.session.scalars(sa.select(PendingVersion)).one()
    assert json.loads(json.dumps(pending.data))["purpose"] == NEW_PURPOSE


def test_auditeur_decisions_are_refused_before_anything_else(client, login):
    world = in_service_world()
    _propose(client, login, world)
    _switch(client, login, world["auditeur"])
    for action in ("valider", "renvoyer", "abandonner"):
        response = client.post_form(f"{world['base']}/nouvelle-version/{action}",
                                    {"to": "brouillon", "comment": "Non",
                                     "version": str(world["activity"].version)})
        assert response.status_code == 403, action
    assert db.session.scalar(sa.select(sa.func.count(PendingVersion.id))) == 1
