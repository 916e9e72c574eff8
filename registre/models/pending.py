"""A new version of an in-service fiche, proposed and awaiting validation.

The fiche's own columns stay the in-service version, which the public page, the exports and
the API keep reading; the proposed content waits here as the form's data until the
responsable validates it (it then replaces the fiche and writes a revision) or sends it back.
"""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.dates import utcnow
from registre.extensions import db


class PendingState(enum.StrEnum):
    A_VALIDER = "a_valider"
    RENVOYEE = "renvoyee"


class PendingVersion(db.Model):
    """The proposed content of one in-service fiche (at most one per fiche)."""

    __tablename__ = "activity_pending_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    # The activity data as the edit form gives it (registre/activities/form_data.py).
    data: Mapped[dict] = mapped_column(sa.JSON)
    # The in-service version it was written on: validating on top of a newer one is refused.
    base_version: Mapped[int]
    state: Mapped[str] = mapped_column(sa.String(20), default=PendingState.A_VALIDER)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why the responsable sent it back, and who did.
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None]

    activity = relationship("Activity", lazy="joined", innerjoin=True)
    author = relationship("User", foreign_keys=[author_id], lazy="selectin")
    reviewer = relationship("User", foreign_keys=[reviewer_id], lazy="selectin")

    @property
    def sent_back(self) -> bool:
        """True when the responsable sent the version back to its author."""
        return self.state == PendingState.RENVOYEE
