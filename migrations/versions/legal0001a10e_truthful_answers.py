"""Answers that may be unknown: started_on, automated_decision oui/non/inconnu,
offered_directly_to_child, consent_kind, consent_scope, and an art. 9.2 condition per data
category row (issue 10, design §3).

``automated_decision`` was a boolean defaulting to false, so "false" meant either "a person
said no" or "nobody ever answered". How each stored value is converted:

* ``true`` → ``oui``: the default was false, so a true value was always set by someone.
* ``false`` → ``non`` only when a person set it: some revision of the activity **with an
  author** (``revision.author_id`` not null) lists ``automated_decision`` in its
  ``changed_fields``. A creation revision never lists a false value (``changed_fields``
  leaves out empty and false values), so a false value that no author ever changed is the
  untouched default.
* every other ``false`` → ``inconnu``.

Revision snapshots are converted the same way, revision by revision: a false value is
``non`` once an authored revision up to that one changed the field, else ``inconnu``; so
the register "as of" a past date does not claim a "no" either. Model fiches (templates)
cannot tell a decision from the default: true → ``oui``, false → ``inconnu``.

Revision ID: legal0001a10e
Revises: 5ca1ab1e0c12
Create Date: 2026-11-30 02:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = "legal0001a10e"
down_revision = "5ca1ab1e0c12"
branch_labels = None
depends_on = None

_activity = sa.table("activity", sa.column("id", sa.Integer),
                     sa.column("automated_decision", sa.Boolean),
                     sa.column("automated_decision_answer", sa.String))
_revision = sa.table("revision", sa.column("id", sa.Integer), sa.column("activity_id", sa.Integer),
                     sa.column("number", sa.Integer), sa.column("author_id", sa.Integer),
                     sa.column("snapshot", sa.JSON), sa.column("changed_fields", sa.JSON))
_template = sa.table("activity_template", sa.column("id", sa.Integer),
                     sa.column("payload", sa.JSON))
_ENUM = {"native_enum": False, "length": 40}


def _set_by_a_person(connection) -> set[int]:
    """Ids of the activities whose automated_decision an author changed at least once."""
    found = set()
    for activity_id, author_id, changed in connection.execute(
            sa.select(_revision.c.activity_id, _revision.c.author_id,
                      _revision.c.changed_fields)):
        if author_id is not None and "automated_decision" in (changed or []):
            found.add(activity_id)
    return found


def _convert_snapshots(connection) -> None:
    """Revision snapshots: true → oui; false → non once an author changed it, else inconnu."""
    rows = connection.execute(
        sa.select(_revision.c.id, _revision.c.activity_id, _revision.c.author_id,
                  _revision.c.snapshot, _revision.c.changed_fields)
        .order_by(_revision.c.activity_id, _revision.c.number)).all()
    decided: set[int] = set()
    for revision_id, activity_id, author_id, snapshot, changed in rows:
        if author_id is not None and "automated_decision" in (changed or []):
            decided.add(activity_id)
        value = (snapshot or {}).get("automated_decision")
        if not isinstance(value, bool):
            continue
        answer = "oui" if value else ("non" if activity_id in decided else "inconnu")
        connection.execute(_revision.update().where(_revision.c.id == revision_id)
                           .values(snapshot={**snapshot, "automated_decision": answer}))


def _convert_templates(connection, convert) -> None:
    for template_id, payload in connection.execute(
            sa.select(_template.c.id, _template.c.payload)).all():
        if payload and "automated_decision" in payload:
            connection.execute(_template.update().where(_template.c.id == template_id).values(
                payload={**payload, "automated_decision": convert(payload["automated_decision"])}))


def upgrade():
    connection = op.get_bind()
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("offered_directly_to_child",
                                      sa.Enum("oui", "non", "inconnu", name="yesnounknown",
                                              **_ENUM), nullable=False,
                                      server_default="inconnu"))
        batch_op.add_column(sa.Column("consent_kind",
                                      sa.Enum("rgpd", "droit_image", "autre",
                                              name="consentkind", **_ENUM), nullable=True))
        batch_op.add_column(sa.Column("consent_scope", sa.Text(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("automated_decision_answer", sa.String(40),
                                      nullable=True))
    with op.batch_alter_table("activity_data_category", schema=None) as batch_op:
        batch_op.add_column(sa.Column("art9_condition", sa.Enum(
            "9.2.a", "9.2.b", "9.2.c", "9.2.d", "9.2.e", "9.2.f", "9.2.g", "9.2.h", "9.2.i",
            "9.2.j", name="art9condition", **_ENUM), nullable=True))

    by_a_person = _set_by_a_person(connection)
    for activity_id, value in connection.execute(
            sa.select(_activity.c.id, _activity.c.automated_decision)).all():
        answer = "oui" if value else ("non" if activity_id in by_a_person else "inconnu")
        connection.execute(_activity.update().where(_activity.c.id == activity_id)
                           .values(automated_decision_answer=answer))
    _convert_snapshots(connection)
    _convert_templates(connection, lambda value: "oui" if value is True else (
        value if value in ("oui", "non", "inconnu") else "inconnu"))

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("automated_decision")
        batch_op.alter_column("automated_decision_answer", new_column_name="automated_decision",
                              existing_type=sa.String(40), nullable=False,
                              type_=sa.Enum("oui", "non", "inconnu", name="yesnounknown",
                                            **_ENUM))
        batch_op.alter_column("offered_directly_to_child", server_default=None,
                              existing_type=sa.Enum("oui", "non", "inconnu",
                                                    name="yesnounknown", **_ENUM),
                              existing_nullable=False)
        batch_op.alter_column("consent_scope", server_default=None, existing_type=sa.Text(),
                              existing_nullable=False)


def downgrade():
    connection = op.get_bind()
    old = sa.table("activity", sa.column("id", sa.Integer),
                   sa.column("automated_decision", sa.String),
                   sa.column("automated_decision_flag", sa.Boolean))
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("automated_decision_flag", sa.Boolean(), nullable=True))
    for activity_id, value in connection.execute(
            sa.select(old.c.id, old.c.automated_decision)).all():
        connection.execute(old.update().where(old.c.id == activity_id)
                           .values(automated_decision_flag=value == "oui"))
    for revision_id, snapshot in connection.execute(
            sa.select(_revision.c.id, _revision.c.snapshot)).all():
        value = (snapshot or {}).get("automated_decision")
        if isinstance(value, str):
            connection.execute(_revision.update().where(_revision.c.id == revision_id).values(
                snapshot={**snapshot, "automated_decision": value == "oui"}))
    _convert_templates(connection, lambda value: value == "oui" or value is True)
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("automated_decision")
        batch_op.alter_column("automated_decision_flag", new_column_name="automated_decision",
                              existing_type=sa.Boolean(), nullable=False)
        batch_op.drop_column("consent_scope")
        batch_op.drop_column("consent_kind")
        batch_op.drop_column("offered_directly_to_child")
        batch_op.drop_column("started_on")
    with op.batch_alter_table("activity_data_category", schema=None) as batch_op:
        batch_op.drop_column("art9_condition")
