"""Why a document waits for review ("Perlu ditinjau"): review flags, each with its reason as a
``Wording`` (an Indonesian template the web's English catalogue translates, and its parameters).

A document is flagged when

- a field its type requires (``archive/data/review.toml`` ``[required]``) is empty;
- a field was read below its confidence threshold (extraction empties such a field and keeps its
  confidence and reason; a value still below the threshold is flagged as it is);
- its nomor fails the format check (``ingest.nomor.check_nomor``: Roman month, year range, agreement
  with the letter's date);
- its nomor was settled by re-readings that each doubted its digits (``ingest.nomor.DIGITS_DOUBTED``);
- its tanggal is earlier than the year of a letter it answers (``ingest.metadata.CITES_LATER``);
- its type is unknown or the classifier was unsure (under ``classification_below``), unless a
  person set the type;
- a page's OCR confidence is low (under ``page_confidence_below``, or flagged by OCR);
- it is a near-duplicate of a document archived before it: the same nomor and tanggal (and no
  other type), or a text whose word shingles and numbers are nearly the same.

A person's "accept" (audited as ``document.review_accept`` with the flag keys it accepted) clears
the flags present then; a flag that appears later shows again.  The flags are computed from the
database (pure rules in ``flags_for``) and cached per archive state; ``sync`` keeps the
``needs_review`` column (and so the search filter and the audit's evidence) in step with them.
``sync`` runs after every write (ingest, correction, accept, bulk edit, import, reindex); page
views only read (``stored_flags``).
"""
from __future__ import annotations

import hashlib
import re
import threading
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from archive import db
from archive.audit import AuditRules, rules_from_sop
from archive.db import AuditRow, Document, FieldHistoryRow, FieldRow, PageRow, Session, func, select
from archive.records import DocumentSummary
from archive.wording import Term, Wording, say
from ingest.dates import month_words
from ingest.metadata import CITES_LATER, THRESHOLDS
from ingest.model import CHECK_NOTE, NOTE_MARK
from ingest.nomor import DIGITS_DOUBTED, MONTH_MAYBE_MERGED, check_nomor, nomor_key
from ingest.sop import load_sop

ACCEPT_ACTION = "document.review_accept"

# Reason templates (Indonesian; the msgids of the English catalogue).
MISSING = "%(field)s belum terisi, padahal wajib untuk %(type)s"
UNSURE_FIELD = "%(field)s tidak terbaca dengan pasti (keyakinan %(confidence)s), jadi dikosongkan"
LOW_FIELD = "keyakinan %(field)s rendah (%(confidence)s)"
NOMOR_MONTH = "nomor %(nomor)s: bulan Romawi bukan I–XII"
NOMOR_YEAR = "nomor %(nomor)s: tahun di luar rentang wajar"
NOMOR_MONTH_DATE = "nomor %(nomor)s: bulannya berbeda dengan bulan tanggal surat"
NOMOR_YEAR_DATE = "nomor %(nomor)s: tahunnya berbeda dengan tahun tanggal surat"
NOMOR_OTHER = "nomor %(nomor)s tidak sesuai format nomor surat"
NOMOR_DOUBTED = "nomor %(nomor)s: angkanya dibaca ragu di setiap pembacaan ulang; cocokkan dengan kertasnya"
NOMOR_GLUED = ("nomor %(nomor)s: bagian %(part)s mirip kode %(code)s surat lain dengan bulan Romawi menempel; "
               "garis miring mungkin salah terbaca")
TANGGAL_CITES_LATER = "tanggal %(tanggal)s lebih awal dari tahun surat yang dirujuknya; tahun mungkin salah baca"
CLASS_UNSURE = "jenis dokumen ragu: %(type)s, keyakinan %(confidence)s"
UNTYPED = "jenis dokumen belum ditentukan"  # the same sentence as evidence.REVIEW_UNTYPED
PAGE_UNCLEAR = "halaman %(page)s kurang jelas (keyakinan OCR %(confidence)s), perlu dipindai ulang"
DUPLICATE_NOMOR = "nomor dan tanggal sama dengan dokumen yang sudah diarsipkan: %(title)s"
DUPLICATE_TEXT = "isinya hampir sama dengan dokumen yang sudah diarsipkan: %(title)s"
FIELD_NOTED = "%(field)s %(value)s perlu dicocokkan dengan kertasnya: %(note)s"
TEMPLATES: tuple[str, ...] = (MISSING, UNSURE_FIELD, LOW_FIELD, TANGGAL_CITES_LATER, NOMOR_MONTH, NOMOR_YEAR,
                              NOMOR_MONTH_DATE, NOMOR_YEAR_DATE, NOMOR_OTHER, NOMOR_DOUBTED, NOMOR_GLUED, CLASS_UNSURE, UNTYPED,
                              PAGE_UNCLEAR, DUPLICATE_NOMOR, DUPLICATE_TEXT, FIELD_NOTED)

