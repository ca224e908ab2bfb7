"""accounts: a session version per user, so logout, password/role change and disable end
every browser session of that user on the server side (issue 14)

Revision ID: 0201_accounts
Revises: 0001_archive_core
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0201_accounts'
down_revision = '0001_archive_core'
branch_labels = ('accounts',)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
