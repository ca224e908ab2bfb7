"""Who a document is from, to and between: the letterhead's unit (pengirim), the MoU parties (PIHAK
PERTAMA / KEDUA), the BuRT partner, and the name-cleaning these share (title case, garbled office words).
Used by ``ingest.metadata``."""
from __future__ import annotations

import functools
import re
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Hamming, Levenshtein

from ingest.model import Field, Party
from ingest.nomor import normalise_nomor
from ingest.ocr import dictionary

_ADDRESS = re.compile(r"\b(jalan|jl\.?|telp|telpon|telepon|alamat|kode\s*pos|e-?mail|pos-?el|laman|website|fax|"
                      r"faksimile|hp\.?|komplek|kompleks|gedung|lantai|kotak\s+pos)\b",
                      re.IGNORECASE)


# ---------------------------------------------------------------- pengirim (kop / signature)

_KOP_HEAD = re.compile(r"^\s*(pemerintah|yayasan|kementerian|kementrian|dewan|direktorat|badan|universitas|institut|"
                       r"pt\.?|cv\.?|lembaga|komisi)\b", re.IGNORECASE)
_UNIT = re.compile(r"^\s*(pemerintah\s+desa|pemerintah\s+kelurahan|dinas|badan|suku\s+(?:dinas|badan)|sekretariat|"
                   r"sekertariat|inspektorat|kantor|kecamatan|kelurahan|desa|sd|smp|sma|smk|sdn|smpn|sman|smkn|mi|mts|ma|"
                   r"min|man|madrasah|sekolah|upt|uptd|perpustakaan|taman\s+bacaan|tbm|pondok|puskesmas|rsud|rumah\s+sakit|"
                   r"universitas|institut|politeknik|akademi|fakultas|direktorat|balai|pusat|bagian|bidang|biro|dewan|"
                   r"komisi|lembaga|kementerian|kementrian|pt\.?|cv\.?|yayasan)\b", re.IGNORECASE)
_REGION_LINE = re.compile(r"^\W*((?:provinsi|propinsi|kabupaten|kota)\b.*?)\W*$", re.IGNORECASE)
_PEMERINTAH_REGION = re.compile(r"^\W*pemerintah\s+((?:kabupaten|kota|provinsi|propinsi)\b.*?)\W*$", re.IGNORECASE)
_PLACE_UNIT = re.compile(r"^\s*(kecamatan|kelurahan|desa)\b", re.IGNORECASE)  # where a school or clinic is
_SITE_UNIT = re.compile(r"^\s*(sd|smp|sma|smk|sdn|smpn|sman|smkn|mi|mts|ma|min|man|madrasah|sekolah|puskesmas|pondok|tk)\b",
                        re.IGNORECASE)
_NEEDS_REGION = re.compile(r"^(dinas|badan|suku|sekretariat|sekertariat|inspektorat|kantor|satuan|bagian|bidang)\b",
                           re.IGNORECASE)
# where the letterhead ends: a document's title (its kind: "SURAT …", "JADWAL …", an agreement's "ANTARA" /
# "DENGAN"), a label, an official's title line
_KOP_STOP = re.compile(r"^\s*(surat|keputusan|peraturan|nota|berita\s+acara|lembar|daftar|undangan|laporan|formulir|"
                       r"jadwal|perjanjian|kesepakatan|memorandum|pengumuman|instruksi|notulen|notula|rekapitulasi|"
                       r"absensi|kuitansi|kwitansi|antara|dengan|tentang|"
                       r"kepada|nomor|no\.|perihal|hal|sifat|lampiran|yth|pejabat|petinggi|kepala|rektor|direktur|"
                       r"gubernur|bupati|walikota|camat|lurah)\b", re.IGNORECASE)


# a document's kind anywhere in a title line ("RENCANA JADWAL PEMBINAAN …", "HASIL LAPORAN …")
_DOC_KIND = re.compile(r"\b(surat|keputusan|peraturan|nota|berita\s+acara|lembar|daftar|undangan|laporan|formulir|"
                       r"jadwal|perjanjian|kesepakatan|memorandum|pengumuman|instruksi|notulen|notula|rekapitulasi|"
                       r"absensi|kuitansi|kwitansi)\b", re.IGNORECASE)


# Administrative levels, broad to narrow: a place line naming a broader level than the unit above it
# is where that unit is ("PEMERINTAH DESA LOK BATU" / "KECAMATAN BATUMANDI ..."), not a unit under it.
_DESA_LEVEL = re.compile(r"^\s*(?:pemerintah\s+)?(kelurahan|desa)\b", re.IGNORECASE)


def _admin_level(line: str) -> int:
    if _SITE_UNIT.match(line):
        return 4
    if _DESA_LEVEL.match(line):
        return 3
    if re.match(r"^\s*(?:pemerintah\s+)?kecamatan\b", line, re.IGNORECASE):
        return 2
    return 0  # an office, a dinas, a region: no place line is broader than it


