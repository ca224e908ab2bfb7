"""A character-confusion model of real OCR errors, for the search benchmark's noise.

Reads every genuine capture in ``../shared/real/`` (relative to the repo root; skipped cleanly when
absent) with the burt pipeline (``ingest_many``, 2 workers, as ``burt ingest``; or ``--ocr raw`` for
plain ``tesseract -l ind``), aligns the OCR text with the transcribed truth and counts what the OCR
did to each character:

- words are aligned first (``difflib`` on word sequences); whole words missing or added (layout,
  stamps, lines lost) are counted apart and are not character confusions;
- a truth word and the OCR word in its place are aligned character by character (Levenshtein
  opcodes) when they are at most half different (else the pairing is a misalignment, skipped);
- each edit block of at most two characters on each side is one confusion ``src → dst``
  (substitution ``e → c``, ``rn → m``, deletion ``x → ''``, insertion ``'' → x``); a ``dst`` with a
  space is a word split.

Writes ``bench/data/ocr_confusions.json``: counts only (confusion counts, how often each source
string occurs in the aligned truth words, totals), no text of the real files. The OCR texts are
cached in ``bench/out/ocr_confusions/`` (not committed) so a rerun only re-aligns.

    .venv/bin/python bench/ocr_confusions.py             # pipeline OCR (~10-20 min on 2 busy cores)
    .venv/bin/python bench/ocr_confusions.py --ocr raw   # raw Tesseract
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REAL = ROOT.parent / "shared" / "real"
DATA = ROOT / "bench" / "data" / "ocr_confusions.json"
CACHE = ROOT / "bench" / "out" / "ocr_confusions"
MAX_EDIT = 2  # longest src / dst of one confusion
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalise(text: str) -> list[str]:
    """NFKC, typographic quotes and dashes to ASCII, table bars dropped; the words."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return [w for w in text.split() if w != "|"]


def _raw_text(path: Path) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        if path.suffix.lower() == ".pdf":
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-f", "1", "-l", "1", str(path),
                            str(Path(tmp) / "p")], check=True)
            images = sorted(Path(tmp).glob("p*.png"))
        else:
            images = [path]
        return "\n".join(subprocess.run(["tesseract", str(i), "-", "-l", "ind"], capture_output=True, text=True,
                                        env=env, check=True).stdout for i in images)


def ocr_texts(files: list[Path], how: str) -> dict[Path, str]:
    """File -> OCR text of its first page, cached by content hash and method."""
    CACHE.mkdir(parents=True, exist_ok=True)
    out: dict[Path, str] = {}
    todo = []
    for f in files:
        cached = CACHE / f"{hashlib.sha256(f.read_bytes()).hexdigest()[:16]}.{how}.txt"
        if cached.exists():
            out[f] = cached.read_text(encoding="utf-8")
        else:
            todo.append((f, cached))
    if how == "raw":
        for f, cached in todo:
            out[f] = _raw_text(f)
            cached.write_text(out[f], encoding="utf-8")
        return out
    from ingest.errors import BurtError
    from ingest.options import IngestOptions
    from ingest.pipeline import ingest_many

    where = {str(f): cached for f, cached in todo}
    for item, result in ingest_many([(str(f), None) for f, _ in todo], IngestOptions(workers=2, searchable_pdf=False)):
        f = Path(item[0])
        text = "" if isinstance(result, BurtError) else result.pages[0].text if result.pages else ""
        if isinstance(result, BurtError):
            print(f"  {f.name}: {result.message}", file=sys.stderr)
        out[f] = text
        where[str(f)].write_text(text, encoding="utf-8")
    return out


