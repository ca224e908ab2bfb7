"""job retries: whose fault a failure was, and when a machine-fault job may run again (issue 14)

Revision ID: 0102_job_retries
Revises: 0101_activities
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0102_job_retries'
down_revision = '0101_activities'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fault', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('fault')
