"""Authentication services: password check, account creation, API tokens."""
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value

from registre.audit.services import record_event
from registre.auth.passwords import context_words, password_problems
from registre.auth.session import end_all_sessions, start_session
from registre.dates import format_date, utcnow
from registre.emails import is_valid_email, normalize_email
from registre.extensions import db
from registre.models import (
    Academie,
    ApiToken,
    AuditAction,
    AuditOutcome,
    Organisation,
    Role,
    User,
)

TOKEN_DAYS = 365
MAX_TOKEN_DAYS = 3 * 365
# last_used_at is written at most this often per token (a busy script makes no write storm).
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)

# A real hash of a random password, checked when the e-mail is unknown so that both
# failures take the same time and give the same message.
_DUMMY_USER = User(email="", role=Role.AUDITEUR)
_DUMMY_USER.set_password(secrets.token_hex(16))


class AccountError(ValueError):
    """Raised with a French message when an account cannot be created as asked."""


class PasswordRefused(AccountError):
    """The password breaks the rules; the message (French) gives every reason."""


def find_user(email: str) -> User | None:
    """Return the account with that e-mail address, or None."""
    return db.session.scalars(
        sa.select(User).where(User.email == normalize_email(email))
    ).first()


def authenticate(email: str, password: str) -> User | None:
    """Return the active account matching the credentials, or None (same cost either way).

    A failure is written in the audit log (``login_failed``, with the address typed, never
    the password); a success is, by :func:`log_in`.
    """
    user = find_user(email)
    if user is None:
        _DUMMY_USER.check_password(password)
    elif user.check_password(password) and user.active:
        return user
    record_event(AuditAction.LOGIN_FAILED, f"compte:{user.id}" if user else "compte inconnu",
                 outcome=AuditOutcome.FAILURE, user=user, login=normalize_email(email)[:254])
    return None


def log_in(user: User) -> None:
    """Open the session of an authenticated, active account (password or académie sign-in),
    on the server too, and write it in the audit log."""
    start_session(user)
    user.last_login_at = utcnow()
    record_event(AuditAction.LOGIN, f"compte:{user.id}", user=user)


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



def password_context(academie: Academie | None = None,
                     organisation: Organisation | None = None) -> list[str]:
    """The words a password must not be built on: every académie's code and name (a few
    dozen), the organisation's name and commune, and the application's own words."""
    texts = [text for row in db.session.execute(sa.select(Academie.code, Academie.name))
             for text in row]
    if organisation is not None:
        texts += [organisation.name, organisation.commune]
    return context_words(*texts)


def check_password_rules(password: str, user_or_email: User | str,
                         academie: Academie | None = None,
                         organisation: Organisation | None = None) -> None:
    """Raise :class:`AccountError` with the French reasons when the password is refused."""
    if isinstance(user_or_email, User):
        email = user_or_email.email
        academie, organisation = user_or_email.academie, user_or_email.organisation
    else:
        email = user_or_email
    problems = password_problems(password, email, password_context(academie, organisation))
    if problems:
        raise PasswordRefused(" ".join(problems))


def record_account_change(account: User, what: str, actor: User | None = None) -> None:
    """Write a change of an account (never its password) in the audit log."""
    record_event(AuditAction.ACCOUNT_CHANGE, f"compte:{account.id} ({account.email})",
                 user=actor, academie_id=account.academie_id, details=what)


