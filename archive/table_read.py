"""Tables as data (issue 15): a daftar judul buku, a daftar hadir or a jadwal read row by row from
the OCR words the archive keeps for a page.

Pure: OCR words in, ``TableRead`` out.  The columns are found by their header text (``KINDS``:
each column's wordings, matched with rapidfuzz so OCR slips pass, in any order, over one or two
header lines), never by one layout's positions; body words go to the column they sit under
(``archive.agenda_table`` gives the line grouping and the column borders from the gutters).
A line with a number in the "No" column (or, without one, something in the table's key column)
starts a row; other lines continue the row above (a wrapped title).  A cell that is unsure (a low
OCR confidence, copies that are no number, a date that is no date) stays empty and is flagged with
the text that was read.  A "Jumlah" row of a book list is its stated total, not a book.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from archive import agenda_table
from archive.agenda_table import Column, Token
from ingest.dates import find_dates

# kind -> column -> wordings seen in office tables.  Short wordings (four letters or fewer) must
# match exactly, longer ones fuzzily.
KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "buku": {
        "no": ("no", "nomor", "no urut"),
        "judul": ("judul", "judul buku", "nama buku", "judul bacaan", "title", "buku"),
        "pengarang": ("pengarang", "penulis", "pengarang penulis", "author"),
        "penerbit": ("penerbit", "publisher"),
        "tahun": ("tahun", "thn", "tahun terbit", "thn terbit"),
        "eksemplar": ("eksemplar", "eks", "jml eks", "jumlah eks", "jumlah eksemplar", "jml eksemplar", "jumlah",
                      "jml", "copy", "copies", "banyaknya"),
    },
    "hadir": {
        "no": ("no", "nomor", "no urut"),
        "nama": ("nama", "nama lengkap", "nama peserta", "peserta"),
        "jabatan": ("jabatan", "instansi", "jabatan instansi", "unsur", "asal", "asal instansi", "lembaga",
                    "alamat"),
        "tanda_tangan": ("tanda tangan", "paraf", "ttd", "tanda tangan paraf"),
    },
    "jadwal": {
        "no": ("no", "nomor", "no urut"),
        "tanggal": ("hari tanggal", "tanggal", "hari tgl", "tgl", "hari", "tanggal pelaksanaan"),
        "waktu": ("pukul", "waktu", "jam"),
        "lokasi": ("lokasi", "tempat", "lokasi kegiatan", "sasaran"),
        "kegiatan": ("materi", "materi pembinaan", "kegiatan", "acara", "agenda", "uraian kegiatan"),
        "petugas": ("petugas", "pembina", "narasumber", "pelaksana", "penanggung jawab"),
    },
}
# the columns each kind shows, in order, and the one that says a row is there
COLUMNS: dict[str, tuple[str, ...]] = {
    "buku": ("no", "judul", "pengarang", "penerbit", "tahun", "eksemplar"),
    "hadir": ("no", "nama", "jabatan"),
    "jadwal": ("no", "tanggal", "waktu", "lokasi", "kegiatan", "petugas"),
}
KEY_COLUMN = {"buku": "judul", "hadir": "nama", "jadwal": "tanggal"}
REQUIRED = {"buku": {"judul"}, "hadir": {"nama"}, "jadwal": {"tanggal"}}
HEADER_SHARE = 0.6  # …and most of the line's cells name a column
MIN_NAMED = 2  # a header names at least two of the kind's columns, the required one among them
# document type -> kind of table it holds (the SOP's types)
DOC_TYPE_KINDS = {"daftar_judul_buku": "buku", "daftar_hadir": "hadir", "jadwal_pembinaan": "jadwal"}
MATCH_THRESHOLD = 80.0
LOW_CONFIDENCE = 0.35  # a cell Tesseract was less sure of than this stays empty (flagged)
CONTINUE_GAP = 0.6  # a wrapped cell's next line sits closer than this many line heights below the last
NO_SIGN = ("tanda_tangan",)  # read but never kept: a signature is not text
_TOTAL = re.compile(r"^\s*(jumlah|total|jml)\b", re.I)
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "|": "1", "S": "5", "B": "8"})

REVIEW_UNSURE = "sel %(column)s kurang jelas, dikosongkan: %(text)s"
REVIEW_NOT_NUMBER = "%(column)s bukan angka, dikosongkan: %(text)s"
REVIEW_NOT_DATE = "%(column)s bukan tanggal, dikosongkan: %(text)s"
REVIEW_NO_HEADER = "kolom tabel tidak dikenali"
REVIEW_TEMPLATES = (REVIEW_UNSURE, REVIEW_NOT_NUMBER, REVIEW_NOT_DATE, REVIEW_NO_HEADER)


@dataclass(frozen=True)
class TableRow:
    index: int
    cells: dict[str, str] = field(default_factory=dict)
    confidences: dict[str, float] = field(default_factory=dict)
    review: tuple[str, ...] = ()
    box: tuple[int, ...] = ()

    @property
    def copies(self) -> int | None:
        value = self.cells.get("eksemplar")
        return int(value) if value and value.isdigit() else None

    @property
    def tanggal(self) -> str | None:
        return self.cells.get("tanggal") or None


@dataclass(frozen=True)
class TableRead:
    kind: str
    columns: tuple[str, ...]  # the kind's columns the header named, in the kind's order
    rows: tuple[TableRow, ...]
    stated_total: int | None = None  # a book list's "Jumlah" row
    found_header: bool = True


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).replace("_", " ").split())


def match_header(phrase: str, kind: str) -> tuple[str | None, float]:
    """The column of ``kind`` a header phrase names and its score; None when none fits."""
    text = _norm(phrase)
    best, best_score = None, 0.0
    if not text:
        return None, 0.0
    for column, terms in KINDS[kind].items():
        for term in terms:
            if len(term) <= 4 or len(text) <= 4:
                score = 100.0 if text == term else 0.0
            else:
                score = fuzz.ratio(text, term)
            if score > best_score:
                best, best_score = column, score
    return (best, best_score) if best_score >= MATCH_THRESHOLD else (None, best_score)


def header_columns(cells: list[tuple[str, int, int]], kind: str) -> list[Column]:
    """Header cells, left to right, as columns: the longest phrase of up to three neighbouring
    cells ("Jml." + "Eks.") that names a column wins."""
    columns: list[Column] = []
    i = 0
    while i < len(cells):
        choice: tuple[float, int, str | None] = (0.0, 1, None)
        for k in (3, 2, 1):
            if i + k > len(cells):
                continue
            name, score = match_header(" ".join(c[0] for c in cells[i:i + k]), kind)
            if name is not None and score > choice[0]:
                choice = (score, k, name)
        _, k, name = choice
        part = cells[i:i + k]
        columns.append(Column(name, min(c[1] for c in part), max(c[2] for c in part)))
        i += k
    return columns


def find_header(lines: list[list[Token]], kind: str) -> tuple[int, list[Column]] | None:
    """Index of the last header line and its columns; None when no line reads as this kind's header."""
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else None
        options = [(i, header_columns(agenda_table._header_cells(line, None), kind))]
        if below and not any(ch.isdigit() for t in below for ch in t.text):
            options.append((i + 1, header_columns(agenda_table._header_cells(line, below), kind)))
        best = max(options, key=lambda o: len({c.name for c in o[1] if c.name}))
        named = {c.name for c in best[1] if c.name}
        if sum(1 for c in best[1] if c.name) < HEADER_SHARE * len(best[1]):
            continue  # a sentence that happens to hold a header word ("Program Buku … Tahun 2024")
        if len(named) >= MIN_NAMED and REQUIRED[kind] <= named:
            return best
        unnamed = [k for k, c in enumerate(best[1]) if c.name is None]
        columns = list(best[1])
        if len(named) >= 3 and not REQUIRED[kind] <= named:
            # the key column's header was lost to OCR ("Judul" of "Judul Buku", or the whole word):
            # the first header cell that names nothing, else the gap after "No", on a line naming
            # three other columns of the kind
            if unnamed:
                k = unnamed[0]
                columns[k] = Column(KEY_COLUMN[kind], columns[k].x0, columns[k].x1)
                return best[0], columns
            names = [c.name for c in columns]
            if names[0] == "no" and len(columns) > 1 and columns[1].x0 - columns[0].x1 > 4 * _height(line):
                gap_mid = (columns[0].x1 + columns[1].x0) // 2
                columns.insert(1, Column(KEY_COLUMN[kind], gap_mid - 1, gap_mid + 1))
                return best[0], columns
    return None


