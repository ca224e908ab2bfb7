"""Plain dataclasses that ``archive.service`` takes and returns (never ORM rows or Whoosh hits)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ROLES = ("pelaksana", "sekretaris", "kepala_dinas", "auditor", "admin")


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one path given to ``ingest_paths`` (the ``burt ingest --json`` line).

    ``status`` is ingested | duplicate (``id`` = the existing document) | failed (``error`` is
    the clerk-readable message, ``error_code`` its slug, ``fault`` "file" or "machine";
    ``next_attempt_at`` when a machine-fault job will be tried again, None when it will not)."""

    file: str
    status: str
    id: str | None = None
    sha256: str | None = None
    error: str | None = None
    error_code: str | None = None
    doc_type: str | None = None
    sop_step: int | None = None
    job_id: str | None = None
    fault: str | None = None
    next_attempt_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "sha256": self.sha256, "status": self.status,
                "error": self.error, "error_code": self.error_code, "doc_type": self.doc_type,
                "sop_step": self.sop_step, "fault": self.fault, "job": self.job_id,
                "next_attempt_at": self.next_attempt_at}


@dataclass(frozen=True)
class Job:
    id: str
    filename: str
    status: str  # queued | running | done | failed | needs_attention ("perlu perhatian")
    stage: str
    progress: float  # 0..1
    doc_id: str | None
    error_code: str | None
    error_message: str | None
    created_at: str
    updated_at: str
    user: str | None = None
    attempts: int = 0  # tries so far
    fault: str | None = None  # "file" | "machine" of the last failure
    next_attempt_at: str | None = None  # a machine-fault retry is due then

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FieldValue:
    """A metadata field's current value and who/what set it."""

    name: str
    value: str | None
    confidence: float
    set_by: str  # "ocr" or a user name
    set_at: str
    reason: str = ""


@dataclass(frozen=True)
class FieldChange:
    """One entry of a field's history."""

    name: str
    old_value: str | None
    new_value: str | None
    set_by: str
    set_at: str
    reason: str = ""


@dataclass(frozen=True)
class PageRecord:
    number: int
    text: str
    confidence: float
    width: int
    height: int
    flags: tuple[str, ...] = ()
    words: tuple[dict[str, Any], ...] = ()  # {"text", "conf", "box"}


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    filename: str
    title: str
    doc_type: str | None
    sop_step: int | None
    tanggal: str | None
    nomor: str | None
    needs_review: bool
    page_count: int
    created_at: str
    classification_confidence: float = 0.0  # 0..1, how sure the classifier was of doc_type

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DocumentDetail:
    id: str
    sha256: str
    filename: str
    kind: str
    size: int
    title: str
    doc_type: str | None
    sop_step: int | None
    classification_confidence: float
    classification_reasons: tuple[str, ...]
    needs_review: bool
    model_version: str | None
    page_count: int
    created_at: str
    created_by: str | None
    flags: tuple[str, ...]
    fields: dict[str, FieldValue]
    pages: tuple[PageRecord, ...]
    history: tuple[FieldChange, ...]
    derivatives: tuple[str, ...]  # names available through document_file
    pihak: tuple[dict[str, Any], ...] = ()
    rujukan: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\f".join(p.text for p in self.pages)

    def value(self, name: str) -> str | None:
        f = self.fields.get(name)
        return f.value if f else None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["text"] = self.text
        return out


@dataclass(frozen=True)
class SearchQuery:
    """A search: free text plus filters. ``sort`` is "relevance" or "date" (newest first) / "date_asc"."""

    text: str = ""
    doc_type: str | None = None
    sop_step: int | None = None
    partner: str | None = None
    activity: str | None = None
    date_from: str | None = None  # yyyy-mm-dd, inclusive
    date_to: str | None = None
    year: int | None = None
    nomor: str | None = None
    needs_review: bool | None = None
    page: int = 1
    limit: int = 10
    sort: str = "relevance"
    facets: bool = True
    q: str | None = None  # alias of ``text`` (CLI)
    step: int | None = None  # alias of ``sop_step`` (CLI)

    def __post_init__(self) -> None:
        if self.q and not self.text:
            object.__setattr__(self, "text", self.q)
        if self.step is not None and self.sop_step is None:
            object.__setattr__(self, "sop_step", self.step)


