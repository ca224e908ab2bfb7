"""Metadata of one document from its (noisy) OCR text: nomor, tanggal, sifat, lampiran, perihal,
pengirim, penerima, partner, MoU parties and letters referred to.

Indonesian official letters (tata naskah dinas) put these in predictable places: a kop (letterhead) at the
top, "Paringin, 12 Maret 2024" at the top right, a Nomor/Sifat/Lampiran/Hal block with label-colon-value,
"Yth." + addressee + "di" + place, and the signing jabatan at the foot. OCR damages labels ("Nornor",
"Ytb.") and numbers ("045l12", "000,4"), so labels are matched fuzzily and values repaired; each ``Field``
says how it was found and how sure we are. Missing is better than wrong: a value that does not look like
what the label promises is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ingest.dates import DateHit, day_words, find_dates
from ingest.model import Field, Metadata, Party

LABELS = {"nomor": ("nomor", "no"), "sifat": ("sifat",), "lampiran": ("lampiran", "lamp"),
          "perihal": ("perihal", "hal")}
SIFAT_VALUES = ("Biasa", "Penting", "Segera", "Sangat Segera", "Sangat Penting", "Rahasia", "Terbatas")
_LABEL_LINE = re.compile(r"^\s*[-—–'\"“”‘’`.,|]*\s*([A-Za-z.|1]{2,10})\s*(?:[-—–'\"“”‘’`.,\s]{0,6}[:;]|\s\.\s*\.)\s*(.*)$")
# label, specks, colon, value: "Perihal — : …", "- Perihal : …", "Hal ” : …", "Perihal . . …"
_LABEL_NOCOLON = re.compile(r"^\s*([A-Za-z]{2,8})\.?\s+(\S.*)$")
_YTH = re.compile(r"^\s*(?:kepada\s*[:.]?\s*)?(?:y[tf][hbn]|yang\s+terhormat)\s*[.,:]*\s*(.*)$", re.IGNORECASE)
_YTH_LATE = re.compile(r"^(?!\s*\d+\s*[.)])(?!\s*tembusan).{1,20}?\s(?:kepada\s*[:.]?\s*)?y[tf][hbn]\.\s*(.*)$", re.IGNORECASE)  # specks before
_DI_LINE = re.compile(r"^\s*di\b\s*[-.:]?\s*(\S.*)?$", re.IGNORECASE)  # "di - Tempat", not "Dinas"
_ADDRESS = re.compile(r"\b(jalan|jl\.?|telp|telepon|alamat|kode\s*pos|e-?mail|pos-?el|laman|website|fax|hp\.?)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class _LabelHit:
    name: str
    value: str
    line: int
    confidence: float
    reason: str


# ---------------------------------------------------------------- public entry point

def extract_metadata(text: str) -> Metadata:
    """Every field we can find in ``text``, each with a confidence and a reason; unfound fields stay empty."""
    lines = [clean_line(ln) for ln in text.replace("\f", "\n").splitlines()]
    labels = _find_labels(lines)
    nomor = _nomor_field(labels)
    dates = find_dates("\n".join(lines))
    rujukan = _rujukan(lines, nomor.value)
    tanggal = _tanggal_field(lines, dates, rujukan)
    penerima = _penerima_field(lines)
    pengirim = _pengirim_field(lines)
    pihak = _pihak(lines)
    partner = _partner_field(pengirim, penerima, pihak, _title_lines(lines))
    return Metadata(nomor=nomor, tanggal=tanggal, sifat=_sifat_field(labels), lampiran=_lampiran_field(labels),
                    perihal=_perihal_field(lines, labels), pengirim=pengirim, penerima=penerima, partner=partner,
                    pihak=pihak, rujukan=tuple(rujukan))


_STRAY_LEFT = re.compile(r"^\s*(?:['‘’`.,|:;]\s+)+")
_STRAY_RIGHT = re.compile(r"(?:\s+['‘’`.,|;])+\s*$")


def clean_line(line: str) -> str:
    """A line without the stray specks OCR reads at its edges ("' Kearsipan", "bacaan bagi warga. |")."""
    return _STRAY_RIGHT.sub("", _STRAY_LEFT.sub("", line)).rstrip()


# ---------------------------------------------------------------- labels (Nomor / Sifat / Lampiran / Hal)

def _match_label(word: str) -> tuple[str, float] | None:
    """Which label ``word`` is ("Nornor" → nomor), with 1.0 for an exact match and less for a fuzzy one."""
    raw = word.lower().strip(".")
    low = raw.replace("|", "l").replace("1", "l").replace("rn", "m")
    if len(low) <= 3:
        low = low.replace("i", "l")  # "HaI": capital I read for l in a short label
    for name, forms in LABELS.items():
        if low in forms:
            return name, 1.0 if raw == low else 0.9
    if len(low) < 4:
        return None
    choices = {form: name for name, forms in LABELS.items() for form in forms if len(form) >= 4}
    match = process.extractOne(low, list(choices), scorer=fuzz.ratio, score_cutoff=78)
    if match is None:
        return None
    return choices[match[0]], 0.85


def _find_labels(lines: list[str]) -> list[_LabelHit]:
    """Label-value lines of the letter head block, in order; the no-colon form only for nomor-like values."""
    hits: list[_LabelHit] = []
    for i, line in enumerate(lines):
        m = _LABEL_LINE.match(line)
        colon = True
        if not m:
            m = _LABEL_NOCOLON.match(line)
            colon = False
        if not m:
            continue
        label = _match_label(m.group(1))
        if label is None:
            continue
        name, score = label
        value = m.group(2).strip()
        if not colon and not (name == "nomor" and re.search(r"\d[./|]\S*\d|\d/[A-Za-z]", value)
                              or name == "perihal" and m.group(1).lower() == "perihal" and i < 30
                              and re.match(r"[A-Z][a-z]+\s+[A-Z]", value)):
            continue  # without a colon only a structured number or "Perihal Title Case …" in the head
        conf = 0.95 if score == 1.0 and colon else 0.8
        how = "label tepat" if score == 1.0 else "label dikenali secara fuzzy"
        hits.append(_LabelHit(name, value, i, conf, f"{how} '{m.group(1)}' baris {i + 1}"))
    return hits


def _first(labels: list[_LabelHit], name: str) -> _LabelHit | None:
    return next((h for h in labels if h.name == name), None)


# ---------------------------------------------------------------- nomor

_NOMOR_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,/|!\-]*[0-9A-Za-z]")


def normalise_nomor(raw: str) -> tuple[str | None, bool]:
    """A letter number cleaned of OCR damage: spaces around '/', ``|``/``l``/``I`` read for '/', ',' for '.'
    in the classification code, 'O' for '0' in numeric parts. Returns (nomor or None, repaired)."""
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
    if any("/" in c for c in chunks[:2]) and not re.search(r"/\d{4}$", token):
        if len(chunks) >= 2 and chunks[0] in (".", "-"):
            token = _NOMOR_TOKEN.match(token + chunks[0] + chunks[1]).group(0)  # "Bid. LPP/DISPERSIP/…"
        else:
            return None, False  # broken by OCR spaces ("SMPN 1 JUAN/…"): missing rather than wrong
    fixed = token.replace("|", "/")
    fixed = re.sub(r"(?<=\d)[lI](?=\d{2,}(?:/|$))", "/", fixed)  # "045l123/..." : l between digit groups
    fixed = re.sub(r"(?<=\d)[lI](?=[A-Z]{2,})", "/", fixed)  # "123lDISPERSIP"
    fixed = re.sub(r"(?<=\d),(?=\d)", ".", fixed)
    parts = [_fix_mixed_case_code(_fix_numeric_part(p)) for p in fixed.split("/")]
    if len(parts) >= 3 and re.fullmatch(r"\d{4}", parts[-1]):
        parts[-2] = _fix_roman_month(parts[-2])
    fixed = "/".join(parts)
    if not re.search(r"\d", fixed) or len(fixed) < 3 or re.fullmatch(r"\d+[a-z]{2,}.*", parts[-1]):
        return None, False  # "…/202aringin": the year ran into the place-date
    if len(parts) < 2 or re.fullmatch(r"\d[\d.]*\.[A-Za-z].*", parts[0]) or re.search(r"-\d+$", parts[-1]):
        return None, False  # no '/' at all ("000.4.6"), letters in the code ("400.San-…"), cut short ("…-29")
    return fixed, fixed != token


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
    """The month before the year is written in Roman numerals; OCR reads "III" as "111" or "Il"."""
    if re.fullmatch(r"[1lI|!]{1,3}", part) or re.fullmatch(r"[1lI|!]{0,3}[VX][1lI|!]{0,3}", part) and len(part) <= 4:
        return re.sub(r"[1l|!]", "I", part)
    return part


def _nomor_field(labels: list[_LabelHit]) -> Field:
    hit = _first(labels, "nomor")
    if hit is None:
        return Field(reason="tidak ada label Nomor")
    value, repaired = normalise_nomor(hit.value)
    if value is None:
        return Field(reason=f"label Nomor tanpa nomor yang terbaca ({hit.reason})")
    conf = hit.confidence - (0.15 if repaired else 0.0)
    reason = hit.reason + ("; nomor diperbaiki dari OCR" if repaired else "")
    return Field(value, round(conf, 2), reason)


# ---------------------------------------------------------------- sifat, lampiran, perihal

def _sifat_field(labels: list[_LabelHit]) -> Field:
    hit = _first(labels, "sifat")
    if hit is None or not hit.value:
        return Field(reason="tidak ada label Sifat")
    words = " ".join(hit.value.split()[:2])
    match = process.extractOne(words, SIFAT_VALUES, scorer=fuzz.ratio, score_cutoff=75)
    if match is None:
        first = process.extractOne(hit.value.split()[0], SIFAT_VALUES, scorer=fuzz.ratio, score_cutoff=75)
        if first is None:
            return Field(reason=f"nilai Sifat tidak dikenal: {hit.value[:30]!r}")
        match = first
    exact = match[1] == 100
    return Field(match[0], round(hit.confidence - (0 if exact else 0.1), 2), hit.reason)


_LAMPIRAN_VALUE = re.compile(
    r"^(-|—|–|\d+\s*\(\s*[a-z ]+\s*\)\s*(?:berkas|lembar|eksemplar|bundel|buah|set|exemplar)?|"
    r"satu\s+berkas|[a-z0-9 ()]{1,30}?(?:berkas|lembar|eksemplar|bundel))", re.IGNORECASE)


def _lampiran_field(labels: list[_LabelHit]) -> Field:
    hit = _first(labels, "lampiran")
    if hit is None or not hit.value:
        return Field(reason="tidak ada label Lampiran")
    m = _LAMPIRAN_VALUE.match(hit.value.strip())
    if not m:
        return Field(reason=f"nilai Lampiran tidak dikenal: {hit.value[:30]!r}")
    value = re.sub(r"\s+", " ", m.group(1)).strip()
    value = "-" if value in ("—", "–") else value
    return Field(value, hit.confidence, hit.reason)


_STOP_CONTINUATION = re.compile(
    r"^\s*(kepada|yth|ytb|di\b|dengan hormat|dengan ini|sehubungan|menindaklanjuti|menanggapi|membalas|berdasarkan|"
    r"dalam rangka|bersama ini|guna|mengingat|memperhatikan|untuk|pada hari|yang bertanda)", re.IGNORECASE)


def _continues_perihal(value: str, line: str) -> bool:
    """Whether ``line`` is the Hal value wrapped onto a second line rather than the start of the body:
    short, in the title case of a subject line (or starting lower case mid-phrase), and not a new part."""
    if (not line or len(line) > 50 or value.endswith(".") or line.endswith(":") or _STOP_CONTINUATION.match(line)
            or _LABEL_LINE.match(line) and _match_label(_LABEL_LINE.match(line).group(1))):
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words:
        return False
    if words[0][0].islower():
        return True
    small = {"dan", "di", "ke", "dari", "untuk", "pada", "dengan", "tentang", "atas", "yang", "secara", "bagi"}
    capitalised = sum(w[0].isupper() or w.lower() in small for w in words)
    return capitalised / len(words) >= 0.75


def _perihal_field(lines: list[str], labels: list[_LabelHit]) -> Field:
    hit = _first(labels, "perihal")
    if hit is None or not hit.value:
        return _tentang(lines)
    parts = [_cut_right_column(hit.value)]
    nxt = hit.line + 1
    while nxt < len(lines) and len(parts) < 3:
        line = lines[nxt].strip()
        if not _continues_perihal(parts[-1], line):
            break
        parts.append(_cut_right_column(line))
        nxt += 1
    value = _trim_tail_noise(re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip(" .,;:-—–\"“”'‘’"))
    if len(value) < 3:
        return Field(reason="nilai Hal kosong")
    if _garbled_title(value):
        return Field(reason=f"nilai Hal tampak rusak oleh OCR: {value[:40]!r}")
    reason = hit.reason + (f"; lanjut {len(parts) - 1} baris" if len(parts) > 1 else "")
    return Field(value, hit.confidence, reason)


_TITLE_KIND = re.compile(r"^\s*(nota\s+kesepahaman|nota\s+kesepakatan|kesepakatan\s+bersama|perjanjian\s+kerja\s*sama|"
                         r"memorandum)", re.IGNORECASE)


def _tentang(lines: list[str]) -> Field:
    """An MoU / agreement has no Hal line; its subject is the "TENTANG …" part of the title."""
    head = [ln.strip() for ln in lines[:25]]
    antara = any(re.fullmatch(r"antara\W*", ln, re.IGNORECASE) for ln in head)
    if not (any(_TITLE_KIND.match(ln) for ln in head) or antara):
        return Field(reason="tidak ada label Hal/Perihal")
    for i, line in enumerate(head):
        m = re.match(r"^tentang\s*:?\s*(.*)$", line, re.IGNORECASE)
        if not m:
            continue
        parts = [m.group(1)] if m.group(1) else []
        for nxt in head[i + 1: i + 4]:
            if not nxt or not _mostly_upper(nxt) or re.match(r"^(nomor|no\.?)\s*[:;]", nxt, re.IGNORECASE):
                break
            parts.append(nxt)
        value = re.sub(r"\s+", " ", " ".join(parts)).strip(" .,")
        if len(value) >= 5:
            return Field(_title(value), 0.75, f"judul perjanjian: 'TENTANG' baris {i + 1}")
    return Field(reason="judul perjanjian tanpa 'TENTANG'")


_SMALL_WORDS = {"dan", "di", "ke", "dari", "untuk", "pada", "dengan", "tentang", "atas", "yang", "secara", "bagi",
                "oleh", "serta", "ini"}


def _garbled_title(value: str) -> bool:
    """A subject written in Title Case with a lower-case word inside it is an OCR misreading
    ("Permintaan Pe anan Perpustakaan", "Jawaban atas Permohonan penanda Buku")."""
    words = [w for w in re.findall(r"[A-Za-z]+", value)]
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    capitalised = [w for w in content if w[0].isupper()]
    if len(capitalised) / len(content) < 0.6:
        return False  # written in sentence case: nothing to compare against
    odd = [w for w in content if w[0].islower()]
    return bool(odd)


def _trim_tail_noise(value: str) -> str:
    """Drop specks OCR appends to a subject line: quotes, lone punctuation, short lower-case fragments
    ("… Peminjaman nga", "… Membaca “ega")."""
    words = value.split()
    while words and (re.search(r"[\"“”'‘’|]", words[-1]) or not re.search(r"\w", words[-1])
                     or (len(words[-1]) <= 3 and words[-1].islower() and words[-1] not in _SMALL_WORDS)):
        words.pop()
    return " ".join(words).strip(" .,;:")


def _cut_right_column(value: str) -> str:
    """Drop a right-hand column OCR put on the same line (a place-date or "Kepada Yth.")."""
    value = re.split(r"\s(?:Kepada\b|Yth\b|Ytb\b)", value)[0]
    value = re.split(r"\s[A-Z][a-z]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}", value)[0]
    return value.strip()


# ---------------------------------------------------------------- tanggal

def _tanggal_field(lines: list[str], dates: list[DateHit], rujukan: list[Field]) -> Field:
    """The letter's own date: the place-date line near the top (or a date standing alone in the head, as
    letters whose kop already names the place write it), else the MoU/BA date in words, else a place-date at
    the signature. Dates of letters referred to and event dates ("Hari/Tanggal : …") are never taken."""
    if not dates:
        return Field(reason="tidak ada tanggal")
    text = "\n".join(lines)
    top_end = len("\n".join(lines[: max(20, len(lines) // 3)]))
    own = [d for d in dates if not _is_reference_date(text, d)]
    for kinds, where, bonus in ((("place_date",), "top", 0.0), (("head_date",), "top", 0.0),
                                (("words",), "any", 0.0), (("place_date",), "any", -0.1)):
        for d in own:
            kind = _head_date_kind(text, d) if d.kind == "plain" else d.kind
            if kind in kinds and (where == "any" or d.start <= top_end):
                place = "di kepala surat" if d.start <= top_end else "di bagian tanda tangan"
                if kind == "head_date":
                    return Field(d.iso, 0.8, f"tanggal surat tanpa nama tempat, {place}")
                return Field(d.iso, round(d.confidence + bonus, 2), f"{d.reason}, {place}")
    if any(re.search(r"\b(agenda|register)\b", ln, re.IGNORECASE) for ln in lines[:6]):
        first_row = next((d for d in dates if d.kind == "numeric"), None)
        if first_row is not None:
            return Field(first_row.iso, 0.6, "halaman buku agenda: tanggal entri pertama")
    labelled = [d for d in own if re.search(r"(?<!hari/)(?<!hari)\btanggal\s*[:;]\s*(?:[A-Za-z']+\s*,\s*)?$",
                                              text[max(0, d.start - 40): d.start], re.IGNORECASE)]
    if labelled:
        d = labelled[0]
        return Field(d.iso, 0.6, f"{d.reason} setelah label Tanggal")
    return Field(reason="hanya tanggal di isi surat; tanggal surat tidak dipastikan")


def _head_date_kind(text: str, d: DateHit) -> str:
    """'head_date' for a date standing where a letter's own date stands: alone on its line, after the Nomor
    value (right-hand column read into the same line), or after a comma whose place OCR lost; never after a
    day name or a Hari/Tanggal label (an event date)."""
    line_start = text.rfind("\n", 0, d.start) + 1
    prefix = text[line_start: d.start].strip()
    if re.search(r"\b(tanggal|tgl|hari|pada)\b", prefix, re.IGNORECASE):
        return d.kind
    if not prefix or _LABEL_LINE.match(prefix) and (_match_label(_LABEL_LINE.match(prefix).group(1)) or ("",))[0] == "nomor":
        return "head_date"
    if prefix.endswith(","):
        before = re.findall(r"[A-Za-z']+", prefix)
        if before and before[-1].lower() not in day_words():
            return "head_date"
    return d.kind


def _is_reference_date(text: str, d: DateHit) -> bool:
    """A date that belongs to another letter ("surat Saudara Nomor … tanggal 5 Februari 2024")."""
    before = text[max(0, d.start - 120): d.start].lower()
    return bool(re.search(r"surat\b[^\n]{0,100}(nomor|no\.)[^\n]{0,60}tanggal\s*[:]?\s*$", before.replace("\n", " "))
                or re.search(r"(tanggal|tgl\.?)\s*$", before) and "surat" in before[-80:])


# ---------------------------------------------------------------- rujukan (letters referred to)

_RUJUKAN = re.compile(
    r"(menindaklanjuti|membalas|menanggapi|merujuk|memperhatikan|berdasarkan|sehubungan dengan|menjawab)"
    r"[^.]{0,140}?\bsurat\b[^.]{0,120}?\b(?:nomor|nornor|no\.)\s*[:.]?\s*([0-9A-Za-z][^\s,;]*(?:\s*/\s*[^\s,;]+)*)",
    re.IGNORECASE)
_SURAT_SAUDARA = re.compile(
    r"\bsurat\s+(?:saudara|bapak|ibu|dari)[^.]{0,120}?\b(?:nomor|nornor|no\.)\s*[:.]?\s*"
    r"([0-9A-Za-z][^\s,;]*(?:\s*/\s*[^\s,;]+)*)", re.IGNORECASE)


def _rujukan(lines: list[str], own_nomor: str | None) -> list[Field]:
    """Letters this one answers or follows up, by their number ("menindaklanjuti surat … Nomor …")."""
    body = re.sub(r"\s+", " ", " ".join(lines))
    found: list[Field] = []
    for pattern, base in ((_RUJUKAN, 0.85), (_SURAT_SAUDARA, 0.8)):
        for m in pattern.finditer(body):
            value, repaired = normalise_nomor(m.group(m.lastindex))
            if value is None or value == own_nomor or any(f.value == value for f in found):
                continue
            if not re.search(r"[/.]", value):
                continue
            tail = body[m.end(): m.end() + 60]
            when = re.match(r"\s*,?\s*tanggal\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})", tail, re.IGNORECASE)
            reason = f"'{m.group(0)[:60]}…'" + (f" tanggal {when.group(1)}" if when else "")
            found.append(Field(value, round(base - (0.1 if repaired else 0), 2), "surat dirujuk: " + reason))
    return found


# ---------------------------------------------------------------- penerima

def _penerima_field(lines: list[str]) -> Field:
    """The addressee block: "Yth." (or "Kepada Yth.") up to the "di" line."""
    for i, line in enumerate(lines):
        if re.match(r"^\s*tembusan\b", line, re.IGNORECASE):
            break  # copies-to list: not the addressee
        m = _YTH.match(line)
        late = m is None and _YTH_LATE.match(line)
        m = m or late
        if not m:
            continue
        head = line.strip().split()[0].lower().strip(".,:")
        exact = head in ("yth", "kepada", "yang") and not late
        parts = [m.group(1).strip()] if m.group(1).strip() else []
        more: list[str] = []
        closed = False
        for nxt in (ln.strip() for ln in lines[i + 1: i + 9]):
            if not nxt:
                continue
            if _DI_LINE.match(nxt):
                closed = True
                break
            if _LABEL_LINE.match(nxt) or len(more) == 4:
                break
            more.append(nxt)
        if not parts and more:
            parts.append(more.pop(0))
        if closed:
            parts += more  # lines between "Yth." and "di" belong to the addressee
        parts = [" ".join(w.strip("\"“”'‘’|") for w in p.split() if re.search(r"\w", w)) for p in parts]
        value = re.sub(r"\s+", " ", " ".join(parts)).strip(" ,.;:")
        value = re.split(r"\s+di\s+(?:tempat|paringin|-)", value, flags=re.IGNORECASE)[0].strip(" ,.")
        value = expand_abbreviations(value)
        value = fix_office_words(value)
        if len(value) < 4 or not value[:1].isupper() or re.match(r"^di\b", value, re.IGNORECASE):
            continue  # OCR garbage where the addressee should be ("si Ipa ni …", "di Hi Dinas …")
        conf = 0.9 if exact else 0.75
        return Field(value, conf, f"blok 'Yth.' baris {i + 1}" + ("" if exact else " (label dikenali secara fuzzy)"))
    return Field(reason="tidak ada blok Yth.")


_ABBREVIATIONS = ((r"\bKab\.\s*", "Kabupaten "), (r"\bKec\.\s*", "Kecamatan "), (r"\bKel\.\s*", "Kelurahan "),
                  (r"\bDs\.\s*", "Desa "))


def expand_abbreviations(value: str) -> str:
    """Kab./Kec./Kel./Ds. written out, so the same addressee compares equal however it was typed."""
    for pattern, full in _ABBREVIATIONS:
        value = re.sub(pattern, full, value)
    return re.sub(r"\s+", " ", value).strip()


# ---------------------------------------------------------------- pengirim (kop / signature)

_KOP_HEAD = re.compile(r"^\s*(pemerintah|yayasan|kementerian)\b", re.IGNORECASE)
_UNIT = re.compile(r"^\s*(pemerintah\s+desa|pemerintah\s+kelurahan|dinas|badan|sekretariat|inspektorat|kantor|"
                   r"kecamatan|kelurahan|desa|sd|smp|sma|smk|sdn|smpn|sman|smkn|mi|mts|ma|min|man|madrasah|sekolah|"
                   r"upt|uptd|perpustakaan|taman\s+bacaan|tbm|pondok|puskesmas|rsud)\b", re.IGNORECASE)


def _pengirim_field(lines: list[str]) -> Field:
    """The sender from the letterhead at the very top: its most specific unit ("PEMERINTAH DESA HALUBAU" →
    "Desa Halubau"; an office under "PEMERINTAH KABUPATEN BALANGAN" → "Dinas … Kabupaten Balangan").
    A document without a kop (an MoU title, a list) gets none rather than a guess."""
    top = [_strip_speck(ln.strip()) for ln in lines[:14] if ln.strip()][:7]
    if not top or not (_KOP_HEAD.match(top[0]) or _UNIT.match(top[0]) and _mostly_upper(top[0])):
        return Field(reason="tidak ada kop surat di bagian atas")
    units = []
    for line in top:
        if _ADDRESS.search(line) or not _mostly_upper(line):
            break
        if _UNIT.match(line):
            units.append(line)
    if not units:
        return Field(reason=f"kop surat tanpa nama satuan kerja: '{top[0]}'")
    unit = units[-1]
    if _garbled_unit(unit):
        return Field(reason=f"kop surat tidak terbaca utuh: '{unit}'")
    value = re.sub(r"\s+tahun\s+\d{4}\s*$", "", _strip_pemerintah(unit), flags=re.IGNORECASE)
    conf = 0.8
    if re.match(r"^(dinas|badan|sekretariat|inspektorat|kantor|satuan|bagian)\b", value, re.IGNORECASE) \
            and not re.search(r"\b(kabupaten|kota|provinsi)\b", value, re.IGNORECASE):
        region = _kop_region(top)
        if region:
            value = f"{value} {region}"
        else:
            conf = 0.6  # an office of which regency? the kop did not say
    value = " ".join(w for w in value.split() if re.search(r"\w", w))  # "KEARSIPAN -": a speck
    return Field(fix_office_words(_title(value)), conf, f"kop surat: '{unit}'")


_SHORT_OK = {"dan", "di", "sd", "mi", "ma", "tk", "rt", "rw", "ii", "iv", "vi", "ix", "xi", "of"}


def _garbled_unit(unit: str) -> bool:
    """A letterhead unit OCR broke up ("DINAS PERPUSTA N DAN"): a stray one/two-letter piece, or a word that
    is only the beginning of an office word."""
    for word in re.findall(r"[A-Za-z]+", unit):
        low = word.lower()
        if len(low) <= 2 and low not in _SHORT_OK:
            return True
        if len(low) >= 4 and any(w.startswith(low) and w != low for w in _OFFICE_WORDS):
            return True
    return False


def _kop_region(top: list[str]) -> str | None:
    """The regency of the letterhead: "PEMERINTAH KABUPATEN BALANGAN", else the address line's "Kabupaten …"."""
    for line in top:
        m = re.match(r"^\W*pemerintah\s+((?:kabupaten|kota|provinsi)\s+[A-Za-z]+(?:\s+[A-Za-z]+)?)\s*$", line,
                     re.IGNORECASE)
        if m:
            return m.group(1)
    for line in top:
        m = re.search(r"\b(kabupaten|kota)\s+([A-Z][A-Za-z]+)", line, re.IGNORECASE)
        if m and _ADDRESS.search(line):
            return f"{m.group(1)} {m.group(2)}"
    return None


