"""Letter numbers (nomor surat) as OCR leaves them, put back together.

Numbers are free-form (``045.2/123/DISPERPUS/2024``, ``000.4.7.1/05/DISPERSIP/II/2025``, ``35/SK/SDITMUH/X/2015``):
they are normalised, not validated against one grammar. The repairs undo what Tesseract does inside them
(``|``/``l``/``I`` for '/', ',' for '.', 'O' for '0', Roman months read as digits, spaces around '/'), and a
number that is visibly broken is given up: missing is better than wrong.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date

_NOMOR_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,/|!\-]*[0-9A-Za-z]")
# A number read up to an abbreviation's dot with more text after a space: a unit code such as "Bid.LPP" broken
# by the reading, its rest (and the year) lost or garbled into the next column ("…/14/Bid. DNA Yth. Ketua").
# What was read is a prefix of the number, never the number; a trailing "." at the line's end is no break.
_CUT_AT_ABBREVIATION = re.compile(r"\.\s+\S")


def normalise_nomor(raw: str) -> tuple[str | None, bool]:
    """A letter number cleaned of OCR damage: spaces around '/', ``|``/``l``/``I`` read for '/', ',' for '.'
    in the classification code and between a code's letters, 'O' for '0' in numeric parts. Returns (nomor or None, repaired)."""
    s = raw.strip()
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"(?<=\w)-\s+(?=\w)|(?<=\w)\s+-(?=\w)", "-", s)  # "SMPN1- PRG" broken at the hyphen
    s = re.sub(r"(?<=[A-Za-z])\s(?=\d{1,2}-[A-Za-z])", "", s)  # "SMPN 1-JUAI"
    s = re.sub(r"(?<=\d)\s*[.,]\s*(?=\d)", ".", s)
    m = _NOMOR_TOKEN.search(s)
    if not m:
        return None, False
    token = m.group(0)
    rest = s[m.end():]
    chunks = rest.split()
    if not any("/" in c for c in chunks) and _CUT_AT_ABBREVIATION.match(rest) \
            and not re.search(r"/(?:19|20)\d\d$", token):
        return None, False  # "…/14/Bid. DNA Yth…": a dotted unit code ("Bid.LPP/…") broken where it goes on
    if any("/" in c for c in chunks) and not re.search(r"/\d{4}$", token):
        if len(chunks) >= 2 and chunks[0] in (".", "-"):
            joined = _NOMOR_TOKEN.match(token + chunks[0] + chunks[1])  # "Bid. LPP/DISPERSIP/…"
            if joined is None:
                return None, False
            token = joined.group(0)
        else:
            return None, False  # broken by OCR spaces ("SMPN 1 JUAN/…"): missing rather than wrong
    fixed = token.replace("|", "/")
    fixed = re.sub(r"(?<=\d)[lI](?=\d{2,}(?:/|$))", "/", fixed)  # "045l123/..." : l between digit groups
    fixed = re.sub(r"(?<=\d)[lI](?=[A-Z]{2,})", "/", fixed)  # "123lDISPERSIP"
    fixed = re.sub(r"(?<=\d),(?=\d)", ".", fixed)
    # and between letters: a code's dot read as a comma ("Bid,LPP"), as in the classification code; no number's
    # code holds a comma (``nomor_key`` folds one to a dot alike)
    fixed = re.sub(r"(?<=[A-Za-z]),(?=[A-Za-z])", ".", fixed)
    if any(re.search(r"[a-z]", p) and re.search(r"(?i)g9|9g|l1|1l", p) for p in fixed.split("/")):
        return None, False  # "Dispersip-B1g9": a digit beside the letter it stands for, one glyph read twice
    parts = [_fix_mixed_case_code(_fix_numeric_part(p)) for p in _split_year(fixed.split("/"))]
    if len(parts) >= 3 and re.fullmatch(r"\d{4}|(?:19|20)\d", parts[-1]):  # a year, or one cut short ("…/TII/202")
        parts[-2] = _fix_roman_month(parts[-2])
    fixed = "/".join(parts)
    if not re.search(r"\d", fixed) or len(fixed) < 3 or re.fullmatch(r"\d+[a-z]{2,}.*", parts[-1]):
        return None, False  # "…/202aringin": the year ran into the place-date
    dotted = len(parts) == 1 and re.fullmatch(r"[A-Z]{1,4}(?:\.[0-9A-Z]{1,4}){3,}", fixed)  # "PB.02.01.17A.10.25.294"
    if not dotted and (len(parts) < 2 or re.fullmatch(r"\d[\d.]*\.[A-Za-z].*", parts[0])
                       or re.search(r"-\d+$", parts[-1])):
        return None, False  # no '/' at all ("000.4.6"), letters in the code ("400.San-…"), cut short ("…-29")
    return fixed, fixed != token


