"""The quality gate: a page that cleanup made worse is read again from a lighter path.

Cleanup (evening the light, removing stamps, borders and marks) helps on most pages, but on some
real captures it costs text: a blurred low-resolution scan loses whole lines, a mark detector takes
a block of letterhead. When the cleaned page's reading is unsure (mean word confidence or share of
dictionary words below what a good page gives), the page after the geometric stages only (sheet,
orientation, skew, curl; grey) is read too, and the reading with more dictionary words is kept, or a
far surer one (mean word confidence, share of dictionary words; ``surer``). The lighter page's ruled
tables, where the cleaned page has them, are read row by row and cell by cell as the cleaned page's were.
A dictionary word is a word of three or more letters in Tesseract's own word list for the page's
languages (``ocr.dictionary``): garbage read off a signature or a stamp is rarely one, lost lines
are many of them.
"""
from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Sequence

import numpy as np

from .model import Page, PageText, StageRecord, elapsed_ms
from .ocr import dictionary, read_page
from .options import IngestOptions
from .raster import to_grey
from .resolution import replication_factor, source_grid
from .tables import find_tables, recorded_tables

# A page read this well is left alone. Clean generated and born-digital pages read at 93-97;
# on the real development set the pages where the lighter path won read at 72-85 mean word
# confidence, and the 15 pages checked at 88.8-92 gained nothing for a second OCR pass each
# (bench/README.md, "Real captures"), so the gate looks at pages under 88 only.
SURE_CONFIDENCE = 88.0
SURE_DICTIONARY_SHARE = 0.85
# The lighter reading replaces the cleaned one only with clearly more dictionary words.
MARGIN = 1.03
# ... or when it is far surer of itself (``surer``): its mean word confidence at least this many points
# above the cleaned reading's. A cleaned reading that read another sheet's text into the letter (a creased
# messenger photo: 244 words at 54.8) held more dictionary words (146) than the told and light readings of
# the same page (110 at 77.2, 95 at 79.9) and was kept at 73.7 % CER (theirs 28.3 and 22.4 %). On 88 other
# unsure pages (five generated sets and the real captures) a candidate read 15 points above the cleaned reading
# twice: a reading that lost most lines (``KEEP``) and a low-resolution scan's light page (28.5 -> 48.7,
# 40.2 -> 39.1 % CER), whose middle band promised no more words, so it was not read whole.
SURER = 15.0
# ... and keeps at least this share of the other reading's dictionary words weighed by confidence (half:
# the creased photo's told and light readings kept 0.91 and 0.81 of the cleaned one's, a phone photo's
# light reading that lost most of its lines 0.27)
KEEP = 0.5
# Before reading a lighter page whole, a band of it is read and compared with the cleaned reading's
# words in the same band (and a candidate's reading that replaced it): most unsure pages (degraded
# photos, faxes) keep their cleaned reading, and a whole second (and third) reading of each doubled
# or tripled their time.
PROBE_BAND = (0.3, 0.7)
TOLD = "told"  # the cleaned page read with its resolution told
SOURCE = "source"  # the light page brought back to the resolution of the image it was rendered from
_INK_CONTRAST = 40  # grey levels between a word box's darkest and lightest pixel for it to hold ink
_EDGE = 2  # px: a word touching the probe's edge may be cut in half
# a share of the page's height: a table band reaching this close to both the top and the bottom of the
# page is the sheet's outline (a photocopy's dark edges, a page border) with a rule across, not a table
_SHEET_EDGE = 0.05
_WORD = re.compile(r"^[^\w]*([A-Za-z]{3,})[^\w]*$")


def dictionary_words(text: PageText, words: frozenset[str]) -> tuple[int, int]:
    """(dictionary words, alphabetic words of 3+ letters) of a reading."""
    hits = total = 0
    for word in text.words:
        found = _WORD.match(word.text)
        if found:
            total += 1
            hits += found.group(1).lower() in words
    return hits, total


def _band_hits(words_read, words: frozenset[str], y0: int, y1: int, dy: int = 0) -> int:
    """Dictionary words among ``words_read`` lying wholly inside rows ``y0``..``y1`` (boxes shifted by ``dy``)."""
    hits = 0
    for word in words_read:
        top = word.box[1] + dy
        if top < y0 + _EDGE or top + word.box[3] > y1 - _EDGE:
            continue
        found = _WORD.match(word.text)
        if found:
            hits += found.group(1).lower() in words
    return hits