_UNIT_WORD = re.compile(r"^\W*(?:PEMERINTAH\s+)?([A-Z]{2,})\b")


def _narrower_unit_unread(line: str, above: str) -> bool:
    """Whether ``line`` is the letterhead's next, narrower unit ("KECAMATAN JUAI" / "KELURAHAN JISEDA", a school
    under its dinas) whose name OCR misread into lower case ("KELURAHAN jisrvA"): its unit word in capitals, a
    narrower administrative level than the unit above it, a short line, not an address, and not read as capitals.
    The sender is that narrower unit, so the one above it would be a wrong sender."""
    head = _UNIT_WORD.match(line)
    if not head or mostly_upper(line) or _ADDRESS.search(line) or len(line.split()) > 5:
        return False
    return _admin_level(line) > max(_admin_level(above), 1)


def pengirim_field(lines: list[str]) -> Field:
    """The sender from the letterhead at the very top: its most specific unit ("PEMERINTAH DESA HALUBAU" →
    "Desa Halubau"; an office under "PEMERINTAH KABUPATEN BALANGAN" → "Dinas … Kabupaten Balangan"; a school
    under its dinas → the school). A unit's name may wrap onto the next capitalised line; a region line under it
    ("PROVINSI DKI JAKARTA", "KABUPATEN DEMAK") qualifies it. The kop ends at the address, a title, a label or
    a line in lower case. A document without a kop (an MoU title, a form) gets none rather than a guess; a kop
    that names only its region takes the unit its signature block signs for in that region (``_signer_unit``)."""
    top, breaks = _kop_lines(lines)
    if not top:
        return Field(reason="tidak ada kop surat di bagian atas")
    units: list[list[Any]] = []  # [name: str, region: str | None]
    head_region = None
    top_region = None  # "PROVINSI X" above the units, its "PEMERINTAH" lost or never printed
    for line, after_blank in zip(top, breaks):
        if units and _narrower_unit_unread(line, units[-1][0]):
            return Field(reason=f"kop surat tidak terbaca utuh: '{units[-1][0]}' / '{line}'")
        if _ADDRESS.search(line) or not mostly_upper(line) or _KOP_STOP.match(line) or re.search(r"\d{3,}", line):
            break
        pem = _PEMERINTAH_REGION.match(line)
        if pem:
            head_region = _named_region(pem.group(1))  # "PEMERINTAH PROVINSI" whose name OCR lost: no region
            continue
        region = _REGION_LINE.match(line)
        if region and not _UNIT.match(line):
            if units and units[-1][1] is None:
                units[-1][1] = _named_region(region.group(1))
            elif head_region is None and units:
                head_region = _named_region(region.group(1))
            elif not units and top_region is None:
                top_region = _named_region(region.group(1))
            continue  # a region line above every unit: "PEMERINTAH" was lost, so the region is less sure
        if _PLACE_UNIT.match(line) and units and _admin_level(line) < _admin_level(units[-1][0]):
            continue  # "SMP NEGERI 1 X" / "KECAMATAN X", "PEMERINTAH DESA Y" / "KECAMATAN X": the unit's place
        if _UNIT.match(line) or _KOP_HEAD.match(line):
            units.append([line, None])
        elif units and len(units[-1][0]) < 80 and units[-1][1] is None \
                and not (after_blank and _DOC_KIND.search(line) and _whole_name(units[-1][0])):
            # "BADAN PERENCANAAN PEMBANGUNAN," / "PENELITIAN DAN …"; a whole name's next block (after a blank
            # line) naming a document's kind is the document's title, not more of the name ("RENCANA JADWAL …")
            units[-1][0] = f"{units[-1][0]} {line}"
        else:
            break
    named = [u for u in units if not re.match(r"^\W*(kementerian|kementrian|yayasan)\b", u[0], re.IGNORECASE)] or units
    if not named:
        kop_region = head_region or top_region or _kop_region(top)
        signer = _signer_unit(lines, kop_region) if kop_region else None
        return signer or Field(reason=f"kop surat tanpa nama satuan kerja: '{top[0]}'")
    unit, unit_region = named[-1]
    if _garbled_unit(unit) or _CUT_AFTER.search(unit):
        return Field(reason=f"kop surat tidak terbaca utuh: '{unit}'")
    value = re.sub(r"\s+tahun\s+\d{4}\s*$", "", _strip_pemerintah(unit), flags=re.IGNORECASE)
    value = re.sub(r"\s*,\s*", ", ", value).strip(" ,")
    conf = 0.8
    if _NEEDS_REGION.match(value) and not re.search(r"\b(kabupaten|kota|provinsi|propinsi)\b", value, re.IGNORECASE):
        unit_region = unit_region or head_region or _kop_region(top)
        if unit_region:
            value = f"{value} {unit_region}"
        elif top_region:
            value, conf = f"{value} {top_region}", 0.7  # the region stands above the unit without "PEMERINTAH"
        elif not any(re.match(r"^\W*(kementerian|kementrian)\b", u[0], re.IGNORECASE) for u in units):
            conf = 0.6  # an office of which regency? the kop did not say (a ministry's office needs none)
    elif unit_region:
        value = f"{value} {unit_region}"
    value = " ".join(w for w in value.split() if re.search(r"\w", w))  # "KEARSIPAN -": a speck
    return Field(fix_office_words(title_case(value)), conf, f"kop surat: '{unit}'")


