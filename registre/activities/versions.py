"""New versions of in-service fiches: propose, compare, validate, send back, withdraw.

The fiche keeps its in-service content — which the public page, the exports and the API
read — while the proposed content waits in a :class:`PendingVersion`. Validating applies it
to the fiche and writes a revision; sending it back leaves the in-service version alone.
"""
import sqlalchemy as sa

from registre.activities.services import VersionConflict, update_activity
from registre.activities.workflow import (
    NeedsAcknowledgement,
    WorkflowError,
    WorkflowForbidden,
    activity_target,
    clean_comment,
)
from registre.audit.services import record_event
from registre.compliance.findings import Finding
from registre.compliance.services import activity_findings, validation_findings
from registre.dates import utcnow
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict, apply_activity_data
from registre.history.diff import Change, diff_snapshots
from registre.models import (
    Activity,
    AuditAction,
    PendingState,
    PendingVersion,
    Processor,
    Status,
    User,
)
from registre.scopes import Action, can


def pending_version(activity: Activity) -> PendingVersion | None:
    """The version proposed for an in-service fiche, or None."""
    if activity.id is None:
        return None
    return db.session.scalars(
        sa.select(PendingVersion).where(PendingVersion.activity_id == activity.id)).first()


def proposed_activity(activity: Activity, data: dict) -> Activity:
    """A detached copy of the fiche carrying the proposed data (never saved, never flushed).

    The rules and the snapshot read it exactly as they read the fiche, so the proposal is
    shown and checked with the same code without touching the in-service row.
    """
    copy = Activity()
    for column in Activity.__table__.columns:
        setattr(copy, column.key, getattr(activity, column.key))
    copy.organisation = activity.organisation
    copy.validated_by = activity.validated_by
    copy.template = activity.template
    with db.session.no_autoflush:
        apply_activity_data(copy, data)
        # As when saving (update_activity), an emptied reference keeps the fiche's number.
        copy.reference = (copy.reference or "").strip() and copy.reference or activity.reference
        wanted = {row.processor_id for row in copy.recipients if row.processor_id}
        wanted.add(copy.hosting_processor_id)
        wanted.discard(None)
        processors = {processor.id: processor for processor in db.session.scalars(
            sa.select(Processor).where(Processor.id.in_(wanted)))} if wanted else {}
        for row in copy.recipients:
            row.processor = processors.get(row.processor_id)
        copy.hosting_processor = processors.get(copy.hosting_processor_id)
    return copy


def version_changes(activity: Activity, data: dict) -> list[Change]:
    """What the proposed data change on the in-service fiche, field by field."""
    return diff_snapshots(activity_to_dict(activity),
                          activity_to_dict(proposed_activity(activity, data)))


def proposal_findings(activity: Activity, data: dict) -> list[Finding]:
    """The compliance findings the fiche would have with the proposed data."""
    return activity_findings(proposed_activity(activity, data))


def _require(user: User, activity: Activity, action: Action, verb: str) -> None:
    if not can(user, action, activity.organisation):
        raise WorkflowForbidden(f"Votre rôle ne permet pas de {verb}.")
    if not can(user, action, activity.organisation, activity):
        raise WorkflowError(f"Impossible de {verb} : la fiche est au statut "
                            f"« {activity.status.label} ».")


def propose_version(activity: Activity, data: dict, author: User) -> PendingVersion:
    """Store ``data`` as the new version of an in-service fiche, awaiting validation."""
    _require(author, activity, Action.PROPOSE, "proposer une nouvelle version")
    if not version_changes(activity, data):
        raise WorkflowError("La nouvelle version est identique à la version en service : "
                            "rien à faire valider.")
    pending = pending_version(activity)
    if pending is None:
        pending = PendingVersion(activity=activity, activity_id=activity.id,
                                 organisation_id=activity.organisation_id)
        db.session.add(pending)
    pending.data = data
    pending.base_version = activity.version
    pending.state = PendingState.A_VALIDER
    pending.author_id = author.id
    pending.updated_at = utcnow()
    pending.comment, pending.reviewer_id, pending.reviewed_at = "", None, None
    record_event(AuditAction.TRANSITION, activity_target(activity), user=author,
                 academie_id=activity.organisation.academie_id,
                 details="nouvelle version proposée")
    db.session.flush()
    return pending


