"""Issue 12: after a bulk load (directory import, seed-large) PostgreSQL's planner statistics
are refreshed in the same transaction; SQLite has nothing to refresh."""
from pathlib import Path

import pytest

from registre.database import analyze
from registre.demo.large import LOADED_TABLES, seed_large
from registre.directory.services import import_directory
from registre.extensions import db
from tests.factories import make_academie

LABELS = Path(__file__).resolve().parent / "data" / "annuaire-libelles.csv"


def _analyzed(statements) -> list[str]:
    return [statement for statement in statements if statement.startswith("ANALYZE")]


@pytest.fixture
def postgresql(app) -> bool:
    return db.engine.dialect.name == "postgresql"


def test_a_directory_import_analyzes_the_organisations(app, count_queries, postgresql):
    academie = make_academie(code="besancon", name="Académie de Besançon")
    db.session.commit()
    with count_queries() as statements:
        report = import_directory(LABELS.read_bytes(), academie)
        db.session.commit()
    assert report.created == 12
    expected = ["ANALYZE organisation, organisation_change"] if postgresql else []
    assert _analyzed(statements) == expected
    with count_queries() as statements:  # nothing created the second time: no ANALYZE
        import_directory(LABELS.read_bytes(), academie)
    assert _analyzed(statements) == []


def test_a_dry_run_analyzes_nothing(app, count_queries):
    academie = make_academie(code="besancon", name="Académie de Besançon")
    db.session.commit()
    with count_queries() as statements:
        import_directory(LABELS.read_bytes(), academie, dry_run=True)
    assert _analyzed(statements) == []


def test_seed_large_analyzes_what_it_filled(app, count_queries, postgresql):
    with count_queries() as statements:
        seed_large("bench", 2, 3)
        db.session.commit()
    assert _analyzed(statements) == ([f"ANALYZE {', '.join(LOADED_TABLES)}"]
                                     if postgresql else [])
    assert {"organisation", "activity", "revision", "activity_finding"} <= set(LOADED_TABLES)


def test_analyze_without_tables_does_nothing(app, count_queries):
    with count_queries() as statements:
        analyze()
    assert statements == []
