"""The API and the CLI speak the same JSON: ``GET /api/search`` on the real server equals
``burt search --json`` on the same data directory, and an API upload shows up in both."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from e2e_server import ROOT, server_env  # noqa: E402
from web_helpers import jpeg_bytes  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _api(server, token: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(server.url + path, data=body, method=method,
                                 headers={"Authorization": f"Token {token}", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_api_search_equals_cli_search(server, web_home):
    from archive import service
    from archive.settings import load_settings

    _user, token = service.add_user(load_settings(home=web_home, environ={}), "skrip", "pelaksana")
    lines = ("PEMERINTAH KABUPATEN BALANGAN", "", "Hal : Surat Permintaan Peminjaman Koleksi",
             "", "Kepada Yth. Kepala SDN Paringin 1", "", "peminjaman kolektif buku bacaan")
    body, ctype = _multipart("peminjaman.jpg", jpeg_bytes(width=900, lines=lines))
    status, answer = _api(server, token, "POST", "/api/documents", body, {"Content-Type": ctype})
    assert status == 202, answer
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, job = _api(server, token, "GET", f"/api/jobs/{answer['job']}")
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert job["status"] == "done", job

    status, api_json = _api(server, token, "GET", "/api/search?q=peminjaman&limit=5")
    assert status == 200 and any(h["id"] == job["document"] for h in api_json["hits"])
    cli = subprocess.run([sys.executable, "-m", "web.cli", "--home", str(web_home), "search", "peminjaman",
                          "--limit", "5", "--json"], capture_output=True, text=True, env=server_env(web_home),
                         cwd=ROOT, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == api_json