_OFFICE_WORDS = ("perpustakaan", "kearsipan", "pemerintah", "kabupaten", "kecamatan", "kelurahan", "pendidikan",
                 "sekolah", "negeri", "madrasah", "ibtidaiyah", "tsanawiyah", "sekretaris", "sekretariat", "kepala",
                 "pegawai", "struktural", "fungsional", "pembinaan", "layanan", "bidang")


def fix_office_words(value: str) -> str:
    """Office words OCR garbled by one letter ("Kfarsipan" → "Kearsipan"), matched against a short lexicon
    of administrative words; names and places are left alone."""
    out = []
    for word in value.split():
        low = word.lower()
        if len(low) >= 6 and low.isalpha() and low not in _OFFICE_WORDS:
            match = process.extractOne(low, _OFFICE_WORDS, scorer=fuzz.ratio, score_cutoff=83)
            if match:
                fixed = match[0]
                word = fixed.capitalize() if word[:1].isupper() else fixed
                word = word.upper() if value.isupper() else word
        out.append(word)
    return " ".join(out)


def _strip_speck(line: str) -> str:
    """A letterhead line without the specks a logo leaves before it ("Kk PEMERINTAH …", "& DINAS …")."""
    m = re.match(r"^\W*\S{0,2}\W*\s+(.*)$", line)
    if m and not (_KOP_HEAD.match(line) or _UNIT.match(line)) and (_KOP_HEAD.match(m.group(1)) or _UNIT.match(m.group(1))):
        return m.group(1)
    return line


