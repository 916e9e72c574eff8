"""Writing revisions; every save of an activity goes through :func:`record_revision`."""
import sqlalchemy as sa

from registre.activities.serialization import activity_to_dict, changed_fields
from registre.extensions import db
from registre.models import Activity, Revision, User
from registre.models.base import utcnow


def latest_revision(activity_id: int) -> Revision | None:
    """Return the newest revision of an activity, or None."""
    return db.session.scalars(
        sa.select(Revision).where(Revision.activity_id == activity_id)
        .order_by(Revision.number.desc()).limit(1)
    ).first()


def record_revision(activity: Activity, author: User | None, action: str = "modification",
                    comment: str = "") -> Revision:
    """Flush the activity and store its full snapshot with the fields that changed."""
    if activity.id is not None:
        # Touch the row so that the version increases even when only sub-rows changed.
        activity.updated_at = utcnow()
    db.session.add(activity)
    db.session.flush()
    snapshot = activity_to_dict(activity)
    previous = latest_revision(activity.id)
    revision = Revision(
        activity_id=activity.id,
        organisation_id=activity.organisation_id,
        number=(previous.number + 1) if previous else 1,
        author_id=author.id if author else None,
        created_at=activity.updated_at,
        action=action,
        comment=comment,
        snapshot=snapshot,
        changed_fields=changed_fields(previous.snapshot if previous else None, snapshot),
    )
    db.session.add(revision)
    db.session.flush()
    return revision