def probe(cleaned: PageText, lighter: Page, options: IngestOptions, words: frozenset[str],
          told: bool = False) -> tuple[int, int]:
    """(cleaned, lighter) dictionary words in the middle band of the page (``PROBE_BAND``), the
    lighter page's band read on its own (``told``: with its resolution told, see ``ocr.read_page``):
    a cheap sign of whether reading it whole can pay."""
    height = lighter.image.shape[0]
    y0, y1 = int(PROBE_BAND[0] * height), int(PROBE_BAND[1] * height)
    band = read_page(lighter.evolve(image=to_grey(lighter.image)[y0:y1]), options, told=told)
    return _band_hits(cleaned.words, words, y0, y1), _band_hits(band.words, words, y0, y1, dy=y0)


def _promising(cleaned: PageText, kept: PageText, lighter: Page, options: IngestOptions, words: frozenset[str],
               details: dict, name: str) -> bool:
    """Whether ``lighter`` is worth reading whole: its probe band reads clearly more dictionary words
    (``MARGIN``) than the cleaned reading reads in the same band and, when a candidate's reading has
    replaced it (``kept``), more than that reading too (any word more: the whole reading must beat the
    cleaned one by ``MARGIN`` and the kept one by a word, see ``keep_better``): a whole reading that
    cannot beat the reading kept is made for nothing (1-2 CPU-s on a real or low-resolution page)."""
    ours, theirs = probe(cleaned, lighter, options, words, told=True)
    taken = ours
    if kept is not cleaned:
        height = lighter.image.shape[0]
        taken = _band_hits(kept.words, words, int(PROBE_BAND[0] * height), int(PROBE_BAND[1] * height))
    details[f"{name}_probe"] = [max(ours, taken), theirs]
    return theirs > ours * MARGIN and theirs > taken


# A page whose blurred print ``light.even_out_light`` sharpened is read plain as well (``pipeline``); the sharpened
# reading is kept only with no fewer dictionary words and either clearly more of them (``MARGIN``) or a mean word
# confidence ``SHARPENED_SURER`` points above the plain reading's: low-resolution agenda tables read 25 -> 34 sure
# with 3 more dictionary words (50.6 -> 38.9 % CER), while a sharper agenda that read 2 fewer words 2.5 surer read
# worse (6.4 -> 8.0 %; bench/README.md, lowres39).
SHARPENED_SURER = 5.0


def sharpened_reads_better(sharp: PageText, plain: PageText, options: IngestOptions) -> bool:
    """Whether the reading of a page whose blurred print was sharpened (``sharp``) is to be kept over the
    reading of the same page cleaned without sharpening (``plain``); when in doubt, the plain one."""
    words = dictionary(options.languages)
    sharp_hits, _ = dictionary_words(sharp, words)
    plain_hits, _ = dictionary_words(plain, words)
    if sharp_hits < plain_hits:
        return False
    return sharp_hits > MARGIN * plain_hits or sharp.confidence >= plain.confidence + SHARPENED_SURER


def distinct_words(text: PageText, words: frozenset[str]) -> int:
    """Different dictionary words of a reading (each counted once, case folded)."""
    return len({found.group(1).lower() for word in text.words for found in [_WORD.match(word.text)]
                if found and found.group(1).lower() in words})


def _share(text: PageText, words: frozenset[str]) -> float:
    hits, total = dictionary_words(text, words)
    return hits / total if total else 0.0


def _weighed_words(text: PageText, words: frozenset[str]) -> float:
    """Dictionary words of a reading, each weighed by its confidence (100 = one word)."""
    return sum(word.conf for word in text.words
               if (found := _WORD.match(word.text)) and found.group(1).lower() in words) / 100


def surer(reading: PageText, other: PageText, words: frozenset[str]) -> bool:
    """Whether ``reading`` is far surer than ``other``, whatever their dictionary words: a mean word
    confidence ``SURER`` points or more above ``other``'s, a larger share of dictionary words, more
    words read well than badly on balance (each word counted by its confidence, 100 as one word right,
    0 as one wrong, 50 as nothing: ``n * (mean - 50)``), and at least half (``KEEP``) of ``other``'s
    dictionary words weighed by their confidence.

    More dictionary words usually mean more of the page read, but a reading that took a second sheet's
    or a background's text into the letter's lines reads many words of the list too (office words), at
    low confidence, with many misreadings among them. The balance and the weighed words keep a reading
    that lost lines: a surer reading of part of the page holds fewer words read well than the whole
    page's reading (a generated phone photo read at 40.9 over 514 words, 195 of the list, against 79.7
    over 45 words, 27 of the list and 88 % CER; the balance alone took it, as every word under 50 counts
    against the whole page's reading); the share keeps a reading surer of other things than words
    (codes, numbers, a logo's letters)."""
    return (reading.confidence >= other.confidence + SURER and _share(reading, words) > _share(other, words)
            and len(reading.words) * (reading.confidence - 50) > len(other.words) * (other.confidence - 50)
            and _weighed_words(reading, words) >= KEEP * _weighed_words(other, words))


