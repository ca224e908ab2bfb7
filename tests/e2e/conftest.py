"""Fixtures for the end-to-end suite (server subprocess + Debian chromium via Playwright)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from e2e_server import CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROLES, SCREENSHOTS, Server, login  # noqa: E402,F401


@pytest.fixture(scope="module")
def web_home(tmp_path_factory) -> Path:
    from archive import service
    from archive.settings import load_settings

    home = tmp_path_factory.mktemp("burt-e2e")
    settings = load_settings(home=home, environ={"BURT_WORKERS": "1"})
    for role in ROLES:
        service.add_user(settings, role, role, password=PASSWORD)
    return home


@pytest.fixture(scope="module")
def server(web_home):
    srv = Server(web_home)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    """One chromium for the run (a launch per module cost seconds each); every test opens its own
    context (``page`` or ``browser.new_context``), so no cookie or storage is shared."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: install Debian's chromium (make test-packages)")
    with playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

