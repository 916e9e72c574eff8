"""Server-side sessions and the Flask-Login wiring.

The signed session cookie carries a random session id; the server keeps its digest in
``user_session``. A request's user is loaded only when that row exists and is younger than
``SESSION_MAX_AGE`` (the absolute lifetime); the idle timeout is the cookie's own signed
timestamp (``PERMANENT_SESSION_LIFETIME``). Logging out deletes the row; a password change or
a deactivation deletes every row of the account, so a copied cookie opens nothing afterwards.
"""
import secrets

import sqlalchemy as sa
from flask import Flask, current_app, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user

from registre.audit.services import record_event
from registre.dates import utcnow
from registre.extensions import db, login_manager
from registre.models import ApiToken, AuditAction, User, UserSession

SESSION_KEY = "sid"


def _oldest_allowed():
    return utcnow() - current_app.config["SESSION_MAX_AGE"]


def start_session(user: User) -> None:
    """Open a new server-side session for the user and log them in (a fresh cookie)."""
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id,
                                                    UserSession.created_at < _oldest_allowed()))
    session.clear()  # a new cookie at login: nothing of the anonymous one survives
    sid = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=ApiToken.digest(sid)))
    session[SESSION_KEY] = sid
    session.permanent = True  # the cookie expires after PERMANENT_SESSION_LIFETIME idle
    login_user(user)


def end_session() -> None:
    """End this browser's session (logout)."""
    sid = session.get(SESSION_KEY)
    if sid:
        db.session.execute(sa.delete(UserSession).where(
            UserSession.token_hash == ApiToken.digest(sid)))
    record_event(AuditAction.LOGOUT, f"compte:{current_user.id}")
    logout_user()
    session.clear()


def end_all_sessions(user: User) -> None:
    """End every open session of the user (password change, deactivation)."""
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the session's account when its server-side session is still open and active."""
    sid = session.get(SESSION_KEY)
    if not sid or not str(user_id).isdigit():
        return None
    user = db.session.scalars(
        sa.select(User).join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(user_id), UserSession.token_hash == ApiToken.digest(sid),
               UserSession.created_at >= _oldest_allowed())
    ).first()
    # A deactivated account loses its open sessions at once, not only future logins.
    return user if user is not None and user.active else None


class SessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, except on responses any cache may keep.

    A response marked ``Cache-Control: public`` (the public register) that did not change the
    session neither sends the cookie nor ``Vary: Cookie``: its content is the same for
    everybody, so a cache must not keep one copy per visitor. (Flask-Login looks at the
    session after every request, which alone would add ``Vary: Cookie``.)
    """

    def save_session(self, app, session, response) -> None:
        """Save the session, unless the response is public and the session unchanged."""
        if response.cache_control.public and not session.modified:
            return
        super().save_session(app, session, response)


def init_login(app: Flask) -> None:
    """Configure the login page and its French message."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.session_interface = SessionInterface()
