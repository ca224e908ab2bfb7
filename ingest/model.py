"""Plain, frozen data objects that flow through the ingest pipeline.

Stages take these and return new ones (``dataclasses.replace``); nothing here holds an
open file, a logger or a database handle, so a ``Page`` pickles for the process pool.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np


@dataclass(frozen=True)
class StageRecord:
    """What one stage did to a page or document: its name, time and findings."""

    stage: str
    ms: float
    details: dict[str, Any] = field(default_factory=dict)


def elapsed_ms(started: float) -> float:
    """Milliseconds since ``started`` (a ``time.perf_counter()`` value): a ``StageRecord``'s ``ms``."""
    return (time.perf_counter() - started) * 1000


@dataclass(frozen=True)
class SourceFile:
    """The file as received: where it is, what it is (sniffed from the bytes)."""

    path: str
    name: str
    sha256: str
    size: int
    kind: str  # "pdf" | "jpeg" | "png" | "tiff" | "heic"
    page_count: int


@dataclass(frozen=True)
class Preview:
    """A reduced grey copy of a page image for analyses that need no full resolution (the
    orientation gate, dewarp's line measurement) and the factor it was reduced by. A stage
    that turns the page by a right angle turns the preview with it (exact), so a later stage
    need not make its own copy from the full page."""

    grey: np.ndarray
    scale: float


@dataclass(frozen=True)
class HalfInk:
    """A page image at half size from 200 dpi up (``factor`` 2, else 1), its resolution
    ``dpi`` at that size and its dark-ink mask (``ink.dark_ink``): what the rule and mark
    analyses look at. ``tables.find_tables`` leaves it on a page whose image it did not
    change, so ``marks.remove_marks`` need not make it again."""

    grey: np.ndarray
    factor: int
    dpi: int
    ink: np.ndarray


@dataclass(frozen=True)
class Page:
    """One page image at some point of cleanup.

    ``image`` is a numpy array (BGR uint8 for colour, uint8 for grey/binary).
    ``rotation`` is the clockwise rotation (0/90/180/270) applied to make it upright,
    ``skew_degrees`` the fine deskew angle applied, ``flattened`` whether a sheet was
    found in a photo and warped flat. ``preview`` is the ``Preview`` of ``image`` when a
    stage has made one, ``half_ink`` its ``HalfInk`` when a stage hands one on; ``evolve``
    drops both whenever the image changes (and ``half_ink`` when the resolution does).
    """

    number: int
    image: np.ndarray
    dpi: int = 300
    rotation: int = 0
    skew_degrees: float = 0.0
    flattened: bool = False
    flags: tuple[str, ...] = ()
    steps: tuple[StageRecord, ...] = ()
    preview: Preview | None = None
    half_ink: HalfInk | None = None

    def evolve(self, record: StageRecord | None = None, **changes: Any) -> "Page":
        """A copy with ``changes`` applied and ``record`` appended to ``steps``; a new
        ``image`` without a new ``preview`` or ``half_ink`` drops the old ones, which
        describe the old image."""
        if "image" in changes and changes["image"] is not self.image:
            changes.setdefault("preview", None)
            changes.setdefault("half_ink", None)
        if "dpi" in changes and changes["dpi"] != self.dpi:
            changes.setdefault("half_ink", None)
        if record is not None:
            changes["steps"] = self.steps + (record,)
        return replace(self, **changes)


@dataclass(frozen=True)
class Word:
    """A word Tesseract read: text, confidence 0..100 and box ``(x, y, w, h)`` in the
    coordinates of the cleaned page image."""

    text: str
    conf: float
    box: tuple[int, int, int, int]
    line: int = 0  # running line number on the page, in reading order
    cell: tuple[int, ...] = ()  # (table, row, column) of the ruled grid cell it sits in (``cells.read_cells``)
    hand: bool = False  # the cell looks handwritten: to be keyed in, the text is no reading

    def to_json(self) -> dict:
        out = {"text": self.text, "conf": round(float(self.conf), 1), "box": list(self.box)}
        if self.cell:
            out["cell"] = list(self.cell)
        if self.hand:
            out["hand"] = True
        return out


@dataclass(frozen=True)
class PageText:
    """The OCR result of one page plus what cleanup did to it."""

    number: int
    text: str
    words: tuple[Word, ...]
    confidence: float  # mean word confidence 0..100
    width: int
    height: int
    rotation: int = 0
    skew_degrees: float = 0.0
    flattened: bool = False
    flags: tuple[str, ...] = ()  # e.g. "blank", "low_confidence", "orientation_unsure"
    steps: tuple[StageRecord, ...] = ()

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "confidence": round(float(self.confidence), 1),
            "rotation": self.rotation,
            "skew_degrees": round(float(self.skew_degrees), 2),
            "flattened": self.flattened,
            "words": [w.to_json() for w in self.words],
        }