_YEAR_GLUED = re.compile(r"((?:19|20)\d{0,2})(?:[A-Z][A-Za-z]{2,}|-[A-Z][a-z]{3,})")  # "2024Kepada": the column
# beside read on (also over a year's last digits, "202Kepada", "20Kepada": the year is kept cut short, which leaves the
# number unsure), or joined to it by a dash the gap was read as ("20-Kepada": a capitalised word, not a code like "Blg")
_MONTH_GLUED = re.compile(r"([IVXU1l|!]{1,4})((?:19|20)\d\d)")  # "VI2024", "VU2023": the month's '/' lost


def _split_year(parts: list[str]) -> list[str]:
    """The last segment cut where OCR ran something into the year: a capitalised word after it (the next
    column's "Kepada" read without the space) is dropped, at the year's end or where its digits stop ("202Kepada":
    a digit lost, the short year left for ``metadata`` to doubt); a Roman month before it whose '/' was lost ("VI2024",
    "VU2023") is made its own segment again, so the month is checked as a month (I-XII) like any other."""
    if len(parts) < 2:
        return parts
    last = parts[-1]
    glued = _YEAR_GLUED.fullmatch(last)
    if glued and len(glued.group(1)) >= 3:
        return parts[:-1] + [glued.group(1)]
    # two digits only after a Roman month written with letters ("…/IV/20Kepada"); "…/19DISP" is a code
    if glued and re.search(r"[IVXT]", parts[-2]) and _fix_roman_month(parts[-2]) in ROMAN_MONTHS:
        return parts[:-2] + [_fix_roman_month(parts[-2]), glued.group(1)]
    month = _MONTH_GLUED.fullmatch(last)
    if month and re.search(r"[IVX]", month.group(1)):
        return parts[:-1] + [month.group(1), month.group(2)]
    return parts


def _fix_numeric_part(part: str) -> str:
    """'O'→'0' and 'l'/'I'→'1' in a segment that is otherwise digits and dots (e.g. '0O4.2', '2O24')."""
    if re.fullmatch(r"[0-9.OolI]+", part) and re.search(r"\d", part) and not re.fullmatch(r"[IVX]+", part):
        return part.replace("O", "0").replace("o", "0").replace("l", "1").replace("I", "1")
    if re.fullmatch(r"[IVXl1]+", part) and re.search(r"[IVX]", part):
        return part.replace("l", "I").replace("1", "I")  # Roman month: "Il" → "II"
    return part


def _fix_mixed_case_code(part: str) -> str:
    """In a mixed-case unit code ("Dispersip-B1g", "Dispersip-B19") a '1' or '9' inside a letter group is the
    OCR reading of 'l' or 'g': "Blg". Upper-case codes with real digits ("SMPN1-JUAI") are left alone."""
    if not re.search(r"[a-z]", part):
        return part
    out = []
    for piece in part.split("-"):
        if re.fullmatch(r"[A-Za-z][A-Za-z19]*", piece) and re.search(r"[19]", piece) and re.search(r"[A-Za-z]{1}", piece):
            candidate = piece.replace("1", "l").replace("9", "g")
            piece = candidate if re.fullmatch(r"[A-Za-z]+", candidate) else piece
        out.append(piece)
    return "-".join(out)


def _fix_roman_month(part: str) -> str:
    """The month before the year is written in Roman numerals; OCR reads "III" as "111" or "Il", and a serif 'I'
    beside another stroke as 'T' ("TV", "TII", with a '1' too: "VTI1"; a 'T' alone is left: no other stroke says it
    is a numeral)."""
    if re.fullmatch(r"[1lI|!]{1,3}", part) or re.fullmatch(r"[1lI|!]{0,3}[VX][1lI|!]{0,3}", part) and len(part) <= 4:
        return re.sub(r"[1l|!]", "I", part)
    if "T" in part and re.search(r"[IVX]", part):
        fixed = part.replace("T", "I")
        if fixed in ROMAN_MONTHS:
            return fixed
        # the serif 'I' read 'T' beside another read '1' or 'l' ("VTI1" for "VIII"): each is one stroke
        fixed = re.sub(r"[T1l|!]", "I", part)
        if fixed in ROMAN_MONTHS and len(part) <= 4:
            return fixed
    return part


# ---------------------------------------------------------------- one key for "the same nomor"

_DIGIT_LIKE = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "i": "1", "L": "1",
                             "|": "1", "!": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2"})
_LETTER_LIKE = str.maketrans({"0": "O", "1": "I", "l": "I", "L": "I", "|": "I", "!": "I", "5": "S", "8": "B",
                              "9": "G"})
_ONES = set("1lIiL|!")
_CONFUSABLE_DIGITS = set("0123456789OoQlIiL|!SsBZz")