def _strip_pemerintah(value: str) -> str:
    return re.sub(r"^\s*pemerintah\s+(?=desa|kelurahan|kecamatan)", "", value, flags=re.IGNORECASE).strip()


def _mostly_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_KEEP_UPPER = {"SD", "SDN", "SMP", "SMPN", "SMA", "SMAN", "SMK", "SMKN", "MI", "MIN", "MTS", "MTSN", "MA", "MAN",
               "TK", "TBM", "RT", "RW", "UPT", "UPTD", "BURT", "II", "III", "IV"}


def _title(value: str) -> str:
    """Title case for names written in capitals, keeping school acronyms ("SDN 1 PARINGIN" → "SDN 1 Paringin")."""
    words = []
    for w in value.split():
        core = w.strip(".,")
        if core.upper() == "BURT":
            words.append(w.upper().replace("BURT", "BuRT"))  # the programme's own spelling
        elif core.upper() in _KEEP_UPPER:
            words.append(w.upper().replace("MTS", "MTs"))
        elif core.lower() in ("dan", "di", "dari", "untuk"):
            words.append(w.lower())
        else:
            words.append(w[:1].upper() + w[1:].lower())
    out = " ".join(words)
    return out[:1].upper() + out[1:]


# ---------------------------------------------------------------- MoU parties

