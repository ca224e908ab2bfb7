"""Shared pieces of the live benchmarks (bench/load.py, bench/faults.py): a real ``burt serve`` in a
process of its own on a free 127.0.0.1 port, the ``burt`` CLI, small real page images to upload, HTTP
calls with a token, memory of a process tree and the load average.

Nothing here is a stand-in: the server is the product's ``burt serve`` entry point, users and tokens
come from ``burt user add``, and uploads go through ``POST /api/documents`` and the real OCR pipeline.
"""
from __future__ import annotations

import http.client
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BURT = [sys.executable, "-m", "web.cli"] if not (Path(sys.executable).parent / "burt").exists() \
    else [str(Path(sys.executable).parent / "burt")]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def loadavg() -> str:
    """``uptime``'s three load averages (the machine is shared: every figure is recorded beside it)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env.update({"BURT_HOME": str(home), "OMP_THREAD_LIMIT": "1", "PYTHONPATH": str(ROOT)})
    env.update(extra or {})
    return env


def burt(home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600,
         check: bool = True) -> subprocess.CompletedProcess:
    """One run of the real ``burt`` CLI on ``home``."""
    proc = subprocess.run([*BURT, "--home", str(home), *args], cwd=ROOT, env=env or base_env(home),
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise RuntimeError(f"burt {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


def add_user(home: Path, name: str, role: str, env: dict[str, str] | None = None) -> str:
    """``burt user add NAME --role ROLE``; returns the API token (the last line it prints)."""
    return burt(home, "user", "add", name, "--role", role, env=env).stdout.strip().splitlines()[-1].strip()


def verify(home: Path, env: dict[str, str] | None = None) -> dict:
    """``burt verify --json``: ``{"ok", "documents", "problems": [text...]}`` (ok False when it could not run)."""
    proc = burt(home, "verify", "--json", env=env, check=False)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"ok": False, "documents": None,
                "problems": [f"exit {proc.returncode}: {(proc.stdout + proc.stderr).strip()[-300:]}"]}
    problems = [p if isinstance(p, str) else json.dumps(p, ensure_ascii=False) for p in data.get("problems", [])]
    return {"ok": bool(data.get("ok")) and proc.returncode == 0, "documents": data.get("documents"),
            "problems": problems}


class Server:
    """``burt serve --host 127.0.0.1 --port P`` on ``home``; its output goes to ``home/serve.out``."""

    def __init__(self, home: Path, env: dict[str, str] | None = None, port: int | None = None):
        self.home = home
        self.env = env or base_env(home)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.out_path = home.parent / f"{home.name}-serve.out"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> "Server":
        out = open(self.out_path, "ab")
        self.proc = subprocess.Popen([*BURT, "--home", str(self.home), "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port)], cwd=ROOT, env=self.env, stdout=out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"burt serve exited {self.proc.returncode}: {self.log_tail()}")
            try:
                status, _ = request(self.port, "GET", "/api/health", timeout=3)
                if status in (200, 503):
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"burt serve did not answer in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.out_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def kill9(self) -> None:
        """``kill -9`` of the server's whole process group (the server and its OCR workers)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        """SIGTERM (waitress and the job runner stop), then SIGKILL after 20 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.kill9()
        try:  # OCR workers left behind by a stopped server would skew the next figures
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def request(port: int, method: str, path: str, *, token: str | None = None, body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 60,
            conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    """One HTTP request to 127.0.0.1:port; ``(status, body)``. With ``conn`` the connection is reused."""
    own = conn is None
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Token {token}"
    try:
        c.request(method, path, body=body, headers=h)
        resp = c.getresponse()
        return resp.status, resp.read()
    finally:
        if own:
            c.close()


def multipart(filename: str, data: bytes, content_type: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(port: int, token: str, filename: str, data: bytes, content_type: str = "image/png",
           conn: http.client.HTTPConnection | None = None, timeout: float = 120) -> tuple[int, dict]:
    body, ctype = multipart(filename, data, content_type)
    status, raw = request(port, "POST", "/api/documents", token=token, body=body,
                          headers={"Content-Type": ctype}, conn=conn, timeout=timeout)
    try:
        return status, json.loads(raw)
    except json.JSONDecodeError:
        return status, {"raw": raw[:200].decode(errors="replace")}


def job(port: int, token: str, job_id: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, dict]:
    status, raw = request(port, "GET", f"/api/jobs/{job_id}", token=token, conn=conn, timeout=30)
    try:
        return status, json.loads(raw)
    except json.JSONDecodeError:
        return status, {}


TOPIC_LINES = (
    ("Undangan Rapat Koordinasi", "rapat koordinasi pengelolaan arsip dinamis"),
    ("Permohonan Data Perpustakaan", "permohonan data jumlah koleksi perpustakaan desa"),
    ("Laporan Kegiatan Pembinaan", "laporan kegiatan pembinaan perpustakaan sekolah"),
    ("Surat Tugas Pendampingan", "surat tugas pendampingan penataan arsip kecamatan"),
    ("Nota Dinas Pengadaan Buku", "nota dinas pengadaan buku bacaan masyarakat"),
)
PARTNERS = ("Kecamatan Paringin", "Kecamatan Juai", "SMA Negeri 1 Paringin", "Dinas Pendidikan",
            "Desa Batu Piring", "Kecamatan Halong", "Bappeda Balangan")


def page_png(seed: int, width: int = 1240, height: int = 900) -> tuple[bytes, str]:
    """A small real letter page (PNG, 150 dpi-ish text) unique to ``seed``; ``(bytes, its nomor)``."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(seed)
    title, body = rnd.choice(TOPIC_LINES)
    partner = rnd.choice(PARTNERS)
    nomor = f"045/{seed % 1000000:06d}/DISPERSIP/2025"
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    big, small = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 28)
    lines = [("PEMERINTAH KABUPATEN BALANGAN", big), ("DINAS PERPUSTAKAAN DAN KEARSIPAN", big),
             (f"Nomor : {nomor}", small), (f"Hal : {title}", small), (f"Kepada Yth. Camat {partner}", small),
             (f"Dengan hormat, bersama ini kami sampaikan {body}.", small),
             (f"Paringin, {rnd.randint(1, 28)} Mei 2025 kode {seed}", small)]
    y = 60
    for text, font in lines:
        draw.text((70, y), text, fill=0, font=font)
        y += 110
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(150, 150))
    return buf.getvalue(), nomor


@dataclass
class Memory:
    t: float
    rss_mb: float
    pss_mb: float
    procs: int
    load: str


def tree(pid: int) -> list[int]:
    """``pid`` and every descendant (from /proc's parent links)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, []))
    return out


def memory(pid: int, t0: float) -> Memory:
    """RSS and PSS (MB) summed over ``pid`` and its children, from /proc/PID/smaps_rollup."""
    rss = pss = 0
    procs = 0
    for p in tree(pid):
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        procs += 1
        for line in text.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return Memory(round(time.monotonic() - t0, 1), round(rss / 1024, 1), round(pss / 1024, 1), procs, loadavg())


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1)