# Field names as a clerk reads them in a reason (domain terms: they stay Indonesian in English too).
FIELD_WORDS = {"nomor": "Nomor", "tanggal": "Tanggal", "perihal": "Perihal", "pengirim": "Pengirim",
               "penerima": "Penerima", "partner": "Mitra", "sifat": "Sifat", "lampiran": "Lampiran"}


def percent(confidence: float | None) -> str:
    """A confidence (0..1) as a whole percentage, rounded down: 0.97 and 0.999 are "97 %" and
    "99 %"; only a certain value (a person's entry) is "100 %"."""
    c = max(0.0, min(1.0, float(confidence or 0.0)))
    return f"{int(c * 100 + 1e-9)} %" if c < 1.0 else "100 %"


@dataclass(frozen=True)
class ReviewRules:
    """``archive/data/review.toml`` as loaded."""

    required: dict[str, tuple[str, ...]]
    letter_required: tuple[str, ...]
    classification_below: float
    page_confidence_below: float
    duplicate_text: float
    duplicate_numbers: float
    # a filled field whose (calibrated) confidence is under this is "low" (review.toml [field_below];
    # a field not named there: extraction's own threshold, ingest.metadata.THRESHOLDS)
    field_below: dict[str, float] = field(default_factory=dict)

    def low_below(self, name: str) -> float:
        return self.field_below.get(name, THRESHOLDS.get(name, 0.6))

    def required_for(self, doc_type: str | None) -> tuple[str, ...]:
        if doc_type is None:
            return ()
        return self.required.get(doc_type, self.letter_required)


