"""What every database connection gets (SQLite's pragmas), and statistics after bulk loads.

The one place where the application listens to engine events; :func:`create_app` calls
:func:`init_database`.
"""
import sqlite3

from sqlalchemy import event, text
from sqlalchemy.engine import Engine


def _on_connect(dbapi_connection, _record) -> None:
    """SQLite: foreign keys, write-ahead logging and a busy timeout."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def init_database() -> None:
    """Listen to every new database connection (once per process, whatever the apps)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)


def analyze(*tables: str) -> None:
    """PostgreSQL: refresh the planner's statistics of tables a bulk load just filled.

    Autovacuum analyses a table only after a while; until then the planner works from the
    statistics of the table before the load, and may choose a sequential scan for what an
    index answers in a millisecond (a public page's change stamp took 260 ms after seeding
    60,000 schools). Run in the caller's transaction (PostgreSQL counts its own uncommitted
    rows), so the statistics are kept only if the load is. SQLite: nothing to do.
    """
    from registre.extensions import db

    if tables and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(f"ANALYZE {', '.join(tables)}"))
