"""The one settings object: every path derives from the data directory (``--home`` >
``BURT_HOME`` > ``./burt-data``); every variable has the ``BURT_`` prefix, a default
and one line of help (``docs/settings.md`` lists them; a test checks the list)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from ingest.errors import BurtError
from ingest.options import WITNESS_TESSDATA, IngestOptions


class SettingsError(BurtError):
    code = "bad_setting"


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str
    parse: Callable[[str], object] = str


def _positive_int(v: str) -> int:
    n = int(v)
    if n <= 0:
        raise ValueError("must be a positive whole number")
    return n


def _bool(v: str) -> bool:
    low = v.strip().lower()
    if low in ("1", "true", "yes", "on", "ya"):
        return True
    if low in ("0", "false", "no", "off", "tidak"):
        return False
    raise ValueError("must be true or false")


def _fraction(v: str) -> float:
    f = float(v)
    if not 0.0 <= f <= 1.0:
        raise ValueError("must be between 0 and 1")
    return f


def _rejected(v: str) -> str:
    low = v.strip().lower()
    if low not in REJECTED_CHOICES:
        raise ValueError("must be 'keep' or 'quarantine'")
    return low


REJECTED_CHOICES = ("keep", "quarantine")


def _positive_float(v: str) -> float:
    f = float(v)
    if not f > 0.0 or f == float("inf"):
        raise ValueError("must be a positive number")
    return f


def _database_url(v: str) -> str:
    """Empty (SQLite in the data directory), a SQLite URL, or PostgreSQL through psycopg 3: the two
    databases the migrations and the storage tests run on.  ``postgresql://`` means psycopg 3."""
    url = v.strip()
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    if not url or url.startswith(("sqlite://", "postgresql+psycopg://")):
        return url
    raise ValueError("must be empty, sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB")


def _broker_url(v: str) -> str:
    """Empty (the in-process job runner) or a Redis URL (the Celery broker ``burt worker`` reads)."""
    url = v.strip()
    if url and not url.startswith(("redis://", "rediss://")):
        raise ValueError("must be empty or redis://HOST:PORT/DB")
    return url


def _tesseract(v: str) -> str:
    if v not in ("library", "command"):
        raise ValueError("must be 'library' or 'command'")
    return v


def _percent(v: str) -> float:
    f = float(v)
    if not 0.0 <= f <= 100.0:
        raise ValueError("must be between 0 and 100")
    return f


