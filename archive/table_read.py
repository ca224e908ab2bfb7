"""The one table reader (issue 15): a daftar judul buku, a daftar hadir, a jadwal or a page of the
buku agenda read row by row from the OCR words the archive keeps for a page.

Pure: OCR words in, rows out.  Every kind is data (``archive/data/table_kinds.toml``): its
columns' header wordings, matched with rapidfuzz so OCR slips pass, in any order, over one or two
header lines, never one layout's positions.  Body words go to the column they sit under (the
borders between columns from the gutters the body's words leave).

- ``read_page`` takes the kind from the header words found on the page (the document type's kind
  only breaks a tie); a page with no header of any kind is read as a plain grid of rows and
  columns (``GENERIC``, columns ``kolom_1`` …), never forced into a kind.
- ``read_table`` reads a page as one given kind (buku, hadir, jadwal); ``read_pages`` a document,
  a page that continues the table of the page before being read under that page's header.
- ``archive.agenda_table`` turns the agenda kind's columns into register rows.

A line with a number in the "No" column (or, without one, something in the table's key column)
starts a row; other lines continue the row above (a wrapped title).  A cell that is unsure (a low
OCR confidence, copies that are no number, a date that is no date) stays empty and is flagged with
the text that was read.  A "Jumlah" row of a book list is its stated total, not a book.
"""
from __future__ import annotations

import re
import statistics
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from ingest.dates import find_dates
from ingest.ocr import dictionary


@dataclass(frozen=True)
class Kind:
    """One kind of table as ``table_kinds.toml`` describes it."""

    name: str
    header: dict[str, tuple[str, ...]]  # column -> wordings, in the file's order
    columns: tuple[str, ...]
    key: str
    doc_types: tuple[str, ...] = ()
    min_named: int = 2
    required_all: frozenset[str] = frozenset()
    required_any: frozenset[str] = frozenset()
    recover_key: bool = False
    header_share: float = 0.0
    first_gutter: bool = False

    def accepts(self, named: set[str]) -> bool:
        """A header line naming ``named`` columns is this kind's header."""
        return (len(named) >= self.min_named and self.required_all <= named
                and (not self.required_any or bool(named & self.required_any)))


def load_kinds(text: str | None = None) -> dict[str, Kind]:
    """``archive/data/table_kinds.toml`` (or ``text`` in that format) as kinds by name."""
    if text is None:
        text = resources.files("archive").joinpath("data/table_kinds.toml").read_text(encoding="utf-8")
    out = {}
    for name, spec in tomllib.loads(text).items():
        header = {column: tuple(terms) for column, terms in spec["header"].items()}
        columns = tuple(spec["columns"])
        unknown = (set(columns) | {spec["key"]} | set(spec.get("required_all", ())) |
                   set(spec.get("required_any", ()))) - set(header)
        if unknown:
            raise ValueError(f"table_kinds.toml [{name}]: columns without header wordings: {sorted(unknown)}")
        out[name] = Kind(name, header, columns, spec["key"], tuple(spec.get("doc_types", ())),
                         int(spec.get("min_named", 2)), frozenset(spec.get("required_all", ())),
                         frozenset(spec.get("required_any", ())), bool(spec.get("recover_key", False)),
                         float(spec.get("header_share", 0.0)), bool(spec.get("first_gutter", False)))
    return out


@lru_cache(maxsize=1)
def kinds() -> dict[str, Kind]:
    return load_kinds()


GENERIC = "umum"  # a table whose header names no kind: rows and numbered columns
TABLE_KINDS = ("buku", "hadir", "jadwal")  # the kinds stored as table rows (the agenda has its register)
# the columns each kind shows, in order (GENERIC: as many as the page has)
COLUMNS: dict[str, tuple[str, ...]] = {k: kinds()[k].columns for k in TABLE_KINDS}
# document type -> kind of table it usually holds (the SOP's types)
DOC_TYPE_KINDS = {t: k for k in TABLE_KINDS for t in kinds()[k].doc_types}
MATCH_THRESHOLD = 80.0
LOW_CONFIDENCE = 0.35  # a cell Tesseract was less sure of than this stays empty (flagged)
CONTINUE_GAP = 0.6  # a wrapped cell's next line sits closer than this many line heights below the last
NO_SIGN = ("tanda_tangan",)  # read but never kept: a signature is not text
_NOISE = re.compile(r"^[\W_]+$")  # a rule remnant read as "|", "—", ")"
_TOTAL = re.compile(r"^\s*(jumlah|total|jml)\b", re.I)
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "|": "1", "S": "5", "B": "8"})

REVIEW_UNSURE = "sel %(column)s kurang jelas, dikosongkan: %(text)s"
REVIEW_NOT_NUMBER = "%(column)s bukan angka, dikosongkan: %(text)s"
REVIEW_NOT_DATE = "%(column)s bukan tanggal, dikosongkan: %(text)s"
REVIEW_NO_HEADER = "kolom tabel tidak dikenali"
REVIEW_HAND = "sel %(column)s tulisan tangan, perlu diketik"
REVIEW_TEMPLATES = (REVIEW_UNSURE, REVIEW_NOT_NUMBER, REVIEW_NOT_DATE, REVIEW_NO_HEADER, REVIEW_HAND)
HAND_MARK = "\u270d"  # stands for a handwritten cell's ink that has no reading


@dataclass(frozen=True)
class Token:
    text: str
    conf: float  # 0..1
    x0: int
    y0: int
    x1: int
    y1: int
    hand: bool = False  # a handwritten cell's ink (``ingest.cells``): to be keyed in, no reading
    grid_row: tuple[int, ...] = ()  # (table, row) of the ruled grid cell it was read in (``ingest.cells``)
    grid_col: int = -1  # …and that cell's column
    lifted: int = 0  # pixels the word was moved up to its row's first line (``_cell_shifts``)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def centre_y(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Column:
    name: str | None  # None: a header word we do not know (its cells are kept under ``label``)
    x0: int
    x1: int
    label: str = ""  # the header's text as read


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
    header: tuple[str, ...] = ()  # the header's cells as read, left to right (a kind's table; "Hari/Tgl")
    labels: tuple[tuple[str, str], ...] = ()  # (stored column, its header cell as read): ("tanggal", "Hari/Tgl")


# --- words, lines and header ---------------------------------------------------------------------

def tokens_of(words: list[dict]) -> list[Token]:
    """The stored OCR words (``{"text", "conf", "box": [x, y, w, h]}``) as tokens, noise dropped.
    Words of a ruled grid's cell (``"cell": [table, row, column]``, from ``ingest.cells``) are
    moved up so each cell's first line sits on its row's first line: a cell whose text is centred
    in a tall row is read on the row's line, its further lines as the row's wrapped lines."""
    out = []
    words = _read_over_itself(_colon_of_two_dots(words))
    shift = _cell_shifts(words)
    heights = [int((w.get("box") or (0, 0, 0, 0))[3]) for w in words if any(ch.isalnum() for ch in str(w.get("text") or ""))]
    height = statistics.median(heights) if heights else 0
    colons = _label_colons(words)
    for k, w in enumerate(words):
        text = str(w.get("text") or "").strip()
        box = w.get("box") or (0, 0, 0, 0)
        hand = bool(w.get("hand"))
        if k in colons.values():
            continue  # its label's colon, kept with the label
        if k in colons:
            text += " :"
        lone_dash = not hand and _lone_dash(w, words, height)
        if lone_dash:
            text = "-"  # a cell's dash, whatever Tesseract took the flat mark for ("2", "«")
        elif not hand and (not text or _NOISE.match(text)) and not (_DASH.match(text) and _between_words(w, words, height)):
            continue
        x, y, bw, bh = (int(v) for v in box)
        if text == ",":  # a comma set apart hangs below its line's middle: it stands on the word before it
            y, bh = _word_before(w, words, (y, bh))
        dy = shift.get(tuple(w.get("cell") or ()), 0)
        cell = tuple(int(v) for v in (w.get("cell") or ()))
        text = _split_glued_time(_digits_read_as_o(_i_read_as_l(text)))
        if text == "\u2014":
            text = "\u2013"  # a spaced dash between words is an en dash (word processors set " - " so); Tesseract reads "—"
        out.append(Token(text if not hand else (text or HAND_MARK), max(0.0, float(w.get("conf") or 0.0)) / 100.0,
                         x, y - dy, x + bw, y - dy + bh, hand, cell[:2] if len(cell) == 3 else (),
                         cell[2] if len(cell) == 3 else -1, dy))
    return _mended_by_column(_confirmed_by_column(_split_glued_labels(_mended_marks(_ruled_rows_only(out)))))


def _type_height(words: list[dict]) -> float:
    """The page's type height: the median box height of its words of two letters or more (0 without any)."""
    heights = [int((w.get("box") or (0, 0, 0, 0))[3]) for w in words
               if sum(ch.isalpha() for ch in str(w.get("text") or "")) >= 2]
    return statistics.median(heights) if heights else 0


COLON_DOTS = 0.5  # two dots read as marks, one above the other, this many dot widths apart across at most…
COLON_DOT = 0.4  # …each no higher than this share of the type height: one colon Tesseract boxed as two


def _colon_of_two_dots(words: list[dict]) -> list[dict]:
    """``words`` with a colon Tesseract read as two words, one for each of its dots (two ":" or "."
    of a dot's size stacked in one ruled cell at the same place across), made one ":" over both:
    alone, neither is a colon's height, and ``_label_colons`` took both for specks."""
    typed = _type_height(words)
    dots = [k for k, w in enumerate(words) if str(w.get("text") or "").strip() in (":", ".") and w.get("cell")
            and not w.get("hand") and int((w.get("box") or (0, 0, 0, 0))[3]) <= COLON_DOT * typed]
    pairs: dict[int, int] = {}
    for a in dots:
        for b in dots:
            xa, ya, wa, ha = (int(v) for v in words[a]["box"])
            xb, yb, wb = (int(v) for v in words[b]["box"][:3])
            if a == b or a in pairs or b in pairs.values() or words[a].get("cell") != words[b].get("cell") \
                    or not ya + ha <= yb <= ya + ha + COLON_DOT * typed \
                    or abs((xa + wa / 2) - (xb + wb / 2)) > COLON_DOTS * max(wa, wb):
                continue
            pairs[a] = b
    if not pairs:
        return words
    out = []
    for k, w in enumerate(words):
        if k in pairs:
            x, y, bw, bh = (int(v) for v in w["box"])
            x2, y2, bw2, bh2 = (int(v) for v in words[pairs[k]]["box"])
            left, right = min(x, x2), max(x + bw, x2 + bw2)
            out.append({**w, "text": ":", "conf": min(float(w.get("conf") or 0), float(words[pairs[k]].get("conf") or 0)),
                        "box": [left, y, right - left, y2 + bh2 - y]})
        elif k not in pairs.values():
            out.append(w)
    return out


