"""pg_trgm for the typo-tolerant public search (PostgreSQL only, when the server allows it).

Without the extension (SQLite, or an account not allowed to create it) the search falls
back to comparing words in Python over a bounded set of candidates: nothing else depends on
it, so a refusal is reported and the upgrade goes on. Nothing to undo on downgrade: other
databases of the server may use the extension; a DBA drops it if wanted.

Revision ID: pub0a7c3e9d1
Revises: legal0001a10e
Create Date: 2026-11-30 02:15:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'pub0a7c3e9d1'
down_revision = 'legal0001a10e'
branch_labels = None
depends_on = None

# The exception handler runs inside its own savepoint: a refusal leaves the transaction usable.
GUARDED = """
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported
              OR undefined_object OR object_not_in_prerequisite_state THEN
    RAISE NOTICE 'pg_trgm indisponible : la recherche publique tolère les fautes sans lui.';
END
$$;
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(GUARDED)


def downgrade():
    pass
