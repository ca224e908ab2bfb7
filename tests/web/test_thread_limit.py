"""Tesseract's thread limit is set once per process, by ``ingest.ocr.limit_threads`` only (ingest
never touches the environment on a call): when the archive is opened (``Archive.open``: the app
factory and every ``burt`` command on an archive) and by ``burt ocr``; an operator's own value
is kept.  Each case runs in a fresh process, as the server and the command do."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _limit_after(code: str, operator_value: str | None, tmp_path: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    if operator_value is not None:
        env["OMP_THREAD_LIMIT"] = operator_value
    code += "\nimport os; print('limit', os.environ.get('OMP_THREAD_LIMIT'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()[-1]


def test_app_factory_sets_the_thread_limit(tmp_path):
    code = (f"from archive.settings import load_settings; from web.app import create_app; "
            f"create_app(load_settings(home={str(tmp_path / 'home')!r}), "
            f"config={{'TESTING': True, 'BURT_JOB_RUNNER': False}})")
    assert _limit_after(code, None, tmp_path) == "limit 1"
    assert _limit_after(code, "2", tmp_path) == "limit 2"


def test_burt_command_on_an_archive_sets_the_thread_limit(tmp_path):
    code = (f"from web.cli import main; "
            f"main(['--home', {str(tmp_path / 'home')!r}, 'user', 'list', '--json'], standalone_mode=False)")
    assert _limit_after(code, None, tmp_path) == "limit 1"
    assert _limit_after(code, "3", tmp_path) == "limit 3"


def test_burt_ocr_sets_the_thread_limit_without_an_archive(tmp_path):
    page = tmp_path / "blank.png"
    Image.new("L", (400, 300), 255).save(page)
    code = (f"from web.cli import main\ntry:\n    main(['--home', {str(tmp_path / 'home')!r}, 'ocr', "
            f"{str(page)!r}], standalone_mode=False)\nexcept SystemExit:\n    pass")
    assert _limit_after(code, None, tmp_path) == "limit 1"
    assert not (tmp_path / "home").exists()  # `burt ocr` opened no archive