def _read_light(candidate: Page, options: IngestOptions, tables: Sequence[tuple[int, int]],
                words: frozenset[str], details: dict) -> PageText:
    """A lighter candidate page read whole. Where the cleaned page holds ruled tables (``tables``, its
    bands), the lighter page's own tables are found too (its rules erased, its grid recorded), and those
    lying where the cleaned page has one are read row by row, cell by cell, as the cleaned page's were: read
    straight across by Tesseract's layout, the wrapped cells of a schedule or register mixed their lines and
    the gate took that order for its dictionary words (generated: 34.0 and 32.2 % page CER, 7.1 and 9.7 % read
    by cells). That reading is kept unless the page read by Tesseract's layout gives clearly more dictionary
    words (``MARGIN``; on a shadowed photo the lighter page's grid lost rows, 40 words to 69) or is far surer
    (``surer``; a blurred low-resolution schedule: 39 words at 72.5 to 44 at 52.5).
    ``_SHEET_EDGE``: a band that runs from edge to edge of the sheet is its outline, not a table."""
    grey = candidate.evolve(image=to_grey(candidate.image))
    plain = read_page(grey, options, told=True)
    if not tables:
        return plain
    found = find_tables(grey)
    height = grey.image.shape[0]
    inside = [(y0, y1) for y0, y1 in recorded_tables(found.steps)
              if not (y0 < _SHEET_EDGE * height and y1 > (1 - _SHEET_EDGE) * height)
              and any(min(y1, b1) - max(y0, b0) > 0.5 * min(y1 - y0, b1 - b0) for b0, b1 in tables)]
    if not inside:
        return plain
    by_cells = read_page(found, options, tables=inside, told=True)
    counts = dictionary_words(plain, words)[0], dictionary_words(by_cells, words)[0]
    details["light_layout_cells"] = [*counts, round(plain.confidence, 1), round(by_cells.confidence, 1)]
    if counts[0] > counts[1] * MARGIN or surer(plain, by_cells, words):
        return plain
    return by_cells


def unsure(text: PageText, words: frozenset[str]) -> bool:
    return text.confidence < SURE_CONFIDENCE or (bool(words) and _share(text, words) < SURE_DICTIONARY_SHARE)


