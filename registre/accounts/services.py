"""Accounts of an académie: creation, changes, deactivation (services never commit)."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from registre.auth.passwords import password_problems
from registre.auth.services import (
    AccountError,
    create_user,
    find_user,
    normalize_email,
    resolve_scope,
)
from registre.extensions import db
from registre.models import Academie, Organisation, Role, User

# The roles a DPD hands out; administrators are created from the command line only.
MANAGED_ROLES = (Role.DPD, Role.RESPONSABLE, Role.REDACTEUR, Role.AUDITEUR)


def list_accounts(academie: Academie) -> list[User]:
    """Return the accounts of the académie (its organisations included), active ones first."""
    return list(db.session.scalars(
        sa.select(User).where(User.academie_id == academie.id, User.role != Role.ADMIN)
        .options(selectinload(User.organisation))
        .order_by(User.active.desc(), User.email)))


def organisation_of(academie: Academie, uai: str) -> Organisation | None:
    """Return the organisation of the académie with that UAI; raise when it is elsewhere."""
    if not uai:
        return None
    organisation = db.session.scalars(
        sa.select(Organisation).where(Organisation.uai == uai.strip().upper(),
                                      Organisation.academie_id == academie.id)).first()
    if organisation is None:
        raise AccountError("Cet établissement ne fait pas partie de l'académie.")
    return organisation


def _check_role(role: Role, organisation: Organisation | None) -> Role:
    if role not in MANAGED_ROLES:
        raise AccountError("Ce rôle ne peut pas être attribué ici : choisissez DPD, "
                           "responsable de traitement, rédacteur ou auditeur.")
    if role in (Role.RESPONSABLE, Role.REDACTEUR) and organisation is None:
        raise AccountError(f"Un compte « {role.label} » travaille pour un établissement : "
                           "choisissez-le comme périmètre.")
    if role == Role.DPD and organisation is not None:
        raise AccountError("Un DPD couvre toute l'académie : choisissez « Toute l'académie » "
                           "comme périmètre.")
    return role


def create_account(academie: Academie, email: str, name: str, role: Role, uai: str,
                   password: str) -> User:
    """Create an account scoped to the académie or one of its organisations."""
    organisation = organisation_of(academie, uai)
    return create_user(email, _check_role(role, organisation), password, name=name,
                       academie=academie if organisation is None else None,
                       organisation=organisation)


def update_account(account: User, actor: User, academie: Academie, email: str, name: str,
                   role: Role, uai: str, password: str = "") -> None:
    """Change an account's e-mail, name, role, scope and (optionally) password."""
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"« {email} » n'est pas une adresse électronique valide.")
    other = find_user(email)
    if other is not None and other.id != account.id:
        raise AccountError(f"Un compte existe déjà pour {email}.")
    if account.role == Role.ADMIN:
        raise AccountError("Un compte administrateur ne se modifie pas ici.")
    organisation = organisation_of(academie, uai)
    new_academie, new_organisation = resolve_scope(
        _check_role(role, organisation), academie if organisation is None else None, organisation)
    if account.id == actor.id and (new_academie, new_organisation, role) != (
            account.academie, account.organisation, account.role):
        raise AccountError("Vous ne pouvez pas modifier votre propre rôle ni votre périmètre : "
                           "demandez-le à un autre DPD ou à l'administrateur.")
    if password:
        problems = password_problems(password, email)
        if problems:
            raise AccountError(" ".join(problems))
        account.set_password(password)
    account.email, account.name, account.role = email, name, role
    account.academie, account.organisation = new_academie, new_organisation


def set_active(account: User, actor: User, active: bool) -> None:
    """Deactivate or reactivate an account (never one's own: that would lock the DPD out)."""
    if account.id == actor.id and not active:
        raise AccountError("Vous ne pouvez pas désactiver votre propre compte.")
    account.active = active


def set_reminders(user: User, enabled: bool) -> None:
    """Turn the user's daily digest of deadlines on or off."""
    user.reminders_enabled = enabled
