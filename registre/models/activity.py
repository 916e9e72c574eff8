"""A processing activity (fiche du registre) and its repeatable rows."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.extensions import db
from registre.i18n import N_
from registre.models.base import enum_column, utcnow
from registre.models.vocabularies import (
    ActivityScope,
    Art9Condition,
    ConsentKind,
    ConsentSignatories,
    DataCategory,
    DpiaStatus,
    DurationUnit,
    FinalFate,
    Guarantee,
    Hosting,
    Informed,
    LegalBasis,
    RecipientKind,
    SecurityMeasureKind,
    SensitiveKind,
    Status,
    SubjectCategory,
    YesNoUnknown,
)
from registre.text import answer

# Rights of the persons (art. 15-22) and the legal bases under which each one applies.
RIGHTS = {
    "acces": (N_("Droit d'accès"), None),
    "rectification": (N_("Droit de rectification"), None),
    "effacement": (N_("Droit à l'effacement"), {"6.1.a", "6.1.b", "6.1.d", "6.1.f"}),
    "limitation": (N_("Droit à la limitation"), None),
    "opposition": (N_("Droit d'opposition"), {"6.1.e", "6.1.f"}),
    "portabilite": (N_("Droit à la portabilité"), {"6.1.a", "6.1.b"}),
    "retrait_consentement": (N_("Droit de retirer son consentement"), {"6.1.a"}),
}


def rights_of(bases: set[str]) -> list[str] | None:
    """The rights that apply under these art. 6 bases; None when no basis is known."""
    if not bases:
        return None
    return [key for key, (_, applies) in RIGHTS.items() if applies is None or bases & applies]


def _row_relationship(target: str):
    return relationship(
        target, order_by=f"{target}.position", cascade="all, delete-orphan", lazy="selectin"
    )


class Activity(db.Model):
    """One processing activity of an organisation's register; field names follow design §3."""

    __tablename__ = "activity"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id"), index=True
    )
    # Identification
    reference: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.BROUILLON, index=True)
    ended_on: Mapped[date | None]
    validated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    validated_at: Mapped[datetime | None]
    scope: Mapped[ActivityScope] = mapped_column(
        enum_column(ActivityScope), default=ActivityScope.LOCAL
    )
    legal_text: Mapped[str] = mapped_column(sa.Text, default="")
    software: Mapped[str] = mapped_column(sa.String(300), default="")
    software_vendor: Mapped[str] = mapped_column(sa.String(300), default="")
    # When the processing itself began (the CNIL model's "date de création du traitement").
    started_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_reviewed_on: Mapped[date | None]
    next_review_on: Mapped[date | None]
    published: Mapped[bool] = mapped_column(default=True)
    template_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("activity_template.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)

    # Actors: the controller defaults to the organisation's; the DPD comes from the académie.
    controller_title: Mapped[str] = mapped_column(sa.String(200), default="")
    controller_name: Mapped[str] = mapped_column(sa.String(200), default="")
    controller_address: Mapped[str] = mapped_column(sa.Text, default="")
    controller_email: Mapped[str] = mapped_column(sa.String(254), default="")
    controller_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    representative: Mapped[dict | None] = mapped_column(sa.JSON)

    # Purposes and legal basis
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    sub_purposes: Mapped[list] = mapped_column(sa.JSON, default=list)
    art9_condition: Mapped[Art9Condition | None] = mapped_column(enum_column(Art9Condition))
    # Unknown until someone answers: never shown as "no".
    automated_decision: Mapped[YesNoUnknown] = mapped_column(
        enum_column(YesNoUnknown), default=YesNoUnknown.INCONNU)
    automated_decision_details: Mapped[str] = mapped_column(sa.Text, default="")
    data_source: Mapped[str] = mapped_column(sa.Text, default="")
    collection_mandatory: Mapped[bool | None]

    # People concerned
    concerns_minors: Mapped[bool] = mapped_column(default=False)
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    # An information-society service offered directly to the pupil (art. 8 GDPR, art. 45 LIL).
    offered_directly_to_child: Mapped[YesNoUnknown] = mapped_column(
        enum_column(YesNoUnknown), default=YesNoUnknown.INCONNU)

    # Storage
    hosting: Mapped[Hosting | None] = mapped_column(enum_column(Hosting))
    hosting_processor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("processor.id", ondelete="SET NULL")
    )
    storage_countries: Mapped[list] = mapped_column(sa.JSON, default=list)

    # Information and consent: the parents' questions
    informed: Mapped[Informed] = mapped_column(enum_column(Informed), default=Informed.INCONNU)
    information_channel: Mapped[str] = mapped_column(sa.Text, default="")
    information_date: Mapped[date | None]
    information_notice_title: Mapped[str] = mapped_column(sa.String(300), default="")
    information_notice_version: Mapped[str] = mapped_column(sa.String(100), default="")
    information_notice_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    information_text: Mapped[str] = mapped_column(sa.Text, default="")
    # None means "nobody knows": the register must say so instead of guessing.
    consent_required: Mapped[bool | None]
    consent_kind: Mapped[ConsentKind | None] = mapped_column(enum_column(ConsentKind))
    # Which use the consent covers when the activity has several bases.
    consent_scope: Mapped[str] = mapped_column(sa.Text, default="")
    consent_reason: Mapped[str] = mapped_column(sa.Text, default="")
    consent_signatories: Mapped[ConsentSignatories | None] = mapped_column(
        enum_column(ConsentSignatories)
    )
    consent_text_title: Mapped[str] = mapped_column(sa.String(300), default="")
    consent_text_version: Mapped[str] = mapped_column(sa.String(100), default="")
    consent_text_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    consent_collection: Mapped[str] = mapped_column(sa.Text, default="")
    consent_withdrawal: Mapped[str] = mapped_column(sa.Text, default="")
    governance_opinion_date: Mapped[date | None]

    # Rights and DPIA
    rights_contact: Mapped[str] = mapped_column(sa.Text, default="")
    dpia_criteria: Mapped[list] = mapped_column(sa.JSON, default=list)
    dpia_status: Mapped[DpiaStatus | None] = mapped_column(enum_column(DpiaStatus))
    dpia_date: Mapped[date | None]
    dpia_url: Mapped[str] = mapped_column(sa.String(2000), default="")

    # Internal (never public)
    internal_notes: Mapped[str] = mapped_column(sa.Text, default="")

    organisation = relationship("Organisation", lazy="joined", innerjoin=True)
    validated_by = relationship("User", lazy="selectin")
    template = relationship("ActivityTemplate", lazy="selectin")
    hosting_processor = relationship("Processor", lazy="selectin")
    joint_controllers: Mapped[list["JointController"]] = _row_relationship("JointController")
    legal_bases: Mapped[list["ActivityLegalBasis"]] = _row_relationship("ActivityLegalBasis")
    subject_categories: Mapped[list["ActivitySubjectCategory"]] = _row_relationship(
        "ActivitySubjectCategory"
    )
    data_categories: Mapped[list["ActivityDataCategory"]] = _row_relationship(
        "ActivityDataCategory"
    )
    recipients: Mapped[list["ActivityRecipient"]] = _row_relationship("ActivityRecipient")
    transfers: Mapped[list["ActivityTransfer"]] = _row_relationship("ActivityTransfer")
    security_measures: Mapped[list["ActivitySecurityMeasure"]] = _row_relationship(
        "ActivitySecurityMeasure"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def concerns_under_15(self) -> bool:
        """True when children under 15 may be concerned (art. 45 Loi Informatique et Libertés)."""
        return self.concerns_minors and (self.min_age is None or self.min_age < 15)

    @property
    def basis_codes(self) -> set[str]:
        """The article 6 bases recorded, as codes such as ``6.1.e``."""
        return {str(row.basis) for row in self.legal_bases}

    @property
    def rights(self) -> list[str] | None:
        """The rights of the persons that apply, derived from the legal bases; None (unknown)
        without a legal basis: the list must not shrink silently to the few unconditional ones."""
        return rights_of(self.basis_codes)

    @property
    def has_sensitive_data(self) -> bool:
        """True when a data category is sensitive (art. 9) or an offence (art. 10)."""
        return any(row.category == DataCategory.SENSIBLE for row in self.data_categories)

    def __repr__(self) -> str:
        return f"<Activity {self.reference} {self.name!r}>"


class _Row:
    """Columns shared by every repeatable row of an activity."""

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


def _activity_fk() -> Mapped[int]:
    return mapped_column(sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True)


class JointController(_Row, db.Model):
    __tablename__ = "activity_joint_controller"
    activity_id: Mapped[int] = _activity_fk()
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.Text, default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    role_split: Mapped[str] = mapped_column(sa.Text, default="")


class ActivityLegalBasis(_Row, db.Model):
    __tablename__ = "activity_legal_basis"
    activity_id: Mapped[int] = _activity_fk()
    basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis))
    justification: Mapped[str] = mapped_column(sa.Text, default="")


