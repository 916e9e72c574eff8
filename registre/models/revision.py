"""Revisions: the full snapshot of a record after every save, with the fields that changed.

Every register keeps its history the same way (:class:`RevisionMixin`): activities in
``revision``, breaches and rights requests in their own tables, each tied to its record.
"""
from datetime import datetime
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from registre.dates import utcnow
from registre.extensions import db


class RevisionMixin:
    """Columns of one saved state: number, author, time, action, snapshot, changed fields."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(sa.String(40), default="modification")
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    changed_fields: Mapped[list] = mapped_column(sa.JSON, default=list)

    # The column naming the record a revision belongs to (``activity_id``, ``breach_id``…).
    record_key: ClassVar[str] = ""

    @declared_attr
    def author(cls):  # noqa: N805  (declarative attribute: receives the class)
        return relationship("User", lazy="selectin")


class Revision(RevisionMixin, db.Model):
    """One saved state of an activity; the register as of a date is rebuilt from these."""

    __tablename__ = "revision"
    __table_args__ = (sa.UniqueConstraint("activity_id", "number"),)
    record_key = "activity_id"

    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    # Kept on the revision so that a past register is found without joining live activities.
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
