"""audit log: PostgreSQL also refuses TRUNCATE (issue 16).  The row triggers of 0001_archive_core
stop UPDATE and DELETE on both databases; PostgreSQL's TRUNCATE fires no row trigger, so a
statement trigger refuses it too.  SQLite has no TRUNCATE (its DELETE without WHERE still fires the
row trigger): nothing to do there.

Revision ID: 0401_audit_no_truncate
Revises: 0301_agenda
Create Date: 2026-12-03
"""
from alembic import op


revision = '0401_audit_no_truncate'
down_revision = '0301_agenda'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
