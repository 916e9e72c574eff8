"""The life of a fiche (design §1): submit, put in service, send back, end, delete.

The web views and the JSON API both call :func:`transition_activity` and
:func:`delete_activity`; permissions come from :mod:`registre.scopes`.
"""
from dataclasses import dataclass
from datetime import date

from registre.activities.services import VersionConflict
from registre.audit.services import record_event
from registre.compliance.services import blocking_findings, findings_to_acknowledge
from registre.dates import today, utcnow
from registre.extensions import db
from registre.forms.validators import MAX_TEXT, forbidden_character, nfc
from registre.history.services import record_revision
from registre.models import Activity, AuditAction, Status, User
from registre.scopes import Action, can


class WorkflowError(Exception):
    """A transition that cannot happen now; the message (French) says why."""

    def __init__(self, message: str, findings: list | None = None):
        super().__init__(message)
        self.message = message
        self.findings = findings or []


class WorkflowForbidden(WorkflowError):
    """The user's role does not allow this action (HTTP 403)."""


class WorkflowConflict(WorkflowError):
    """The fiche as it is now does not allow this transition (its status, what it lacks)."""


class NeedsAcknowledgement(WorkflowConflict):
    """Putting in service needs the validator to acknowledge the compliance errors listed."""


@dataclass(frozen=True)
class Transition:
    action: Action
    revision_action: str
    verb: str


TRANSITIONS = {
    Status.A_VALIDER: Transition(Action.SUBMIT, "soumission", "soumettre la fiche"),
    Status.EN_SERVICE: Transition(Action.VALIDATE, "mise_en_service",
                                  "mettre le traitement en service"),
    Status.BROUILLON: Transition(Action.SEND_BACK, "renvoi", "renvoyer la fiche au rédacteur"),
    Status.TERMINE: Transition(Action.END, "fin", "mettre fin au traitement"),
}


def activity_target(activity: Activity) -> str:
    """How the audit log names an activity: id, reference and register (never its content)."""
    return f"traitement:{activity.id} ({activity.reference}, {activity.organisation.uai})"


def clean_comment(comment: str | None) -> str:
    """Normalise a comment (NFC) and refuse control characters or excessive length."""
    text = nfc(comment or "")
    if len(text) > MAX_TEXT:
        raise WorkflowError(f"Le commentaire est trop long ({len(text)} caractères pour "
                            f"{MAX_TEXT} au plus).")
    char = forbidden_character(text, multiline=True)
    if char is not None:
        raise WorkflowError(f"Le commentaire contient un caractère de contrôle invisible "
                            f"(U+{ord(char):04X}) : supprimez-le.")
    return text


def _check_allowed(user: User, activity: Activity, action: Action, verb: str) -> None:
    organisation = activity.organisation
    if not can(user, action, organisation):
        raise WorkflowForbidden(f"Votre rôle ne permet pas de {verb}.")
    if not can(user, action, organisation, activity):
        raise WorkflowConflict(f"Impossible de {verb} : la fiche est au statut "
                            f"« {activity.status.label} ».")


def transition_activity(activity: Activity, user: User, to: Status | str, comment: str = "",
                        ended_on: date | None = None, acknowledged: bool = False,
                        expected_version: int | None = None) -> None:
    """Move the activity to status ``to`` and write a revision; raise WorkflowError if refused."""
    try:
        target = Status(to)
    except ValueError:
        raise WorkflowError("Statut demandé inconnu : choisissez brouillon, a_valider, "
                            "en_service ou termine.") from None
    transition = TRANSITIONS[target]
    _check_allowed(user, activity, transition.action, transition.verb)
    if expected_version is not None and expected_version != activity.version:
        raise VersionConflict()
    comment = clean_comment(comment).strip()
    if target == Status.EN_SERVICE:
        missing = blocking_findings(activity)
        if missing:
            raise WorkflowConflict("La fiche ne peut pas être mise en service : il manque des "
                                "éléments obligatoires du registre (art. 30 du RGPD).",
                                missing)
        others = findings_to_acknowledge(activity)
        if others and not acknowledged:
            raise NeedsAcknowledgement("Des erreurs de conformité restent ouvertes : "
                                       "cochez la case pour confirmer la mise en service "
                                       "en connaissance de cause.", others)
        activity.validated_by = user
        activity.validated_by_id = user.id
        activity.validated_at = utcnow()
    elif target == Status.BROUILLON:
        if not comment:
            raise WorkflowError("Expliquez au rédacteur ce qu'il doit revoir : le commentaire "
                                "est obligatoire pour renvoyer une fiche.")
    elif target == Status.TERMINE:
        ended_on = ended_on or today()
        if ended_on > today():
            raise WorkflowError("La date de fin ne peut pas être dans le futur.")
        activity.ended_on = ended_on
    before = activity.status
    activity.status = target
    record_revision(activity, user, action=transition.revision_action, comment=comment)
    record_event(AuditAction.TRANSITION, activity_target(activity), user=user,
                 academie_id=activity.organisation.academie_id,
                 details=f"{before.value} -> {target.value}")


def delete_activity(activity: Activity, user: User) -> None:
    """Hard-delete a draft (the DPD any, a writer of the school the drafts they created);
    its revisions go with it, the audit log keeps the deletion."""
    organisation = activity.organisation
    if not can(user, Action.DELETE, organisation):
        raise WorkflowForbidden("Votre rôle ne permet pas de supprimer une fiche.")
    if activity.status != Status.BROUILLON:
        raise WorkflowError(f"Impossible de supprimer la fiche : elle est au statut "
                            f"« {activity.status.label} » ; seul un brouillon se supprime.")
    if not can(user, Action.DELETE, organisation, activity):
        raise WorkflowForbidden("Vous ne pouvez supprimer que les brouillons que vous avez "
                                "créés ; demandez au DPD de l'académie.")
    record_event(AuditAction.DELETE, activity_target(activity), user=user,
                 academie_id=activity.organisation.academie_id,
                 details=f"statut={activity.status.value}")
    db.session.delete(activity)
    db.session.flush()