def _height(line: list[Token]) -> float:
    return statistics.median(t.y1 - t.y0 for t in line) or 1


def _bounds(columns: list[Column], body: list[list[Token]], height: float) -> list[tuple[float, float]]:
    """Each column's horizontal range.  The border between two columns is the middle of the
    leftmost gutter (at least a line height wide) that no body word crosses between the two
    headers' centres: cells are left-aligned under centred headers, so the first clear gap after
    the left column's text is where the right column begins.  Without one, the agenda's rule
    (the widest least-crossed run)."""
    cuts = []
    for left, right in zip(columns, columns[1:]):
        a, b = int((left.x0 + left.x1) / 2), int((right.x0 + right.x1) / 2)
        if b - a <= 2:
            cuts.append((left.x1 + right.x0) / 2)
            continue
        cover = [0] * (b - a)
        for line in body:
            for t in line:
                for x in range(max(a, t.x0), min(b, t.x1)):
                    cover[x - a] += 1
        cut = None
        start = None
        for i, c in enumerate(cover + [1]):
            if c == 0 and start is None:
                start = i
            elif c != 0 and start is not None:
                if i - start >= height:
                    cut = a + (start + i) / 2
                    break
                start = None
        cuts.append(cut if cut is not None else agenda_table._gutter(a, b, body))
    edges = [float("-inf")] + cuts + [float("inf")]
    return list(zip(edges, edges[1:]))


