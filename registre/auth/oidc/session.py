"""What an académie sign-in keeps in the session: the ID token, for the provider's logout."""
import requests
from flask import session

from registre.auth.oidc.client import oidc_client

ID_TOKEN_KEY = "oidc_id_token"


def remember_id_token(id_token: str) -> None:
    """Keep the ID token: the provider's logout needs it as ``id_token_hint``."""
    session[ID_TOKEN_KEY] = id_token


def provider_logout_url(post_logout_redirect_uri: str) -> str | None:
    """Forget the ID token; return the provider's end-session URL, or None.

    None after a password login, or when the provider has no ``end_session_endpoint``
    (RP-initiated logout) or cannot be reached: the local session still ends.
    """
    id_token = session.pop(ID_TOKEN_KEY, None)
    client = oidc_client()
    if not id_token or client is None:
        return None
    try:
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
    except (requests.RequestException, ValueError):
        return None
    return client.create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri,
                                    id_token_hint=id_token)["url"]
