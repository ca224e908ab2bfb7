"""Partner names (desa, sekolah, perpustakaan, ...) reduced to one comparable key.

Letters name the same partner in many ways: "Desa Lok Batu", "Ds. Lokbatu", "LOK BATU",
"Pemerintah Desa Lok Batu", "Kepala Desa Lok Batu Kecamatan Batumandi". An activity is one
cooperation with one partner, so linking and the audit need those to compare equal while
"Lok Batu" and "Batu Piring", or "SDN 1 Paringin" and "SDN 2 Paringin", stay apart.

A name is split into a *kind* (desa, kelurahan, sd, smp, ...; spelled any common way),
a *core* (the place or school name, spaces removed) and any *numbers*. Two names are the
same partner when their numbers are equal, their kinds do not conflict (a missing kind
matches any) and their cores are equal or, for cores long enough to judge, close by
at most one Levenshtein edit per ``LETTERS_PER_EDIT`` letters (OCR slips).

Kinds: desa, kelurahan, kecamatan, the schools (SD/SMP/SMA/SMK/MI/MTs, numbered), pondok
pesantren, perpustakaan desa (named by its own name and its village: "Perpustakaan Desa Bina
Cendekia, Desa Guha"; it is the same partner as its desa), taman bacaan masyarakat, komunitas.
A partner is never a sentence fragment (``is_partner_name``): its name has a kind and a short
proper name, or it is in the register. The register (``PartnerRegister``) holds known partners
with kind, official name, village, kecamatan and aliases: the seed data
(``archive/data/partners.json``, sources noted there) grown at run time by the partners people
confirmed in the archive; page text is matched against it with rapidfuzz.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# Prefix spellings -> canonical kind. Longest spellings are tried first, so "sd negeri"
# wins over "sd". Generic words for kinds of partner, not the names of any partner.
_KIND_SPELLINGS: dict[str, tuple[str, ...]] = {
    "perpustakaan_desa": ("perpustakaan desa", "perpustakaan kelurahan", "perpusdes", "perpus desa"),
    "desa": ("pemerintah desa", "pemerintahan desa", "kepala desa", "pemdes", "kades", "desa", "ds"),
    "kelurahan": ("pemerintah kelurahan", "kantor kelurahan", "kepala kelurahan", "kelurahan", "lurah", "kel"),
    "kecamatan": ("pemerintah kecamatan", "kantor kecamatan", "kecamatan", "camat", "kec"),
    "sd": ("sekolah dasar negeri", "sekolah dasar", "sd negeri", "sdn", "sd"),
    "smp": ("sekolah menengah pertama negeri", "sekolah menengah pertama", "smp negeri", "smpn", "smp"),
    "sma": ("sekolah menengah atas negeri", "sekolah menengah atas", "sma negeri", "sman", "sma"),
    "smk": ("sekolah menengah kejuruan negeri", "smk negeri", "smkn", "smk"),
    "mi": ("madrasah ibtidaiyah negeri", "madrasah ibtidaiyah", "min", "mi"),
    "mts": ("madrasah tsanawiyah negeri", "madrasah tsanawiyah", "mts negeri", "mtsn", "mts"),
    "pondok_pesantren": ("pondok pesantren", "ponpes", "pontren", "pesantren"),
    "tbm": ("taman bacaan masyarakat", "taman baca masyarakat", "tbm", "rumah baca", "pojok baca"),
    "komunitas": ("komunitas",),
    "perpustakaan": ("perpustakaan sekolah", "perpustakaan", "perpus"),
}
# Kinds whose name is a place (the village or kecamatan itself), and kinds that may be named
# after their village: a desa and its village library are one partner for BuRT.
PLACE_KINDS = ("desa", "kelurahan", "kecamatan")
_VILLAGE_WORDS = ("desa", "kelurahan", "kel", "ds")
# Words that only address or qualify the partner ("Kepada Yth. Kepala ...", "Ketua TBM ...").
_FILLER = ("kepada yth", "kepada", "yth", "kepala sekolah", "kepala", "pemerintah", "bapak", "ibu", "sdr", "saudara", "ketua",
           "pimpinan", "pengelola", "pengurus")
# Everything from one of these words on is the partner's address, not its name.
_ADDRESS_CUTS = re.compile(r"\b(kecamatan|kec|kabupaten|kab|provinsi|prov|di|jalan|jl|alamat|rt|rw)\b")
# Indonesian function words: a "name" holding one of them is a piece of a sentence
# ("Perpustakaan merupakan sarana ... bagi"), never a partner's name.
_FUNCTION_WORDS = frozenset((
    "yang", "dan", "atau", "dari", "ke", "untuk", "bagi", "dengan", "merupakan", "adalah", "sebagai", "dalam",
    "pada", "oleh", "ini", "itu", "akan", "telah", "sudah", "serta", "agar", "kami", "kita", "kepada", "tentang",
    "tersebut", "bahwa", "karena", "juga", "dapat", "tidak", "belum", "para", "seluruh", "setiap", "sangat",
    "menjadi", "memiliki", "melalui", "terhadap", "sehingga", "namun", "hal", "mohon", "telah", "sejak"))
# A partner's own name is a few words: past this many it is a sentence.
MAX_NAME_WORDS = 5

# One OCR/typing slip (a Levenshtein edit) is allowed per this many letters of the shorter
# core: "lokbatu"/"lokbatv" match, a 4-6 letter name must match exactly.
LETTERS_PER_EDIT = 7
# Similarities (0-100) at or above this are "the same partner" (see ``similarity``).
FUZZY_THRESHOLD = 80.0

@dataclass(frozen=True)
class PartnerName:
    """A partner name taken apart: ``kind`` may be None ("LOK BATU"), ``numbers`` keep
    "SDN 1" and "SDN 2" apart, ``core`` has no spaces so "Lokbatu" equals "Lok Batu".
    ``village`` is the core of the village a partner is named with (a desa's own name; for
    "Perpustakaan Desa Bina Cendekia, Desa Guha" it is "guha"), else empty."""

    raw: str
    kind: str | None
    core: str
    numbers: tuple[str, ...]
    display: str  # title-cased core with its spaces, for showing
    village: str = ""
    village_display: str = ""

    @property
    def key(self) -> str:
        """A stable identifier, e.g. ``desa:lokbatu`` or ``sd:paringin#1``."""
        base = f"{self.kind or '?'}:{self.core}"
        return base + ("#" + ".".join(self.numbers) if self.numbers else "")

    @property
    def label(self) -> str:
        """How the partner is shown: ``Desa Lok Batu``, ``SD 1 Paringin``,
        ``Perpustakaan Desa Bina Cendekia, Desa Guha``."""
        kind = _KIND_LABELS.get(self.kind or "", (self.kind or "").title())
        parts = [p for p in (kind, " ".join(self.numbers), self.display) if p]
        label = " ".join(parts)
        if self.kind == "perpustakaan_desa" and self.village and self.village != self.core:
            label += f", Desa {self.village_display}"
        return label


_KIND_LABELS = {"sd": "SD", "smp": "SMP", "sma": "SMA", "smk": "SMK", "mi": "MI", "mts": "MTs", "tbm": "TBM",
                "pondok_pesantren": "Pondok Pesantren", "perpustakaan_desa": "Perpustakaan Desa"}


