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
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# Prefix spellings -> canonical kind. Longest spellings are tried first, so "sd negeri"
# wins over "sd". Generic words for kinds of partner, not the names of any partner.
_KIND_SPELLINGS: dict[str, tuple[str, ...]] = {
    "desa": ("pemerintah desa", "pemerintahan desa", "perpustakaan desa", "kepala desa", "pemdes", "kades",
             "desa", "ds"),
    "kelurahan": ("pemerintah kelurahan", "kantor kelurahan", "kepala kelurahan", "kelurahan", "lurah", "kel"),
    "sd": ("sekolah dasar negeri", "sekolah dasar", "sd negeri", "sdn", "sd"),
    "smp": ("sekolah menengah pertama negeri", "sekolah menengah pertama", "smp negeri", "smpn", "smp"),
    "sma": ("sekolah menengah atas negeri", "sekolah menengah atas", "sma negeri", "sman", "sma"),
    "smk": ("sekolah menengah kejuruan negeri", "smk negeri", "smkn", "smk"),
    "mi": ("madrasah ibtidaiyah negeri", "madrasah ibtidaiyah", "min", "mi"),
    "mts": ("madrasah tsanawiyah negeri", "madrasah tsanawiyah", "mts negeri", "mtsn", "mts"),
    "tbm": ("taman bacaan masyarakat", "tbm", "rumah baca", "pojok baca"),
    "perpustakaan": ("perpustakaan sekolah", "perpustakaan", "perpus"),
}
# Words that only address or qualify the partner ("Kepada Yth. Kepala ...").
_FILLER = ("kepada yth", "kepada", "yth", "kepala", "pemerintah", "bapak", "ibu", "sdr", "saudara")
# Everything from one of these words on is the partner's address, not its name.
_ADDRESS_CUTS = re.compile(r"\b(kecamatan|kec|kabupaten|kab|provinsi|prov|di|jalan|jl|alamat)\b")

# One OCR/typing slip (a Levenshtein edit) is allowed per this many letters of the shorter
# core: "lokbatu"/"lokbatv" match, a 4-6 letter name must match exactly.
LETTERS_PER_EDIT = 7
# Similarities (0-100) at or above this are "the same partner" (see ``similarity``).
FUZZY_THRESHOLD = 80.0


@dataclass(frozen=True)
class PartnerName:
    """A partner name taken apart: ``kind`` may be None ("LOK BATU"), ``numbers`` keep
    "SDN 1" and "SDN 2" apart, ``core`` has no spaces so "Lokbatu" equals "Lok Batu"."""

    raw: str
    kind: str | None
    core: str
    numbers: tuple[str, ...]
    display: str  # title-cased core with its spaces, for showing

    @property
    def key(self) -> str:
        """A stable identifier, e.g. ``desa:lokbatu`` or ``sd:paringin#1``."""
        base = f"{self.kind or '?'}:{self.core}"
        return base + ("#" + ".".join(self.numbers) if self.numbers else "")

    @property
    def label(self) -> str:
        """How the partner is shown: ``Desa Lok Batu``, ``SD 1 Paringin``."""
        kind = {"sd": "SD", "smp": "SMP", "sma": "SMA", "smk": "SMK", "mi": "MI", "mts": "MTs",
                "tbm": "TBM"}.get(self.kind or "", (self.kind or "").title())
        parts = [p for p in (kind, " ".join(self.numbers), self.display) if p]
        return " ".join(parts)


