"""Bearer-token authentication of the API (the session cookie is never looked at)."""
import hashlib

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from registre.api.errors import ApiError
from registre.auth.services import TokenRefused, check_api_token, mark_token_used
from registre.extensions import limiter
from registre.models import User


def bearer_token() -> str:
    """The token of the request's ``Authorization: Bearer …`` header ("" when absent)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def rate_limit_key() -> str:
    """Per-token counters (a digest: no token is kept in the counters' store); requests
    without a token are counted per address."""
    token = bearer_token()
    if token:
        return "api-token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "api-address:" + (get_remote_address() or "")


# One budget per token shared by every blueprint under /api/v1 (429 JSON with Retry-After).
api_rate_limit = limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"],
                                      scope="api", key_func=rate_limit_key)


def authenticate_request() -> None:
    """Load the account of the request's bearer token into ``g.api_user``, else refuse (401)."""
    token = bearer_token()
    if not token:
        raise ApiError(401, "Jeton d'API manquant : envoyez l'en-tête "
                            "« Authorization: Bearer <jeton> » (flask registre create-token).")
    try:
        api_token = check_api_token(token)
    except TokenRefused as refusal:
        raise ApiError(401, refusal.message) from None
    mark_token_used(api_token)
    g.api_user = api_token.user


def api_user() -> User:
    """Return the account authenticated by the token of this request."""
    return g.api_user
