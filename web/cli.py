"""The ``burt`` command line: a thin door onto ``archive.service``.

Names, options and JSON shapes here are a public contract (docs/cli.md). Errors the
user can act on (``BurtError``) print their message and exit non-zero without a
traceback; anything else prints a short notice (the traceback only with ``--verbose``).
``archive.service``, ``archive.reading`` and ``web.app`` are imported when a command first uses
them (``web/deferred.py``), so ``burt ocr`` and ``burt --help`` do not load the archive or Flask.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json
import logging
import os
import signal
import sys
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from archive.records import IngestOutcome, SearchQuery
from archive.settings import load_settings
from ingest.errors import BurtError, InputError
from web.deferred import DeferredModule
from web.logs import SafeLogFilter

if TYPE_CHECKING:  # what mypy and import-linter see; at run time each is imported on its first use
    from archive import reading, service
    from web import app as web_app
else:  # `burt ocr` imports only the reading, `burt --help` none of them (web/deferred.py)
    reading = DeferredModule("archive.reading")
    service = DeferredModule("archive.service")
    web_app = DeferredModule("web.app")

log = logging.getLogger(__name__)

EXIT_FAILED = 1  # some documents failed / findings with --strict / verify found problems
EXIT_ERROR = 2  # the command itself could not run (bad input, bad setting, ...)
EXIT_PIPE = 141  # the output's reader closed it early (`| head`): 128 + SIGPIPE, as a shell reports it


class Context:
    """What every command needs: the settings and the open ``Archive`` (built lazily, once, on
    a command's first use of ``settings``) and verbosity."""

    def __init__(self, home: str | None, verbose: bool, uses_home: bool = True, opens_archive: bool = True):
        self.home = home
        self.verbose = verbose
        self.uses_home = uses_home  # False for `burt ocr`, which must not create a data directory
        # False for `burt ocr` (no archive), `burt import` (fills a fresh data directory itself) and
        # `burt health` (reports a database it cannot open instead of failing on it)
        self.opens_archive = opens_archive
        self._settings = None
        self.archive = None

    @property
    def settings(self):
        if self._settings is None:
            self._settings = load_settings(home=self.home)
            os.umask(0o077)  # everything this process writes is private to the archive's account
            if self.uses_home or self._settings.home.is_dir():
                self._settings.use_private_tmp()  # OCR temp files under <home>/tmp, not /tmp
            if self.opens_archive:  # once per process: directories, schema, backfills, thread limit
                self.archive = service.open_archive(self._settings)
        return self._settings


def _setup_logging(verbose: bool, settings=None) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, SafeLogFilter) for f in handler.filters):
            handler.addFilter(SafeLogFilter())  # control characters escaped


