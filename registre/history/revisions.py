"""Reading revisions for the history page and the API (never writes)."""
import sqlalchemy as sa

from registre.dates import rfc3339
from registre.extensions import db
from registre.models import Revision


def list_revisions(activity_id: int) -> list[Revision]:
    """Return every revision of an activity, oldest first (authors loaded in one query)."""
    return list(db.session.scalars(
        sa.select(Revision).where(Revision.activity_id == activity_id)
        .order_by(Revision.number)
    ))


def revision_to_dict(revision: Revision, with_snapshot: bool = True) -> dict:
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
