"""Authentication services: password check, account creation, API tokens."""
import secrets

import sqlalchemy as sa
from flask import session
from flask_login import login_user

from registre.auth.passwords import password_problems
from registre.dates import utcnow
from registre.extensions import db
from registre.models import Academie, ApiToken, Organisation, Role, User

# A real hash of a random password, checked when the e-mail is unknown so that both
# failures take the same time and give the same message.
_DUMMY_USER = User(email="", role=Role.AUDITEUR)
_DUMMY_USER.set_password(secrets.token_hex(16))


class AccountError(ValueError):
    """Raised with a French message when an account cannot be created as asked."""


def normalize_email(email: str) -> str:
    """Return the e-mail address stripped and lower-cased."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """Return the account with that e-mail address, or None."""
    return db.session.scalars(
        sa.select(User).where(User.email == normalize_email(email))
    ).first()


def authenticate(email: str, password: str) -> User | None:
    """Return the active account matching the credentials, or None (same cost either way)."""
    user = find_user(email)
    if user is None:
        _DUMMY_USER.check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def log_in(user: User) -> None:
    """Open the session of an authenticated, active account (password or académie sign-in)."""
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
    login_user(user)
    user.last_login_at = utcnow()


def resolve_scope(role: Role, academie: Academie | None, organisation: Organisation | None
                  ) -> tuple[Academie | None, Organisation | None]:
    """Return the (académie, organisation) scope a role allows; raise :class:`AccountError`."""
    if role == Role.ADMIN:
        return None, None
    if role in (Role.RESPONSABLE, Role.REDACTEUR):
        if organisation is None:
            raise AccountError("Ce rôle porte sur un établissement : indiquez son UAI.")
        return organisation.academie, organisation
    if role == Role.DPD:
        if academie is None or organisation is not None:
            raise AccountError("Un DPD couvre une académie : indiquez son code.")
        return academie, None
    if academie is None and organisation is None:
        raise AccountError("Un auditeur couvre une académie ou un établissement.")
    if organisation is not None:
        return organisation.academie, organisation
    return academie, None


def create_user(email: str, role: Role, password: str | None, name: str = "",
                academie: Academie | None = None,
                organisation: Organisation | None = None) -> User:
    """Create an account with a role and its scope; raise :class:`AccountError` when invalid.

    Without a password (None) the account signs in only with the académie's provider.
    """
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"« {email} » n'est pas une adresse électronique valide.")
    if find_user(email) is not None:
        raise AccountError(f"Un compte existe déjà pour {email}.")
    problems = password_problems(password, email) if password is not None else []
    if problems:
        raise AccountError(" ".join(problems))
    academie, organisation = resolve_scope(role, academie, organisation)
    user = User(email=email, role=role, name=name, academie=academie, organisation=organisation)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    return user


def create_api_token(user: User, name: str = "") -> str:
    """Create a token for the user and return it in clear (shown once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=ApiToken.digest(token), name=name))
    return token


def user_for_token(token: str) -> User | None:
    """Return the active account owning a valid token, or None."""
    if not token:
        return None
    api_token = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token),
                                  ApiToken.revoked.is_(False))
    ).first()
    if api_token is None or not api_token.user.active:
        return None
    return api_token.user
