"""Accounts of an académie: creation, changes, deactivation (services never commit)."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from registre.auth.services import (
    AccountError,
    check_password_rules,
    create_user,
    find_user,
    normalize_email,
    record_account_change,
    resolve_scope,
)
from registre.auth.session import end_all_sessions
from registre.emails import is_valid_email
from registre.extensions import db
from registre.models import Academie, Organisation, Role, User

# The roles a DPD hands out, the least powerful first (the form's default: an auditeur only
# reads); administrators are created from the command line only.
MANAGED_ROLES = (Role.AUDITEUR, Role.REDACTEUR, Role.RESPONSABLE, Role.DPD)


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
                   password: str | None, actor: User | None = None) -> User:
    """Create an account scoped to the académie or one of its organisations; without a
    password (None) it signs in only with the académie's identity provider."""
    organisation = organisation_of(academie, uai)
    return create_user(email, _check_role(role, organisation), password, name=name,
                       academie=academie if organisation is None else None,
                       organisation=organisation, actor=actor)


def update_account(account: User, actor: User, academie: Academie, email: str, name: str,
                   role: Role, uai: str, password: str = "") -> None:
    """Change an account's e-mail, name, role, scope and (optionally) password."""
    email = normalize_email(email)
    if not is_valid_email(email):
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
        check_password_rules(password, email, new_academie, new_organisation)
    changes = [label for label, before, after in (
        ("adresse", account.email, email), ("nom", account.name, name),
        ("rôle", account.role, role), ("périmètre", (account.academie, account.organisation),
                                       (new_academie, new_organisation))) if before != after]
    if password:
        account.set_password(password)
        end_all_sessions(account)  # whoever held the old password is logged out everywhere
        changes.append("mot de passe")
    account.email, account.name, account.role = email, name, role
    account.academie, account.organisation = new_academie, new_organisation
    if changes:
        record_account_change(account, "modifié : " + ", ".join(changes)
                              + f" ; rôle={role.value} ; périmètre={account.scope_label}", actor)


def set_active(account: User, actor: User, active: bool) -> None:
    """Deactivate or reactivate an account (never one's own: that would lock the DPD out)."""
    if account.id == actor.id and not active:
        raise AccountError("Vous ne pouvez pas désactiver votre propre compte.")
    if account.active != active:
        record_account_change(account, "réactivé" if active else "désactivé", actor)
    account.active = active
    if not active:
        end_all_sessions(account)


def set_reminders(user: User, enabled: bool) -> None:
    """Turn the user's daily digest of deadlines on or off."""
    user.reminders_enabled = enabled
