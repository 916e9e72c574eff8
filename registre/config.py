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


def _int(name: str, default: int) -> int:
    """Read a whole-number setting, refusing anything else with a French message."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise RuntimeError(f"{name} doit être un nombre entier positif (reçu « {value} »).")
    return int(value)


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration mapping for an environment (production unless told otherwise)."""
    overrides = overrides or {}
    env = overrides.get("REGISTRE_ENV") or os.environ.get("REGISTRE_ENV", PRODUCTION)
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    redis_url = os.environ.get("REGISTRE_REDIS_URL", "").strip() or None
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
        # __Host-: the browser only accepts it over HTTPS, for this host, on every path.
        "SESSION_COOKIE_NAME": "__Host-registre" if env == PRODUCTION else "registre_session",
        # Idle timeout, checked on the cookie's signed timestamp (refreshed on every request).
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=_int("REGISTRE_SESSION_IDLE_MINUTES",
                                                             120)),
        # Absolute lifetime, checked on the server-side session: a working day.
        "SESSION_MAX_AGE": timedelta(hours=_int("REGISTRE_SESSION_MAX_HOURS", 10)),
        "REMEMBER_COOKIE_DURATION": timedelta(hours=10),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == PRODUCTION,
        "WTF_CSRF_TIME_LIMIT": 10 * 3600,
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Several instances may share one Redis: each counts under its own prefix.
        "RATELIMIT_KEY_PREFIX": os.environ.get("REGISTRE_REDIS_PREFIX", "registre"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed logins per account, then (higher: a school is one NAT address) per address.
        "LOGIN_RATE_LIMIT": os.environ.get("REGISTRE_LOGIN_RATE_LIMIT", "5 per minute;20 per hour"),
        "LOGIN_ADDRESS_RATE_LIMIT": os.environ.get("REGISTRE_LOGIN_ADDRESS_RATE_LIMIT",
                                                   "20 per minute;100 per hour"),
        "API_RATE_LIMIT": os.environ.get("REGISTRE_API_RATE_LIMIT", "300 per minute"),
        "AUDIT_RETENTION_DAYS": _int("REGISTRE_AUDIT_RETENTION_DAYS", 183),
        "TRUSTED_PROXIES": _int("REGISTRE_TRUSTED_PROXIES", 0),
        "EXPORTS_DIR": os.environ.get(
            "REGISTRE_EXPORTS_DIR", str(Path(instance_path).parent / "exports")
        ),
        "TEMPLATES_AUTO_RELOAD": env == DEVELOPMENT,
        # Reverse proxies in front (TLS): their X-Forwarded-* headers give the public URL,
        # which the provider must see in redirect_uri, and the client's address.
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
        # Mail (registre/mail.py): without a host, messages are written to instance/mails/.
        "REGISTRE_SMTP_HOST": os.environ.get("REGISTRE_SMTP_HOST", ""),
        "REGISTRE_SMTP_PORT": int(os.environ.get("REGISTRE_SMTP_PORT") or 25),
        "REGISTRE_SMTP_USER": os.environ.get("REGISTRE_SMTP_USER", ""),
        "REGISTRE_SMTP_PASSWORD": os.environ.get("REGISTRE_SMTP_PASSWORD", ""),
        "REGISTRE_MAIL_FROM": os.environ.get("REGISTRE_MAIL_FROM", "registre@localhost"),
        "REGISTRE_MAILS_DIR": os.environ.get("REGISTRE_MAILS_DIR", str(instance / "mails")),
        # The canonical address of the site (registre/links.py): e-mailed links, and the API's
        # Location headers and download URLs when set; never a request's Host header.
        "REGISTRE_BASE_URL": os.environ.get("REGISTRE_BASE_URL", "").strip(),
        # The parents' request form (per address; Redis holds the counts when configured).
        "PUBLIC_FORM_RATE_LIMIT": os.environ.get("REGISTRE_PUBLIC_FORM_RATE_LIMIT",
                                                 "5 per hour;20 per day"),
        # Jobs (design §10): RQ over Redis when set, else a thread of the web process.
        "JOBS_QUEUE": os.environ.get("REGISTRE_JOBS_QUEUE", "registre"),
        "JOB_TIMEOUT": int(os.environ.get("REGISTRE_JOB_TIMEOUT", "7200")),
        "JOB_FILES_DAYS": int(os.environ.get("REGISTRE_JOB_FILES_DAYS", "7")),
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
