"""pending versions of in-service fiches

Revision ID: wsb000000001
Revises: pub0a7c3e9d1
Create Date: 2026-11-30 02:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'wsb000000001'
down_revision = 'pub0a7c3e9d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity_pending_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_pending_version_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_activity_pending_version_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_activity_pending_version_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_activity_pending_version_reviewer_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_pending_version')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_activity_pending_version_activity_id'))
    )
    with op.batch_alter_table('activity_pending_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_pending_version_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_pending_version_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('activity_pending_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_pending_version_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_activity_pending_version_author_id'))
    op.drop_table('activity_pending_version')