VARIABLES: tuple[Variable, ...] = (
    Variable("BURT_HOME", "./burt-data", "Data directory holding everything the archive owns."),
    Variable("BURT_DATABASE_URL", "", "Database URL; empty = SQLite file archive.db in the data directory; "
             "PostgreSQL: postgresql+psycopg://USER@HOST:PORT/DB (needs the [postgres] extra).", _database_url),
    Variable("BURT_OCR_LANGUAGES", "ind", "Tesseract languages, e.g. 'ind' or 'ind+eng'."),
    Variable("BURT_OCR_DPI", "300", "Resolution at which PDF pages are rendered for OCR.", _positive_int),
    Variable("BURT_OCR_TIMEOUT", "180", "Seconds Tesseract may spend on one page.", _positive_int),
    Variable("BURT_OCR_TESSERACT", "library", "How Tesseract is run: 'library' (libtesseract loaded once per "
             "reading process, same output) or 'command' (a tesseract process per reading).", _tesseract),
    Variable("BURT_OCR_WITNESS_MODEL", "auto", "Folder of a second Tesseract model of the OCR languages that field "
             "re-reading reads unsettled number and date rows with (an independent witness), and that an unsure table "
             "or letter band in small print is read again with: 'auto' = tessdata/best "
             "beside the code, which make install fills; 'off' = none. A folder without the model: none, said once "
             "in the log."),
    Variable("BURT_LOW_CONFIDENCE", "60", "Mean OCR confidence (0-100) under which a page needs rescanning.", _percent),
    Variable("BURT_ABSTAIN_BELOW", "0.55", "Classification confidence (0-1) under which a document needs review.", _fraction),
    Variable("BURT_WORKERS", str(max(1, os.cpu_count() or 1)), "Worker processes for OCR.", _positive_int),
    Variable("BURT_MAX_UPLOAD_MB", "100", "Largest file accepted, in megabytes.", _positive_int),
    Variable("BURT_MAX_PAGES", "500", "Most pages accepted in one document.", _positive_int),
    Variable("BURT_REMOVE_STAMPS", "true", "Remove blue/red stamp ink before binarisation.", _bool),
    Variable("BURT_SECRET_KEY", "", "Flask secret key; empty = generated once and kept in the data directory."),
    Variable("BURT_SECURE_COOKIES", "false", "Send session cookies only over HTTPS (set true behind TLS).", _bool),
    Variable("BURT_HOST", "127.0.0.1", "Address the web server listens on."),
    Variable("BURT_PORT", "5000", "Port the web server listens on.", _positive_int),
    Variable("BURT_LANGUAGE", "id", "Default UI language: 'id' (Indonesian) or 'en'."),
    Variable("BURT_MAX_ATTEMPTS", "4", "Tries of a job that fails for the machine's fault before it is parked as 'perlu perhatian'.", _positive_int),
    Variable("BURT_RETRY_DELAY", "60", "Seconds before the first retry of such a job; doubled after each further try.", _positive_int),
    Variable("BURT_REJECTED", "quarantine", "Original of a file refused for its own fault: 'quarantine' (moved to quarantine/ in the data directory) or 'keep' (left in originals/).", _rejected),
    Variable("BURT_SESSION_HOURS", "10", "Hours a browser login lasts before the user must log in again.",
             _positive_int),
    Variable("BURT_LOGIN_MAX_FAILURES", "5", "Failed logins for one user name (four times as many for one "
             "address) within the lockout window before further logins are refused.", _positive_int),
    Variable("BURT_LOGIN_LOCKOUT_MINUTES", "15", "Window and length of a login lockout, in minutes.", _positive_int),
    Variable("BURT_API_WRITES_PER_MINUTE", "120", "API writes (upload, correction) one user may make per minute, "
             "counted per server process.", _positive_int),
    Variable("BURT_SEARCH_TIMEOUT_MS", "5000", "Time budget of one search, in milliseconds; slower searches are "
             "refused with 503.", _positive_int),
    Variable("BURT_CONSUME_DIR", "", "Consume folder watched by `burt serve` (a scanner's scan-to-folder): documents "
             "put there are ingested and moved to done/ or failed/; empty = no folder is watched."),
    Variable("BURT_CONSUME_SETTLE_SECONDS", "2", "Seconds a file in the consume folder must keep the same size and "
             "modification time before it is taken (a file still being written is never ingested).", _positive_float),
    Variable("BURT_DISK_WARN_MB", "2048", "Free space of the data directory's disk, in megabytes, under which the "
             "health check warns (under a tenth of it the check fails).", _positive_int),
    Variable("BURT_BROKER_URL", "", "Celery broker (Redis) URL, e.g. redis://127.0.0.1:6379/0: uploads, `burt ingest "
             "--queue` and the consume folder then only queue their jobs and `burt worker` processes run them; "
             "empty = the job runner inside `burt serve` (no Redis needed).", _broker_url),
    Variable("BURT_STORAGE_DIR", "", "Directory holding the originals, derivatives and quarantine/ (with its own "
             "tmp/ for staging and the per-document locks); on several machines a shared POSIX mount (NFS) that every `burt serve` and "
             "`burt worker` sees at the same path; empty = the data directory."),
)


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    ingest: IngestOptions
    max_upload_bytes: int
    secret_key: str
    secure_cookies: bool
    host: str
    port: int
    language: str
    workers: int
    max_attempts: int = 4
    retry_delay_s: int = 60
    rejected: str = "quarantine"
    environ_used: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    session_hours: int = 10
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    api_writes_per_minute: int = 120
    search_timeout_ms: int = 5000
    consume_dir: str = ""  # empty: `burt serve` watches no folder
    consume_settle_s: float = 2.0
    disk_warn_mb: int = 2048
    broker_url: str = ""  # empty: the in-process job runner; else Celery workers (archive.queue)
    storage_dir: str = ""  # empty: originals and derivatives in the data directory (archive.storage)

    # Every path the archive owns derives from ``home``; originals and derivatives from
    # ``storage_root`` (``home`` unless BURT_STORAGE_DIR names another directory).
    @property
    def storage_root(self) -> Path:
        return Path(self.storage_dir).expanduser().resolve() if self.storage_dir else self.home

    @property
    def originals_dir(self) -> Path:
        return self.storage_root / "originals"

    @property
    def derivatives_dir(self) -> Path:
        return self.storage_root / "derivatives"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def incoming_dir(self) -> Path:
        """Uploads waiting for their ingest job."""
        return self.home / "incoming"

    @property
    def tmp_dir(self) -> Path:
        return self.home / "tmp"

    @property
    def database_path(self) -> Path:
        return self.home / "archive.db"

    def ensure_dirs(self) -> None:
        """Create the data directories, private to the archive's account: the process umask
        becomes 077 (new files 0600, directories 0700) and every directory made here is 0700."""
        os.umask(0o077)
        for d in (self.home, self.originals_dir, self.derivatives_dir, self.index_dir, self.models_dir,
                  self.logs_dir, self.incoming_dir, self.tmp_dir, self.storage_root / "tmp"):
            if not d.is_dir():
                d.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.chmod(d, 0o700)

    def use_private_tmp(self) -> None:
        """Point this process's temporary files (and its workers', through ``TMPDIR``) at the
        data directory's ``tmp/`` (0700), so OCR intermediates are not left readable in /tmp."""
        import tempfile

        self.ensure_dirs()
        tempfile.tempdir = str(self.tmp_dir)
        os.environ["TMPDIR"] = str(self.tmp_dir)