@dataclass(frozen=True)
class Field:
    """One extracted value with its confidence (0..1) and the reason it was chosen."""

    value: str | None = None
    confidence: float = 0.0
    reason: str = ""

    @property
    def present(self) -> bool:
        return self.value not in (None, "")


@dataclass(frozen=True)
class Party:
    """A party to an MoU / berita acara: PIHAK PERTAMA, PIHAK KEDUA, ..."""

    role: str  # "pertama" | "kedua" | "ketiga"
    name: str | None = None
    jabatan: str | None = None
    instansi: str | None = None
    nomor: str | None = None  # that party's agreement number
    confidence: float = 0.0

    def to_json(self) -> dict:
        return {"role": self.role, "name": self.name, "jabatan": self.jabatan,
                "instansi": self.instansi, "nomor": self.nomor}


# How a review note (``Metadata.review``) asks a person to check a value that extraction kept.
CHECK_NOTE = "— periksa"
# Where such a note begins in a field's reason (``Metadata.with_notes_in_reasons``): a note may itself hold "; ",
# the reason's own separator, so the archive finds the whole note by this mark.
NOTE_MARK = "catatan: "


@dataclass(frozen=True)
class Metadata:
    """What the page says about itself. Missing is better than wrong."""

    nomor: Field = Field()
    tanggal: Field = Field()  # ISO date yyyy-mm-dd
    sifat: Field = Field()
    lampiran: Field = Field()
    perihal: Field = Field()
    pengirim: Field = Field()
    penerima: Field = Field()
    partner: Field = Field()  # the BuRT partner (desa, sekolah, ...) the document concerns
    pihak: tuple[Party, ...] = ()
    rujukan: tuple[Field, ...] = ()  # letters referred to ("menindaklanjuti surat ... Nomor ...")
    review: tuple[str, ...] = ()  # why a person should look: a field left empty as unsure, a doubtful value

    FIELD_NAMES = ("nomor", "tanggal", "sifat", "lampiran", "perihal", "pengirim", "penerima", "partner")

    def to_json(self) -> dict:
        out: dict[str, Any] = {name: getattr(self, name).value for name in self.FIELD_NAMES}
        out["pihak"] = [p.to_json() for p in self.pihak]
        out["rujukan"] = [r.value for r in self.rujukan if r.present]
        out["review"] = list(self.review)
        return out

    @property
    def needs_review(self) -> bool:
        """Whether extraction was unsure of something a person should check (see ``review``)."""
        return bool(self.review)

    def with_notes_in_reasons(self) -> Metadata:
        """This metadata with each review note said of a filled field ("nomor: … — periksa") written into that
        field's reason too, unless the reason says it already. The archive keeps a field's value, confidence and
        reason, not the notes, and flags a value whose reason asks for a check (``CHECK_NOTE``), so the doubt
        extraction named stays open until a person confirms or corrects the value. The note goes last, after
        ``NOTE_MARK``, so that the archive can show it whole (a note may hold "; " itself)."""
        changes: dict[str, Any] = {}
        for note in self.review:
            name, sep, said = note.partition(": ")
            if not sep or name not in self.FIELD_NAMES or CHECK_NOTE not in said:
                continue
            kept = changes.get(name) or getattr(self, name)
            if not kept.present or NOTE_MARK + said in kept.reason:
                continue
            base = kept.reason.replace(f"; {said}", "").replace(said, "").strip("; ")  # said once, at the end
            changes[name] = Field(kept.value, kept.confidence, f"{base}; {NOTE_MARK}{said}" if base else NOTE_MARK + said)
        return replace(self, **changes) if changes else self


@dataclass(frozen=True)
class Classification:
    """Document type and SOP step, with the evidence behind the decision."""

    doc_type: str | None = None
    sop_step: int | None = None
    confidence: float = 0.0
    abstained: bool = True  # below threshold: "perlu ditinjau"
    reasons: tuple[str, ...] = ()  # matched terms, model score, rule that fired
    model_version: str | None = None


@dataclass(frozen=True)
class IngestResult:
    """Everything ingest learned about one file."""

    source: SourceFile
    pages: tuple[PageText, ...]
    metadata: Metadata
    classification: Classification
    timings_ms: dict[str, float]
    flags: tuple[str, ...] = ()
    derivatives: dict[str, str] = field(default_factory=dict)  # name -> path written (when an out dir was given)

    @property
    def text(self) -> str:
        """Document text, pages separated by a form feed."""
        return "\f".join(p.text for p in self.pages)

    def to_json(self) -> dict:
        """The ``burt ocr --json`` shape (see docs/cli.md)."""
        return {
            "file": self.source.name,
            "pages": [p.to_json() for p in self.pages],
            "text": self.text,
            "doc_type": self.classification.doc_type,
            "sop_step": self.classification.sop_step,
            "classification_confidence": round(float(self.classification.confidence), 3),
            "metadata": self.metadata.to_json(),
            "timings_ms": {k: round(float(v), 1) for k, v in self.timings_ms.items()},
        }