# The signature block under a letter's closing: the signer's role ("KETUA", "Kepala …"), the unit it signs for
# (before the role, "DEWAN PERWAKILAN RAKYAT DAERAH / KABUPATEN JEPARA / KETUA", or in it, "Kepala Dinas … /
# Kabupaten Balangan,"), the name, rank and NIP.
_SIGNER_ROLE = re.compile(r"^\W*(?:plt|plh|pj)?\.?\s*(ketua|kepala|direktur|rektor|sekretaris|pimpinan|dekan|"
                          r"komandan|kapolres|kapolsek)\b\W*", re.IGNORECASE)
_ON_BEHALF = re.compile(r"^\W*(?:a\.?\s?n|u\.?\s?b)\.?\s", re.IGNORECASE)  # "a.n. BUPATI …": signed for another
# a letter's closing: "Demikian …", "… diucapkan terima kasih.", or the place and date above the signature
_CLOSING = re.compile(r"^\s*(?:(?i:demikian)\b|[A-Z][A-Za-z .'-]{2,30},\s*\d{1,2}\s+[A-Za-z]{3,}\s+\d{4}\b)"
                      r"|(?i:\bterima\s*kasih)\W*$")
_ADDRESSEE_HEAD = re.compile(r"^\W*(?:kepada|yth|perihal|hal)\b", re.IGNORECASE)
SIGNATURE_LINES = 8  # the role, the unit (two or three lines), the name, rank, NIP, and a speck or two
SIGNER_CONFIDENCE = 0.7


def _signer_unit(lines: list[str], region: str) -> Field | None:
    """The sender when the kop names only its region ("KABUPATEN JEPARA", the unit's line above it cut off by
    the scan, or read as noise): the unit the letter is signed for, from the signature block after the letter's
    closing ("Demikian …", or its place and date), when that unit ends with the kop's own region. Nothing when the
    block signs on behalf of another ("a.n."), names no unit or another region, or names two units (an
    agreement's two signers)."""
    closing = max((i for i, ln in enumerate(lines) if _CLOSING.search(ln)), default=None)
    if closing is None or any(_ADDRESSEE_HEAD.match(ln) for ln in lines[closing + 1:]):
        return None  # no closing, or a head date above the addressee block: the lines after it are no signature
    tail: list[str] = []
    for line in lines[closing + 1:]:
        if re.match(r"^\s*(tembusan|nip)\b", line, re.IGNORECASE) or len(tail) == SIGNATURE_LINES:
            break
        if line.strip():
            tail.append(line.strip())
    if any(_ON_BEHALF.match(ln) or re.search(r"\bpihak\b", ln, re.IGNORECASE) for ln in tail):
        return None
    kind, *name = re.findall(r"[a-z]+", region.lower())
    ends = re.compile(rf"^(.*?)\b(?:{kind}\s+)?{' '.join(name)}$")  # the region, its kind word maybe not written
    found: set[str] = set()
    for k, line in enumerate(tail):
        role = _SIGNER_ROLE.match(line)
        start = line[role.end():] if role else line
        if not (_UNIT.match(start) or _KOP_HEAD.match(start)) or (not role and not mostly_upper(start)):
            continue
        joined = start
        for more in [""] + tail[k + 1: k + 3]:
            joined = f"{joined} {more}".strip()
            m = ends.match(" ".join(re.findall(r"[A-Za-z]+", joined)).lower())
            if m and m.group(1).strip():
                found.add(_first_words(joined, len(m.group(1).split())))
                break
    if len(found) != 1:
        return None
    unit = found.pop()
    if _garbled_unit(unit) or _CUT_AFTER.search(unit):
        return None
    value = fix_office_words(title_case(f"{unit} {region}"))
    return Field(value, SIGNER_CONFIDENCE, f"kop surat hanya menyebut wilayah ('{region}'); satuan kerja dari blok "
                                           f"tanda tangan: '{unit}'")


def _first_words(line: str, count: int) -> str:
    """``line``'s tokens up to and with its ``count``-th word of letters (figures and marks between kept:
    "SMP NEGERI 1"), trailing marks dropped."""
    out: list[str] = []
    for token in line.split():
        if count <= 0:
            break
        out.append(token)
        count -= len(re.findall(r"[A-Za-z]+", token))
    return " ".join(out).strip(" ,.;:")


