"""The error catalogue: every code the product can report is documented in docs/cli.md with its
fault and HTTP status, unexpected exceptions are never the file's fault, and a missing project
module fails at import instead of being papered over."""
from __future__ import annotations

import ast
import errno
import importlib
import pkgutil
import re
import shutil
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

import archive
import ingest
import web
from ingest.errors import BurtError, Fault, as_burt_error

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "archive", "web")
ROW = re.compile(r"^\| `([a-z_]+)` \| (file|machine) \| (\d{3}|4xx) \| .+\|$", re.M)


def _all_error_classes() -> list[type[BurtError]]:
    for pkg in (ingest, archive, web):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if ".migrations" not in info.name:
                importlib.import_module(info.name)
    found, todo = [], [BurtError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "migrations" not in p.parts)


def _raised_with_code(classes: dict[str, type[BurtError]]) -> dict[str, tuple[str, int]]:
    """Codes given at a raise site (``SomeError("…", code="x", fault=…, http_status=…)``)."""
    out: dict[str, tuple[str, int]] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if "code" not in kw or name not in classes or not isinstance(kw["code"], ast.Constant):
                continue
            cls = classes[name]
            fault = cls.fault
            if "fault" in kw:
                fault = Fault[kw["fault"].attr] if isinstance(kw["fault"], ast.Attribute) else Fault(kw["fault"].value)
            status = kw["http_status"].value if "http_status" in kw else cls.http_status
            out[kw["code"].value] = (str(fault), status)
    return out


def catalogue() -> dict[str, tuple[str, int]]:
    classes = _all_error_classes()
    codes = {c.code: (str(c.fault), c.http_status) for c in classes}
    codes.update(_raised_with_code({c.__name__: c for c in classes}))
    return codes


def documented() -> dict[str, tuple[str, str]]:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Error codes"):]
    return {code: (fault, status) for code, fault, status in ROW.findall(section)}


def test_every_error_code_is_documented_with_its_fault_and_status():
    docs = documented()
    codes = catalogue()
    assert len(codes) > 30
    missing = sorted(set(codes) - set(docs))
    assert not missing, f"codes missing from docs/cli.md 'Error codes': {missing}"
    wrong = {c: (codes[c], docs[c]) for c in codes if (codes[c][0], str(codes[c][1])) != docs[c]}
    assert not wrong, f"fault/HTTP status differ from the docs: {wrong}"


def test_the_web_doors_own_codes_are_documented():
    from web.errors import DOOR_CODES

    docs = documented()
    assert set(DOOR_CODES) <= set(docs), sorted(set(DOOR_CODES) - set(docs))


def test_no_stale_rows_in_the_docs():
    from web.errors import DOOR_CODES

    assert set(documented()) <= set(catalogue()) | set(DOOR_CODES)


def test_file_faults_are_4xx_and_machine_faults_5xx():
    for code, (fault, status) in catalogue().items():
        assert (400 <= status < 500) == (fault == "file"), (code, fault, status)


@pytest.mark.parametrize("exc,code", [
    (MemoryError(), "out_of_memory"),
    (BrokenProcessPool("A process in the process pool was terminated abruptly"), "worker_crashed"),
    (OSError(errno.ENOSPC, "No space left on device"), "disk_full"),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), "disk_full"),
    (PermissionError(errno.EACCES, "Permission denied"), "permission_denied"),
    (OSError(errno.EROFS, "Read-only file system"), "permission_denied"),
    (TimeoutError("took too long"), "processing_timeout"),
    (ValueError("a bug"), "processing_failed"),
    (KeyError("a bug"), "processing_failed"),
    (FileNotFoundError(errno.ENOENT, "No such file", "pdftoppm"), "processing_failed"),
    (AssertionError("cv2 (-215:Assertion failed)"), "processing_failed"),
])
def test_unexpected_exceptions_are_the_machines_fault(exc, code):
    error = as_burt_error(exc)
    assert (error.code, error.fault, error.retryable) == (code, Fault.MACHINE, True)
    assert error.http_status >= 500 and " / " in error.message


def test_a_missing_pdf_reader_is_the_machines_fault_not_the_files(tmp_path, monkeypatch):
    """Real poppler call with a PATH that has no poppler: it used to be ``unsupported_file``."""
    from PIL import Image

    from ingest.errors import PdfReaderUnavailableError
    from ingest.load import open_source
    from ingest.options import IngestOptions

    pdf = tmp_path / "surat.pdf"
    Image.new("L", (200, 280), 255).save(pdf)
    assert open_source(pdf, IngestOptions()).page_count == 1  # readable with poppler
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    assert shutil.which("pdfinfo") is None
    with pytest.raises(PdfReaderUnavailableError) as err:
        open_source(pdf, IngestOptions())
    assert (err.value.code, err.value.fault) == ("pdf_reader_unavailable", Fault.MACHINE)


def _imports_project_module(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.ImportFrom) and (sub.level > 0 or (sub.module or "").split(".")[0] in PACKAGES):
            return True
        if isinstance(sub, ast.Import) and any(a.name.split(".")[0] in PACKAGES for a in sub.names):
            return True
    return False


def test_project_modules_have_no_import_fallbacks():
    """A missing project module fails at import; no ``except ImportError`` around our own imports."""
    offenders = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
            if any("ImportError" in c or "ModuleNotFoundError" in c for c in catches) and \
                    any(_imports_project_module(stmt) for stmt in node.body):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders


def test_production_code_has_no_crash_switch():
    """The crash tests patch ``archive.jobs.crash_point`` from their own runner; nothing in the
    product reads a variable that makes it kill itself."""
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        assert "BURT_TEST_CRASH_AT" not in text and "SIGKILL" not in text, path
