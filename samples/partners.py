"""Partners of the harder generator: every kind of BuRT partner, named by combinatorics.

Names are built from invented syllables and word lists, split in two disjoint halves:
the tuning mode draws from one, the held-out mode from the other, so no partner name,
village name or naming pattern of one mode appears in the other. Kecamatan are Balangan's
eight real ones, also split four and four.
"""
from __future__ import annotations

import random

from samples.pools import Partner

PARTNER_KINDS = ("desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "perpustakaan_desa", "tbm",
                 "komunitas")
# partners whose heads are not civil servants (no pangkat, no NIP under the signature)
NON_CIVIL_KINDS = {"desa", "pondok_pesantren", "perpustakaan_desa", "tbm", "komunitas"}

KECAMATAN = {  # Kabupaten Balangan's eight kecamatan, four per mode
    False: ("Paringin", "Lampihong", "Awayan", "Halong"),
    True: ("Paringin Selatan", "Batumandi", "Juai", "Tebing Tinggi"),
}
# invented syllables: consonants and vowels differ per mode, so roots never coincide
_ONSETS = {False: ("b", "k", "l", "m", "t", "h", "r"), True: ("g", "s", "n", "p", "d", "j", "w")}
_VOWELS = {False: ("a", "u", "i"), True: ("a", "e", "o", "i")}
_CODAS = {False: ("", "", "n", "ng", "r"), True: ("", "", "m", "s", "t")}
_PREFIX = {False: ("", "", "Lok ", "Sungai ", "Tanah ", "Banua "), True: ("", "", "Muara ", "Padang ", "Teluk ",
                                                                       "Pulau ")}
_SUFFIX = {False: ("", "", "", " Hilir", " Baru", " Tengah"), True: ("", "", "", " Hulu", " Raya", " Lama")}
# words for library, reading-garden and community names
_WORDS = {
    False: ("Bina", "Cahaya", "Tunas", "Pelita", "Insan", "Mutiara", "Ilmu", "Harapan", "Bangsa", "Mandiri",
            "Karya", "Budi"),
    True: ("Lentera", "Sinar", "Aksara", "Bestari", "Pustaka", "Ceria", "Gemilang", "Pena", "Sahabat", "Nusa",
           "Jendela", "Widya"),
}
_PESANTREN = {
    False: (("Darul", "Miftahul", "Raudhatul"), ("Ulum", "Falah", "Jannah", "Hikmah")),
    True: (("Nurul", "Babul", "Hidayatul"), ("Huda", "Amin", "Ihsan", "Taqwa")),
}
_KOMUNITAS = {False: ("Komunitas Literasi {w}", "Komunitas Rumah Baca {w}"),
              True: ("Komunitas Pegiat Literasi {w}", "Komunitas Baca {w}")}
_SCHOOLS = {False: ("SD Negeri", "SMP Negeri", "MI", "MTs"), True: ("SD Negeri", "SMP Negeri", "MI", "MTs")}
_STREETS = {False: ("Jalan {r} RT {n:02d}", "Jalan Poros {r} Km. {n}"),
            True: ("Jl. {r} No. {n}", "Jalan Lintas {r} Gg. {n}")}


def root(rng: random.Random, held_out: bool) -> str:
    """An invented two- or three-syllable word ("Lumikan", "Pedosa")."""
    n = rng.choice((2, 2, 3))
    word = ""
    for k in range(n):
        word += rng.choice(_ONSETS[held_out]) + rng.choice(_VOWELS[held_out])
        if k == n - 1:
            word += rng.choice(_CODAS[held_out])
    return word.capitalize()


def village_name(rng: random.Random, held_out: bool) -> str:
    """A made-up village name ("Lok Tamirun", "Padang Gesom Hulu")."""
    return f"{rng.choice(_PREFIX[held_out])}{root(rng, held_out)}{rng.choice(_SUFFIX[held_out])}"


def two_words(rng: random.Random, held_out: bool) -> str:
    a, b = rng.sample(_WORDS[held_out], 2)
    return f"{a} {b}"