def _whole_name(unit: str) -> bool:
    """Whether a unit's line names it whole: two or more words after its kind ("DINAS PERPUSTAKAAN DAN
    KEARSIPAN"), not ending in a joining word. A kind with at most one word ("TAMAN BACAAN MASYARAKAT",
    "PERPUSTAKAAN DESA") still waits for its name on the next line, as does a listing not closed by its "DAN"
    ("KEMENTERIAN PENDIDIKAN, KEBUDAYAAN" / "RISET, DAN TEKNOLOGI")."""
    kind = _UNIT.match(unit) or _KOP_HEAD.match(unit)
    rest = unit[kind.end():].split() if kind else unit.split()
    listing = "," in unit and not re.search(r"\b(?:dan|serta)\b|&", unit.rsplit(",", 1)[1], re.IGNORECASE)
    return len(rest) >= 2 and not _CUT_AFTER.search(unit) and not listing


# a unit name ending in a joining word ("DINAS PERPUSTAKAAN DAN"): the rest of its line was not read
_CUT_AFTER = re.compile(r"(?:\b(?:dan|serta|atau)|[&,])\W*$", re.IGNORECASE)


_UPPER_RUN = re.compile(r"^(?:[A-Z0-9&.,()'’/\-]+(?:\s+|$))+")


def _kop_lines(lines: list[str]) -> tuple[list[str], list[bool]]:
    """The letterhead's lines: from the first capitalised institution or region line among the first few
    (short specks a logo or a stamp leaves above it are passed over), each cut to its run of capitals (a
    right-hand column read into the line, "BADAN PUSAT STATISTIK No . /a", is dropped); with, per line, whether
    OCR left a blank line above it (a new block of the page)."""
    top = [ln.strip() for ln in lines[:16] if ln.strip()]
    after_blank = [k > 0 and not lines[k - 1].strip() for k, ln in enumerate(lines[:16]) if ln.strip()]
    while top and _machine_line(top[0]):
        top = top[1:]  # a fax machine's transmission line above the page ("02/08/2023 10:38 FAX 0526 … P.001/001")
        after_blank = after_blank[1:]
    start = 0
    for start, line in enumerate(top[:5]):  # noqa: B007 - ``start`` is where the letterhead begins
        first = _upper_run(_strip_speck(line))
        if first and (_KOP_HEAD.match(first) or _UNIT.match(first) or _REGION_LINE.match(first)):
            break
        region = _region_named_by_address(line, top[start + 1: start + 8])
        if region:
            top[start] = region
            break
        if len(line) > 12:
            return [], []
    else:
        return [], []
    out: list[str] = []
    breaks: list[bool] = []
    for line, blank in zip(top[start: start + 8], after_blank[start: start + 8]):
        line = _mend_tripled(_mend_marks(line))
        run = _upper_run(_strip_speck(line))
        out.append(run if run and len(run.split()) >= 2 and not _ADDRESS.search(line) else line)
        breaks.append(blank)
    return out, breaks


def _machine_line(line: str) -> bool:
    """A line a machine printed over the page, mostly digits: a fax's date, time, number and page count."""
    chars = re.sub(r"\s", "", line)
    letters = sum(c.isalpha() for c in chars)
    return len(chars) >= 8 and sum(c.isdigit() for c in chars) >= 6 and letters <= 0.3 * len(chars)


_MARK_IN_WORD = re.compile(r"(?<=[A-Za-z])[!|]+(?=[A-Za-z])")


def _mend_marks(line: str) -> str:
    """A line whose words OCR broke with a '!' or '|' between letters ("UN!IVERSITAS"): the mark is a speck
    when the word without it is in the language's word list, a misread "I" when the word with "I" is; a word
    in neither (a name) is left as read."""
    def mend(m: re.Match[str]) -> str:
        word = m.group(0)
        words, _ = _word_prefixes()
        for candidate in (_MARK_IN_WORD.sub("", word), _MARK_IN_WORD.sub("I" if word.isupper() else "i", word)):
            if candidate.lower() in words:
                return candidate
        return word

    return re.sub(r"[A-Za-z]+(?:[!|]+[A-Za-z]+)+", mend, line) if _MARK_IN_WORD.search(line) else line


_TRIPLED = re.compile(r"([A-Za-z])\1\1")


def _mend_tripled(line: str) -> str:
    """A word with a letter printed or read three times ("PENGADAAAN"): written with it twice, or once, when
    that is a word of the language's word list ("PENGADAAN"); a word that is no word either way is left as read
    (and a unit holding it stays unread, ``_garbled_unit``)."""
    def mend(m: re.Match[str]) -> str:
        word = m.group(0)
        if not _TRIPLED.search(word):
            return word
        words, _ = _word_prefixes()
        for twice in (r"\1\1", r"\1"):
            candidate = re.sub(r"([A-Za-z])\1\1+", twice, word)
            if candidate.lower() in words:
                return candidate
        return word

    return re.sub(r"[A-Za-z]+", mend, line) if _TRIPLED.search(line) else line