def _key_token(token: str) -> str:
    """One segment of a nomor folded: a segment that is digits as OCR reads them ("2O24", "l2", "0S") becomes
    digits, any other segment ("DlSPERSlP", "Il", "B1g") letters, so both readings of a segment meet."""
    if not token:
        return token
    digitish = set(token) <= _CONFUSABLE_DIGITS and (any(c.isdigit() for c in token) or set(token) <= _ONES)
    if digitish and token[0] not in "SsBZz":  # "B19" is a code read with 1/9 for l/g, "1S" a number
        return token.translate(_DIGIT_LIKE)
    return token.upper().translate(_LETTER_LIKE)


def nomor_key(nomor: str | None) -> str:
    """The one comparison key of a letter number, used by extraction, search, linking and the audit.

    Case, spaces (also around '/' and '.'), ',' for '.', '-' for '.' and '\\' for '/' are folded; inside each
    segment OCR's digit/letter confusions are folded by the segment's kind (O/0, l/I/1, S/5, B/8, Z/2 where the
    segment is a number; 0/O, 1/l/I, 5/S, 8/B, 9/g where it is a code). So '045/l2/DISPERSIP/2O24' and
    '045/12/DISPERSIP/2024' share a key; '045/12/…' and '045/13/…' do not. Empty string for no number."""
    if not nomor:
        return ""
    # upper case first, so each segment is classified on the characters it will be written with: 'q0' and 'Q0'
    # fold alike, and 'ı' (upper 'I') is a one as 'I' is (the key of a key is the key itself)
    s = "".join(str(nomor).upper().split()).replace(",", ".").replace("\\", "/").replace("-", ".")
    s = s.strip("./:;")
    tokens = re.split(r"([/.])", s)
    return "".join(t if t in "/." else _key_token(t) for t in tokens).upper()


def same_nomor(a: str | None, b: str | None) -> bool:
    """Whether two letter numbers are the same number as far as OCR can tell (``nomor_key`` equal)."""
    ka, kb = nomor_key(a), nomor_key(b)
    return bool(ka) and ka == kb


# ---------------------------------------------------------------- validation

# Said in a nomor's reason when Tesseract was unsure of a number that shows no Roman month although its letter
# is dated (``ingest.metadata``): the month may have merged into the code; the archive flags it for review.
MONTH_MAYBE_MERGED = "tanpa segmen bulan padahal OCR ragu"
# Said in a nomor's reason when the re-readings that settled it (``ingest.fieldread``) all doubted their digits:
# readings of one image can misread a character alike ("019.1" read "01901" three times); the value is kept and
# the archive flags it for review.
DIGITS_DOUBTED = "setiap bacaan ragu pada angkanya"
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# Two letters before the year, one a Roman digit and the other a stroke misread ("IN" for "IX", "VU" for "VI",
# "TI" for "II"): a month read wrong, not a code. M and H stay out: "MI" (a madrasah) and "HM" are codes.
_STROKE_PAIR = re.compile(r"[IVX][UWNLYT1l|!]|[UWNLYT1l|!][IVX]")
NO_SEQUENCE = "nomor tanpa angka di depan tahun: nomor urut hilang atau terbaca sebagai huruf"
# Said when a number opens with two digits before a sequence number of three or more ("41/453/…"): the archive
# classification codes that head an official letter's number before its sequence number are three digits ("041",
# "400.10", "000.4.7.1"), so a leading digit was lost (a zero erased with a crease or a rule) and which one is not
# known. Numbers opening with a short sequence number have short parts after it ("5/1/UMUM/IV/2024", "12/3/2024").
SHORT_CODE = "kode klasifikasi kurang dari tiga angka: angka depannya mungkin hilang"
_SHORT_CODE = re.compile(r"\d{2}(?:\.\d+)*")
# Said when the classification code runs straight into the sequence number ("400.14019/Kec-TT/IV/2025" for
# "400.14/019/..."): the '/' after the code was lost. A code's groups after its first three digits are one or two
# digits each ("400.14", "000.4.7.1", "045.2"), so a group of four or more digits there is a code and a number read
# as one; where the '/' stood is not known. A head of more than three figures before such a group is the same
# misreading with the code's own dots lost too ("10094.7.1069" for "000.4.7.1/069", fieldnomor31).
CODE_RUNS_ON = "kode klasifikasi menyatu dengan nomor urut: garis miring sesudah kode mungkin hilang"
_CODE_RUNS_ON = re.compile(r"\d{3,}(?:\.\d{1,2})*\.\d{4,}")
# Said when a classification code's head has four figures or more before its dotted groups ("1900.1/698/BPKAD/2023"
# for "900.1/…"): the codes' heads are three figures (000 … 900 and the legacy 041, 045: Permendagri 83/2022 and
# 78/2012), so a figure was added (a stroke before the number, the label's colon or a rule read as '1') or the head
# was misread; which figure is not the code's is not known. Plain sequence numbers of four figures ("2163/UN30/…")
# carry no dotted groups.
CODE_TOO_LONG = "kode klasifikasi lebih dari tiga angka di depan titiknya: ada angka yang bukan bagian kode"
_CODE_TOO_LONG = re.compile(r"\d{4,}(?:\.\d{1,2})+")
# Said when a classification code's first group is read as round letters ("UGU.1.5" for "000.1.5", a fax): the code's
# groups are figures, and three letters each of which OCR makes of a round figure (0, 6, 9) before its dotted groups
# are those figures misread; which ones is not known. Agencies' letter codes ("DM.02.06", "KU.01") have other letters.
CODE_AS_LETTERS = "kode klasifikasi terbaca sebagai huruf: angkanya tidak pasti"
_CODE_AS_LETTERS = re.compile(r"[OUGDQC]{3}(?:\.\d+)+")
# Said when a classification code ends in its dot before the '/' ("000./111/Kec-PS/2024"): no code prints a dot
# there, so the group after it was lost (a gap, toner, a speck filter took a figure).
CODE_DOT_ENDED = "kode klasifikasi berakhir dengan titik: angka sesudahnya hilang"
_CODE_DOT_ENDED = re.compile(r"\d+(?:\.\d+)*\.")
_GAP = re.compile(r"^\s*/|^\s*[A-Za-z]-?\s+/|/\s*/|/\s*[-.]\s*\S|/\s*$|\s{3,}/")


