"""The consume folder from the outside (issue 16, "ways in"): ``burt watch`` and ``burt serve`` with
``BURT_CONSUME_DIR`` as subprocesses, with the real pipeline (Tesseract), SQLite and Whoosh, on
generated letters; and ``burt ingest DIR`` reporting the hidden files it skips."""
from __future__ import annotations

import hashlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BURT = [sys.executable, "-m", "web.cli"]
sys.path.insert(0, str(ROOT / "tests" / "web"))
from letter_image import LETTER_LINES, render_letter  # noqa: E402

CORRUPT_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env.update(BURT_WORKERS="1", OMP_THREAD_LIMIT="1", **extra)
    return env


def run(args, home, env=None, timeout=600):
    return subprocess.run(BURT + ["--home", str(home)] + list(args), capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env=env or _env())


def _lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _by_name(lines: list[dict]) -> dict[str, dict]:
    return {Path(line["file"]).name: line for line in lines}


# ------------------------------------------------------------------------- fast: the contract

def test_watch_is_listed_and_documented(tmp_path):
    out = run(["--help"], tmp_path / "home")
    assert "  watch" in out.stdout
    help_text = run(["watch", "--help"], tmp_path / "home").stdout
    assert "--once" in help_text and "--json" in help_text
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "`burt watch" in doc
    for key in ("reason", "moved_to", "note", "skipped", "waiting", "not_document", "hidden", "growing", "open",
                "retry", "parked", "refused"):
        assert f"`{key}`" in doc, key


def test_watch_without_a_folder_is_a_clean_error(tmp_path):
    out = run(["watch", "--once"], tmp_path / "home")
    assert out.returncode == 2 and "Error [consume_folder_missing]" in out.stderr and "Traceback" not in out.stderr
    out = run(["watch", "--once", str(tmp_path / "tidak-ada")], tmp_path / "home")
    assert out.returncode == 2 and "consume_folder_missing" in out.stderr


def test_folder_ingest_reports_the_hidden_files_it_skips(tmp_path):
    src = tmp_path / "masuk"
    (src / ".git").mkdir(parents=True)
    (src / ".git" / "objek.pdf").write_bytes(CORRUPT_PDF)
    (src / ".scan-sementara.pdf").write_bytes(CORRUPT_PDF)
    (src / "rusak.pdf").write_bytes(CORRUPT_PDF)
    out = run(["ingest", "--json", str(src)], tmp_path / "home")
    assert out.returncode == 1, out.stderr
    lines = _lines(out.stdout)
    skipped = [(Path(line["file"]).name, line["reason"]) for line in lines if line["status"] == "skipped"]
    assert skipped == [(".git", "hidden"), (".scan-sementara.pdf", "hidden")]
    assert all(set(line) >= {"id", "file", "sha256", "status", "error", "error_code", "doc_type", "sop_step",
                             "fault", "job", "next_attempt_at"} for line in lines)
    [failed] = [line for line in lines if line["status"] == "failed"]
    assert Path(failed["file"]).name == "rusak.pdf" and failed["error_code"] == "corrupt_file"
    assert not any("objek.pdf" in line["file"] for line in lines)  # nothing read inside a hidden folder

    text = run(["ingest", str(src)], tmp_path / "home2")
    assert f"DILEWATI  {src / '.scan-sementara.pdf'}" in text.stderr and "hidden file" in text.stderr
    assert ".scan-sementara" not in text.stdout


# ------------------------------------------------------------------------- slow: the real pipeline

@pytest.fixture(scope="module")
def letter(tmp_path_factory) -> bytes:
    return render_letter(tmp_path_factory.mktemp("letter") / "surat.png", width=1000).read_bytes()


