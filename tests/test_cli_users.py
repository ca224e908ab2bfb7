"""`burt user ...`: disable, enable, set-role, reset-password, list; audited with the acting
operating-system user; a new data directory made by the CLI is private (issue 14).

The command sequences run ``burt`` in-process (click's runner: the same ``main``, argument parsing
and exit codes, without a Python start-up per command); the data-directory test runs the real
``burt`` process."""
import json
import stat
from types import SimpleNamespace

from click.testing import CliRunner

from archive import db, service
from archive.settings import load_settings
from tests.test_cli import run as run_process
from web.cli import main

STRONG = "sungai-balangan-1987"


def _settings(home):
    return load_settings(home=home, environ={"BURT_WORKERS": "1"})


def run(args, home):
    """``burt --home HOME ARGS`` in this process: returncode, stdout and stderr as from the process."""
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def test_user_commands_change_the_account_and_are_audited(tmp_path):
    home = tmp_path / "home"
    pw = tmp_path / "pw.txt"
    pw.write_text(STRONG + "\n", encoding="utf-8")
    assert run(["user", "add", "kepala", "--role", "admin", "--password-file", str(pw)], home).returncode == 0
    assert run(["user", "add", "ani", "--role", "pelaksana", "--password-file", str(pw)], home).returncode == 0

    out = run(["user", "disable", "ani"], home)
    assert out.returncode == 0, out.stderr
    listed = json.loads(run(["user", "list", "--json"], home).stdout)
    assert {u["name"]: u["active"] for u in listed} == {"ani": False, "kepala": True}
    assert run(["user", "enable", "ani"], home).returncode == 0
    out = run(["user", "set-role", "ani", "auditor"], home)
    assert out.returncode == 0 and "auditor" in out.stdout
    out = run(["user", "reset-password", "ani"], home)
    assert out.returncode == 0
    generated = out.stdout.strip().splitlines()[-1].split(": ", 1)[1]

    settings = _settings(home)
    try:
        assert service.authenticate(settings, "ani", generated).role == "auditor"
        entries = [(e.action, e.user) for e in reversed(service.audit_log(settings, limit=50))
                   if e.action.startswith("user.")]
        assert [a for a, _u in entries] == ["user.add", "user.add", "user.disable", "user.enable", "user.role",
                                            "user.password"]
        assert all(u and u.startswith("cli:") for _a, u in entries)
    finally:
        db.close_db(settings)


def test_user_commands_refuse_weak_passwords_and_the_last_admin(tmp_path):
    home = tmp_path / "home"
    weak = tmp_path / "weak.txt"
    weak.write_text("password123\n", encoding="utf-8")
    out = run(["user", "add", "ani", "--role", "admin", "--password-file", str(weak)], home)
    assert out.returncode == 2 and "Error [weak_password]" in out.stderr and "Traceback" not in out.stderr
    assert run(["user", "add", "ani", "--role", "admin"], home).returncode == 0
    out = run(["user", "disable", "ani"], home)
    assert out.returncode == 2 and "Error [last_admin]" in out.stderr
    out = run(["user", "set-role", "ani", "auditor"], home)
    assert out.returncode == 2 and "Error [last_admin]" in out.stderr
    out = run(["user", "reset-password", "ani", "--password-file", str(weak)], home)
    assert out.returncode == 2 and "Error [weak_password]" in out.stderr
    out = run(["user", "disable", "nobody"], home)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_a_data_directory_made_by_the_cli_is_private(tmp_path):
    """Review: a new data directory was 755 and archive.db 644."""
    home = tmp_path / "home"
    assert run_process(["user", "add", "ani", "--role", "admin"], home).returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for path in home.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
