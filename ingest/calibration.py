"""Calibrated confidence: the raw confidence extraction gives a field (how it was found) mapped to the
probability that the value is right, as fitted on generated documents with known truth.

Extraction's numbers (``ingest/metadata.py``: 0.95 for an exact label, 0.8 for a letterhead...) rank values
but are not probabilities: an exact "Hal :" label can still carry a subject joined with the next line. This
stage runs after extraction and classification (``ingest.pipeline._analyse``) and replaces each confidence
with a calibrated one, so "95 %" on a page means right about 95 times in 100 on the benchmark.

The table is data, ``ingest/data/calibration.json`` (written by ``bench/calibrate.py --fit``). For each field
(``nomor``, ``tanggal``, ``perihal``, ``pengirim``, ``penerima``, and ``class`` for the classification) it holds
monotone step curves raw → probability, one per *group*: the field as a whole (``nomor``), the field by the
source that produced the value (``nomor|label``, from the field's reason, patterns in the table) and by source
and OCR evidence (``nomor|label|ocr_low``: the lowest Tesseract confidence of the value's words). A value is
mapped by the most specific group the table has; a group is only fitted where there were enough examples,
and its curve is shrunk towards its parent's, so a small group cannot run far from what the field as a whole
shows. Fields not in the table (sifat, lampiran, partner, and for now perihal: see ``bench/calibrate.py``
``NOT_FITTED``) keep their raw confidence.

The fitter (``fit_curve``): pool-adjacent-violators over the raw confidences (a higher raw confidence is never
less likely right), adjacent blocks pooled until each holds ``min_block`` examples, each block's share shrunk
towards the parent (for a field as a whole: towards the raw value itself) with ``strength`` pseudo-examples, clamped to [``FLOOR``, ``CEILING``] — a machine reading
is never shown as certain ("100 %" is a person's entry).
"""
from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .metadata import INFERRED_NOTE, token_key, word_confidences
from .model import Classification, Field, Metadata, Word

FIELDS = ("nomor", "tanggal", "perihal", "pengirim", "penerima")
CLASS = "class"  # the classification's confidence (the type, and with it the step)
FLOOR, CEILING = 0.01, 0.99
TABLE = "data/calibration.json"


@dataclass(frozen=True)
class Curve:
    """A monotone step function of the raw confidence: a raw value at or above ``cuts[i]`` (and below
    ``cuts[i + 1]``) maps to ``probs[i]``; below ``cuts[0]`` to ``probs[0]``. ``counts[i]`` and ``right[i]``
    are the examples of that block and how many were right (the evidence, kept for the report)."""

    cuts: tuple[float, ...]
    probs: tuple[float, ...]
    counts: tuple[int, ...]
    right: tuple[int, ...]

    def __call__(self, raw: float) -> float:
        """The calibrated value of ``raw``; below the fitted range (no example that low) never above ``raw``
        itself: nothing was seen there to vouch for more."""
        i = bisect.bisect_right(self.cuts, float(raw)) - 1
        return self.probs[i] if i >= 0 else min(self.probs[0], round(float(raw), 4))

    def to_json(self) -> dict:
        return {"cuts": list(self.cuts), "probs": list(self.probs), "counts": list(self.counts),
                "right": list(self.right)}

    @classmethod
    def from_json(cls, data: Mapping) -> Curve:
        curve = cls(tuple(float(x) for x in data["cuts"]), tuple(float(x) for x in data["probs"]),
                    tuple(int(x) for x in data["counts"]), tuple(int(x) for x in data["right"]))
        n = len(curve.cuts)
        if n == 0 or not (len(curve.probs) == len(curve.counts) == len(curve.right) == n):
            raise ValueError("calibration curve: cuts, probs, counts and right must be non-empty and equally long")
        if any(b <= a for a, b in zip(curve.cuts, curve.cuts[1:])) or any(
                b < a for a, b in zip(curve.probs, curve.probs[1:])):
            raise ValueError("calibration curve: cuts must rise and probs must not fall")
        return curve


# ---------------------------------------------------------------- the fitter

@dataclass
class _Block:
    low: float  # the smallest raw confidence in the block
    n: float  # weight (examples)
    k: float  # right (weighted)
    xsum: float  # sum of raw confidences (for the block's mean, where the parent is read)
    n0: int = 0  # the examples themselves (before shrinking) and how many were right
    k0: int = 0

    @property
    def mean(self) -> float:
        return self.k / self.n