def _awaiting(activity: Activity) -> PendingVersion:
    pending = pending_version(activity)
    if pending is None or pending.state != PendingState.A_VALIDER:
        raise WorkflowError("Aucune nouvelle version n'attend de validation sur cette fiche.")
    return pending


def validate_version(activity: Activity, user: User, acknowledged: bool = False,
                     expected_version: int | None = None) -> None:
    """Replace the in-service content by the proposed one and write a revision."""
    _require(user, activity, Action.VALIDATE_VERSION, "valider la nouvelle version")
    pending = _awaiting(activity)
    if expected_version is not None and expected_version != activity.version:
        raise VersionConflict()
    if pending.base_version != activity.version:
        raise WorkflowError("La fiche en service a été modifiée depuis que cette version a été "
                            "proposée : renvoyez-la pour qu'elle soit reprise sur la fiche "
                            "actuelle.")
    missing, others = validation_findings(proposal_findings(activity, pending.data))
    if missing:
        raise WorkflowError("La nouvelle version ne peut pas être validée : il manque des "
                            "éléments obligatoires du registre (art. 30 du RGPD).", missing)
    if others and not acknowledged:
        raise NeedsAcknowledgement("Des erreurs de conformité restent ouvertes dans la nouvelle "
                                   "version : cochez la case pour la valider en connaissance "
                                   "de cause.", others)
    author = pending.author
    proposer = (author.name or author.email) if author is not None else "un compte supprimé"
    activity.validated_by, activity.validated_by_id = user, user.id
    activity.validated_at = utcnow()
    update_activity(activity, pending.data, user, activity.version, action="nouvelle_version",
                    comment=f"Nouvelle version proposée par {proposer}.")
    db.session.delete(pending)
    record_event(AuditAction.TRANSITION, activity_target(activity), user=user,
                 academie_id=activity.organisation.academie_id,
                 details="nouvelle version validée")
    db.session.flush()


def send_back_version(activity: Activity, user: User, comment: str) -> None:
    """Return the proposed version to its author with a comment; the fiche stays as it is."""
    _require(user, activity, Action.VALIDATE_VERSION, "renvoyer la nouvelle version")
    pending = _awaiting(activity)
    comment = clean_comment(comment).strip()
    if not comment:
        raise WorkflowError("Expliquez au rédacteur ce qu'il doit revoir : le commentaire "
                            "est obligatoire pour renvoyer une nouvelle version.")
    pending.state = PendingState.RENVOYEE
    pending.comment, pending.reviewer_id, pending.reviewed_at = comment, user.id, utcnow()
    record_event(AuditAction.TRANSITION, activity_target(activity), user=user,
                 academie_id=activity.organisation.academie_id,
                 details="nouvelle version renvoyée")
    db.session.flush()


def withdraw_version(activity: Activity, user: User) -> None:
    """Abandon the proposed version (its author, or whoever validates)."""
    pending = pending_version(activity)
    if pending is None:
        raise WorkflowError("Aucune nouvelle version n'est proposée sur cette fiche.")
    if pending.author_id != user.id:
        _require(user, activity, Action.VALIDATE_VERSION, "abandonner la nouvelle version")
    elif not can(user, Action.READ, activity.organisation):
        raise WorkflowForbidden("Votre rôle ne permet pas d'abandonner cette version.")
    db.session.delete(pending)
    record_event(AuditAction.TRANSITION, activity_target(activity), user=user,
                 academie_id=activity.organisation.academie_id,
                 details="nouvelle version abandonnée")
    db.session.flush()


def may_propose(user: User, activity: Activity) -> bool:
    """True when the user may propose a new version of this (in-service) fiche."""
    return activity.status == Status.EN_SERVICE and can(user, Action.PROPOSE,
                                                        activity.organisation, activity)
