"""Helpers for API tests: tokens and JSON requests."""
from registre.auth.services import create_api_token
from registre.extensions import db


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