def _read(environ: Mapping[str, str], var: Variable):
    raw = environ.get(var.name, var.default)
    try:
        return var.parse(raw)
    except (ValueError, TypeError) as exc:
        raise SettingsError(f"Pengaturan {var.name}={raw!r} tidak valid: {exc}. / "
                            f"Setting {var.name}={raw!r} is invalid: {exc}.") from exc


def _witness(v: str) -> str | None:
    """The witness model's folder (``IngestOptions.witness_tessdata``) for the setting's value."""
    value = v.strip()
    if value == "off":
        return None
    return WITNESS_TESSDATA if value in ("", "auto") else str(Path(value).expanduser().resolve())


def load_settings(home: str | os.PathLike | None = None, environ: Mapping[str, str] | None = None,
                  **overrides) -> Settings:
    """Build the settings once, validating every variable; ``overrides`` replace fields (tests)."""
    env = dict(os.environ if environ is None else environ)
    v = {var.name: _read(env, var) for var in VARIABLES}
    home_path = Path(home if home is not None else v["BURT_HOME"]).expanduser().resolve()
    db_url = v["BURT_DATABASE_URL"] or f"sqlite:///{home_path / 'archive.db'}"
    language = v["BURT_LANGUAGE"]
    if language not in ("id", "en"):
        raise SettingsError(f"Pengaturan BURT_LANGUAGE={language!r} tidak valid: pilih 'id' atau 'en'. / "
                            f"BURT_LANGUAGE must be 'id' or 'en'.")
    max_upload = v["BURT_MAX_UPLOAD_MB"] * 1024 * 1024
    ingest = IngestOptions(
        languages=v["BURT_OCR_LANGUAGES"],
        dpi=v["BURT_OCR_DPI"],
        workers=v["BURT_WORKERS"],
        ocr_timeout_s=v["BURT_OCR_TIMEOUT"],
        tesseract=v["BURT_OCR_TESSERACT"],
        low_confidence=v["BURT_LOW_CONFIDENCE"],
        max_file_bytes=max_upload,
        max_pages=v["BURT_MAX_PAGES"],
        remove_stamps=v["BURT_REMOVE_STAMPS"],
        model_dir=str(home_path / "models"),
        abstain_below=v["BURT_ABSTAIN_BELOW"],
        witness_tessdata=_witness(v["BURT_OCR_WITNESS_MODEL"]),
    )
    settings = Settings(
        home=home_path,
        database_url=db_url,
        ingest=ingest,
        max_upload_bytes=max_upload,
        secret_key=v["BURT_SECRET_KEY"],
        secure_cookies=v["BURT_SECURE_COOKIES"],
        host=v["BURT_HOST"],
        port=v["BURT_PORT"],
        language=language,
        workers=v["BURT_WORKERS"],
        max_attempts=v["BURT_MAX_ATTEMPTS"],
        retry_delay_s=v["BURT_RETRY_DELAY"],
        rejected=v["BURT_REJECTED"],
        session_hours=v["BURT_SESSION_HOURS"],
        login_max_failures=v["BURT_LOGIN_MAX_FAILURES"],
        login_lockout_minutes=v["BURT_LOGIN_LOCKOUT_MINUTES"],
        api_writes_per_minute=v["BURT_API_WRITES_PER_MINUTE"],
        search_timeout_ms=v["BURT_SEARCH_TIMEOUT_MS"],
        consume_dir=v["BURT_CONSUME_DIR"].strip(),
        consume_settle_s=v["BURT_CONSUME_SETTLE_SECONDS"],
        disk_warn_mb=v["BURT_DISK_WARN_MB"],
        broker_url=v["BURT_BROKER_URL"],
        storage_dir=v["BURT_STORAGE_DIR"].strip(),
        environ_used={k: env[k] for k in env if k.startswith("BURT_")},
    )
    if overrides:
        from dataclasses import replace
        settings = replace(settings, **overrides)
    return settings