# A number wider than its column, broken after one of its slashes and continued on the next line, as a typist's table
# cell breaks it ("000.4.6.3/65/Bid.LPP/DISPERSIP/IV/" + "2023"; a number block beside the addressee leaves the
# number only the left part of the line). The column beside it may be read onto both lines ("…/IV/ Kepada Yth.
# Camat" + "2023 Juai"): read as one, its first word would end the number ("…/IV/Kepada"), a wrong number.
# The continuation is the next line's first word, the rest of a number that ends in its year.
_CONTINUATION = re.compile(r"(?:[0-9A-Za-z.\-]+/)*(?:19|20)\d\d")
_COLUMN_WORD = re.compile(r"[A-Z][A-Za-z]*\.?")  # a capitalised word ("Kepada", "Yth."), not a code ("SD-3")


def slash_wrapped(raw: str, next_line: str) -> tuple[str | None, bool]:
    """A number ``raw`` (the value of its row) that ends at one of its slashes, continued on ``next_line``.

    Returns (the number's two pieces put together, True) when the row's number ends with a '/' (alone or
    followed by words of another column) and the next line opens with the number's rest ending in a year;
    (None, True) when the number, written without spaces, ends with a '/' followed by two or more words of another
    column and no such rest follows (the number is cut; what follows its slash is not part of it); (None, False) otherwise (the
    row holds a number that is not broken this way: left to ``normalise_nomor``)."""
    tokens = raw.split()
    opening = len(slash_head(tokens))
    head, rest = "".join(tokens[:opening]), tokens[opening:]
    if not head or not re.search(r"\d", head):
        return None, False
    if rest and _CONTINUATION.fullmatch(rest[0].rstrip(".,;")):
        return None, False  # spaced slashes: the number's own end follows ("421.2/ 102/ Disdik/ 2023")
    following = next_line.split()
    if following and _CONTINUATION.fullmatch(following[0].rstrip(".,;")) and len(head.rstrip("/").split("/")) >= 2:
        return head + following[0].rstrip(".,;"), True
    if opening == 1 and len(rest) >= 2 and _COLUMN_WORD.fullmatch(rest[0]):
        return None, True  # one word up to its slash, then words: a number with spaced slashes has them throughout
    return None, False


def slash_head(tokens: Sequence[str]) -> list[str]:
    """The tokens that open a row each ending with a '/' (the number's pieces up to where it was broken)."""
    return list(itertools.takewhile(lambda token: token.endswith("/"), tokens))


def has_gap(raw: str) -> bool:
    """A number with a blank where its sequence number should be ("500/", "/IV/2023", "005 / / 35.07/2020",
    "520/ - Sekr./DKP3"): the printed form was left for a hand-written number, so the print alone is not
    the number."""
    raw = raw.strip().rstrip(".,;:")
    if _YEAR_FIGURE_SLASHED.search(raw):
        raw = raw[:-1]  # the year's last figure read as a '/', not a blank (``_YEAR_FIGURE_SLASHED``)
    return bool(_GAP.search(raw))


# A number ending in three figures of a year and a '/' ("…/Dispersip-Blg/II/202/" for "…/II/2024"), after a code
# and a sequence number: the year's last figure read as a stroke (a fax's thin "4"), not the blank a form leaves for
# a hand-written number, which stands before the code words and the year (fieldnomor30: held_out_3801 doc0041, the
# page and two of thirteen readings of one fax row, the other eleven with a whole year).
_YEAR_FIGURE_SLASHED = re.compile(r"^[^/\s]+/[^/\s]+/.*/(?:19|20)\d/$")