def _is_number(text: str) -> bool:
    """A row number as OCR reads it: digits with at most one slip (``1O``), at least one real digit."""
    core = text.strip(".,:;»«\"'()-_ ")
    return any(ch.isdigit() for ch in core) and core.translate(_DIGIT_FIX).isdigit()


def read_table(words: list[dict], kind: str) -> TableRead:
    """The rows of ``kind`` (buku, hadir, jadwal) on one page from its OCR words."""
    tokens = agenda_table.tokens_of(words)
    lines = agenda_table.lines_of(tokens)
    if not lines:
        return TableRead(kind, (), (), found_header=False)
    height = statistics.median(t.y1 - t.y0 for t in tokens) or 1
    found = find_header(lines, kind)
    if found is None:
        return TableRead(kind, (), (), found_header=False)
    last_header, columns = found
    body = agenda_table._body(lines[last_header:], height)
    bounds = _bounds(columns, body, height)
    names = [c.name for c in columns]
    no_col = names.index("no") if "no" in names else None
    key_col = names.index(KEY_COLUMN[kind])
    groups: list[list[dict[int, list[Token]]]] = []
    previous_bottom = None
    for line in body:
        cells = agenda_table._assign(line, bounds, gap=0.9 * height)
        top, bottom = min(t.y0 for t in line), max(t.y1 for t in line)
        if no_col is not None:
            starts = no_col in cells and _is_number(" ".join(t.text for t in cells[no_col]))
            # a "Jumlah" line has no number but is its own row
            starts = starts or _TOTAL.match(" ".join(t.text for t in cells.get(key_col, []))) is not None
        else:
            starts = key_col in cells
        if kind == "jadwal" and not starts and key_col in cells:
            starts = bool(find_dates(" ".join(t.text for t in cells[key_col])))
        if not starts and groups and previous_bottom is not None and top - previous_bottom > CONTINUE_GAP * height:
            if key_col not in cells:
                break  # too far below the last line to be its wrapped text, nothing in the key column: the end
            starts = True  # a row whose number OCR lost
        previous_bottom = bottom
        if starts or not groups:
            groups.append([cells])
        else:
            groups[-1].append(cells)
    rows: list[TableRow] = []
    total: int | None = None
    for parts in groups:
        row = _row(len(rows), parts, columns, kind)
        key_text = row.cells.get(KEY_COLUMN[kind], "") or _raw(parts, key_col)
        if kind == "buku" and _TOTAL.match(key_text):
            total = row.copies if row.copies is not None else total
            continue
        if not row.cells and sum(ch.isalnum() for p in parts for toks in p.values() for t in toks for ch in t.text) < 3:
            continue  # a speck or a rule remnant under the table, no row
        rows.append(row)
    named = tuple(c for c in COLUMNS[kind] if c in names)
    return TableRead(kind, named, tuple(rows), stated_total=total)


def _raw(parts: list[dict[int, list[Token]]], col: int) -> str:
    return " ".join(t.text for p in parts for t in p.get(col, []))