@pytest.mark.slow
def test_watch_once_archives_refuses_skips_and_spots_a_duplicate(tmp_path, letter):
    home, scan = tmp_path / "home", tmp_path / "scan"
    scan.mkdir()
    (scan / "surat.png").write_bytes(letter)
    (scan / "rusak.pdf").write_bytes(CORRUPT_PDF)
    (scan / "catatan.docx").write_bytes(b"PK\x03\x04 bukan pindaian")
    (scan / ".pindaian.pdf").write_bytes(letter)
    env = _env(BURT_CONSUME_SETTLE_SECONDS="0.5")
    out = run(["watch", "--once", "--json", str(scan)], home, env=env)
    assert out.returncode == 1, out.stderr  # a file failed
    lines = _by_name(_lines(out.stdout))
    assert set(lines) == {"surat.png", "rusak.pdf", "catatan.docx", ".pindaian.pdf"}

    good = lines["surat.png"]
    assert good["status"] == "ingested" and good["id"] and good["doc_type"] == "undangan_sosialisasi"
    assert good["moved_to"] == str(scan / "done" / "surat.png") and (scan / "done" / "surat.png").read_bytes() == letter
    note = (scan / "done" / "surat.png.txt").read_text(encoding="utf-8")
    assert f"Diarsipkan sebagai dokumen {good['id']}" in note
    hits = json.loads(run(["search", "--json", "Batu Piring"], home).stdout)["hits"]
    assert good["id"] in [h["id"] for h in hits]

    bad = lines["rusak.pdf"]
    assert (bad["status"], bad["reason"], bad["fault"], bad["error_code"]) == ("failed", "refused", "file",
                                                                               "corrupt_file")
    refused = (scan / "failed" / "rusak.pdf.txt").read_text(encoding="utf-8")
    assert "Ditolak:" in refused and "Kesalahan berkas" in refused and "corrupt_file" in refused
    assert (scan / "failed" / "rusak.pdf").read_bytes() == CORRUPT_PDF

    assert (lines["catatan.docx"]["status"], lines["catatan.docx"]["reason"]) == ("skipped", "not_document")
    assert (lines[".pindaian.pdf"]["status"], lines[".pindaian.pdf"]["reason"]) == ("skipped", "hidden")
    assert (scan / "catatan.docx").exists() and (scan / ".pindaian.pdf").exists()

    (scan / "surat.png").write_bytes(letter)  # scanned again under the same name
    again = run(["watch", "--once", str(scan)], home, env=env)
    assert again.returncode == 0, again.stderr
    assert f"DUPLIKAT  {scan / 'surat.png'} -> {good['id']}  => {scan / 'done' / 'surat-1.png'}" in again.stdout
    assert "duplikat" in (scan / "done" / "surat-1.png.txt").read_text(encoding="utf-8").lower()
    assert (scan / "done" / "surat.png").read_bytes() == letter and (scan / "done" / "surat.png.txt").read_text() == note
    verify = run(["verify"], home)
    assert verify.returncode == 0, verify.stdout


class _Lines:
    """A subprocess's stdout lines, read on a thread, each with the time it came."""

    def __init__(self, proc: subprocess.Popen):
        self.queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()

    def _read(self, proc):
        for line in proc.stdout:
            self.queue.put((time.monotonic(), line))

    def next(self, timeout: float) -> tuple[float, dict]:
        at, line = self.queue.get(timeout=timeout)
        return at, json.loads(line)


@pytest.mark.slow
def test_watch_takes_a_growing_scan_only_once_it_is_whole(tmp_path, letter):
    home, scan = tmp_path / "home", tmp_path / "scan"
    scan.mkdir()
    proc = subprocess.Popen(BURT + ["--home", str(home), "watch", "--json", str(scan)], cwd=ROOT, text=True,
                            env=_env(), stdout=subprocess.PIPE,  # the default settle time, 2 s
                            stderr=subprocess.PIPE)
    try:
        lines = _Lines(proc)
        time.sleep(1.0)
        chunks = [letter[i:i + len(letter) // 8 + 1] for i in range(0, len(letter), len(letter) // 8 + 1)]
        with open(scan / "pindai.png", "wb") as fh:  # a scanner writing over the network, slowly
            for chunk in chunks:
                fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
                time.sleep(0.4)  # never still for the settle time
        whole_at = time.monotonic()
        at, line = lines.next(timeout=300)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert len(chunks) >= 8 and at > whole_at
    assert line["status"] == "ingested", line  # a partial PNG would have been refused as corrupt
    assert line["sha256"] == hashlib.sha256(letter).hexdigest()
    assert (scan / "done" / "pindai.png").read_bytes() == letter


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ctrl_c_reaches_it() -> None:
    """In the child before it runs: Ctrl-C (SIGINT) stops it even when this test run was started as a background
    command of a shell without job control, which starts it with SIGINT ignored, an ignore its children inherit
    (the server then never stops, and the test waited out its timeout)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_serve_watches_the_consume_folder(tmp_path, letter):
    home, scan = tmp_path / "home", tmp_path / "scan"
    scan.mkdir()
    env = _env(BURT_CONSUME_DIR=str(scan), BURT_CONSUME_SETTLE_SECONDS="0.5")
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen(BURT + ["--home", str(home), "serve", "--port", str(_free_port())], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, preexec_fn=_ctrl_c_reaches_it)
    try:
        (scan / "catatan.txt").write_text("bukan dokumen")
        (scan / "surat-serve.png").write_bytes(letter)
        note = scan / "done" / "surat-serve.png.txt"
        deadline = time.monotonic() + 300
        while not note.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
        time.sleep(0.2)
        assert note.exists(), (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        log.close()
    text = note.read_text(encoding="utf-8")
    doc_id = text.split("dokumen ", 1)[1].split(".", 1)[0]
    hits = json.loads(run(["search", "--json", " ".join(LETTER_LINES[8].split()[-2:])], home).stdout)["hits"]
    assert doc_id in [h["id"] for h in hits]
    assert (scan / "catatan.txt").exists()
    server_log = (home / "logs" / "web.log").read_text(errors="replace")
    assert "catatan.txt skipped (not_document)" in server_log and "surat-serve.png ingested" in server_log
