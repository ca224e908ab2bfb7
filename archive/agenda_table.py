"""A legacy buku agenda page as register rows, read from the OCR words the archive keeps.

Pure: OCR words (text, confidence, box) in, ``AgendaRow``s out.  The header's columns are
recognised by their text (``HEADER_TERMS``, matched with rapidfuzz so OCR slips pass), in
whatever order the book has them, over one or two header lines ("No." above "Agenda").
Body words go to the column under whose header they sit, the borders between columns taken
from the gutters the body's words leave between two headers; a line with nothing in the leading
column (nomor agenda, else tanggal terima, else nomor surat) continues the row above (a
wrapped cell) unless it has something in a column that never wraps (nomor agenda, the dates).
A page without a recognisable header gives raw rows flagged for review:
its lines are kept, never split into guessed columns.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Callable

from rapidfuzz import fuzz

from ingest.dates import find_dates
from ingest.nomor import normalise_nomor

# Column -> header wordings used in Indonesian agenda books (tata naskah dinas; the reference's
# "Registers and forms").  Short words (no, hal, ket) must match exactly; longer ones fuzzily.
HEADER_TERMS: dict[str, tuple[str, ...]] = {
    "nomor_agenda": ("no agenda", "nomor agenda", "no urut", "nomor urut", "no"),
    "tanggal_terima": ("tanggal terima", "tgl terima", "tanggal diterima", "diterima tanggal", "tgl diterima",
                       "diterima"),
    "asal_tujuan": ("asal surat", "asal", "dari", "surat dari", "pengirim", "tujuan", "tujuan surat", "kepada",
                    "dikirim kepada"),
    "nomor_surat": ("nomor surat", "no surat", "nomor"),
    "tanggal_surat": ("tanggal surat", "tgl surat"),
    "perihal": ("perihal", "hal", "isi ringkas", "ringkasan isi", "isi surat"),
    "lampiran": ("lampiran", "lamp"),
    "keterangan": ("keterangan", "ket", "diteruskan", "diteruskan kepada", "disposisi", "tindak lanjut"),
}
COLUMNS = ("nomor_agenda", "tanggal_terima", "asal_tujuan", "nomor_surat", "tanggal_surat", "perihal",
           "keterangan")
MATCH_THRESHOLD = 80.0  # rapidfuzz ratio for a header word of five letters or more
MIN_COLUMNS = 3  # a header names at least this many register columns…
CORE_COLUMNS = frozenset({"nomor_surat", "asal_tujuan", "perihal"})  # …one of them from here
LOW_CONFIDENCE = 0.5  # a cell Tesseract was less sure of than this is flagged
_NOISE = re.compile(r"^[\W_]+$")  # a rule remnant read as "|", "—", ")"

REVIEW_NO_HEADER = "kolom tidak dikenali; baris disimpan apa adanya"
REVIEW_UNSURE = "sel %(column)s kurang jelas (keyakinan %(confidence)s)"
REVIEW_UNREAD = "%(column)s tidak terbaca: %(text)s"
REVIEW_EMPTY = "%(column)s kosong"
REVIEW_TEMPLATES = (REVIEW_NO_HEADER, REVIEW_UNSURE, REVIEW_UNREAD, REVIEW_EMPTY)


@dataclass(frozen=True)
class Token:
    text: str
    conf: float  # 0..1
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


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


def tokens_of(words: list[dict]) -> list[Token]:
    """The stored OCR words (``{"text", "conf", "box": [x, y, w, h]}``) as tokens, noise dropped."""
    out = []
    for w in words:
        text = str(w.get("text") or "").strip()
        box = w.get("box") or (0, 0, 0, 0)
        if not text or _NOISE.match(text):
            continue
        x, y, bw, bh = (int(v) for v in box)
        out.append(Token(text, max(0.0, float(w.get("conf") or 0.0)) / 100.0, x, y, x + bw, y + bh))
    return out


def lines_of(tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped into text lines (vertical overlap with the line's median centre), top down."""
    if not tokens:
        return []
    height = statistics.median(t.y1 - t.y0 for t in tokens) or 1
    lines: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: ((t.y0 + t.y1) / 2, t.x0)):
        mid = (t.y0 + t.y1) / 2
        if lines:
            last = lines[-1]
            centre = statistics.median((u.y0 + u.y1) / 2 for u in last)
            if abs(mid - centre) <= 0.5 * height:
                last.append(t)
                continue
        lines.append([t])
    return [sorted(line, key=lambda t: t.x0) for line in lines]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def match_header(phrase: str) -> tuple[str | None, float]:
    """The column a header phrase names and the score (0..100); ``None`` when none fits."""
    text = _norm(phrase)
    best, best_score = None, 0.0
    if not text:
        return None, 0.0
    for column, terms in HEADER_TERMS.items():
        for term in terms:
            if len(term) <= 4 or len(text) <= 4:
                score = 100.0 if text == term else 0.0
            else:
                score = fuzz.ratio(text, term)
            if score > best_score:
                best, best_score = column, score
    if best_score < MATCH_THRESHOLD:
        return None, best_score
    return best, best_score


