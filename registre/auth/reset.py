"""« Mot de passe oublié » : a single-use link, sent by e-mail, that expires.

A DPD or an administrator sends it from the accounts page, or the person asks for it from
the login page. Only the SHA-256 digest of the token is stored; the link is built on
``REGISTRE_BASE_URL``, never on the Host header of the request that asked for it (a forged
Host cannot send a victim a link to another site: hostile case 38). Using the link sets a
new password under the usual rules, ends every session and every other open link.
Services never commit.
"""
import secrets
from datetime import timedelta

import sqlalchemy as sa

from registre.auth.services import check_password_rules, record_account_change
from registre.auth.session import end_all_sessions
from registre.dates import format_datetime, utcnow
from registre.extensions import db
from registre.links import site_url
from registre.mail import send_mail
from registre.models import ApiToken, PasswordReset, User

RESET_HOURS = 24


def _digest(token: str) -> str:
    return ApiToken.digest(token)


def _close_open_links(user: User) -> None:
    """A new link (or a new password) makes the older links useless."""
    db.session.execute(sa.update(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow()))


def issue_reset(user: User, actor: User | None = None) -> tuple[str, PasswordReset]:
    """Create a link for ``user`` (closing the older ones); return its token in clear (it is
    never stored) and the stored link."""
    _close_open_links(user)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    reset = PasswordReset(user_id=user.id, token_hash=_digest(token), created_at=now,
                          expires_at=now + timedelta(hours=RESET_HOURS),
                          requested_by_id=actor.id if actor else None)
    db.session.add(reset)
    db.session.flush()
    # From the login page nobody is signed in: the request is anyone's who typed the address.
    asked = "demandé depuis la page de connexion" if actor is None else "par un gestionnaire"
    record_account_change(user, f"lien de réinitialisation du mot de passe envoyé ({asked})",
                          actor)
    return token, reset


def send_reset(user: User, actor: User | None = None) -> None:
    """Issue a link and e-mail it to the account's address (raise ``MailError`` on failure)."""
    token, reset = issue_reset(user, actor)
    link = site_url("password_reset.choose", token=token)
    asked = ("Vous avez demandé" if actor is None
             else f"{actor.name or actor.email} a demandé pour vous")
    body = (f"Bonjour {user.name or user.email},\n\n"
            f"{asked} un nouveau mot de passe pour le registre des activités de traitement.\n"
            f"Choisissez-le en ouvrant ce lien, qui ne sert qu'une fois et reste valable "
            f"jusqu'au {format_datetime(reset.expires_at)} :\n\n{link}\n\n"
            "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe actuel "
            "reste valable.\n")
    send_mail([user.email], "Registre RGPD : choisir un nouveau mot de passe", body)


def find_reset(token: str | None) -> PasswordReset | None:
    """The link of that token when it still opens the form (unused, unexpired, account
    active), else None."""
    if not token or len(token) > 100:
        return None
    reset = db.session.scalars(sa.select(PasswordReset).where(
        PasswordReset.token_hash == _digest(token))).first()
    if reset is None or not reset.is_usable(utcnow()) or not reset.user.active:
        return None
    return reset


def complete_reset(reset: PasswordReset, password: str) -> User:
    """Set the new password (raise ``PasswordRefused`` with the reasons), close the link and
    the other ones, end every session of the account."""
    user = reset.user
    check_password_rules(password, user)
    user.set_password(password)
    _close_open_links(user)
    end_all_sessions(user)
    record_account_change(user, "mot de passe choisi par lien de réinitialisation", user)
    return user