def year_cut_short(nomor: str) -> bool:
    """Whether the number ends in a year cut short: three digits of one ("…/V/202"), or under four digits after a
    Roman month ("…/IV/20"), which is always followed by its four-digit year. The rest of the year was lost where
    the next column's word ran on or over it; the number as read is not the number."""
    parts = nomor.split("/")
    if len(parts) < 3 or not re.fullmatch(r"\d{1,3}", parts[-1]):
        return False
    return bool(re.fullmatch(r"(19|20)\d", parts[-1])) or parts[-2] in ROMAN_MONTHS


def nomor_year(nomor: str) -> int | None:
    """The year a letter number carries: its last '/' segment when that is a year ("400.14/065/Kec-PS/III/2024"),
    else the four digits after "tahun" ("Nomor 3 Tahun 2024"). One reading for the number's own checks
    (``check_nomor``) and for a cited number's year (``archive.linking``)."""
    parts = nomor.split("/")
    if len(parts) >= 2 and (last := re.fullmatch(r"(?:19|20)\d\d", parts[-1].strip())):
        return int(last.group())
    tahun = re.search(r"\btahun\s+(\d{4})\b", nomor, re.IGNORECASE)
    return int(tahun.group(1)) if tahun else None


# A code segment ending in the letter's Roman month joined by one thin stroke: the '/' before a month read as
# 'I', 'l', '1' or '|' ("PP-NT/VII" read "PP-NTIVII"). The code must end in a character that is no Roman digit.
_GLUED_MONTH = re.compile(r"(?P<code>.*[^IVXl|1/\s.-])[Il|1](?P<month>[IVX]{1,4})")


def glued_month(parts: list[str], letter_month: int) -> str | None:
    """The segment of a number without a Roman month segment that holds the letter's month glued to its
    code (``_GLUED_MONTH``), or None. Only the letter's own month counts: a code that happens to end in
    Roman digits after an 'I' is not taken for a month unless the date says which month to expect."""
    for part in parts[1:-1]:
        found = _GLUED_MONTH.fullmatch(part.strip())
        if found and found["month"] == ROMAN_MONTHS[letter_month - 1]:
            return part.strip()
    return None


FIRST_YEAR = 1945  # the first year a letter of the republic's offices can carry (a number's, a date's)


def year_out_of_range(year: int, this_year: int | None = None) -> bool:
    """Whether ``year`` is no year a letter can carry: before ``FIRST_YEAR`` or after next year (a letter is
    numbered and dated when it is signed)."""
    return not FIRST_YEAR <= year <= (this_year or date.today().year) + 1


def check_nomor(nomor: str, letter_iso: str | None = None, this_year: int | None = None) -> list[str]:
    """What is doubtful about a repaired number (reasons for a clerk; empty when nothing is):

    - a Roman month segment that is no month I–XII ("VU", "XIV"): never guessed back;
    - a year segment outside 1945..this year + 1;
    - no digit before the year ("YKOM-BLB/SP/2025" for "9/KOM-BLB/SP/2025"): a letter's number has its sequence
      number, so the digits were lost or read as letters;
    - a classification code of two digits before a sequence number of three or more ("41/453/Dispersip/2023"
      for "041/…", ``SHORT_CODE``): the codes are three digits, so a leading digit was lost;
    - a classification code run into its sequence number ("400.14019/…" for "400.14/019/…", ``CODE_RUNS_ON``);
    - a classification code's first group read as round letters ("UGU.1.5/…" for "000.1.5/…", ``CODE_AS_LETTERS``);
    - a classification code ending in its dot ("000./111/…" for "000.1/111/…", ``CODE_DOT_ENDED``): a group lost;
    - a classification code with four figures or more before its dotted groups ("1900.1/…" for "900.1/…",
      ``CODE_TOO_LONG``): a figure that is not the code's;
    - a Roman month or year that disagrees with the letter's own date (``letter_iso``);
    - no Roman month segment, but the letter's month glued to a code by a misread '/' (``glued_month``)."""
    problems: list[str] = []
    parts = nomor.split("/")
    year = nomor_year(nomor)
    year_part = year is not None and len(parts) >= 2 and parts[-1].strip() == str(year)
    if year is not None and year_out_of_range(year, this_year):
        problems.append(f"tahun nomor {year} di luar rentang wajar")
    if year_part and len(parts) >= 2 and not any(re.search(r"\d", part) for part in parts[:-1]):
        problems.append(NO_SEQUENCE)
    if len(parts) >= 3 and _SHORT_CODE.fullmatch(parts[0].strip()) and re.fullmatch(r"\d{3,}", parts[1].strip()):
        problems.append(SHORT_CODE)
    if len(parts) >= 2 and _CODE_RUNS_ON.fullmatch(parts[0].strip()):
        problems.append(CODE_RUNS_ON)
    if len(parts) >= 2 and _CODE_AS_LETTERS.fullmatch(parts[0].strip()):
        problems.append(CODE_AS_LETTERS)
    if len(parts) >= 2 and _CODE_DOT_ENDED.fullmatch(parts[0].strip()):
        problems.append(CODE_DOT_ENDED)
    if len(parts) >= 2 and _CODE_TOO_LONG.fullmatch(parts[0].strip()):
        problems.append(CODE_TOO_LONG)
    month = None
    for k, part in enumerate(parts[1:], start=1):
        before_year = k == len(parts) - 2 and year_part
        if before_year and (re.fullmatch(r"[IVXUWNLYMHT1l|!]{2,5}", part) and len(re.findall(r"[IVX]", part)) >= 2
                            or _STROKE_PAIR.fullmatch(part)) \
                and part not in ROMAN_MONTHS:  # "IWV", "VIIN", "VIM", "VTTI": a month's strokes read as W, N, L,
            # Y, M, H, or a serif 'I' as 'T', '1', 'l' where the repair spells no month
            problems.append(f"bulan Romawi '{part}' pada nomor bukan I–XII")
        elif re.fullmatch(r"[IVXU]{1,5}", part) and re.search(r"[IVX]", part):  # "U": OCR's reading of "II"/"I"
            if part in ROMAN_MONTHS:
                month = ROMAN_MONTHS.index(part) + 1
            else:
                problems.append(f"bulan Romawi '{part}' pada nomor bukan I–XII")
    if letter_iso and month is None and not problems:
        glued = glued_month(parts, int(letter_iso[5:7]))
        if glued:
            problems.append(f"bulan Romawi mungkin menyatu dengan kode '{glued}' (garis miring terbaca 'I')")
    if letter_iso and not problems:
        l_year, l_month = int(letter_iso[:4]), int(letter_iso[5:7])
        if month is not None and month != l_month:
            problems.append(f"bulan nomor ({ROMAN_MONTHS[month - 1]}) berbeda dengan bulan tanggal surat")
        if year is not None and year != l_year:
            problems.append(f"tahun nomor ({year}) berbeda dengan tahun tanggal surat")
    return problems


