"""a document listing several partners (a jadwal pembinaan) is evidence of each listed partner's
activity: a second link table beside activity_links (issue 17)

Revision ID: 0701_listed_links
Revises: 0601_review_state
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0701_listed_links'
down_revision = '0601_review_state'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity_listed_links',
    sa.Column('document_id', sa.String(length=12), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('linked_at', sa.String(length=32), nullable=False),
    sa.Column('removed_by', sa.String(length=64), nullable=True),
    sa.Column('removed_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'activity_id')
    )
    with op.batch_alter_table('activity_listed_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_listed_links_activity_id'), ['activity_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('activity_listed_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_listed_links_activity_id'))
    op.drop_table('activity_listed_links')
