"""A legacy buku agenda page as register rows, read from the OCR words the archive keeps.

Pure: OCR words (text, confidence, box) in, ``AgendaRow``s out.  The agenda is one kind of the
one table reader (``archive.table_read``; its header wordings are the ``[agenda]`` kind of
``archive/data/table_kinds.toml``): the header's columns are recognised by their text, in
whatever order the book has them, over one or two header lines ("No." above "Agenda"), and body
words go to the column under whose header they sit.  What is the agenda's own: a header cell OCR
could not read is named by what its cells hold; a line with nothing in the leading column (nomor
agenda, else tanggal terima, else nomor surat) continues the row above (a wrapped cell) unless it
has something in a column that never wraps (nomor agenda, the dates); dates become ISO and the
nomor surat is repaired.  A page without a recognisable header gives raw rows flagged for review:
its lines are kept, never split into guessed columns.  An unsure cell is kept and flagged, except on a
ruled page that reads unsure as a whole (``table_read.grid_reads_sure``: a blurred photo or scan),
where an unsure cell is left empty and flagged: there it is no reading.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Callable

from archive import table_read
from archive.table_read import Column, Token, assign, body_of, box_of, lines_of, tokens_of
from ingest.dates import find_dates
from ingest.nomor import normalise_nomor

COLUMNS = table_read.kinds()["agenda"].columns  # the register's columns (archive/data/table_kinds.toml)
LOW_CONFIDENCE = 0.5  # a cell Tesseract was less sure of than this is flagged

REVIEW_NO_HEADER = "kolom tidak dikenali; baris disimpan apa adanya"
REVIEW_UNSURE = "sel %(column)s kurang jelas (keyakinan %(confidence)s)"
REVIEW_UNREAD = "%(column)s tidak terbaca: %(text)s"
REVIEW_EMPTY = "%(column)s kosong"
REVIEW_TEMPLATES = (REVIEW_NO_HEADER, REVIEW_UNSURE, REVIEW_UNREAD, REVIEW_EMPTY)


@dataclass(frozen=True)
class AgendaRow:
    """One row of a legacy agenda page: its index in the table (0-based), the cells by column
    (values normalised: ISO dates, repaired nomor), each cell's OCR confidence, the row as read,
    and why it needs a person's eye."""

    index: int
    cells: dict[str, str] = field(default_factory=dict)
    confidences: dict[str, float] = field(default_factory=dict)
    raw: str = ""
    review: tuple[str, ...] = ()
    box: tuple[int, ...] = ()  # (x0, y0, x1, y1) of the row's words on the page image


_NOMOR_SHAPE = re.compile(r"\w[\w.\-]*/\S+")
_NUMBER_SHAPE = re.compile(r"^\d{1,6}\.?$")


def _name_by_content(columns: list[Column], ranges: list[tuple[float, float]], body: list[list[Token]],
                     height: float) -> list[Column]:
    """A header cell OCR could not read (only "Surat" of "Tanggal Surat" survived) is named by
    what its cells hold, when that is unambiguous: dates (the missing date column; left of the
    nomor surat: tanggal terima), numbers with slashes (nomor surat) or plain numbers in the first
    column (nomor agenda), in at least 60 % of the lines that have something there."""
    names = [c.name for c in columns]
    texts: dict[int, list[str]] = {}
    for line in body:
        for i, toks in assign(line, ranges, gap=0.9 * height).items():
            texts.setdefault(i, []).append(" ".join(t.text for t in toks))
    out = list(columns)
    for i, column in enumerate(columns):
        cells = texts.get(i, [])
        if column.name is not None or len(cells) < 2:
            continue
        name = None
        if _share(cells, lambda c: bool(find_dates(c))) >= 0.6:
            missing = [n for n in ("tanggal_terima", "tanggal_surat") if n not in names]
            if len(missing) == 1:
                name = missing[0]
            elif missing and "nomor_surat" in names:
                name = "tanggal_terima" if i < names.index("nomor_surat") else "tanggal_surat"
        elif "nomor_surat" not in names and _share(cells, lambda c: bool(_NOMOR_SHAPE.search(c))) >= 0.6:
            name = "nomor_surat"
        elif i == 0 and "nomor_agenda" not in names and _share(cells, lambda c: bool(_NUMBER_SHAPE.match(c))) >= 0.6:
            name = "nomor_agenda"
        if name is not None:
            names[i] = name
            out[i] = Column(name, column.x0, column.x1)
    return out


def _share(cells: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for c in cells if test(c)) / len(cells)


def _join(column: str | None, parts: list[str]) -> str:
    text = ""
    for p in parts:
        glue = "" if column == "nomor_surat" and (text.endswith("/") or p.startswith("/")) else " "
        text = f"{text}{glue}{p}" if text else p
    return text


