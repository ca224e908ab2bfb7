"""The reader of `burt`'s output going away (`burt search ... --json | head -1`) stops the command quietly with the
shell's SIGPIPE status, instead of logging an internal error and telling the clerk to run again with --verbose."""
from __future__ import annotations

import os
import subprocess
import sys

import click
from click.testing import CliRunner

from web.cli import EXIT_PIPE, handle_errors


@click.command()
@handle_errors
def _lines() -> None:
    for i in range(3):
        click.echo(f"line {i}")
    raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_is_no_internal_error():
    result = CliRunner().invoke(_lines, [])
    assert result.exit_code == EXIT_PIPE == 141
    assert "Internal error" not in result.output and "kesalahan internal" not in result.output


def test_burt_whose_reader_went_away_exits_quietly(tmp_path):
    # a real `burt` process writing JSON lines into a pipe whose reader has already closed it
    read, write = os.pipe()
    os.close(read)
    env = {**os.environ, "BURT_HOME": str(tmp_path / "home"), "PYTHONPATH": os.getcwd()}
    proc = subprocess.run([sys.executable, "-c", "from web.cli import main; main()", "health", "--json"],
                          stdout=write, stderr=subprocess.PIPE, env=env, timeout=120)
    os.close(write)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Internal error" not in err and "Traceback" not in err, err
    assert proc.returncode == EXIT_PIPE, err
