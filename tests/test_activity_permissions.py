"""Every role × action on a fiche through the web: allowed, forbidden (403) or hidden (404)."""
import pytest
import sqlalchemy as sa

from registre.extensions import db
from registre.models import Activity, Revision, Role, Status
from tests.factories import (
    activity_data,
    browser_form,
    make_activity,
    make_member,
    make_organisation,
    make_user,
)

OK, FORBIDDEN, HIDDEN = 303, 403, 404

# Who may do what in scope (design §1): admin and DPD decide, responsable decides locally,
# rédacteur proposes, auditeur reads only; only the DPD hard-deletes another's draft
# (a writer deletes the drafts they created: tests/test_activity_delete.py).
EXPECTED = {
    "admin": {"create": OK, "edit": OK, "submit": OK, "validate": OK, "send_back": OK,
              "end": OK, "delete": FORBIDDEN},
    "dpd": {"create": OK, "edit": OK, "submit": OK, "validate": OK, "send_back": OK,
            "end": OK, "delete": OK},
    "responsable": {"create": OK, "edit": OK, "submit": OK, "validate": OK, "send_back": OK,
                    "end": OK, "delete": FORBIDDEN},
    "redacteur": {"create": OK, "edit": OK, "submit": OK, "validate": FORBIDDEN,
                  "send_back": FORBIDDEN, "end": FORBIDDEN, "delete": FORBIDDEN},
    "auditeur": {"create": FORBIDDEN, "edit": FORBIDDEN, "submit": FORBIDDEN,
                 "validate": FORBIDDEN, "send_back": FORBIDDEN, "end": FORBIDDEN,
                 "delete": FORBIDDEN},
}
# The status each action starts from.
START = {"create": Status.BROUILLON, "edit": Status.BROUILLON, "submit": Status.BROUILLON,
         "validate": Status.A_VALIDER, "send_back": Status.A_VALIDER, "end": Status.EN_SERVICE,
         "delete": Status.BROUILLON}


def make_actor(role: str, organisation, in_scope: bool):
    """A user of ``role`` whose scope covers the organisation or not."""
    return make_member(role, organisation if in_scope else make_organisation())


def perform(client, action: str, organisation, activity):
    base = f"/etablissements/{organisation.uai}/traitements"
    if action == "create":
        return client.post_form(f"{base}/nouveau", browser_form(activity_data(name="Nouvelle")))
    if action == "edit":
        data = browser_form(activity_data(name="Renommée"))
        data["version"] = str(activity.version)
        return client.post_form(f"{base}/{activity.id}/modifier", data)
    if action == "delete":
        return client.post_form(f"{base}/{activity.id}/supprimer", {})
    to = {"submit": "a_valider", "validate": "en_service", "send_back": "brouillon",
          "end": "termine"}[action]
    return client.post_form(f"{base}/{activity.id}/statut",
                     {"to": to, "comment": "À revoir", "version": str(activity.version)})


def state():
    """Everything a refused request must leave untouched."""
    rows = db.session.execute(sa.select(Activity.id, Activity.name, Activity.status,
                                        Activity.version).order_by(Activity.id)).all()
    return rows, db.session.scalar(sa.select(sa.func.count(Revision.id)))


CASES = [(role, action, in_scope) for role in EXPECTED for action in EXPECTED[role]
         for in_scope in (True, False) if role != "admin" or in_scope]


@pytest.mark.parametrize("role, action, in_scope", CASES)
def test_role_action_scope(client, login, role, action, in_scope):
    organisation = make_organisation()
    author = make_user(Role.REDACTEUR, organisation=organisation)
    activity = make_activity(organisation, author=author, status=START[action])
    actor = make_actor(role, organisation, in_scope)
    db.session.commit()
    activity_id, version = activity.id, activity.version
    before = state()
    login(actor)
    response = perform(client, action, organisation, activity)
    expected = EXPECTED[role][action] if in_scope else HIDDEN
    assert response.status_code == expected, response.get_data(as_text=True)[:400]
    db.session.expire_all()
    if expected != OK:
        assert state() == before
        return
    stored = db.session.get(Activity, activity_id)
    if action == "create":
        assert db.session.scalar(sa.select(sa.func.count(Activity.id))) == 2
    elif action == "edit":
        assert stored.name == "Renommée" and stored.version == version + 1
    elif action == "delete":
        assert stored is None
    else:
        assert stored.status == {"submit": Status.A_VALIDER, "validate": Status.EN_SERVICE,
                                 "send_back": Status.BROUILLON, "end": Status.TERMINE}[action]


@pytest.mark.parametrize("status", [Status.A_VALIDER, Status.EN_SERVICE, Status.TERMINE])
def test_redacteur_edits_drafts_only(client, login, status):
    redacteur = make_user(Role.REDACTEUR)
    activity = make_activity(redacteur.organisation, author=redacteur, status=status)
    db.session.commit()
    before = state()
    login(redacteur)
    url = f"/etablissements/{redacteur.organisation.uai}/traitements/{activity.id}/modifier"
    assert client.get(url).status_code == 403
    assert perform(client, "edit", redacteur.organisation, activity).status_code == 403
    assert state() == before


def test_nobody_edits_an_ended_activity(client, login):
    responsable = make_user(Role.RESPONSABLE)
    activity = make_activity(responsable.organisation, author=responsable,
                             status=Status.TERMINE)
    db.session.commit()
    login(responsable)
    assert perform(client, "edit", responsable.organisation, activity).status_code == 403


@pytest.mark.parametrize("role, buttons, absent", [
    ("redacteur", ["Modifier", "Soumettre pour validation"],
     ["Mettre en service", "Supprimer définitivement", "Renvoyer"]),
    ("responsable", ["Modifier", "Soumettre pour validation", "Mettre en service"],
     ["Supprimer définitivement", "Renvoyer"]),
    ("dpd", ["Modifier", "Mettre en service", "Supprimer définitivement"], ["Renvoyer"]),
    ("auditeur", [], ["Modifier", "Soumettre pour validation", "Mettre en service",
                      "Supprimer définitivement", "/statut"]),
])
def test_fiche_shows_only_the_allowed_buttons_on_a_draft(client, login, role, buttons, absent):
    organisation = make_organisation()
    activity = make_activity(organisation)
    actor = make_actor(role, organisation, True)
    db.session.commit()
    login(actor)
    html = client.get(f"/etablissements/{organisation.uai}/traitements/{activity.id}") \
        .get_data(as_text=True)
    for text in buttons:
        assert text in html
    for text in absent:
        assert text not in html


def test_auditeur_cannot_open_the_forms(client, login):
    auditeur = make_user(Role.AUDITEUR)
    organisation = make_organisation(academie=auditeur.academie)
    activity = make_activity(organisation)
    db.session.commit()
    login(auditeur)
    base = f"/etablissements/{organisation.uai}/traitements"
    assert client.get(f"{base}/nouveau").status_code == 403
    assert client.get(f"{base}/{activity.id}/modifier").status_code == 403
