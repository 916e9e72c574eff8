"""What every database connection gets: SQLite's pragmas and the SQL function it lacks.

The one place where the application listens to engine events; :func:`create_app` calls
:func:`init_database`. PostgreSQL needs nothing: ``translate()`` is standard there.
"""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def sqlite_translate(text, source, target):
    """SQL ``translate(text, from, to)`` for SQLite, as PostgreSQL defines it."""
    if text is None:
        return None
    table = str.maketrans(source[:len(target)], target[:len(source)],
                          source[len(target):])
    return text.translate(table)


def _on_connect(dbapi_connection, _record) -> None:
    """SQLite: foreign keys, write-ahead logging, a busy timeout and ``translate()``."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        # Accent-insensitive search (registre.public.search) folds columns with translate().
        dbapi_connection.create_function("translate", 3, sqlite_translate, deterministic=True)


def init_database() -> None:
    """Listen to every new database connection (once per process, whatever the apps)."""
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