def create_user(email: str, role: Role, password: str | None, name: str = "",
                academie: Academie | None = None,
                organisation: Organisation | None = None, actor: User | None = None) -> User:
    """Create an account with a role and its scope; raise :class:`AccountError` when invalid.

    Without a password (None) the account signs in only with the académie's provider.
    """
    email = normalize_email(email)
    if not is_valid_email(email):
        raise AccountError(f"« {email} » n'est pas une adresse électronique valide.")
    if find_user(email) is not None:
        raise AccountError(f"Un compte existe déjà pour {email}.")
    academie, organisation = resolve_scope(role, academie, organisation)
    if password is not None:
        check_password_rules(password, email, academie, organisation)
    user = User(email=email, role=role, name=name, academie=academie, organisation=organisation)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_account_change(user, f"création ; rôle={role.value} ; périmètre={user.scope_label}",
                          actor)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password (the current one is asked) and end every other session."""
    if not user.check_password(current):
        raise AccountError("Le mot de passe actuel n'est pas le bon.")
    check_password_rules(new, user)
    user.set_password(new)
    end_all_sessions(user)
    record_account_change(user, "mot de passe changé par son titulaire", user)


class TokenRefused(Exception):
    """A bearer token that opens nothing; ``message`` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def create_api_token(user: User, name: str = "", days: int = TOKEN_DAYS,
                     actor: User | None = None) -> str:
    """Create a token valid ``days`` days and return it in clear (shown once, stored hashed)."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise AccountError(f"La durée de validité d'un jeton va de 1 à {MAX_TOKEN_DAYS} jours.")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    api_token = ApiToken(user=user, token_hash=ApiToken.digest(token), name=name,
                         created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(api_token)
    db.session.flush()
    record_event(AuditAction.TOKEN_CREATED, f"jeton:{api_token.id} ({user.email})", user=actor,
                 academie_id=user.academie_id, details=f"valable {days} jours")
    return token


def revoke_api_token(api_token: ApiToken, actor: User | None = None) -> None:
    """Revoke a token at once (idempotent)."""
    if api_token.revoked_at is None:
        api_token.revoked_at = utcnow()
        record_event(AuditAction.TOKEN_REVOKED, f"jeton:{api_token.id} ({api_token.user.email})",
                     user=actor, academie_id=api_token.user.academie_id)


def find_api_token(token: str) -> ApiToken | None:
    """Return the stored token matching a clear token, or None."""
    if not token:
        return None
    return db.session.scalars(
        sa.select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token))).first()


def list_api_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def check_api_token(token: str) -> ApiToken:
    """Return the token when it opens the API now; raise :class:`TokenRefused` saying why."""
    api_token = find_api_token(token)
    if api_token is None:
        raise TokenRefused("Jeton d'API inconnu : vérifiez-le ou demandez-en un nouveau.")
    if api_token.revoked_at is not None:
        raise TokenRefused(f"Ce jeton d'API a été révoqué le {format_date(api_token.revoked_at)} : "
                           "demandez-en un nouveau.")
    if not api_token.is_usable(utcnow()):
        raise TokenRefused(f"Ce jeton d'API a expiré le {format_date(api_token.expires_at)} : "
                           "demandez-en un nouveau.")
    if not api_token.user.active:
        raise TokenRefused("Le compte de ce jeton d'API est désactivé.")
    return api_token


def user_for_token(token: str) -> User | None:
    """Return the active account owning a usable token, or None."""
    try:
        return check_api_token(token).user
    except TokenRefused:
        return None


def mark_token_used(api_token: ApiToken, now: datetime | None = None) -> None:
    """Record ``last_used_at``, at most once a minute per token, in a write of its own (a
    read-only request commits nothing; the answer must not wait for the row lock long)."""
    now = now or utcnow()
    if api_token.last_used_at is not None and now - api_token.last_used_at < TOKEN_TOUCH_INTERVAL:
        return
    stale = now - TOKEN_TOUCH_INTERVAL
    try:
        with db.engine.begin() as connection:
            connection.execute(sa.update(ApiToken).where(
                ApiToken.id == api_token.id,
                sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= stale))
                .values(last_used_at=now))
    except SQLAlchemyError:  # a busy database: the next request will write it
        current_app.logger.warning("Jeton %s : last_used_at non enregistré", api_token.id)
        return
    set_committed_value(api_token, "last_used_at", now)