# ---------------------------------------------------------------- kinds of misreading a value cannot show itself

# Said in a nomor's reason when its year is earlier than the year of a number the letter answers or follows up
# (``cites_later``): a letter cannot cite one written after it, so its own year is misread (a fax's "4" read "1").
CITES_LATER_NOMOR = "tahun nomor lebih awal dari nomor surat yang dirujuk"
# Said when a code's letters run straight into three or more digits ("BA441" for "BA-041"): a dash or '/' between
# a code and its digits was read as a digit, or lost.
CODE_RUN_INTO_DIGITS = "huruf kode menyatu dengan angka (tanda '-' atau '/' mungkin terbaca angka)"
_CODE_DIGITS = re.compile(r"[A-Z]{2,}\d{3,}")
# Said when a code segment holds a lone one-stroke character as a piece of its own between a separator and letters
# ("Bid.I.PP" for "Bid.LPP"): the stem of a wider letter whose other stroke was read as the separator ('L' read
# "I."), or lost. A code's pieces are words or abbreviations; a lone stroke among them is a letter not read. So is the
# figure 1 opening a piece of capitals after a separator ("DS-1D" for "DS-TD"): a capital's stem read as the figure
# ('T', 'I', 'L' whose bar or foot the blur took); a code's pieces are letters or figures, not a figure and letters.
LONE_STROKE = "satu garis tegak tersendiri dalam kode huruf (mungkin huruf lain yang terbaca 'I' dan tanda baca)"
_LONE_STROKE = re.compile(r"(?:^|[.\-])[Il1|][.\-](?=[A-Za-z])|[.\-][1|](?=[A-Z])")
# Lower-case letters Tesseract reads one for another in a small or blurred code: the descenders ('g' 'y' 'q', '9')
# and the thin strokes ('l' 'i', '1'). Two readings of a mixed-case code that differ only inside one such class
# disagree on a letter neither can settle ("Dispersip-Bly" beside "Dispersip-Blg", "Big" beside "Blg").
_THIN_CLASSES = ("gyq9", "li1")
# The same with a capital 'I' among the thin strokes: inside a lower-case code it is OCR's 'l' ("BIg"), which the
# vote keeps apart from 'l' (a reading "BIg" is no number of its own), but which is one more reading of the stroke.
THIN_OR_CAPITAL_I = ("gyq9", "liI1")


def cites_later(nomor: str, cited: list[str]) -> str | None:
    """The cited number whose year is later than ``nomor``'s own year, or None. A cited year no letter can carry
    (``year_out_of_range``: "…/2035" for "…/2025") is that citation misread, and says nothing of ``nomor``'s."""
    own = nomor_year(nomor)
    if own is None:
        return None
    return next((c for c in cited if (year := nomor_year(c)) is not None and year > own
                 and not year_out_of_range(year)), None)


