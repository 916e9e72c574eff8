"""What every database connection gets: SQLite's pragmas.

The one place where the application listens to engine events; :func:`create_app` calls
:func:`init_database`.
"""
import sqlite3

from sqlalchemy import event
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
