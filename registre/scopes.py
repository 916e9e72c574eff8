"""Who may see and do what: the one place where roles and scopes are decided.

Web views, the JSON API, exports and the CLI all call these functions. An object outside
the user's scope is reported as absent (404), so its existence is never revealed; an object
in scope with a forbidden action is refused (403). Both refusals, when the object exists, are
written in the audit log (``access_denied``) here, in one place.
"""
import enum

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import contains_eager
from werkzeug.exceptions import Forbidden, NotFound

from registre.audit.services import record_event
from registre.extensions import db
from registre.models import (
    Academie,
    Activity,
    ApiToken,
    AuditAction,
    AuditOutcome,
    Breach,
    Job,
    Organisation,
    Revision,
    RightsRequest,
    Role,
    Status,
    User,
)


class Action(enum.StrEnum):
    READ = "read"
    EXPORT = "export"
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    VALIDATE = "validate"
    SEND_BACK = "send_back"
    END = "end"
    DELETE = "delete"
    MANAGE_CATALOGUE = "manage_catalogue"
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANISATIONS = "manage_organisations"
    IMPORT_DIRECTORY = "import_directory"
    DECIDE = "decide"
    CLOSE = "close"
    REOPEN = "reopen"
    # A new version of an in-service fiche: proposed by a writer, validated by a decider.
    PROPOSE = "propose"
    VALIDATE_VERSION = "validate_version"


_READERS = {Role.ADMIN, Role.DPD, Role.RESPONSABLE, Role.REDACTEUR, Role.AUDITEUR}
_WRITERS = {Role.ADMIN, Role.DPD, Role.RESPONSABLE, Role.REDACTEUR}
_DECIDERS = {Role.ADMIN, Role.DPD, Role.RESPONSABLE}

# Role rules for actions on an organisation's register, with the statuses they apply to.
_ACTIVITY_RULES: dict[Action, tuple[set[Role], set[Status] | None]] = {
    Action.READ: (_READERS, None),
    Action.EXPORT: (_READERS, None),
    Action.CREATE: (_WRITERS, None),
    Action.EDIT: (_WRITERS, {Status.BROUILLON, Status.A_VALIDER, Status.EN_SERVICE}),
    Action.SUBMIT: (_WRITERS, {Status.BROUILLON}),
    Action.VALIDATE: (_DECIDERS, {Status.BROUILLON, Status.A_VALIDER}),
    Action.SEND_BACK: (_DECIDERS, {Status.A_VALIDER}),
    Action.END: (_DECIDERS, {Status.EN_SERVICE}),
    # The DPD deletes any draft; a writer of the school only the drafts they created.
    Action.DELETE: ({Role.DPD, Role.RESPONSABLE, Role.REDACTEUR}, {Status.BROUILLON}),
    Action.PROPOSE: (_WRITERS, {Status.EN_SERVICE}),
    Action.VALIDATE_VERSION: (_DECIDERS, {Status.EN_SERVICE}),
}


# The other registers (breaches, rights requests): rédacteurs draft, responsables and the DPD
# decide (risk, notification, extension, answer) and close, auditeurs read and export.
# The flag says whether the record must be open (True), closed (False) or either (None).
_RECORD_RULES: dict[Action, tuple[set[Role], bool | None]] = {
    Action.READ: (_READERS, None),
    Action.EXPORT: (_READERS, None),
    Action.CREATE: (_WRITERS, None),
    Action.EDIT: (_WRITERS, True),
    Action.DECIDE: (_DECIDERS, True),
    Action.CLOSE: (_DECIDERS, True),
    Action.REOPEN: (_DECIDERS, False),
}