def _row(index: int, parts: list[dict[int, list[Token]]], columns: list[Column], kind: str) -> TableRow:
    cells: dict[str, str] = {}
    confs: dict[str, float] = {}
    review: list[str] = []
    for i, column in enumerate(columns):
        name = column.name
        toks = [t for p in parts for t in p.get(i, [])]
        if not toks or name is None or name in NO_SIGN or name not in COLUMNS[kind]:
            continue
        text = " ".join(" ".join(t.text for t in p.get(i, [])) for p in parts if p.get(i))
        if name == "no":  # the row's number; a stray mark beside it (a rule remnant read as "i") is no part
            numbers = [t for t in toks if _is_number(t.text)]
            toks, text = (numbers[:1], numbers[0].text) if numbers else (toks, text)
        if name in cells:
            text = f"{cells[name]} {text}"
        conf = round(min(t.conf for t in toks), 2)
        value, problem = _value(name, text, conf)
        confs[name] = conf
        if problem:
            review.append(problem % {"column": name, "text": text})
            cells.pop(name, None)
            continue
        if value:
            cells[name] = value
    words = [t for p in parts for toks in p.values() for t in toks]
    return TableRow(index, cells, confs, tuple(review), agenda_table._box(words))


def _value(column: str, text: str, conf: float) -> tuple[str | None, str | None]:
    """A cell's value, or the reason it stays empty."""
    text = " ".join(text.split())
    if column in ("no", "eksemplar", "tahun"):
        digits = text.strip(".,:;»«\"'()-_ ").replace(" ", "").translate(_DIGIT_FIX)
        if not digits.isdigit():
            return None, REVIEW_NOT_NUMBER
        if conf < LOW_CONFIDENCE:
            return None, REVIEW_UNSURE
        return str(int(digits)), None
    if column == "tanggal":
        hits = find_dates(text)
        if not hits:
            return None, REVIEW_NOT_DATE
        return hits[0].iso, None
    if conf < LOW_CONFIDENCE:
        return None, REVIEW_UNSURE
    return text, None


def kind_of(doc_type: str | None) -> str | None:
    """The table kind a document type holds (daftar_judul_buku → buku …), None for other types."""
    return DOC_TYPE_KINDS.get(doc_type or "")


def read_pages(pages: list[list[dict]], kind: str) -> list[tuple[int, TableRead]]:
    """Each page's table (1-based page numbers); a page that continues the table of the page before
    without repeating its header is read with that page's header words put on top of it."""
    out: list[tuple[int, TableRead]] = []
    last_header: list[dict] = []
    for number, words in enumerate(pages, 1):
        read = read_table(words, kind)
        if not read.found_header and last_header and words:
            read = read_table(_lift(last_header, words) + list(words), kind)
        if read.found_header:
            header = _header_words(words, kind)
            if header:
                last_header = header
        out.append((number, read))
    return out


def _lift(header: list[dict], words: list[dict]) -> list[dict]:
    """``header``'s words moved to just above the topmost word of ``words`` (x kept)."""
    top = min(int((w.get("box") or [0, 0, 0, 0])[1]) for w in words)
    h0 = min(int(w["box"][1]) for w in header)
    h1 = max(int(w["box"][1]) + int(w["box"][3]) for w in header)
    shift = top - 10 - h1
    return [{**w, "box": [w["box"][0], int(w["box"][1]) + shift, w["box"][2], w["box"][3]]}
            for w in header if h0 is not None]


def _header_words(words: list[dict], kind: str) -> list[dict]:
    """The OCR words of the header line(s) of ``kind`` on a page (to carry onto a continuation page)."""
    tokens = agenda_table.tokens_of(words)
    lines = agenda_table.lines_of(tokens)
    found = find_header(lines, kind)
    if found is None:
        return []
    index, _ = found
    one_line = {c.name for c in header_columns(agenda_table._header_cells(lines[index], None), kind) if c.name}
    chosen = lines[index:index + 1] if REQUIRED[kind] <= one_line and len(one_line) >= MIN_NAMED \
        else lines[max(0, index - 1):index + 1]
    keys = {(t.x0, t.y0) for line in chosen for t in line}
    return [w for w in words if w.get("box") and (int(w["box"][0]), int(w["box"][1])) in keys]
