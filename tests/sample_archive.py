"""The committed samples archived once per test run (the ``sample_archive`` fixture of tests/conftest.py)."""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TRUTH_SUFFIX = ".truth.json"


@dataclass(frozen=True)
class SampleArchive:
    """The committed samples archived by ``burt ingest``: its data dir and the CLI's JSON lines."""

    home: Path
    lines: tuple[dict, ...]  # one ``burt ingest --json`` line per sample, in the CLI's order

    def line(self, name: str) -> dict:
        """The ingest line of the sample with this file name."""
        return next(line for line in self.lines if Path(line["file"]).name == name)

    def ocr(self, name: str) -> dict:
        """The pipeline's ``ocr.json`` (the ``burt ocr --json`` shape) of the sample with this file name."""
        path = self.home / "derivatives" / self.line(name)["sha256"] / "ocr.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def copy(self, dest: Path) -> Path:
        """A private, writable copy of the archive's data dir under ``dest``; returns the new home."""
        home = Path(dest) / "home"
        shutil.copytree(self.home, home)
        return home


def sample_truths() -> dict[str, dict]:
    """File name -> ground truth of every committed sample."""
    return {p.name[: -len(TRUTH_SUFFIX)]: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(SAMPLES.glob(f"*{TRUTH_SUFFIX}"))}
