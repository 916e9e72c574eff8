"""Requests to exercise a right (art. 12, 15-22 GDPR), answered within one month (art. 12.3)."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.extensions import db
from registre.models.activity import RIGHTS
from registre.models.base import LabelledEnum, enum_column, utcnow
from registre.models.breach import RecordStatus
from registre.models.revision import RevisionMixin

# One vocabulary of rights: the request kinds are the rights of the fiches (same keys, labels).
RequestKind = LabelledEnum("RequestKind", [(key.upper(), (key, label))
                                           for key, (label, _) in RIGHTS.items()])


class RequesterKind(LabelledEnum):
    PARENT = "parent", "Parent ou responsable légal"
    ELEVE = "eleve", "Élève"
    PERSONNEL = "personnel", "Membre du personnel"
    AUTRE = "autre", "Autre personne"


class RequestChannel(LabelledEnum):
    EN_LIGNE = "en_ligne", "Formulaire en ligne du registre public"
    COURRIEL = "courriel", "Courriel"
    COURRIER = "courrier", "Courrier postal"
    GUICHET = "guichet", "Remise en main propre"
    TELEPHONE = "telephone", "Téléphone"
    AUTRE = "autre", "Autre"


class RequestOutcome(LabelledEnum):
    SATISFAITE = "satisfaite", "Satisfaite"
    PARTIELLE = "partielle", "Partiellement satisfaite"
    REFUSEE = "refusee", "Refusée (motif communiqué)"
    SANS_OBJET = "sans_objet", "Sans objet"


rights_request_activity = sa.Table(
    "rights_request_activity", db.metadata,
    sa.Column("request_id", sa.ForeignKey("rights_request.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class RightsRequest(db.Model):
    """One request of an organisation's rights-request register; names follow design §9."""

    __tablename__ = "rights_request"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[RecordStatus] = mapped_column(enum_column(RecordStatus),
                                                 default=RecordStatus.OUVERTE, index=True)
    # The deadline counts in calendar days in Paris: the day of receipt is what matters.
    received_at: Mapped[date]
    channel: Mapped[RequestChannel] = mapped_column(enum_column(RequestChannel))
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind))
    requester_kind: Mapped[RequesterKind] = mapped_column(enum_column(RequesterKind))
    requester_name: Mapped[str] = mapped_column(sa.String(200), default="")
    requester_contact: Mapped[str] = mapped_column(sa.String(500), default="")
    # Set when the name and contact were erased at the end of the académie's retention period.
    requester_erased_at: Mapped[datetime | None]
    message: Mapped[str] = mapped_column(sa.Text, default="")
    identity_checked: Mapped[bool] = mapped_column(default=False)
    due_on: Mapped[date] = mapped_column(index=True)
    extended_until: Mapped[date | None]
    extension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[date | None]
    outcome: Mapped[RequestOutcome | None] = mapped_column(enum_column(RequestOutcome))
    answer_summary: Mapped[str] = mapped_column(sa.Text, default="")
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    organisation = relationship("Organisation", lazy="joined", innerjoin=True)
    activities = relationship("Activity", secondary=rights_request_activity, lazy="selectin",
                              order_by="Activity.reference")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        """True until the answer is recorded and the request closed."""
        return self.status == RecordStatus.OUVERTE

    @property
    def deadline(self) -> date:
        """The day the answer is due: the extended date when the delay was extended."""
        return self.extended_until or self.due_on

    def __repr__(self) -> str:
        return f"<RightsRequest {self.reference}>"


class RightsRequestRevision(RevisionMixin, db.Model):
    """One saved state of a rights request."""

    __tablename__ = "rights_request_revision"
    __table_args__ = (sa.UniqueConstraint("request_id", "number"),)
    record_key = "request_id"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rights_request.id", ondelete="CASCADE"), index=True)
