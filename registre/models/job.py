"""Background jobs (design §10): long work whose page shows its progress, then its file."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.extensions import db
from registre.models.base import LabelledEnum, enum_column, utcnow


class JobKind(LabelledEnum):
    EXPORT = "export", "Export du registre de l'académie"
    COMPLIANCE_EXPORT = "export_conformite", "Export des constats de conformité"
    IMPORT = "import", "Import d'un registre"
    APPLY_TEMPLATE = "application_modele", "Application d'un modèle à des établissements"
    REFRESH_FINDINGS = "recalcul_constats", "Recalcul des constats de conformité"
    DIRECTORY = "annuaire", "Import de l'annuaire des établissements"


class JobStatus(LabelledEnum):
    WAITING = "en_attente", "En attente"
    RUNNING = "en_cours", "En cours"
    DONE = "terminee", "Terminée"
    FAILED = "echouee", "Échouée"


class Job(db.Model):
    """One piece of long work; ``id`` is random (never guessable) and appears in its URL."""

    __tablename__ = "job"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    kind: Mapped[JobKind] = mapped_column(enum_column(JobKind))
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.WAITING,
                                              index=True)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    # What to do (format, filters, ids…) and what came of it: plain JSON, never ORM objects.
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    result: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The file written in EXPORTS_DIR/jobs/ and the name the user downloads it under.
    file_name: Mapped[str] = mapped_column(sa.String(300), default="")
    download_name: Mapped[str] = mapped_column(sa.String(300), default="")
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # The scope of the job: who may follow it and download its file (registre/scopes.py).
    academie_id: Mapped[int | None] = mapped_column(sa.ForeignKey("academie.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    academie = relationship("Academie")
    organisation = relationship("Organisation")
    user = relationship("User")

    @property
    def progress(self) -> int:
        """Percentage done (0–100); 100 once finished."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        """True once the job succeeded or failed (the page stops refreshing)."""
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    def __repr__(self) -> str:
        return f"<Job {self.kind} {self.status}>"
