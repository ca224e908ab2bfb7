"""tables as data: rows of book lists, attendance lists and schedules read from their pages
(issue 15)

Revision ID: 0502_table_rows
Revises: 0501_saved_views
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0502_table_rows'
down_revision = '0501_saved_views'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('table_rows',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('cells', sa.Text(), nullable=False),
    sa.Column('confidences', sa.Text(), nullable=False),
    sa.Column('review', sa.Text(), nullable=False),
    sa.Column('box', sa.Text(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=True),
    sa.Column('tanggal', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'page', 'row', name='uq_table_row')
    )
    with op.batch_alter_table('table_rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_rows_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_table_rows_kind'), ['kind'], unique=False)
    # documents archived before this table existed: their rows are read once, the first time the
    # archive is opened (archive.table_data.ensure_backfilled), when this mark is there
    op.execute("INSERT INTO agenda_counters (register, year, last) "
               "SELECT 'tables', 0, 1 WHERE EXISTS (SELECT 1 FROM documents)")


def downgrade() -> None:
    op.execute("DELETE FROM agenda_counters WHERE register = 'tables' AND year = 0")
    with op.batch_alter_table('table_rows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_rows_kind'))
        batch_op.drop_index(batch_op.f('ix_table_rows_document_id'))
    op.drop_table('table_rows')
