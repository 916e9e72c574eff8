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
        # Jobs (design §10): RQ over Redis when set, else a thread of the web process.
        "REDIS_URL": os.environ.get("REGISTRE_REDIS_URL", ""),
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
