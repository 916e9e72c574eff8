"""Migrations create exactly the schema the models describe, on SQLite and PostgreSQL."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from registre import create_app
from registre.extensions import db
from registre.models.organisation import SEARCH_TRIGRAM_INDEX
from tests.support import PG_URL, app_config, private_schema_url


@pytest.fixture
def empty_database_url(tmp_path):
    """A database with no table at all: a new SQLite file or a new PostgreSQL schema."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    yield from private_schema_url(PG_URL, "m")


def test_migrations_match_models(empty_database_url, tmp_path):
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        # The search's trigram index exists only where pg_trgm does: not in the models.
        assert [difference for difference in differences
                if getattr(difference[1], "name", None) != SEARCH_TRIGRAM_INDEX] == []
        db.engine.dispose()


def test_migrations_downgrade_to_nothing(empty_database_url, tmp_path):
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


def test_migration_corrects_the_automatic_titles_and_keeps_typed_ones(empty_database_url,
                                                                      tmp_path):
    """Titles set by the old kind-only rule are corrected; what a person typed is kept."""
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade(revision="8c40004d0cf4")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO academie (id, code, name, dpd_name, dpd_email, dpd_phone, "
                "dpd_address, rights_contact, created_at) "
                "VALUES (1, 'a', 'A', '', '', '', '', '', '2026-01-01')"))
            for uai, kind, sector, title in [
                    ("0750655E", "ecole", "prive_sous_contrat", "IA-DASEN, par délégation du recteur"),
                    ("0750654D", "ecole", "prive_sous_contrat", "Directrice, pour l'OGEC"),
                    ("0750653C", "dsden", "public", "Recteur d'académie"),
                    ("0750652B", "ecole", "public", "IA-DASEN, par délégation du recteur")]:
                connection.execute(sa.text(
                    "INSERT INTO organisation (uai, name, kind, sector, address, postal_code, "
                    "commune, academie_id, controller_title, controller_name, controller_email, "
                    "controller_phone, created_at) VALUES (:uai, 'X', :kind, :sector, '', '', "
                    "'', 1, :title, '', '', '', '2026-01-01')"),
                    {"uai": uai, "kind": kind, "sector": sector, "title": title})
        upgrade()
        with db.engine.connect() as connection:
            titles = dict(connection.execute(sa.text(
                "SELECT uai, controller_title FROM organisation")).all())
        db.engine.dispose()
    assert titles == {"0750655E": "Chef d'établissement, pour l'organisme de gestion",
                      "0750654D": "Directrice, pour l'OGEC",
                      "0750653C": "IA-DASEN, par délégation du recteur",
                      "0750652B": "IA-DASEN, par délégation du recteur"}


def test_migration_fills_the_search_text_of_existing_organisations(empty_database_url, tmp_path):
    """Schools registered before srch0001a5e7 are found by the public search after it."""
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade(revision="wsa0001a0c1")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO academie (id, code, name, dpd_name, dpd_email, dpd_phone, "
                "dpd_address, rights_contact, created_at, updated_at) "
                "VALUES (1, 'a', 'A', '', '', '', '', '', '2026-01-01', '2026-01-01')"))
            connection.execute(sa.text(
                "INSERT INTO organisation (uai, name, kind, sector, address, postal_code, "
                "commune, academie_id, controller_title, controller_name, controller_email, "
                "controller_phone, created_at, updated_at) VALUES ('0750655E', "
                "'École du Sacré-Cœur', 'ecole', 'public', '', '02400', 'Château-Thierry', 1, "
                "'', '', '', '', '2026-01-01', '2026-01-01')"))
        upgrade()
        with db.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT search_text FROM organisation")).scalar()
            indexes = {index["name"] for index in sa.inspect(connection).get_indexes(
                "organisation")}
            trigrams = connection.dialect.name == "postgresql" and connection.execute(sa.text(
                "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar()
        db.engine.dispose()
    assert stored == "ecole du sacre coeur chateau thierry 02400 0750655e"
    assert (SEARCH_TRIGRAM_INDEX in indexes) == bool(trigrams)
