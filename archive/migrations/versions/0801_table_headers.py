"""tables as data: each page's table header as read, beside its rows ("Hari/Tgl" over the
tanggal column; issue 15)

Revision ID: 0801_table_headers
Revises: 0701_listed_links
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0801_table_headers'
down_revision = '0701_listed_links'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('table_headers',
    sa.Column('document_id', sa.String(length=12), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('labels', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'page')
    )
    # the headers of documents archived earlier: their tables are read again once, the first time
    # the archive is opened (archive.table_data.ensure_backfilled), as after 0502_table_rows
    op.execute("DELETE FROM agenda_counters WHERE register = 'tables' AND year = 0")
    op.execute("INSERT INTO agenda_counters (register, year, last) "
               "SELECT 'tables', 0, 1 WHERE EXISTS (SELECT 1 FROM documents)")


def downgrade() -> None:
    op.drop_table('table_headers')
