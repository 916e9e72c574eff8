"""Shared fixtures: the app on SQLite or PostgreSQL, a client with CSRF tokens, logins,
a frozen clock and an SQL statement counter. Constants live in tests/support.py."""
import gc
import threading
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import close_all_sessions
from werkzeug.serving import make_server

from registre import create_app, dates
from registre.extensions import db, limiter
from registre.jobs.runner import wait_for_threads
from tests.i18n_helpers import compile_catalogues
from tests.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FROZEN_NOW,
    PG_URL,
    TEST_PASSWORD,
    RegistreClient,
    app_config,
    private_schema_url,
    require_tool,
)

# Fixtures of the breach, rights-request and reminder tests (SMTP server).
pytest_plugins = ["tests.register_helpers"]


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """``make test`` compiles the catalogues; a bare ``pytest`` on a fresh clone needs them too."""
    compile_catalogues()


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
    app = create_app(app_config(database_url, tmp_path_factory.mktemp("exports")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_url


@pytest.fixture
def app(_schema, tmp_path):
    """An application bound to the session database, emptied after each test."""
    app = create_app(app_config(_schema, tmp_path / "exports"))
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
    # A connection nobody closed fails this test, not whichever test the collector runs in.
    gc.collect()


@pytest.fixture
def make_app():
    """Build another application (another configuration) for one test; its database
    connections are closed afterwards, so no psycopg connection is left to the collector."""
    made = []

    def _make(config):
        made.append(create_app(config))
        return made[-1]
    yield _make
    # The test's sessions may hold connections of these apps' engines: release them first.
    close_all_sessions()
    for other in made:
        with other.app_context():
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


class FrozenClock:
    """The clock of registre.dates, stopped at a naive UTC time that a test may move."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at.replace(tzinfo=UTC)

    def set(self, at: datetime) -> None:
        """Move the clock to ``at`` (naive UTC, as timestamps are stored)."""
        self.at = at


@pytest.fixture
def frozen_clock(monkeypatch, request) -> FrozenClock:
    """Freeze "now" for the application (timestamps, "today" in Paris) at FROZEN_NOW, or at
    the instant of the test's ``@pytest.mark.frozen_at(datetime(…))`` marker."""
    marker = request.node.get_closest_marker("frozen_at")
    clock = FrozenClock(marker.args[0] if marker else FROZEN_NOW)
    monkeypatch.setattr(dates, "clock", clock)
    return clock


@pytest.fixture
def count_queries(app):
    """``with count_queries() as statements:`` records the SQL statements run in the block."""
    @contextmanager
    def counting():
        statements: list[str] = []

        def record(_connection, _cursor, statement, *_args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
    return counting
