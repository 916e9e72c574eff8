"""Helpers for API tests: tokens, JSON requests, the state a refused request leaves."""
import sqlalchemy as sa

from registre.auth.services import create_api_token
from registre.extensions import db
from registre.fiche.serialization import activity_to_dict
from registre.models import Activity, Revision


def token_for(user) -> str:
    """Create (and commit) an API token for the user."""
    token = create_api_token(user)
    db.session.commit()
    return token


def call(client, method: str, url: str, token: str | None = None, json=None, **kwargs):
    """Send an API request with a bearer token."""
    headers = kwargs.pop("headers", {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.open(url, method=method, json=json, headers=headers, **kwargs)


def assert_json_error(response, status: int, error: str | None = None) -> dict:
    """Check the JSON error format and return the body."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) >= {"error", "message", "fields"}
    assert isinstance(body["fields"], dict)
    assert body["message"]
    if error is not None:
        assert body["error"] == error
    return body


def snapshot_of_database() -> tuple:
    """Everything a refused request must leave untouched."""
    activities = db.session.scalars(sa.select(Activity).order_by(Activity.id)).all()
    db.session.expire_all()
    return ([activity_to_dict(a) for a in db.session.scalars(
                sa.select(Activity).order_by(Activity.id))],
            db.session.scalar(sa.select(sa.func.count()).select_from(Revision)),
            len(activities))
