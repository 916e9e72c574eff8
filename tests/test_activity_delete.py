"""A rédacteur deletes the drafts they created; the DPD still deletes any draft; the audit
log keeps every deletion (issue 11, point 6)."""
import html

import sqlalchemy as sa

from registre.extensions import db
from registre.models import Activity, AuditAction, AuditEvent, AuditOutcome, Role, Status
from tests.factories import activity_data, browser_form, make_activity, make_user

DELETE_BUTTON = "Supprimer ce brouillon…"


def _fiche(client, activity) -> str:
    url = f"/etablissements/{activity.organisation.uai}/traitements/{activity.id}"
    return html.unescape(client.get(url).get_data(as_text=True))


def _delete(client, activity):
    return client.post_form(f"/etablissements/{activity.organisation.uai}/traitements/"
                            f"{activity.id}/supprimer")


def test_redacteur_deletes_the_draft_they_created_and_the_audit_log_keeps_it(client, login):
    redacteur = make_user(Role.REDACTEUR)
    db.session.commit()
    login(redacteur)
    uai = redacteur.organisation.uai
    created = client.post_form(f"/etablissements/{uai}/traitements/nouveau",
                               browser_form(activity_data(name="Brouillon à jeter")))
    assert created.status_code == 303
    activity = db.session.scalars(sa.select(Activity)).one()
    assert DELETE_BUTTON in _fiche(client, activity)
    activity_id, reference = activity.id, activity.reference
    response = _delete(client, activity)
    assert response.status_code == 303
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Fiche « Brouillon à jeter » supprimée définitivement." in page
    db.session.expire_all()
    assert db.session.get(Activity, activity_id) is None
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == AuditAction.DELETE)).one()
    assert event.user_id == redacteur.id and event.outcome == AuditOutcome.SUCCESS
    assert f"traitement:{activity_id} ({reference}, {uai})" == event.target


def test_redacteur_cannot_delete_a_colleagues_draft(client, login):
    author = make_user(Role.REDACTEUR)
    colleague = make_user(Role.REDACTEUR, organisation=author.organisation)
    activity = make_activity(author.organisation, author=author)
    db.session.commit()
    login(colleague)
    assert DELETE_BUTTON not in _fiche(client, activity)
    assert _delete(client, activity).status_code == 403
    db.session.expire_all()
    assert db.session.get(Activity, activity.id) is not None


def test_redacteur_cannot_delete_their_fiche_once_submitted(client, login):
    redacteur = make_user(Role.REDACTEUR)
    activity = make_activity(redacteur.organisation, author=redacteur, status=Status.A_VALIDER)
    db.session.commit()
    login(redacteur)
    assert DELETE_BUTTON not in _fiche(client, activity)
    response = _delete(client, activity)
    assert response.status_code == 303
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "seul un brouillon se supprime" in page
    db.session.expire_all()
    assert db.session.get(Activity, activity.id) is not None


def test_dpd_still_deletes_any_draft(client, login):
    author = make_user(Role.REDACTEUR)
    dpd = make_user(Role.DPD, academie=author.organisation.academie)
    activity = make_activity(author.organisation, author=author)
    db.session.commit()
    login(dpd)
    assert DELETE_BUTTON in _fiche(client, activity)
    assert _delete(client, activity).status_code == 303
    db.session.expire_all()
    assert db.session.get(Activity, activity.id) is None