def code_runs_into_digits(nomor: str) -> bool:
    """Whether a '/' segment of ``nomor`` is two or more capitals run straight into three or more digits
    ("BA441"): letter numbers part a code from its digits by '-', '/' or '.' ("BA-041", "SMPN1" has one digit)."""
    return any(_CODE_DIGITS.fullmatch(part) for part in nomor.split("/"))


def lone_stroke_in_code(nomor: str) -> bool:
    """Whether a code segment (after the first, with letters) of ``nomor`` holds a lone one-stroke character
    between a separator and letters (``_LONE_STROKE``: "Bid.I.PP"), or the figure 1 opening a piece of capitals
    ("DS-1D"); "KI.03.01", "1.3" or "PB.02.01.17A" have none."""
    return any(re.search(r"[A-Za-z]{2}", part) and _LONE_STROKE.search(part) for part in nomor.split("/")[1:])


def _thin_alike(a: str, b: str, classes: tuple[str, ...]) -> bool:
    return a == b or any(a in cls and b in cls for cls in classes)


def letters_dissent(chosen: str, other: str, classes: tuple[str, ...] = _THIN_CLASSES) -> bool:
    """Whether ``other`` (as many '/' segments) reads a mixed-case code segment of ``chosen`` otherwise only by
    lower-case letters of one confusable class (``_THIN_CLASSES``, or ``classes``): a letter Tesseract could not
    settle on."""
    parts, theirs = chosen.split("/"), other.split("/")
    return len(parts) == len(theirs) and any(
        a != b and len(a) == len(b) and re.search(r"[a-z]", a + b) is not None
        and all(_thin_alike(x, y, classes) for x, y in zip(a, b)) for a, b in zip(parts, theirs))


# ---------------------------------------------------------------- unit codes spelled by the letterhead

# Letters Tesseract reads one for another inside a short unit code: the descenders, the thin strokes (a capital 'I'
# among lower case is OCR's 'l'), and a capital 'T' whose bar is lost in a fax or a low-resolution scan.
_CODE_CONFUSABLE = ("gyq", "liI", "IT", "IJ")  # a capital J whose hook is lost reads as I
CODE_FROM_LETTERHEAD = "huruf kode unit dibaca menurut nama di kop surat"
CODE_CONFIDENCE = 0.35  # a letter inferred, not read: under the archive's "keyakinan rendah" line, shown to a clerk
_CODE_PIECE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,6}(?![A-Za-z0-9])")  # a whole piece between separators


def _subsequence(short: str, word: str) -> bool:
    rest = iter(word)
    return all(ch in rest for ch in short)


def _spelled(piece: str, header: Sequence[Sequence[str]]) -> bool:
    """Whether the letterhead's words (``header``, one list per line) spell ``piece`` as offices abbreviate a
    name in their unit codes: capitals as the initials of consecutive capitalised words of one line ("TT" of
    "TEBING TINGGI"); a capital with lower-case letters as the start of one longer name ("Kec" of "KECAMATAN")
    or as its capital and consonants, in order ("Blg" of "Balangan"; "Pig" is no such short form of
    "Paringin", a vowel kept among dropped ones)."""
    if piece.isupper():
        return any(piece in "".join(w[0] for w in line if w[0].isupper()) for line in header)
    if not (piece[0].isupper() and piece[1:].islower()):
        return False
    low = piece.lower()
    return any(len(w) > len(piece) and w[0].upper() == piece[0]
               and (w.lower().startswith(low) or not set(low[1:]) & set("aeiou") and _subsequence(low[1:], w[1:].lower()))
               for line in header for w in line)


def spelled_by_letterhead(piece: str, header: Sequence[Sequence[str]]) -> bool:
    """Whether the letterhead's words ``header`` spell the unit-code piece ``piece`` (``_spelled``)."""
    return _spelled(piece, header)


def _variants(piece: str) -> set[str]:
    """``piece`` with one letter read as another of its confusable class (``_CODE_CONFUSABLE``), capitals
    kept capitals ("TI" is "TT" or "II", never "Ti")."""
    out = {piece[:i] + other + piece[i + 1:] for i, ch in enumerate(piece)
           for cls in _CODE_CONFUSABLE if ch in cls for other in cls if other != ch}
    return {v for v in out if v.isupper() == piece.isupper()}


def letterhead_words(lines: Sequence[str]) -> list[list[str]]:
    """The words of the letterhead lines ``lines`` (the page above the number row), one list per line."""
    return [re.findall(r"[A-Za-z]+", line) for line in lines]


