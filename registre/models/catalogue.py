"""The académie catalogues: processors (sous-traitants) and activity templates."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.dates import utcnow
from registre.extensions import db


class Processor(db.Model):
    """A processor (art. 28) or host, shared by the activities of an académie."""

    __tablename__ = "processor"
    __table_args__ = (sa.UniqueConstraint("academie_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academie_id: Mapped[int] = mapped_column(sa.ForeignKey("academie.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    legal_entity: Mapped[str] = mapped_column(sa.String(300), default="")
    # ISO 3166 alpha-2 country of the parent company: a non-EU parent means extraterritorial laws.
    jurisdiction: Mapped[str] = mapped_column(sa.String(2), default="")
    service: Mapped[str] = mapped_column(sa.Text, default="")
    contract_signed: Mapped[bool | None]
    contract_date: Mapped[date | None]
    contract_reference: Mapped[str] = mapped_column(sa.String(300), default="")
    contract_url: Mapped[str] = mapped_column(sa.String(2000), default="")
    contract_expires_on: Mapped[date | None]
    # Whether the contract document may be shown on the public register.
    contract_public: Mapped[bool] = mapped_column(default=False)
    hosting_provider: Mapped[str] = mapped_column(sa.String(300), default="")
    datacenter_countries: Mapped[list] = mapped_column(sa.JSON, default=list)
    backup_countries: Mapped[list] = mapped_column(sa.JSON, default=list)
    access_from_outside_eu: Mapped[bool | None]
    certifications: Mapped[list] = mapped_column(sa.JSON, default=list)
    sub_processors: Mapped[list] = mapped_column(sa.JSON, default=list)
    dpf_certified: Mapped[bool] = mapped_column(default=False)
    dpf_checked_on: Mapped[date | None]
    charter_signed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    academie = relationship("Academie")

    @property
    def storage_countries(self) -> list[str]:
        """Countries where the data rest: data centres then backups, without repeats."""
        return list(dict.fromkeys([*self.datacenter_countries, *self.backup_countries]))

    def __repr__(self) -> str:
        return f"<Processor {self.name!r}>"


class ActivityTemplate(db.Model):
    """A model fiche of the académie catalogue; ``payload`` holds activity fields (design §3)."""

    __tablename__ = "activity_template"
    __table_args__ = (sa.UniqueConstraint("academie_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academie_id: Mapped[int] = mapped_column(sa.ForeignKey("academie.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    academie = relationship("Academie")
