"""saved views of the document list (issue 18): a list's filters and sort under a name, private
to its owner or shared with everyone; merges the two 0401 heads

Revision ID: 0501_saved_views
Revises: 0401_audit_no_truncate, 0401_signoff_withdrawal
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0501_saved_views'
down_revision = ('0401_audit_no_truncate', '0401_signoff_withdrawal')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saved_views',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_views_owner'), ['owner'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_views_owner'))
    op.drop_table('saved_views')