def _clean(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^0-9a-z' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _strip_prefix(words: str, spellings: Iterable[str]) -> tuple[str | None, str]:
    for spelling in sorted(spellings, key=len, reverse=True):
        if words == spelling or words.startswith(spelling + " "):
            return spelling, words[len(spelling):].strip()
    return None, words


def _take_kind(words: str) -> tuple[str | None, str]:
    """Find the first kind spelling at the start of ``words`` (after fillers)."""
    kind = None
    changed = True
    while changed and words:
        changed = False
        hit, rest = _strip_prefix(words, _FILLER)
        if hit:
            words, changed = rest, True
            continue
        for canonical, spellings in _KIND_SPELLINGS.items():
            hit, rest = _strip_prefix(words, spellings)
            if hit:
                if kind is None or kind == "perpustakaan":  # "Perpustakaan SDN 1 X" is the school
                    kind = canonical
                words, changed = rest, True
                break
    return kind, words


def normalise_partner(name: str) -> PartnerName:
    """Split ``name`` into kind, numbers and core (see the module docstring)."""
    words = _clean(name or "")
    kind, rest = _take_kind(words)
    cut = _ADDRESS_CUTS.search(rest)
    if cut:  # at the start: the name is only an address ("Kecamatan X Kabupaten Y"), no partner
        rest = rest[: cut.start()].strip()
    numbers = tuple(str(int(n)) for n in re.findall(r"\b\d+\b", rest))
    core_words = [w for w in rest.split() if not w.isdigit() and w not in ("negeri", "no", "nomor")]
    display = " ".join(w.capitalize() for w in core_words)
    return PartnerName(raw=name, kind=kind, core="".join(core_words), numbers=numbers, display=display)


def similarity(a: PartnerName, b: PartnerName) -> float:
    """0..100: how alike two partner names are; 0 when numbers or kinds conflict."""
    if not a.core or not b.core or a.numbers != b.numbers:
        return 0.0
    if a.kind and b.kind and a.kind != b.kind:
        return 0.0
    if a.core == b.core:
        return 100.0
    allowed = min(len(a.core), len(b.core)) // LETTERS_PER_EDIT
    if Levenshtein.distance(a.core, b.core, score_cutoff=allowed + 1) > allowed:
        return 0.0
    return max(FUZZY_THRESHOLD, float(fuzz.ratio(a.core, b.core)))


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


def is_own_office(name: str, instansi: str) -> bool:
    """True when ``name`` is the Dinas itself (the sender of most letters), not a partner."""
    a, b = _clean(name or ""), _clean(instansi or "")
    if not a:
        return False
    if "dinas perpustakaan" in a:
        return True
    return bool(b) and fuzz.token_set_ratio(a, b) >= 90 and len(a) >= 10


def partner_in_text(text: str, instansi: str, lines: int = 15) -> str | None:
    """A partner named at the head of a letter (its kop or addressee): the first of the first
    ``lines`` lines that starts with a kind of partner ("PEMERINTAH DESA LOK BATU",
    "Kepala SD Negeri 1 Paringin") and is not the Dinas itself."""
    heads = [ln.strip() for ln in (text or "").splitlines() if ln.strip()][:lines]
    for line in heads:
        name = normalise_partner(line)
        if name.kind and name.core and len(name.core) >= 3 and not is_own_office(line, instansi):
            return line
    return None


def mentions_partner(text: str, partner: str) -> bool:
    """True when ``text`` names ``partner`` (its core, with its number if it has one),
    ignoring case, spacing and punctuation. Cores under six letters are never searched:
    too likely to occur inside other words."""
    name = normalise_partner(partner)
    if len(name.core) < 6 or not text:
        return False
    compact = re.sub(r"[^0-9a-z]+", "", text.lower())
    if name.numbers:
        return any(f"{n}{name.core}" in compact or f"{int(n):02d}{name.core}" in compact for n in name.numbers)
    return name.core in compact


def _kind_pattern() -> re.Pattern:
    spellings = sorted({sp for kind, sps in _KIND_SPELLINGS.items() if kind != "perpustakaan" for sp in sps
                        if not sp.startswith(("kepala", "pemerintah", "perpustakaan"))}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in sp.split()) for sp in spellings)
    # a kind word, then a name: capitalised words (or a number), on one line
    return re.compile(rf"\b(?:{alternatives})\.?[ \t]+((?:\d+[ \t]+)?[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){{0,1}})",
                      re.IGNORECASE)


_NAMED = None


def partners_named(text: str) -> set[str]:
    """Keys of the partner-like names in ``text`` ("Desa Awayan", "SD Negeri 2 Paringin", ...),
    so a document naming several partners (a schedule, an agenda) is known to be ambiguous."""
    global _NAMED
    if _NAMED is None:
        _NAMED = _kind_pattern()
    keys = set()
    for m in _NAMED.finditer(text or ""):
        if not m.group(1)[0].isupper() and not m.group(1)[0].isdigit():
            continue
        name = normalise_partner(m.group(0))
        if name.core and len(name.core) >= 3:
            keys.add(name.core + "#" + ".".join(name.numbers))
    return keys


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
