"""The `burt` command contract: names, help, clean errors (docs/cli.md)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BURT = [sys.executable, "-m", "web.cli"]
COMMANDS = ("ocr", "ingest", "search", "show", "audit", "verify", "reindex", "export", "import",
            "user", "serve", "demo", "train")


def run(args, home, **kw):
    return subprocess.run(BURT + ["--home", str(home)] + list(args), capture_output=True, text=True,
                          cwd=ROOT, timeout=kw.pop("timeout", 300), **kw)


def test_help_lists_every_command(tmp_path):
    out = run(["--help"], tmp_path)
    assert out.returncode == 0
    for name in COMMANDS:
        assert f"  {name}" in out.stdout, name


def test_docs_describe_every_command():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"`burt {name}" in doc, name


@pytest.mark.parametrize("content,name,code", [
    (b"", "kosong.pdf", "empty_file"),
    (b"<html><body>not a pdf</body></html>", "surat.pdf", "unsupported_file"),
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "terpotong.pdf", "corrupt_file"),
])
def test_ocr_bad_input_is_a_clean_error(tmp_path, content, name, code):
    bad = tmp_path / name
    bad.write_bytes(content)
    home = tmp_path / "home"
    out = run(["ocr", str(bad)], home)
    assert out.returncode == 2
    assert f"Error [{code}]" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (home / "originals").exists() or not any((home / "originals").rglob("*.*"))


def test_ingest_missing_and_failed_files_exit_nonzero(tmp_path):
    bad = tmp_path / "rusak.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    out = run(["ingest", "--json", str(bad)], tmp_path / "home")
    assert out.returncode == 1
    line = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(line) >= {"id", "file", "sha256", "status", "error", "doc_type", "sop_step"}
    assert line["status"] == "failed" and line["error"]
    assert line["error_code"] == "corrupt_file"