def _emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def handle_errors(fn: Callable) -> Callable:
    """Turn BurtError into a clean message and an exit code; hide tracebacks unless --verbose."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        verbose = bool(ctx.find_object(Context) and ctx.find_object(Context).verbose)
        try:
            return fn(*args, **kwargs)
        except BurtError as exc:
            if verbose and exc.detail:
                click.echo(exc.detail, err=True)
            click.echo(f"Error [{exc.code}]: {exc.message}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Dibatalkan. / Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # the reader of the output went away (`burt search ... | head`): nothing failed
            with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
            ctx.exit(EXIT_PIPE)
        except Exception:  # the door: log with traceback, show the clerk a short notice
            if verbose:
                raise
            log.exception("unexpected error in burt %s", ctx.info_name)
            click.echo("Terjadi kesalahan internal; jalankan ulang dengan --verbose untuk rinciannya. / "
                       "Internal error; run again with --verbose for details.", err=True)
            ctx.exit(EXIT_ERROR)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), envvar=None, default=None,
              help="Data directory (default: $BURT_HOME or ./burt-data).")
@click.option("--verbose", "-v", is_flag=True, help="Log details and show tracebacks.")
@click.version_option(package_name="burt-archive")
@click.pass_context
def main(ctx: click.Context, home: str | None, verbose: bool) -> None:
    """burt — arsip dokumen BuRT (Buku Rumah Tangga), Dinas Perpustakaan Kabupaten Balangan."""
    _setup_logging(verbose)
    ctx.obj = Context(home, verbose, uses_home=ctx.invoked_subcommand != "ocr",
                      opens_archive=ctx.invoked_subcommand not in ("ocr", "import", "health"))


# --------------------------------------------------------------------------- ocr
@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see docs/cli.md).")
@click.option("--debug-dir", type=click.Path(file_okay=False), default=None,
              help="Write each cleanup stage's image here.")
@click.pass_obj
@handle_errors
def ocr(obj: Context, file: str, as_json: bool, debug_dir: str | None) -> None:
    """Run the full ingest pipeline on FILE without archiving it; print its text."""
    result = reading.ocr_file(obj.settings, file, debug_dir=debug_dir)
    if as_json:
        _emit_json(result.to_json())
    else:
        click.echo(result.text)


# ------------------------------------------------------------------------ ingest
def _collect(paths: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """The files to ingest, and the hidden files and folders skipped in the folders given
    (reported, not read); a file named explicitly is always taken."""
    files: list[Path] = []
    hidden: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            files.append(path)
            continue
        found: list[Path] = []
        for root, dirs, names in os.walk(path):
            for d in sorted(d for d in dirs if d.startswith(".")):
                hidden.append(Path(root) / d)
                dirs.remove(d)
            for name in names:
                f = Path(root) / name
                if name.startswith("."):
                    hidden.append(f)
                elif f.is_file() and not _is_sidecar(f):
                    found.append(f)
        files.extend(sorted(found))
    return files, sorted(hidden)


def _is_sidecar(path: Path) -> bool:
    """Ground-truth JSON, READMEs and hidden files beside samples are not documents."""
    name = path.name
    return name.startswith(".") or name.endswith((".json", ".md", ".py", ".txt", ".pyc"))


def _report_hidden(hidden: list[Path], as_json: bool) -> None:
    """Say which hidden files and folders a folder ingest skipped (status "skipped", reason "hidden")."""
    for path in hidden:
        if as_json:
            _emit_json({**IngestOutcome(file=str(path), status="skipped").to_json(), "reason": "hidden"})
        else:
            click.echo(f"DILEWATI  {path} (berkas tersembunyi / hidden file)", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document, printed as it finishes.")
@click.option("--queue", "queue_only", is_flag=True,
              help="Only queue the jobs (originals stored): `burt worker` (BURT_BROKER_URL) or `burt serve` runs them.")
@click.pass_obj
@handle_errors
def ingest(obj: Context, paths: tuple[str, ...], as_json: bool, queue_only: bool = False) -> None:
    """Archive files or folders (recursively); one line per document."""
    files, hidden = _collect(paths)
    _report_hidden(hidden, as_json)
    if not files:
        raise InputError("Tidak ada berkas untuk diarsipkan. / No files to ingest.", code="no_files")
    failed = 0
    show_bar = not as_json and sys.stderr.isatty()
    if queue_only:
        outcomes = service.queue_paths(obj.settings, files)
    else:
        outcomes = service.ingest_paths(obj.settings, files)
    bar = click.progressbar(length=len(files), label="Mengarsipkan", file=sys.stderr) if show_bar else None
    try:
        for outcome in outcomes:
            if outcome.status == "failed":
                failed += 1
            if as_json:
                _emit_json(outcome.to_json())
                sys.stdout.flush()
            else:
                _echo_outcome(outcome, bar)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.render_finish()
    if failed:
        sys.exit(EXIT_FAILED)


def _echo_outcome(outcome, bar) -> None:
    click.echo(_outcome_line(outcome))


def _outcome_line(outcome) -> str:
    if outcome.status == "failed":
        return f"GAGAL     {outcome.file}: {outcome.error}"
    if outcome.status == "duplicate":
        return f"DUPLIKAT  {outcome.file} -> {outcome.id}"
    if outcome.status == "queued":
        return f"ANTRE     {outcome.file} -> pekerjaan / job {outcome.job_id}"
    step = outcome.sop_step if outcome.sop_step is not None else "-"
    return f"OK        {outcome.file} -> {outcome.id}  [{outcome.doc_type or 'perlu ditinjau'}, tahap {step}]"


# ------------------------------------------------------------------------- watch
CONSUME_REASONS = {
    "hidden": "berkas tersembunyi / hidden file",
    "not_document": "bukan dokumen PDF, JPG, PNG atau TIFF / not a PDF, JPG, PNG or TIFF document",
    "folder": "sub-folder tidak dibaca / sub-folder not read",
    "not_file": "bukan berkas biasa / not a regular file",
    "growing": "masih ditulis / still being written",
    "open": "masih dibuka untuk ditulis / still open for writing",
    "empty": "berkas kosong, menunggu isinya / empty, waiting for its bytes",
    "gone": "hilang sebelum dipindah / vanished before it was moved",
    "changed": "berubah saat diarsipkan, diambil lagi / changed while archived, taken again",
    "not_moved": "tidak dapat dipindah / could not be moved",
}


@contextlib.contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and Ctrl-C set ``stop`` (the watch ends after the document in hand); a second
    Ctrl-C interrupts at once."""
    def handle(signum, _frame):
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--once", is_flag=True, help="Take what is in the folder now (once settled), then stop.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, printed as it is done (docs/cli.md).")
@click.pass_obj
@handle_errors
def watch(obj: Context, folder: str | None, once: bool, as_json: bool) -> None:
    """Watch a consume folder (default $BURT_CONSUME_DIR), e.g. a scanner's scan-to-folder:
    archive each document put in it, then move it to done/ or failed/ beside a note saying why."""
    failed = 0

    def on_event(event) -> None:
        nonlocal failed
        failed += event.status == "failed"
        if as_json:
            _emit_json(event.to_json())
            sys.stdout.flush()
        else:
            _echo_event(event)

    settings = obj.settings
    stop = threading.Event()
    if not once:
        click.echo(f"Mengawasi / watching {folder or settings.consume_dir or '-'} (Ctrl-C: berhenti / stop)", err=True)
    with _stop_on_signals(stop):
        service.watch_folder(settings, folder, once=once, stop=stop, on_event=on_event)
    if once and failed:
        sys.exit(EXIT_FAILED)


