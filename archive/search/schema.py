"""The one schema of the index, and the index fields of a document dict built from the database."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from archive import textnorm
from archive.search.analyzers import NomorTokenizer, indonesian_analyzer, raw_analyzer

FACET_FIELDS = ("doc_type", "sop_step", "partner", "activity", "year")


def make_schema() -> Schema:
    """The one schema of the index."""
    return Schema(
        id=ID(stored=True, unique=True),
        file=STORED(),
        title=TEXT(analyzer=indonesian_analyzer(), stored=True),
        content=TEXT(analyzer=indonesian_analyzer(), stored=True, phrase=True),
        raw=TEXT(analyzer=raw_analyzer(), phrase=True),
        nomor=STORED(),
        nomor_key=ID(),
        nomor_flat=ID(),
        nomor_parts=TEXT(analyzer=NomorTokenizer(), phrase=True),
        doc_type=ID(stored=True, sortable=True),
        sop_step=ID(stored=True, sortable=True),
        partner=ID(stored=True, sortable=True),
        activity=KEYWORD(stored=True, commas=True, sortable=True),
        tanggal=DATETIME(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        needs_review=BOOLEAN(stored=True),
        stamp=STORED(),
    )


def document_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """Index fields from a plain document dict (built by the service from the database)."""
    tanggal = parse_date(doc.get("tanggal"))
    step = doc.get("sop_step")
    nomors = [n for n in [doc.get("nomor"), *doc.get("rujukan", ())] if n]
    fields = {
        "id": doc["id"], "file": doc.get("file") or "", "title": doc.get("title") or "",
        "content": doc.get("content") or "", "raw": " ".join(filter(None, [doc.get("title"), doc.get("content")])),
        "nomor": doc.get("nomor") or "", "doc_type": doc.get("doc_type") or "none",
        "sop_step": str(step) if step else "none", "partner": doc.get("partner") or "",
        "activity": ",".join(doc.get("activity") or ()), "needs_review": bool(doc.get("needs_review")),
        "stamp": doc.get("stamp") or "",
    }
    if nomors:
        fields["nomor_key"] = textnorm.nomor_key(nomors[0])
        fields["nomor_flat"] = textnorm.nomor_flat(nomors[0])
        fields["nomor_parts"] = "\n".join(nomors)
    if tanggal:
        fields["tanggal"] = tanggal
        fields["year"] = str(tanggal.year)
    return {k: v for k, v in fields.items() if v != "" or k in ("id",)}


def parse_date(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.strptime(str(value)[:10], "%Y-%m-%d")
    except ValueError:
        return None