_PIHAK_LABEL = re.compile(r"(?:selanjutnya\s+)?disebut\s*(?:sebagai\s+)?[\"']?\s*pihak\s+(pertama|kesatu|kedua|ketiga)",
                          re.IGNORECASE)
_PIHAK_NOMOR = re.compile(r"^\s*nomor\s*[:;]\s*(\S.*)$", re.IGNORECASE)


def _pihak(lines: list[str]) -> tuple[Party, ...]:
    """PIHAK PERTAMA / KEDUA from the komparisi ("… selanjutnya disebut PIHAK PERTAMA") with each party's
    agreement number taken, in order, from the "NOMOR :" lines under the title."""
    text = "\n".join(lines)
    matches = list(_PIHAK_LABEL.finditer(text))
    if not matches:
        return ()
    nomors = [normalise_nomor(m.group(1))[0] for ln in lines[:30] if (m := _PIHAK_NOMOR.match(ln))]
    start = _komparisi_start(text, matches[0].start())
    parties: list[Party] = []
    for k, m in enumerate(matches):
        role = {"kesatu": "pertama"}.get(m.group(1).lower(), m.group(1).lower())
        if any(p.role == role for p in parties):
            continue
        segment = text[start: m.start()]
        start = m.end()
        name, jabatan, instansi = _party_fields(segment)
        nomor = nomors[len(parties)] if len(parties) < len(nomors) else None
        filled = sum(x is not None for x in (name, jabatan, instansi))
        parties.append(Party(role=role, name=name, jabatan=jabatan, instansi=instansi, nomor=nomor,
                             confidence=round(0.4 + 0.15 * filled, 2)))
    return tuple(parties)


