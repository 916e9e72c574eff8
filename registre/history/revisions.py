"""Reading revisions for the history page and the API (never writes)."""
import sqlalchemy as sa

from registre.dates import rfc3339
from registre.extensions import db
from registre.models import Revision
from registre.models.revision import RevisionMixin


def list_record_revisions(revision_cls: type[RevisionMixin], record_id: int) -> list:
    """Return every revision of one record, oldest first (authors loaded in one query)."""
    key = getattr(revision_cls, revision_cls.record_key)
    return list(db.session.scalars(
        sa.select(revision_cls).where(key == record_id).order_by(revision_cls.number)
    ))


def list_revisions(activity_id: int) -> list[Revision]:
    """Return every revision of an activity, oldest first."""
    return list_record_revisions(Revision, activity_id)


def revision_to_dict(revision: RevisionMixin, with_snapshot: bool = True) -> dict:
    """Return a revision as JSON-ready data (author by e-mail, RFC 3339 time)."""
    data = {
        "number": revision.number,
        "author": revision.author.email if revision.author else None,
        "created_at": rfc3339(revision.created_at),
        "action": revision.action,
        "comment": revision.comment,
        "changed_fields": list(revision.changed_fields or []),
    }
    if with_snapshot:
        data["snapshot"] = revision.snapshot
    return data
