"""A number's '/' segments voted one by one over the readings of its row, where no reading gives it whole.

A blurred photo's readings of a long number each damage another part of it: one loses the figure after the code's
last dot ("000.4.7./340/…"), one writes figures into a code word ("B14.LPP", "P1d.LPP"), one loses the '/' before
the Roman month ("DISPERSIPAV"), one reads a lone stroke as a piece of the code ("BId.I.PP"). No two readings then
give the same number, and the votes over whole numbers take nothing; yet every segment is read alike by the
readings that do not damage it. Such a reading names no other segment: it abstains there, and votes on the rest.

A segment is taken only where no reading gives a *rival* for it: another segment of the same kind that is no damage
(other figures in a segment of figures, "100.10" beside "400.10"; another spelling of a code of the same pieces,
"Kol" beside "Kel", "Bia" beside "Bid", "D5-TS" beside "DS-TS"; another Roman month). A rival means the readings
split on something Tesseract could not settle, and the number stays empty (a wrong number is worse than none).
The readings lose a '/' and do not add one (bench/README.md, photonomor28), so the widest shape read by at least
two readings is the number's; a reading with fewer segments votes only on the segments before its last one (where
the lost '/' may have run two segments into one) and only up to the place where its segments stop matching.

Pure functions over the readings' strings (``ingest.nomorwrap`` applies them to a wrapped number's first piece).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .nomor import ROMAN_MONTHS

SEGMENT_AGREE = 3  # readings, at least, that give a segment alike (``fieldread.MIN_VOTES``)
SHAPE_READINGS = 2  # readings, at least, that give the widest shape taken as the number's
_FIGURES = re.compile(r"\d+(?:\.\d+)*")  # a segment of figures: a serial, a classification code
_CODE = re.compile(r"[A-Za-z]+(?:[.\-][A-Za-z]+)*")  # a code of letters in pieces: "Bid.LPP", "Kel-TD", "DISPERSIP"
_MIXED = re.compile(r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*")  # a code with figures: "DS-TS" read "D5-TS", "STWL-3"
_I_IN_SMALL = re.compile(r"[A-Za-z]I[a-z]|^I[a-z]")  # a capital I inside small letters: an 'i' or an 'l', unsaid
_LONE_STROKE = re.compile(r"(?:^|[.\-])[Il1|][.\-]")  # a lone stroke as a piece ("Bid.I.PP"): a letter not read
_WORD_WITH_FIGURE = re.compile(r"(?:^|[.\-])(?=[^.\-]*[a-z])(?=[^.\-]*\d)[^.\-]+")  # "B14", "P1d": a word lost


def _form(segment: str) -> str:
    """A segment as the votes compare it: a comma for a dot (the extractor reads one so), spaces dropped."""
    return "".join(segment.split()).replace(",", ".")


def _damaged(segment: str) -> bool:
    """Whether a reading's segment is damage that names no segment of its own: empty, a mark in it, a code of
    figures ending in its dot (the figure after it lost: "000.4.7."), a word with a figure written into it
    ("B14", "P1d"), a lone stroke as a piece ("Bid.I.PP"), a capital I among small letters ("BId": an 'i' or
    an 'l', which the reading does not say)."""
    if not segment or not _MIXED.fullmatch(segment.rstrip(".")):
        return True
    return segment.endswith(".") or bool(_WORD_WITH_FIGURE.search(segment) or _LONE_STROKE.search(segment)
                                          or _I_IN_SMALL.search(segment))


def _kind(segment: str) -> str:
    return "figures" if _FIGURES.fullmatch(segment) else "month" if segment in ROMAN_MONTHS \
        else "code" if _CODE.fullmatch(segment) else "mixed"


def _rival(taken: str, other: str) -> bool:
    """Whether ``other`` (no damage) reads the segment ``taken`` as another one of its kind: other figures
    (dots aside, which the readings lose: "000.47.1" is no rival of "000.4.7.1"), another month, another spelling
    of a code of as many pieces (case aside)."""
    if other.casefold() == taken.casefold():
        return False
    if _kind(taken) == "figures":
        return _kind(other) == "figures" and (other.replace(".", "") != taken.replace(".", "")
                                              or other.count(".") > taken.count("."))
    if _kind(taken) == "month":
        return _kind(other) == "month"
    return _kind(other) in ("code", "mixed") and len(re.split(r"[.\-]", other)) == len(re.split(r"[.\-]", taken)) \
        and not _figure_garbled(taken, other)


# A letter and the figure OCR reads for it (or the other way): a code read with one of these in place of the other
# is a split Tesseract could not settle ("DS-TS" and "D5-TS"), a rival
LOOKALIKES = frozenset({("S", "5"), ("s", "5"), ("B", "8"), ("O", "0"), ("o", "0"), ("D", "0"), ("I", "1"),
                        ("l", "1"), ("i", "1"), ("Z", "2"), ("z", "2"), ("G", "6"), ("b", "6"), ("g", "9"),
                        ("q", "9"), ("A", "4"), ("T", "7")})


def _figure_garbled(taken: str, other: str) -> bool:
    """Whether ``other`` writes a figure where ``taken`` has a letter no figure looks like, or the other way
    ("B14" for "Bid": the 'd' read '4'): the reading garbled the code, it names no other spelling of it."""
    return len(taken) == len(other) and any(
        a.isdigit() != b.isdigit() and (b, a) not in LOOKALIKES and (a, b) not in LOOKALIKES
        for a, b in zip(taken, other))


def _i_reads(segment: str, clean: Sequence[str]) -> str | None:
    """The one clean spelling of ``clean`` that a segment with a capital I among small letters ("BId") reads,
    the I taken as an 'i' or an 'l' ("Bid" or "Bld"); None when none or both are read, or the segment holds
    other damage."""
    if not _I_IN_SMALL.search(segment) or _damaged(segment.replace("I", "i")):
        return None
    fits = {c for c in clean if len(c) == len(segment) and all(
        a == b or a == "I" and b in "il" for a, b in zip(segment, c))}
    return fits.pop() if len(fits) == 1 else None


def _narrow_reads(row: Sequence[str], k: int, width: int) -> list[str]:
    """What a reading with fewer segments than ``width`` (a '/' lost somewhere) reads at the number's segment
    ``k``: counted from the left where ``k`` comes before its last segment, from the right where it comes after its
    first (a lost '/' runs two segments into one there, which names neither)."""
    lost = width - len(row)
    return [row[j] for j in (k, k - lost) if (j == k and j < len(row) - 1) or (j == k - lost and 0 < j < len(row))]


def voted_segments(values: Sequence[str]) -> tuple[list[str], int] | None:
    """The number's segments voted one by one over ``values`` (each reading's number, or its first piece, split
    at '/'), and the fewest votes a segment got; None when a segment is not read alike by ``SEGMENT_AGREE``
    readings or a reading of the number's shape gives a rival for it (``_rival``). The readings of the widest
    shape read by ``SHAPE_READINGS`` readings choose each segment; a narrower reading (a '/' lost) only adds its
    vote where it reads the chosen segment (``_narrow_reads``), as does a reading with a capital I among small
    letters that reads the chosen spelling and no other (``_i_reads``)."""
    rows = [[_form(s) for s in v.strip("/").split("/")] for v in values if v and v.strip("/")]
    widths = Counter(len(r) for r in rows)
    wide = [w for w, n in widths.items() if n >= SHAPE_READINGS]
    if not wide:
        return None
    width = max(wide)
    full = [r for r in rows if len(r) == width]
    narrow = [r for r in rows if len(r) < width]
    out: list[str] = []
    fewest = len(rows)
    for k in range(width):
        clean = [r[k] for r in full if not _damaged(r[k])]
        if not clean:
            return None
        folded, _ = Counter(s.casefold() for s in clean).most_common(1)[0]
        spellings = [s for s in clean if s.casefold() == folded]
        if any(_rival(spellings[0], s) for s in clean):
            return None
        votes = len(spellings) + sum(_i_reads(r[k], spellings) is not None for r in full if _damaged(r[k]))
        votes += sum(any(s.casefold() == folded or _i_reads(s, spellings) is not None
                         for s in _narrow_reads(r, k, width)) for r in narrow)
        if votes < SEGMENT_AGREE:
            return None
        out.append(Counter(spellings).most_common(1)[0][0])
        fewest = min(fewest, votes)
    return out, fewest


__all__ = ["SEGMENT_AGREE", "voted_segments"]
