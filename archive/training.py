"""Retraining the classifier from users' corrections plus the shipped training data."""
from __future__ import annotations

import logging

from archive.db import Document, FieldHistoryRow, PageRow, select, session_scope
from archive.records import TrainReport
from ingest import classify
from ingest.sop import load_sop

log = logging.getLogger(__name__)


def corrected_examples(settings) -> list[tuple[str, str]]:
    """(text, doc_type) of every document whose type a user set or confirmed by correction."""
    with session_scope(settings) as s:
        ids = set(s.scalars(select(FieldHistoryRow.document_id).where(FieldHistoryRow.name == "doc_type",
                                                                      FieldHistoryRow.set_by != "ocr")))
        out = []
        for doc_id in sorted(ids):
            doc = s.get(Document, doc_id)
            if doc is None or not doc.doc_type:
                continue
            text = "\f".join(s.scalars(select(PageRow.text).where(PageRow.document_id == doc_id)
                                       .order_by(PageRow.number)))
            out.append((text, doc.doc_type))
    return out


def train(settings) -> TrainReport:
    """Gather examples and call ``ingest.classify.train_model`` (which writes into models_dir)."""
    corrections = corrected_examples(settings)
    shipped = list(classify.shipped_examples())
    examples = shipped + corrections
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    result = classify.train_model(examples, load_sop(), settings.models_dir)
    log.info("trained classifier on %d examples (%d corrections)", len(examples), len(corrections))
    return TrainReport(examples=len(examples), from_corrections=len(corrections), from_shipped=len(shipped),
                       model_path=result.path, detail=result.to_json())
