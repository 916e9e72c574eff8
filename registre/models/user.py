"""Accounts, their role and scope, and API tokens."""
import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from registre.extensions import db
from registre.models.base import LabelledEnum, enum_column, utcnow
from registre.models.organisation import Academie, Organisation


class Role(LabelledEnum):
    ADMIN = "admin", "Administrateur de la plateforme"
    DPD = "dpd", "Délégué à la protection des données"
    RESPONSABLE = "responsable", "Responsable de traitement"
    REDACTEUR = "redacteur", "Rédacteur"
    AUDITEUR = "auditeur", "Auditeur"


class User(UserMixin, db.Model):
    """A person who logs in; what they may do follows from ``role`` and its scope."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role))
    academie_id: Mapped[int | None] = mapped_column(sa.ForeignKey("academie.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    # The daily digest of deadlines (flask registre send-reminders); each user may turn it off.
    reminders_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    academie: Mapped[Academie | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts.
        return self.active

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password`` (never the password itself)."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def scope_label(self) -> str:
        """A French description of what the account covers."""
        if self.role == Role.ADMIN:
            return "toute la plateforme"
        if self.organisation is not None:
            return f"{self.organisation.name} ({self.organisation.uai})"
        if self.academie is not None:
            return f"académie de {self.academie.name}"
        return "aucun périmètre"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        """Return the stored form of a token (also the stored form of a session id)."""
        return hashlib.sha256(token.encode()).hexdigest()

    def is_usable(self, now: datetime) -> bool:
        """Tell whether the token is neither revoked nor expired at ``now`` (UTC)."""
        return self.revoked_at is None and now < self.expires_at

    def status_label(self, now: datetime) -> str:
        """« Actif », « Révoqué » or « Expiré » at ``now`` (UTC)."""
        if self.revoked_at is not None:
            return "Révoqué"
        return "Actif" if now < self.expires_at else "Expiré"


class UserSession(db.Model):
    """A signed-in browser session, known to the server so that it can be ended.

    The cookie carries a random identifier; only its digest is stored. Logging out deletes
    the row; a password change or a deactivation deletes every row of the account.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class PasswordReset(db.Model):
    """A single-use link to set a new password, sent by e-mail; it expires.

    Only the SHA-256 digest of the link's token is stored: a copy of the database opens
    no account. ``requested_by`` is the DPD or administrator who sent it (None: the person
    asked for it from the login page).
    """

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def is_usable(self, now: datetime) -> bool:
        """Tell whether the link still opens the form at ``now`` (UTC): unused, unexpired."""
        return self.used_at is None and now < self.expires_at