class ActivitySubjectCategory(_Row, db.Model):
    __tablename__ = "activity_subject_category"
    activity_id: Mapped[int] = _activity_fk()
    category: Mapped[SubjectCategory] = mapped_column(enum_column(SubjectCategory))
    details: Mapped[str] = mapped_column(sa.Text, default="")


class ActivityDataCategory(_Row, db.Model):
    """A category of data with its own retention period."""

    __tablename__ = "activity_data_category"
    activity_id: Mapped[int] = _activity_fk()
    category: Mapped[DataCategory] = mapped_column(enum_column(DataCategory))
    sensitive_kind: Mapped[SensitiveKind | None] = mapped_column(enum_column(SensitiveKind))
    # The art. 9.2 condition of this row (else the activity's ``art9_condition`` applies).
    art9_condition: Mapped[Art9Condition | None] = mapped_column(enum_column(Art9Condition))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    active_duration: Mapped[int | None]
    active_unit: Mapped[DurationUnit | None] = mapped_column(enum_column(DurationUnit))
    retention_criteria: Mapped[str] = mapped_column(sa.Text, default="")
    archive_duration: Mapped[int | None]
    archive_unit: Mapped[DurationUnit | None] = mapped_column(enum_column(DurationUnit))
    final_fate: Mapped[FinalFate | None] = mapped_column(enum_column(FinalFate))

    @property
    def has_retention(self) -> bool:
        """True when a duration or a criterion (not a placeholder) says how long data are kept."""
        return bool(
            (self.active_duration is not None and self.active_unit)
            or answer(self.retention_criteria).strip()
        )