def _komparisi_start(text: str, first_label: int) -> int:
    m = None
    for m in re.finditer(r"(di\s*bawah\s*ini|bertanda\s+tangan[^\n:]*)\s*:?", text[:first_label], re.IGNORECASE):
        pass
    return m.end() if m else max(0, first_label - 400)


def _party_fields(segment: str) -> tuple[str | None, str | None, str | None]:
    seg = segment.strip(" \n.;,:")
    name = _labelled(seg, "nama")
    jabatan = _labelled(seg, "jabatan")
    instansi = None
    atas_nama = re.search(r"atas\s+nama\s+([^,\n]+?)(?:\s*,|\s*\n|\s+yang\s+|\s+berkedudukan|$)", seg, re.IGNORECASE)
    if atas_nama:
        instansi = _title(atas_nama.group(1).strip(" .,"))
    if name is None:
        first = re.sub(r"^[\s.;,:]*(?:\d+\s*[.)]\s*)?", "", seg.replace("\n", " "))
        bits = [b.strip() for b in first.split(",") if b.strip()]
        degrees = 1
        while degrees < len(bits) and _DEGREE.fullmatch(bits[degrees]):
            degrees += 1
        if len(bits) > degrees and len(bits[0]) <= 60:
            name = ", ".join(bits[:degrees])
            if jabatan is None and len(bits[degrees]) <= 100:
                jabatan = bits[degrees]
    return name, jabatan, instansi


