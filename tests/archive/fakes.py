"""A fast stand-in for ``ingest.pipeline.ingest_file`` at the archive's processor seam.

It reads a small JSON "document" (text per page, metadata, classification) instead of running
OCR, and writes the same derivative names the real pipeline writes, so the archive's store,
database, index and integrity code run for real on it.  Real-pipeline tests are marked slow.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image

from ingest.model import Classification, Field, IngestResult, Metadata, PageText, SourceFile, Word


def write_doc(path: Path, pages: list[str], *, doc_type: str | None = None, sop_step: int | None = None,
              **meta: str) -> Path:
    path.write_text(json.dumps({"pages": pages, "doc_type": doc_type, "sop_step": sop_step, "metadata": meta},
                               ensure_ascii=False), encoding="utf-8")
    return path


def text_processor(path, options, out_dir=None, name=None) -> IngestResult:
    path = Path(path)
    data = path.read_bytes()
    spec = json.loads(data.decode("utf-8"))
    pages = []
    for i, text in enumerate(spec["pages"], start=1):
        words = tuple(Word(w, 90.0, (10 * j, 10, 9, 9), 0) for j, w in enumerate(text.split()))
        pages.append(PageText(number=i, text=text, words=words, confidence=90.0, width=100, height=140))
    meta = Metadata(**{k: Field(v, 0.9, "fake") for k, v in spec.get("metadata", {}).items()})
    cls = Classification(doc_type=spec.get("doc_type"), sop_step=spec.get("sop_step"),
                         confidence=0.9 if spec.get("doc_type") else 0.0, abstained=not spec.get("doc_type"),
                         reasons=("fake",))
    derivs = {}
    if out_dir is not None:
        out = Path(out_dir)
        for p in pages:
            img = Image.new("L", (20, 28), 255)
            img.save(out / f"page-{p.number:04d}.png")
            img.convert("RGB").save(out / f"thumb-{p.number:04d}.jpg")
        (out / "ocr.json").write_text(json.dumps({"pages": [p.to_json() for p in pages]}), encoding="utf-8")
        derivs = {f.name: str(f) for f in out.iterdir()}
    source = SourceFile(path=str(path), name=name or path.name, sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data), kind="json", page_count=len(pages))
    return IngestResult(source=source, pages=tuple(pages), metadata=meta, classification=cls,
                        timings_ms={"total": 1.0}, derivatives=derivs)