_ADDRESS_REGION = re.compile(r"\b(provinsi|propinsi|kabupaten|kota)\s+([A-Za-z]+(?:\s+[A-Za-z]+){0,2})", re.IGNORECASE)


def _region_named_by_address(line: str, below: list[str]) -> str | None:
    """A capitals line at the top that is only a region's name ("SUMATERA SELATAN": the "PEMERINTAH PROVINSI"
    before it lost, or beside a logo) is the kop's region line when the address line below names the same place
    with its kind ("…, Provinsi Sumatera Selatan"): that line with the kind put back, else None."""
    name = _upper_run(re.sub(r"^[\W\d_]+", "", line))
    if not name or len(name.split()) > 3 or _KOP_HEAD.match(name) or _UNIT.match(name):
        return None
    for address in below:
        if not _ADDRESS.search(address):
            continue
        for m in _ADDRESS_REGION.finditer(address):
            if " ".join(m.group(2).split()[: len(name.split())]).upper() == name.upper():
                return f"{m.group(1).upper()} {name}"
    return None


def _upper_run(line: str) -> str:
    m = _UPPER_RUN.match(line)
    run = m.group(0).strip() if m else ""
    return run if mostly_upper(run) else ""


_SHORT_OK = {"dan", "di", "sd", "mi", "ma", "tk", "rt", "rw", "ii", "iv", "vi", "ix", "xi", "of", "pt", "cv"}


def _named_region(region: str | None) -> str | None:
    """``region`` when it names its province, regency or city; None for the bare kind word ("PROVINSI")."""
    if region is None:
        return None
    words = re.findall(r"[A-Za-z]+", region)
    return region if len(words) >= 2 else None


def _garbled_unit(unit: str) -> bool:
    """A letterhead unit OCR broke up ("DINAS PERPUSTA N DAN"): a stray one/two-letter piece, a letter read
    three times, a word that is only the beginning of an office word, or a last word that is only the beginning
    of a word of the language (the line cut short at its end: "DINAS PENDIDIKAN DAN KEBUDAY")."""
    found = re.findall(r"[A-Za-z]+", unit)
    for word in found:
        low = word.lower()
        if len(low) <= 2 and low not in _SHORT_OK:
            return True
        if re.search(r"([a-z])\1\1", low) and not re.fullmatch(r"[ivxlc]+", low):
            return True  # a letter read three times ("PENGADAAAN"): no word of the language has one (III aside)
        if len(low) >= 4 and any(w.startswith(low) and w != low for w in _OFFICE_WORDS):
            return True
    last = found[-1].lower() if found else ""
    return len(last) >= 6 and unit.rstrip().endswith(found[-1]) and _cut_short(last)


@functools.lru_cache(maxsize=1)
def _word_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """Tesseract's word list for Indonesian and every proper beginning (4+ letters, 2+ letters short of the
    word) of its words; both empty when the word list cannot be read (then nothing counts as cut short)."""
    words = dictionary("ind")  # Tesseract's own word list; read once per process
    prefixes = {w[:n] for w in words if w.isalpha() for n in range(4, len(w) - 1)}
    return words, frozenset(prefixes)


def _cut_short(word: str) -> bool:
    """A word that is not in the language's word list but is the beginning of a longer one ("kebuday"):
    OCR lost the end of the line. Names of places and people are in neither and are left alone."""
    words, prefixes = _word_prefixes()
    return word not in words and word in prefixes


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
    """A letterhead line without the specks a logo leaves before it ("Kk PEMERINTAH …", "& DINAS …", "333) DINAS
    …"), or the logo's own text read before "PEMERINTAH <region>" (a motto, "JAYA.RAYA PEMERINTAH PROVINSI …":
    nothing of the letterhead stands before "PEMERINTAH" on its line)."""
    logo = re.match(r"^\W*\S+\s+(?:\W+\s+)?(pemerintah\s+(?:kabupaten|kota|provinsi|propinsi)\b.*)$", line,
                    re.IGNORECASE)  # a speck may stand between the motto and the line ("JAYA.RAYA ' PEMERINTAH …")
    if logo and not _KOP_HEAD.match(line) and not _UNIT.match(line):
        return logo.group(1)
    m = re.match(r"^\W*(?:\S{0,2}|[\d\W]{1,5})\W*\s+(.*)$", line)  # "Kk", "&", "333)": no letters past two
    if m and not (_KOP_HEAD.match(line) or _UNIT.match(line)) and (_KOP_HEAD.match(m.group(1)) or _UNIT.match(m.group(1))
                                                                   or _REGION_LINE.match(m.group(1))):
        return m.group(1)
    return line