_DEGREE = re.compile(r"(?:[A-Z][A-Za-z]{0,3}\.\s*){1,3}(?:[A-Z][A-Za-z]{0,4}\.?)?")  # S.AP., M.Si., S.Pd.I


def _labelled(segment: str, label: str) -> str | None:
    m = re.search(rf"^\s*(?:\d+\.\s*)?{label}\s*[:;]\s*(.+)$", segment, re.IGNORECASE | re.MULTILINE)
    return m.group(1).strip(" ,.") if m else None


# ---------------------------------------------------------------- partner

_PARTNER = re.compile(
    r"\b(Desa|Kelurahan|Perpustakaan\s+(?:Desa|Kelurahan|Sekolah)|Taman\s+Bacaan\s+Masyarakat|TBM|"
    r"SD\s*Negeri|SMP\s*Negeri|SMA\s*Negeri|SDN|SMPN|SMAN|SMKN|SMK|SD|SMP|SMA|MIN?|MTsN?|MAN?|Pondok\s+Pesantren)"
    r"\s+((?:[A-Z0-9][A-Za-z0-9'\-]*\s*){1,4})", re.IGNORECASE)
_PARTNER_STOP = {"kecamatan", "kabupaten", "kab", "kec", "di", "dan", "nomor", "tentang", "yang", "tahun", "dengan",
                 "perihal", "hal", "jalan", "jl"}


