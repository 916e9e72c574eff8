"""Helpers of the new-version tests: an in-service fiche and its form as the browser sends it."""
from registre.activities.form_data import default_controller
from registre.extensions import db
from registre.models import Role, Status
from tests.factories import activity_data, browser_form, make_activity, make_user

OLD_PURPOSE = "Suivre la scolarité : notes, absences, sanctions, cahier de textes."
NEW_PURPOSE = "Suivre la scolarité et publier l'emploi du temps aux familles."


def in_service_world() -> dict:
    """A school with a rédacteur, a responsable, an auditeur and one in-service fiche."""
    redacteur = make_user(Role.REDACTEUR, name="Rédactrice")
    organisation = redacteur.organisation
    responsable = make_user(Role.RESPONSABLE, organisation=organisation, name="Principal")
    auditeur = make_user(Role.AUDITEUR, organisation=organisation)
    activity = make_activity(organisation, author=redacteur, status=Status.EN_SERVICE,
                             purpose=OLD_PURPOSE, dpia_status="realisee",
                             dpia_date="2026-01-10")
    db.session.commit()
    return {"organisation": organisation, "redacteur": redacteur, "responsable": responsable,
            "auditeur": auditeur, "activity": activity,
            "base": f"/etablissements/{organisation.uai}/traitements/{activity.id}"}


def proposal_form(organisation, **overrides):
    """The fiche's form with the new purpose (or other overrides), as a browser posts it."""
    overrides.setdefault("purpose", NEW_PURPOSE)
    return browser_form(activity_data(dpia_status="realisee", dpia_date="2026-01-10",
                                      controller=default_controller(organisation),
                                      published=True,
                                      **overrides))