def count(pairs: list[tuple[list[str], list[str]]]) -> dict:
    from rapidfuzz.distance import Levenshtein

    confusions: Counter = Counter()
    truth_words: list[str] = []
    stats = Counter()
    for truth, read in pairs:
        stats["truth_words"] += len(truth)
        matcher = difflib.SequenceMatcher(None, truth, read, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                truth_words += truth[i1:i2]
                stats["words_exact"] += i2 - i1
                continue
            if tag == "delete":
                stats["words_lost"] += i2 - i1
                continue
            if tag == "insert":
                stats["words_added"] += j2 - j1
                continue
            if i2 - i1 == j2 - j1:
                block = list(zip(truth[i1:i2], read[j1:j2]))
            else:  # a split or merged word: compare the joined runs
                block = [(" ".join(truth[i1:i2]), " ".join(read[j1:j2]))]
            for t, r in block:
                n = t.count(" ") + 1
                if Levenshtein.normalized_distance(t, r) > 0.5:
                    stats["words_misaligned"] += n
                    continue
                stats["words_damaged"] += n
                truth_words.append(t)
                for op in Levenshtein.opcodes(t, r):
                    if op.tag == "equal":
                        continue
                    src, dst = t[op.src_start:op.src_end], r[op.dest_start:op.dest_end]
                    if len(src) <= MAX_EDIT and len(dst) <= MAX_EDIT:
                        confusions[(src, dst)] += 1
                    else:
                        stats["long_edits"] += 1
    sources = {src for src, _ in confusions}
    source_counts = {src: sum(_occurrences(w, src) for w in truth_words) for src in sources if src and src != " "}
    source_counts[" "] = len(truth_words)  # word gaps: a lost space merges two words
    aligned_chars = sum(len(w) for w in truth_words)
    source_counts[""] = aligned_chars + len(truth_words)  # insertion slots: before, between and after characters
    stats["aligned_chars"] = aligned_chars
    return {"confusions": [[s, d, n] for (s, d), n in confusions.most_common()], "source_counts": source_counts,
            "stats": dict(stats)}


def _occurrences(word: str, sub: str) -> int:
    return sum(1 for i in range(len(word) - len(sub) + 1) if word.startswith(sub, i))


def fold_coverage(model: dict) -> float:
    """Share of the measured substitutions that the index's own OCR fold treats as equal (for the record)."""
    from archive.textnorm import ocr_fold

    subs = [(s, d, n) for s, d, n in model["confusions"] if s and d]
    folded = sum(n for s, d, n in subs if ocr_fold(s) == ocr_fold(d))
    return round(folded / max(1, sum(n for _, _, n in subs)), 3)


def _dump(model: dict) -> str:
    """JSON with one confusion per line (a small, diffable file)."""
    parts = []
    for key, value in model.items():
        if key == "confusions":
            rows = ",\n  ".join(json.dumps(c, ensure_ascii=False) for c in value)
            parts.append(f'"confusions": [\n  {rows}\n ]')
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ocr", choices=("pipeline", "raw"), default="pipeline")
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--real", type=Path, default=REAL, help="the real captures (default ../shared/real/)")
    args = parser.parse_args(argv)
    if not args.real.is_dir():
        print(f"skipped: {args.real} is absent (the real captures are not part of the repository)")
        return 0
    truths = {}
    for t in sorted(args.real.glob("*.truth.json")):
        data = json.loads(t.read_text(encoding="utf-8"))
        if (args.real / data["file"]).exists() and data.get("text"):
            truths[args.real / data["file"]] = data["text"]
    texts = ocr_texts(sorted(truths), args.ocr)
    pairs = [([w for w in normalise(truths[f]) if w != "[?]"], normalise(texts.get(f, ""))) for f in sorted(truths)]
    model = {
        "about": "Character confusions of real OCR, counted by bench/ocr_confusions.py: confusions are "
                 "[src, dst, count]; source_counts[src] = occurrences of src in the aligned truth words "
                 "('' = insertion slots). P(src -> dst at one place) = count / source_counts[src]. Counts only.",
        "ocr": "burt pipeline (ingest_many, 2 workers)" if args.ocr == "pipeline" else "tesseract -l ind (raw)",
        "files": len(pairs),
        **count(pairs),
    }
    model["stats"]["fold_coverage_of_substitutions"] = fold_coverage(model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(_dump(model), encoding="utf-8")
    s = model["stats"]
    print(f"{len(pairs)} files, {s['truth_words']} truth words: exact {s.get('words_exact', 0)}, damaged "
          f"{s.get('words_damaged', 0)}, lost {s.get('words_lost', 0)}, misaligned {s.get('words_misaligned', 0)}; "
          f"{sum(n for *_, n in model['confusions'])} confusions of {len(model['confusions'])} kinds over "
          f"{s['aligned_chars']} aligned characters; the index's fold covers "
          f"{s['fold_coverage_of_substitutions']:.1%} of the substitutions -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