def _strip_pemerintah(value: str) -> str:
    return re.sub(r"^\s*pemerintah\s+(?=desa|kelurahan|kecamatan)", "", value, flags=re.IGNORECASE).strip()


def mostly_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_KEEP_UPPER = {"SD", "SDN", "SMP", "SMPN", "SMA", "SMAN", "SMK", "SMKN", "MI", "MIN", "MTS", "MTSN", "MA", "MAN",
               "TK", "TBM", "RT", "RW", "UPT", "UPTD", "BURT", "II", "III", "IV", "PT", "PT.", "CV", "DKI", "RSUD"}


def title_case(value: str) -> str:
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
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))  # "Bati-Bati"
    out = " ".join(words)
    return out[:1].upper() + out[1:]


# ---------------------------------------------------------------- MoU parties

# "... selanjutnya disebut PIHAK PERTAMA"; OCR may lose "disebut" ("Selanjutnya PIHAK PERTAMA (yang
# menyerahkan)."): without it the label must end its clause, so "Selanjutnya PIHAK PERTAMA dan PIHAK KEDUA
# bersama-sama disebut PARA PIHAK" labels no party.
# "disebut" after "selanjutnya" may be misread by a letter or two ("disekat", "dlsebut"): a word of 5 to 8 letters
# starting "dis" there is that word.
_PIHAK_LABEL = re.compile(r"(?:selanjutnya\s+d[il1]s[a-z]{2,5}|disebut)\s*(?:sebagai\s+)?[\"']?\s*pihak\s+(pertama|kesatu|kedua|ketiga)"
                          r"|selanjutnya\s+[\"']?pihak\s+(pertama|kesatu|kedua|ketiga)(?=[\"']?\s*(?:\(|[.,;]?[ \t]*$))",
                          re.IGNORECASE | re.MULTILINE)
_PIHAK_NOMOR = re.compile(r"^\s*nomor\s*[:;]\s*(\S.*)$", re.IGNORECASE)


def find_pihak(lines: list[str], page_edge: bool = False) -> tuple[Party, ...]:
    """PIHAK PERTAMA / KEDUA from the komparisi ("… selanjutnya disebut PIHAK PERTAMA") with each party's
    agreement number taken, in order, from the "NOMOR :" lines under the title. ``page_edge``: the page as read
    shows an edge down its side (``edge_marks`` of its lines before specks were cleaned off)."""
    text = "\n".join(lines)
    matches = list(_PIHAK_LABEL.finditer(text))
    if not matches:
        return ()
    nomors = [normalise_nomor(m.group(1))[0] for ln in lines[:30] if (m := _PIHAK_NOMOR.match(ln))]
    start = _komparisi_start(text, matches[0].start())
    parties: list[Party] = []
    for m in matches:
        said = (m.group(1) or m.group(2)).lower()
        role = {"kesatu": "pertama"}.get(said, said)
        if any(p.role == role for p in parties):
            continue
        segment = text[start: m.start()]
        start = m.end()
        name, jabatan, instansi = _party_fields(segment)
        if page_edge:
            jabatan, instansi = (_EDGE_MARK_END.sub("", v) if v else v for v in (jabatan, instansi))
        nomor = nomors[len(parties)] if len(parties) < len(nomors) else None
        filled = sum(x is not None for x in (name, jabatan, instansi))
        parties.append(Party(role=role, name=name, jabatan=jabatan, instansi=instansi, nomor=nomor,
                             confidence=round(0.4 + 0.15 * filled, 2)))
    return tuple(parties)


# A lone mark ending a line: the page's edge or a rule beside the text, read as '|', '!', '1', 'l' or 'I'.
_EDGE_MARK_END = re.compile(r"\s+[|!1lI]\s*$")
EDGE_MARK_LINES = 4  # lines of a page ending in a lone '|' or '!' that show such an edge


def edge_marks(lines: list[str]) -> bool:
    """The page has an edge or a rule down its right side that OCR reads as a lone '|' or '!' ending many lines
    (a photocopy's or a scan's border): a lone '1' ending a line is then that edge too, not a number of the
    name before it ("Jabatan : Ketua TBM Lentera Gemilang 1")."""
    return sum(bool(re.search(r"\s[|!]\s*$", ln)) for ln in lines) >= EDGE_MARK_LINES


def _komparisi_start(text: str, first_label: int) -> int:
    found = list(re.finditer(r"(di\s*bawah\s*ini|bertanda\s+tangan[^\n:]*)\s*:?", text[:first_label], re.IGNORECASE))
    return found[-1].end() if found else max(0, first_label - 400)


