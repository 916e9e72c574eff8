"""Configuration read from the environment (``REGISTRE_*`` variables)."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

DEVELOPMENT = "development"
TESTING = "testing"
PRODUCTION = "production"


def _development_secret_key(instance_path: Path) -> str:
    """Return a random key kept in ``instance/`` so development sessions survive restarts."""
    key_file = instance_path / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
    return key_file.read_text().strip()


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration mapping for an environment (production unless told otherwise)."""
    overrides = overrides or {}
    env = overrides.get("REGISTRE_ENV") or os.environ.get("REGISTRE_ENV", PRODUCTION)
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    config = {
        "REGISTRE_ENV": env,
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "REGISTRE_DATABASE_URL", f"sqlite:///{instance / 'registre.db'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": os.environ.get("REGISTRE_SECRET_KEY"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == PRODUCTION,
        "SESSION_COOKIE_NAME": "registre_session",
        # A working day: staff log in once in the morning.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=10),
        "REMEMBER_COOKIE_DURATION": timedelta(hours=10),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == PRODUCTION,
        "WTF_CSRF_TIME_LIMIT": 10 * 3600,
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": os.environ.get("REGISTRE_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": os.environ.get("REGISTRE_LOGIN_RATE_LIMIT", "5 per minute;30 per hour"),
        "EXPORTS_DIR": os.environ.get(
            "REGISTRE_EXPORTS_DIR", str(Path(instance_path).parent / "exports")
        ),
        "TEMPLATES_AUTO_RELOAD": env == DEVELOPMENT,
        # Reverse proxies in front (TLS): their X-Forwarded-* headers give the public URL,
        # which the provider must see in redirect_uri, and the client's address.
        "PROXIES": int(os.environ.get("REGISTRE_PROXIES", "0") or 0),
        # Académie sign-in (OpenID Connect); off while the issuer is empty.
        "OIDC_ISSUER": os.environ.get("REGISTRE_OIDC_ISSUER", ""),
        "OIDC_CLIENT_ID": os.environ.get("REGISTRE_OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": os.environ.get("REGISTRE_OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": os.environ.get("REGISTRE_OIDC_SCOPES", "openid email profile"),
        "OIDC_EMAIL_CLAIM": os.environ.get("REGISTRE_OIDC_EMAIL_CLAIM", "email"),
        "OIDC_PROVISIONING_CLAIM": os.environ.get("REGISTRE_OIDC_PROVISIONING_CLAIM", ""),
        "OIDC_FUNCTION_CLAIM": os.environ.get("REGISTRE_OIDC_FUNCTION_CLAIM", ""),
        "OIDC_PROVISIONING_ROLES": os.environ.get("REGISTRE_OIDC_PROVISIONING_ROLES", ""),
        "PASSWORD_LOGIN": os.environ.get("REGISTRE_PASSWORD_LOGIN", "1") != "0",
    }
    config.update(overrides)
    if not config["SECRET_KEY"]:
        if config["REGISTRE_ENV"] in (DEVELOPMENT, TESTING):
            config["SECRET_KEY"] = _development_secret_key(instance)
        else:
            raise RuntimeError(
                "REGISTRE_SECRET_KEY doit être défini en production "
                "(par exemple : python -c 'import secrets; print(secrets.token_hex(32))')."
            )
    return config
