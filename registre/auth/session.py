"""Flask-Login wiring: how a session's user is loaded."""
from flask import Flask

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


def init_login(app: Flask) -> None:
    """Configure the login page and its French message."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