def _echo_event(event) -> None:
    outcome = event.outcome
    moved = f"  => {event.moved_to}" if event.moved_to else ""
    if event.status in ("skipped", "waiting"):
        label = "DILEWATI" if event.status == "skipped" else "MENUNGGU"
        line = f"{label:<9} {event.file} ({CONSUME_REASONS.get(event.reason, event.reason)})"
    elif event.status == "failed" and event.reason in ("retry", "parked"):
        label = "DICOBA LAGI" if event.reason == "retry" else "PERLU PERHATIAN"
        when = f" (lagi / again {outcome.next_attempt_at})" if outcome and outcome.next_attempt_at else ""
        line = f"{label} {event.file}: {outcome.error if outcome else ''}{when}  [berkas tetap di folder / file kept]"
    elif outcome is not None:
        line = _outcome_line(outcome) + moved
        if event.reason in CONSUME_REASONS:
            line += f" ({CONSUME_REASONS[event.reason]})"
    else:
        line = f"{event.status} {event.file}"
    click.echo(line)


# ------------------------------------------------------------------------ search
def _parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD: {value!r}",
                                 param_hint=name) from exc


@main.command()
@click.argument("query", required=False, default="")
@click.option("--step", type=click.IntRange(1, 99), default=None, help="SOP step (1-6).")
@click.option("--type", "doc_type", default=None, help="Document type id, e.g. nota_kesepahaman.")
@click.option("--partner", default=None, help="Partner (desa, sekolah, ...).")
@click.option("--from", "date_from", default=None, help="Earliest tanggal, YYYY-MM-DD.")
@click.option("--to", "date_to", default=None, help="Latest tanggal, YYYY-MM-DD.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--year", type=click.IntRange(1900, 2999), default=None,
              help="--type agenda: only this year of tanggal terima.")
@click.option("--month", type=click.IntRange(1, 12), default=None, help="--type agenda: only this month.")
@click.option("--register", type=click.Choice(("masuk", "keluar")), default=None,
              help="--type agenda: only incoming (masuk) or outgoing (keluar) mail.")
