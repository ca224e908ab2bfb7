"""A letter's date its row's readings by two recognizers agree on where neither recognizer's own vote settles it
(issue 17, dates37).

A messenger photo's or a fax's date row is read again by the page's model under several binarisations and by the
witness model under its first ones (``fieldread._reading``). Each model repeats its own misreadings across its
variants, so each model's vote asks for several readings of its own (``fieldread.vote``, ``fieldread.witness_vote``)
and any reading of another valid date leaves the date open. On a damaged row each model may read the date whole
only once or twice, the other readings losing the day to a speck ("D4 APRIL 2023", "#APRIL 2023"); or one reading
of one model may misread one figure ("12 April 2024" beside four "22 April 2024"). Two recognizers that read the
same date are two witnesses that do not share their errors, so:

- every reading that gives a date gives the same one, at least ``BOTH_READINGS`` readings in all give it and each
  model gives it at least once (no rival at all); or
- each model gives it at least ``EACH_MODEL_READINGS`` times, and another date is given by one reading only (of one
  model, the other model never reading it): the rival is that reading's misread figure.

The date is taken under the archive's "keyakinan rendah" line (``CROSSED_CONFIDENCE``) and named for review,
never shown as read: one of the two recognizers read it once or twice only. These functions only decide; whether
the row is the letter's date (not an event's or a cited letter's) is for extraction to say with the chosen reading
in the row's place, and the letter's own number must not contradict it (``fieldread.settle``'s hook).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

CROSSED = "tanggal dibaca sama oleh dua model pembaca baris, tidak cukup bacaan untuk satu model"
CROSSED_CONFIDENCE = 0.35
BOTH_READINGS = 3  # readings of the two models together, at least, that give the date when no reading gives another
EACH_MODEL_READINGS = 2  # readings of each model, at least, that give the date when one reading gives another


def crossed_date(line: dict, dated: Callable[[str], str | None]) -> tuple[str, str, int, int] | None:
    """The date the two models' readings of the re-read date row ``line`` (a "fieldread" record's line: its
    ``page_line`` and ``readings`` by the page's model, its ``witness`` readings) agree on as the module says:
    the date, the first reading that gives it (the page's model's first), how many readings give it and how
    many readings there are. ``dated`` is the date one reading gives alone (``fieldread.line_values``). None
    when the models do not agree so."""
    own = [line["page_line"], *line["readings"]]
    witness = list(line.get("witness", ()))
    if not witness:
        return None
    mine = [dated(r) for r in own]
    theirs = [dated(r) for r in witness]
    told = Counter(v for v in [*mine, *theirs] if v)
    if not told:
        return None
    (value, n), *rest = told.most_common()
    in_own, in_witness = mine.count(value), theirs.count(value)
    if not rest:
        if n < BOTH_READINGS or not in_own or not in_witness:
            return None
    elif len(rest) > 1 or rest[0][1] > 1 or in_own < EACH_MODEL_READINGS or in_witness < EACH_MODEL_READINGS:
        return None
    reading = next(r for r in [*own, *witness] if dated(r) == value)
    return value, reading, n, len(own) + len(witness)