def load_rules(text: str | None = None) -> ReviewRules:
    """The review rules from ``archive/data/review.toml`` (or ``text`` in that format); a field
    name that is no metadata field is refused, naming it."""
    if text is None:
        text = resources.files("archive").joinpath("data/review.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    required = {k: tuple(v) for k, v in data.get("required", {}).items()}
    for key, names in required.items():
        for name in names:
            if name not in THRESHOLDS:
                raise ValueError(f"review.toml [required] {key}: unknown field {name!r}")
    t = data.get("thresholds", {})
    field_below = {str(k): float(v) for k, v in data.get("field_below", {}).items()}
    for name in field_below:
        if name not in THRESHOLDS:
            raise ValueError(f"review.toml [field_below]: unknown field {name!r}")
    return ReviewRules(required={k: v for k, v in required.items() if k != "surat"},
                       letter_required=required.get("surat", ()),
                       classification_below=float(t.get("classification_below", 0.6)),
                       page_confidence_below=float(t.get("page_confidence_below", 60.0)),
                       duplicate_text=float(t.get("duplicate_text", 0.45)),
                       duplicate_numbers=float(t.get("duplicate_numbers", 0.7)), field_below=field_below)


@dataclass(frozen=True)
class ReviewFlag:
    """One reason to review a document: a stable ``key`` (what "accept" records), the reason as
    a ``Wording``, the field it concerns (if any) and the other document (a duplicate's original)."""

    key: str
    wording: Wording
    field: str | None = None
    other_id: str | None = None
    text: str = ""  # the Indonesian sentence (``say``), filled when read from the archive


@dataclass(frozen=True)
class FieldState:
    value: str | None
    confidence: float
    set_by: str
    reason: str = ""


@dataclass(frozen=True)
class ReviewInput:
    """What the rules read of one document (plain data)."""

    id: str
    doc_type: str | None
    class_confidence: float
    typed_by_person: bool
    fields: dict[str, FieldState]
    pages: tuple[tuple[int, float, tuple[str, ...]], ...]  # (number, confidence 0..100, flags)


_NOMOR_PROBLEMS = ((re.compile(r"bulan Romawi"), NOMOR_MONTH), (re.compile(r"^tahun nomor \d+ di luar"), NOMOR_YEAR),
                   (re.compile(r"bulan nomor .* berbeda"), NOMOR_MONTH_DATE),
                   (re.compile(r"tahun nomor .* berbeda"), NOMOR_YEAR_DATE))


def _nomor_wording(nomor: str, problem: str) -> Wording:
    for pattern, template in _NOMOR_PROBLEMS:
        if pattern.search(problem):
            return Wording.of(template, nomor=nomor)
    return Wording.of(NOMOR_OTHER, nomor=nomor)


_ROMAN_MONTHS = ("XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I")  # longest first


def code_segments(nomor: str) -> list[str]:
    """The code parts of a nomor (a segment with a letter that is not a Roman month): "DS-KH" of
    "045/99/DS-KH/V/2024"; upper case."""
    out = []
    for part in nomor.upper().replace(" ", "").split("/"):
        if re.search(r"[A-Z]", part) and part not in _ROMAN_MONTHS and len(part) >= 2:
            out.append(part)
    return out


def glued_month(nomor: str, known_codes: set[str]) -> tuple[str, str, str] | None:
    """A code part that is a code other archived letters use with a Roman month stuck to it
    ("DS-KHIV": "DS-KH" + "IV"): OCR lost the slash between them, so the number is misread.
    Returns (part, code, month) or None."""
    for part in code_segments(nomor):
        if part in known_codes:
            continue
        for month in _ROMAN_MONTHS:
            code = part[: -len(month)]
            if part.endswith(month) and code in known_codes and len(code) >= 2:
                return part, code, month
    return None


def flags_for(doc: ReviewInput, rules: ReviewRules, known_codes: set[str] | None = None) -> list[ReviewFlag]:
    """The flags of one document by its own content and ``known_codes`` (the code parts of the
    other archived numbers); near-duplicates are ``DuplicateFinder``'s."""
    out: list[ReviewFlag] = []
    by_ocr = {n: f for n, f in doc.fields.items() if f.set_by == "ocr"}
    required = rules.required_for(doc.doc_type)
    for name in FIELD_WORDS:
        f = doc.fields.get(name)
        word = FIELD_WORDS.get(name, name)
        if name in by_ocr and f is not None and f.value is None and f.confidence > 0:
            out.append(ReviewFlag(f"unsure:{name}", Wording.of(UNSURE_FIELD, field=word,
                                                                confidence=percent(f.confidence)), name))
        elif name in by_ocr and f is not None and f.value and f.confidence < rules.low_below(name):
            out.append(ReviewFlag(f"low:{name}", Wording.of(LOW_FIELD, field=word,
                                                             confidence=percent(f.confidence)), name))
        elif name in required and (f is None or not f.value):
            out.append(ReviewFlag(f"missing:{name}", Wording.of(MISSING, field=word,
                                                                 type=Term("type_lc", doc.doc_type)), name))
    nomor, tanggal = doc.fields.get("nomor"), doc.fields.get("tanggal")
    if nomor is not None and nomor.value and nomor.set_by == "ocr":
        iso = tanggal.value if tanggal is not None and tanggal.value and _iso(tanggal.value) else None
        problems = check_nomor(nomor.value, iso)
        glued = glued_month(nomor.value, known_codes or set())
        if problems:
            out.append(ReviewFlag("nomor_format", _nomor_wording(nomor.value, problems[0]), "nomor"))
        elif MONTH_MAYBE_MERGED in nomor.reason:  # unsure digits and no month although dated (ingest.metadata)
            out.append(ReviewFlag("nomor_format", Wording.of(NOMOR_OTHER, nomor=nomor.value), "nomor"))
        elif DIGITS_DOUBTED in nomor.reason:  # re-readings that agree while each doubts its digits (fieldread)
            out.append(ReviewFlag("nomor_doubted", Wording.of(NOMOR_DOUBTED, nomor=nomor.value), "nomor"))
        elif glued is not None:
            out.append(ReviewFlag("nomor_format", Wording.of(NOMOR_GLUED, nomor=nomor.value, part=glued[0],
                                                             code=glued[1]), "nomor"))
    if tanggal is not None and tanggal.value and tanggal.set_by == "ocr" and CITES_LATER in tanggal.reason:
        out.append(ReviewFlag("tanggal_cited", Wording.of(TANGGAL_CITES_LATER, tanggal=tanggal.value), "tanggal"))
    out.extend(_noted(doc, {f.field for f in out}))
    if not doc.typed_by_person:
        if doc.doc_type is None:
            out.append(ReviewFlag("class", Wording(UNTYPED), "doc_type"))
        elif doc.class_confidence < rules.classification_below:
            out.append(ReviewFlag("class", Wording.of(CLASS_UNSURE, type=Term("type", doc.doc_type),
                                                      confidence=percent(doc.class_confidence)), "doc_type"))
    for number, confidence, page_flags in doc.pages:
        if "blank" in page_flags:
            continue
        if confidence < rules.page_confidence_below or "low_confidence" in page_flags:
            out.append(ReviewFlag(f"page:{number}", Wording.of(PAGE_UNCLEAR, page=number,
                                                                confidence=percent(confidence / 100.0))))
    return out


def _noted(doc: ReviewInput, flagged: set[str | None]) -> list[ReviewFlag]:
    """A flag for each value read by OCR whose reason carries a note of extraction asking a person to check it
    (``ingest.model.CHECK_NOTE``: "dipenggal ke baris berikutnya, disambung … — periksa"), where no other flag
    names that field already: the value was kept, but extraction doubted it, so the document is not done."""
    out = []
    for name, f in doc.fields.items():
        if f.set_by != "ocr" or not f.value or name in flagged or CHECK_NOTE not in f.reason:
            continue
        note = _note_in(f.reason)
        out.append(ReviewFlag(f"noted:{name}", Wording.of(FIELD_NOTED, field=FIELD_WORDS.get(name, name),
                                                           value=f.value, note=note), name))
    return out


def _note_in(reason: str) -> str:
    """The note asking for a check in a field's reason: whole after ``NOTE_MARK`` (a note may hold "; "); in a
    reason written before the mark existed, the "; "-separated part that holds ``CHECK_NOTE``."""
    if NOTE_MARK in reason:
        note = reason.rpartition(NOTE_MARK)[2]
        if CHECK_NOTE in note:
            return note
    return next(part for part in reason.split("; ") if CHECK_NOTE in part)


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- near-duplicates

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SKETCH = 16  # the smallest shingle hashes kept per text: texts alike share some of them


@dataclass(frozen=True)
class TextPrint:
    """A text's word 3-shingles (hashed), its numbers (tokens of two digits or more) and a sketch."""

    shingles: frozenset[int]
    numbers: frozenset[str]
    sketch: tuple[int, ...]


def text_print(text: str) -> TextPrint:
    tokens = [t.lower() for t in _WORD.findall(text or "")]
    words = [t for t in tokens if len(t) >= 2]
    shingles = frozenset(int.from_bytes(hashlib.blake2b(" ".join(words[i:i + 3]).encode(), digest_size=8).digest(),
                                        "big") for i in range(max(0, len(words) - 2)))
    numbers = frozenset(t for t in tokens if sum(c.isdigit() for c in t) >= 2)
    return TextPrint(shingles, numbers, tuple(sorted(shingles)[:_SKETCH]))


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass
class DuplicateFinder:
    """Documents in archive order; ``add`` returns the flag for a near-duplicate of an earlier one."""

    rules: ReviewRules
    by_key: dict[tuple[str, str], tuple[str, str | None, str]] = field(default_factory=dict)
    by_sketch: dict[int, list[str]] = field(default_factory=dict)
    prints: dict[str, TextPrint] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def add(self, doc_id: str, doc_type: str | None, nomor: str | None, tanggal: str | None, title: str,
            text_print_: TextPrint) -> ReviewFlag | None:
        found: ReviewFlag | None = None
        key = (nomor_key(nomor), tanggal or "")
        if key[0] and key[1]:
            earlier = self.by_key.get(key)
            if earlier is not None and (earlier[1] == doc_type or earlier[1] is None or doc_type is None):
                found = ReviewFlag(f"duplicate:{earlier[0]}", Wording.of(DUPLICATE_NOMOR, title=earlier[2]),
                                   other_id=earlier[0])
            elif earlier is None:
                self.by_key[key] = (doc_id, doc_type, title)
        if found is None and len(text_print_.shingles) >= 20:
            candidates: dict[str, int] = {}
            for h in text_print_.sketch:
                for other in self.by_sketch.get(h, ()):
                    candidates[other] = candidates.get(other, 0) + 1
            for other in sorted(candidates, key=lambda o: -candidates[o]):
                p = self.prints[other]
                if (_jaccard(p.shingles, text_print_.shingles) >= self.rules.duplicate_text
                        and _jaccard(p.numbers, text_print_.numbers) >= self.rules.duplicate_numbers):
                    found = ReviewFlag(f"duplicate:{other}", Wording.of(DUPLICATE_TEXT, title=self.titles[other]),
                                       other_id=other)
                    break
        self.prints[doc_id] = text_print_
        self.titles[doc_id] = title
        for h in text_print_.sketch:
            self.by_sketch.setdefault(h, []).append(doc_id)
        return found


# --------------------------------------------------------------------------- from the database

_PRINTS: dict[tuple[str, str], TextPrint] = {}  # (document id, sha256) -> print; page text never changes
_STATE: dict[str, tuple[tuple, dict[str, tuple[ReviewFlag, ...]]]] = {}
_SYNCED: dict[str, tuple] = {}
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _labels() -> AuditRules:
    return rules_from_sop(load_sop())


def _stamp(session: Session) -> tuple:
    """Changes whenever anything the flags read may have changed (every such write is audited with
    its document; logins and downloads are not such writes)."""
    return (session.scalar(select(func.count(Document.id))),
            session.scalar(select(func.max(AuditRow.id)).where(AuditRow.doc_id.is_not(None),
                                                              AuditRow.action != "document.download")),
            session.scalar(select(func.max(FieldHistoryRow.id))))


def _accepted(session: Session) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for doc_id, detail in session.execute(select(AuditRow.doc_id, AuditRow.detail)
                                          .where(AuditRow.action == ACCEPT_ACTION).order_by(AuditRow.id)):
        if doc_id:
            out[doc_id] = frozenset(db.loads(detail, {}).get("flags", []))
    return out


def all_flags(session: Session, rules: ReviewRules | None = None) -> dict[str, tuple[ReviewFlag, ...]]:
    """Every document's review flags (accepted ones included), id -> flags; cached per archive state."""
    url = str(session.get_bind().engine.url)
    stamp = _stamp(session)
    with _LOCK:
        cached = _STATE.get(url)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    flags = _compute(session, rules or load_rules())
    with _LOCK:
        _STATE[url] = (stamp, flags)
    return flags


def _compute(session: Session, rules: ReviewRules) -> dict[str, tuple[ReviewFlag, ...]]:
    docs = session.scalars(select(Document).order_by(Document.created_at, Document.id)).all()
    fields: dict[str, dict[str, FieldState]] = {}
    for row in session.scalars(select(FieldRow)):
        fields.setdefault(row.document_id, {})[row.name] = FieldState(row.value, float(row.confidence or 0.0),
                                                                      row.set_by or "ocr", row.reason or "")
    pages: dict[str, list[tuple[int, float, tuple[str, ...]]]] = {}
    for doc_id, number, confidence, page_flags in session.execute(
            select(PageRow.document_id, PageRow.number, PageRow.confidence, PageRow.flags).order_by(PageRow.number)):
        pages.setdefault(doc_id, []).append((number, float(confidence or 0.0), tuple(db.loads(page_flags, []))))
    typed = set(session.scalars(select(FieldHistoryRow.document_id).where(
        FieldHistoryRow.name.in_(("doc_type", "sop_step")), FieldHistoryRow.set_by != "ocr")))
    missing_prints = [d.id for d in docs if (d.id, d.sha256) not in _PRINTS]
    texts: dict[str, list[str]] = {}
    for start in range(0, len(missing_prints), 500):
        for doc_id, text in session.execute(select(PageRow.document_id, PageRow.text).where(
                PageRow.document_id.in_(missing_prints[start:start + 500])).order_by(PageRow.number)):
            texts.setdefault(doc_id, []).append(text or "")
    codes: dict[str, set[str]] = {}  # code part -> documents whose nomor has it
    for doc_id, f in fields.items():
        nomor_state = f.get("nomor")
        if nomor_state is not None and nomor_state.value:
            for part in code_segments(nomor_state.value):
                codes.setdefault(part, set()).add(doc_id)
    finder = DuplicateFinder(rules)
    labels = _labels()
    out: dict[str, tuple[ReviewFlag, ...]] = {}
    for d in docs:
        f = fields.get(d.id, {})
        doc = ReviewInput(id=d.id, doc_type=d.doc_type, class_confidence=float(d.class_confidence or 0.0),
                          typed_by_person=d.id in typed, fields=f, pages=tuple(pages.get(d.id, ())))
        found = flags_for(doc, rules, {c for c, ids in codes.items() if ids - {d.id}})
        key = (d.id, d.sha256)
        if key not in _PRINTS:
            with _LOCK:
                _PRINTS[key] = text_print("\n".join(texts.get(d.id, ())))
        perihal = f.get("perihal")
        title = perihal.value if perihal is not None and perihal.value else d.filename
        dup = finder.add(d.id, d.doc_type, f["nomor"].value if "nomor" in f else None,
                         f["tanggal"].value if "tanggal" in f else None, title, _PRINTS[key])
        if dup is not None:
            found.append(dup)
        out[d.id] = tuple(replace(f, text=say(f.wording, labels)) for f in found)
    return out


def open_flags(session: Session, rules: ReviewRules | None = None) -> dict[str, tuple[ReviewFlag, ...]]:
    """The flags not yet accepted, per document (documents with none are left out)."""
    accepted = _accepted(session)
    out = {}
    for doc_id, flags in all_flags(session, rules).items():
        left = tuple(f for f in flags if f.key not in accepted.get(doc_id, frozenset()))
        if left:
            out[doc_id] = left
    return out


def stored_flags(session: Session, rules: ReviewRules | None = None) -> dict[str, tuple[ReviewFlag, ...]]:
    """The open flags of the documents whose stored ``needs_review`` is set (read only: what the
    last ``sync`` stored is what the queue, its badge and the filters show)."""
    stored = set(session.scalars(select(Document.id).where(Document.needs_review.is_(True))))
    return {doc_id: flags for doc_id, flags in open_flags(session, rules).items() if doc_id in stored}


def sync(session: Session, flags: dict[str, tuple[ReviewFlag, ...]], *, force: bool = False) -> list[str]:
    """Set ``needs_review`` to whether a document has open flags; returns the ids changed (to re-index).
    Skipped while the archive is as it was at the last sync, unless ``force``."""
    url, stamp = str(session.get_bind().engine.url), _stamp(session)
    with _LOCK:
        if _SYNCED.get(url) == stamp and not force:
            return []
    changed = []
    for doc_id, needs in session.execute(select(Document.id, Document.needs_review)).all():
        want = doc_id in flags
        if bool(needs) != want:
            changed.append(doc_id)
    for doc_id in changed:
        doc = session.get(Document, doc_id)
        if doc is not None:
            doc.needs_review, doc.indexed = doc_id in flags, False
    with _LOCK:
        _SYNCED[url] = stamp
    return changed


def accept(session: Session, doc_id: str, *, user: str, rules: ReviewRules | None = None) -> list[str]:
    """Accept a document as it is: its current flags are cleared (audited with their keys)."""
    flags = all_flags(session, rules).get(doc_id, ())
    keys = [f.key for f in flags]
    db.write_audit(session, ACCEPT_ACTION, user=user, doc_id=doc_id, detail={"flags": keys})
    return keys


@dataclass(frozen=True)
class ReviewItem:
    """A document in the review queue with its open flags."""

    document: DocumentSummary
    flags: tuple[ReviewFlag, ...]


def review_order(session: Session, flags: dict[str, tuple[ReviewFlag, ...]]) -> list[str]:
    """The flagged documents in queue order: oldest first (as they were archived)."""
    ids = set(flags)
    rows = session.execute(select(Document.id).order_by(Document.created_at, Document.id))
    return [doc_id for (doc_id,) in rows if doc_id in ids]



# --------------------------------------------------------------------------- a clerk's date

_NUMERIC = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


def parse_user_date(text: str) -> str | None:
    """A date as a clerk types it, as ISO ``yyyy-mm-dd``: ``2024-04-22``, ``22-04-2024``,
    ``22/4/2024``, ``22.04.2024``, ``22 April 2024``, ``22 Apr 2024`` (Indonesian or English month
    names and their abbreviations, day first).  None when it is no real date."""
    s = " ".join((text or "").split())
    m = _ISO.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _NUMERIC.match(s)):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _WORDS.match(s)):
        month = month_words().get(m.group(2).lower())
        if month is None:
            return None
        d, mo, y = int(m.group(1)), month, int(m.group(3))
    else:
        return None
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None
