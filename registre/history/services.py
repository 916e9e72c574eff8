"""Writing revisions; every save of an activity goes through :func:`record_revision`."""
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from registre.activities.serialization import activity_to_dict, changed_fields
from registre.compliance.stored import store_findings
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
    """Flush the activity, store its full snapshot with the fields that changed, and store
    its compliance findings (every save of an activity comes here: see compliance/stored.py)."""
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
    store_findings([activity])
    return revision


_PARIS = ZoneInfo("Europe/Paris")


def end_of_day(day: date) -> datetime:
    """The first stored (UTC, naive) instant after ``day`` ends in Paris."""
    midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=_PARIS)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def register_as_of(organisation_ids: list[int], day: date, batch: int = 20) -> Iterator[dict]:
    """Yield each activity as it stood at the end of ``day`` (Paris time), from its snapshots.

    The latest revision saved before the next day is taken for every activity; activities
    created later have none and are absent; hard-deleted drafts lost their revisions and are
    absent too. Organisations come in the given order, activities by reference.
    """
    cutoff = end_of_day(day)
    for start in range(0, len(organisation_ids), batch):
        window = organisation_ids[start:start + batch]
        latest = (sa.select(Revision.activity_id, sa.func.max(Revision.number).label("number"))
                  .where(Revision.organisation_id.in_(window), Revision.created_at < cutoff)
                  .group_by(Revision.activity_id).subquery())
        rows = db.session.execute(
            sa.select(Revision.organisation_id, Revision.snapshot).join(
                latest, sa.and_(Revision.activity_id == latest.c.activity_id,
                                Revision.number == latest.c.number))).all()
        by_organisation: dict[int, list[dict]] = {}
        for organisation_id, snapshot in rows:
            by_organisation.setdefault(organisation_id, []).append(snapshot)
        for organisation_id in window:
            yield from sorted(by_organisation.get(organisation_id, []),
                              key=lambda data: (data.get("reference") or "", data.get("id") or 0))
