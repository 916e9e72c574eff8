"""The audit log (art. 5.2 and 32 GDPR): who did what, from where, on which object, with what
outcome. Never a password, a token or the content of a fiche."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from registre.extensions import db
from registre.models.base import LabelledEnum, enum_column, utcnow


class AuditAction(LabelledEnum):
    LOGIN = "login", "Connexion"
    LOGIN_FAILED = "login_failed", "Échec de connexion"
    LOGOUT = "logout", "Déconnexion"
    EXPORT = "export", "Export"
    IMPORT = "import", "Import"
    IMPORT_REJECTED = "import_rejected", "Import refusé"
    DELETE = "delete", "Suppression"
    TRANSITION = "transition", "Changement de statut"
    ACCOUNT_CHANGE = "account_change", "Modification de compte"
    TOKEN_CREATED = "token_created", "Création d'un jeton d'API"
    TOKEN_REVOKED = "token_revoked", "Révocation d'un jeton d'API"
    ACCESS_DENIED = "access_denied", "Accès refusé"


class AuditOutcome(LabelledEnum):
    SUCCESS = "succes", "Réussite"
    FAILURE = "echec", "Échec"
    DENIED = "refus", "Refus"


class AuditEvent(db.Model):
    """One line of the audit log; values typed by users are stored encoded on one line."""

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_academie_at", "academie_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # The e-mail at the time (or the login typed for a failed attempt): the log outlives renames.
    user_label: Mapped[str] = mapped_column(sa.String(300), default="")
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    target: Mapped[str] = mapped_column(sa.String(300), default="")
    outcome: Mapped[AuditOutcome] = mapped_column(enum_column(AuditOutcome))
    # The académie whose DPD reads this line (None: platform-wide, administrator only).
    academie_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("academie.id", ondelete="SET NULL"))
    details: Mapped[str] = mapped_column(sa.String(1000), default="")
