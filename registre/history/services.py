"""Writing revisions; every save of a record goes through :func:`save_record_revision`."""
from collections.abc import Callable, Iterator
from datetime import date

import sqlalchemy as sa

from registre.compliance.stored import store_findings
from registre.dates import end_of_day, utcnow
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict, changed_fields
from registre.models import Activity, Revision, User
from registre.models.revision import RevisionMixin


def latest_record_revision(revision_cls: type[RevisionMixin],
                           record_id: int) -> RevisionMixin | None:
    """Return the newest revision of one record (activity, breach, request…), or None."""
    key = getattr(revision_cls, revision_cls.record_key)
    return db.session.scalars(
        sa.select(revision_cls).where(key == record_id)
        .order_by(revision_cls.number.desc()).limit(1)
    ).first()


def latest_revision(activity_id: int) -> Revision | None:
    """Return the newest revision of an activity, or None."""
    return latest_record_revision(Revision, activity_id)


def save_record_revision(revision_cls: type[RevisionMixin], record, snapshot_of: Callable,
                         author: User | None, action: str = "modification",
                         comment: str = "", **columns) -> RevisionMixin:
    """Flush ``record`` and store its snapshot with the fields changed since the last one.

    ``snapshot_of(record)`` returns the record's JSON form; ``columns`` are the revision
    model's own extra columns (``organisation_id`` for activities).
    """
    if record.id is not None:
        # Touch the row so that the version increases even when only linked rows changed.
        record.updated_at = utcnow()
    db.session.add(record)
    db.session.flush()
    snapshot = snapshot_of(record)
    previous = latest_record_revision(revision_cls, record.id)
    revision = revision_cls(
        number=(previous.number + 1) if previous else 1,
        author_id=author.id if author else None,
        created_at=record.updated_at,
        action=action,
        comment=comment,
        snapshot=snapshot,
        changed_fields=changed_fields(previous.snapshot if previous else None, snapshot),
        **{revision_cls.record_key: record.id},
        **columns,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def record_revision(activity: Activity, author: User | None, action: str = "modification",
                    comment: str = "") -> Revision:
    """Flush the activity, store its full snapshot with the fields that changed, and store
    its compliance findings (every save of an activity comes here: see compliance/stored.py)."""
    revision = save_record_revision(Revision, activity, activity_to_dict, author, action,
                                    comment, organisation_id=activity.organisation_id)
    store_findings([activity])
    return revision


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
