"""What each user has to do on the fiches of their scope, as counts and filtered lists.

Every list is one SQL condition on :class:`Activity` inside the user's scope (registre/scopes),
so that the home page counts them in one query each and the list page reads the same rows.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from registre.compliance.dashboards import REVIEW_RULE
from registre.dates import today
from registre.extensions import db
from registre.models import (
    Activity,
    ActivityCompliance,
    Organisation,
    PendingState,
    PendingVersion,
    Revision,
    Status,
    StoredFinding,
    User,
)
from registre.scopes import Action, organisation_filter, roles_allowed

# A list page shows at most this many fiches (the count above it gives the total).
LIST_LIMIT = 200


@dataclass(frozen=True)
class TodoKind:
    """One line of the to-do list: its URL slug, its French wording and who sees it."""

    slug: str
    title: str
    empty: str
    action: Action = Action.READ


KINDS = {kind.slug: kind for kind in (
    TodoKind("a-valider", "Fiches en attente de ma validation",
             "Aucune fiche n'attend votre validation.", Action.VALIDATE),
    TodoKind("renvoyees", "Fiches qui me sont renvoyées, avec le commentaire",
             "Aucune fiche ne vous a été renvoyée."),
    TodoKind("erreurs", "Fiches avec des erreurs de conformité",
             "Aucune fiche en cours n'a d'erreur de conformité."),
    TodoKind("revues", "Revues à faire (revue annuelle échue)",
             "Aucune revue n'est due."),
)}


def _in_scope(user: User):
    return Activity.organisation_id.in_(sa.select(Organisation.id)
                                        .where(organisation_filter(user)))


def _awaiting(user: User):
    new_versions = sa.select(PendingVersion.activity_id).where(
        PendingVersion.state == PendingState.A_VALIDER)
    return sa.or_(Activity.status == Status.A_VALIDER,
                  sa.and_(Activity.status == Status.EN_SERVICE, Activity.id.in_(new_versions)))


def _sent_back(user: User):
    last_action = (sa.select(Revision.action).where(Revision.activity_id == Activity.id)
                   .order_by(Revision.number.desc()).limit(1).scalar_subquery())
    # "Mine": a fiche I created, changed or submitted.
    mine = sa.select(Revision.activity_id).where(
        Revision.author_id == user.id,
        Revision.action.in_(("creation", "modification", "soumission", "import")))
    versions = sa.select(PendingVersion.activity_id).where(
        PendingVersion.state == PendingState.RENVOYEE, PendingVersion.author_id == user.id)
    return sa.or_(sa.and_(Activity.status == Status.BROUILLON, Activity.id.in_(mine),
                          last_action == "renvoi"),
                  sa.and_(Activity.status == Status.EN_SERVICE, Activity.id.in_(versions)))


def _with_errors(user: User):
    return sa.and_(Activity.status != Status.TERMINE, Activity.id.in_(
        sa.select(ActivityCompliance.activity_id).where(ActivityCompliance.errors > 0)))


def _reviews_due(user: User):
    late = sa.select(StoredFinding.activity_id).where(StoredFinding.rule == REVIEW_RULE)
    return sa.and_(Activity.status == Status.EN_SERVICE,
                   sa.or_(Activity.next_review_on <= today(), Activity.id.in_(late)))


_CONDITIONS = {"a-valider": _awaiting, "renvoyees": _sent_back, "erreurs": _with_errors,
               "revues": _reviews_due}


def kinds_for(user: User) -> list[TodoKind]:
    """The lines of the user's to-do list (validation only for those who validate)."""
    return [kind for kind in KINDS.values() if user.role in roles_allowed(kind.action)]


def _condition(user: User, kind: TodoKind):
    return sa.and_(_in_scope(user), _CONDITIONS[kind.slug](user))


def todo_counts(user: User) -> list[tuple[TodoKind, int]]:
    """Each line of the user's to-do list with its number of fiches (one query per line)."""
    return [(kind, db.session.scalar(sa.select(sa.func.count(Activity.id))
                                     .where(_condition(user, kind))))
            for kind in kinds_for(user)]


def todo_activities(user: User, kind: TodoKind) -> tuple[list[Activity], int]:
    """The fiches of one line (oldest change first, at most LIST_LIMIT) and their total."""
    condition = _condition(user, kind)
    total = db.session.scalar(sa.select(sa.func.count(Activity.id)).where(condition))
    activities = list(db.session.scalars(
        sa.select(Activity).where(condition)
        .order_by(Activity.updated_at, Activity.id).limit(LIST_LIMIT)))
    return activities, total


def send_back_comments(activities: list[Activity]) -> dict[int, tuple[str, object]]:
    """The send-back comment (and when) of each listed fiche that has one, in two queries."""
    ids = [activity.id for activity in activities]
    if not ids:
        return {}
    comments = {pending.activity_id: (pending.comment, pending.reviewed_at)
                for pending in db.session.scalars(sa.select(PendingVersion).where(
                    PendingVersion.activity_id.in_(ids),
                    PendingVersion.state == PendingState.RENVOYEE))}
    drafts = [activity.id for activity in activities if activity.status == Status.BROUILLON]
    if drafts:
        last = (sa.select(Revision.activity_id, sa.func.max(Revision.number).label("number"))
                .where(Revision.activity_id.in_(drafts)).group_by(Revision.activity_id)
                .subquery())
        rows = db.session.execute(
            sa.select(Revision.activity_id, Revision.comment, Revision.created_at)
            .join(last, sa.and_(Revision.activity_id == last.c.activity_id,
                                Revision.number == last.c.number))
            .where(Revision.action == "renvoi"))
        comments.update({activity_id: (comment, at) for activity_id, comment, at in rows})
    return comments


def pending_activity_ids(activities: list[Activity]) -> set[int]:
    """The listed fiches that have a new version awaiting validation."""
    ids = [activity.id for activity in activities]
    if not ids:
        return set()
    return set(db.session.scalars(sa.select(PendingVersion.activity_id).where(
        PendingVersion.activity_id.in_(ids), PendingVersion.state == PendingState.A_VALIDER)))