def read_rows(words: list[dict]) -> list[AgendaRow]:
    """The register rows of one agenda page from its OCR words (see the module docstring)."""
    tokens = tokens_of(words)
    lines = lines_of(tokens)
    if not lines:
        return []
    sure = table_read.grid_reads_sure(tokens)
    height = statistics.median(t.y1 - t.y0 for t in tokens) or 1
    found = table_read.find_header(lines, "agenda")
    if found is None:
        raw_lines = [line for line in lines if any(ch.isdigit() for t in line for ch in t.text)]
        return [AgendaRow(index=i, raw=" ".join(t.text for t in line), review=(REVIEW_NO_HEADER,), box=box_of(line))
                for i, line in enumerate(raw_lines)]
    last_header, columns = found
    body = body_of(lines[last_header:], height)
    ranges = table_read.bounds(columns, body, height, table_read.kinds()["agenda"].first_gutter)
    columns = _name_by_content(columns, ranges, body, height)
    names = [c.name for c in columns]
    key = next((names.index(k) for k in ("nomor_agenda", "tanggal_terima", "nomor_surat") if k in names), 0)
    # a line with anything in a column that never wraps (a number, a date) starts a row too: the
    # leading number may be missing from the OCR
    starters = {key} | {i for i, n in enumerate(names) if n in ("nomor_agenda", "tanggal_terima", "tanggal_surat")}
    dates = frozenset(i for i, n in enumerate(names) if n in ("tanggal_terima", "tanggal_surat"))
    rows: list[list[dict[int, list[Token]]]] = []
    previous_row: tuple[int, ...] | None = None
    for line in body:
        cells = assign(line, ranges, gap=0.9 * height, apart=dates)
        starts = bool(starters & cells.keys())
        same = table_read.same_grid_row(previous_row, line)
        previous_row = table_read.grid_row_of(line)
        if same is not None and rows:
            # a ruled grid says where its rows start (as in ``table_read``): a cell's wrapped lines
            # stay in its row, whatever column they are in, unless the line is numbered or fills
            # every column of the row's first line (a list written in one box)
            numbered = "nomor_agenda" in names and _is_number(cells.get(names.index("nomor_agenda"), []))
            starts = not same or numbered or table_read.fills_row(cells, rows[-1][0])
        if starts or not rows:
            rows.append([cells])
        else:
            rows[-1].append(cells)
    return [_row(i, parts, columns, sure) for i, parts in enumerate(rows)]


def _is_number(tokens: list[Token]) -> bool:
    return bool(tokens) and _NUMBER_SHAPE.match(" ".join(t.text for t in tokens).strip()) is not None


def _row(index: int, parts: list[dict[int, list[Token]]], columns: list[Column], sure: bool = True) -> AgendaRow:
    texts: dict[str, str] = {}
    confs: dict[str, float] = {}
    review: list[str] = []
    for col_index, column in enumerate(columns):
        toks = [t for p in parts for t in p.get(col_index, [])]
        if not toks or column.name is None or column.name == "lampiran":
            continue
        name = column.name
        if any(t.hand for t in toks):  # handwriting: keyed in beside its image, not guessed
            review.append(table_read.REVIEW_HAND % {"column": name})
            continue
        pieces = [" ".join(t.text for t in p.get(col_index, [])) for p in parts if p.get(col_index)]
        numbers = [t for t in toks if _NUMBER_SHAPE.match(t.text.strip())] if name == "nomor_agenda" else []
        if numbers:  # the row's number; a speck beside or under it (read "i") is no part of it
            toks, pieces = numbers[:1], [numbers[0].text]
        joined = _join(name, pieces)
        if name in texts:  # two header cells read as one column: keep both, in order
            joined = f"{texts[name]} {joined}"
        texts[name] = joined
        confs[name] = round(min(t.conf for t in toks if t.conf >= 0) if toks else 0.0, 2)
    raw = " / ".join(" ".join(t.text for i in sorted(p) for t in p[i]) for p in parts)
    cells: dict[str, str] = {}
    for name, text in texts.items():
        value = _value(name, text)
        if value is None:
            review.append(REVIEW_UNREAD % {"column": name, "text": text})
            continue
        if not sure and confs[name] < LOW_CONFIDENCE:  # a blurred page's unsure cell: no reading
            review.append(table_read.REVIEW_UNSURE % {"column": name, "text": text})
            continue
        cells[name] = value
        if confs[name] < LOW_CONFIDENCE:
            review.append(REVIEW_UNSURE % {"column": name, "confidence": f"{confs[name]:.2f}"})
    named = {c.name for c in columns}
    review += [REVIEW_EMPTY % {"column": name} for name in ("nomor_surat", "asal_tujuan", "perihal")
               if name in named and name not in cells and name not in texts]
    words = [t for p in parts for toks in p.values() for t in toks]
    return AgendaRow(index=index, cells=cells, confidences=confs, raw=raw, review=tuple(review), box=box_of(words))


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "|": "1", "S": "5"})


def _value(column: str, text: str) -> str | None:
    """A cell's value: dates as ISO, nomor agenda as digits, nomor surat repaired; None when a
    date or number cannot be read (the text stays in the row's raw text)."""
    text = table_read.strip_stray(text.strip())
    if column in ("tanggal_terima", "tanggal_surat"):
        iso = _ISO.search(text)
        if iso:
            return iso.group(0)
        hits = find_dates(text)
        return hits[0].iso if hits else None
    if column == "nomor_agenda":
        digits = text.strip(".,:;»«\"'“”‘’()-_ ").translate(_DIGIT_FIX)  # "294”": a speck beside the number
        return digits if digits.isdigit() else None
    if column == "nomor_surat":
        value, _ = normalise_nomor(text)
        return value or text
    return text