@click.option("--needs-review", is_flag=True, help="Only documents waiting for review (Perlu ditinjau).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def search(obj: Context, query: str, step, doc_type, partner, date_from, date_to, limit, page, sort, year, month,
           register, needs_review, as_json) -> None:
    """Search the archive (OCR-error tolerant, Indonesian-aware); --type agenda searches the buku agenda."""
    if doc_type == "agenda":
        _search_agenda(obj, query, partner, year, month, register, limit, page, as_json)
        return

    q = SearchQuery(q=query, step=step, doc_type=doc_type, partner=partner,
                    date_from=_parse_date(date_from, "--from"), date_to=_parse_date(date_to, "--to"),
                    needs_review=True if needs_review else None, limit=limit, page=page, sort=sort)
    result = service.search(obj.settings, q)
    if as_json:
        _emit_json(result.to_json())
        return
    click.echo(f"{result.total} dokumen / documents")
    for hit in result.hits:
        tanggal = hit.tanggal or "-"
        click.echo(f"{hit.id}  {tanggal}  {hit.doc_type or '-'}  {hit.title}")
        if hit.snippet:
            click.echo(f"    {_plain(hit.snippet)}")
    if getattr(result, "suggestion", None):
        click.echo(f"Mungkin maksud Anda / did you mean: {result.suggestion}")


def _search_agenda(obj: Context, query: str, partner, year, month, register, limit: int, page: int,
                   as_json: bool) -> None:
    """``burt search --type agenda``: register entries (both registers and legacy agenda-page rows)
    by words, nomor surat and asal/tujuan; with --json one JSON object per line (docs/cli.md)."""
    found = service.search_agenda(obj.settings, query, year=year, month=month, register=register,
                                     partner=partner, limit=limit, offset=(page - 1) * limit)
    if as_json:
        for e in found.entries:
            click.echo(json.dumps({"kind": "agenda", "total": found.total, **e.to_json()}, ensure_ascii=False))
        return
    click.echo(f"{found.total} baris agenda / agenda entries")
    for e in found.entries:
        where = f"  -> {e.document_id}" if e.document_id else ""
        source = f"  [hal. {e.source_page} baris {(e.source_row or 0) + 1} {e.source_doc_id}]" if e.source_doc_id else ""
        click.echo(f"{e.register:6} {e.number:>5}  {e.tanggal_terima or '-':10}  {e.nomor_surat or '-'}  "
                   f"{e.asal_tujuan or e.raw or '-'}  {e.perihal or ''}{where}{source}")