@dataclass(frozen=True)
class Column:
    name: str | None  # None: a header word we do not know (its cells go to the raw text only)
    x0: int
    x1: int


def _header_cells(line: list[Token], below: list[Token] | None) -> list[tuple[str, int, int]]:
    """Header words with the words of a second header line attached to the word above them."""
    texts = [t.text for t in line]
    spans = [(t.x0, t.x1) for t in line]
    for t in below or ():
        best = max(range(len(line)), key=lambda i: (min(t.x1, line[i].x1) - max(t.x0, line[i].x0),
                                                    -abs(t.centre - line[i].centre)))
        texts[best] = f"{texts[best]} {t.text}"
        spans[best] = (min(spans[best][0], t.x0), max(spans[best][1], t.x1))
    return [(text, x0, x1) for text, (x0, x1) in zip(texts, spans)]


def header_columns(cells: list[tuple[str, int, int]]) -> list[Column]:
    """Header cells, left to right, read as columns: greedy, the longest phrase (up to three
    neighbouring cells, "Asal" + "Surat") that names a column wins."""
    columns: list[Column] = []
    i = 0
    while i < len(cells):
        choice: tuple[float, int, str | None] = (0.0, 1, None)
        for k in (3, 2, 1):
            if i + k > len(cells):
                continue
            name, score = match_header(" ".join(c[0] for c in cells[i:i + k]))
            if name is not None and score > choice[0]:
                choice = (score, k, name)
        _, k, name = choice
        part = cells[i:i + k]
        columns.append(Column(name, min(c[1] for c in part), max(c[2] for c in part)))
        i += k
    return columns


def find_header(lines: list[list[Token]]) -> tuple[int, list[Column]] | None:
    """Index of the last header line and the columns, or None when no line reads as a header."""
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else None
        options = [(i, header_columns(_header_cells(line, None)))]
        if below and not any(ch.isdigit() for t in below for ch in t.text):
            options.append((i + 1, header_columns(_header_cells(line, below))))
        best = max(options, key=lambda o: len({c.name for c in o[1] if c.name}))
        named = {c.name for c in best[1] if c.name}
        if len(named) >= MIN_COLUMNS and named & CORE_COLUMNS:
            return best
    return None


def _bounds(columns: list[Column], body: list[list[Token]]) -> list[tuple[float, float]]:
    """Each column's horizontal range (the outer columns run to the page edges).  The border
    between two columns is the middle of the widest gutter the body's words leave between the
    two headers' centres (headers are often centred over left-aligned cells); where words cross
    everywhere, the x they cross least; without body words, the midpoint between the headers."""
    cuts = []
    for left, right in zip(columns, columns[1:]):
        a, b = int((left.x0 + left.x1) / 2), int((right.x0 + right.x1) / 2)
        cuts.append(_gutter(a, b, body) if b - a > 2 else (left.x1 + right.x0) / 2)
    edges = [float("-inf")] + cuts + [float("inf")]
    return list(zip(edges, edges[1:]))


def _gutter(a: int, b: int, body: list[list[Token]]) -> float:
    """Middle of the longest run, within [a, b), of the x positions the fewest body words cover."""
    cover = [0] * (b - a)
    for line in body:
        for t in line:
            for x in range(max(a, t.x0), min(b, t.x1)):
                cover[x - a] += 1
    low = min(cover)
    best, run_start, best_len = (a + b) / 2, None, 0
    for i, c in enumerate(cover + [low + 1]):
        if c == low and run_start is None:
            run_start = i
        elif c != low and run_start is not None:
            if i - run_start > best_len:
                best_len, best = i - run_start, a + (run_start + i) / 2
            run_start = None
    return best


def _segments(line: list[Token], gap: float) -> list[list[Token]]:
    """Runs of words separated by less than ``gap`` (a cell's words stay together)."""
    out: list[list[Token]] = []
    for t in line:
        if out and t.x0 - out[-1][-1].x1 <= gap:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def _column_of(tokens: list[Token], bounds: list[tuple[float, float]]) -> int | None:
    """The column a run of words sits in: the one it overlaps most, if clearly one."""
    x0, x1 = tokens[0].x0, tokens[-1].x1
    overlaps = [max(0.0, min(x1, r) - max(x0, left)) for left, r in bounds]
    best = max(range(len(bounds)), key=lambda i: overlaps[i])
    width = max(1, x1 - x0)
    if overlaps[best] >= 0.6 * width or len(tokens) == 1:
        return best
    return None


def _assign(line: list[Token], bounds: list[tuple[float, float]], gap: float) -> dict[int, list[Token]]:
    cells: dict[int, list[Token]] = {}
    for seg in _segments(line, gap):
        col = _column_of(seg, bounds)
        if col is not None:
            cells.setdefault(col, []).extend(seg)
            continue
        for t in seg:  # a run across a column border: word by word, by its centre
            col = next(i for i, (left, right) in enumerate(bounds) if left <= t.centre < right)
            cells.setdefault(col, []).append(t)
    return cells