def _is_active(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.active


def organisation_filter(user: User | None):
    """A SQL condition on :class:`Organisation` selecting the organisations the user may see."""
    if not _is_active(user):
        return sa.false()
    if user.role == Role.ADMIN:
        return sa.true()
    if user.organisation_id is not None:
        return Organisation.id == user.organisation_id
    if user.academie_id is not None and user.role in (Role.DPD, Role.AUDITEUR):
        return Organisation.academie_id == user.academie_id
    return sa.false()


def academie_filter(user: User | None):
    """A SQL condition on :class:`Academie` selecting the académies the user may see whole."""
    if not _is_active(user):
        return sa.false()
    if user.role == Role.ADMIN:
        return sa.true()
    if user.role in (Role.DPD, Role.AUDITEUR) and user.organisation_id is None \
            and user.academie_id is not None:
        return Academie.id == user.academie_id
    return sa.false()


def sees_organisation(user: User | None, organisation: Organisation) -> bool:
    """Tell whether the organisation is inside the user's scope."""
    if not _is_active(user):
        return False
    if user.role == Role.ADMIN:
        return True
    if user.organisation_id is not None:
        return organisation.id == user.organisation_id
    return user.role in (Role.DPD, Role.AUDITEUR) and user.academie_id is not None \
        and organisation.academie_id == user.academie_id


def sees_academie(user: User | None, academie: Academie) -> bool:
    """Tell whether the user's scope covers the whole académie."""
    if not _is_active(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role in (Role.DPD, Role.AUDITEUR) and user.organisation_id is None \
        and user.academie_id == academie.id


def can(user: User | None, action: Action, organisation: Organisation,
        activity: Activity | None = None) -> bool:
    """Tell whether the user may do ``action`` on the organisation's register (or one activity)."""
    if not sees_organisation(user, organisation):
        return False
    if action == Action.MANAGE_CATALOGUE:
        return user.role in (Role.ADMIN, Role.DPD)
    if action == Action.MANAGE_USERS:
        return user.role in (Role.ADMIN, Role.DPD)
    if action == Action.MANAGE_ORGANISATIONS:
        return user.role == Role.ADMIN
    roles, statuses = _ACTIVITY_RULES[action]
    if user.role not in roles:
        return False
    if activity is not None and statuses is not None and activity.status not in statuses:
        return False
    # A rédacteur only edits drafts.
    if action == Action.EDIT and user.role == Role.REDACTEUR:
        return activity is None or activity.status == Status.BROUILLON
    if action == Action.DELETE and user.role != Role.DPD:
        return activity is None or created_by(user, activity)
    return True


def roles_allowed(action: Action) -> set[Role]:
    """The roles that may do ``action`` on a fiche somewhere in their scope."""
    return set(_ACTIVITY_RULES[action][0])


def created_by(user: User, activity: Activity) -> bool:
    """Tell whether ``user`` created the fiche (wrote its first revision)."""
    if activity.id is None:
        return False
    author_id = db.session.scalar(sa.select(Revision.author_id)
                                  .where(Revision.activity_id == activity.id)
                                  .order_by(Revision.number).limit(1))
    return author_id is not None and author_id == user.id


def can_record(user: User | None, action: Action, organisation: Organisation,
               record: Breach | RightsRequest | None = None) -> bool:
    """Tell whether the user may do ``action`` on a breach or rights request (or its register)."""
    if not sees_organisation(user, organisation):
        return False
    roles, must_be_open = _RECORD_RULES[action]
    if user.role not in roles:
        return False
    return record is None or must_be_open is None or record.is_open == must_be_open


def can_manage_academie(user: User | None, academie: Academie, action: Action) -> bool:
    """Tell whether the user may manage the académie's catalogue, accounts or schools list."""
    if not sees_academie(user, academie):
        return False
    if action in (Action.MANAGE_CATALOGUE, Action.MANAGE_USERS, Action.IMPORT_DIRECTORY):
        return user.role in (Role.ADMIN, Role.DPD)
    if action in (Action.READ, Action.EXPORT):
        return True
    return user.role == Role.ADMIN


def _not_found(user: User | None, target: str, academie_id: int | None) -> NotFound:
    """The 404 of an object that exists outside the user's scope, written in the audit log."""
    record_event(AuditAction.ACCESS_DENIED, target, outcome=AuditOutcome.DENIED,
                 user=user if _is_active(user) else None, academie_id=academie_id,
                 details="hors du périmètre (404)")
    return NotFound()


def require(allowed: bool) -> None:
    """Refuse the request (403) when an in-scope action is not allowed (audit-logged)."""
    if not allowed:
        target = f"{request.method} {request.path}" if has_request_context() else ""
        record_event(AuditAction.ACCESS_DENIED, target, outcome=AuditOutcome.DENIED,
                     details="action non autorisée (403)")
        raise Forbidden("Vous n'avez pas le droit de faire cette action.")


def visible_organisations(user: User | None) -> sa.Select:
    """A query of the organisations in the user's scope, by académie then name."""
    return (sa.select(Organisation).join(Organisation.academie)
            .options(contains_eager(Organisation.academie))
            .where(organisation_filter(user)).order_by(Academie.name, Organisation.name))


def get_organisation_or_404(user: User | None, uai: str) -> Organisation:
    """Load an organisation by UAI within the user's scope, else 404."""
    uai = (uai or "").strip().upper()
    organisation = db.session.scalars(
        sa.select(Organisation).where(Organisation.uai == uai, organisation_filter(user))
    ).first()
    if organisation is None:
        owner = db.session.scalar(sa.select(Organisation.academie_id)
                                  .where(Organisation.uai == uai))
        if owner is not None:
            raise _not_found(user, f"organisation:{uai}", owner)
        raise NotFound()
    return organisation


def get_academie_or_404(user: User | None, code: str) -> Academie:
    """Load an académie by code when the user's scope covers it whole, else 404."""
    academie = db.session.scalars(
        sa.select(Academie).where(Academie.code == code, academie_filter(user))
    ).first()
    if academie is None:
        owner = db.session.scalar(sa.select(Academie.id).where(Academie.code == code))
        if owner is not None:
            raise _not_found(user, f"academie:{code}", owner)
        raise NotFound()
    return academie


def get_activity_or_404(user: User | None, activity_id: int,
                        organisation: Organisation | None = None) -> Activity:
    """Load an activity within the user's scope (and of ``organisation`` when given), else 404."""
    query = (sa.select(Activity).join(Activity.organisation)
             .where(Activity.id == activity_id, organisation_filter(user)))
    if organisation is not None:
        query = query.where(Activity.organisation_id == organisation.id)
    activity = db.session.scalars(query).first()
    if activity is None:
        owner = db.session.scalar(sa.select(Organisation.academie_id).join(Activity.organisation)
                                  .where(Activity.id == activity_id))
        if owner is not None:
            raise _not_found(user, f"traitement:{activity_id}", owner)
        raise NotFound()
    return activity


def get_breach_or_404(user: User | None, breach_id: int,
                      organisation: Organisation | None = None) -> Breach:
    """Load a breach within the user's scope (and of ``organisation`` when given), else 404."""
    return _record_or_404(Breach, user, breach_id, organisation)


def get_rights_request_or_404(user: User | None, request_id: int,
                              organisation: Organisation | None = None) -> RightsRequest:
    """Load a rights request within the user's scope (and of ``organisation``), else 404."""
    return _record_or_404(RightsRequest, user, request_id, organisation)


def _record_or_404(model, user: User | None, record_id: int,
                   organisation: Organisation | None):
    query = (sa.select(model).join(model.organisation)
             .where(model.id == record_id, organisation_filter(user)))
    if organisation is not None:
        query = query.where(model.organisation_id == organisation.id)
    record = db.session.scalars(query).first()
    if record is None:
        raise NotFound()
    return record


def can_administer(user: User | None) -> bool:
    """Tell whether the user manages the platform's académies and organisations (admin only)."""
    return _is_active(user) and user.role == Role.ADMIN


def get_managed_user_or_404(user: User | None, academie: Academie, user_id: int) -> User:
    """Load an account of an académie the user sees whole (never an admin), else 404."""
    if not sees_academie(user, academie):
        raise _not_found(user, f"compte:{user_id}", academie.id)
    account = db.session.scalars(
        sa.select(User).where(User.id == user_id, User.academie_id == academie.id,
                              User.role != Role.ADMIN)
    ).first()
    if account is None:
        owner = db.session.execute(sa.select(User.academie_id).where(User.id == user_id)).first()
        if owner is not None:
            raise _not_found(user, f"compte:{user_id}", owner.academie_id)
        raise NotFound()
    return account


def visible_academies(user: User | None) -> sa.Select:
    """A query of the académies the user sees whole (académie-wide exports), by name."""
    return sa.select(Academie).where(academie_filter(user)).order_by(Academie.name)


def can_read_audit_log(user: User | None, academie: Academie | None = None) -> bool:
    """The DPD reads the audit log of their académie; the administrator reads it all."""
    if academie is None:
        return can_administer(user)
    return sees_academie(user, academie) and user.role in (Role.ADMIN, Role.DPD)


def get_own_token_or_404(user: User | None, token_id: int) -> ApiToken:
    """Load one of the user's own API tokens, else 404."""
    token = db.session.scalars(sa.select(ApiToken).where(
        ApiToken.id == token_id, ApiToken.user_id == (user.id if _is_active(user) else None))
    ).first()
    if token is None:
        raise NotFound()
    return token
def can_follow_job(user: User | None, job: Job) -> bool:
    """Tell whether the user may follow a job and download its file: the job's organisation
    or whole académie must be in the user's scope (a platform-wide job: administrators)."""
    if not _is_active(user):
        return False
    if job.organisation is not None:
        return sees_organisation(user, job.organisation)
    if job.academie is not None:
        return sees_academie(user, job.academie)
    return user.role == Role.ADMIN


def get_job_or_404(user: User | None, job_id: str) -> Job:
    """Load a job the user may follow (as it is now in the database), else 404."""
    job = db.session.scalars(sa.select(Job).where(Job.id == (job_id or "")[:32])
                             .execution_options(populate_existing=True)).first()
    if job is None or not can_follow_job(user, job):
        raise NotFound()
    return job