_CANONICAL_KIND = {"SDN": "SD Negeri", "SDNEGERI": "SD Negeri", "SMPN": "SMP Negeri", "SMPNEGERI": "SMP Negeri",
                   "SMAN": "SMA Negeri", "SMANEGERI": "SMA Negeri", "SMKN": "SMK Negeri"}


def find_partner(value: str) -> str | None:
    """The BuRT partner named in ``value`` ("Kepala Desa Kusambi Hilir" → "Desa Kusambi Hilir")."""
    for m in _PARTNER.finditer(value):
        kind = m.group(1)
        if kind.lower().startswith("perpustakaan") and "dinas" in value.lower()[max(0, m.start() - 10): m.start()]:
            continue
        words = []
        for w in m.group(2).split():
            if w.lower().strip(".,") in _PARTNER_STOP:
                break
            words.append(w.strip(".,"))
        if not words:
            continue
        return _title(f"{_CANONICAL_KIND.get(kind.upper().replace(' ', ''), kind)} {' '.join(words)}")
    return None


def _title_lines(lines: list[str]) -> str:
    """The capitalised title lines under the letterhead ("LAPORAN KEGIATAN … DI DESA MAMPARI")."""
    out: list[str] = []
    for line in (ln.strip() for ln in lines[:15]):
        if not line:
            continue
        kop = _KOP_HEAD.match(line) or _ADDRESS.search(line) or re.match(r"^(dinas|kecamatan)\b", line, re.IGNORECASE)
        if _mostly_upper(line) and not kop:
            out.append(line)
        elif out and not kop:
            break  # the title block ends where ordinary text (a table, the body) begins
    return " | ".join(out)


def _partner_field(pengirim: Field, penerima: Field, pihak: tuple[Party, ...], titles: str = "") -> Field:
    """The partner is whichever side is not the Dinas: PIHAK KEDUA of an MoU, the addressee of an outgoing
    letter, or the sender of an incoming one."""
    candidates: list[tuple[str | None, float, str]] = []
    for p in pihak:
        if p.role != "pertama":
            candidates.append((p.instansi or p.jabatan, 0.8, f"PIHAK {p.role.upper()}"))
    candidates.append((penerima.value, 0.85, "penerima"))
    candidates.append((pengirim.value, 0.8, "pengirim"))
    candidates.append((titles, 0.7, "judul"))
    for value, conf, where in candidates:
        if value:
            partner = find_partner(value)
            if partner:
                return Field(_normalise_spacing(partner), conf, f"mitra dari {where}: '{value[:60]}'")
    return Field(reason="mitra tidak ditemukan")


def _normalise_spacing(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()
