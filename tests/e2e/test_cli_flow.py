"""Walking skeleton, end to end through the real CLI: ingest samples/ into a temporary home
(once per run: the session's ``sample_archive``), then find the sample MoU by a word from its
body; every --json output parses and has the documented shape (docs/cli.md)."""
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
BURT = [sys.executable, "-m", "web.cli"]
INGEST_KEYS = {"id", "file", "sha256", "status", "error", "error_code", "doc_type", "sop_step",
               "fault", "job", "next_attempt_at"}  # the last three: issue 14 (docs/cli.md)
HIT_KEYS = {"id", "file", "title", "score", "snippet", "doc_type", "sop_step", "tanggal"}

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def burt(home, *args, timeout=1800):
    return subprocess.run(BURT + ["--home", str(home), *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


def truths():
    for path in sorted(SAMPLES.glob("*.truth.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def home(sample_archive, tmp_path_factory):
    """A copy of the session's sample archive, which ``burt ingest --json samples/`` built (tests/conftest.py)."""
    lines = list(sample_archive.lines)
    assert lines and all(set(line) == INGEST_KEYS for line in lines)
    assert all(line["status"] == "ingested" for line in lines), lines
    return sample_archive.copy(tmp_path_factory.mktemp("cli")), lines


def test_every_sample_ingested_once(home):
    _, lines = home
    documents = [p for p, _ in truths()]
    assert len(lines) == len(documents)
    assert len({line["sha256"] for line in lines}) == len(lines)


def test_reingest_is_duplicate(home):
    h, lines = home
    first = Path(lines[0]["file"])
    out = burt(h, "ingest", "--json", str(first))
    again = json.loads(out.stdout.strip())
    assert again["status"] == "duplicate" and again["id"] == lines[0]["id"]


def _distinctive_words(target_pages, other_texts):
    words = Counter(w.lower() for w in re.findall(r"[A-Za-z]{7,}", " ".join(target_pages)))
    others = " ".join(other_texts).lower()
    return [w for w, _ in words.most_common() if w not in others]


def test_search_finds_mou_by_body_word(home):
    h, lines = home
    mou = [(p, t) for p, t in truths() if t["doc_type"] == "nota_kesepahaman"]
    assert mou, "samples/ must hold an MoU"
    path, truth = mou[0]
    others = [" ".join(t["pages"]) for p, t in truths() if p != path]
    candidates = _distinctive_words(truth["pages"][1:] or truth["pages"], others)
    assert candidates
    mou_id = next(line["id"] for line in lines if Path(line["file"]).name == truth["file"])
    out = burt(h, "search", candidates[0], "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) >= {"total", "hits"}
    assert all(set(hit) >= HIT_KEYS for hit in result["hits"])
    assert mou_id in [hit["id"] for hit in result["hits"][:3]]
    hit = next(hit for hit in result["hits"] if hit["id"] == mou_id)
    assert hit["file"] == truth["file"]


def test_show_and_filters(home):
    h, lines = home
    doc = lines[0]
    out = burt(h, "show", doc["id"], "--json")
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["id"] == doc["id"]
    out = burt(h, "search", "", "--step", "2", "--json")
    result = json.loads(out.stdout)
    assert all(hit["sop_step"] == 2 for hit in result["hits"])