def code_by_letterhead(nomor: str, header: Sequence[Sequence[str]]) -> tuple[str, list[tuple[str, str]]]:
    """``nomor`` with each unit-code piece the letterhead does not spell (``_spelled``) but spells with exactly
    one letter read as another of its confusable class ("Bly" under a kop naming "Balangan": "Blg"; "Kec-TI"
    under "KECAMATAN TEBING TINGGI": "TT"), and the pieces changed. The issuing office prints its own name
    in the kop and abbreviates it in its numbers, so the kop is a second, independent reading of the code.
    Pieces the kop spells, or spells no variant of, or more than one, are left as read. A lone stroke and a
    separator before a code's capitals ("Bid.I.PP", ``LONE_STROKE``) are read as the one capital, 'L' or 'I', that
    makes with them a piece the letterhead spells ("LPP" under a signer's "Bidang Layanan dan Pembinaan
    Perpustakaan", ``metadata.nomor_letterhead``); none or both spelled, the stroke is left as read."""
    changed: list[tuple[str, str]] = []

    def fix(match: re.Match[str]) -> str:
        piece = match.group(0)
        if _spelled(piece, header):
            return piece
        spelled = [v for v in sorted(_variants(piece)) if _spelled(v, header)]
        if len(spelled) != 1:
            return piece
        changed.append((piece, spelled[0]))
        return spelled[0]

    def join(match: re.Match[str]) -> str:
        spelled = [c + match.group(2) for c in _STROKE_LETTERS if _spelled(c + match.group(2), header)]
        if len(spelled) != 1:
            return match.group(0)
        changed.append((match.group(1) + match.group(2), spelled[0]))
        return spelled[0]

    def letters(match: re.Match[str]) -> str:
        digits = match.group(0)
        spelled = sorted({v for v in _letters_for_digits(digits) if _spelled(v, header)})
        if len(spelled) != 1:
            return digits
        changed.append((digits, spelled[0]))
        return spelled[0]

    parts = nomor.split("/")
    fixed = [parts[0], *(p if _MONTH_LIKE.fullmatch(p)
                         else _CODE_PIECE.sub(fix, _STROKE_PIECE.sub(join, _DIGIT_PIECE.sub(letters, p)))
                         for p in parts[1:])]
    return "/".join(fixed), changed


# figures read for a code's letters after the code's '-' ("Dispersip-319" for "Dispersip-Blg"): a short run of
# digits glued to a letter piece, where no number's own figures stand (those are whole segments between '/')
_DIGIT_PIECE = re.compile(r"(?<=[A-Za-z]-)\d{2,4}(?![0-9A-Za-z])")
# the letters a figure is read for in a blurred or faxed code
_DIGIT_LETTERS = {"0": "Oo", "1": "lI", "2": "Z", "3": "B", "4": "A", "5": "Ss", "6": "Gb", "8": "B", "9": "gq"}


def _letters_for_digits(digits: str) -> set[str]:
    """The letter pieces ``digits`` may be a misreading of (``_DIGIT_LETTERS``), each figure for one letter."""
    out = {""}
    for ch in digits:
        out = {o + letter for o in out for letter in _DIGIT_LETTERS.get(ch, "")}
    return out


# A lone stroke and a separator before a code's capitals ("Bid.I.PP" for "Bid.LPP": the foot of an 'L' read as a
# dot, ``LONE_STROKE``), and the capitals such a stroke is the stem of.
_STROKE_PIECE = re.compile(r"(?<=[.\-])([Il1|][.\-])([A-Z]{2,5})(?=[.\-]|$)")
_STROKE_LETTERS = "LI"


# a quote or tick read where a code's first capital stood ("76/ 'BM-JC" for "76/TBM-JC"): a mark, then capitals
_MARKED_CODE = re.compile(r"(?<=/)\s?['\"`‘’“”]([A-Z]{2,5})(?=[-/.])")


def mark_by_letterhead(raw: str, header: Sequence[Sequence[str]]) -> tuple[str, list[tuple[str, str]]]:
    """``raw`` (the number's text as read) with a mark read in place of an all-capital code piece's first letter
    put back where the letterhead spells exactly one capital there: the piece with it is the initials of every
    word of one all-capital kop line (the office's own name: "'BM" under "TAMAN BACAAN MASYARAKAT" is "TBM"), the
    piece as read is not. The letter is inferred from the kop, not read; the pieces changed are returned so the
    caller can show the number low. Anything else is left as read."""
    changed: list[tuple[str, str]] = []
    whole = {"".join(w[0] for w in line) for line in header if len(line) >= 2 and all(w.isupper() for w in line)}

    def fill(match: re.Match[str]) -> str:
        piece = match.group(1)
        if piece in whole:
            return match.group(0)
        spelled = [c + piece for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c + piece in whole]
        if len(spelled) != 1:
            return match.group(0)
        changed.append((match.group(0).strip(), spelled[0]))
        return spelled[0]

    return _MARKED_CODE.sub(fill, raw), changed


_MONTH_LIKE = re.compile(r"[IVXTLUl1|]{1,5}")  # a Roman month as OCR reads it ("TV" for "IV"): not a unit code