READ_TWICE = 3  # letters a word's end and the next word's start share when Tesseract read one word over itself


def _read_over_itself(words: list[dict]) -> list[dict]:
    """``words`` with a word Tesseract read twice over itself made one: a word whose box starts
    inside the box before it on its line, in one ruled cell, that opens with the letters the word
    before ends with ("Diteri" + "iterimatanggal": the same ink read as two words, the second
    begun a few letters late) is the first word's letters before those and the second word whole
    ("Diterimatanggal"), boxed over both.  Words that merely touch (no shared letters, or a box
    starting where the one before ends) stay as read."""
    out: list[dict] = []
    for w in words:
        # the word before it in the reading, a mark between them passed over ("Diteri", ":", "iterimatanggal")
        back = next((j for j in range(len(out) - 1, max(-1, len(out) - 3), -1)
                     if any(ch.isalpha() for ch in str(out[j].get("text") or ""))), None)
        prev = out[back] if back is not None else None
        text = str(w.get("text") or "")
        if prev is not None and back is not None and prev.get("cell") and prev.get("cell") == w.get("cell") \
                and not w.get("hand") and not prev.get("hand"):
            px, py, pw, ph = (int(v) for v in prev["box"])
            x, y, bw, bh = (int(v) for v in w["box"])
            before = str(prev.get("text") or "")
            shared = max((n for n in range(READ_TWICE, min(len(before), len(text)) + 1)
                          if before[-n:].isalpha() and before[-n:] == text[:n]), default=0)
            inside = px < x < px + pw - (pw * shared / max(1, len(before))) / 2
            level = py <= y + bh / 2 <= py + ph
            if shared and inside and level:
                right = max(px + pw, x + bw)
                top, bottom = min(py, y), max(py + ph, y + bh)
                out[back] = {**prev, "text": before[:-shared] + text, "box": [px, top, right - px, bottom - top],
                           "conf": min(float(prev.get("conf") or 0), float(w.get("conf") or 0))}
                continue
        out.append(w)
    return out


SPLIT_GAP = 0.2  # two words of letters this many type heights apart or less are one word Tesseract split
SPLIT_SPACE = 0.5  # …and less than this share of the word space on their line
SPLIT_PART = 3  # letters of each part of a split word neither part of which the word list knows
_LETTERS = re.compile(r"^[^\W\d_]+$")


def _split_word(left: str, right: str, words: frozenset[str]) -> bool:
    """Whether two words set close are one word by Tesseract's word list: the two read as one are a
    word of the list while one of them alone is not ("Perpustak aan", "berma ksud"); or neither is
    a word of the list, each of ``SPLIT_PART`` letters or more (a name cut in two, "Subke lompok").
    Two words of the list stay apart, however tight ("serah terima", "atas perhatian")."""
    if not words:
        return False
    known = (left.lower() in words, right.lower() in words)
    if (left + right).lower() in words:
        return not all(known)
    return not any(known) and min(len(left), len(right)) >= SPLIT_PART


PRINT_SURE = 0.7  # a ruled grid whose cells' mean confidences have a median under this reads unsure as a whole
# (``ingest.cells.PRINT_SURE``: a page blurred as a whole, whose unsure cells are no pen but no reading either)


def grid_reads_sure(tokens: list[Token]) -> bool:
    """Whether the ruled grids of a page's tokens read sure (``PRINT_SURE``): the median over its cells
    (``grid_row``, ``grid_col``) of their words' mean confidence.  A page without a grid: True."""
    cells: dict[tuple, list[float]] = {}
    for t in tokens:
        if t.grid_row and not t.hand and any(ch.isalnum() for ch in t.text):
            cells.setdefault((t.grid_row, t.grid_col), []).append(t.conf)
    means = [sum(c) / len(c) for c in cells.values()]
    return not means or statistics.median(means) >= PRINT_SURE


COLUMN_SURE = 0.8  # a word read this sure in another row of its grid column…
COLUMN_WORD = 3  # …of this many letters or more, read letter for letter the same, confirms an unsure reading


def _confirmed_by_column(tokens: list[Token]) -> list[Token]:
    """``tokens`` with an unsure word of a ruled grid's cell (under ``LOW_CONFIDENCE``) raised to
    ``LOW_CONFIDENCE`` when the very same word, of ``COLUMN_WORD`` letters or more, was read sure
    (``COLUMN_SURE``) in another row of the same grid column: a table repeats its words down a column
    ("Hotel …" in every row of a venue column), and an unsure reading that gives, letter for letter, a
    word the column shows elsewhere is no guess (one worn word would otherwise empty its whole cell).
    Handwritten cells, words outside a grid and other words keep their confidence."""
    sure: dict[tuple[int, int, str], set[tuple[int, ...]]] = {}
    for t in tokens:
        if t.grid_row and not t.hand and t.conf >= COLUMN_SURE and sum(ch.isalpha() for ch in t.text) >= COLUMN_WORD:
            sure.setdefault((t.grid_row[0], t.grid_col, t.text), set()).add(t.grid_row)
    if not sure:
        return tokens
    out = []
    for t in tokens:
        rows = sure.get((t.grid_row[0], t.grid_col, t.text), set()) if t.grid_row and not t.hand else set()
        if t.conf < LOW_CONFIDENCE and rows - {t.grid_row}:
            t = replace(t, conf=LOW_CONFIDENCE)
        out.append(t)
    return out


WORD_LANGUAGE = "ind"  # the Tesseract word list a misread word is mended to (``ingest.ocr.dictionary``)
# a "!" or "|" among or after the letters of a word ("Hote!", "Tangga!", "UN!IVERSITAS"), a full stop or comma after it
_MARKED_WORD = re.compile(r"^[^\W\d_]+(?:[!|][^\W\d_]+)*[!|]?([.,:;]?)$")
_MARK = re.compile(r"[!|]")


def _mended_mark(text: str, words: frozenset[str]) -> str:
    """``text`` with a "!" or "|" OCR read for a letter l or I made that letter, when the word so
    written is in Tesseract's word list and the word as read is not ("Hote!": "Hotel", "Kepa!a":
    "Kepala"); a mark between letters may also be a speck ("UN!IVERSITAS").  A word in neither way
    (a name, "Awas!") is left as read; a mark after a word is never dropped, nor made a letter when
    the word before it is a word already ("SURAT!", "Tangga!": an exclamation or a rule's remnant)."""
    if not _MARK.search(text) or not words:
        return text
    m = _MARKED_WORD.match(text)
    if m is None:
        return text
    word, tail = text[:len(text) - len(m.group(1))], m.group(1)
    letters = _MARK.sub("", word)
    inside = not word.endswith(("!", "|"))
    if len(letters) < COLUMN_WORD or word.lower() in words or not inside and letters.lower() in words:
        return text
    upper = letters.isupper()
    for letter in (("L", "I") if upper else ("l", "i")) + (("",) if inside else ()):
        candidate = _MARK.sub(letter, word)
        if candidate.lower() in words:
            return candidate + tail
    return text


