"""Metadata exactness on the real captures in ``../shared/real/`` (nomor, tanggal, perihal, pengirim, penerima).

Each file is read by the pipeline (``ingest_file`` with default ``IngestOptions``, the call ``burt ocr`` makes),
and its text cached under ``bench/out/real_ocr_cache/<sha256>.txt`` so reruns only re-extract (``--refresh``
reads again). The same extractor is also run on the truth ``text`` itself, which separates parser errors from
OCR errors. Scored only where the truth value is printed (non-null):

- right: the extracted value equals the truth (rules per field in ``matches``);
- wrong: a value was given that differs from the truth, or the truth is null (nothing printed);
- empty: no value where the truth has one.

"wrongly filled" counts documents with at least one wrong field among the five. Calibration: among the fields
given with confidence >= 0.9, the share that is right. A nomor or tanggal whose truth value is not wholly in the
truth text (a part filled in by hand) can never be read from print; "exact where printed in full" leaves those out. Writes the table to ``bench/out/real_metadata.md``.

    PYTHONPATH=$PWD .venv/bin/python bench/real_metadata.py [--refresh] [--only d03,e11] [-v]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import fieldread  # noqa: E402
from ingest.errors import BurtError  # noqa: E402
from ingest.metadata import extract_metadata  # noqa: E402
from ingest.model import Word  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# ``../shared/real`` beside the repository (a worktree under ``wt/`` looks one level further up)
REAL = next((d for d in (ROOT.parent / "shared" / "real", ROOT.parent.parent / "shared" / "real") if d.is_dir()),
            ROOT.parent / "shared" / "real")
OUT = ROOT / "bench" / "out"
CACHE = OUT / "real_ocr_cache"
FIELDS = ("nomor", "tanggal", "perihal", "pengirim", "penerima")
SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


# ---------------------------------------------------------------- scoring rules

def fold(value: str) -> str:
    """NFKC, typographic quotes/dashes to ASCII, case and whitespace folded."""
    s = unicodedata.normalize("NFKC", value)
    s = s.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return re.sub(r"\s+", " ", s).strip().lower()


def _words(value: str) -> list[str]:
    s = fold(value)
    s = re.sub(r"\bkab\b\.?", "kabupaten", s)
    s = re.sub(r"\bprop\b\.?|\bpropinsi\b", "provinsi", s)
    return re.findall(r"[a-z0-9]+", s)


def _no_parens(value: str) -> str:
    while re.search(r"\([^()]*\)", value):
        value = re.sub(r"\s*\([^()]*\)", "", value)
    return value


_JABATAN = {"rektor", "kepala", "direktur", "gubernur", "bupati", "walikota", "petinggi", "sekretaris", "camat",
            "lurah", "ketua", "pimpinan"}


def matches(field: str, got: str, truth: str) -> bool:
    """Whether an extracted value counts as the printed one.

    nomor: exact after removing spaces (the truth keeps the printed spacing, "440 / 7181/ KD.D").
    tanggal: ISO equal. perihal: whitespace- and case-folded equal, to the whole truth or to the truth without
    its parenthesised notes. pengirim: the truth writes the hierarchy "Pemerintah X, Dinas Y (note)"; right when
    the value's words all occur in it (notes dropped) and cover one whole unit of it (the unit's leading jabatan
    word, "Rektor", may be missing). penerima: folded and punctuation-free equal, with the "di <place>" line and
    parentheses ignored on both sides."""
    if field == "nomor":
        return re.sub(r"\s+", "", got) == re.sub(r"\s+", "", truth)
    if field == "tanggal":
        return got == truth
    if field == "perihal":
        return fold(got).strip(" .") in (fold(truth).strip(" ."), fold(_no_parens(truth)).strip(" ."))
    if field == "pengirim":
        have = set(_words(got))
        units = [u for u in _no_parens(truth).split(",") if u.strip()]
        want = set(_words(_no_parens(truth)))
        if not have or not have <= want:
            return False
        for unit in units:
            words = _words(unit)
            if words and words[0] in _JABATAN:
                words = words[1:]
            if words and words[0] != "pemerintah" and set(words) <= have:
                return True
        return False
    if field == "penerima":
        def norm(v: str) -> str:
            v = re.sub(r"[()]", " ", fold(v))
            v = re.sub(r"(?:^|\s)\d{1,2}\.\s", " ", v)  # list numbering
            v = re.sub(r"\s+di\b\s*[-–:]?.*$", "", v)
            return " ".join(_words(v))
        return norm(got) == norm(truth)
    raise ValueError(field)


_MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember")


def in_print(field: str, value: str, text: str) -> bool:
    """Whether the whole truth value is printed in the truth text. A nomor or tanggal partly filled in by hand
    (the README's rule) cannot be read from print, so those are counted apart ("handwritten part")."""
    if field == "nomor":
        return re.sub(r"\s+", "", value).lower() in re.sub(r"\s+", "", text).lower()
    if field == "tanggal":
        y, m, d = (int(x) for x in value.split("-"))
        low = text.lower()
        return bool(re.search(rf"\b0?{d}\s+{_MONTHS[m - 1]}\s*,?\s+{y}\b", low)
                    or re.search(rf"\b0?{d}\s*[-/.]\s*0?{m}\s*[-/.]\s*{y}\b", low))
    return True


# ---------------------------------------------------------------- OCR with a cache

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ocr_texts(files: list[Path], refresh: bool) -> dict[str, dict]:
    """Pipeline text and words (text, conf, page) per file name, from the cache when present."""
    from ingest.pipeline import ingest_file  # only when something must be read

    CACHE.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict] = {}
    for path in files:
        cached = CACHE / f"{sha256(path)}.json"
        if cached.exists() and not refresh:
            out[path.name] = json.loads(cached.read_text(encoding="utf-8"))
            continue
        print(f"  reading {path.name} …", file=sys.stderr, flush=True)
        try:
            result = ingest_file(path, IngestOptions(workers=1))
            read = {"text": result.text, "words": [[w.text, float(w.conf), p.number, w.line, *w.box]
                                                   for p in result.pages for w in p.words]}
        except BurtError as exc:
            print(f"  {path.name}: {exc.code}", file=sys.stderr)
            read = {"text": "", "words": []}
        cached.write_text(json.dumps(read, ensure_ascii=False), encoding="utf-8")
        out[path.name] = read
    return out


