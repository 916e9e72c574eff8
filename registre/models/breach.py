"""Personal-data breaches (art. 33.5 GDPR: every breach is documented, notified or not)."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.extensions import db
from registre.models.base import LabelledEnum, enum_column, utcnow
from registre.models.revision import RevisionMixin


class BreachNature(LabelledEnum):
    CONFIDENTIALITE = "confidentialite", "Perte de confidentialité (accès ou divulgation non autorisés)"
    INTEGRITE = "integrite", "Perte d'intégrité (modification non autorisée)"
    DISPONIBILITE = "disponibilite", "Perte de disponibilité (perte, destruction, accès impossible)"


class BreachOrigin(LabelledEnum):
    """The cause, as the CNIL's notification form asks it."""

    INTERNE_MALVEILLANT = "acte_interne_malveillant", "Acte interne malveillant"
    INTERNE_ACCIDENTEL = "acte_interne_accidentel", "Acte interne accidentel"
    EXTERNE_MALVEILLANT = "acte_externe_malveillant", "Acte externe malveillant"
    EXTERNE_ACCIDENTEL = "acte_externe_accidentel", "Acte externe accidentel"
    INCONNUE = "inconnue", "Origine inconnue"


class BreachRisk(LabelledEnum):
    AUCUN = "aucun", "Aucun risque pour les personnes (documentée, non notifiée)"
    RISQUE = "risque", "Risque pour les personnes (notification à la CNIL)"
    RISQUE_ELEVE = "risque_eleve", "Risque élevé (notification à la CNIL et information des personnes)"


class Notification(LabelledEnum):
    """Whether something was done: done, decided against (with a reason), still to do."""

    OUI = "oui", "Oui"
    NON = "non", "Non"
    A_FAIRE = "a_faire", "À faire"


class RecordStatus(LabelledEnum):
    OUVERTE = "ouverte", "Ouverte"
    CLOSE = "close", "Close"


breach_activity = sa.Table(
    "breach_activity", db.metadata,
    sa.Column("breach_id", sa.ForeignKey("breach.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Breach(db.Model):
    """One breach of an organisation; field names follow design §9."""

    __tablename__ = "breach"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[RecordStatus] = mapped_column(enum_column(RecordStatus),
                                                 default=RecordStatus.OUVERTE, index=True)
    # Times are stored in UTC (naive), shown in Paris time.
    occurred_at: Mapped[datetime | None]
    discovered_at: Mapped[datetime]
    contained_at: Mapped[datetime | None]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    nature: Mapped[list] = mapped_column(sa.JSON, default=list)
    origin: Mapped[BreachOrigin | None] = mapped_column(enum_column(BreachOrigin))
    subject_categories: Mapped[list] = mapped_column(sa.JSON, default=list)
    approx_subjects: Mapped[int | None]
    data_categories: Mapped[list] = mapped_column(sa.JSON, default=list)
    approx_records: Mapped[int | None]
    likely_consequences: Mapped[str] = mapped_column(sa.Text, default="")
    measures_taken: Mapped[str] = mapped_column(sa.Text, default="")
    measures_planned: Mapped[str] = mapped_column(sa.Text, default="")
    # None: not assessed yet, so the 72-hour clock runs (the cautious reading of art. 33.1).
    risk: Mapped[BreachRisk | None] = mapped_column(enum_column(BreachRisk))
    cnil_notified: Mapped[Notification] = mapped_column(enum_column(Notification),
                                                        default=Notification.A_FAIRE)
    cnil_notified_at: Mapped[datetime | None]
    cnil_reference: Mapped[str] = mapped_column(sa.String(100), default="")
    cnil_not_notified_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Art. 33.1: a notification after 72 hours is accompanied by the reasons for the delay.
    cnil_late_reason: Mapped[str] = mapped_column(sa.Text, default="")
    subjects_informed: Mapped[Notification] = mapped_column(enum_column(Notification),
                                                            default=Notification.A_FAIRE)
    subjects_informed_on: Mapped[date | None]
    subjects_not_informed_reason: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organisation = relationship("Organisation", lazy="joined", innerjoin=True)
    activities = relationship("Activity", secondary=breach_activity, lazy="selectin",
                              order_by="Activity.reference")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        """True while the breach is being handled."""
        return self.status == RecordStatus.OUVERTE

    def __repr__(self) -> str:
        return f"<Breach {self.reference}>"


class BreachRevision(RevisionMixin, db.Model):
    """One saved state of a breach."""

    __tablename__ = "breach_revision"
    __table_args__ = (sa.UniqueConstraint("breach_id", "number"),)
    record_key = "breach_id"

    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id", ondelete="CASCADE"),
                                           index=True)