def _merge(a: _Block, b: _Block) -> _Block:
    return _Block(min(a.low, b.low), a.n + b.n, a.k + b.k, a.xsum + b.xsum, a.n0 + b.n0, a.k0 + b.k0)


def _pav(blocks: list[_Block]) -> list[_Block]:
    """Pool adjacent violators: blocks (sorted by raw confidence) merged until their shares do not fall."""
    out: list[_Block] = []
    for block in blocks:
        out.append(block)
        while len(out) >= 2 and out[-2].mean > out[-1].mean:
            last = out.pop()
            out[-1] = _merge(out[-1], last)
    return out


def _pool_small(blocks: list[_Block], min_block: int) -> list[_Block]:
    """Adjacent blocks merged until each holds ``min_block`` examples (the smallest block first, with the
    neighbour whose share is closest). Merging neighbours of a monotone sequence keeps it monotone."""
    blocks = list(blocks)
    while len(blocks) > 1:
        small = min(range(len(blocks)), key=lambda i: blocks[i].n)
        if blocks[small].n >= min_block:
            break
        if small == 0:
            other = 1
        elif small == len(blocks) - 1:
            other = small - 1
        else:
            left, right = blocks[small - 1], blocks[small + 1]
            other = small - 1 if abs(left.mean - blocks[small].mean) <= abs(right.mean - blocks[small].mean) \
                else small + 1
        i, j = sorted((small, other))
        blocks[i:j + 1] = [_merge(blocks[i], blocks[j])]
    return blocks


def fit_curve(samples: Iterable[tuple[float, bool]], prior: Curve | float | None, *, strength: float = 4.0,
              min_block: int = 10) -> Curve:
    """A monotone curve raw confidence → share right from ``samples`` (raw confidence 0..1, right or not).

    Equal raw values form one block; pool-adjacent-violators makes the shares non-decreasing; blocks under
    ``min_block`` examples are pooled with a neighbour; each block's share is shrunk towards ``prior`` (a
    constant, the parent group's curve, or None: the raw value itself — read at the block's mean raw value)
    as ``strength`` examples would,
    pooled again where that broke the order, and clamped to [FLOOR, CEILING]. Refuses no samples and raw
    values outside 0..1."""
    pairs = sorted((float(x), bool(y)) for x, y in samples)
    if not pairs:
        raise ValueError("fit_curve: no samples")
    if pairs[0][0] < 0.0 or pairs[-1][0] > 1.0:
        raise ValueError(f"fit_curve: raw confidence outside 0..1 ({pairs[0][0]}, {pairs[-1][0]})")
    if min_block < 1 or strength < 0:
        raise ValueError("fit_curve: min_block must be at least 1 and strength not negative")
    blocks: list[_Block] = []
    for x, y in pairs:
        if blocks and blocks[-1].low == x:
            blocks[-1] = _merge(blocks[-1], _Block(x, 1, float(y), x, 1, int(y)))
        else:
            blocks.append(_Block(x, 1, float(y), x, 1, int(y)))
    blocks = _pool_small(_pav(blocks), min_block)

    def prior_at(x: float) -> float:
        if prior is None:
            return x
        return prior(x) if isinstance(prior, Curve) else float(prior)

    shrunk = [replace(b, n=b.n + strength, k=b.k + strength * prior_at(b.xsum / b.n)) for b in blocks]
    pooled = _pav(shrunk)
    return Curve(tuple(b.low for b in pooled), tuple(round(min(CEILING, max(FLOOR, b.mean)), 4) for b in pooled),
                 tuple(b.n0 for b in pooled), tuple(b.k0 for b in pooled))


# ---------------------------------------------------------------- evidence and groups

