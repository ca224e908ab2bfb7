"""activities, their document links and step sign-offs (issue 7)

Revision ID: 0101_activities
Revises: 0001_archive_core
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0101_activities'
down_revision = '0001_archive_core'
branch_labels = ('activities',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'activities',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('partner', sa.String(length=255), nullable=False),
        sa.Column('partner_key', sa.String(length=255), nullable=False),
        sa.Column('period', sa.String(length=32), nullable=False),
        sa.Column('start_date', sa.String(length=10), nullable=True),
        sa.Column('end_date', sa.String(length=10), nullable=True),
        sa.Column('kecamatan', sa.String(length=128), nullable=True),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('created_by', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_activities_partner_key', 'activities', ['partner_key'], unique=False)
    op.create_table(
        'activity_links',
        sa.Column('document_id', sa.String(length=12), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=True),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('linked_by', sa.String(length=64), nullable=False),
        sa.Column('linked_at', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id'),
    )
    op.create_index('ix_activity_links_activity_id', 'activity_links', ['activity_id'], unique=False)
    op.create_table(
        'activity_signoffs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('user', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('at', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_activity_signoffs_activity_id', 'activity_signoffs', ['activity_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_activity_signoffs_activity_id', table_name='activity_signoffs')
    op.drop_table('activity_signoffs')
    op.drop_index('ix_activity_links_activity_id', table_name='activity_links')
    op.drop_table('activity_links')
    op.drop_index('ix_activities_partner_key', table_name='activities')
    op.drop_table('activities')
