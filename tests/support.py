"""Constants and helpers shared by the tests (imported by conftest.py and test modules alike)."""
import os
import shutil
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict

TEST_PASSWORD = "Un-mot-de-passe-2026!"
PG_URL = os.environ.get("REGISTRE_TEST_DATABASE_URL", "")
REQUIRE_SYSTEM_TOOLS = os.environ.get("REGISTRE_REQUIRE_SYSTEM_TOOLS") == "1"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless, without the background connections this closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# The frozen_clock fixture's default "now" (naive UTC) and the Paris day it falls on.
FROZEN_NOW = datetime(2026, 11, 28, 12, 0)
TODAY = date(2026, 11, 28)


def require_tool(path_or_name: str, reason: str) -> None:
    """Skip (or fail in CI) when a system tool such as Chromium or LibreOffice is missing."""
    if shutil.which(path_or_name) is None and not os.path.exists(path_or_name):
        if REQUIRE_SYSTEM_TOOLS:
            pytest.fail(f"{path_or_name} est requis en CI : {reason}")
        pytest.skip(f"{path_or_name} absent : {reason}")


def private_schema_url(base_url: str, prefix: str):
    """Create a PostgreSQL schema of our own; yield a URL using it; drop it afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_search_path(base_url, schema)
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def _with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def app_config(database_url: str, exports_dir) -> dict:
    """The configuration of a test application on ``database_url``."""
    return {
        "REGISTRE_ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "clé-de-test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "SERVER_NAME": "registre.test",
        "EXPORTS_DIR": str(exports_dir),
        "RATELIMIT_STORAGE_URI": "memory://",  # never a shared Redis, whatever the environment
        # E-mails without an SMTP server go to the test's own folder, never to instance/.
        "REGISTRE_MAILS_DIR": str(Path(exports_dir).parent / "mails"),
    }


class RegistreClient(FlaskClient):
    """A test client that can post forms with a valid CSRF token, as a browser would."""

    def csrf_token(self) -> str:
        """Return a signed CSRF token for the client's session."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", uuid.uuid4().hex)
        serializer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return serializer.dumps(raw)

    def post_form(self, url: str, data: dict | MultiDict | None = None, **kwargs):
        """POST a form with its CSRF token, like a browser (repeated keys kept)."""
        # A MultiDict keeps its repeated keys; a dict's tuple values stay files.
        data = data.copy() if isinstance(data, MultiDict) else dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)