# A party's entry opening its line: "Nama :", "2. Nama", "2, Nama LH" (OCR read the dot a comma).
_NAME_ENTRY = re.compile(r"^[ \t|]*(?:\d+\s*[.,)]\s*)?nama\b", re.IGNORECASE | re.MULTILINE)


# What may follow an instansi's name in a komparisi: its comma, the label's "selanjutnya", "yang", "berkedudukan"
_AFTER_INSTANSI = re.compile(r"\s*(?:,|selanjutnya\b|yang\b|berkedudukan\b|dalam\s+hal\b|$)", re.IGNORECASE)


def _wrapped_on(seg: str, end: int) -> str:
    """The rest of an instansi's name that a justified line wrapped onto the next line ("atas nama Komunitas Pegiat
    Literasi\nGemilang Bestari, selanjutnya disebut ..."): the next line's words up to what ends a name there,
    one to four words each opening with a capital or a figure. Else nothing (the name ended with its line)."""
    rest = seg[end:]
    if not re.match(r"[ \t]*\n", rest):
        return ""
    line = rest.lstrip(" \t\n")
    m = re.match(r"((?:[A-Z0-9][\w'.\-]*[ \t]+){0,3}[A-Z0-9][\w'\-]*)", line)
    if m is None or not _AFTER_INSTANSI.match(line[m.end():]):
        return ""
    if m.group(1).split()[0].lower().strip(".") in _PARTNER_STOP | {"selanjutnya", "dalam"}:
        return ""
    return " " + m.group(1)


def _party_fields(segment: str) -> tuple[str | None, str | None, str | None]:
    """A party's name, jabatan and instansi from the komparisi text before its "disebut PIHAK ..." label. When
    the segment holds two entries (the label of the party before was lost), the label's party is the last one:
    the entry before is another party's (the Dinas officer's "Jabatan : Pengelola Layanan Perpustakaan")."""
    entries = list(_NAME_ENTRY.finditer(segment))
    if len(entries) > 1:
        segment = segment[entries[-1].start():]
    seg = segment.strip(" \n.;,:")
    name = _labelled(seg, "nama")
    jabatan = _labelled(seg, "jabatan")
    instansi = None
    atas_nama = re.search(r"atas\s+nama\s+([^,\n]+?)(?:\s*,|\s*\n|\s+yang\s+|\s+berkedudukan|$)", seg, re.IGNORECASE)
    if atas_nama:
        instansi = title_case((atas_nama.group(1) + _wrapped_on(seg, atas_nama.end(1))).strip(" .,"))
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
    """The value after "<label> :" on a line; OCR may add a dot to the label ("Jabatan. :"), read its
    colon as "1", "2", "|" or "l" before a capitalised value ("Jabatan 1 Ketua TBM ...") or lose it, the label
    opening its line ("Jabatan Camat Juai", "1.Nama Aliansyah, S.IP.")."""
    m = re.search(rf"^\s*(?:\d+\.\s*)?{label}\.?(?:\s*(?:[:;]|[12l|](?=\s+[A-Z]))|(?-i:\s+(?=[A-Z])))\s*(.+)$",
                  segment, re.IGNORECASE | re.MULTILINE)
    return m.group(1).strip(" ,.") if m else None


# ---------------------------------------------------------------- partner

_PARTNER = re.compile(
    r"\b(Desa|Kelurahan|Perpustakaan\s+(?:Desa|Kelurahan|Sekolah)|Taman\s+Bacaan\s+Masyarakat|TBM|"
    r"SD\s*Negeri|SMP\s*Negeri|SMA\s*Negeri|SDN|SMPN|SMAN|SMKN|SMK|SD|SMP|SMA|MIN?|MTsN?|MAN?|Pondok\s+Pesantren|"
    r"Ponpes|Komunitas|Lurah|Camat)"
    r"\s+((?:[A-Z0-9](?:[A-Za-z0-9'\-]|\.(?=(?-i:[a-z])))*\s*){1,5})", re.IGNORECASE)
_PARTNER_STOP = {"kecamatan", "kabupaten", "kab", "kec", "di", "dan", "nomor", "tentang", "yang", "tahun", "dengan",
                 "perihal", "hal", "jalan", "jl"}
# Words of the documents themselves: a "name" starting with one is a title's words after a broken word
# ("SERAH TER MA BUKU" read "MA" as a madrasah aliyah), not a partner.
_DOCUMENT_WORDS = {"buku", "bacaan", "program", "kegiatan", "tangga", "pembinaan", "sosialisasi", "serah",
                   "terima", "judul", "daftar", "hadir", "literasi", "peminjaman", "penyaluran", "acara", "berita"}


_CANONICAL_KIND = {"SDN": "SD Negeri", "SDNEGERI": "SD Negeri", "SMPN": "SMP Negeri", "SMPNEGERI": "SMP Negeri",
                   "SMAN": "SMA Negeri", "SMANEGERI": "SMA Negeri", "SMKN": "SMK Negeri", "PONPES": "Pondok Pesantren",
                   "LURAH": "Kelurahan", "CAMAT": "Kecamatan"}  # the head's title names the unit: "Lurah Maki"


