"""Bearer-token authentication of the API (the session cookie is never looked at)."""
from flask import g, request

from registre.api.errors import ApiError
from registre.auth.services import user_for_token
from registre.models import User


def authenticate_request() -> None:
    """Load the account of the request's bearer token into ``g.api_user``, else refuse (401)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "Jeton d'API manquant : envoyez l'en-tête "
                            "« Authorization: Bearer <jeton> » (flask registre create-token).")
    user = user_for_token(token)
    if user is None:
        raise ApiError(401, "Jeton d'API invalide ou révoqué, ou compte désactivé.")
    g.api_user = user


def api_user() -> User:
    """Return the account authenticated by the token of this request."""
    return g.api_user
