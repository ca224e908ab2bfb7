"""buku agenda: register entries of incoming and outgoing mail and their per-year counters
(issue 15); merges the job-retries and accounts branches

Revision ID: 0301_agenda
Revises: 0102_job_retries, 0201_accounts
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0301_agenda'
down_revision = ('0102_job_retries', '0201_accounts')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agenda_entries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('register', sa.String(length=8), nullable=False),
    sa.Column('origin', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('nomor_agenda', sa.Integer(), nullable=True),
    sa.Column('nomor_buku', sa.String(length=32), nullable=True),
    sa.Column('tanggal_terima', sa.String(length=10), nullable=True),
    sa.Column('nomor_surat', sa.Text(), nullable=True),
    sa.Column('tanggal_surat', sa.String(length=10), nullable=True),
    sa.Column('asal_tujuan', sa.Text(), nullable=True),
    sa.Column('perihal', sa.Text(), nullable=True),
    sa.Column('keterangan', sa.Text(), nullable=True),
    sa.Column('document_id', sa.String(length=12), nullable=True),
    sa.Column('link_reason', sa.Text(), nullable=False),
    sa.Column('source_doc_id', sa.String(length=12), nullable=True),
    sa.Column('source_page', sa.Integer(), nullable=True),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.Column('source_box', sa.Text(), nullable=False),
    sa.Column('confidences', sa.Text(), nullable=False),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('review', sa.Text(), nullable=False),
    sa.Column('edited', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('register', 'year', 'nomor_agenda', name='uq_agenda_number'),
    sa.UniqueConstraint('source_doc_id', 'source_page', 'source_row', name='uq_agenda_source')
    )
    with op.batch_alter_table('agenda_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_entries_register'), ['register'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_entries_year'), ['year'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_entries_tanggal_terima'), ['tanggal_terima'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_entries_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_entries_source_doc_id'), ['source_doc_id'], unique=False)

    op.create_table('agenda_counters',
    sa.Column('register', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('register', 'year')
    )
    # the documents archived before the register existed still need their entries: the first
    # process that opens the archive fills them in (archive.agenda.ensure_backfilled).  A new,
    # empty archive needs none (and stays empty, so `burt import` may restore into it).
    op.execute("INSERT INTO agenda_counters (register, year, last) "
               "SELECT 'backfill', 0, 1 WHERE EXISTS (SELECT 1 FROM documents)")


def downgrade() -> None:
    op.drop_table('agenda_counters')
    with op.batch_alter_table('agenda_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_entries_source_doc_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_entries_document_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_entries_tanggal_terima'))
        batch_op.drop_index(batch_op.f('ix_agenda_entries_year'))
        batch_op.drop_index(batch_op.f('ix_agenda_entries_register'))
    op.drop_table('agenda_entries')
