"""Flask-Login wiring: how a session's user is loaded, and when the session cookie is sent."""
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from registre.extensions import db, login_manager
from registre.models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the logged-in account (inactive accounts are refused by Flask-Login)."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
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
