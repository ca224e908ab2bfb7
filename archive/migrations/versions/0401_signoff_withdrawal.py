"""sign-offs keep their override reason and a withdrawal (who, when, why) instead of being
deleted (issue 18, activities)

Revision ID: 0401_signoff_withdrawal
Revises: 0301_agenda
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0401_signoff_withdrawal'
down_revision = '0301_agenda'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activity_signoffs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('override_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('activity_signoffs', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_by')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('override_reason')