@dataclass(frozen=True)
class SearchHit:
    id: str
    file: str
    title: str
    score: float
    snippet: str  # HTML-safe text with <mark>…</mark> around matches
    doc_type: str | None
    sop_step: int | None
    tanggal: str | None
    nomor: str | None = None
    partner: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "title": self.title, "score": round(float(self.score), 4),
                "snippet": self.snippet, "doc_type": self.doc_type, "sop_step": self.sop_step,
                "tanggal": self.tanggal}


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[SearchHit, ...]
    page: int = 1
    limit: int = 10
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"total": self.total, "hits": [h.to_json() for h in self.hits],
                               "page": self.page, "limit": self.limit}
        if self.facets:
            out["facets"] = self.facets
        if self.suggestion:
            out["suggestion"] = self.suggestion
        return out


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created_at: str
    active: bool = True
    has_password: bool = False
    has_token: bool = False
    session_version: int = 0  # browser sessions made under another number are over (not in the JSON)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("session_version")
        return out


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user: str | None
    action: str
    doc_id: str | None
    activity_id: str | None
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Problem:
    """One thing ``verify`` found wrong: kind is missing | altered | orphaned | unindexed | stale | corrupt."""

    kind: str
    what: str  # original | derivative | index | database
    doc_id: str | None
    path: str | None
    detail: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VerifyReport:
    documents: int
    files_checked: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """Human-readable report, one line per problem (Indonesian first)."""
        head = (f"{self.documents} dokumen, {self.files_checked} berkas diperiksa / documents, files checked: "
                + ("utuh / intact" if self.ok else f"{len(self.problems)} masalah / problems"))
        return [head] + [f"{p.kind.upper():10} {p.what:10} {p.doc_id or '-':12} {p.path or '-'}  {p.detail}"
                         for p in self.problems]

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "documents": self.documents, "files_checked": self.files_checked,
                "problems": [p.to_json() for p in self.problems]}


@dataclass(frozen=True)
class ExportReport:
    path: str
    documents: int
    files: int
    bytes: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ImportReport:
    path: str
    documents: int
    files: int
    indexed: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TrainReport:
    examples: int
    from_corrections: int
    from_shipped: int
    model_path: str | None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TypeLabel:
    """A document type of the SOP, for forms, facet labels and filters."""

    id: str
    label_id: str
    label_en: str
    step: int | None


@dataclass(frozen=True)
class StepLabel:
    """An SOP step (number and name)."""

    number: int
    name: str


@dataclass(frozen=True)
class ConsumeEvent:
    """What the consume folder did with one file (a ``burt watch --json`` line).

    ``status``: ingested | duplicate | failed, as in ``IngestOutcome`` (``outcome`` holds it), or
    skipped (left alone for good: ``reason`` hidden | not_document | folder | not_file) or
    waiting (not taken yet: ``reason`` growing | open | empty).  A failure's ``reason`` is
    refused (the file's fault: moved to failed/), retry or parked (the machine's fault: the file
    stays in the folder until its job succeeds).  ``moved_to`` is the file's new path in done/ or
    failed/, ``note`` the ``<name>.txt`` beside it that says why."""

    file: str
    status: str
    reason: str | None = None
    outcome: IngestOutcome | None = None
    moved_to: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        base = (self.outcome or IngestOutcome(file=self.file, status=self.status)).to_json()
        return {**base, "file": self.file, "status": self.status, "reason": self.reason,
                "moved_to": self.moved_to, "note": self.note}


@dataclass(frozen=True)
class RunningJob:
    """A job a worker is running now: its stage and progress, which process runs it, since when."""

    id: str
    filename: str
    stage: str
    progress: float
    worker: str | None
    updated_at: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.filename, "stage": self.stage,
                "progress": round(float(self.progress or 0.0), 3), "worker": self.worker,
                "updated_at": self.updated_at}


@dataclass(frozen=True)
class QueueState:
    """The job queue at a glance (``burt jobs``, ``GET /api/jobs``, the health check)."""

    queued: int  # waiting, due now or later
    due: int  # waiting and due now
    waiting_retry: int  # a machine-fault retry whose backoff has not passed
    needs_attention: int  # parked: retries used up ("perlu perhatian")
    running: tuple[RunningJob, ...] = ()
    broker: dict[str, int] | None = None  # messages waiting per Celery queue; None: no broker, or unreachable

    @property
    def workers(self) -> list[tuple[str, int]]:
        """Running jobs per worker process (``host:pid``), busiest first."""
        counts: dict[str, int] = {}
        for r in self.running:
            counts[r.worker or "-"] = counts.get(r.worker or "-", 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def to_json(self) -> dict[str, Any]:
        return {"queued": self.queued, "due": self.due, "waiting_retry": self.waiting_retry,
                "needs_attention": self.needs_attention, "running": [r.to_json() for r in self.running],
                "workers": [{"worker": w, "running": n} for w, n in self.workers], "broker": self.broker}


@dataclass(frozen=True)
class HealthPart:
    """One part of the health check: ``status`` ok | warning | down, a clerk-readable message
    (Indonesian / English) and figures (no paths, URLs or other secrets)."""

    name: str
    status: str
    message: str
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, **self.detail}


@dataclass(frozen=True)
class HealthReport:
    """``burt health --json`` and the admin's ``GET /api/health``."""

    parts: tuple[HealthPart, ...]
    checked_at: str

    @property
    def status(self) -> str:
        states = {p.status for p in self.parts}
        return "down" if "down" in states else "warning" if "warning" in states else "ok"

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "checked_at": self.checked_at,
                "parts": {p.name: p.to_json() for p in self.parts}}
