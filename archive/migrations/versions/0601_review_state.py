"""the review state is stored after every change, no longer on page views: an archive with
documents gets a backfill mark, so its state is stored once when it is next opened (issue 18)

Revision ID: 0601_review_state
Revises: 0502_table_rows
Create Date: 2026-12-03
"""
from alembic import op


revision = '0601_review_state'
down_revision = '0502_table_rows'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # archive.service._ensure_review_backfilled takes this mark and stores every document's
    # needs_review from the review rules, the first time the archive is opened
    op.execute("INSERT INTO agenda_counters (register, year, last) "
               "SELECT 'review', 0, 1 WHERE EXISTS (SELECT 1 FROM documents)")


def downgrade() -> None:
    op.execute("DELETE FROM agenda_counters WHERE register = 'review' AND year = 0")