def _mended_marks(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each printed word's "!" or "|" read for a letter mended (``_mended_mark``), an l
    read for an i (``_mended_l``), and a word glued to the capitalised word after it parted
    (``_split_capital``)."""
    if not any(not t.hand and (_MARK.search(t.text) or _SMALL_WORD.match(t.text) or _GLUED_CAPITAL.match(t.text)
                               or _COLON_I.match(t.text)) for t in tokens):
        return tokens
    words = dictionary(WORD_LANGUAGE)
    return [t if t.hand else replace(t, text=_split_capital(_mended_l(_mended_mark(_colon_read_for_i(t.text, words),
                                                                                   words), words), words))
            for t in tokens]


# a colon among a word's letters or doubled after them ("Sert:fikasi", "Sertifikas::"): an i whose dot and
# stem Tesseract read as a colon's two dots
_COLON_I = re.compile(r"^([^\W\d_]{2,}):((?:[^\W\d_]+)?)([.,;]|:?)$")


def _colon_read_for_i(text: str, words: frozenset[str]) -> str:
    """``text`` with a colon read for an i made that i ("Sertifikas::": "Sertifikasi:", "Sert:fikasi":
    "Sertifikasi"), when the word so written is in Tesseract's word list and the word as read, without
    the colon, is not.  An i's dot over a short stem worn by a photocopy reads as a colon's two dots; a
    colon inside letters, or a second colon after a label's, is no punctuation of the language.  A
    label and its value glued at the colon ("Nama:Budi"), a word the list knows before a doubled colon
    ("Nama::") and a name no i makes a word stay as read."""
    m = _COLON_I.match(text)
    if m is None or not words:
        return text
    head, rest, tail = m.groups()
    if not rest and tail != ":":
        return text  # one colon after a word: a label's colon
    if (head + rest).lower() in words or head.lower() in words and not rest:
        return text
    candidate = f"{head}i{rest}"
    return candidate + tail if candidate.lower() in words else text


# a word in small letters (its first may be a capital) with a small l in it, a full stop or comma after it
_SMALL_WORD = re.compile(r"^([^\W\d_][^\W\d_A-Z]*l[^\W\d_A-Z]*)([.,:;]?)$")
L_WORD = 5  # letters in a word whose l is mended to an i (a short word has too many neighbours in the list)


def _mended_l(text: str, words: frozenset[str]) -> str:
    """``text`` with one small l that Tesseract read for an i made that i ("sebagal": "sebagai",
    "pegawal", "mulal"), when the word as read is not in Tesseract's word list and exactly one of its
    l's, made an i, gives a word of the list.  Indonesian words end in -ai far more than in -al, and a
    stem's i beside a rule or in a worn face loses its dot; a word the list knows ("jadwal", "awal",
    "total"), a name that no i makes a word ("Rizal"), a word in capitals, a word of fewer than
    ``L_WORD`` letters and an l beside another l ("Allas" read for "Atlas" is no "Alias") are left
    as read."""
    m = _SMALL_WORD.match(text)
    if m is None or len(m.group(1)) < L_WORD or m.group(1).lower() in words:
        return text
    word = m.group(1)
    found = [word[:k] + "i" + word[k + 1:] for k, ch in enumerate(word) if ch == "l"
             and "l" not in word[max(0, k - 1):k] + word[k + 1:k + 2]  # "ll": which one is misread, and for what?
             and (word[:k] + "i" + word[k + 1:]).lower() in words]
    return found[0] + m.group(2) if len(found) == 1 else text


# a word and the capitalised word after it read as one ("DesaAwayan"): small letters, then a capital and small letters
_GLUED_CAPITAL = re.compile(r"^([A-Z]?[a-z]{3,})([A-Z][a-z]{2,}[.,:;]?)$")


def _split_capital(text: str, words: frozenset[str]) -> str:
    """``text`` parted where Tesseract lost the space before a capitalised word ("DesaAwayan": "Desa
    Awayan"), when its part before the capital is a word of Tesseract's word list and the whole is
    not: no word of the language has a capital inside it, and a name set so ("McDonald") starts with a
    part no word list knows."""
    m = _GLUED_CAPITAL.match(text)
    if m is None or m.group(1).lower() not in words or text.lower() in words:
        return text
    return f"{m.group(1)} {m.group(2)}"


# a form's label word and its colon, as ``tokens_of`` joins a lone colon to it ("Tanggalsurat :") or as read ("Perihal:")
_LABEL_WORD = re.compile(r"^([^\W\d_]+)(\s?:)$")
LABEL_PART = 4  # each word of a glued label has this many letters or more


def _glued_label(text: str, words: frozenset[str]) -> str:
    """``text``, a label's last word and its colon, split in two where Tesseract read two words of
    the label as one ("Tanggalsurat :": "Tanggal surat :"): when the word as read is not in the word
    list and exactly one place parts it into two words of the word list, each of ``LABEL_PART``
    letters or more.  A form prints its labels in words of the language, and a name or a code never
    stands before a label's colon; any other word is left as read."""
    m = _LABEL_WORD.match(text)
    if m is None or m.group(1).lower() in words:
        return text
    word = m.group(1)
    parts = [(word[:k], word[k:]) for k in range(LABEL_PART, len(word) - LABEL_PART + 1)
             if word[:k].lower() in words and word[k:].lower() in words]
    if len(parts) != 1:
        return text
    return f"{parts[0][0]} {parts[0][1]}{m.group(2)}"


def _split_glued_labels(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each printed label glued to the word before its colon split (``_glued_label``)."""
    if not any(not t.hand and _LABEL_WORD.match(t.text) for t in tokens):
        return tokens
    words = dictionary(WORD_LANGUAGE)
    if not words:
        return tokens
    return [t if t.hand else replace(t, text=_glued_label(t.text, words)) for t in tokens]


MEND_WORD = 4  # a word of this many letters or more…
WORD_COLUMN = 0.75  # …in a grid column whose sure words are this share or more words of the word list


def _mended_by_column(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a word of a ruled grid's cell that is no word of Tesseract's word list mended to
    the one word that differs from it in a single letter, is in the word list, and was read sure
    (``COLUMN_SURE``) and surer than it elsewhere in the same grid column: a table repeats its words
    down a column ("Kota …" in every row of an address column), and a word one letter off it that no
    dictionary knows ("Kcta", "Palemzang" beside a sure "Palembang") is that word misread.  Only in a
    column of words: ``WORD_COLUMN`` of its sure words or more in the word list (a column of names
    has far fewer: a rare name one letter off a common one stays as read).  Words of fewer than
    ``MEND_WORD`` letters and words with two such neighbours are left as read; the confidence stays
    as read."""
    if not any(t.grid_row for t in tokens):
        return tokens
    words = dictionary(WORD_LANGUAGE)
    sure: dict[tuple[int, int], dict[str, float]] = {}
    counted: dict[tuple[int, int], list[bool]] = {}  # each sure word of a column: in the word list?
    for t in tokens:
        if t.grid_row and not t.hand and t.conf >= COLUMN_SURE and len(t.text) >= MEND_WORD and t.text.isalpha():
            known = t.text.lower() in words
            counted.setdefault((t.grid_row[0], t.grid_col), []).append(known)
            if known:
                column = sure.setdefault((t.grid_row[0], t.grid_col), {})
                column[t.text] = max(column.get(t.text, 0.0), t.conf)
    # a column of names (a daftar hadir's "Nama", a register's senders) holds words no word list knows
    sure = {key: column for key, column in sure.items() if sum(counted[key]) >= WORD_COLUMN * len(counted[key])}
    if not sure:
        return tokens
    out = []
    for t in tokens:
        column = sure.get((t.grid_row[0], t.grid_col), {}) if t.grid_row and not t.hand else {}
        if column and t.text.isalpha() and len(t.text) >= MEND_WORD and t.text.lower() not in words:
            near = {w for w, conf in column.items() if conf > t.conf and len(w) == len(t.text)
                    and sum(a != b for a, b in zip(w, t.text)) == 1}
            if len(near) == 1:
                t = replace(t, text=near.pop())
        out.append(t)
    return out


# a run of digits holding the letter O, standing apart from letters ("RT O1", "2O23"): Tesseract
# reads a zero as O beside digits; no word of a table spells digits with an O in them ("KO1" is kept)
_O_IN_DIGITS = re.compile(r"(?<![^\W\d_])[0-9Oo]*[0-9][0-9Oo]*(?![^\W\d_])")


def _digits_read_as_o(text: str) -> str:
    """``text`` with each O among digits of a number (``_O_IN_DIGITS``) made a zero."""
    return _O_IN_DIGITS.sub(lambda m: m.group().replace("O", "0").replace("o", "0"), text)


# a run of letters, all capitals but for one or more "l" and at least two capitals ("AJl", "PAKlS"):
# Tesseract reads a sans-serif capital I as a small l; no word set in capitals holds a small l
# ("Jl." has one capital and is kept)
_L_IN_CAPITALS = re.compile(r"(?<![^\W\d_])(?=[A-Zl]*[A-Z][A-Zl]*[A-Z])[A-Z]*l[A-Zl]*(?![^\W\d_])")


def _i_read_as_l(text: str) -> str:
    """``text`` with each small l of a word otherwise set in capitals (``_L_IN_CAPITALS``) made an I."""
    return _L_IN_CAPITALS.sub(lambda m: m.group().replace("l", "I"), text)


COLON_HEIGHT = (0.4, 1.1)  # a label's colon is this share of the label word's height (two specks are lower)
LABEL_TALL = 1.5  # a label boxed this many times the page's type height or more is measured by the type height


def _label_colons(words: list[dict]) -> dict[int, int]:
    """Lone colons ending a label in a ruled cell ("Sifat", ":"; "Nomor agenda", ":"): the index of
    the label's last word -> the colon's.  A form's colons often stand aligned in a column of their
    own, far right of a short label; they are the cell's printed text (``_NOISE`` drops other lone
    signs).  The label is the nearest word with a letter left of the colon on its line, in its cell.
    The colon's height is measured against the label's, or against the page's type height when
    Tesseract gave the label a taller box (a speck or a rule's piece taken into it: "Satker" boxed
    twice its letters' height, its colon then looked a speck's size)."""
    out: dict[int, int] = {}
    typed = _type_height(words)
    for k, w in enumerate(words):
        cell = w.get("cell")
        if str(w.get("text") or "").strip() != ":" or not cell or w.get("hand"):
            continue
        x, y, _, h = (int(v) for v in w.get("box") or (0, 0, 0, 0))
        best: tuple[int, int] | None = None
        for j, other in enumerate(words):
            ox, oy, ow, oh = (int(v) for v in other.get("box") or (0, 0, 0, 0))
            if j == k or other.get("cell") != cell or other.get("hand") or ox + ow > x + 1 \
                    or not any(ch.isalpha() for ch in str(other.get("text") or "")):
                continue
            label = min(oh, typed) if typed and oh > LABEL_TALL * typed else oh
            if not (oy <= y + h / 2 <= oy + oh and COLON_HEIGHT[0] * label <= h <= COLON_HEIGHT[1] * label):
                continue
            if best is None or x - (ox + ow) < best[0]:
                best = (x - (ox + ow), j)
        if best is not None and best[1] not in out:
            out[best[1]] = k
    return out


# a joiner standing alone between two words: a range's dash ("18 – 20 Januari", "08.00 - 10.00"),
# a slash or an ampersand ("DIKOORDINASIKAN / DIKONFIRMASIKAN", "Keu, SDM & MR"), a spaced colon
# inside a line ("(1 bx : 50 strips)", "Fasilitas : Seminar Kit")
_DASH = re.compile(r"^[-–—/&:,]$")
DASH_GAP = 0.8  # …kept when a word stands this many of its heights or less on either side of it, on its line,
DASH_HEIGHT = 0.5  # …a dash no higher than this share of that word's height (a rule's remnant or a mark is taller)…
JOINER_HEIGHT = 1.3  # …an ampersand or a colon no higher than this many times the word beside it
COMMA_HEIGHT = (0.2, 0.5)  # …a comma set apart ("Masjid , Puskesmas") this share of the word beside it, low on the line
SLASH_HEIGHT = 1.45  # …a slash no higher than this many times the taller word beside it (a slash runs from
# above the capitals to below the baseline, the type's whole body: ~1.4 times a word without descenders,
# "Simpan / File"; a rule's remnant spans a row)


def _between_words(dash: dict, words: list[dict], height: float = 0.0) -> bool:
    """Whether a lone joiner (``_DASH``) stands between two words of its line, close on both sides
    (and in the same ruled cell as both): text ("18 – 20"), not a rule's remnant at a cell's edge
    or a line of its own.  Close is measured in the neighbour's height, at least the page's type
    ``height`` (a "1" or a "." is boxed lower than its line's type: "1 – 3 Maret").  A dash, an
    ampersand or a colon must fit the word on each side; a slash the taller of its two neighbours
    (the line's body: "Simpan / File", the slash far taller than "File"), and it may lean into
    their boxes by half its width."""
    x, y, w, h = (int(v) for v in dash.get("box") or (0, 0, 0, 0))
    cell = dash.get("cell")
    sign = str(dash.get("text") or "").strip()
    flat = sign not in "/&:"  # a dash, not a slash, an ampersand or a colon
    slash = sign == "/"
    left: list[int] = []  # the heights of the close words on each side
    right: list[int] = []
    for other in words:
        text = str(other.get("text") or "").strip()
        if other is dash or not any(ch.isalnum() for ch in text) or other.get("cell") != cell:
            continue
        ox, oy, ow, oh = (int(v) for v in other.get("box") or (0, 0, 0, 0))
        if abs((oy + oh / 2) - (y + h / 2)) > oh / 2:
            continue  # not on the dash's line
        if not slash and h > (DASH_HEIGHT if flat else JOINER_HEIGHT) * oh:
            continue  # taller than a dash (or an ampersand) beside this word: a mark or a rule's remnant
        if sign == ":" and not COLON_HEIGHT[0] * oh <= h <= COLON_HEIGHT[1] * oh:
            continue  # no colon's height beside this word: two specks, or a rule's broken end
        if sign == "," and not (y + h / 2 > oy + oh / 2 and COMMA_HEIGHT[0] * oh <= h <= COMMA_HEIGHT[1] * oh):
            continue  # a comma hangs from the line's foot, a third of its words' height or so (a speck is smaller)
        gap = DASH_GAP * max(oh, height)
        touch = -(w // 2) if slash else 0  # a slanted slash leans into its neighbours' boxes
        if touch <= x - (ox + ow) <= gap:
            left.append(oh)
        if touch <= ox - (x + w) <= gap:
            right.append(oh)
    if not left or not right:
        return False
    # a slash no taller than the line's body (the taller word beside it)
    return not slash or h <= SLASH_HEIGHT * max(left + right)


def _word_before(mark: dict, words: list[dict], fallback: tuple[int, int]) -> tuple[int, int]:
    """The top and height of the nearest word ending left of ``mark`` on its line (``fallback``
    without one): a comma set apart is read on that word's line, not below it."""
    x, y, w, h = (int(v) for v in mark.get("box") or (0, 0, 0, 0))
    best: tuple[int, int] | None = None
    gap = None
    for other in words:
        text = str(other.get("text") or "").strip()
        if other is mark or not any(ch.isalnum() for ch in text):
            continue
        ox, oy, ow, oh = (int(v) for v in other.get("box") or (0, 0, 0, 0))
        if oy <= y + h / 2 <= oy + oh and ox + ow <= x + 1 and (gap is None or x - (ox + ow) < gap):
            best, gap = (oy, oh), x - (ox + ow)
    return best or fallback


FLAT_DASH = 0.25  # a mark this many type heights high or less, at least FLAT_WIDTH times as wide as high…
FLAT_WIDTH, FLAT_SHORT, FLAT_LONG = 1.5, 0.2, 1.5  # …and FLAT_SHORT to FLAT_LONG type heights long (a speck; a rule)
DASH_ALONE = 3.0  # …with no word within this many type heights on its line (a bullet's or a hyphen's word is closer)


def _lone_dash(mark: dict, words: list[dict], height: float) -> bool:
    """Whether a word's box is a dash standing as a cell of its own ("-" for "none" in a NIP column):
    flat (``FLAT_DASH``, ``FLAT_WIDTH``, ``FLAT_SHORT``, ``FLAT_LONG`` against the page's type
    ``height``), halfway up a line of words (its middle inside the middle of a word level with it) and
    with no word beside it within ``DASH_ALONE`` type heights.  Tesseract reads such a dash as a speck ("2", "«") or not at all."""
    x, y, w, h = (int(v) for v in mark.get("box") or (0, 0, 0, 0))
    if not height or h > FLAT_DASH * height or w < FLAT_WIDTH * h or not FLAT_SHORT * height <= w <= FLAT_LONG * height:
        return False
    mid = y + h / 2
    level = False
    for other in words:
        if other is mark or not any(ch.isalnum() for ch in str(other.get("text") or "")):
            continue
        ox, oy, ow, oh = (int(v) for v in other.get("box") or (0, 0, 0, 0))
        if oh < 0.5 * height:
            continue  # another speck
        if oy + 0.25 * oh <= mid <= oy + 0.85 * oh:
            if ox - DASH_ALONE * height < x + w and x - DASH_ALONE * height < ox + ow:
                return False  # a word beside it: a list's bullet, a hyphen or a speck of that word's
            level = True
    return level


MIN_GRID_ROWS = 3  # a grid parts its rows by rules only when it has a header and two body rows or more


def _ruled_rows_only(tokens: list[Token]) -> list[Token]:
    """``tokens`` with the grid row kept only for grids of ``MIN_GRID_ROWS`` rows or more: a grid of
    a header and one tall body row (no rules between its rows) says nothing of where rows start."""
    rows: dict[int, set[int]] = {}
    for t in tokens:
        if t.grid_row:
            rows.setdefault(t.grid_row[0], set()).add(t.grid_row[1])
    few = {table for table, seen in rows.items() if len(seen) < MIN_GRID_ROWS}
    return [replace(t, grid_row=(), grid_col=-1) if t.grid_row and t.grid_row[0] in few else t for t in tokens]


def grid_row_of(tokens: list[Token]) -> tuple[int, ...] | None:
    """The ruled grid row most of a line's words were read in (None: not in a grid)."""
    tags = [t.grid_row for t in tokens if t.grid_row]
    if not tags or len(tags) * 2 < len(tokens):
        return None
    return max(set(tags), key=tags.count)


def fills_row(cells: dict[int, list[Token]], first: dict[int, list[Token]]) -> bool:
    """Whether a line has text in every column (two or more) of its row's first line: the next
    entry of a list written in one ruled box, not a cell's wrapped text."""
    return len(first) >= 2 and set(first) <= set(cells)


def split_grid_rows(lines: list[list[Token]]) -> list[list[Token]]:
    """Lines read wholly in ruled grids, each parted by the grid row its words were read in and
    put in the grids' row order (a line's pieces in the order of the lines): a cell merged over two
    rows (a date written once beside the rows it covers) lies level with the second row's words, yet
    its text is the first row's. Lines partly outside a grid are returned as they are."""
    if not all(t.grid_row for line in lines for t in line):
        return lines
    pieces: list[tuple[tuple[int, ...], int, list[Token]]] = []
    for k, line in enumerate(lines):
        for row in sorted({t.grid_row for t in line}):
            pieces.append((row, k, [t for t in line if t.grid_row == row]))
    return [piece for _, _, piece in sorted(pieces, key=lambda p: (p[0], p[1]))]


def same_grid_row(previous: tuple[int, ...] | None, line: list[Token]) -> bool | None:
    """Whether a line lies in the same ruled grid row as the line before (its wrapped text: a cell
    of two lines or more), in another one (a new row), or None when either is not in a grid."""
    here = grid_row_of(line)
    if previous is None or here is None:
        return None
    return here == previous


def _cell_shifts(words: list[dict]) -> dict[tuple, int]:
    """How far each grid cell's words move up: from the middle of the cell's top word to the middle
    of its row's top word (middles: a tall box Tesseract gives one word moves no line)."""
    tops: dict[tuple, int] = {}
    for w in words:
        cell = tuple(w.get("cell") or ())
        text = str(w.get("text") or "").strip()
        if len(cell) == 3 and text and not _NOISE.match(text):  # a speck read as "'" is no cell's top
            box = w.get("box") or (0, 0, 0, 0)
            y = int(box[1]) + int(box[3]) // 2
            tops[cell] = min(tops.get(cell, y), y)
    row_tops: dict[tuple, int] = {}
    for (t, r, _), y in tops.items():
        row_tops[(t, r)] = min(row_tops.get((t, r), y), y)
    return {cell: y - row_tops[cell[:2]] for cell, y in tops.items()}


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
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).replace("_", " ").split())


def match_header(phrase: str, kind: str) -> tuple[str | None, float]:
    """The column of ``kind`` a header phrase names and its score (0..100); None when none fits."""
    best, best_score = None, 0.0
    for variant in phrase.split("\n"):  # a merged header cell's column is read either way round
        text = _norm(variant)
        if not text:
            continue
        for column, terms in kinds()[kind].header.items():
            for term in terms:
                if len(term) <= 4 or len(text) <= 4:
                    score = 100.0 if text == term else 0.0
                else:
                    score = fuzz.ratio(text, term)
                if score > best_score:
                    best, best_score = column, score
    return (best, best_score) if best_score >= MATCH_THRESHOLD else (None, best_score)


def header_cells(line: list[Token], below: list[Token] | None) -> list[tuple[str, int, int]]:
    """Header cells of ``line`` with the cells of a second header line (runs of words) attached to
    the word above them.  A word that gets two cells or more is a merged header cell over as many
    columns ("Surat" over "Nomor" and "Tanggal"): each of those cells is its own column, its text
    read either way round ("Nomor Surat" / "Surat Nomor"; see ``match_header``)."""
    height = _height(line)
    attached: dict[int, list[list[Token]]] = {}
    for seg in _segments(list(below or ()), height):
        x0, x1, centre = seg[0].x0, seg[-1].x1, (seg[0].x0 + seg[-1].x1) / 2
        best = max(range(len(line)), key=lambda i: (min(x1, line[i].x1) - max(x0, line[i].x0),
                                                    -abs(centre - line[i].centre)))
        attached.setdefault(best, []).append(seg)
    out: list[tuple[str, int, int]] = []
    for i, t in enumerate(line):
        segs = attached.get(i, [])
        if len(segs) >= 2:
            for seg in segs:
                text = " ".join(w.text for w in seg)
                out.append((f"{text} {t.text}\n{t.text} {text}", seg[0].x0, seg[-1].x1))
            continue
        words = [t] + (segs[0] if segs else [])
        out.append((" ".join(w.text for w in words), min(w.x0 for w in words), max(w.x1 for w in words)))
    return out


def header_columns(cells: list[tuple[str, int, int]], kind: str) -> list[Column]:
    """Header cells, left to right, as columns: the longest phrase of up to three neighbouring
    cells ("Jml." + "Eks.", "Asal" + "Surat") that names a column wins."""
    columns: list[Column] = []
    i = 0
    while i < len(cells):
        choice: tuple[float, int, str | None] = (0.0, 1, None)
        for k in (3, 2, 1):
            if i + k > len(cells):
                continue
            if k > 1 and any("\n" in c[0] for c in cells[i:i + k]):
                continue  # a merged header cell's columns are whole
            if k > 1 and _apart(cells[i:i + k]):
                continue  # cells a column's gutter apart are two columns ("No" read "Na" beside "Nama")
            name, score = match_header(" ".join(c[0] for c in cells[i:i + k]), kind)
            if name is not None and score > choice[0]:
                choice = (score, k, name)
        _, k, name = choice
        part = cells[i:i + k]
        label = " ".join(c[0].split("\n")[0] for c in part)
        columns.append(Column(name, min(c[1] for c in part), max(c[2] for c in part), label))
        i += k
    return columns


def _apart(cells: list[tuple[str, int, int]]) -> bool:
    """Whether neighbouring header cells stand further apart than four of their characters' widths
    (a gutter between columns, not the space inside a phrase like "Jml. Eks.")."""
    for (text, a0, a1), (_, b0, _) in zip(cells, cells[1:]):
        char = (a1 - a0) / max(1, len(text.split("\n")[0]))
        if b0 - a1 > 4 * char:
            return True
    return False


def find_header(lines: list[list[Token]], kind: str) -> tuple[int, list[Column]] | None:
    """Index of the last header line and its columns; None when no line reads as this kind's header
    (``Kind.accepts``)."""
    spec = kinds()[kind]
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else None
        options = [(i, header_columns(header_cells(line, None), kind))]
        if below and not any(ch.isdigit() for t in below for ch in t.text):
            options.append((i + 1, header_columns(header_cells(line, below), kind)))
        best = max(options, key=lambda o: len({c.name for c in o[1] if c.name}))
        named = {c.name for c in best[1] if c.name}
        if sum(1 for c in best[1] if c.name) < spec.header_share * len(best[1]):
            continue  # a sentence that happens to hold a header word ("Program Buku … Tahun 2024")
        if spec.accepts(named):
            return best
        if spec.recover_key and len(named) >= 3 and not spec.required_all <= named:
            recovered = _recover_key(best[1], spec.key, _height(line))
            if recovered is not None:
                return best[0], recovered
    return None


def _recover_key(columns: list[Column], key: str, height: float) -> list[Column] | None:
    """The key column's header lost to OCR ("Judul" of "Judul Buku", or the whole word) on a line
    naming three other columns: the first header cell that names nothing, else the gap after "No"."""
    unnamed = [k for k, c in enumerate(columns) if c.name is None]
    out = list(columns)
    if unnamed:
        k = unnamed[0]
        out[k] = Column(key, columns[k].x0, columns[k].x1)
        return out
    if columns[0].name == "no" and len(columns) > 1 and columns[1].x0 - columns[0].x1 > 4 * height:
        gap_mid = (columns[0].x1 + columns[1].x0) // 2
        out.insert(1, Column(key, gap_mid - 1, gap_mid + 1))
        return out
    return None


def detect_kind(lines: list[list[Token]], candidates: tuple[str, ...] = TABLE_KINDS,
                hint: str | None = None) -> tuple[str, int, list[Column]] | None:
    """The kind whose header the page shows, with that header: the one naming most of its columns
    (a tie goes to ``hint``, the document type's kind, then to the higher header); None when no
    line reads as the header of any of ``candidates`` with confidence (a header naming one column
    twice, "Lokasi" … "Tempat", is no sure sign of a kind)."""
    found = []
    for kind in candidates:
        hit = find_header(lines, kind)
        names = [c.name for c in hit[1] if c.name] if hit is not None else []
        if hit is not None and len(names) == len(set(names)):  # a column named twice: an unsure header
            found.append((len(names), kind == hint, -hit[0], kind, hit))
    if not found:
        return None
    *_, kind, (index, columns) = max(found, key=lambda f: f[:3])
    return kind, index, columns


def _height(line: list[Token]) -> float:
    return statistics.median(t.y1 - t.y0 for t in line) or 1


# --- columns and cells ---------------------------------------------------------------------------

def bounds(columns: list[Column], body: list[list[Token]], height: float,
           first_gutter: bool) -> list[tuple[float, float]]:
    """Each column's horizontal range (the outer columns run to the page edges).  The border
    between two columns lies between the two headers' centres (headers are often centred over
    left-aligned cells): with ``first_gutter``, the middle of the leftmost gutter (at least a line
    height wide) no body word crosses; else, or without one, the middle of the widest run the
    fewest body words cross; without body words, the midpoint between the headers."""
    cuts = []
    for left, right in zip(columns, columns[1:]):
        a, b = int((left.x0 + left.x1) / 2), int((right.x0 + right.x1) / 2)
        if b - a <= 2:
            cuts.append((left.x1 + right.x0) / 2)
            continue
        cover = _cover(a, b, body)
        cut = _first_clear(cover, height) if first_gutter else None
        cuts.append(a + cut if cut is not None else _gutter(a, cover))
    edges = [float("-inf")] + cuts + [float("inf")]
    return list(zip(edges, edges[1:]))


def _cover(a: int, b: int, body: list[list[Token]]) -> list[int]:
    """How many body words cover each x of [a, b)."""
    cover = [0] * (b - a)
    for line in body:
        for t in line:
            for x in range(max(a, t.x0), min(b, t.x1)):
                cover[x - a] += 1
    return cover


def _first_clear(cover: list[int], width: float) -> float | None:
    start = None
    for i, c in enumerate(cover + [1]):
        if c == 0 and start is None:
            start = i
        elif c != 0 and start is not None:
            if i - start >= width:
                return (start + i) / 2
            start = None
    return None


def _gutter(a: int, cover: list[int]) -> float:
    """Middle of the longest run of the x positions the fewest body words cover."""
    low = min(cover)
    best, run_start, best_len = a + len(cover) / 2, None, 0
    for i, c in enumerate(cover + [low + 1]):
        if c == low and run_start is None:
            run_start = i
        elif c != low and run_start is not None:
            if i - run_start > best_len:
                best_len, best = i - run_start, a + (run_start + i) / 2
            run_start = None
    return best


def _segments(line: list[Token], gap: float) -> list[list[Token]]:
    """Runs of words separated by less than ``gap`` (a cell's words stay together); words read in two
    different cells of a ruled grid are never one run (a rule parts them, however close)."""
    out: list[list[Token]] = []
    for t in line:
        if out and t.x0 - out[-1][-1].x1 <= gap and not _ruled_apart(out[-1][-1], t):
            out[-1].append(t)
        else:
            out.append([t])
    return out


def _ruled_apart(a: Token, b: Token) -> bool:
    """Whether two words were read in different cells of one ruled grid."""
    return bool(a.grid_row) and bool(b.grid_row) and (a.grid_row, a.grid_col) != (b.grid_row, b.grid_col)


def _column_of(tokens: list[Token], ranges: list[tuple[float, float]]) -> int | None:
    """The column a run of words sits in: the one it overlaps most, if clearly one."""
    x0, x1 = tokens[0].x0, tokens[-1].x1
    overlaps = [max(0.0, min(x1, r) - max(x0, left)) for left, r in ranges]
    best = max(range(len(ranges)), key=lambda i: overlaps[i])
    width = max(1, x1 - x0)
    if overlaps[best] >= 0.6 * width or len(tokens) == 1:
        return best
    return None


def _spills(seg: list[Token], ranges: list[tuple[float, float]], col: int, apart: frozenset[int]) -> bool:
    """Whether a run of words given to column ``col`` holds a word standing wholly inside one of the
    columns ``apart``: two cells read close together (a long nomor surat and the date beside it)."""
    return any(i != col and ranges[i][0] <= t.x0 and t.x1 <= ranges[i][1] for t in seg for i in apart)


def assign(line: list[Token], ranges: list[tuple[float, float]], gap: float,
           apart: frozenset[int] = frozenset()) -> dict[int, list[Token]]:
    """A line's words by column index; a word standing wholly inside one of the columns ``apart``
    (whose cells never wrap into a neighbour: a date) is that column's, however close it was read
    to the words before it."""
    cells: dict[int, list[Token]] = {}
    for seg in _segments(line, gap):
        col = _column_of(seg, ranges)
        if col is not None and not _spills(seg, ranges, col, apart):
            cells.setdefault(col, []).extend(seg)
            continue
        for t in seg:  # a run across a column border: word by word, by its centre
            col = next(i for i, (left, right) in enumerate(ranges) if left <= t.centre < right)
            cells.setdefault(col, []).append(t)
    return cells


def body_of(lines: list[list[Token]], height: float) -> list[list[Token]]:
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


def box_of(tokens: list[Token]) -> tuple[int, ...]:
    if not tokens:
        return ()
    return (min(t.x0 for t in tokens), min(t.y0 for t in tokens), max(t.x1 for t in tokens),
            max(t.y1 for t in tokens))


def _is_number(text: str) -> bool:
    """A row number as OCR reads it: digits with at most one slip (``1O``), at least one real digit."""
    core = text.strip(".,:;»«\"'()-_ ")
    return any(ch.isdigit() for ch in core) and core.translate(_DIGIT_FIX).isdigit()


# --- reading a page ----------------------------------------------------------------------------------

def read_table(words: list[dict], kind: str) -> TableRead:
    """The rows of ``kind`` (buku, hadir, jadwal) on one page from its OCR words."""
    lines = lines_of(tokens_of(words))
    found = find_header(lines, kind) if lines else None
    if found is None:
        return TableRead(kind, (), (), found_header=False)
    return _read_kind(lines, kind, *found)


def read_page(words: list[dict], hint: str | None = None) -> TableRead:
    """One page's table, its kind taken from the header words found on it (``detect_kind``;
    ``hint``, the document type's kind, breaks a tie); with no header of any kind, the page's
    aligned lines as a plain grid (kind ``GENERIC``, every row flagged); ``found_header`` False
    and no rows when there is no table at all."""
    lines = lines_of(tokens_of(words))
    if not lines:
        return TableRead(hint or GENERIC, (), (), found_header=False)
    found = detect_kind(lines, hint=hint)
    if found is None:
        return read_generic(lines)
    kind, index, columns = found
    return _read_kind(lines, kind, index, columns)


def _read_kind(lines: list[list[Token]], kind: str, last_header: int, columns: list[Column]) -> TableRead:
    spec = kinds()[kind]
    height = statistics.median(t.y1 - t.y0 for line in lines for t in line) or 1
    body = split_grid_rows(body_of(lines[last_header:], height))
    ranges = bounds(columns, body, height, spec.first_gutter)
    names = [c.name for c in columns]
    no_col = names.index("no") if "no" in names else None
    key_col = names.index(spec.key)
    groups: list[list[dict[int, list[Token]]]] = []
    previous_bottom = None
    previous_row: tuple[int, ...] | None = None
    started: list[bool] = []  # whether each line so far started a row
    for k, line in enumerate(body):
        cells = assign(line, ranges, gap=0.9 * height)
        same = same_grid_row(previous_row, line)
        previous_row = grid_row_of(line)
        top, bottom = min(t.y0 for t in line), max(t.y1 for t in line)
        if no_col is not None:
            starts = no_col in cells and _is_number(" ".join(t.text for t in cells[no_col]))
            # a "Jumlah" line has no number but is its own row
            starts = starts or _TOTAL.match(" ".join(t.text for t in cells.get(key_col, []))) is not None
        else:
            starts = key_col in cells
        if kind == "jadwal" and not starts and key_col in cells:
            starts = bool(find_dates(" ".join(t.text for t in cells[key_col])))
        if same is not None and groups:
            # a ruled grid says where its rows start: a cell's wrapped lines stay in its row, unless
            # the line is numbered or fills every column of the row's first line (a list in one box)
            numbered = no_col is not None and no_col in cells and _is_number(" ".join(t.text for t in cells[no_col]))
            starts = not same or numbered or fills_row(cells, groups[-1][0])
        elif not starts and groups and previous_bottom is not None and top - previous_bottom > CONTINUE_GAP * height:
            if key_col not in cells:
                break  # too far below the last line to be its wrapped text, nothing in the key column: the end
            starts = True  # a row whose number OCR lost
        previous_bottom = bottom
        if starts and same is None and groups and k > 0 and not started[-1] and _centred_above(body, k, height):
            # the line above holds the first line of a cell centred in this row ("Ketua Subkelompok"
            # over "1  Lambas Yulianto  …  Pengelolaan Jaringan"): it is this row's, not the last one's
            moved = groups[-1].pop()
            if not groups[-1]:
                groups.pop()
            groups.append([moved, cells])
        elif starts or not groups:
            groups.append([cells])
        else:
            groups[-1].append(cells)
        started.append(starts)
    if no_col is None and "no" in spec.columns:
        columns = _numbered_column(columns, groups)
        names = [c.name for c in columns]
    rows: list[TableRow] = []
    total: int | None = None
    for parts in groups:
        row = _row(len(rows), parts, columns, kind)
        key_text = row.cells.get(spec.key, "") or _raw(parts, key_col)
        if kind == "buku" and _TOTAL.match(key_text):
            total = row.copies if row.copies is not None else total
            continue
        if not row.cells and sum(ch.isalnum() for p in parts for toks in p.values() for t in toks for ch in t.text) < 3:
            continue  # a speck or a rule remnant under the table, no row
        rows.append(row)
    named = tuple(c for c in spec.columns if c in names)
    extras = tuple(_extra(c) for c in columns if c.name is None and _extra(c))
    labels = (" ".join(c.label.split()) for c in columns)
    header = tuple(label for label in labels if any(ch.isalpha() for ch in label))  # not a rule remnant "2"
    return TableRead(kind, named + tuple(dict.fromkeys(e for e in extras if e not in named)), tuple(rows),
                     stated_total=total, header=header, labels=_labels(columns, kind))


ROW_NUMBERS = 3  # a first column whose rows read this many numbers or more, rising, is the row numbers
ROW_NUMBER_DIGITS = 3  # …each of at most this many digits


def _numbered_column(columns: list[Column], groups: list[list[dict[int, list[Token]]]]) -> list[Column]:
    """``columns`` with the first one named "no" when its header names nothing the kind knows (OCR
    read "No" as "Na", "Z") and its rows hold row numbers: every row that has text there holds one
    number of at most ``ROW_NUMBER_DIGITS`` digits, ``ROW_NUMBERS`` of them or more, each larger than
    the one above (a row whose number was lost leaves a gap).  A list numbers its rows in its first
    column whatever its header reads; a column of codes, years or NIPs is no such run.  The rows stay
    as they were split; only the column's cells are kept as the row numbers they are."""
    if not columns or columns[0].name is not None or any(c.name == "no" for c in columns):
        return columns
    texts = [_raw(parts, 0).strip(".,:;»«\"'()-_ ") for parts in groups]
    numbers = [t for t in texts if t]
    if len(numbers) < ROW_NUMBERS or not all(t.isdigit() and len(t) <= ROW_NUMBER_DIGITS for t in numbers):
        return columns
    values = [int(t) for t in numbers]
    if any(b <= a for a, b in zip(values, values[1:])):
        return columns
    return [replace(columns[0], name="no"), *columns[1:]]


def _labels(columns: list[Column], kind: str) -> tuple[tuple[str, str], ...]:
    """Each stored column's header text as read (a column split over two header cells: joined);
    columns the rows do not keep (the signature) and rule remnants left out."""
    kept = kinds()[kind].columns
    out: dict[str, str] = {}
    for column in columns:
        key = _extra(column) if column.name is None else column.name if column.name not in NO_SIGN else ""
        key = key if key in kept or column.name is None else ""
        label = " ".join(column.label.split())
        if key and any(ch.isalpha() for ch in label):
            out[key] = f"{out[key]} {label}" if key in out else label
    return tuple(out.items())


def _raw(parts: list[dict[int, list[Token]]], col: int) -> str:
    return " ".join(t.text for p in parts for t in p.get(col, []))


def _row(index: int, parts: list[dict[int, list[Token]]], columns: list[Column], kind: str) -> TableRow:
    cells: dict[str, str] = {}
    confs: dict[str, float] = {}
    review: list[str] = []
    kept = kinds()[kind].columns
    for i, column in enumerate(columns):
        name = column.name
        toks = [t for p in parts for t in p.get(i, [])]
        if any(t.hand for t in toks) and (name or _extra(column)) and name not in NO_SIGN:
            review.append(REVIEW_HAND % {"column": name or _extra(column)})  # to be keyed in, not guessed
            continue
        if name is None and toks and _extra(column):  # a column the kind does not know ("NIP"): kept as read
            name = _extra(column)
            text = joined(toks)
            confs[name] = round(min(t.conf for t in toks), 2)
            if confs[name] < LOW_CONFIDENCE:
                review.append(REVIEW_UNSURE % {"column": name, "text": text})
            else:
                cells[name] = text
            continue
        if not toks or name is None or name in NO_SIGN or name not in kept:
            continue
        text = " ".join(joined(p[i]) for p in parts if p.get(i))
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
    return TableRow(index, cells, confs, tuple(review), box_of(words))


def joined(tokens: list[Token]) -> str:
    """A cell's words as text; a word ending in a hyphen at a line's end is joined to the word
    that starts the next line ("E-" + "Catalogue": "E-Catalogue"), not spaced from it; a word
    Tesseract read as two set tight (``_split_apart``) is one word again ("Subke lompok")."""
    text = tokens[0].text if tokens else ""
    space = height = 0.0
    if len(tokens) > 2:
        height = statistics.median(t.y1 - t.y0 for t in tokens)
        gaps = [b.x0 - a.x1 for a, b in zip(tokens, tokens[1:]) if _one_line(a, b) and 0 < b.x0 - a.x1 < height]
        space = statistics.median(gaps) if gaps else 0.0
    for before, t in zip(tokens, tokens[1:]):
        wrapped = t.x0 < before.x0 and t.y0 >= before.y1 - (before.y1 - before.y0) / 2
        hyphen = len(before.text) >= 2 and before.text.endswith("-") and before.text[-2].isalpha()
        glued = wrapped and hyphen and t.text[:1].isalpha() or space and _split_apart(before, t, space, height)
        text += ("" if glued else " ") + t.text
    return text


def _one_line(a: Token, b: Token) -> bool:
    return a.y0 <= b.centre_y <= a.y1 and b.y0 <= a.centre_y <= b.y1


def _split_apart(left: Token, right: Token, space: float, height: float) -> bool:
    """Whether two neighbouring words of a cell's line are one word Tesseract read as two: both of
    letters, the right one opening with a small letter, set at most ``SPLIT_GAP`` of the cell's type
    height apart and less than ``SPLIT_SPACE`` of the cell's word space, and one word by Tesseract's
    word list (``_split_word``).  A word space is a third of the type's height and more; letters of
    one word stand a few pixels apart.  Only the cell's text is joined: the words keep their boxes
    (a table's columns are found from them)."""
    if left.hand or right.hand or not _LETTERS.match(left.text) or not _LETTERS.match(right.text) \
            or not right.text[0].islower() or not _one_line(left, right):
        return False
    gap = right.x0 - left.x1
    if not -1 <= gap <= SPLIT_GAP * height or gap >= SPLIT_SPACE * space:
        return False
    return _split_word(left.text, right.text, dictionary(WORD_LANGUAGE))


def _extra(column: Column) -> str:
    """The key a column the kind does not know is kept under: its header as read ("NIP"), when it
    is a word (not a rule remnant or a lone letter)."""
    label = " ".join(column.label.split())
    return label if sum(ch.isalpha() for ch in label) >= 2 else ""


_STRAY_LEAD = re.compile(r"^[.,:;`'\"“”‘’]+(?=\w)")
_STRAY_TRAIL = re.compile(r"(?<=\w)[`'\"“”‘’]+$")
_QUOTES = re.compile(r"[\"'“”‘’`]")


def strip_stray(text: str) -> str:
    """A cell's text without the stray marks OCR puts before its first word (a speck or a rule's end
    read as ".", a quote no other quote closes: ".Pengolahan", "“Layanan sirkulasi"), and without a
    quote after its last word that no quote opens ("Mahyuni'": a speck read as an apostrophe)."""
    stripped = _STRAY_LEAD.sub("", text)
    if _QUOTES.search(stripped):
        stripped = text
    trimmed = _STRAY_TRAIL.sub("", stripped)
    return stripped if _QUOTES.search(trimmed) else trimmed


def _value(column: str, text: str, conf: float) -> tuple[str | None, str | None]:
    """A cell's value, or the reason it stays empty."""
    text = strip_stray(" ".join(text.split()))
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


# --- a table of no known kind ----------------------------------------------------------------------

CELL_GAP = 1.5  # without a header: words further apart than this many line heights are two cells
TABLE_GAP = 3.0  # …and lines further apart than this many line heights are no longer one table
WIDE_LINE = 0.6  # a run of words wider than this share of the page's text is a title or a sentence, no cell
WRAP_LINES, WRAP_GAP = 2, 1.5  # one-cell lines this close under a table's last row are its wrapped text
SPECK = 0.25  # a word less high than this many line heights is a speck, no text (a plain grid's reading)
SUB_COLUMN_GAP = 3.0  # words this many line heights apart in one ruled cell are columns of a list in it


def read_generic(lines: list[list[Token]]) -> TableRead:
    """A table whose header names no kind, as rows and numbered columns (``kolom_1`` …): every run
    of lines that hold two cells or more (one-cell lines between them are wrapped text; a gap of
    more than ``TABLE_GAP`` line heights between two neighbouring lines ends a run), each run's
    columns split at the gutters that (nearly) no line's cells cross.  A page holding two tables (or
    a form's blocks of label and value) gives the rows of each, top to bottom.  Every row is
    flagged: its columns have no names.  No such run: no table (``found_header`` False, no rows)."""
    none = TableRead(GENERIC, (), (), found_header=False)
    if not lines:
        return none
    height = statistics.median(t.y1 - t.y0 for line in lines for t in line) or 1
    # a line of specks read as characters ("5" four pixels high beside type of forty) outside a
    # ruled grid is no line of a table: it would end a run of lines between two of its rows (in a
    # grid the rules part the rows, and a speck's unsure reading keeps its cell flagged)
    lines = [line for line in lines if any(t.hand or t.grid_row or t.y1 - t.y0 >= SPECK * height for t in line)]
    if not lines:
        return none
    segs = [_segments(line, CELL_GAP * height) for line in lines]
    runs: list[list[int]] = []
    page_width = max(t.x1 for line in lines for t in line) - min(t.x0 for line in lines for t in line)
    for i, s in enumerate(segs):
        if any(seg[-1].x1 - seg[0].x0 > WIDE_LINE * page_width for seg in s):
            runs.append([])  # a title or a sentence across the page: no table row, the end of a table
            continue
        if len(s) < 2:
            continue
        last = runs[-1][-1] if runs and runs[-1] else None
        close = last is not None and i - last <= 3 and all(
            min(t.y0 for t in lines[k]) - max(t.y1 for t in lines[k - 1]) <= TABLE_GAP * height
            for k in range(last + 1, i + 1))
        if close:
            runs[-1].append(i)
        else:
            runs.append([i])
    rows: list[TableRow] = []
    width = 0
    for run in (part for whole in runs for part in _by_grid(whole, lines)):
        if len(run) < 2:
            continue
        end = run[-1]
        gridded = all(t.grid_row for i in run for t in lines[i])
        while gridded and end + 1 < len(lines) and len(segs[end + 1]) == 1 and grid_row_of(lines[end + 1]):
            end += 1  # a ruled grid's one-cell lines under its last row: in the grid, its wrapped text
        while not gridded and end + 1 < len(lines) and end - run[-1] < WRAP_LINES and len(segs[end + 1]) == 1 and \
                min(t.y0 for t in lines[end + 1]) - max(t.y1 for t in lines[end]) <= WRAP_GAP * height:
            end += 1  # the last row's wrapped lines, close under it
        read = _generic_run(lines[run[0]:end + 1], [segs[i] for i in run], height)
        for row in read:
            rows.append(TableRow(len(rows), row.cells, row.confidences, row.review, row.box))
            width = max([width] + [int(name.split("_")[1]) for name in row.cells])
    if not rows:
        return none
    return TableRead(GENERIC, tuple(f"kolom_{k + 1}" for k in range(width)), tuple(rows), found_header=False)


CENTRED_OVERLAP = 0.2  # a line whose top sits this many line heights above the bottom of the line above…
CENTRED_LINES = 2  # …this many times in a table: its cells are centred in rows of several lines


def _top(line: list[Token]) -> float:
    return statistics.median(t.y0 for t in line)


def _bottom(line: list[Token]) -> float:
    return statistics.median(t.y1 for t in line)


def _overlaps(above: list[Token], line: list[Token], height: float) -> bool:
    return _top(line) < _bottom(above) - CENTRED_OVERLAP * height


def _centred_above(lines: list[list[Token]], k: int, height: float) -> bool:
    """Whether line ``k - 1`` overlaps line ``k`` (a cell's first line above the row's centred
    cells) and not the line above it (so it is no wrapped line of that one)."""
    return _overlaps(lines[k - 1], lines[k], height) and not (k >= 2 and _overlaps(lines[k - 2], lines[k - 1], height))


def centred_cells(table: list[list[Token]], height: float) -> bool:
    """Whether a table's rows hold cells centred beside a cell of several lines ("1" and
    "Rp. 220.000" halfway down a three-line name): such a cell is read as a line of its own that
    overlaps the wrapped lines beside it, which no table of one line per row has."""
    overlaps = sum(1 for above, line in zip(table, table[1:]) if _overlaps(above, line, height))
    return overlaps >= CENTRED_LINES


def _by_grid(run: list[int], lines: list[list[Token]]) -> list[list[int]]:
    """A run of lines (indices) parted where two or more lines read wholly in one ruled grid meet
    lines read wholly outside any (or in another grid): a ruled table is a table of its own, not
    more rows of the form's lines above it (whose gutters would then decide the grid's columns).
    Lines read partly in a grid (a grid found in part) part nothing."""
    def key(i: int) -> object:
        tables = {t.grid_row[0] if t.grid_row else None for t in lines[i]}
        return tables.pop() if len(tables) == 1 else "mixed"

    blocks: list[tuple[object, list[int]]] = []
    for i in run:
        if blocks and blocks[-1][0] == key(i):
            blocks[-1][1].append(i)
        else:
            blocks.append((key(i), [i]))
    parts: list[list[int]] = []
    previous: tuple[object, list[int]] | None = None
    for block in blocks:
        apart = previous is not None and "mixed" not in (previous[0], block[0]) and \
            all(len(lines_in) >= 2 for k, lines_in in (previous, block) if k is not None)
        if parts and not apart:
            parts[-1].extend(block[1])
        else:
            parts.append(list(block[1]))
        previous = block
    return parts


CENTRED_MARGIN = 2.0  # a ruled cell whose text stands this many type heights or more below its row's top and
CENTRED_OFF = 1.0  # …above its row's bottom, its middle within this many heights of the row's middle, is centred


def _centred_rows(lines: list[list[Token]], height: float) -> set[tuple[int, ...]]:
    """The ruled grid rows one of whose cells holds text centred in the row, with as much free
    space above as below it and two type heights at least, beside a cell whose lines fill the row
    (a form's "Dasar Pembayaran" beside a box of labels and values, a short name beside a long
    list).  The rules part such a row from its neighbours and nothing inside it parts its lines:
    the centred text belongs to the whole row, so the row is one row of the table, each cell read
    whole, however its lines fall beside each other.  Measured where the page had the words, before
    ``_cell_shifts`` lifted each cell's first line to its row's first line.  Lines of several rows
    under a rule the grid lost do not look so: each column's text runs from the first of them to
    the last."""
    spans: dict[tuple[int, ...], dict[int, tuple[int, int]]] = {}
    for line in lines:
        for t in line:
            if not t.grid_row or t.hand:
                continue
            cols = spans.setdefault(t.grid_row, {})
            top, bottom = cols.get(t.grid_col, (t.y0 + t.lifted, t.y1 + t.lifted))
            cols[t.grid_col] = (min(top, t.y0 + t.lifted), max(bottom, t.y1 + t.lifted))
    out: set[tuple[int, ...]] = set()
    for row, cols in spans.items():
        if len(cols) < 2:
            continue
        row_top = min(top for top, _ in cols.values())
        row_bottom = max(bottom for _, bottom in cols.values())
        for top, bottom in cols.values():
            above, below = top - row_top, row_bottom - bottom
            if min(above, below) >= CENTRED_MARGIN * height and abs(above - below) <= 2 * CENTRED_OFF * height:
                out.add(row)
                break
    return out


def _sub_columns(line: list[Token], gap: float) -> bool:
    """Whether a line has two runs of words (``_segments``) in one ruled grid cell: a box holding a
    list in columns of its own (a form's check list), which the grid's columns do not part."""
    cols = [seg[0].grid_col for seg in _segments(line, gap)]
    return len(cols) != len(set(cols))


def _wrapped_entry(line: list[Token], first: dict[int, list[Token]], gap: float,
                   height: float) -> dict[int, list[Token]] | None:
    """A line close under the first line of a boxed list's entry (``first``: its words by the list's
    column) as that entry's wrapped text: each run of its words (``_segments``) under the column whose
    first word it starts at or right of (half a line height of slack), ending before the next column's
    first word.  None when a run fits under no column so, when a word of the line lies outside the
    ruled grid (a grid found in part says nothing of where its rows start), or when the line opens
    as an entry of its own does: with a row number, or with a label and its colon ("Unit Utama :"
    beside its value, a form's list of labels however close its lines)."""
    segs = _segments(line, gap)
    if not segs or not all(t.grid_row for t in line) or _is_number(segs[0][0].text) \
            or segs[0][-1].text.endswith(":") or any(seg[0].text.startswith(":") for seg in segs[1:]):
        return None
    starts = sorted((min(t.x0 for t in toks), k) for k, toks in first.items() if toks)
    out: dict[int, list[Token]] = {}
    for seg in segs:
        under = [i for i, (x0, _) in enumerate(starts) if x0 - height / 2 <= seg[0].x0]
        if not under:
            return None
        i = under[-1]
        if i + 1 < len(starts) and seg[-1].x1 > starts[i + 1][0]:
            return None
        out.setdefault(starts[i][1], []).extend(seg)
    return out or None


def _grid_cells(line: list[Token], gap: float) -> dict[int, list[Token]]:
    """A gridded line's words by the grid's column, or by its runs of words when it has columns
    inside one cell."""
    if _sub_columns(line, gap):
        return dict(enumerate(_segments(line, gap)))
    return {c: [t for t in line if t.grid_col == c] for c in sorted({t.grid_col for t in line})}


def _generic_run(table: list[list[Token]], segs: list[list[list[Token]]], height: float) -> list[TableRow]:
    """The rows of one run of lines (``read_generic``); ``segs`` the cells of its multi-cell lines."""
    x0 = min(t.x0 for line in table for t in line)
    x1 = max(t.x1 for line in table for t in line)
    cover = [0] * (x1 - x0)
    for line_segs in segs:
        for seg in line_segs:
            for x in range(seg[0].x0 - x0, seg[-1].x1 - x0):
                cover[x] += 1
    crossing = len(segs) // 10  # a title or a merged cell may cross a gutter
    cuts, start = [], None
    for x, c in enumerate(cover + [crossing + 1]):
        if c <= crossing and start is None:
            start = x
        elif c > crossing and start is not None:
            if x - start >= height and start > 0:
                cuts.append(x0 + (start + x) / 2)
            start = None
    whole: set[tuple[int, ...]] = set()
    if all(t.grid_row for line in table for t in line):
        table = split_grid_rows(table)
        # every word read in a ruled grid's cell: the grid's columns, not the gutters (a wide cell of
        # another row or a merged header hides the gutters); a line whose cell holds a list in
        # columns of its own (``_sub_columns``) gives each of its runs of words a column
        whole = _centred_rows(table, height)
        assigned = [_grid_cells(line, SUB_COLUMN_GAP * height) if grid_row_of(line) not in whole
                    else {c: [t for t in line if t.grid_col == c] for c in sorted({t.grid_col for t in line})}
                    for line in table]
        names = tuple(f"kolom_{k + 1}" for k in range(max(max(cells) for cells in assigned) + 1))
    elif not cuts:
        return []
    else:
        edges = [float("-inf")] + cuts + [float("inf")]
        ranges = list(zip(edges, edges[1:]))
        names = tuple(f"kolom_{k + 1}" for k in range(len(ranges)))
        assigned = [assign(line, ranges, gap=CELL_GAP * height) for line in table]
    firsts = [" ".join(t.text for t in cells[0]) for cells in assigned if 0 in cells]
    # a first column of row numbers ("1.", "2.") says where rows start: a line without one is the
    # wrapped text of the row above
    numbered = bool(firsts) and sum(_is_number(f) for f in firsts) * 2 >= len(firsts)
    groups: list[list[dict[int, list[Token]]]] = []
    whole_groups: set[int] = set()  # groups that are a ruled row read whole (``_centred_rows``)
    listed = False  # the current group is an entry of a list in columns of one ruled box
    previous_row: tuple[int, ...] | None = None
    # cells centred beside a row's wrapped text (lines that overlap the line above): rows are
    # told by the space between them, not by how many cells a line has
    by_gap = not numbered and centred_cells(table, height)
    for k, (line, cells) in enumerate(zip(table, assigned)):
        starts = 0 in cells if numbered else len(cells) >= 2
        if by_gap and k:
            starts = _top(line) - _bottom(table[k - 1]) > CONTINUE_GAP * height
        same = same_grid_row(previous_row, line)
        previous_row = grid_row_of(line)
        entry = False
        if same and groups and previous_row in whole:
            groups[-1].append(cells)  # a ruled row beside a cell centred in it: one row, each cell whole
            whole_groups.add(len(groups) - 1)
            continue
        if same is not None and groups:  # a ruled grid's rows, as in ``_read_kind``
            # a line whose box holds a list in columns of its own (``_sub_columns``) is the list's next
            # entry; so is a line under such an entry standing as far apart as the list's lines do (an
            # entry of the list's first column alone), where a wrapped line sits close under its entry
            close = _top(line) - _bottom(table[k - 1]) <= CONTINUE_GAP * height
            entry = bool(listed and same) and not close
            # a line close under a list's entry is the entry's wrapped text, each run of its words
            # under the entry's column it starts in (two boxes' texts wrapped side by side)
            wrapped = _wrapped_entry(line, groups[-1][0], SUB_COLUMN_GAP * height, height) \
                if listed and same and close else None
            if wrapped is not None:
                cells = wrapped
            starts = wrapped is None and (not same or fills_row(cells, groups[-1][0])
                                          or _sub_columns(line, SUB_COLUMN_GAP * height) or entry)
        if starts or not groups:
            groups.append([cells])
            listed = same is not None and (_sub_columns(line, SUB_COLUMN_GAP * height) or entry)
        else:
            groups[-1].append(cells)
    rows: list[TableRow] = []
    for g, parts in enumerate(groups):
        cells_text: dict[str, str] = {}
        confs: dict[str, float] = {}
        review = [REVIEW_NO_HEADER]
        for k, name in enumerate(names):
            toks = [t for p in parts for t in p.get(k, [])]
            if not toks:
                continue
            if any(t.hand for t in toks):
                review.append(REVIEW_HAND % {"column": name})
                continue
            if g in whole_groups:  # a cell read whole: its own lines, whatever the lines beside it
                toks = [t for line in lines_of(toks) for t in line]
            toks = _without_leading_mark(toks)
            text = joined(toks)
            confs[name] = round(min(t.conf for t in toks), 2)
            if confs[name] < LOW_CONFIDENCE:
                label = _sure_label(toks)
                if label:  # a form's printed label read sure, the value after its colon not: the label kept
                    cells_text[name] = joined(toks[:label])
                    confs[name] = round(min(t.conf for t in toks[:label]), 2)
                    text = joined(toks[label:])
                review.append(REVIEW_UNSURE % {"column": name, "text": text})
                continue
            cells_text[name] = text
        words = [t for p in parts for toks in p.values() for t in toks]
        rows.append(TableRow(len(rows), cells_text, confs, tuple(review), box_of(words)))
    return _numeric_columns(rows)


LABEL_WORDS = 4  # a form's label before its colon: this many words at most ("Surat Dari :", "Nomor agenda :")


def _sure_label(tokens: list[Token]) -> int:
    """How many of a plain grid cell's first words are a label read sure before a value that is not
    ("Surat Dari :" before a pen value read unsure): up to ``LABEL_WORDS`` words on the cell's first
    line, the first opening with a capital (as a form's label does; a sentence's words run on into a
    plain grid of a letter's text, "pembinaan perpustakaan:"), the last ending in the label's colon,
    every one at ``LOW_CONFIDENCE`` or more, and words after them.  0 when the cell opens with no such
    label (the whole cell is then unsure)."""
    first = tokens[0] if tokens else None
    if first is None or not first.text[:1].isupper():
        return 0
    for k, t in enumerate(tokens[:LABEL_WORDS]):
        if t.conf < LOW_CONFIDENCE or abs(t.centre_y - first.centre_y) > (first.y1 - first.y0) / 2:
            return 0
        if t.text.endswith(":") and any(ch.isalpha() for u in tokens[:k + 1] for ch in u.text):
            return k + 1 if k + 1 < len(tokens) else 0
    return 0


_LONE_DIGIT = {"I": "1", "l": "1", "|": "1", "i": "1", "O": "0", "o": "0"}
NUMERIC_CELLS = 2  # a column with this many cells that are whole numbers, and no cell of other words…


def _numeric_columns(rows: list[TableRow]) -> list[TableRow]:
    """A plain grid's rows with a lone "I", "l", "|" or "O" made the digit it stands for in a column
    of numbers (``NUMERIC_CELLS`` whole numbers or more, every other cell of it the header's words at
    most: a column's "Unit" over "1", "I", "1"): Tesseract reads a lone 1 or 0 as a letter, which a
    column of numbers never holds.  A column holding other words is left as read."""
    columns: dict[str, list[str]] = {}
    for row in rows:
        for name, text in row.cells.items():
            columns.setdefault(name, []).append(text)
    numeric = set()
    for name, texts in columns.items():
        numbers = sum(t.isdigit() for t in texts)
        other = sum(not t.isdigit() and t not in _LONE_DIGIT for t in texts)
        if numbers >= NUMERIC_CELLS and other <= 1:  # the header's label, read as a row of the grid
            numeric.add(name)
    if not numeric:
        return rows
    return [replace(row, cells={name: _LONE_DIGIT.get(text, text) if name in numeric else text
                                for name, text in row.cells.items()}) for row in rows]


_GLUED_TIME = re.compile(r"^(\d{1,2}[.:]\d{2})([^\W\d_]{2,})$")
_GLUED_RANGE = re.compile(r"^[\u2013\u2014](?=\d)")


def _split_glued_time(text: str) -> str:
    """A time read glued to the word after it ("07.00Wib") with the space OCR lost put back, and a
    range's dash glued to the number after it ("8 —10 Maret") set apart as an en dash, as a spaced
    one is (``tokens_of``)."""
    return _GLUED_RANGE.sub("\u2013 ", _GLUED_TIME.sub(r"\1 \2", text))


MARK_ALNUM = 2  # a cell's first word of one letter or digit, or two beside a sign…
MARK_CONF = 0.5  # …read less sure than this, before a sure word of MARK_WORD letters or more, is a mark
MARK_WORD, MARK_SURE = 3, 0.8  # (letters, confidence of that sure word)


def _without_leading_mark(tokens: list[Token]) -> list[Token]:
    """A plain grid cell's words without a tick, a check box or a bullet read as a short unsure
    word before its first sure word on the same line ("Dv) KASI PEMERINTAHAN", "v SEKRETARIS"):
    a form's check list marks its entries so; the mark is no text of the cell, and read at
    confidence 0 it would leave the whole cell unsure."""
    if len(tokens) < 2:
        return tokens
    first, nxt = tokens[0], tokens[1]
    same_line = abs((first.y0 + first.y1) / 2 - (nxt.y0 + nxt.y1) / 2) <= (nxt.y1 - nxt.y0) / 2
    alnum = sum(ch.isalnum() for ch in first.text)
    # one character, or two beside a bracket or a stroke ("Dv)"): not a short word ("em" for "GM")
    mark = alnum <= 1 or alnum <= MARK_ALNUM and not first.text.isalpha()
    if not (same_line and sum(ch.isalpha() for ch in nxt.text) >= MARK_WORD and nxt.conf >= MARK_SURE):
        return tokens
    if mark and first.conf < MARK_CONF or _round_bullet(first, nxt):
        return tokens[1:]
    return tokens


BULLET_LETTERS = frozenset("eo")  # what Tesseract reads a round bullet as: a small round letter
BULLET_HEIGHT = 0.7  # …no taller than this share of the capitalised word after it


def _round_bullet(first: Token, nxt: Token) -> bool:
    """Whether a cell's first word is a round bullet Tesseract read as a small letter ("e Pendidikan
    Pelatihan …", read sure): one small round letter (``BULLET_LETTERS``) alone, no taller than
    ``BULLET_HEIGHT`` of the capitalised word after it.  No word of the language is one such letter
    before a capitalised word; a list's letters carry their full stop or bracket ("a.", "b)")."""
    return first.text in BULLET_LETTERS and nxt.text[:1].isupper() \
        and first.y1 - first.y0 <= BULLET_HEIGHT * (nxt.y1 - nxt.y0)


# --- documents -------------------------------------------------------------------------------------

def kind_of(doc_type: str | None) -> str | None:
    """The table kind a document type holds (daftar_judul_buku → buku …), None for other types."""
    return DOC_TYPE_KINDS.get(doc_type or "")


def read_pages(pages: list[list[dict]], hint: str | None = None) -> list[tuple[int, TableRead]]:
    """Each page's table (1-based page numbers, ``read_page``); a page with no header that
    continues the table of the page before is read with that page's header words put on top."""
    out: list[tuple[int, TableRead]] = []
    last_header: list[dict] = []
    last_kind = hint
    for number, words in enumerate(pages, 1):
        read = read_page(words, hint)
        if not read.found_header and last_header and words and last_kind in TABLE_KINDS:
            carried = read_table(_lift(last_header, words) + list(words), last_kind)
            if carried.rows:
                read = carried
        elif read.found_header:
            header = _header_words(words, read.kind)
            if header:
                last_header, last_kind = header, read.kind
        out.append((number, read))
    return out


def _lift(header: list[dict], words: list[dict]) -> list[dict]:
    """``header``'s words moved to just above the topmost word of ``words`` (x kept)."""
    top = min(int((w.get("box") or [0, 0, 0, 0])[1]) for w in words)
    h1 = max(int(w["box"][1]) + int(w["box"][3]) for w in header)
    shift = top - 10 - h1
    # the header's grid cells are the other page's: dropped, so they are not taken for this page's cells
    return [{**{k: v for k, v in w.items() if k != "cell"},
             "box": [w["box"][0], int(w["box"][1]) + shift, w["box"][2], w["box"][3]]} for w in header]


def _header_words(words: list[dict], kind: str) -> list[dict]:
    """The OCR words of the header line(s) of ``kind`` on a page (to carry onto a continuation page).
    Found among the words as stored (grid cells left aside, so no word is moved and each token
    keeps its word's box)."""
    lines = lines_of(tokens_of([{k: v for k, v in w.items() if k != "cell"} for w in words]))
    found = find_header(lines, kind)
    if found is None:
        return []
    index, _ = found
    spec = kinds()[kind]
    one_line = {c.name for c in header_columns(header_cells(lines[index], None), kind) if c.name}
    chosen = lines[index:index + 1] if spec.accepts(one_line) else lines[max(0, index - 1):index + 1]
    keys = {(t.x0, t.y0) for line in chosen for t in line}
    return [w for w in words if w.get("box") and (int(w["box"][0]), int(w["box"][1])) in keys]
