"""Reminders already sent: one person is never reminded twice of one item the same day."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from registre.dates import utcnow
from registre.extensions import db


class SentReminder(db.Model):
    """An item (``kind`` + ``item_id``) included in one person's digest on ``sent_on``."""

    __tablename__ = "sent_reminder"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", "item_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    item_id: Mapped[int]
    sent_on: Mapped[date] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
