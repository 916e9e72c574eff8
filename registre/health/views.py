"""``GET /sante``: 200 when the application can serve, 503 otherwise (JSON, no login)."""
from flask import Blueprint, jsonify

from registre.health.services import health

bp = Blueprint("health", __name__)


@bp.get("/sante")
def check():
    """The state of the database and of Redis (when configured), never cached."""
    body, healthy = health()
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
