"""A document whose pages arrived as separate files: a page that continues another upload (issue 17).

A two-page agreement photographed page by page gives two documents. Page 1 names the parties and is
linked by its partner; page 2 holds the later articles and the signatures, often no partner the reader
can take, no date, no nomor. What ties the two is the text itself: the articles ("Pasal 4" ... "Pasal 9")
of page 2 continue the numbering where page 1's stopped ("Pasal 1" ... "Pasal 3"). This module reads a
page's run of article numbers and tells whether one text continues another; ``archive.linking`` looks
for such a partner among the documents uploaded around the same time and joins its activity.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# An article heading on a line of its own: "Pasal 4", OCR's "Pasal ?" (a number unread keeps its place),
# a mark or two of dust around it ("'Pasal 4"), its last letter read as a stroke of its like ("Pasai 6",
# "Pasa1 6", "Pasa| 6": an l is one upright, as an i, a 1, a bar or an I is).
_ARTICLE = re.compile(r"^\W{0,2}pasa[li1|!]\s+(\S{1,3}?)\W{0,2}$", re.IGNORECASE)
# How many article headings OCR may have lost where one page ends and the next begins.
MAX_LOST = 2
# How many headings must agree on where a page's numbering starts (one misread number is outvoted).
MIN_AGREEING = 2


@dataclass(frozen=True)
class ArticleRun:
    """The article numbers a text runs through: ``first`` .. ``last`` (headings in order, one apart)."""

    first: int
    last: int


def article_run(text: str) -> ArticleRun | None:
    """The run of article numbers of ``text``, read from its "Pasal N" headings in order: each heading
    votes for the number the run starts at (its number less its place), so one misread number ("Pasal 3"
    for 5 among 6, 8, 9, 10) or one unread ("Pasal ?") does not move it. None with fewer than
    ``MIN_AGREEING`` headings agreeing, or when as many disagree as agree."""
    heads = _headings(text)
    numbers = [(i, int(h)) for i, h in enumerate(heads) if h.isdigit()]
    votes = Counter(n - i for i, n in numbers)
    if not votes:
        return None
    (start, agreeing), = votes.most_common(1)
    if agreeing < MIN_AGREEING or agreeing * 2 <= len(numbers) or start < 1:
        return None
    return ArticleRun(start, start + len(heads) - 1)


def _headings(text: str) -> list[str]:
    return [m.group(1) for line in (text or "").splitlines() if (m := _ARTICLE.match(line))]


def article_span(text: str) -> ArticleRun | None:
    """The first and last article numbers of ``text`` when headings were lost ("Pasal 5" read as a title
    alone): the longest increasing sequence of the numbers read, keeping those with a neighbour in it at most
    ``MAX_LOST`` + 1 apart (a stray number far from the others is no heading of this run). None with fewer
    than ``MIN_AGREEING`` kept."""
    numbers = [int(h) for h in _headings(text) if h.isdigit()]
    best: list[list[int]] = []
    for i, n in enumerate(numbers):  # longest increasing subsequence ending at each number (pages hold few)
        best.append(max((best[j] for j in range(i) if numbers[j] < n), key=len, default=[]) + [n])
    run = max(best, key=len, default=[])
    kept = [n for i, n in enumerate(run)
            if (i + 1 < len(run) and run[i + 1] - n <= MAX_LOST + 1) or (i and n - run[i - 1] <= MAX_LOST + 1)]
    return ArticleRun(kept[0], kept[-1]) if len(kept) >= MIN_AGREEING else None


def continues(text: str, before: str) -> bool:
    """``text`` is the next part of the document ``before`` is the start of: its articles begin after
    Pasal 1, one after the last article of ``before`` (read by the headings' votes, ``article_run``), or,
    headings lost, at most ``MAX_LOST`` further on (``article_span``)."""
    mine, theirs = article_run(text), article_run(before)
    if mine is not None and theirs is not None and mine.first > 1 and mine.first == theirs.last + 1:
        return True
    mine, theirs = article_span(text), article_span(before)
    return mine is not None and theirs is not None and mine.first > 1 \
        and 0 <= mine.first - theirs.last - 1 <= MAX_LOST