_NOMOR_SHAPE = re.compile(r"\w[\w.\-]*/\S+")
_NUMBER_SHAPE = re.compile(r"^\d{1,6}\.?$")


def _name_by_content(columns: list[Column], bounds: list[tuple[float, float]], body: list[list[Token]],
                     height: float) -> list[Column]:
    """A header cell OCR could not read (only "Surat" of "Tanggal Surat" survived) is named by
    what its cells hold, when that is unambiguous: dates (the missing date column; left of the
    nomor surat: tanggal terima), numbers with slashes (nomor surat) or plain numbers in the first
    column (nomor agenda), in at least 60 % of the lines that have something there."""
    names = [c.name for c in columns]
    texts: dict[int, list[str]] = {}
    for line in body:
        for i, toks in _assign(line, bounds, gap=0.9 * height).items():
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


def _body(lines: list[list[Token]], height: float) -> list[list[Token]]:
    """The lines under the header (``lines[0]``) down to the first gap of more than three line
    heights after the first row (signatures or notes below the table)."""
    out: list[list[Token]] = []
    previous_bottom = max(t.y1 for t in lines[0])
    for line in lines[1:]:
        if min(t.y0 for t in line) - previous_bottom > 3 * height and out:
            break
        previous_bottom = max(t.y1 for t in line)
        out.append(line)
    return out


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
    height = statistics.median(t.y1 - t.y0 for t in tokens) or 1
    found = find_header(lines)
    if found is None:
        raw_lines = [line for line in lines if any(ch.isdigit() for t in line for ch in t.text)]
        return [AgendaRow(index=i, raw=" ".join(t.text for t in line), review=(REVIEW_NO_HEADER,), box=_box(line))
                for i, line in enumerate(raw_lines)]
    last_header, columns = found
    body = _body(lines[last_header:], height)
    bounds = _bounds(columns, body)
    columns = _name_by_content(columns, bounds, body, height)
    names = [c.name for c in columns]
    key = next((names.index(k) for k in ("nomor_agenda", "tanggal_terima", "nomor_surat") if k in names), 0)
    # a line with anything in a column that never wraps (a number, a date) starts a row too: the
    # leading number may be missing from the OCR
    starters = {key} | {i for i, n in enumerate(names) if n in ("nomor_agenda", "tanggal_terima", "tanggal_surat")}
    rows: list[list[dict[int, list[Token]]]] = []
    for line in body:
        cells = _assign(line, bounds, gap=0.9 * height)
        if starters & cells.keys() or not rows:
            rows.append([cells])
        else:
            rows[-1].append(cells)
    return [_row(i, parts, columns) for i, parts in enumerate(rows)]


def _row(index: int, parts: list[dict[int, list[Token]]], columns: list[Column]) -> AgendaRow:
    texts: dict[str, str] = {}
    confs: dict[str, float] = {}
    review: list[str] = []
    for col_index, column in enumerate(columns):
        toks = [t for p in parts for t in p.get(col_index, [])]
        if not toks or column.name is None or column.name == "lampiran":
            continue
        name = column.name
        joined = _join(name, [" ".join(t.text for t in p.get(col_index, [])) for p in parts if p.get(col_index)])
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
        cells[name] = value
        if confs[name] < LOW_CONFIDENCE:
            review.append(REVIEW_UNSURE % {"column": name, "confidence": f"{confs[name]:.2f}"})
    named = {c.name for c in columns}
    review += [REVIEW_EMPTY % {"column": name} for name in ("nomor_surat", "asal_tujuan", "perihal")
               if name in named and name not in cells and name not in texts]
    words = [t for p in parts for toks in p.values() for t in toks]
    return AgendaRow(index=index, cells=cells, confidences=confs, raw=raw, review=tuple(review), box=_box(words))


def _box(tokens: list[Token]) -> tuple[int, ...]:
    if not tokens:
        return ()
    return (min(t.x0 for t in tokens), min(t.y0 for t in tokens), max(t.x1 for t in tokens),
            max(t.y1 for t in tokens))


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "|": "1", "S": "5"})


def _value(column: str, text: str) -> str | None:
    """A cell's value: dates as ISO, nomor agenda as digits, nomor surat repaired; None when a
    date or number cannot be read (the text stays in the row's raw text)."""
    text = text.strip()
    if column in ("tanggal_terima", "tanggal_surat"):
        iso = _ISO.search(text)
        if iso:
            return iso.group(0)
        hits = find_dates(text)
        return hits[0].iso if hits else None
    if column == "nomor_agenda":
        digits = text.rstrip(".").translate(_DIGIT_FIX)
        return digits if digits.isdigit() else None
    if column == "nomor_surat":
        value, _ = normalise_nomor(text)
        return value or text
    return text
