"""trust: audit log, server-side sessions, API token expiry and revocation date

Existing tokens expire one year after their creation; a revoked token keeps its revocation
as ``revoked_at`` (its creation time, the best date known).

Revision ID: a7d1f00d5e55
Revises: 5e1ec7d1a2b3
Create Date: 2026-11-29 22:16:54.687729

"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7d1f00d5e55'
down_revision = '5e1ec7d1a2b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_label', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('action', sa.Enum('login', 'login_failed', 'logout', 'export', 'import', 'import_rejected', 'delete', 'transition', 'account_change', 'token_created', 'token_revoked', 'access_denied', name='auditaction', native_enum=False, length=40), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('outcome', sa.Enum('succes', 'echec', 'refus', name='auditoutcome', native_enum=False, length=40), nullable=False),
    sa.Column('academie_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['academie_id'], ['academie.id'], name=op.f('fk_audit_event_academie_id_academie'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_event_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_academie_at', ['academie_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_user_id'), ['user_id'], unique=False)

    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))
    token = sa.table('api_token', sa.column('id', sa.Integer()),
                     sa.column('created_at', sa.DateTime()),
                     sa.column('expires_at', sa.DateTime()),
                     sa.column('revoked', sa.Boolean()),
                     sa.column('revoked_at', sa.DateTime()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(token.c.id, token.c.created_at, token.c.revoked)).all()
    for token_id, created_at, revoked in rows:
        connection.execute(token.update().where(token.c.id == token_id).values(
            expires_at=created_at + timedelta(days=365),
            revoked_at=created_at if revoked else None))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.drop_column('revoked')


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    token = sa.table('api_token', sa.column('revoked', sa.Boolean()),
                     sa.column('revoked_at', sa.DateTime()))
    op.execute(token.update().where(token.c.revoked_at.is_not(None)).values(revoked=True))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('revoked', existing_type=sa.Boolean(), server_default=None)
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index('ix_audit_event_academie_at')

    op.drop_table('audit_event')
