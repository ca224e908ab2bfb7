"""The upload page's job list (issue 18): a user's recent ingest jobs as the clerk reads them.

Each job comes with what its links may point at: the document only when it exists (a failed
job has none, so it never gets a dead link), and, for a new document flagged as a
near-duplicate of an archived one (``review``: same nomor and tanggal, or nearly the same
text), that earlier document.
"""
from __future__ import annotations

from dataclasses import dataclass

from archive import documents
from archive.db import Document, JobRow, Session, select
from archive.records import DocumentSummary, Job
from archive.review import ReviewFlag

ACTIVE = ("queued", "running")


@dataclass(frozen=True)
class UploadJob:
    """A job on the upload page: ``document`` when its document exists (the result link),
    ``similar`` the archived document a new one nearly duplicates (review flag ``duplicate:``)."""

    job: Job
    document: DocumentSummary | None = None
    similar: DocumentSummary | None = None

    @property
    def active(self) -> bool:
        """Still to finish: queued (perhaps waiting for a retry) or running."""
        return self.job.status in ACTIVE

    @property
    def duplicate(self) -> bool:
        """The same bytes were already archived: the job ended at the existing document."""
        return self.job.status == "done" and self.job.stage == "duplicate"


def job_rows(session: Session, user: str, limit: int) -> list[JobRow]:
    """``user``'s jobs, newest first."""
    q = select(JobRow).where(JobRow.user == user).order_by(JobRow.created_at.desc(), JobRow.id.desc())
    return list(session.scalars(q.limit(max(0, int(limit)))))


def upload_jobs(session: Session, records: list[Job], flags: dict[str, tuple[ReviewFlag, ...]]) -> list[UploadJob]:
    """``records`` with their existing documents and near-duplicate originals."""
    ids = {j.doc_id for j in records if j.doc_id}
    for j in records:
        for f in flags.get(j.doc_id or "", ()):
            if f.key.startswith("duplicate:") and f.other_id:
                ids.add(f.other_id)
    found = {d.id: documents.summary(session, d)
             for d in session.scalars(select(Document).where(Document.id.in_(sorted(ids))))} if ids else {}
    out = []
    for j in records:
        doc = found.get(j.doc_id) if j.doc_id and j.status == "done" else None
        similar = None
        if doc is not None and j.stage != "duplicate":
            others = [f.other_id for f in flags.get(doc.id, ()) if f.key.startswith("duplicate:") and f.other_id]
            similar = next((found[o] for o in others if o in found), None)
        out.append(UploadJob(job=j, document=doc, similar=similar))
    return out


def existing_documents(session: Session, ids: set[str]) -> set[str]:
    """Which of ``ids`` name an archived document."""
    if not ids:
        return set()
    return set(session.scalars(select(Document.id).where(Document.id.in_(sorted(ids)))))


__all__ = ["UploadJob", "job_rows", "upload_jobs", "existing_documents"]
