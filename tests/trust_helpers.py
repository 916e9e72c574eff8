"""Helpers of the trust tests: the audit log read back, fresh browsers, API calls."""
import sqlalchemy as sa
from flask import g

from registre.extensions import db
from registre.models import AuditEvent
from tests.support import TEST_PASSWORD


def events(action: str | None = None) -> list[AuditEvent]:
    """The audit events written so far (oldest first), of one action when given."""
    db.session.expire_all()
    query = sa.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def fresh(app):
    """A new browser (the tests share one app context: forget the cached user)."""
    g.pop("_login_user", None)
    return app.test_client()


def sign_in(app, user, password: str = TEST_PASSWORD):
    """Log in from a new browser; return it (asserting the login worked)."""
    browser = fresh(app)
    response = browser.post_form("/connexion", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    g.pop("_login_user", None)
    return browser


def opens(app, browser, path: str = "/") -> bool:
    """Tell whether the browser's cookie still opens a signed-in page."""
    g.pop("_login_user", None)
    response = browser.get(path)
    g.pop("_login_user", None)
    return response.status_code == 200
