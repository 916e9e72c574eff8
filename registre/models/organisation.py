"""Académies and the organisations (schools and services) that keep a register."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.extensions import db
from registre.models.base import LabelledEnum, enum_column, utcnow


class OrganisationKind(LabelledEnum):
    ECOLE = "ecole", "École"
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée"
    LYCEE_PROFESSIONNEL = "lycee_professionnel", "Lycée professionnel"
    EREA = "erea", "EREA"
    DSDEN = "dsden", "DSDEN"
    RECTORAT = "rectorat", "Rectorat"
    AUTRE = "autre", "Autre"


# Établissements publics locaux d'enseignement: the conseil d'administration gives its opinion.
EPLE_KINDS = frozenset(
    {OrganisationKind.COLLEGE, OrganisationKind.LYCEE, OrganisationKind.LYCEE_PROFESSIONNEL,
     OrganisationKind.EREA}
)


class Sector(LabelledEnum):
    PUBLIC = "public", "Public"
    PRIVE_SOUS_CONTRAT = "prive_sous_contrat", "Privé sous contrat"


class Academie(db.Model):
    """An académie: its DPD serves every organisation it holds (art. 37.3 GDPR)."""

    __tablename__ = "academie"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    dpd_name: Mapped[str] = mapped_column(sa.String(200), default="")
    dpd_email: Mapped[str] = mapped_column(sa.String(254), default="")
    dpd_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    dpd_address: Mapped[str] = mapped_column(sa.Text, default="")
    # Public contact for rights requests (often a functional mailbox of the DPD).
    rights_contact: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Changes with the name or the DPD: the public pages' Last-Modified follows it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisations: Mapped[list["Organisation"]] = relationship(
        back_populates="academie", order_by="Organisation.name"
    )

    def __repr__(self) -> str:
        return f"<Academie {self.code}>"


class Organisation(db.Model):
    """A school or a service: one register each, identified by its UAI."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uai: Mapped[str] = mapped_column(sa.String(8), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector), default=Sector.PUBLIC)
    address: Mapped[str] = mapped_column(sa.Text, default="")
    postal_code: Mapped[str] = mapped_column(sa.String(10), default="")
    commune: Mapped[str] = mapped_column(sa.String(200), default="")
    academie_id: Mapped[int] = mapped_column(sa.ForeignKey("academie.id"), index=True)
    controller_title: Mapped[str] = mapped_column(sa.String(200), default="")
    controller_name: Mapped[str] = mapped_column(sa.String(200), default="")
    controller_email: Mapped[str] = mapped_column(sa.String(254), default="")
    controller_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Changes with the name or the controller: the public page's Last-Modified follows it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    academie: Mapped[Academie] = relationship(back_populates="organisations")

    @property
    def is_ecole(self) -> bool:
        """True for a primary school, whose controller is the IA-DASEN, not the director."""
        return self.kind == OrganisationKind.ECOLE

    @property
    def is_eple(self) -> bool:
        """True for a collège, lycée or EREA (conseil d'administration, R.421-23)."""
        return self.kind in EPLE_KINDS

    @property
    def default_controller_title(self) -> str:
        """The controller's usual title for this kind of organisation."""
        if self.is_ecole:
            return "IA-DASEN, par délégation du recteur"
        if self.kind in (OrganisationKind.RECTORAT, OrganisationKind.DSDEN):
            return "Recteur d'académie"
        return "Chef d'établissement"

    def __repr__(self) -> str:
        return f"<Organisation {self.uai}>"
