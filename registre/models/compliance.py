"""Stored compliance findings: computed when what the rules read changes, read by every page.

The rules (``registre/compliance``) are pure functions of an activity, its processors, its
organisation, the reference data and "today". Their verdict is stored here so that lists,
fiches, dashboards, the API and the public page read it instead of recomputing it; see
``registre/compliance/stored.py`` for when it is recomputed.
"""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from registre.dates import utcnow
from registre.extensions import db


class ActivityCompliance(db.Model):
    """The counts and score of one activity's findings, and what they were computed from."""

    __tablename__ = "activity_compliance"

    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    errors: Mapped[int] = mapped_column(default=0)
    warnings: Mapped[int] = mapped_column(default=0)
    score: Mapped[int] = mapped_column(default=100)
    # The activity version the findings were computed from: an older computation never
    # overwrites a newer one (a daily refresh racing with an edit).
    activity_version: Mapped[int] = mapped_column(default=0)
    # The "today" of the date-driven rules (reviews, contract expiry).
    computed_on: Mapped[date]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredFinding(db.Model):
    """One finding of one activity, as the rules gave it (design §8)."""

    __tablename__ = "activity_finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    rule: Mapped[str] = mapped_column(sa.String(60))
    severity: Mapped[str] = mapped_column(sa.String(20))
    field: Mapped[str] = mapped_column(sa.String(200), default="")
    message: Mapped[str] = mapped_column(sa.Text, default="")
    article: Mapped[str] = mapped_column(sa.Text, default="")