@dataclass(frozen=True)
class Table:
    """The fitted table: curves by group key, the source patterns per field (first match names the
    source), the OCR word-confidence bound under which a value's words are "ocr_low", and where it came
    from (``fitted_on``)."""

    curves: Mapping[str, Curve]
    sources: Mapping[str, tuple[tuple[str, str], ...]]
    ocr_low: float = 80.0
    fitted_on: str = ""

    def to_json(self) -> dict:
        return {"fitted_on": self.fitted_on, "ocr_low": self.ocr_low,
                "sources": {k: [list(p) for p in v] for k, v in self.sources.items()},
                "curves": {k: self.curves[k].to_json() for k in sorted(self.curves)}}

    @classmethod
    def from_json(cls, data: Mapping) -> Table:
        sources = {str(k): tuple((str(name), str(pattern)) for name, pattern in v)
                   for k, v in data.get("sources", {}).items()}
        for field, pats in sources.items():
            for name, pattern in pats:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"calibration sources {field}/{name}: bad pattern {pattern!r}: {exc}") from exc
        curves = {}
        for key, curve in data.get("curves", {}).items():
            if key.split("|")[0] not in FIELDS + (CLASS,):
                raise ValueError(f"calibration curve {key!r}: unknown field")
            try:
                curves[str(key)] = Curve.from_json(curve)
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"calibration curve {key!r}: {exc}") from exc
        return cls(curves, sources, float(data.get("ocr_low", 80.0)), str(data.get("fitted_on", "")))

    def calibrated(self, keys: Sequence[str], raw: float) -> float:
        """``raw`` through the curve of the first of ``keys`` (most specific first) the table has; raw
        itself when it has none."""
        for key in keys:
            curve = self.curves.get(key)
            if curve is not None:
                return curve(raw)
        return raw


IDENTITY = Table({}, {})


def source_of(table: Table, name: str, reason: str) -> str:
    """The source group of a field from its reason (the table's patterns for ``name``; "other")."""
    for source, pattern in table.sources.get(name, ()):
        if re.search(pattern, reason, re.IGNORECASE):
            return source
    return "other"


def ocr_evidence(table: Table, value: str | None, reason: str, confs: Mapping[str, float]) -> str:
    """"ocr_doubt" when extraction already lowered the value for Tesseract's doubt, "ocr_low" when one of
    the value's words (two letters or digits at least) was read under ``table.ocr_low``, else "ocr_ok"."""
    if "OCR ragu" in reason:
        return "ocr_doubt"
    found = [confs[k] for t in (value or "").split() if len(re.sub(r"\W", "", t)) >= 2
             and (k := token_key(t)) in confs]
    return "ocr_low" if found and min(found) < table.ocr_low else "ocr_ok"


def group_keys(table: Table, name: str, value: str | None, reason: str, confs: Mapping[str, float]
               ) -> tuple[str, ...]:
    """The group keys of a field, most specific first: ``name|source|ocr``, ``name|source``, ``name``."""
    if reason.startswith("dikosongkan karena tidak pasti"):
        reason = reason.split(": ", 1)[-1]
    source = source_of(table, name, reason)
    ocr = ocr_evidence(table, value, reason, confs)
    return (f"{name}|{source}|{ocr}", f"{name}|{source}", name)


def emptied_value(field: Field) -> str | None:
    """The value extraction read but dropped as unsure (kept in its reason, ``dikosongkan ... ('X')``)."""
    m = re.match(r"dikosongkan karena tidak pasti \((['\"])(.*?)\1\)", field.reason)
    return m.group(2) if m else None


# ---------------------------------------------------------------- the stage

def calibrate(metadata: Metadata, classification: Classification, words: Sequence[Word] = (),
              table: Table | None = None) -> tuple[Metadata, Classification]:
    """``metadata`` and ``classification`` with each confidence of the table's fields calibrated (values
    and reasons unchanged; a field emptied as unsure gets the calibrated confidence of the value it
    dropped). ``table`` defaults to the shipped one."""
    table = load_table() if table is None else table
    if not table.curves:
        return metadata, classification
    confs = word_confidences(words)
    changes: dict[str, Any] = {}
    for name in FIELDS:
        field: Field = getattr(metadata, name)
        value = field.value if field.present else emptied_value(field)
        if value is None or field.confidence <= 0 or INFERRED_NOTE in field.reason:
            continue  # nothing to calibrate, or a value completed from another field: no curve was fitted on such
        keys = group_keys(table, name, value, field.reason, confs)
        changes[name] = replace(field, confidence=table.calibrated(keys, field.confidence))
    if classification.doc_type is not None:
        conf = table.calibrated((CLASS,), classification.confidence)
        classification = replace(classification, confidence=conf)
    return replace(metadata, **changes), classification


def read_table(path: str | Path | None = None) -> Table:
    """The table at ``path``, or the shipped ``ingest/data/calibration.json``; a bad file is refused,
    naming what is wrong."""
    if path is None:
        text = resources.files("ingest").joinpath(TABLE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        return Table.from_json(json.loads(text))
    except (json.JSONDecodeError, AttributeError, TypeError) as exc:
        raise ValueError(f"calibration table {path or TABLE}: {exc}") from exc


@functools.lru_cache(maxsize=1)
def load_table() -> Table:
    """The shipped table, read once."""
    return read_table()