def _code(name: str) -> str:
    return "".join(w[0] for w in name.replace(",", "").split() if w[0].isalpha()).upper()[:5]


def _address(rng: random.Random, held_out: bool, village: str, kec: str) -> str:
    street = rng.choice(_STREETS[held_out]).format(r=village.split()[-1], n=rng.randint(1, 12))
    return f"{street}, {village}, Kecamatan {kec}, Kabupaten Balangan"


def make_partner(rng: random.Random, held_out: bool, kind: str | None = None) -> Partner:
    """A partner of ``kind`` (one of PARTNER_KINDS; None: drawn) with a name from the mode's half."""
    kind = kind or rng.choice(PARTNER_KINDS)
    if kind not in PARTNER_KINDS:
        raise ValueError(f"unknown partner kind {kind!r}; expected one of {', '.join(PARTNER_KINDS)}")
    kec = rng.choice(KECAMATAN[held_out])
    vname = village_name(rng, held_out)
    desa = f"Desa {vname}"
    if kind == "desa":
        return Partner("desa", desa, desa, f"DS-{_code(vname)}", kec, _address(rng, held_out, desa, kec),
                       village=desa, head=f"Kepala {desa}")
    if kind == "kelurahan":
        kel = f"Kelurahan {vname}"
        return Partner("kelurahan", kel, kel, f"Kel-{_code(vname)}", kec, _address(rng, held_out, kel, kec),
                       village=kel, head=f"Lurah {vname}")
    if kind == "kecamatan":
        name = f"Kecamatan {kec}"
        return Partner("kecamatan", name, name, f"Kec-{_code(kec)}", kec,
                       f"Jalan Camat No. {rng.randint(1, 20)}, {kec}, Kabupaten Balangan", head=f"Camat {kec}")
    if kind == "sekolah":
        level = rng.choice(_SCHOOLS[held_out])
        if level in ("MI", "MTs"):
            pre, noun = _PESANTREN[held_out]
            name = f"{level} {rng.choice(pre)} {rng.choice(noun)} {vname}"
            short = name
        else:
            n = rng.randint(1, 9)
            place = rng.choice((vname, kec))
            name = f"{level} {n} {place}"
            short = f"{'SDN' if level == 'SD Negeri' else 'SMPN'} {n} {place}"
        return Partner("sekolah", name, short, _code(short) + "-" + str(rng.randint(1, 9)), kec,
                       _address(rng, held_out, desa, kec), village=desa, head=f"Kepala {short}")
    if kind == "pondok_pesantren":
        pre, noun = _PESANTREN[held_out]
        core = f"{rng.choice(pre)} {rng.choice(noun)}"
        name = f"Pondok Pesantren {core}"
        return Partner("pondok_pesantren", name, f"Ponpes {core}", f"PP-{_code(core)}", kec,
                       _address(rng, held_out, desa, kec), village=desa, head=f"Pimpinan Pondok Pesantren {core}")
    if kind == "perpustakaan_desa":
        own = f"Perpustakaan Desa {two_words(rng, held_out)}"
        return Partner("perpustakaan_desa", f"{own}, {desa}", own, f"PD-{_code(own[19:])}", kec,
                       _address(rng, held_out, desa, kec), village=desa, head=f"Kepala {own}")
    if kind == "tbm":
        core = two_words(rng, held_out)
        name = f"Taman Bacaan Masyarakat {core}"
        return Partner("tbm", name, f"TBM {core}", f"TBM-{_code(core)}", kec, _address(rng, held_out, desa, kec),
                       village=desa, head=f"Ketua TBM {core}")
    fmt = rng.choice(_KOMUNITAS[held_out])
    name = fmt.format(w=rng.choice((two_words(rng, held_out), vname)))
    return Partner("komunitas", name, name, f"KOM-{_code(name[10:])}", kec, _address(rng, held_out, desa, kec),
                   village=desa, head=f"Ketua {name}")
