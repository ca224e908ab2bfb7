"""A fast stand-in for ``ingest.pipeline`` at the archive's pipeline seam.

``FakePipeline`` has the two entry points the archive calls, ``ingest_many`` (the batch
``burt ingest`` drives) and ``ingest_file`` (the upload job runner), with their production
signatures and protocol: ``ingest_many`` yields ``(item, IngestResult | BurtError)`` per
document and turns any other exception into the production translation
(``ingest.pipeline.as_error``), so every archive test runs the production paths.

Its reader, ``text_processor`` by default, reads a small JSON "document" (text per page,
metadata, classification) instead of running OCR, and writes the same derivative names the
real pipeline writes, so the archive's store, database, index and integrity code run for
real on it.  Real-pipeline tests are marked slow.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable, Iterator

from PIL import Image

from ingest import pipeline
from ingest.errors import BurtError
from ingest.model import Classification, Field, IngestResult, Metadata, PageText, SourceFile, Word


def write_doc(path: Path, pages: list[str], *, doc_type: str | None = None, sop_step: int | None = None,
              **meta: str | list[str]) -> Path:
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
    fields = dict(spec.get("metadata", {}))
    rujukan = tuple(Field(v, 0.9, "fake") for v in fields.pop("rujukan", ()))  # a list: the letters it cites
    meta = Metadata(**{k: Field(v, 0.9, "fake") for k, v in fields.items()}, rujukan=rujukan)
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


Reader = Callable[..., IngestResult]  # reader(path, options, out_dir=None, name=None)


class FakePipeline:
    """``ingest.pipeline``'s entry points over a ``reader`` that stands in for load + OCR."""

    def __init__(self, reader: Reader = text_processor):
        self.reader = reader

    def ingest_file(self, path, options, out_dir: Path | None = None, name: str | None = None,
                    progress: Callable[[str, float], None] | None = None) -> IngestResult:
        result = self.reader(path, options, out_dir=out_dir, name=name)
        if progress is not None:
            for n in range(1, len(result.pages) + 1):
                progress("reading", n / max(1, len(result.pages)))
            progress("classifying", 1.0)
        return result

    def ingest_many(self, items: Iterable[tuple], options) -> Iterator[tuple[tuple, IngestResult | BurtError]]:
        for item in items:
            try:
                result = self.reader(item[0], options, out_dir=Path(item[1]) if item[1] is not None else None)
            except Exception as exc:  # noqa: BLE001 - reported per document, as the real batch does
                yield item, pipeline.as_error(exc, item)
            else:
                yield item, result
