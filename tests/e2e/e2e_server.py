"""Shared pieces of the browser tests: a real waitress server in a subprocess on a free
loopback port with its own tmp home, and Debian's chromium driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "kata-sandi-uji-1"
ROLES = ("pelaksana", "sekretaris", "kepala_dinas", "auditor", "admin")

SERVER_SCRIPT = """
import logging, sys
from archive.settings import load_settings
from web.app import serve
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
serve(load_settings(home=sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BURT_")}
    env.update({"BURT_HOME": str(home), "BURT_WORKERS": "1", "OMP_THREAD_LIMIT": "1", "PYTHONPATH": str(ROOT)})
    return env


class Server:
    """``burt serve`` equivalent in a subprocess; ``stop()`` ends it (by its own pid)."""

    def __init__(self, home: Path):
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = home / "server.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT, str(home), str(self.port)],
                                     cwd=ROOT, env=server_env(home), stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text(errors='replace')[-3000:]}")
            try:
                urllib.request.urlopen(self.url + "/masuk", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self._log.close()


def login(page, base_url: str, name: str, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(base_url + "/masuk")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/masuk" not in url)
