"""Organisations and académies: creation and the figures shown on the home page."""
import sqlalchemy as sa

from registre.compliance.stored import refresh_condition, refresh_findings
from registre.emails import email_problem
from registre.extensions import db
from registre.models import (
    Academie,
    Activity,
    ActivityRecipient,
    Organisation,
    OrganisationKind,
    Sector,
    Status,
    User,
)
from registre.organisations.uai import normalize_uai


class OrganisationError(ValueError):
    """Raised with a French message when an académie or organisation cannot be created."""


def find_academie(code: str) -> Academie | None:
    """Return the académie with that code, or None."""
    return db.session.scalars(sa.select(Academie).where(Academie.code == code)).first()


def find_organisation(uai: str) -> Organisation | None:
    """Return the organisation with that UAI (any case), or None."""
    return db.session.scalars(
        sa.select(Organisation).where(Organisation.uai == (uai or "").strip().upper())
    ).first()


def create_academie(code: str, name: str, dpd_name: str = "", dpd_email: str = "",
                    **fields) -> Academie:
    """Create an académie; its code is a lower-case slug."""
    code = (code or "").strip().lower()
    if not code or not code.replace("-", "").isalnum() or len(code) > 40:
        raise OrganisationError(
            f"« {code} » n'est pas un code d'académie valide (lettres, chiffres et tirets)."
        )
    if find_academie(code) is not None:
        raise OrganisationError(f"L'académie « {code} » existe déjà.")
    if not (name or "").strip():
        raise OrganisationError("Indiquez le nom de l'académie.")
    problem = email_problem(dpd_email)
    if problem:
        raise OrganisationError(f"Adresse du DPD {problem}")
    academie = Academie(code=code, name=name.strip(), dpd_name=dpd_name, dpd_email=dpd_email,
                        **fields)
    db.session.add(academie)
    return academie


def create_organisation(uai: str, name: str, kind: str, academie: Academie,
                        **fields) -> Organisation:
    """Create an organisation after checking its UAI (raises ``InvalidUAI``) and its kind."""
    uai = normalize_uai(uai)
    if find_organisation(uai) is not None:
        raise OrganisationError(f"Un établissement porte déjà l'UAI {uai}.")
    try:
        kind = OrganisationKind(kind)
    except ValueError:
        allowed = ", ".join(member.value for member in OrganisationKind)
        raise OrganisationError(
            f"Type « {kind} » inconnu ; valeurs possibles : {allowed}.") from None
    if not (name or "").strip():
        raise OrganisationError("Indiquez le nom de l'établissement.")
    problem = email_problem(fields.get("controller_email"))
    if problem:
        raise OrganisationError(f"Adresse du responsable {problem}")
    organisation = Organisation(uai=uai, name=name.strip(), kind=kind, academie=academie,
                                sector=fields.pop("sector", Sector.PUBLIC), **fields)
    if not organisation.controller_title:
        organisation.controller_title = organisation.default_controller_title
    db.session.add(organisation)
    return organisation


def status_counts(organisation_ids: list[int]) -> dict[int, dict[str, int]]:
    """Count activities per status for each organisation, in one query."""
    counts: dict[int, dict[str, int]] = {oid: {s.value: 0 for s in Status}
                                          for oid in organisation_ids}
    if not organisation_ids:
        return counts
    rows = db.session.execute(
        sa.select(Activity.organisation_id, Activity.status, sa.func.count())
        .where(Activity.organisation_id.in_(organisation_ids))
        .group_by(Activity.organisation_id, Activity.status)
    )
    for organisation_id, status, number in rows:
        counts[organisation_id][Status(status).value] = number
    return counts


def update_academie(academie: Academie, code: str, name: str, **fields) -> Academie:
    """Change an académie's code, name, DPD and rights contact."""
    code = (code or "").strip().lower()
    if not code or not code.replace("-", "").isalnum() or len(code) > 40:
        raise OrganisationError(
            f"« {code} » n'est pas un code d'académie valide (lettres, chiffres et tirets)."
        )
    other = find_academie(code)
    if other is not None and other.id != academie.id:
        raise OrganisationError(f"L'académie « {code} » existe déjà.")
    if not (name or "").strip():
        raise OrganisationError("Indiquez le nom de l'académie.")
    academie.code, academie.name = code, name.strip()
    for key, value in fields.items():
        setattr(academie, key, value)
    return academie


def update_organisation(organisation: Organisation, uai: str, name: str, kind: str,
                        academie: Academie, **fields) -> Organisation:
    """Change an organisation (UAI checked); moving it moves its accounts along."""
    uai = normalize_uai(uai)
    other = find_organisation(uai)
    if other is not None and other.id != organisation.id:
        raise OrganisationError(f"Un établissement porte déjà l'UAI {uai}.")
    try:
        kind = OrganisationKind(kind)
    except ValueError:
        raise OrganisationError(f"Type « {kind} » inconnu.") from None
    if not (name or "").strip():
        raise OrganisationError("Indiquez le nom de l'établissement.")
    if academie.id != organisation.academie_id:
        _move_accounts(organisation, academie)
    organisation.uai, organisation.name = uai, name.strip()
    organisation.academie = academie
    set_organisation_fields(organisation, {"kind": kind, **fields})
    return organisation


def set_organisation_fields(organisation: Organisation, fields: dict) -> None:
    """Set fields; a controller title left at its usual value follows the kind and sector."""
    usual_title = organisation.default_controller_title
    for key, value in fields.items():
        setattr(organisation, key, value)
    # A title a person typed stays; the usual one follows a change of kind or sector.
    if organisation.controller_title in ("", usual_title):
        organisation.controller_title = organisation.default_controller_title
    # Its kind and sector are read by the rules: its few dozen fiches are checked again now.
    refresh_findings(refresh_condition("etablissement", organisation.id))
    return organisation


def _move_accounts(organisation: Organisation, academie: Academie) -> None:
    """Refuse a move that would leave fiches naming the old académie's catalogue."""
    named = db.session.scalar(
        sa.select(sa.func.count()).select_from(Activity).where(
            Activity.organisation_id == organisation.id,
            sa.or_(Activity.hosting_processor_id.is_not(None), Activity.template_id.is_not(None),
                   Activity.id.in_(sa.select(ActivityRecipient.activity_id).where(
                       ActivityRecipient.processor_id.is_not(None)))))
    )
    if named:
        raise OrganisationError(
            f"Impossible de changer d'académie : {named} fiche(s) citent des sous-traitants ou "
            "des modèles du catalogue de l'académie actuelle.")
    db.session.execute(sa.update(User).where(User.organisation_id == organisation.id)
                       .values(academie_id=academie.id))