def keep_better(cleaned: PageText, light: Page, options: IngestOptions, upright: Page | None = None,
                page: Page | None = None, tables: Sequence[tuple[int, int]] = ()) -> PageText:
    """``cleaned``, or the reading of ``light`` (the page before photometric cleanup) when the
    cleaned reading is unsure and the light one has clearly more dictionary words.

    ``page`` (the cleaned page ``cleaned`` was read from, with its ruled-table bands ``tables``) is
    read again with Tesseract told its resolution (``ocr.read_page(told=True)``), the first
    candidate, read whole: on a blurred low-resolution page (a 72 dpi fax inside a PDF, rendered large)
    Tesseract's 70 dpi assumption loses whole lines, while on some photos the told reading loses a
    label column or reads a photo's background; the dictionary-word count (and the count of different
    words, ``distinct_words``) decides per page. A later candidate replaces the reading taken so far when
    it reads clearly more (``MARGIN``) than the cleaned reading and more than the one taken. The lighter pages (and their probe
    bands) are read told as well: on the unsure real pages told readings won more often (a 72 dpi
    scan whose upright page won: 24.9 -> 22.6 % CER) and no page the gate checks is a sure one.

    A PDF page the load found made by repeating a low-resolution image's pixels (a 72 ppi scan that
    poppler enlarged 4.17 times without interpolation) is also read at that image's own resolution,
    its exact pixels taken back from ``upright`` (``at_source_resolution``), the last candidate: a
    small page, so its reading costs about 1 CPU-s. On a real 72 ppi scan of 12 px letters it read
    6 edits fewer than the upright page and 336 fewer than the cleaned one (which was read from the
    blocky page deskewed); on two of 9 px letters it read fewer dictionary words and was not taken.

    A candidate far surer than the reading taken so far (``surer``: 15 points of mean word confidence or
    more above it, a larger share of dictionary words, more words read well on balance, half its weighed
    dictionary words at least) replaces it with no
    more dictionary words, and later candidates must then beat it as they had to beat the cleaned one: a
    creased messenger photo's cleaned reading took a second sheet's office words into the letter.

    ``upright`` (the page turned upright but not yet deskewed) is read as well when deskew
    turned it by less than a degree and nothing else changed its geometry: Tesseract copes
    with so small a skew itself, and rotating a blurred, enlarged page (a 72 dpi image in a
    PDF) was seen to cost whole lines."""
    started = time.perf_counter()
    words = dictionary(options.languages)
    hits, total = dictionary_words(cleaned, words)
    details: dict = {"cleaned_words": hits, "cleaned_confidence": round(cleaned.confidence, 1)}
    if not words or not unsure(cleaned, words):
        details["checked"] = False
        return replace(cleaned, steps=cleaned.steps + (StageRecord("quality_gate", elapsed_ms(started), details),))
    details["checked"] = True
    candidates: list[tuple[str, Page]] = [(TOLD, page)] if page is not None else []
    candidates.append(("light", light))
    if upright is not None and _small_turn_only(upright, light):
        candidates.append(("upright", upright))
    # last: read whole, a reading taken before the probed candidates would bar them on their band alone (a
    # generated 72 ppi page: source 58 words taken, the upright band's 56 then promised nothing, though the
    # upright page read whole gives 88 and 298 edits against the source's 662)
    source = at_source_resolution(upright) if upright is not None else None
    if source is not None and upright is not None:
        candidates.append((SOURCE, source[0]))
        grid = source[1], source[2], to_grey(upright.image)
    # the reading a candidate must beat: the cleaned one, or a far surer candidate's that set it aside (``surer``)
    base, base_hits = cleaned, hits
    other, other_hits = cleaned, hits
    for name, candidate in candidates:
        if name == SOURCE:
            # read whole, unprobed: the source's pixels are a sixteenth of the rendered page's
            reading = _on_page(read_page(candidate, options, told=True), *grid)
        elif name == TOLD:
            # read whole, unprobed: it costs about what its band costs on the low-resolution pages it helps
            # (the page's own pixels, its table bands read once, ``ocr.same_page_readings``), and its
            # band often promised nothing where the whole reading won (two real faxes and scans)
            reading = read_page(candidate, options, tables=tables, told=True)
        elif not _promising(base, other, candidate, options, words, details, name):
            continue
        else:
            reading = _read_light(candidate, options, tables if name == "light" else (), words, details)
        reading_hits, _ = dictionary_words(reading, words)
        details[f"{name}_words"] = reading_hits
        details[f"{name}_confidence"] = round(reading.confidence, 1)
        more = reading_hits > base_hits * MARGIN and reading_hits > other_hits
        if not more and surer(reading, other, words):
            # far surer than the reading taken so far, with no clearly more dictionary words: it sets that
            # reading aside, and a later candidate must beat it as the cleaned one had to be beaten
            base, base_hits, other, other_hits = reading, reading_hits, reading, reading_hits
            details["light_path"] = details["surer"] = name
            continue
        if name == TOLD and reading_hits > base_hits * MARGIN:
            # and clearly more different words: told its resolution, Tesseract also reads what the first
            # reading left alone as noise, a photographed letter's background of office words, each one a
            # word of the list and the same few again and again (a generated phone photo: 123 -> 163 words
            # but 85 -> 86 different ones, 503 -> 790 character edits); the lines a told reading brings
            # back on a blurred scan or fax bring new words (real: 60 -> 64, 114 -> 121, 103 -> 134)
            distinct = [distinct_words(base, words), distinct_words(reading, words)]
            details["told_distinct_words"] = distinct
            if distinct[1] <= distinct[0] * MARGIN:
                continue
        # clearly more words than the cleaned reading, and more than the candidate's reading taken so far:
        # a later candidate that beats the cleaned reading as clearly as the taken one did is not turned
        # away for missing that one's margin too (a photo's told reading at 52 words to the cleaned 50
        # would have barred the light one's 53)
        if more:
            other, other_hits = reading, reading_hits
            details["light_path"] = name
    chosen = other is not cleaned
    details["kept"] = "light" if chosen else "cleaned"
    record = StageRecord("quality_gate", elapsed_ms(started), details)
    if not chosen:
        return replace(cleaned, steps=cleaned.steps + (record,))
    return replace(cleaned, text=other.text, words=other.words, confidence=other.confidence,
                   flags=tuple(dict.fromkeys(f for f in other.flags)), steps=cleaned.steps + (record,))


