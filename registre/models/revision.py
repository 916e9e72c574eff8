"""Revisions: the full snapshot of a fiche after every save, with the fields that changed."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.dates import utcnow
from registre.extensions import db


class Revision(db.Model):
    """One saved state of an activity; the register as of a date is rebuilt from these."""

    __tablename__ = "revision"
    __table_args__ = (sa.UniqueConstraint("activity_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    # Kept on the revision so that a past register is found without joining live activities.
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(sa.String(40), default="modification")
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    changed_fields: Mapped[list] = mapped_column(sa.JSON, default=list)

    author = relationship("User", lazy="selectin")