class ActivityRecipient(_Row, db.Model):
    """Who receives data, and which categories (answers "which data goes to Microsoft?")."""

    __tablename__ = "activity_recipient"
    activity_id: Mapped[int] = _activity_fk()
    kind: Mapped[RecipientKind] = mapped_column(enum_column(RecipientKind))
    name: Mapped[str] = mapped_column(sa.String(300), default="")
    processor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("processor.id", ondelete="SET NULL"), index=True
    )
    data_categories: Mapped[list] = mapped_column(sa.JSON, default=list)

    processor = relationship("Processor", lazy="selectin")


class ActivityTransfer(_Row, db.Model):
    __tablename__ = "activity_transfer"
    activity_id: Mapped[int] = _activity_fk()
    recipient: Mapped[str] = mapped_column(sa.String(300), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    guarantee: Mapped[Guarantee | None] = mapped_column(enum_column(Guarantee))
    documentation: Mapped[str] = mapped_column(sa.Text, default="")


class ActivitySecurityMeasure(_Row, db.Model):
    __tablename__ = "activity_security_measure"
    activity_id: Mapped[int] = _activity_fk()
    kind: Mapped[SecurityMeasureKind] = mapped_column(enum_column(SecurityMeasureKind))
    details: Mapped[str] = mapped_column(sa.Text, default="")