PAGES = OUT / "real_page_cache"


def page_results(files: list[Path], refresh: bool = False) -> dict[str, tuple]:
    """Per file name, the pipeline's ``IngestResult`` and the folder of its derivatives (the cleaned page
    images the word boxes refer to), cached under ``bench/out/real_page_cache/<sha256>/``: what the
    field re-reading stage (``ingest.fieldread``) needs to run again on the pipeline's own pages."""
    import pickle
    import shutil
    import tempfile

    from ingest.pipeline import ingest_file

    out: dict[str, tuple] = {}
    for path in files:
        entry = PAGES / sha256(path)
        if refresh or not (entry / "result.pickle").is_file():
            print(f"  reading {path.name} (pages kept) …", file=sys.stderr, flush=True)
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    result = ingest_file(path, IngestOptions(workers=1), Path(tmp) / "d")
                except BurtError as exc:
                    print(f"  {path.name}: {exc.code}", file=sys.stderr)
                    continue
                if entry.exists():
                    shutil.rmtree(entry)
                shutil.copytree(Path(tmp) / "d", entry / "derivatives")
            (entry / "result.pickle").write_bytes(pickle.dumps(result))
        out[path.name] = (pickle.loads((entry / "result.pickle").read_bytes()), entry / "derivatives")
    return out


# ---------------------------------------------------------------- scoring

def _word(w: list) -> Word:
    """A cached word: [text, conf, page] (older caches), or with its line and box after them."""
    return Word(w[0], w[1], tuple(w[4:8]) if len(w) >= 8 else (0, 0, 0, 0), line=w[3] if len(w) >= 8 else 0)


def score(docs: list[tuple[str, dict, str, list]], verbose: bool = False) -> dict:
    """Per-field right/wrong/empty counts, wrongly-filled documents and calibration over ``docs``
    (name, truth, text, words as [text, conf, page, line, x, y, w, h] - empty for the truth text)."""
    stats = {f: {"printed": 0, "right": 0, "wrong": 0, "empty": 0, "wrong_unprinted": 0, "full": 0, "full_right": 0}
             for f in FIELDS}
    wrong_docs: list[str] = []
    flagged_wrong = 0
    confident = [0, 0]  # fields with confidence >= 0.9: total, right
    for name, truth, text, words, *pages in docs:
        md = extract_metadata(text, [_word(w) for w in words])
        if pages and pages[0]:  # the pages with their re-read number and date rows (``--fieldread``)
            md = fieldread.settle(md, text, pages[0])
        doc_wrong = False
        for f in FIELDS:
            field = getattr(md, f)
            want = truth.get(f)
            got = field.value if field.present else None
            s = stats[f]
            if want is not None:
                s["printed"] += 1
            ok = got is not None and want is not None and matches(f, got, want)
            if want is not None and in_print(f, want, truth["text"]):
                s["full"] += 1
                s["full_right"] += ok
            if got is None:
                if want is not None:
                    s["empty"] += 1
            elif ok:
                s["right"] += 1
            else:
                s["wrong"] += 1
                s["wrong_unprinted"] += want is None
                doc_wrong = True
            if got is not None and field.confidence >= 0.9:
                confident[0] += 1
                confident[1] += ok
            if verbose and (got is not None or want is not None) and not ok:
                print(f"  {name} {f}: got {got!r} ({field.confidence:.2f}; {field.reason})\n"
                      f"  {' ' * len(name)} {' ' * len(f)}  want {want!r}")
        if doc_wrong:
            wrong_docs.append(name)
            flagged_wrong += bool(getattr(md, "review", ()))
    return {"fields": stats, "documents": len(docs), "wrong_docs": wrong_docs, "flagged_wrong": flagged_wrong,
            "confident": confident}


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f} %" if d else "-"