def _clean(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^0-9a-z' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _strip_prefix(words: str, spellings: Iterable[str]) -> tuple[str | None, str]:
    for spelling in sorted(spellings, key=len, reverse=True):
        if words == spelling or words.startswith(spelling + " "):
            return spelling, words[len(spelling):].strip()
    return None, words


# Words of the kind spellings long enough to be told when OCR splits them with a space ("KECA MATAN",
# "Pondok Pesant ren" on a letter-spaced title): no two words of a partner's own name join into one of them.
_SPLIT_SPELLINGS = frozenset(w for sps in _KIND_SPELLINGS.values() for sp in sps for w in sp.split() if len(w) >= 7)
# How many words from the start a kind spelling split by OCR is looked for in.
_SPLIT_WORDS = 4


def _joined_kind_word(words: str, raw: str = "") -> str:
    """``words`` with two of its first words joined where together they spell a word of a kind
    ("keca matan x" -> "kecamatan x", "pondok pesant ren x" -> "pondok pesantren x"), also when the space between
    them is a letter the capture lost, its blank read as a space ("kel rahan x" -> "kelurahan x" on a photocopy
    whose toner dropped the "U"), where ``raw`` (the name as read, lower case) has the two words apart by a plain
    space: "Kel. Rahan" is an abbreviation and a name."""
    parts = words.split()
    for i in range(min(_SPLIT_WORDS, len(parts) - 1)):
        if parts[i] in _SPLIT_SPELLINGS:
            continue
        joined = parts[i] + parts[i + 1]
        if joined in _SPLIT_SPELLINGS:
            return " ".join([*parts[:i], joined, *parts[i + 2:]])
        at = len(parts[i])
        lost = next((sp for sp in _SPLIT_SPELLINGS if len(sp) == len(joined) + 1
                     and sp[:at] == parts[i] and sp[at + 1:] == parts[i + 1]), None)
        if lost is not None and parts[i + 1] not in _SPLIT_SPELLINGS \
                and re.search(rf"(?<![a-z0-9]){re.escape(parts[i])} {re.escape(parts[i + 1])}(?![a-z0-9])", raw):
            return " ".join([*parts[:i], lost, *parts[i + 2:]])
    return words


def _take_kind(words: str, raw: str = "") -> tuple[str | None, str]:
    """Find the first kind spelling at the start of ``words`` (after fillers); ``raw`` as ``_joined_kind_word``."""
    kind = None
    changed = True
    while changed and words:
        changed = False
        words = _joined_kind_word(words, raw)
        hit, rest = _strip_prefix(words, _FILLER)
        if hit:
            words, changed = rest, True
            continue
        if kind not in (None, "perpustakaan"):
            break  # "Desa Kecamatan ..." is not a kecamatan: the first kind stands
        for canonical, spellings in _KIND_SPELLINGS.items():
            hit, rest = _strip_prefix(words, spellings)
            if hit:
                kind = canonical  # "Perpustakaan SDN 1 X" is the school
                words, changed = rest, True
                break
    return kind, words


def _words_of(rest: str) -> tuple[list[str], tuple[str, ...]]:
    numbers = tuple(str(int(n)) for n in re.findall(r"\b\d+\b", rest))
    return [w for w in rest.split() if not w.isdigit() and w not in ("negeri", "no", "nomor")], numbers


# A label of the number block with no value ("Lampiran : -") inside a name: the addressee beside the block
# read line by line with it ("Kepala Perpustakaan Desa" / "Lampiran : - Sahabat Gemilang"). Never a name's word.
_LABEL_IN_NAME = re.compile(r"\b(?:lampiran|lamp|sifat|perihal|hal|nomor|no)\s*(?::\s*[-\u2013\u2014]?|[-\u2013\u2014])(?=\s|$)",
                            re.IGNORECASE)


@functools.lru_cache(maxsize=50_000)
def normalise_partner(name: str) -> PartnerName:
    """Split ``name`` into kind, numbers and core (see the module docstring). A name that reads
    as a piece of a sentence (it holds a function word: "yang", "merupakan", "bagi", ...) or as
    an address alone ("Kabupaten Balangan") gets an empty core: it names no partner."""
    words = _clean(_LABEL_IN_NAME.sub(" ", name or ""))
    kind, rest = _take_kind(words, re.sub(r"\s+", " ", (name or "").lower()))
    village_words: list[str] = []
    if kind == "perpustakaan_desa":  # "<own name>, Desa <village>"; without one it is named by its village
        m = re.search(r"\b(?:(?:pemerintah|pemerintahan|kepala)\s+)?(?:" + "|".join(_VILLAGE_WORDS) + r")\b", rest)
        if m:
            rest, village_rest = rest[: m.start()].strip(), rest[m.end():].strip()
            cut = _ADDRESS_CUTS.search(village_rest)
            village_words = _words_of(village_rest[: cut.start()] if cut else village_rest)[0]
    cut = _ADDRESS_CUTS.search(rest)
    if cut:  # at the start: the name is only an address ("Kabupaten Y"), no partner
        rest = rest[: cut.start()].strip()
    core_words, numbers = _words_of(rest)
    if not core_words and village_words:
        core_words = village_words
    if kind == "perpustakaan_desa" and not village_words:
        village_words = core_words
    elif kind in PLACE_KINDS:
        village_words = core_words
    if any(w in _FUNCTION_WORDS for w in core_words + village_words):  # a piece of a sentence
        core_words, village_words, numbers = [], [], ()
    return PartnerName(raw=name, kind=kind, core="".join(core_words), numbers=numbers,
                       display=" ".join(w.capitalize() for w in core_words), village="".join(village_words),
                       village_display=" ".join(w.capitalize() for w in village_words))


def _close(a: str, b: str) -> float:
    """0..100 for two cores: 100 equal, ``FUZZY_THRESHOLD``..100 within the allowed OCR slips, else 0."""
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    allowed = min(len(a), len(b)) // LETTERS_PER_EDIT
    if Levenshtein.distance(a, b, score_cutoff=allowed + 1) > allowed:
        return 0.0
    return max(FUZZY_THRESHOLD, float(fuzz.ratio(a, b)))


def within_slips(a: str, b: str, extra: int = 0) -> bool:
    """Two cores within the OCR slips ``_close`` allows, plus ``extra`` edits."""
    allowed = min(len(a), len(b)) // LETTERS_PER_EDIT + extra
    return bool(a) and bool(b) and Levenshtein.distance(a, b, score_cutoff=allowed + 1) <= allowed


def repeats_name(name: PartnerName, other: PartnerName) -> bool:
    """``name`` is ``other``'s name followed by that name again, whole or its first words ("Desa Padang Jinos
    Padang Jinos", "Desa Muara Dapesi Lama Muara Dapesi"): a desa addressed at its own place ("Kepala Desa X" /
    "di" / "X") whose "di" line OCR lost. Each part within the OCR slips ``_close`` allows of the same words
    of ``other``; same kind (or none), same numbers."""
    words = name.display.lower().split()
    own = other.display.lower().split()
    if not own or not len(own) < len(words) <= 2 * len(own) or name.numbers != other.numbers \
            or (name.kind and other.kind and name.kind != other.kind):
        return False
    again = words[len(own):]
    return bool(_close("".join(words[: len(own)]), other.core)) and bool(_close("".join(again), "".join(own[: len(again)])))


# A desa and the village library named after it are one BuRT partner.
_VILLAGE_KINDS = ("desa", "kelurahan", "perpustakaan_desa")


def similarity(a: PartnerName, b: PartnerName) -> float:
    """0..100: how alike two partner names are; 0 when numbers or kinds conflict."""
    if not a.core or not b.core or a.numbers != b.numbers:
        return 0.0
    if a.kind and b.kind and a.kind != b.kind:
        if a.kind in _VILLAGE_KINDS and b.kind in _VILLAGE_KINDS:
            return _close(a.village, b.village) if "perpustakaan_desa" in (a.kind, b.kind) else 0.0
        return 0.0
    score = _close(a.core, b.core)
    if not score and "perpustakaan_desa" in (a.kind, b.kind) and (
            None in (a.kind, b.kind) or a.core == a.village or b.core == b.village):
        score = _close(a.village or a.core, b.village or b.core)  # one of them named by its village only
    return score


def same_partner(a: str | PartnerName, b: str | PartnerName) -> bool:
    """True when ``a`` and ``b`` name the same partner."""
    pa = a if isinstance(a, PartnerName) else normalise_partner(a)
    pb = b if isinstance(b, PartnerName) else normalise_partner(b)
    return similarity(pa, pb) >= FUZZY_THRESHOLD


def best_match(name: str | PartnerName, known: Iterable[str]) -> tuple[str | None, float]:
    """The known partner name closest to ``name`` and its similarity, or (None, 0) when
    none is the same partner."""
    target = name if isinstance(name, PartnerName) else normalise_partner(name)
    best, best_score = None, 0.0
    for candidate in known:
        score = similarity(target, normalise_partner(candidate))
        if score >= FUZZY_THRESHOLD and score > best_score:
            best, best_score = candidate, score
    return best, best_score


# "Desa" with its "e" read as the "o" or "c" a blurred or faxed capture makes of it, right after "Perpustakaan"
# ("Kepada Yth. Kepala Perpustakaan Dosa Nusa Widya"): no word of a library's own name ("Dasa Wisma" keeps its "a").
_DESA_SLIP = re.compile(r"(?i)\b(perpustakaan\s+)d[co]sa\b(?=\s+\w)")


def desa_slip_repaired(name: str) -> str | None:
    """``name`` with the "Desa" of "Perpustakaan Desa <name>" put back where one glyph of it was misread
    ("Perpustakaan Dcsa Bestari Lentera"), when that makes a library of no kind a village library; else None.
    Only for an addressee's or sender's name: a table row's "Perpustakaan Dasar: Panduan ..." is no party."""
    if normalise_partner(name).kind != "perpustakaan" or not _DESA_SLIP.search(name):
        return None
    repaired = _DESA_SLIP.sub(lambda m: m.group(1) + "Desa", name, count=1)
    return repaired if normalise_partner(repaired).kind == "perpustakaan_desa" else None


def is_own_office(name: str, instansi: str) -> bool:
    """True when ``name`` is the Dinas itself (the sender of most letters), not a partner."""
    a, b = _clean(name or ""), _clean(instansi or "")
    if not a:
        return False
    if "dinas perpustakaan" in a:
        return True
    return bool(b) and fuzz.token_set_ratio(a, b) >= 90 and len(a) >= 10


def _head_candidates(lines: list[str], i: int) -> list[str]:
    """Partner names a head line may hold: the line; what follows "di" in
    a title naming its place ("SOSIALISASI ... DI DESA X"); a kind alone on its line with the
    next line ("TAMAN BACAAN MASYARAKAT" / "TUNAS CAHAYA", a kop set on two lines)."""
    line = lines[i].strip(" ,.;:")
    # the part after "di" (a title naming its place) or after "Yth."/"Kepada" (an addressee set
    # beside the number block, on the same line)
    # or after a label's colon ("Jabatan : Camat X"); a head's title stays ("Kepala MI X" after an
    # "Yth." that OCR misread)
    splits = [line[m.start() if m.group(1) else m.end():].strip()
              for m in re.finditer(r":|\b(?:(kepala|ketua|pimpinan)|di|yth|kepada)\b\.?", line, re.IGNORECASE)]
    out = [line] + splits[::-1]  # the shortest first: "Camat Juai", not "Yth. Camat Juai"
    wrapped = _wrapped_role(lines, i)
    if wrapped is not None:  # "Ketua Komunitas Pegiat" / "Literasi Gemilang Pena,": the whole role first
        out = [f"{c} {wrapped}" for c in out] + out
    parsed = normalise_partner(line)
    if parsed.kind and not parsed.core and i + 1 < len(lines) and not _ENUMERATED.match(lines[i + 1]):
        below = lines[i + 1]
        if _LABEL_LINE.match(below):  # the number block beside the addressee: only what follows an empty label
            empty = _EMPTY_LABEL.match(below)  # ("Lampiran : - Jendela Sinar"); a label's value is no name
            below = below[empty.end():].strip() if empty else ""
        if below:
            out.append(line + " " + below)
    return out


# The next line of a signature's role set on two lines ("Ketua Komunitas Pegiat" / "Literasi Gemilang Pena,"):
# one to four capitalised words closing the role with its comma; no digit (a NIP, a date), no dot (a degree,
# "a.n."), no label's colon.
_ROLE_END = re.compile(r"^(?:[A-Z][A-Za-z'\-]*\s+){0,3}[A-Z][A-Za-z'\-]*\s*,$")
# Words of a signature block that close a line with a comma but continue no name.
_SIGNING_WORDS = frozenset(("mengetahui", "menyetujui", "hormat", "pelaksana", "pembina", "sekretaris", "pihak", "selaku"))


def _wrapped_role(lines: list[str], i: int) -> str | None:
    """The rest of a partner's name that a signature's role line wrapped onto the next line ("Ketua Komunitas
    Pegiat" / "Literasi Gemilang Pena," / "Gusti Rahmat"): the next line's words, when line ``i`` does not end
    its role (no comma or dot at its end) and the next line closes it (``_ROLE_END``) without naming a unit of
    its own ("Kecamatan Juai,") or being a signing word ("Mengetahui,"); else None."""
    if i + 1 >= len(lines) or re.search(r"[,.;:]\s*$", lines[i]):
        return None
    nxt = lines[i + 1].strip()
    if not _ROLE_END.match(nxt):
        return None
    words = re.findall(r"[A-Za-z']+", nxt)
    if normalise_partner(nxt).kind is not None or any(w.lower() in _SIGNING_WORDS | _FUNCTION_WORDS for w in words) \
            or _strip_address_words(_clean(nxt)) != _clean(nxt):  # "Bapak Ahmad,", "Kepala Bidang ...,": a person
        return None
    return nxt.rstrip(" ,")


# A line of the number block ("Lampiran -", "Hal : ...", "Nomor: ..."): the addressee beside the block read line
# by line with it, never the second line of a name.
_LABEL_LINE = re.compile(r"^\s*(?:lampiran|lamp|sifat|perihal|hal|nomor|no)\b\.?\s*(?:[:;\-\u2013\u2014]|$)",
                         re.IGNORECASE)
# An empty label at a line's start ("Lampiran : -", "Lampiran -", "Hal : -").
_EMPTY_LABEL = re.compile(r"^\s*(?:lampiran|lamp|sifat|perihal|hal)\b\.?\s*:?\s*[-\u2013\u2014](?=\s|$)", re.IGNORECASE)
# A line opening with a list or section marker ("A. Pendahuluan", "1. Layanan", "b) ...") starts an item
# of the text, not the second line of a kop's name.
_ENUMERATED = re.compile(r"\s*(?:[A-Za-z]|[IVX]{1,4}|\d{1,2})[.)]\s")


def _strip_address_words(words: str) -> str:
    """``words`` (cleaned) without the words of address at its start ("kepada yth kepala ...")."""
    while words:
        hit, words = _strip_prefix(words, _FILLER)
        if hit is None:
            break
    return words


def _written_as_name(candidate: str) -> bool:
    """A name is written with capitals: its last word starts with a capital or a digit
    ("Desa Lok Batu", "SDN 2"), unlike the common noun in "... di desa mitra"."""
    words = re.findall(r"[0-9A-Za-z']+", candidate)
    return bool(words) and (words[-1][0].isupper() or words[-1][0].isdigit())


def _kind_labels(candidate: str) -> bool:
    """The words before ``candidate``'s first colon are a kind of partner and nothing more ("Perpustakaan Desa:
    Panduan Praktis", a book's title in a list; "Kepala Desa : harap menghadirkan ...", a note's label): what
    follows the colon is what is said of that kind, not the name of one. A name never holds a colon."""
    before, colon, _ = candidate.partition(":")
    if not colon:
        return False
    parsed = normalise_partner(_strip_address_words(_clean(before)) or before)
    return parsed.kind is not None and not parsed.core


def _head_partner(heads: list[str], i: int, instansi: str) -> str | None:
    for candidate in _head_candidates(heads, i):
        name = normalise_partner(candidate)
        if is_partner_name(name) and _written_as_name(candidate) and not is_own_office(candidate, instansi) \
                and not _kind_labels(candidate):
            return candidate
    return None


# A kop names the units above its writer first: "KECAMATAN X" / "DESA Y" / "PERPUSTAKAAN DESA Z".
_LEVEL = {"kecamatan": 0, "desa": 1, "kelurahan": 1}
# How many following lines a kop's next level may come in.
KOP_LEVEL_LINES = 2


def _most_specific(heads: list[str], i: int, found: str, instansi: str) -> str:
    """The writer of a kop that lists its units from the top: the kecamatan's desa, the desa's
    library ("Perpustakaan Desa Z, Desa Y"), rather than the first unit named."""
    level = _LEVEL.get(normalise_partner(found).kind or "")
    if level is None:
        return found
    for j in range(i + 1, min(len(heads), i + 1 + KOP_LEVEL_LINES)):
        below = _head_partner(heads, j, instansi)
        if below is None:
            continue
        parsed = normalise_partner(below)
        if _LEVEL.get(parsed.kind or "", 9) <= level:
            continue
        if parsed.kind == "perpustakaan_desa" and parsed.village == parsed.core and level == 1:
            below = f"{below}, {found}"  # the library of the desa above it
        return _most_specific(heads, j, below, instansi)
    return found


# A kop line of a unit under the kecamatan, its kind word read in capitals ("KELURAHAN jisrvA").
_UNIT_BELOW = re.compile(r"^\W*(?:PEMERINTAH\s+)?(KELURAHAN|DESA)\b")


def _unit_unread_below(heads: list[str], i: int, instansi: str) -> str | None:
    """The kind ("kelurahan", "desa") of the kop's next unit under the kecamatan on line ``i`` when its line is
    there, its kind word in capitals, but no partner name is read from it (OCR misread the name into lower case
    or garble): None when there is no such line."""
    for j in range(i + 1, min(len(heads), i + 1 + KOP_LEVEL_LINES)):
        m = _UNIT_BELOW.match(heads[j])
        if m and _head_partner(heads, j, instansi) is None and len(heads[j].split()) <= 5:
            return m.group(1).lower()
    return None


_NAME_STOP = {"kecamatan", "kabupaten", "kab", "kota", "provinsi", "desa", "kelurahan", "rt", "rw", "di", "dan"}


def _one_unit_named(text: str, kind: str) -> str | None:
    """The one unit of ``kind`` ("Kelurahan Jiseda") that the letter names in its lines (its address, its body),
    written with capitalised words after the kind word; None when it names none or more than one."""
    names: dict[str, str] = {}
    for m in re.finditer(rf"\b(?i:{kind})\s+((?:[A-Z][A-Za-z'-]+\s?){{1,3}})", text or ""):
        words = []
        for word in m.group(1).split():
            if word.lower() in _NAME_STOP:
                break
            words.append(word)
        if words:
            name = f"{kind.capitalize()} {' '.join(words)}"
            parsed = normalise_partner(name)
            if parsed.kind == kind and parsed.core:
                names.setdefault(parsed.core, name)
    return next(iter(names.values())) if len(names) == 1 else None


# How many last lines of a letter hold its signature block.
SIGNATURE_LINES = 15


def _signer_below(text: str, instansi: str) -> str | None:
    """A partner of a unit below the kecamatan whose head signs the letter ("Lurah Maki,",
    "Kepala Desa X,"), for a kop of which only the kecamatan line was read."""
    tail = [ln.strip() for ln in (text or "").splitlines() if ln.strip()][-SIGNATURE_LINES:]
    for i in range(len(tail)):
        found = _head_partner(tail, i, instansi)
        if found is not None and normalise_partner(found).kind not in (None, "kecamatan", "perpustakaan") \
                and tail[i].rstrip().endswith(","):
            return found
    return None


def partner_in_text(text: str, instansi: str, lines: int = 20,
                    register: "PartnerRegister | None" = None) -> str | None:
    """A partner named at the head of a letter (its kop, addressee or title): the first of the
    first ``lines`` lines that starts with a kind of partner ("PEMERINTAH DESA LOK BATU",
    "Kepala SD Negeri 1 Paringin", "... DI TAMAN BACAAN MASYARAKAT X") and is not the Dinas
    itself; else, with a ``register``, the one register partner the head names."""
    shown = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    heads = shown[:lines]
    for i in range(len(heads)):
        found = _head_partner(shown[: lines + 1], i, instansi)  # a name on the head's last line may wrap past it
        if found is not None:
            found = _most_specific(heads, i, found, instansi)
            if normalise_partner(found).kind == "kecamatan":  # a kop whose own line OCR lost: its signer
                unread = _unit_unread_below(heads, i, instansi)
                if unread is None:
                    return _signer_below(text, instansi) or found
                # the kop's own unit is printed under the kecamatan but its name was misread: the kecamatan is
                # not the writer; the signer, or the one unit of that kind the letter names elsewhere, or none
                return _signer_below(text, instansi) or _one_unit_named(text, unread)
            return found
    if register is not None:
        known = register.find_in_text("\n".join(heads))
        if len(known) == 1:
            return known[0].name
    return None


def library_in_head(text: str, instansi: str, lines: int = 20) -> str | None:
    """The name after a bare "PERPUSTAKAAN" alone on a head line ("PERPUSTAKAAN JUAI": a book list's owner
    whose kind word OCR lost, "Perpustakaan Kecamatan Juai"), of unknown kind; None when there is none. For
    an unsure reading only (it may join an activity of that name, never start one)."""
    heads = [ln.strip(" |,.;:") for ln in (text or "").splitlines() if ln.strip()][:lines]
    for line in heads:
        parsed = normalise_partner(line)
        if parsed.kind == "perpustakaan" and len(parsed.core) >= 3 and not parsed.numbers \
                and len(parsed.display.split()) <= MAX_NAME_WORDS and mostly_capitals(line) \
                and re.match(r"(?i)perpus(?:takaan)?\s", line) and not is_own_office(line, instansi):
            return parsed.display
    return None


def mostly_capitals(line: str) -> bool:
    """A title line: most of its letters are capitals."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def library_of_village(name: str, head: str | None) -> str | None:
    """The village library that ``name`` (a partner read from the letter's fields) stands for, when the
    letter head (``head``, ``partner_in_text``) names the library and ``name`` is its desa or the library
    without its village: a kop "PEMERINTAH DESA NOSI RAYA" / "PERPUSTAKAAN DESA WIDYA NUSA" whose first line
    gave the sender ("Desa Nosi Raya"), or a title "... DI PERPUSTAKAAN DESA WIDYA NUSA, DESA NOSI RAYA" read
    up to its comma. The library and its desa are one BuRT partner, but an activity named after the library
    alone only matches its name: "Perpustakaan Desa Widya Nusa, Desa Nosi Raya" matches both. None when the
    head names no such library, or one of another village."""
    if not head:
        return None
    read, library = normalise_partner(name), normalise_partner(head)
    if library.kind != "perpustakaan_desa" or not library.core or not read.core:
        return None
    own_village = library.village and library.village != library.core
    if read.kind == "perpustakaan_desa":
        if read.core == library.core and read.village == read.core and own_village:
            return head  # the same library, now with its village
        return None
    if read.kind not in ("desa", "kelurahan"):
        return None
    if own_village:
        return head if _close(library.village, read.core) else None
    return f"{head}, {name}"  # the head's library, of the desa the letter names


# A line that names a party whatever its place on the page: an addressee ("Kepada Yth. ...", OCR's
# "Yih"/"Ykh" for "Yth") or an MoU's address for correspondence ("b. PIHAK KEDUA: SD Negeri 7 ...").
_PARTY_LINE = re.compile(r"\b(?:kepada|y[tik]h\b|pihak\s+kedua\s*[:;])", re.IGNORECASE)


def party_in_body(text: str, instansi: str) -> str | None:
    """A partner on an addressee or PIHAK KEDUA line anywhere in ``text``: for a page whose head OCR
    filled with noise (a photo of a letter lying on another) or an MoU page without its komparisi. The
    first such line naming a partner of a kind that is not the Dinas."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    for i, line in enumerate(lines):
        for m in _PARTY_LINE.finditer(line):
            rest = [line[m.end():].strip(" ,.:;"), *lines[i + 1: i + 2]]
            found = _head_partner(rest, 0, instansi) if rest[0] else None
            if found is not None and normalise_partner(found).kind not in (None, "perpustakaan"):
                return found
    return None


def mentions_partner(text: str, partner: str) -> bool:
    """True when ``text`` names ``partner`` (its core, with its number if it has one),
    ignoring case, spacing and punctuation. Cores under six letters are searched only right
    after a spelling of their kind ("Desa Juai"): alone they occur inside other words. A
    kecamatan is never taken as mentioned: every address in it and many copies lists
    ("Tembusan: Camat ...") name it."""
    name = normalise_partner(partner)
    if len(name.core) < 3 or not text or name.kind == "kecamatan":
        return False
    cleaned = _clean(text)
    if len(name.core) < 6:  # a short name only with its kind word before it: "Desa Juai", "Lurah Guha"
        words = [w.replace(" ", "") for w in _KIND_SPELLINGS.get(name.kind or "", ()) if len(w) >= 3]
        return any(_spelled_in(f"{w}{name.core}{n}", cleaned) for w in words for n in (name.numbers or ("",)))
    if name.numbers:
        return any(_spelled_in(f"{n}{name.core}", cleaned) or _spelled_in(f"{int(n):02d}{name.core}", cleaned)
                   for n in name.numbers)
    return _spelled_in(name.core, cleaned)


def times_named(text: str, name: PartnerName) -> int:
    """How many times ``text`` writes ``name``'s own name (its words as whole words, spaces between them
    optional; kind words aside), ignoring case and punctuation."""
    words = name.display.lower().split()
    if not words or not text:
        return 0
    return len(re.findall(r"\b" + r"\s?".join(map(re.escape, words)) + r"\b", _clean(text)))


# The shortest core ``mentions_with_slips`` searches: shorter names match other words within their slips.
MIN_SLIP_CORE = 14


def mentions_with_slips(text: str, partner: str) -> bool:
    """True when ``text`` writes ``partner``'s own name (kind words aside) as consecutive whole words within
    the OCR slips ``_close`` allows ("Pegiat Literasi Pulau Diwet Hula" for Komunitas Pegiat Literasi Pulau
    Diwet Hulu). Only for long names of a kind that is no place (a place's name is in every address) and
    without a number (the number tells schools apart); the words must be as many as the name's, or one more
    or fewer (OCR joins and splits words)."""
    name = normalise_partner(partner)
    if len(name.core) < MIN_SLIP_CORE or name.numbers or not name.kind or name.kind in (*PLACE_KINDS, "perpustakaan") \
            or not text:
        return False
    return written_with_slips(text, name.core, len(name.display.split()))


def written_with_slips(text: str, core: str, size: int) -> bool:
    """``text`` holds ``size`` consecutive words (or one fewer or more: OCR joins and splits words) whose letters
    are within the OCR slips ``_close`` allows of ``core``."""
    words = _clean(text).split()
    for n in {max(1, size - 1), size, size + 1}:
        for i in range(len(words) - n + 1):
            if within_slips("".join(words[i:i + n]), core):
                return True
    return False


@functools.lru_cache(maxsize=20_000)
def _spelling(compact: str) -> re.Pattern:
    return re.compile(r"(?<![0-9a-z])" + r" ?".join(re.escape(c) for c in compact) + r"(?![0-9a-z])")


def _spelled_in(compact: str, cleaned: str) -> bool:
    """``compact`` (letters and digits, no spaces) written in ``cleaned`` (``_clean``ed text) with any
    spacing, as whole words: "lokbatu" in "desa lok batu", but "pulausosi" not in "pulau sosit hulu"
    (another village) nor "juai" in "perjuaian"."""
    return bool(compact) and compact in cleaned.replace(" ", "") and _spelling(compact).search(cleaned) is not None


# rapidfuzz partial_ratio at or above which ``fuzzy_mentions`` takes a name as written in a text.
MENTION_THRESHOLD = 85.0


def fuzzy_mentions(text: str, partner: str) -> bool:
    """True when ``text`` holds ``partner``'s name (kind words left out, its number kept) with at
    most a few OCR slips, or every word of it within two lines (a table cell split by OCR); names
    of under six letters are never searched. For suggestions, not links."""
    name = normalise_partner(partner)
    if len(name.core) < 6 or not text:
        return False
    needle = " ".join([*name.numbers, name.display.lower()]) if name.numbers else name.display.lower()
    if name.kind in PLACE_KINDS:  # a bare place name is in addresses and school names ("SD 7 Pulau X")
        needle = f"{name.kind} {needle}"
    cleaned = _clean(text)
    found = fuzz.partial_ratio_alignment(needle, cleaned, score_cutoff=MENTION_THRESHOLD)
    if found is not None and not _runs_on(cleaned, found.dest_end, needle.split()[-1]):
        return True
    # a table cell read as two lines with the next cells between ("Perpustakaan Desa Karya Pengolahan
    # bahan" / "Insan pustaka"): every word of a name of two or more words within two lines
    words = [w for w in name.display.lower().split() if len(w) >= 3]
    if len(words) < 2 or name.kind in PLACE_KINDS:
        return False
    lines = [set(_clean(ln).split()) for ln in text.splitlines()]
    for window in (a | b for a, b in zip(lines, lines[1:] + [set()])):
        if all(any(fuzz.ratio(w, t, score_cutoff=MENTION_THRESHOLD) for t in window) for w in words):
            return True
    return False


def _runs_on(cleaned: str, end: int, last: str) -> bool:
    """The word of ``cleaned`` where a match ends at ``end`` is the name's ``last`` word with more letters
    after it: "desa pulau sosi" in "desa pulau sosit hulu" names another village (an OCR slip changes
    letters, "pagi" read "pagl", rather than adding them to a whole word)."""
    start = end
    while start > 0 and cleaned[start - 1].isalnum():
        start -= 1
    stop = end
    while stop < len(cleaned) and cleaned[stop].isalnum():
        stop += 1
    word = cleaned[start:stop]
    return len(word) > len(last) and word.startswith(last)


@functools.cache
def _kind_pattern() -> re.Pattern:
    """A partner-like name: a kind word, then a name (compiled once)."""
    spellings = sorted({sp for kind, sps in _KIND_SPELLINGS.items() if kind != "perpustakaan" for sp in sps
                        if not sp.startswith(("kepala", "pemerintah", "perpustakaan", "kec"))}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in sp.split()) for sp in spellings)
    # a kind word, then a name: capitalised words (or a number), on one line
    return re.compile(rf"\b(?:{alternatives})\.?[ \t]+((?:\d+[ \t]+)?[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){{0,1}})",
                      re.IGNORECASE)


_IN_ADDRESS = re.compile(r"[ \t]*,[ \t\n]*(?:kecamatan|kec\b)", re.IGNORECASE)
# "Perpustakaan Desa <name>, Desa <village>": one partner, so the village part is dropped
# before counting the partners a text names.
_NAME_WORDS = r"[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,3}?"
_VILLAGE_OF_LIBRARY = re.compile(
    rf"(\b(?i:perpustakaan|perpus)[ \t]+(?i:desa)[ \t]+{_NAME_WORDS})[ \t]*,?[ \t]*(?i:desa|kelurahan|kel\.?)[ \t]+"
    rf"{_NAME_WORDS}")


def partners_named(text: str) -> set[str]:
    """Keys of the partner-like names in ``text`` ("Desa Awayan", "SD Negeri 2 Paringin", ...),
    so a document naming several partners (a schedule, an agenda) is known to be ambiguous."""
    keys = set()
    text = _VILLAGE_OF_LIBRARY.sub(r"\1", text or "")
    for m in _kind_pattern().finditer(text):
        if not m.group(1)[0].isupper() and not m.group(1)[0].isdigit():
            continue
        if _IN_ADDRESS.match(text, m.end()):  # "..., Desa X, Kecamatan Y": a partner's address
            continue
        words = m.group(0).split()
        while len(words) > 2 and words[-1][0].islower():  # "SDN 1 Paringin dan": the name ends before "dan"
            words.pop()
        name = normalise_partner(" ".join(words))
        if name.core and len(name.core) >= 3:
            keys.add(name.core + "#" + ".".join(name.numbers))
    return keys


def names_other_than_kecamatan(text: str) -> bool:
    """True when ``text`` writes a partner-like name ``partners_named`` looks for ("Desa Awayan", "SD Negeri 2
    Paringin", "TBM ...") of a kind other than a kecamatan, a partner's address ("Desa X, Kecamatan Y") included:
    a page that lost its addressee may still say which village or school it concerns."""
    for m in _kind_pattern().finditer(_VILLAGE_OF_LIBRARY.sub(r"\1", text or "")):
        if m.group(1)[0].isupper() or m.group(1)[0].isdigit():
            name = normalise_partner(m.group(0))
            if len(name.core) >= 3 and name.kind != "kecamatan":
                return True
    return False


def names_kecamatan(text: str, partner: str) -> bool:
    """True when ``text`` writes the kecamatan ``partner`` with its kind word ("Aula Kecamatan Juai", "Kec amatan
    Tebing Tinggi", "Camat Halong"): within a few OCR slips (``fuzzy_mentions``) or, a short name, exactly."""
    name = normalise_partner(partner)
    if name.kind != "kecamatan" or len(name.core) < 3 or not text:
        return False
    cleaned = _clean(text)
    return fuzzy_mentions(text, partner) or any(_spelled_in(f"{w}{name.core}", cleaned) for w in ("kecamatan", "camat"))


def names_several_partners(text: str) -> bool:
    """True when ``text`` names two or more different partners. Names sharing their start
    ("Kusambi", "Kusambi Hilir", "Kusambi RT") count once, as OCR and sentence starts add or
    drop words."""
    groups: list[str] = []
    for key in sorted(partners_named(text), key=len):
        if not any(_same_stem(key, g) for g in groups):
            groups.append(key)
    return len(groups) > 1


def _same_stem(a: str, b: str) -> bool:
    """Two extracted names share their start (six letters, or all of the shorter one) and number."""
    (core_a, num_a), (core_b, num_b) = a.split("#", 1), b.split("#", 1)
    if num_a != num_b:
        return False
    need = min(6, len(core_a), len(core_b))
    return core_a[:need] == core_b[:need]


# ---------------------------------------------------------------- the partners a list or schedule names

# Any spelling of a kind of partner, as a word (longest first), for reading list rows.
_ROW_KIND = re.compile(r"\b(?:" + "|".join(r"\s+".join(re.escape(w) for w in sp.split()) for sp in sorted(
    {sp for sps in _KIND_SPELLINGS.values() for sp in sps if len(sp) >= 2 and sp not in _FILLER}, key=len, reverse=True))
    + r")\b\.?", re.IGNORECASE)
# A word of a name in a row: capitalised or a number (the next cell's words are usually lower case).
_ROW_NAME_WORD = re.compile(r"[A-Z0-9][\w'.-]*")


_LEADING_DATES = re.compile(r"^(?:[\d.:/\-]+,?\s+)+")


def _leading_name_words(text: str) -> list[str]:
    words = []
    for token in text.replace("|", " ").split():
        if not _ROW_NAME_WORD.fullmatch(token):
            break
        words.append(token.strip(".,"))
    return words[:MAX_NAME_WORDS]


def listed_names(text: str) -> tuple[PartnerName, ...]:
    """Every partner name a list or schedule may hold, with its kind: each spelling of a kind on a line
    with the capitalised words after it, cut after each word (the next cell follows on the same line:
    "Perpustakaan Desa Karya Pengolahan bahan"), and each of those with the first words of the next
    line (a cell the layout or OCR wrapped: "... Karya" / "Insan pustaka")."""
    lines = [ln.strip() for ln in (text or "").splitlines()]
    out: dict[str, PartnerName] = {}
    for i, line in enumerate(lines):
        nxt = lines[i + 1].lstrip("|!l ") if i + 1 < len(lines) else ""
        # a line opening with a row number is the next row; the wrapped date or time of this row may
        # come before the rest of the name ("31-07-2023 Padang Gidos Hulu pemanfaatan")
        below = [] if re.match(r"\d{1,3}\.?\s", nxt) else _leading_name_words(_LEADING_DATES.sub("", nxt))
        for m in _ROW_KIND.finditer(line):
            words = _leading_name_words(line[m.end():])
            for k in range(0, len(words) + 1):  # none: the whole name went to the next line
                for j in range(0 if k else 1, min(len(below), MAX_NAME_WORDS - k) + 1):
                    name = normalise_partner(" ".join([m.group(0), *words[:k], *below[:j]]))
                    if name.kind not in (None, "perpustakaan") and len(name.core) >= 3:
                        out.setdefault(name.key + "|" + name.village, name)
    return tuple(out.values())


def lists_partner(text: str, partner: str) -> bool:
    """True when a row of ``text`` (a schedule, a list) names ``partner`` with a kind that agrees with
    its own: "Perpustakaan Desa Lok Batu" lists Desa Lok Batu, not SD Negeri Lok Batu. A partner
    whose kind is unknown is never taken as listed (it could be any of the places of that name). A
    village library named by its own name is listed by that name after "Desa" (a cell whose
    "Perpustakaan" the layout or OCR lost: "Desa Bina Cendekia" for "Perpustakaan Desa Bina Cendekia,
    Desa Guha")."""
    target = normalise_partner(partner)
    if target.kind in (None, "perpustakaan") or not target.core:
        return False
    own_name = target.kind == "perpustakaan_desa" and target.village and target.village != target.core
    return any(similarity(target, name) >= FUZZY_THRESHOLD or _short_form(name, target)
               or (target.kind == "kecamatan" and _nearest_kecamatan(name) == target.core)
               or (own_name and name.kind in ("desa", "kelurahan") and len(target.core) >= MIN_SHORT_LETTERS
                   and _close(name.core, target.core) >= FUZZY_THRESHOLD)
               for name in listed_names(text))


def names_namesake(text: str, partner: str) -> bool:
    """A row of ``text`` names a partner of another kind bearing ``partner``'s name ("Pondok Pesantren Lok
    Batu" beside Desa Lok Batu; a village and a village library of one village are no namesakes): the name's
    words there are that namesake's, never the surviving words of a garbled row naming ``partner``."""
    target = normalise_partner(partner)
    if target.kind is None or not target.core:
        return False
    return any(name.kind not in (None, target.kind) and not similarity(name, target)
               and _close(name.core, target.core) >= FUZZY_THRESHOLD for name in listed_names(text))


# A name is completed from the text only when it keeps at least this many letters of its own.
MIN_WRITTEN_LETTERS = 4
# How many lines below a name cut at its line's end its next word may be read.
CUT_LINES = 2


def _cut_at_line_end(text: str, own: list[str], added: str) -> bool:
    """A line of ``text`` ends with the words ``own`` and one of the next ``CUT_LINES`` lines holds ``added``."""
    lines = [_clean(ln).split() for ln in text.splitlines() if _clean(ln)]
    return any(words[-len(own):] == own and any(added in below for below in lines[i + 1: i + 1 + CUT_LINES])
               for i, words in enumerate(lines) if len(words) >= len(own))


# A last word cut short must keep at least this many letters to be completed ("Pusta" for "Pustaka").
MIN_CUT_WORD = 4


def _shared_start(names: list[list[str]]) -> list[str]:
    """The words all of ``names`` start with (none for no names)."""
    if not names:
        return []
    shared = names[0]
    for other in names[1:]:
        k = 0
        while k < min(len(shared), len(other)) and shared[k] == other[k]:
            k += 1
        shared = shared[:k]
    return shared


def _ends_a_line(text: str, own: list[str]) -> bool:
    """A line of ``text`` ends with the words ``own``."""
    return any(words[-len(own):] == own for words in (_clean(ln).split() for ln in text.splitlines())
               if len(words) >= len(own))


def ends_a_line(text: str, name: str) -> bool:
    """A line of ``text`` ends with ``name``'s words (as read: kind words included), so whatever followed
    them on the paper may have been cut there (the page's or the fax's edge)."""
    own = _clean(name).split()
    return bool(own) and _ends_a_line(text, own)


def written_longer(name: PartnerName, text: str, *, kecamatan: bool = False) -> PartnerName | None:
    """``name`` as the text writes it whole elsewhere, when it was read short (an addressee beside the
    number block whose last word went to the next line: "Ketua TBM Aksara" / "Lampiran: - Lentera", while
    the body names "TBM Aksara Lentera"): the names of its kind and numbers written in ``text`` on one line
    that are ``name`` plus whole words, cut to the words all of them share, when a line of ``text`` ends
    with ``name`` and one of the next ``CUT_LINES`` lines holds the first word added. None when the text
    writes no longer name, longer names that differ from their first added word, or a longer name whose
    added word is not where the short one's line ended (a noise word after the name: "Aula MI X Kergbatan").
    A name whose line ends inside its last word ("... MASYARAKAT PUSTA", the rest cropped) is completed
    the same way by the names written whole that continue that word ("Aula TBM Pustaka Nusa").
    Never for places ("Desa Batu" is not "Desa Batu Piring") nor numbered schools (the words after the
    number name another school); ``kecamatan``: for a kecamatan too (the caller checks the longer one has an
    activity: "Camat Paringin" / "Lampiran: - Selatan" over a body's "Kecamatan Paringin Selatan")."""
    if not name.kind or (name.kind in (*PLACE_KINDS, "perpustakaan") and not (kecamatan and name.kind == "kecamatan")) \
            or name.numbers \
            or len(name.core) < MIN_WRITTEN_LETTERS or not text:
        return None
    own = name.display.lower().split()
    longer: list[list[str]] = []
    cut_in_word: list[list[str]] = []  # the name's last word is the start of one of theirs ("Pusta" / "Pustaka")
    for line in text.splitlines():
        for m in _ROW_KIND.finditer(line):
            words = _leading_name_words(line[m.end():])
            found = normalise_partner(" ".join([m.group(0), *words]))
            if found.kind != name.kind or found.numbers:
                continue
            shown = found.display.lower().split()
            if len(shown) > len(own) and shown[: len(own)] == own:
                longer.append(shown)
            elif len(shown) >= len(own) and shown[: len(own) - 1] == own[:-1] \
                    and len(shown[len(own) - 1]) > len(own[-1]) >= MIN_CUT_WORD and shown[len(own) - 1].startswith(own[-1]):
                cut_in_word.append(shown)
    if not longer:
        # a name cut inside its last word where its line ended (the crop or the fold took the rest:
        # "DI TAMAN BACAAN MASYARAKAT PUSTA"), written whole elsewhere ("Aula TBM Pustaka Nusa")
        shared = _shared_start(cut_in_word)
        if len(shared) < len(own) or not _ends_a_line(text, own):
            return None
    else:
        shared = _shared_start(longer)
        if len(shared) <= len(own) or not _cut_at_line_end(text, own, shared[len(own)]):
            return None
    kind = _KIND_LABELS.get(name.kind, name.kind.replace("_", " ").title())
    return normalise_partner(" ".join([kind, *(w.capitalize() for w in shared)]))


# rapidfuzz ratio at or above which a kecamatan name read with an OCR slip is taken as the nearest of
# the regency's kecamatan (a closed list in the register: "Halang" is Halong).
KECAMATAN_RATIO = 80.0


def _nearest_kecamatan(name: PartnerName) -> str | None:
    """The core of the registered kecamatan nearest to ``name`` (a kecamatan), when one is near enough
    and nearer than any other; None otherwise."""
    if name.kind != "kecamatan" or not name.core:
        return None
    scores = _kecamatan_scores(name)
    if not scores or scores[0][0] < KECAMATAN_RATIO or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


# A kecamatan name the register does not know, read as a misread of the nearest registered kecamatan
# (``misread_kecamatan``): a rapidfuzz ratio at least this high, and this far above the next kecamatan's.
KECAMATAN_MISREAD_RATIO = 70.0
KECAMATAN_MISREAD_MARGIN = 15.0


def misread_kecamatan(name: PartnerName) -> str | None:
    """The registered kecamatan (its seed name) that ``name``, a kecamatan the register does not know, is most
    likely a misread of ("KECAMATAN PEMAIN SELATAN" for Paringin Selatan: a photocopy's title line). A regency's
    kecamatan are a closed list, so a kecamatan named otherwise is no partner of its own; the nearest registered
    one by rapidfuzz ratio, when near enough and clearly nearer than the next ("Paringin" and "Paringin
    Selatan" both close: neither). None for a name the register knows. A clue only: the caller wants more
    evidence (a name within the slips ``similarity`` forgives is matched as the partner itself already)."""
    if name.kind != "kecamatan" or not name.core or name.numbers:
        return None
    if any(core == name.core for core, _ in _kecamatan_seeds()):
        return None
    scores = _kecamatan_scores(name)
    if not scores or scores[0][0] < KECAMATAN_MISREAD_RATIO \
            or (len(scores) > 1 and scores[0][0] - scores[1][0] < KECAMATAN_MISREAD_MARGIN):
        return None
    return scores[0][2]


def writes_kecamatan(text: str, kecamatan: str) -> bool:
    """``text`` writes the registered ``kecamatan`` exactly with its kind word ("Aula Kecamatan Paringin Selatan",
    "Camat Juai"), not as the start of a longer registered kecamatan ("Kecamatan Paringin" inside "Kecamatan
    Paringin Selatan") and not within slips (a misread of it is no witness of it). A place alone ("Paringin, 23
    Mei 2023") is the office's town in every letter, never counted."""
    words = normalise_partner(kecamatan).display.lower().split()
    if not words or not text:
        return False
    cleaned = _clean(text)

    def count(own: list[str]) -> int:
        return len(re.findall(r"\b(?:kecamatan|camat|kec)\s" + r"\s".join(map(re.escape, own)) + r"\b", cleaned))

    longer = [own for e in seed_register().entries if e.kind == "kecamatan"
              if len(own := normalise_partner(e.name).display.lower().split()) > len(words) and own[:len(words)] == words]
    return count(words) > sum(count(own) for own in longer)


def _kecamatan_seeds() -> tuple[tuple[str, str], ...]:
    """Each registered kecamatan as (its core, its seed name)."""
    return tuple((normalise_partner(e.name).core, e.name) for e in seed_register().entries if e.kind == "kecamatan")


def _kecamatan_scores(name: PartnerName) -> list[tuple[float, str, str]]:
    """Each registered kecamatan as (rapidfuzz ratio of its core to ``name``'s, its core, its seed name), nearest
    first: what ``_nearest_kecamatan`` and ``misread_kecamatan`` judge with their own bars."""
    return sorted(((fuzz.ratio(name.core, core), core, seed) for core, seed in _kecamatan_seeds()), reverse=True)


# A partner's short form must keep at least this many letters ("MI Darussalam" for "MI Darussalam Batumandi").
MIN_SHORT_LETTERS = 8


def _short_form(short: PartnerName, full: PartnerName) -> bool:
    """``short`` is ``full`` without its last words (a school or community written without its place, or a
    name whose end was lost), of the same kind and numbers; never for places: "Desa Batu" is not "Desa
    Batu Piring"."""
    return (short.kind == full.kind and full.kind not in PLACE_KINDS and short.numbers == full.numbers
            and len(short.core) >= MIN_SHORT_LETTERS and full.display.lower().startswith(short.display.lower() + " "))


# ---------------------------------------------------------------- what a partner name may be

def is_partner_name(name: str | PartnerName, register: "PartnerRegister | None" = None) -> bool:
    """A partner is never a sentence fragment: its name has a kind of partner with a proper
    name of at most ``MAX_NAME_WORDS`` words after it (not the bare generic "Perpustakaan ..."),
    or it is in the ``register``."""
    parsed = name if isinstance(name, PartnerName) else normalise_partner(name)
    if parsed.kind not in (None, "perpustakaan") and len(parsed.core) >= 3 \
            and len(parsed.display.split()) <= MAX_NAME_WORDS:
        return register is None or not (register.runs_past_kecamatan(parsed) or register.unknown_kecamatan(parsed))
    return register is not None and register.match(parsed)[0] is not None


# ---------------------------------------------------------------- the partner register

@dataclass(frozen=True)
class RegisterEntry:
    """One known partner: its kind (``normalise_partner``'s kinds), official name, village,
    kecamatan and other spellings; ``source`` is "seed" (archive/data/partners.json) or
    "confirmed" (a partner value a user confirmed or corrected in the archive)."""

    kind: str
    name: str
    village: str | None = None
    kecamatan: str | None = None
    aliases: tuple[str, ...] = ()
    source: str = "seed"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# Register names shorter than this (cleaned letters) are not searched for in page text.
MIN_SEARCH_LETTERS = 8
# rapidfuzz partial_ratio (0-100) at or above which a register name counts as written on a line.
TEXT_MATCH_THRESHOLD = 90.0


@dataclass(frozen=True)
class PartnerRegister:
    """The partners the archive knows: the seed data grown by confirmed documents."""

    entries: tuple[RegisterEntry, ...] = ()

    def match(self, name: str | PartnerName) -> tuple[RegisterEntry | None, float]:
        """The entry whose name or alias is the same partner as ``name``, with the similarity."""
        target = name if isinstance(name, PartnerName) else normalise_partner(name)
        best, best_score = None, 0.0
        for entry in self.entries:
            for known in entry.names:
                score = similarity(target, normalise_partner(known))
                if score >= FUZZY_THRESHOLD and score > best_score:
                    best, best_score = entry, score
        return best, best_score

    def said_twice(self, name: PartnerName) -> RegisterEntry | None:
        """The one registered partner whose name ``name`` is followed by that name again (``repeats_name``:
        "Kecamatan Paringin Selatan Paringin Selatan", the addressee "Camat Paringin Selatan" / "Paringin
        Selatan" run into one line), of the same kind, when no entry is ``name`` itself; else None."""
        if not name.kind or self.match(name)[0] is not None:
            return None
        found = {e.name: e for e in self.entries if e.kind == name.kind
                 and any(repeats_name(name, normalise_partner(known)) for known in e.names)}
        return next(iter(found.values())) if len(found) == 1 else None

    def runs_past_kecamatan(self, name: PartnerName) -> bool:
        """``name`` is a known kecamatan's whole name with more words after it that make no known partner
        ("Kecamatan Paringin Selatan Pulau Wina Hulu": a line where OCR ran the kecamatan of an address into the
        place beside it). A regency's kecamatan are few and all known, so such a name is a fragment, not a
        partner; a longer kecamatan the register knows ("Paringin Selatan" after "Paringin") is itself."""
        if name.kind != "kecamatan":
            return False
        words = name.display.lower().split()
        for entry in self.entries:
            if entry.kind != "kecamatan":
                continue
            for known in entry.names:
                own = normalise_partner(known).display.lower().split()
                if own and len(words) > len(own) and words[:len(own)] == own:
                    return self.match(name)[0] is None
        return False

    def unknown_kecamatan(self, name: PartnerName) -> bool:
        """``name`` is a kecamatan none of the register's is (within the slips ``similarity`` forgives) but that
        a registered one's misread (``misread_kecamatan``: "Kecamatan Pemain Selatan") or the first word of a
        registered kecamatan's longer name run into other words ("Kecamatan Tebing ruang baca Hasan": a schedule's
        cell and its neighbours). The regency's kecamatan are a closed list, so such a name is no partner that may
        start an activity of its own. A kecamatan near none ("Kecamatan Sungai Pandan") keeps its kind's pattern."""
        if name.kind != "kecamatan" or not name.display or self.match(name)[0] is not None:
            return False
        known = [normalise_partner(n).display.lower().split() for e in self.entries if e.kind == "kecamatan"
                 for n in e.names]
        words = name.display.lower().split()
        return misread_kecamatan(name) is not None or any(
            len(own) > 1 and len(words) > 1 and words[0] == own[0] and words[:len(own)] != own for own in known)

    def matches(self, name: str | PartnerName) -> list[RegisterEntry]:
        """Every entry that is the same partner as ``name`` (several for a name of no kind that
        both a desa and a kelurahan bear)."""
        target = name if isinstance(name, PartnerName) else normalise_partner(name)
        return [e for e in self.entries
                if any(similarity(target, normalise_partner(known)) >= FUZZY_THRESHOLD for known in e.names)]

    def find_in_text(self, text: str) -> list[RegisterEntry]:
        """The entries whose name (or alias) opens a line of ``text`` (after words of address:
        "Kepada Yth.", "Kepala", "Pemerintah"), matched with rapidfuzz so OCR slips pass; the
        closest first, one per partner. A name inside a line (an address: "..., Kecamatan
        Juai, Kabupaten ...") does not count."""
        lines = [_strip_address_words(_clean(ln)) for ln in (text or "").splitlines()]
        lines = [ln for ln in lines if ln]
        hits: list[tuple[float, int, RegisterEntry]] = []
        for k, entry in enumerate(self.entries):
            best = 0.0
            for known in entry.names:
                needle = _clean(known)
                if len(needle.replace(" ", "")) < MIN_SEARCH_LETTERS:
                    continue
                for line in lines:
                    if len(line) + 1 < len(needle):
                        continue
                    head = line[: len(needle) + 2]
                    best = max(best, fuzz.ratio(needle, head[: len(needle)], score_cutoff=TEXT_MATCH_THRESHOLD),
                               fuzz.partial_ratio(needle, head, score_cutoff=TEXT_MATCH_THRESHOLD))
            if best:
                hits.append((best, k, entry))
        hits.sort(key=lambda h: (-h[0], h[1]))
        out: list[RegisterEntry] = []
        for _, _, entry in hits:  # an entry that is the same partner as a better one adds nothing
            if not any(same_partner(entry.name, e.name) for e in out):
                out.append(entry)
        return out

    def grown(self, names: Iterable[str], kecamatan: str | None = None) -> "PartnerRegister":
        """This register plus an entry for each confirmed partner name that has a kind of
        partner and whose key is not in it yet (spellings of one partner may add entries that
        ``match`` then finds together; comparing every pair would cost the square of the archive)."""
        entries = list(self.entries)
        keys = {normalise_partner(n).key for e in entries for n in e.names}
        for raw in names:
            parsed = normalise_partner(raw or "")
            if parsed.kind is None or not is_partner_name(parsed) or parsed.key in keys:
                continue
            keys.add(parsed.key)
            entries.append(RegisterEntry(kind=parsed.kind, name=parsed.label or raw,
                                         village=parsed.village_display or None, kecamatan=kecamatan,
                                         aliases=(raw,) if raw != parsed.label else (), source="confirmed"))
        return PartnerRegister(tuple(entries))


def seed_register() -> PartnerRegister:
    """The shipped register (``archive/data/partners.json``; its sources are noted there)."""
    global _SEED
    if _SEED is None:
        data = json.loads(resources.files("archive").joinpath("data/partners.json").read_text(encoding="utf-8"))
        _SEED = PartnerRegister(tuple(
            RegisterEntry(kind=e["kind"], name=e["name"], village=e.get("village"), kecamatan=e.get("kecamatan"),
                          aliases=tuple(e.get("aliases") or ())) for e in data["partners"]))
    return _SEED


_SEED: PartnerRegister | None = None


# --- one name per partner in the search (issue 18) ------------------------------------------------

@functools.lru_cache(maxsize=50_000)
def canonical_name(name: str | None) -> str:
    """The one name a partner is shown and filtered by, whatever the spelling: the register's name
    when the partner is in it, else the normalised label (``Desa Lampihong`` for "DESA LAMPIHONG"
    and "Ds. Lampihong"); a village library named by its village alone is its desa (one BuRT
    partner).  A value that names no partner (a fragment, an address) is kept as written."""
    raw = " ".join((name or "").split())
    parsed = normalise_partner(raw)
    if not raw or not parsed.core:
        return raw
    entry, _score = seed_register().match(parsed) if parsed.kind else (None, 0.0)  # no kind: could be any
    if entry is not None:
        return entry.name
    if parsed.kind == "perpustakaan_desa" and parsed.village == parsed.core:
        return f"Desa {parsed.village_display}"
    return parsed.label or raw