def _plain(snippet: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", snippet).replace("\n", " ")


# -------------------------------------------------------------------------- show
@main.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def show(obj: Context, doc_id: str, as_json: bool) -> None:
    """Show one document: metadata, classification and text."""
    doc = service.get_document(obj.settings, doc_id)
    data = doc.to_json()
    if as_json:
        _emit_json(data)
        return
    for key in ("id", "file", "doc_type", "sop_step"):
        click.echo(f"{key:>10}: {data.get(key)}")
    for key, value in (data.get("metadata") or {}).items():
        if value not in (None, "", []):
            click.echo(f"{key:>10}: {value}")
    click.echo("")
    click.echo(data.get("text", ""))


# ------------------------------------------------------------------------- audit
@main.command()
@click.option("--activity", "activity_id", default=None, help="Audit only this activity.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--strict", is_flag=True, help="Exit non-zero when any activity has findings.")
@click.option("--partner", default="", help="Only activities whose partner contains this text (any case).")
@click.option("--year", default="", help="Only activities of this year (the period's year).")
@click.option("--kecamatan", default="", help="Only activities in this kecamatan.")
@click.option("--result", type=click.Choice(("temuan", "bersih")), default=None,
              help="Only activities with findings (temuan) or without (bersih).")
@click.option("--rule", default="", help="Only activities with a finding of this rule (e.g. missing_evidence).")
@click.option("--export", "export_fmt", type=click.Choice(("pdf", "csv", "csv-id", "xlsx")), default=None,
              help="Write the (filtered) audit as a file for auditors instead of listing it; prints the path.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="File to write with --export (default: the export's own name in the current directory).")
@click.pass_obj
@handle_errors
def audit(obj: Context, activity_id: str | None, as_json: bool, strict: bool, partner: str, year: str,
          kecamatan: str, result: str | None, rule: str, export_fmt: str | None, out_path: str | None) -> None:
    """Check every BuRT activity against the SOP: evidence present, steps in order."""
    filters = service.audit_filters({"mitra": partner, "tahun": year, "kecamatan": kecamatan, "status": result,
                                     "aturan": rule})
    if year and not filters.tahun:
        raise click.BadParameter("give a year as four digits, e.g. 2024", param_hint="--year")
    if export_fmt:
        if activity_id is not None and not (activity_id.isdigit() and len(activity_id) <= 9):
            raise click.BadParameter("an activity id is a number", param_hint="--activity")
        out = service.export_audit(obj.settings, export_fmt, int(activity_id) if activity_id else None,
                                   filters=filters)
        path = Path(out_path or out.filename)
        path.write_bytes(out.data)
        click.echo(str(path))
        return
    report = service.filter_audit(service.audit(obj.settings, activity_id=activity_id), filters)
    data = report.to_json()
    if as_json:
        _emit_json(data)
    else:
        for act in data["activities"]:
            flag = "LENGKAP" if act["complete"] and act["in_order"] else "TEMUAN"
            click.echo(f"[{flag}] {act['id']}  {act['partner']}  {act.get('period') or ''}")
            for step in act["steps"]:
                click.echo(f"   tahap {step['step']}: {step['status']}  {', '.join(step['documents'])}")
                for finding in step.get("findings", []):
                    msg = finding["message"] if isinstance(finding, dict) else str(finding)
                    click.echo(f"      - {msg}")
    has_findings = any(step.get("findings") for act in data["activities"] for step in act["steps"])
    if strict and has_findings:
        sys.exit(EXIT_FAILED)


# ---------------------------------------------------------------------- agenda
@main.group()
def agenda() -> None:
    """The buku agenda: register of incoming (masuk) and outgoing (keluar) mail."""


def _agenda_filters(fn: Callable) -> Callable:
    for option in reversed((
            click.option("--year", type=int, default=None, help="Only this year."),
            click.option("--month", type=click.IntRange(1, 12), default=None, help="Only this month of tanggal terima."),
            click.option("--register", type=click.Choice(("masuk", "keluar")), default=None,
                         help="Only incoming (masuk) or outgoing (keluar) mail."),
            click.option("--text", default="", help="Words (or a nomor surat) every entry shown must contain."))):
        fn = option(fn)
    return fn


@agenda.command("list")
@_agenda_filters
@click.option("--limit", type=int, default=500, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see docs/cli.md).")
@click.pass_obj
@handle_errors
def agenda_list(obj: Context, year: int | None, month: int | None, register: str | None, text: str, limit: int,
                as_json: bool) -> None:
    """List register entries in ledger order."""
    found = service.agenda_list(obj.settings, year=year, month=month, register=register, text=text, limit=limit)
    if as_json:
        _emit_json(found.to_json())
        return
    for e in found.entries:
        flag = " [tinjau]" if e.needs_review else ""
        click.echo(f"{e.register:6} {e.year or '-':>4} {e.number:>5}  {e.tanggal_terima or '-':10}  "
                   f"{e.nomor_surat or '-'}  {e.asal_tujuan or e.raw or '-'}  {e.perihal or ''}"
                   f"{'  -> ' + e.document_id if e.document_id else ''}{flag}")
    click.echo(f"{len(found.entries)} dari {found.total} baris.", err=True)


@agenda.command("export")
@click.argument("fmt", type=click.Choice(("pdf", "csv", "xlsx")))
@_agenda_filters
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: the export's own name in the current directory).")
@click.pass_obj
@handle_errors
def agenda_export(obj: Context, fmt: str, year: int | None, month: int | None, register: str | None, text: str,
                  out_path: str | None) -> None:
    """Write the (filtered) register as a PDF ledger, CSV or XLSX; prints the file's path."""
    out = service.export_agenda(obj.settings, fmt, year=year, month=month, register=register, text=text)
    path = Path(out_path or out.filename)
    path.write_bytes(out.data)
    click.echo(str(path))


@agenda.command("rebuild")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def agenda_rebuild(obj: Context, as_json: bool) -> None:
    """Enter every archived letter and read every agenda page again (idempotent; hand edits kept)."""
    report = service.rebuild_agenda(obj.settings)
    if as_json:
        _emit_json(report.to_json())
    else:
        click.echo(f"{report.letters} surat tercatat, {report.rows} baris buku agenda lama, "
                   f"{report.linked} baris tertaut ke suratnya.")


# ---------------------------------------------------------------------- tables
@main.group()
def tables() -> None:
    """Tables as data: the rows of book lists, attendance lists and schedules."""


@tables.command("rebuild")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def tables_rebuild(obj: Context, as_json: bool) -> None:
    """Read the table of every book list, attendance list and schedule again (idempotent)."""
    rows = service.rebuild_tables(obj.settings)
    if as_json:
        _emit_json({"rows": rows})
    else:
        click.echo(f"{rows} baris tabel terbaca.")


# ------------------------------------------------------------------------ jobs
JOB_STATE_LABELS = {"queued": "antre", "running": "berjalan", "done": "selesai", "failed": "gagal",
                    "needs_attention": "perlu perhatian"}


@main.command()
@click.option("--failed", is_flag=True, help="Only jobs that failed, wait for a retry or need attention.")
@click.option("--retry", "retry_id", metavar="ID", help="Run a failed or parked job again now (its original is kept).")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def jobs(obj: Context, failed: bool, retry_id: str | None, limit: int, as_json: bool) -> None:
    """Ingest jobs: state, tries, whose fault and why (``perlu perhatian`` = retries used up)."""
    if retry_id:
        job = service.retry_job(obj.settings, retry_id)
        if as_json:
            _emit_json(job.to_json())
        else:
            _echo_job(job)
        if job.status != "done":
            sys.exit(EXIT_FAILED)
        return
    listed = service.list_jobs(obj.settings, failed=failed, limit=limit)
    queue = service.job_queue(obj.settings)
    if as_json:
        _emit_json({"jobs": [j.to_json() for j in listed], "queue": queue.to_json()})
        return
    for job in listed:
        _echo_job(job)
    _echo_queue(queue)


def _echo_queue(queue) -> None:
    """The queue at a glance, after the list: waiting, parked, and what runs now at which stage."""
    click.echo(f"antrean / queue: {queue.due} menunggu / due, {queue.waiting_retry} menunggu percobaan ulang / "
               f"waiting for a retry, {queue.needs_attention} perlu perhatian / need attention, "
               f"{len(queue.running)} berjalan / running")
    for r in queue.running:
        click.echo(f"  {r.id}  {r.stage:<12} {round(r.progress * 100):>3}%  {r.worker or '-'}  {r.filename}")
    if queue.workers:
        click.echo("per pekerja / per worker: " + ", ".join(f"{w} {n}" for w, n in queue.workers))
    if queue.broker is not None:
        click.echo("broker: " + ", ".join(f"{name} {n}" for name, n in queue.broker.items()))


def _echo_job(job) -> None:
    state = JOB_STATE_LABELS.get(job.status, job.status)
    if job.status == "queued" and job.next_attempt_at:
        state += f" (lagi {job.next_attempt_at})"
    line = f"{job.id}  {state:<16} percobaan {job.attempts}  {job.fault or '-':<7}  {job.filename}"
    if job.status != "done" and job.error_message:
        line += f"  [{job.error_code}] {job.error_message}"
    click.echo(line)


# ------------------------------------------------------------------------ health
HEALTH_LABELS = {"ok": "baik / ok", "warning": "peringatan / warning", "down": "MATI / DOWN"}


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def health(obj: Context, as_json: bool) -> None:
    """Check the database, search index, job runner, disk space and OCR tools (exit 1 when one is down)."""
    report = service.health(obj.settings)
    if as_json:
        _emit_json(report.to_json())
    else:
        click.echo(f"{HEALTH_LABELS[report.status]}  ({report.checked_at})")
        for part in report.parts:
            click.echo(f"  {part.name:<9} {HEALTH_LABELS[part.status]:<22} {part.message}")
    if report.status == "down":
        sys.exit(EXIT_FAILED)


# ------------------------------------------------------------- verify / reindex
@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def verify(obj: Context, as_json: bool) -> None:
    """Re-hash originals and derivatives; check database, files and index agree."""
    report = service.verify(obj.settings)
    if as_json:
        _emit_json(report.to_json())
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        sys.exit(EXIT_FAILED)


@main.command()
@click.pass_obj
@handle_errors
def reindex(obj: Context) -> None:
    """Rebuild the search index from the database alone."""
    count = service.reindex(obj.settings)
    click.echo(f"{count} dokumen diindeks ulang / documents reindexed")


# --------------------------------------------------------------- export/import
@main.command("export")
@click.argument("dest", type=click.Path(file_okay=False))
@click.pass_obj
@handle_errors
def export_cmd(obj: Context, dest: str) -> None:
    """Write the whole archive as a BagIt bag into DEST."""
    report = service.export_archive(obj.settings, Path(dest))
    click.echo(str(report))


@main.command("import")
@click.argument("src", type=click.Path(exists=True, file_okay=False))
@click.pass_obj
@handle_errors
def import_cmd(obj: Context, src: str) -> None:
    """Validate a BagIt bag made by `burt export` and restore it into an empty home."""
    report = service.import_archive(obj.settings, Path(src))
    click.echo(str(report))


# ------------------------------------------------------------------------- train
@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@handle_errors
def train(obj: Context, as_json: bool) -> None:
    """Retrain the classifier from the shipped data plus users' corrections."""
    report = service.train(obj.settings)
    if as_json:
        _emit_json(report.to_json())
    else:
        click.echo(str(report))


# ------------------------------------------------------------------------- users
@main.group()
def user() -> None:
    """Manage accounts."""


ROLES = ("pelaksana", "sekretaris", "kepala_dinas", "auditor", "admin")


def _read_password(password_file: str | None) -> str | None:
    if password_file is None:
        return None
    text = Path(password_file).read_text(encoding="utf-8").strip()
    if not text:
        raise InputError("Berkas kata sandi kosong. / The password file is empty.", code="empty_password")
    return text


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Read the password from this file (default: generate one and print it).")
@click.pass_obj
@handle_errors
def user_add(obj: Context, name: str, role: str, password_file: str | None) -> None:
    """Create a user; the last line printed is the user's API token."""
    password = _read_password(password_file)
    generated = password is None
    if generated:
        password = service.generate_password(name)
    created, token = service.add_user(obj.settings, name, role, password, by=_cli_actor())
    click.echo(f"Pengguna {created.name} ({created.role}) dibuat / user created")
    if generated:
        click.echo(f"Kata sandi / password: {password}")
    click.echo(token)


@user.command("token")
@click.argument("name")
@click.option("--new", "new", is_flag=True, help="Same as without it (kept for scripts): a new token is always issued.")
@click.pass_obj
@handle_errors
def user_token(obj: Context, name: str, new: bool) -> None:
    """Issue NAME a new API token and print it; the old token stops working.

    Tokens are stored only as hashes, so an existing token cannot be shown again."""
    click.echo(service.issue_token(obj.settings, name, new=new, by=_cli_actor()))


def _cli_actor() -> str:
    """Who acts from the command line, for the audit log: ``cli:<operating-system user>``."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):  # no passwd entry (containers)
        return f"cli:uid{os.getuid()}"


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of users.")
@click.pass_obj
@handle_errors
def user_list(obj: Context, as_json: bool) -> None:
    """List the users: name, role, active or disabled."""
    users = service.list_users(obj.settings)
    if as_json:
        _emit_json([u.to_json() for u in users])
        return
    for u in users:
        click.echo(f"{u.name}\t{u.role}\t{'aktif / active' if u.active else 'nonaktif / disabled'}")


@user.command("disable")
@click.argument("name")
@click.pass_obj
@handle_errors
def user_disable(obj: Context, name: str) -> None:
    """Disable NAME: no login, no API token, every open session ends (audited)."""
    service.set_user_active(obj.settings, name, False, by=_cli_actor())
    click.echo(f"Pengguna {name} dinonaktifkan / user disabled")


@user.command("enable")
@click.argument("name")
@click.pass_obj
@handle_errors
def user_enable(obj: Context, name: str) -> None:
    """Enable NAME again (audited)."""
    service.set_user_active(obj.settings, name, True, by=_cli_actor())
    click.echo(f"Pengguna {name} diaktifkan / user enabled")


@user.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_obj
@handle_errors
def user_set_role(obj: Context, name: str, role: str) -> None:
    """Give NAME the role ROLE; their open sessions end (audited)."""
    changed = service.set_user_role(obj.settings, name, role, by=_cli_actor())
    click.echo(f"Pengguna {changed.name} sekarang / is now {changed.role}")


@user.command("reset-password")
@click.argument("name")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Read the new password from this file (default: generate one and print it).")
@click.pass_obj
@handle_errors
def user_reset_password(obj: Context, name: str, password_file: str | None) -> None:
    """Give NAME a new password (generated and printed unless --password-file); their sessions end."""
    password = _read_password(password_file)
    _user, used = service.reset_password(obj.settings, name, password, by=_cli_actor())
    click.echo(f"Kata sandi {name} diganti / password replaced")
    if password is None:
        click.echo(f"Kata sandi / password: {used}")


# ------------------------------------------------------------------------ worker
@main.command()
@click.option("--concurrency", "-c", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: $BURT_WORKERS, one per core); a worker of the index queue has one.")
@click.option("--queues", "-Q", default=None, metavar="LIST",
              help="Comma-separated queues: interactive, ocr, index (default: interactive,ocr).")
@click.pass_obj
@handle_errors
def worker(obj: Context, concurrency: int | None, queues: str | None) -> None:
    """Run ingest jobs from the Celery broker (BURT_BROKER_URL) until SIGTERM or Ctrl-C."""
    chosen = service.worker_queues(queues)
    service.run_worker(obj.settings, concurrency=concurrency or obj.settings.workers, queues=chosen)


# ------------------------------------------------------------------ serve / demo
@main.command()
@click.option("--host", default=None, help="Listen address (default: $BURT_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: $BURT_PORT or 5000).")
@click.pass_obj
@handle_errors
def serve(obj: Context, host: str | None, port: int | None) -> None:
    """Serve the web UI and JSON API with a production WSGI server."""
    settings = obj.settings
    host = host or settings.host
    port = port or settings.port
    click.echo(f"burt-archive: http://{host}:{port}/", err=True)
    web_app.serve(settings, host=host, port=port)


DEMO_USER = "admin"


def _demo_login(obj: Context) -> tuple[str, str]:
    """Create the demo admin once; keep its password in the data dir (mode 600) to print it again."""
    settings = obj.settings
    settings.ensure_dirs()
    secret = settings.home / "demo-login.txt"
    if secret.exists():
        password = secret.read_text(encoding="utf-8").strip()
        if any(u.name == DEMO_USER for u in service.list_users(settings)):
            return DEMO_USER, password
    password = service.generate_password(DEMO_USER)
    service.add_user(settings, DEMO_USER, "admin", password)
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    return DEMO_USER, password


@main.command()
@click.option("--samples", "samples_dir", type=click.Path(exists=True, file_okay=False), default="samples",
              show_default=True, help="Folder of documents to ingest.")
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
@click.option("--no-serve", is_flag=True, help="Ingest and create the login, then stop.")
@click.pass_obj
@handle_errors
def demo(obj: Context, samples_dir: str, host: str | None, port: int | None, no_serve: bool) -> None:
    """Ingest the samples into the data directory, create a demo login and serve the UI."""
    settings = obj.settings
    files, _hidden = _collect((samples_dir,))
    click.echo(f"Mengarsipkan {len(files)} berkas dari {samples_dir} ke {settings.home} ...", err=True)
    counts = {"ingested": 0, "duplicate": 0, "failed": 0}
    for outcome in service.ingest_paths(settings, files):
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        _echo_outcome(outcome, None)
    click.echo(f"Selesai: {counts['ingested']} baru, {counts['duplicate']} sudah ada, {counts['failed']} gagal.",
               err=True)
    name, password = _demo_login(obj)
    host = host or settings.host
    port = port or settings.port
    click.echo(f"Buka / open: http://{host}:{port}/   login: {name} / {password}")
    if no_serve:
        return
    web_app.serve(settings, host=host, port=port)


if __name__ == "__main__":  # pragma: no cover
    main()
