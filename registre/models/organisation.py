"""Académies and the organisations (schools and services) that keep a register."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registre.extensions import db
from registre.models.base import LabelledEnum, enum_column, utcnow
from registre.text import search_fold


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


class ControllerRole(LabelledEnum):
    """Who is the controller (responsable de traitement); the label is the usual title."""

    IA_DASEN = "ia_dasen", "IA-DASEN, par délégation du recteur"
    RECTEUR = "recteur", "Recteur d'académie"
    CHEF_ETABLISSEMENT = "chef_etablissement", "Chef d'établissement"
    CHEF_ETABLISSEMENT_PRIVE = (
        "chef_etablissement_prive", "Chef d'établissement, pour l'organisme de gestion")


def controller_role(kind: OrganisationKind, sector: Sector | None) -> ControllerRole:
    """The controller of an organisation's processing, from its kind AND sector (DESIGN §2).

    Every page and export takes the controller's title from here.
    """
    if sector == Sector.PRIVE_SOUS_CONTRAT:
        # A private school under contract is run by its organisme de gestion, through its head,
        # whatever its kind: the State (IA-DASEN, recteur) is never its controller.
        return ControllerRole.CHEF_ETABLISSEMENT_PRIVE
    if kind in (OrganisationKind.ECOLE, OrganisationKind.DSDEN):
        # A public école has no legal personality: its processing is the State's, carried by
        # the IA-DASEN for the recteur (not the director); the DSDEN is the IA-DASEN's service.
        return ControllerRole.IA_DASEN
    if kind == OrganisationKind.RECTORAT:
        return ControllerRole.RECTEUR
    # An EPLE is a legal person headed by its chef d'établissement (Code de l'éducation,
    # art. L421-3 and R421-9); other services keep their head as the usual title.
    return ControllerRole.CHEF_ETABLISSEMENT


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
    # Years a rights requester's name and contact are kept after the answer, then erased.
    requester_retention_years: Mapped[int] = mapped_column(default=5, server_default="5")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Changes with the name or the DPD: the public pages' Last-Modified follows it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisations: Mapped[list["Organisation"]] = relationship(
        back_populates="academie", order_by="Organisation.name"
    )

    def __repr__(self) -> str:
        return f"<Academie {self.code}>"


SEARCHED_FIELDS = ("name", "commune", "postal_code", "uai")
# GIN trigram index on search_text: made by migration srch0001a5e7 only where pg_trgm exists
# (PostgreSQL), so the models cannot declare it; autogenerate leaves it alone.
SEARCH_TRIGRAM_INDEX = "ix_organisation_search_text_trgm"


def search_text_of(values) -> str:
    """The folded words the public search looks in: name, commune, postal code and UAI.

    ``values`` maps field names to values (a row's parameters, or an organisation's fields).
    """
    return " ".join(search_fold(values.get(key) or "") for key in SEARCHED_FIELDS)


def _search_text_default(context) -> str:
    """Core and bulk inserts (directory import, seed-large) fill the column row by row."""
    return search_text_of(context.get_current_parameters())


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
    # Closed (« fermé » in the national directory): its register stays readable and exportable.
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    # Changes with the name or the controller: the public page's Last-Modified follows it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Folded once when written (search_text_of), so that a search reads it with LIKE and a
    # trigram index instead of folding 60,000 names per query. Inserts fill it (column
    # default), ORM changes refresh it (_refresh_search_text); a Core UPDATE of a searched
    # field must set it too.
    search_text: Mapped[str] = mapped_column(sa.Text, default=_search_text_default,
                                             server_default="")

    academie: Mapped[Academie] = relationship(back_populates="organisations")
    changes: Mapped[list["OrganisationChange"]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan",
        order_by="(OrganisationChange.changed_at.desc(), OrganisationChange.id.desc())")

    @property
    def is_ecole(self) -> bool:
        """True for a primary school (public or private)."""
        return self.kind == OrganisationKind.ECOLE

    @property
    def is_eple(self) -> bool:
        """True for a public collège, lycée or EREA (conseil d'administration, R.421-23).

        A private school under contract is not an établissement public: no such board.
        """
        return self.kind in EPLE_KINDS and self.sector != Sector.PRIVE_SOUS_CONTRAT

    @property
    def controller_role(self) -> ControllerRole:
        """Who the controller is, from kind and sector (see :func:`controller_role`)."""
        return controller_role(self.kind, self.sector)

    @property
    def default_controller_title(self) -> str:
        """The controller's usual title, from kind and sector (see :func:`controller_role`)."""
        return self.controller_role.label

    @property
    def is_closed(self) -> bool:
        """True once the organisation has closed (its register is kept, read-only history)."""
        return self.closed_at is not None

    def __repr__(self) -> str:
        return f"<Organisation {self.uai}>"


@sa.event.listens_for(Organisation, "before_insert")
@sa.event.listens_for(Organisation, "before_update")
def _refresh_search_text(mapper, connection, organisation: Organisation) -> None:
    """A created, renamed or moved organisation is found by what it is now called."""
    text = search_text_of({key: getattr(organisation, key) for key in SEARCHED_FIELDS})
    if organisation.search_text != text:
        organisation.search_text = text


class OrganisationChange(db.Model):
    """One change of an organisation's identity (name, address, kind, closing…), dated."""

    __tablename__ = "organisation_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Where the change came from, e.g. « Annuaire de l'éducation » and the file's name.
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), default=None)
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str] = mapped_column(sa.Text, default="")
    new_value: Mapped[str] = mapped_column(sa.Text, default="")

    organisation: Mapped[Organisation] = relationship(back_populates="changes")
    author = relationship("User")