def table(results: dict[str, dict]) -> str:
    lines = ["| source | field | printed | right | wrong (of which truth null) | empty | exact "
             "| exact where printed in full |", "|---|---|---|---|---|---|---|---|"]
    for source, res in results.items():
        for f in FIELDS:
            s = res["fields"][f]
            lines.append(f"| {source} | {f} | {s['printed']} | {s['right']} | {s['wrong']} ({s['wrong_unprinted']}) "
                         f"| {s['empty']} | {pct(s['right'], s['printed'])} "
                         f"| {s['full_right']}/{s['full']} ({pct(s['full_right'], s['full'])}) |")
    lines.append("")
    lines.append("| source | documents | wrongly filled (any field) | of those flagged for review | "
                 "calibration: right among conf >= 0.9 |")
    lines.append("|---|---|---|---|---|")
    for source, res in results.items():
        n, bad = res["documents"], len(res["wrong_docs"])
        c_all, c_ok = res["confident"]
        lines.append(f"| {source} | {n} | {bad} ({pct(bad, n)}) | {res['flagged_wrong']} | "
                     f"{c_ok}/{c_all} ({pct(c_ok, c_all)}) |")
    for source, res in results.items():
        lines.append(f"\n{source} wrongly filled: {', '.join(res['wrong_docs']) or '-'}")
    return "\n".join(lines)


def _reread(page, derivatives: Path, options: IngestOptions, again: bool = False):
    """``page`` with the field re-reading stage run on its kept image; with ``again`` a kept "fieldread"
    record (made by the code that filled the cache) is dropped and the stage runs with this tree's code."""
    import cv2

    if again:
        page = replace(page, steps=tuple(s for s in page.steps if s.stage != fieldread.STAGE))
    elif any(s.stage == fieldread.STAGE for s in page.steps):
        return page
    image = cv2.imread(str(derivatives / f"page-{page.number:04d}.png"), cv2.IMREAD_UNCHANGED)
    return page if image is None else fieldread.reread_fields(image, page, options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="read every file again instead of the cache")
    parser.add_argument("--only", help="comma-separated stems, e.g. d03,e11")
    parser.add_argument("--no-ocr", action="store_true", help="score the truth text only")
    parser.add_argument("--no-words", action="store_true",
                        help="also score the OCR text without Tesseract's word confidences")
    parser.add_argument("--fieldread", action="store_true",
                        help="also read the files keeping their pages (bench/out/real_page_cache) and score "
                             "them before and after the number and date rows are read again")
    parser.add_argument("--reread", action="store_true",
                        help="with --fieldread: run this tree's field re-reading on the kept pages again instead of "
                             "the record the cache was made with (before/after a fieldread change, same pages)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    if not REAL.is_dir():
        print(f"skipped: {REAL} is absent")
        return 0
    entries: list[tuple[Path, dict]] = []
    for truth_path in sorted(REAL.glob("*.truth.json")):
        stem = truth_path.name[: -len(".truth.json")]
        if args.only and stem not in args.only.split(","):
            continue
        doc = next((p for p in (REAL / (stem + s) for s in SUFFIXES) if p.exists()), None)
        if doc is not None:
            entries.append((doc, json.loads(truth_path.read_text(encoding="utf-8"))))
    results: dict[str, dict] = {}
    if args.verbose:
        print("== truth text")
    results["truth text"] = score([(p.name, t, t["text"], []) for p, t in entries], args.verbose)
    if not args.no_ocr:
        texts = ocr_texts([p for p, _ in entries], args.refresh)
        if args.verbose:
            print("== pipeline OCR")
        read = [(p.name, t, texts[p.name]["text"], texts[p.name]["words"]) for p, t in entries]
        results["pipeline OCR"] = score(read, args.verbose)
        if args.no_words:
            results["pipeline OCR, text only"] = score([(n, t, x, []) for n, t, x, _ in read], args.verbose)
    if args.fieldread:
        kept = page_results([p for p, _ in entries], args.refresh)
        options = IngestOptions(workers=1)
        rows, reread, started = [], [], time.perf_counter()
        for p, t in entries:
            if p.name not in kept:
                continue
            result, derivatives = kept[p.name]
            words = [[w.text, float(w.conf), pg.number, w.line, *w.box] for pg in result.pages for w in pg.words]
            pages = tuple(_reread(pg, derivatives, options, args.reread) for pg in result.pages)
            rows.append((p.name, t, result.text, words))
            reread.append((p.name, t, result.text, words, pages))
        seconds = time.perf_counter() - started
        n_pages = sum(len(r[4]) for r in reread)
        ms = sum(s.ms for r in reread for pg in r[4] for s in pg.steps if s.stage == fieldread.STAGE)
        print(f"field re-reading: {n_pages} pages, {ms / max(1, n_pages):.0f} ms per page added "
              f"({seconds:.0f} s for the whole run)", file=sys.stderr)
        if args.verbose:
            print("== pipeline OCR, pages kept: before / after re-reading")
        results["pages kept, before re-reading"] = score(rows, args.verbose)
        results["pages kept, after re-reading"] = score(reread, args.verbose)
    report = table(results)
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "real_metadata.md").write_text(f"# Metadata on ../shared/real ({len(entries)} documents)\n\n{report}\n",
                                          encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
