"""The académie's OpenID provider as an Authlib client, registered per application."""
from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from flask import Flask, current_app

from registre.auth.oidc.provisioning import provisioning_rules

EXTENSION = "registre_oidc"
# Every call to the provider (discovery, keys, token) gives up after this many seconds.
TIMEOUT_SECONDS = 10


def init_oidc(app: Flask) -> None:
    """Register the provider when ``REGISTRE_OIDC_ISSUER`` is set; refuse an incomplete setting.

    One Authlib registry per application: its client caches the provider's configuration,
    which must not leak from one application (or test) to another.
    """
    issuer = app.config.get("OIDC_ISSUER", "").strip().rstrip("/")
    if not issuer:
        return
    if not app.config["OIDC_CLIENT_ID"] or not app.config["OIDC_CLIENT_SECRET"]:
        raise RuntimeError("REGISTRE_OIDC_CLIENT_ID et REGISTRE_OIDC_CLIENT_SECRET doivent être "
                           "définis avec REGISTRE_OIDC_ISSUER.")
    scopes = app.config["OIDC_SCOPES"]
    if "openid" not in scopes.split():
        raise RuntimeError("REGISTRE_OIDC_SCOPES doit contenir « openid ».")
    provisioning_rules(app.config)  # a wrong mapping stops the start, not a sign-in
    app.extensions[EXTENSION] = OAuth(app).register(
        "academie",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256",
                       "default_timeout": TIMEOUT_SECONDS},
    )


def oidc_client() -> FlaskOAuth2App | None:
    """The provider's client, or None when académie sign-in is not configured."""
    return current_app.extensions.get(EXTENSION)
