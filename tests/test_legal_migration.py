"""Issue 10 item 3: the boolean automated_decision becomes oui/non/inconnu without inventing a
"no" (migration legal0001a10e), on SQLite and PostgreSQL."""
import json

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from registre import create_app
from registre.extensions import db
from tests.support import PG_URL, app_config, private_schema_url

BEFORE = "5ca1ab1e0c12"


@pytest.fixture
def empty_database_url(tmp_path):
    """A database with no table at all: a new SQLite file or a new PostgreSQL schema."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'legal.db'}"
        return
    yield from private_schema_url(PG_URL, "l")


def _insert(connection, table_name: str, **values) -> None:
    """Insert a row, giving every other NOT NULL column a neutral value of its type."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        kind = column.type
        if isinstance(kind, sa.JSON):
            values[column.name] = []
        elif isinstance(kind, sa.Boolean):
            values[column.name] = False
        elif isinstance(kind, sa.Integer):
            values[column.name] = 1
        elif isinstance(kind, (sa.DateTime, sa.Date)):
            values[column.name] = sa.func.current_timestamp()
        else:
            values[column.name] = ""
    connection.execute(table.insert().values(**values))


def test_false_becomes_inconnu_unless_a_person_changed_it(empty_database_url, tmp_path):
    """RGPD art. 22 and design §3: « unknown is never shown as no ». True was always said by
    someone (oui); false is « non » only when an author's revision changed the field, else it
    is the untouched default (inconnu). Revision snapshots follow the same rule."""
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            _insert(connection, "academie", id=1, code="a", name="A")
            _insert(connection, "organisation", id=1, uai="0750655E", name="X", kind="college",
                    sector="public", academie_id=1)
            _insert(connection, "user_account", id=1, email="p@ac.fr", role="dpd")
            for activity_id, value in ((1, True), (2, False), (3, False)):
                _insert(connection, "activity", id=activity_id, organisation_id=1,
                        reference=f"T-00{activity_id}", name=f"A{activity_id}", status="brouillon",
                        scope="local", informed="inconnu", automated_decision=value)
            revisions = [  # (activity, number, author, snapshot value, changed fields)
                (1, 1, 1, True, ["automated_decision", "name"]),
                (2, 1, 1, True, ["automated_decision", "name"]),
                (2, 2, 1, False, ["automated_decision"]),  # a person said no
                (3, 1, 1, False, ["name"]),  # created with the default, never touched
                (3, 2, None, False, ["automated_decision"])]  # no author: not a person
            for index, (activity_id, number, author, value, changed) in enumerate(revisions):
                _insert(connection, "revision", id=index + 1, activity_id=activity_id,
                        organisation_id=1, number=number, author_id=author, action="x",
                        snapshot={"automated_decision": value}, changed_fields=changed)
        upgrade()
        with db.engine.connect() as connection:
            answers = dict(connection.execute(sa.text(
                "SELECT id, automated_decision FROM activity")).all())
            snapshots = {(row[0], row[1]): row[2] for row in connection.execute(sa.text(
                "SELECT activity_id, number, snapshot FROM revision")).all()}
            other = connection.execute(sa.text(
                "SELECT offered_directly_to_child, consent_scope, started_on FROM activity "
                "WHERE id = 1")).one()
        db.engine.dispose()
    assert answers == {1: "oui", 2: "non", 3: "inconnu"}

    def value(key):
        snapshot = snapshots[key]
        return (json.loads(snapshot) if isinstance(snapshot, str) else snapshot)[
            "automated_decision"]
    assert [value(key) for key in ((1, 1), (2, 1), (2, 2), (3, 1), (3, 2))] == [
        "oui", "oui", "non", "inconnu", "inconnu"]
    assert tuple(other) == ("inconnu", "", None)
