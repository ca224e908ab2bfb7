"""The row writes every activity path shares, and activity periods.

The tables themselves (``ActivityRow``, ``ActivityLinkRow``, ``SignOffRow``) are in
``archive.db``.  Creating an activity and setting a link are written here once, for hand edits
(``archive.activities``) and auto-linking (``archive.linking``) alike, each creation audited.
The activity a document is linked to is one of its search-index fields (``archive.indexing``);
callers that change a link re-index the document with ``indexing.index_documents``.
"""
from __future__ import annotations

import re
from datetime import date

from archive import db
from archive.db import ActivityLinkRow, ActivityRow, Session
from archive.errors import ActivityError, ActivityNotFoundError, DocumentNotFoundError
from archive.partners import normalise_partner

# ---------------------------------------------------------------- periods

def parse_period(period: str) -> tuple[str, date, date]:
    """'2024' or '2024-01-01..2024-06-30' -> (label, start, end)."""
    text = (period or "").strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return text, date(year, 1, 1), date(year, 12, 31)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|s\.?d\.?|–|-)\s*(\d{4}-\d{2}-\d{2})", text)
    if m:
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if end >= start:
            return f"{start.isoformat()}..{end.isoformat()}", start, end
    raise ActivityError(f"Periode '{period}' tidak dikenali; tulis tahun (2024) atau rentang "
                        f"2024-01-01..2024-06-30. / Unrecognised period.")


# ---------------------------------------------------------------- row writes

def activity_row(session: Session, activity_id: int) -> ActivityRow:
    """The activity's row; ``ActivityNotFoundError`` for an unknown or malformed id."""
    try:
        row = session.get(ActivityRow, int(activity_id))
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise ActivityNotFoundError(f"Kegiatan #{activity_id} tidak ditemukan. / Activity {activity_id} not found.")
    return row


def new_activity(session: Session, partner: str, period: str, user: str | None) -> ActivityRow:
    """Add an activity for ``partner`` over ``period`` (audited); the partner name must say something."""
    label, start, end = parse_period(period)
    name = normalise_partner(partner)
    if not name.core:
        raise ActivityError("Nama mitra kosong. / The partner name is empty.")
    row = ActivityRow(partner=partner.strip(), partner_key=name.key, period=label, start_date=start.isoformat(),
                      end_date=end.isoformat(), created_at=db.now_iso(), created_by=user)
    session.add(row)
    session.flush()
    db.write_audit(session, "activity.create", user=user, activity_id=str(row.id),
                   detail={"partner": row.partner, "period": row.period})
    return row


def set_link(session: Session, doc_id: str, activity_id: int | None, *, user: str | None, confidence: float,
             reason: str) -> tuple[int | None, int | None]:
    """Point a document's link row at ``activity_id`` (None: unlinked by a person); returns
    (previous activity, new activity). The caller writes the audit entry."""
    if session.get(db.Document, doc_id) is None:
        raise DocumentNotFoundError(f"Dokumen {doc_id} tidak ditemukan. / Document {doc_id} not found.")
    link = session.get(ActivityLinkRow, doc_id)
    old = link.activity_id if link else None
    if link is None:
        link = ActivityLinkRow(document_id=doc_id)
        session.add(link)
    link.activity_id, link.confidence, link.reason = activity_id, confidence, reason
    link.linked_by, link.linked_at = user or "auto", db.now_iso()
    return old, activity_id
