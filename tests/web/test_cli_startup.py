"""What ``burt`` imports before it works (issue 13): a one-shot ``burt ocr`` reads the file without
importing the database, the search index, Celery or the Flask app, and ``burt --help`` imports
none of them nor the reading; the archive's commands still load ``archive.service`` (and not Flask).

Each case runs in a fresh interpreter, so ``sys.modules`` shows what that command path imported."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from letter_image import render_letter

from web.deferred import DeferredModule
from web.logs import SafeLogFilter

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE_AND_APP = ("flask", "flask_login", "flask_wtf", "waitress", "sqlalchemy", "whoosh", "celery",
                   "archive.service", "archive.db", "archive.search", "web.app")
READING = ("archive.reading", "ingest.pipeline", "cv2", "pytesseract")
# what only a damaged PDF's diagnosis (pypdf) and a searchable PDF (ReportLab) need: not a one-shot `burt ocr`
WRITING = ("pypdf", "reportlab")

# Runs `burt ARGS...` in this process, then writes what was imported as the last line of stderr.
SCRIPT = """
import json, sys
from web.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
names = {names!r}
sys.stderr.write("\\n" + json.dumps({{"code": code, "loaded": sorted(n for n in names if n in sys.modules)}}) + "\\n")
"""


def _burt(args: list[str], cwd: Path) -> tuple[dict, subprocess.CompletedProcess]:
    code = SCRIPT.format(names=ARCHIVE_AND_APP + READING + WRITING)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=300)
    report = json.loads(out.stderr.strip().splitlines()[-1])
    return report, out


def test_importing_the_cli_imports_neither_the_archive_nor_the_reading(tmp_path):
    code = f"import sys, web.cli; print([n for n in {ARCHIVE_AND_APP + READING!r} if n in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_help_and_version_import_nothing_heavy(tmp_path):
    report, out = _burt(["--help"], tmp_path)
    assert report == {"code": 0, "loaded": []}
    for name in ("ocr", "ingest", "search", "serve", "worker", "agenda"):
        assert f"  {name}" in out.stdout
    report, out = _burt(["--version"], tmp_path)
    assert report == {"code": 0, "loaded": []}
    assert "version" in out.stdout


def test_one_shot_ocr_reads_a_page_without_the_archive(tmp_path):
    letter = render_letter(tmp_path / "surat.png")
    home = tmp_path / "rumah"
    report, out = _burt(["--home", str(home), "ocr", str(letter), "--json"], tmp_path)
    assert report["code"] == 0, out.stderr
    assert not set(report["loaded"]) & set(ARCHIVE_AND_APP)
    assert not set(report["loaded"]) & set(WRITING)
    assert {"archive.reading", "ingest.pipeline"} <= set(report["loaded"])
    result = json.loads(out.stdout)
    assert set(result) >= {"file", "pages", "text", "doc_type", "sop_step", "metadata", "timings_ms"}
    assert "Perpustakaan" in result["text"] and len(result["pages"]) == 1
    assert result["metadata"]["nomor"] == "045.2/117/DISPERPUS/2024"
    assert not home.exists()  # `burt ocr` makes no data directory


def test_an_archive_command_loads_the_service_but_not_the_web_app(tmp_path):
    report, out = _burt(["--home", str(tmp_path / "rumah"), "search", "perpustakaan", "--json"], tmp_path)
    assert report["code"] == 0, out.stderr
    assert json.loads(out.stdout)["total"] == 0
    assert {"archive.service", "sqlalchemy", "whoosh"} <= set(report["loaded"])
    assert not {"flask", "waitress", "web.app"} & set(report["loaded"])


def test_a_deferred_module_is_the_module_once_used():
    deferred = DeferredModule("web.logs")
    assert deferred.escape_control("a\nb") == "a\\nb"
    assert repr(deferred) == "<deferred module 'web.logs'>"


def test_the_log_filter_names_a_client_only_when_told_one():
    record = logging.LogRecord("burt", logging.WARNING, __file__, 1, "baris %s", ("satu\rdua",), None)
    assert SafeLogFilter().filter(record) and record.client == "-" and record.msg == "baris satu\\rdua"
    record = logging.LogRecord("burt", logging.WARNING, __file__, 1, "baris", None, None)
    assert SafeLogFilter(lambda: "10.0.0.7\n").filter(record) and record.client == "10.0.0.7\\n"