def at_source_resolution(upright: Page) -> tuple[Page, np.ndarray, np.ndarray] | None:
    """``upright`` (grey) at the resolution of the image its page was rendered from, with the rows and
    columns of ``upright`` where each of its pixels begins, when the load found the page made by
    repeating that image's pixels (``resolution.replication_factor``: poppler enlarges a 72 ppi scan
    inside a PDF 4.17 times without interpolation) and turning it upright kept them whole; else None.

    The source's pixels are taken back exactly (``resolution.source_grid``), not resampled: a page
    shrunk by area averaging read 206 or 320 edits on the same 72 ppi letter as its factor was 4.18
    or 4.16. Read at its own resolution, such a page is what a plain Tesseract reads of the file: on
    a scan of 12 px letters that reading kept words the blocky 50 px letters lost, on one of 9 px
    letters it lost many more; which reading has more dictionary words decides (``keep_better``)."""
    factor = next((float(s.details["replicated"]) for s in upright.steps
                   if s.stage == "load" and s.details.get("replicated")), 1.0)
    if factor <= 1.0:
        return None
    grey = to_grey(upright.image)
    if replication_factor(grey) <= 1.0:  # a sheet warped flat or a page enlarged since has lost the grid
        return None
    rows, columns = source_grid(grey, factor)
    width = grey.shape[1]
    small = grey[rows][:, columns]
    return upright.evolve(image=small, dpi=max(1, round(upright.dpi * len(columns) / width))), rows, columns


def _on_page(text: PageText, rows: np.ndarray, columns: np.ndarray, upright: np.ndarray) -> PageText:
    """``text`` read off a page's source pixels, its word boxes put back where those pixels lie on
    ``upright`` (grey) and each one's top and bottom drawn in to its ink.

    Tesseract boxes a word read at 72 ppi with its whole line's height and more (d03: 117-130 px on
    the page for letters of 46-75), which reaches into the next line; a number row read again from
    such a box read the date line above it too and lost the number (``fieldread``)."""
    xs, ys = np.append(columns, upright.shape[1]), np.append(rows, upright.shape[0])

    def box(b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        x0, y0 = int(xs[min(b[0], len(columns))]), int(ys[min(b[1], len(rows))])
        x1, y1 = int(xs[min(b[0] + b[2], len(columns))]), int(ys[min(b[1] + b[3], len(rows))])
        top, bottom = _ink_rows(upright[y0:y1, x0:x1])
        return x0, y0 + top, x1 - x0, bottom - top

    words = tuple(replace(w, box=box(w.box)) for w in text.words)
    return replace(text, words=words, width=upright.shape[1], height=upright.shape[0])


def _ink_rows(crop: np.ndarray) -> tuple[int, int]:
    """(first, last + 1) rows of the longest run of rows holding ink in ``crop`` (darker than halfway
    between its darkest and lightest pixel), the whole crop when it holds none."""
    if crop.size == 0:
        return 0, crop.shape[0]
    low, high = int(crop.min()), int(crop.max())
    if high - low < _INK_CONTRAST:
        return 0, crop.shape[0]
    inked = np.flatnonzero((crop < (low + high) / 2).any(axis=1))
    breaks = np.flatnonzero(np.diff(inked) > 1)
    starts, ends = np.concatenate([[0], breaks + 1]), np.concatenate([breaks, [len(inked) - 1]])
    longest = int(np.argmax(inked[ends] - inked[starts]))
    return int(inked[starts[longest]]), int(inked[ends[longest]]) + 1


def _small_turn_only(upright: Page, light: Page) -> bool:
    """True when ``light`` differs from ``upright`` only by a deskew of under a degree."""
    if upright.image.shape[:2] != light.image.shape[:2] or light.flattened != upright.flattened:
        return False
    turn = abs(light.skew_degrees - upright.skew_degrees)
    dewarped = any(s.stage == "dewarp" and s.details.get("dewarped") for s in light.steps)
    return 0.0 < turn < 1.0 and not dewarped


__all__ = ["dictionary_words", "unsure", "surer", "keep_better", "probe", "distinct_words", "at_source_resolution", "PROBE_BAND"]
