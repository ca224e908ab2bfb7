"""deploy/: the systemd units and the environment file agree with the `burt` CLI and the settings
(docs/deploy.md). A renamed command, option or setting fails here instead of on a server."""
from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest

from archive.settings import VARIABLES
from web.cli import main

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
ENV_FILE = "/etc/burt/burt.env"


def _unit(path: Path) -> configparser.ConfigParser:
    cp = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    cp.optionxform = str  # keys are case-sensitive in systemd
    cp.read_string(path.read_text(encoding="utf-8"))
    return cp


def _env_example() -> dict[str, str]:
    out = {}
    for line in (DEPLOY / "burt.env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            out[key] = value
    return out


def _burt_argv(exec_start: str) -> list[str]:
    """The `burt ...` words of an ExecStart (also inside `/bin/sh -c '... burt CMD ...'`)."""
    words = shlex.split(exec_start)
    if words[:2] == ["/bin/sh", "-c"]:
        words = shlex.split(words[2].removeprefix("exec "))
    start = next(i for i, w in enumerate(words) if w.endswith("/burt"))
    return words[start + 1:]


def test_there_are_units_for_serve_watch_and_backup():
    names = {p.name for p in UNITS}
    assert {"burt-serve.service", "burt-watch.service", "burt-backup.service", "burt-health.service"} <= names


@pytest.mark.parametrize("path", UNITS, ids=[p.name for p in UNITS])
def test_exec_start_is_a_real_burt_command(path):
    svc = _unit(path)["Service"]
    argv = _burt_argv(svc["ExecStart"])
    command = main.commands.get(argv[0])
    assert command is not None, f"{path.name}: `burt {argv[0]}` is not in `burt --help`"
    known = {opt for p in command.params for opt in getattr(p, "opts", [])}
    for word in argv[1:]:
        if word.startswith("-"):
            assert word.split("=")[0] in known, f"{path.name}: `burt {argv[0]} {word}` is not an option"
    assert svc["User"] == "burt" and svc["EnvironmentFile"] == ENV_FILE
    # the data directory of the example environment is writable under ProtectSystem=strict
    assert _env_example()["BURT_HOME"] in svc["ReadWritePaths"].split()
    assert svc["WorkingDirectory"] == _env_example()["BURT_HOME"]


def test_watch_unit_may_write_its_folder():
    svc = _unit(DEPLOY / "systemd" / "burt-watch.service")["Service"]
    folder = _burt_argv(svc["ExecStart"])[1]
    assert folder in svc["ReadWritePaths"].split()


def test_backup_writes_a_new_dated_bag_where_it_may_write():
    svc = _unit(DEPLOY / "systemd" / "burt-backup.service")["Service"]
    dest = _burt_argv(svc["ExecStart"])[1]
    assert re.search(r"\$\(date \+%%Y-%%m-%%d\)", dest)  # `burt export` refuses a folder that is not empty
    assert any(dest.startswith(p + "/") for p in svc["ReadWritePaths"].split())


def test_every_timer_starts_an_existing_service():
    for timer in (DEPLOY / "systemd").glob("*.timer"):
        assert (timer.with_suffix(".service")).exists(), timer.name
        assert "OnCalendar" in _unit(timer)["Timer"] or "OnUnitActiveSec" in _unit(timer)["Timer"]


def test_environment_example_names_only_real_settings():
    known = {v.name for v in VARIABLES}
    env = _env_example()
    assert env and set(env) <= known, set(env) - known
    commented = re.findall(r"^#\s*(BURT_\w+)=", (DEPLOY / "burt.env.example").read_text(), re.M)
    assert set(commented) <= known
