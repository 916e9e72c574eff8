"""Organisation.search_text: name, commune, postal code and UAI folded once, for the search.

Filled here for existing rows in batches (SQLite and PostgreSQL alike, folded in Python by
the same function as the application). On PostgreSQL with pg_trgm (see pub0a7c3e9d1), a
GIN trigram index serves both the LIKE of every word and the typo-tolerant ``<%``; without
the extension no index is made and the search reads the column sequentially (still without
folding anything per row).

Revision ID: srch0001a5e7
Revises: wsa0001a0c1
Create Date: 2026-11-30 03:40:00

"""
import sqlalchemy as sa
from alembic import op

from registre.models.organisation import SEARCH_TRIGRAM_INDEX as INDEX
from registre.models.organisation import search_text_of

# revision identifiers, used by Alembic.
revision = "srch0001a5e7"
down_revision = "wsa0001a0c1"
branch_labels = None
depends_on = None

BATCH = 5000

# The operator class lives in pg_trgm's schema, which may not be on the search_path.
TRIGRAM_INDEX = f"""
DO $$
DECLARE trgm_schema name;
BEGIN
    SELECT nspname INTO trgm_schema FROM pg_extension
        JOIN pg_namespace ON pg_namespace.oid = extnamespace WHERE extname = 'pg_trgm';
    IF trgm_schema IS NULL THEN
        RAISE NOTICE 'pg_trgm absent : la recherche publique lit search_text sans index.';
    ELSE
        EXECUTE format('CREATE INDEX IF NOT EXISTS {INDEX} ON organisation '
                       'USING gin (search_text %I.gin_trgm_ops)', trgm_schema);
    END IF;
END
$$;
"""


def upgrade():
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False,
                                      server_default=""))
    connection = op.get_bind()
    organisation = sa.table("organisation", sa.column("id", sa.Integer),
                            *(sa.column(name, sa.String)
                              for name in ("name", "commune", "postal_code", "uai")),
                            sa.column("search_text", sa.Text))
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(organisation).where(organisation.c.id > last_id)
            .order_by(organisation.c.id).limit(BATCH)).mappings().all()
        if not rows:
            break
        connection.execute(
            organisation.update().where(organisation.c.id == sa.bindparam("row_id"))
            .values(search_text=sa.bindparam("text")),
            [{"row_id": row["id"], "text": search_text_of(row)} for row in rows])
        last_id = rows[-1]["id"]
    if connection.dialect.name == "postgresql":
        op.execute(TRIGRAM_INDEX)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.drop_column("search_text")