# Long kind words OCR misreads by a letter or two ("Pempustakaan Desa", "Keturahan Pijas"), and the edits allowed:
# a word this long and this close is no other word before a capitalised name.
_LONG_KIND_WORDS = {"perpustakaan": 2, "kelurahan": 1, "komunitas": 1}
_KIND_WORD_BEFORE_NAME = re.compile(r"\b([A-Za-z]{8,14})(?=\s+[A-Z])")


def _kind_words_repaired(value: str) -> str:
    """``value`` with a long kind word that OCR misread before a capitalised word put right ("Kepala Pempustakaan
    Desa Peoa Widya" → "Kepala Perpustakaan Desa Peoa Widya"): within ``_LONG_KIND_WORDS`` edits, its first letter
    kept ("Kepustakaan" is another word)."""
    def repair(m: re.Match) -> str:
        word = m.group(1)
        low = word.lower()
        for kind, edits in _LONG_KIND_WORDS.items():
            if low != kind and low[0] == kind[0] and Levenshtein.distance(low, kind, score_cutoff=edits + 1) <= edits:
                return kind.upper() if word.isupper() else kind.capitalize()
        return word
    return _KIND_WORD_BEFORE_NAME.sub(repair, value)


# The short titles of a unit's head that open a party's role or an addressee ("Camat Juai", "Lurah Pijas"), and
# OCR's misreading of one of their letters ("Gamat Puringin Selatan", "Kurah Muara Nawo").
_HEAD_TITLES = ("Camat", "Lurah")
_OPENING_WORD = re.compile(r"^\s*([A-Za-z]{5})(?=\s+[A-Z])")


def _head_title_repaired(value: str) -> str:
    """``value`` with the word opening it put right where it is a head's short title with one letter misread
    (same length, one letter swapped): "Gamat Puringin Selatan" → "Camat Puringin Selatan". Only the opening
    word of a party's role, an addressee or a sender, before a capitalised name (where a head's title stands);
    a word anywhere else, or in a title line, is left alone."""
    m = _OPENING_WORD.match(value)
    if not m:
        return value
    word = m.group(1)
    for title in _HEAD_TITLES:
        if word.lower() != title.lower() and Hamming.distance(word.lower(), title.lower()) == 1:
            return value[: m.start(1)] + (title.upper() if word.isupper() else title) + value[m.end(1):]
    return value


def find_partner(value: str) -> str | None:
    """The BuRT partner named in ``value`` ("Kepala Desa Kusambi Hilir" → "Desa Kusambi Hilir"), a long kind
    word misread by OCR put right first (``_kind_words_repaired``)."""
    value = _kind_words_repaired(value)
    for m in _PARTNER.finditer(value):
        kind = m.group(1)
        if kind.lower().startswith("perpustakaan") and "dinas" in value.lower()[max(0, m.start() - 10): m.start()]:
            continue
        words = []
        tokens = m.group(2).split()
        if kind.lower() in ("lurah", "camat") and tokens and tokens[0].lower().strip(".,") in (
                "kelurahan", "kel", "kecamatan", "kec"):
            tokens = tokens[1:]  # "Lurah Kelurahan X", "Camat Kecamatan Y"
        for w in tokens:
            if w.lower().strip(".,") in _PARTNER_STOP:
                break
            words.append(w.strip(".,"))
        if not words or words[0].lower() in _DOCUMENT_WORDS:
            continue
        return title_case(f"{_CANONICAL_KIND.get(kind.upper().replace(' ', ''), kind)} {' '.join(words)}")
    return None


def title_lines(lines: list[str]) -> str:
    """The capitalised title lines under the letterhead ("LAPORAN KEGIATAN … DI DESA MAMPARI")."""
    out: list[str] = []
    for line in (ln.strip() for ln in lines[:15]):
        if not line:
            continue
        kop = _KOP_HEAD.match(line) or _ADDRESS.search(line) or re.match(r"^(dinas|kecamatan)\b", line, re.IGNORECASE)
        if mostly_upper(line) and not kop:
            out.append(line)
        elif out and not kop:
            break  # the title block ends where ordinary text (a table, the body) begins
    return " | ".join(out)


def partner_field(pengirim: Field, penerima: Field, pihak: tuple[Party, ...], titles: str = "") -> Field:
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
            # a role or an addressee may open with a head's title misread ("Gamat …"); a title line may not
            partner = find_partner(value if where == "judul" else _head_title_repaired(value))
            if partner:
                return Field(_normalise_spacing(partner), conf, f"mitra dari {where}: '{value[:60]}'")
    return Field(reason="mitra tidak ditemukan")


def _normalise_spacing(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()
