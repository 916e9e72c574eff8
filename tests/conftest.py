"""Shared fixtures: the app on SQLite or PostgreSQL, a client with CSRF tokens, logins."""
import os
import shutil
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from werkzeug.serving import make_server

from registre import create_app
from registre.extensions import db, limiter
from registre.jobs.runner import wait_for_threads

TEST_PASSWORD = "Un-mot-de-passe-2026!"
PG_URL = os.environ.get("REGISTRE_TEST_DATABASE_URL", "")
REQUIRE_SYSTEM_TOOLS = os.environ.get("REGISTRE_REQUIRE_SYSTEM_TOOLS") == "1"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless, without the background connections this closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database for the session: a private PostgreSQL schema, or a SQLite file."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    yield from private_schema_url(PG_URL, "t")


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Create the tables once per session."""
    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("exports")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_url


def _test_config(database_url: str, exports_dir) -> dict:
    return {
        "REGISTRE_ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "clé-de-test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "SERVER_NAME": "registre.test",
        "EXPORTS_DIR": str(exports_dir),
    }


class RegistreClient(FlaskClient):
    """A test client that can post forms with a valid CSRF token, as a browser would."""

    def csrf_token(self) -> str:
        """Return a signed CSRF token for the client's session."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", uuid.uuid4().hex)
        serializer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return serializer.dumps(raw)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with its CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def app(_schema, tmp_path):
    """An application bound to the session database, emptied after each test."""
    app = create_app(_test_config(_schema, tmp_path / "exports"))
    app.test_client_class = RegistreClient
    limiter.reset()
    with app.app_context():
        yield app
        wait_for_threads()  # a job a test started (e.g. a recalculation) ends before cleanup
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app) -> RegistreClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """Log a user in through the real login form; returns the client."""
    def _login(user, password: str = TEST_PASSWORD):
        response = client.post_form("/connexion", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client
    return _login


@pytest.fixture
def server(app):
    """The application served on an ephemeral loopback port, in a thread (for Chromium)."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright (skipped with a reason on a laptop without it)."""
    require_tool(CHROMIUM, "les tests de navigateur pilotent Chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
