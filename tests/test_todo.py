"""Issue 11 point 5: the home page's to-do list, its filtered lists, the send-back comment."""
from datetime import date
from html import unescape

from registre.activities.workflow import transition_activity
from registre.extensions import db
from registre.models import Role, Status
from tests.factories import make_academie, make_activity, make_organisation, make_user
from tests.version_helpers import in_service_world, proposal_form


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


def _switch(client, login, user) -> None:
    client.post_form("/deconnexion")
    login(user)


def test_responsable_sees_submitted_fiches_and_new_versions_to_validate(client, login):
    world = in_service_world()
    submitted = make_activity(world["organisation"], author=world["redacteur"],
                              status=Status.A_VALIDER, name="Cantine")
    db.session.commit()
    login(world["redacteur"])
    client.post_form(f"{world['base']}/nouvelle-version", proposal_form(world["organisation"]))
    _switch(client, login, world["responsable"])
    home = _html(client.get("/"))
    assert "À faire" in home
    assert '<strong class="count">2</strong> — Fiches en attente de ma validation' in home
    assert 'href="/a-faire/a-valider"' in home
    listing = _html(client.get("/a-faire/a-valider"))
    assert "Cantine" in listing and world["activity"].name in listing
    assert "nouvelle version à valider" in listing
    assert f"/traitements/{submitted.id}" in listing


def test_redacteur_sees_fiches_sent_back_with_the_comment_on_the_list_and_the_fiche(
        client, login):
    redacteur = make_user(Role.REDACTEUR, name="Rédactrice")
    responsable = make_user(Role.RESPONSABLE, organisation=redacteur.organisation)
    activity = make_activity(redacteur.organisation, author=redacteur, status=Status.A_VALIDER,
                             name="Sorties scolaires")
    transition_activity(activity, responsable, Status.BROUILLON,
                        comment="Indiquez la durée de conservation des autorisations.")
    db.session.commit()
    login(redacteur)
    home = _html(client.get("/"))
    assert '<strong class="count">1</strong> — Fiches qui me sont renvoyées' in home
    # The rédacteur does not validate: no such line for them, and no such list.
    assert "en attente de ma validation" not in home
    assert client.get("/a-faire/a-valider").status_code == 404
    listing = _html(client.get("/a-faire/renvoyees"))
    assert "Sorties scolaires" in listing
    assert "Indiquez la durée de conservation des autorisations." in listing
    fiche = _html(client.get(f"/etablissements/{redacteur.organisation.uai}/traitements/"
                             f"{activity.id}"))
    assert "Fiche renvoyée au rédacteur" in fiche
    assert "Indiquez la durée de conservation des autorisations." in fiche


def test_a_new_version_sent_back_is_in_its_authors_list(client, login):
    world = in_service_world()
    login(world["redacteur"])
    client.post_form(f"{world['base']}/nouvelle-version", proposal_form(world["organisation"]))
    _switch(client, login, world["responsable"])
    client.post_form(f"{world['base']}/nouvelle-version/renvoyer",
                     {"to": "brouillon", "comment": "Citez la délibération.",
                      "version": str(world["activity"].version)})
    _switch(client, login, world["redacteur"])
    listing = _html(client.get("/a-faire/renvoyees"))
    assert world["activity"].name in listing and "Citez la délibération." in listing


def test_fiches_with_errors_and_reviews_due_are_counted_and_listed(client, login):
    responsable = make_user(Role.RESPONSABLE)
    organisation = responsable.organisation
    # Missing purpose: an art. 30 error stored with the fiche (compliance/stored.py).
    make_activity(organisation, name="Sans finalité", purpose="")
    make_activity(organisation, status=Status.EN_SERVICE, name="Revue échue",
                  last_reviewed_on="2024-01-01", next_review_on="2025-01-01")
    make_activity(organisation, status=Status.EN_SERVICE, name="Revue à jour",
                  last_reviewed_on=date.today().isoformat(),
                  next_review_on="2099-01-01")
    db.session.commit()
    login(responsable)
    home = _html(client.get("/"))
    assert "Fiches avec des erreurs de conformité" in home
    errors = _html(client.get("/a-faire/erreurs"))
    assert "Sans finalité" in errors
    reviews = _html(client.get("/a-faire/revues"))
    assert "Revue échue" in reviews and "Revue à jour" not in reviews
    assert "01/01/2025" in reviews


def test_the_lists_stay_inside_the_users_scope(client, login):
    dpd = make_user(Role.DPD, academie=make_academie())
    elsewhere = make_organisation()  # another académie
    make_activity(elsewhere, status=Status.A_VALIDER, name="Hors périmètre")
    mine = make_organisation(academie=dpd.academie)
    make_activity(mine, status=Status.A_VALIDER, name="Dans le périmètre")
    db.session.commit()
    login(dpd)
    listing = _html(client.get("/a-faire/a-valider"))
    assert "Dans le périmètre" in listing and "Hors périmètre" not in listing
    assert client.get("/a-faire/inconnu").status_code == 404
