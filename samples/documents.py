"""Templates for every BuRT document type, in Indonesian tata naskah dinas.

Each template lays its document out on a ``Layout`` and returns the metadata a perfect
reader would extract. Wording varies with the random generator: most sentences have
several phrasings, paragraphs are optional, and layout details (kop, date position,
label spellings) vary. ``Ctx.pick`` splits every list of alternatives in two disjoint
halves (even positions for training, odd positions for ``held_out``), so held-out
documents never reuse a training phrasing where there is more than one.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from samples import variety
from samples.layout import Layout, LogoItem, SignatureItem, text_width
from samples.pools import (
    DINAS,
    HELD_OUT_BOOKS,
    HELD_OUT_NAMES,
    HELD_OUT_PARTNERS,
    KEPALA_DINAS_JABATAN,
    MONTHS,
    ROMAN,
    TRAIN_BOOKS,
    TRAIN_NAMES,
    TRAIN_PARTNERS,
    Partner,
    Person,
    format_nip,
    hari,
    make_person,
    pool,
    tanggal_panjang,
    terbilang,
)

DOC_TYPES = {
    "undangan_sosialisasi": 1, "laporan_sosialisasi": 1, "daftar_hadir": 1,
    "surat_permohonan_kerja_sama": 2, "nota_kesepahaman": 2, "surat_hasil_koordinasi": 2,
    "surat_permintaan_peminjaman": 3, "surat_balasan": 3,
    "daftar_judul_buku": 4, "berita_acara_serah_terima": 4,
    "surat_permintaan_pembinaan": 5, "jadwal_pembinaan": 5,
    "surat_koordinasi_pendampingan": 6, "laporan_pendampingan": 6,
    "agenda_surat_masuk": None, "lainnya": None,
}
# days after the activity's start at which each document is dated (SOP order)
DAY_OFFSET = {
    "undangan_sosialisasi": 0, "daftar_hadir": 8, "laporan_sosialisasi": 10,
    "surat_permohonan_kerja_sama": 21, "nota_kesepahaman": 35, "surat_hasil_koordinasi": 37,
    "surat_permintaan_peminjaman": 56, "surat_balasan": 59, "daftar_judul_buku": 73,
    "berita_acara_serah_terima": 73, "surat_permintaan_pembinaan": 91, "jadwal_pembinaan": 97,
    "surat_koordinasi_pendampingan": 119, "laporan_pendampingan": 131, "agenda_surat_masuk": 60,
    "lainnya": 45,
}
KKA = {1: "000.4.6.3", 2: "000.4.7.1", 3: "000.4.6.2", 4: "000.4.3.7", 5: "000.4.14.1", 6: "400.10"}
BURT = "Buku Rumah Tangga (BuRT)"


@dataclass
class Activity:
    """One BuRT cooperation with one partner: the people and dates its documents share."""

    key: str
    partner: Partner
    kepala: Person
    kabid: Person
    staff: list[Person]
    partner_head: Person
    start: dt.date
    numbers: dict[str, str] = field(default_factory=dict)  # doc_type -> nomor already issued
    dates: dict[str, dt.date] = field(default_factory=dict)

    def date_for(self, doc_type: str, rng: random.Random) -> dt.date:
        """The document's date: SOP-ordered offset from the start, moved off weekends."""
        if doc_type in self.dates:
            return self.dates[doc_type]
        d = self.start + dt.timedelta(days=DAY_OFFSET[doc_type] + rng.randint(0, 2))
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        self.dates[doc_type] = d
        return d


def make_activity(rng: random.Random, held_out: bool = False, partner: Partner | None = None,
                  start: dt.date | None = None) -> Activity:
    """A fresh activity with a partner and signers from the mode's pools."""
    partner = partner or rng.choice(pool(TRAIN_PARTNERS, HELD_OUT_PARTNERS, held_out))
    start = start or dt.date(rng.choice([2023, 2024, 2025]), rng.randint(1, 6), rng.randint(1, 25))
    used: set[str] = set()
    kepala = make_person(rng, KEPALA_DINAS_JABATAN, held_out, senior=True, used=used)
    kabid = make_person(rng, "Kepala Bidang Layanan dan Pembinaan Perpustakaan", held_out, used=used)
    staff = [make_person(rng, rng.choice(["Pustakawan Ahli Pertama", "Pengelola Layanan Perpustakaan",
                                          "Pustakawan Terampil"]), held_out, used=used) for _ in range(2)]
    if partner.kind == "desa":
        head = make_person(rng, partner.head_title, held_out, civil=False, used=used)
    else:
        head = make_person(rng, partner.head_title, held_out, used=used)
    key = f"burt-{start.year}-{partner.name.lower().replace(' ', '-')}"
    return Activity(key, partner, kepala, kabid, staff, head, start)


@dataclass
class Ctx:
    """What a template needs: the random source, the mode, the activity and the layout."""

    rng: random.Random
    held_out: bool
    act: Activity
    lay: Layout
    style: dict = field(default_factory=dict)
    stamp: bool = True
    options: dict = field(default_factory=dict)  # per-template knobs, e.g. {"rows": 24}

    def pick(self, options: list):
        """One alternative from this mode's half of ``options`` (even: training, odd: held out)."""
        half = options[int(self.held_out)::2] or options
        return self.rng.choice(half)

    def half(self, options: list) -> list:
        """This mode's half of a pool (even positions: training, odd: held out)."""
        return options[int(self.held_out)::2] or options

    def maybe(self, p: float = 0.5) -> bool:
        return self.rng.random() < p

    def seed(self) -> int:
        return self.rng.randrange(1 << 30)


# --------------------------------------------------------------------------- numbers, dates
def roman(d: dt.date) -> str:
    return ROMAN[d.month - 1]


def dinas_nomor(c: Ctx, step: int, d: dt.date, kka: str | None = None) -> str:
    kka = kka or KKA[step]
    seq = c.rng.randint(12, 480)
    return c.pick([
        f"{kka}/{seq}/DISPERSIP/{d.year}",
        f"{kka}/{seq:03d}/Dispersip-Blg/{roman(d)}/{d.year}",
        f"045.2/{seq}/DISPERPUS/{roman(d)}/{d.year}" if step in (1, 5, 6) else f"{kka}/{seq:03d}/DISPERSIP/{d.year}",
        f"{kka}/{seq}/Bid.LPP/DISPERSIP/{roman(d)}/{d.year}",
        f"{kka}/{seq}/DISPERSIP/{roman(d)}/{d.year}",
        f"041/{seq:03d}/Dispersip/{d.year}",
    ])


def partner_nomor(c: Ctx, d: dt.date) -> str:
    return spaced_nomor(c, _partner_nomor(c, d))


def _partner_nomor(c: Ctx, d: dt.date) -> str:
    p = c.act.partner
    seq = c.rng.randint(3, 160)
    if c.style.get("v2") and p.kind not in ("desa", "sekolah"):
        return partner_nomor_v2(c, d, seq)
    if p.kind == "desa":
        return c.pick([f"045/{seq}/{p.code}/{roman(d)}/{d.year}", f"140/{seq:03d}/Pem-{p.code}/{d.year}",
                       f"470/{seq}/{p.code}/{d.year}", f"{seq}/{p.code}/{roman(d)}/{d.year}"])
    return c.pick([f"421.2/{seq}/{p.code}/{d.year}", f"421.2/{seq:03d}/{p.code}/{roman(d)}/{d.year}",
                   f"800/{seq}/{p.code}/{d.year}", f"{seq}/{p.code}/{roman(d)}/{d.year}"])


# How a typist sets a number's later elements apart with a spaced dot ("800/075 . Kepegawaian. 2020", seen on a
# school's surat tugas): the separators of the tuning half and of the held-out half never coincide.
SPACED_SEPARATORS = ((" . ", ". "), (" .", " . "))


def spaced_nomor(c: Ctx, nomor: str) -> str:
    """``nomor`` with its elements after the sequence number set apart by a spaced dot, only where the template
    knob ``spaced_nomor`` asks for it (``make_document(..., spaced_nomor=True)``); drawn from a stream of its own,
    so every other draw of the document, and every document made without the knob, stays as it was. The truth
    keeps the printed spacing, as the real captures' truth does."""
    parts = nomor.split("/")
    if not c.options.get("spaced_nomor") or len(parts) < 3:
        return nomor
    sep = random.Random(f"spaced-nomor-{nomor}").choice(SPACED_SEPARATORS[int(c.held_out)])
    return "/".join(parts[:2]) + sep + sep.join(parts[2:]).rstrip()


def partner_nomor_v2(c: Ctx, d: dt.date, seq: int) -> str:
    """Numbers of the harder generator's other partner kinds (kelurahan, kecamatan, pesantren, TBM...)."""
    p = c.act.partner
    if p.kind == "perpustakaan_desa":
        return c.pick([f"{seq:03d}/{p.code}/{roman(d)}/{d.year}", f"045/{seq}/{p.code}/{d.year}",
                       f"{seq}/Perpusdes/{roman(d)}/{d.year}", f"041/{seq:02d}/{p.code}/{roman(d)}/{d.year}"])
    if p.kind in ("kelurahan", "kecamatan"):
        return c.pick([f"005/{seq}/{p.code}/{d.year}", f"400.14/{seq:03d}/{p.code}/{roman(d)}/{d.year}",
                       f"045.2/{seq}/{p.code}/{roman(d)}/{d.year}", f"000.1/{seq}/{p.code}/{d.year}"])
    return c.pick([f"{seq:03d}/{p.code}/{roman(d)}/{d.year}", f"{seq}/{p.code}/SP/{d.year}",
                   f"{seq}/{p.code}/{d.year}", f"{seq:02d}/Sek/{p.code}/{roman(d)}/{d.year}"])


def date_words(d: dt.date) -> str:
    """ "Senin tanggal Sebelas bulan Maret tahun Dua Ribu Dua Puluh Empat (11-03-2024)" """
    return (f"{hari(d)} tanggal {terbilang(d.day)} bulan {MONTHS[d.month - 1]} tahun {terbilang(d.year)} "
            f"({d:%d-%m-%Y})")


# --------------------------------------------------------------------------- letter parts
def kop_dinas(c: Ctx) -> None:
    if c.style.get("v2"):
        return variety.kop_dinas_v2(c)
    lay = c.lay
    variant = c.style["kop"]
    logo = variant in ("logo_left", "logo_left_small")
    size = 190 if variant == "logo_left" else 160
    if logo:
        lay.add(LogoItem(lay.left - 40, lay.y + 10, size))
    x = lay.left + (size if logo else 0)
    width = lay.width - lay.right - x
    lay.line("PEMERINTAH KABUPATEN BALANGAN", x=x, width=width, size=54, style="bold", align="center")
    lay.line("DINAS PERPUSTAKAAN DAN KEARSIPAN", x=x, width=width, size=64, style="bold", align="center")
    if variant == "centered":
        lay.line("Jalan Jend. A. Yani Km. 3,5 Paringin, Kabupaten Balangan 71618", x=x, width=width, size=36,
                 align="center")
        lay.line("Telepon (0526) 2028145 Pos-el dispersip@balangankab.go.id", x=x, width=width, size=36,
                 align="center")
    else:
        lay.line("Jalan Jend. A. Yani Km. 3,5 Paringin Kode Pos 71618", x=x, width=width, size=38, align="center")
        lay.line("Telepon (0526) 2028145, Laman dispersip.balangankab.go.id", x=x, width=width, size=36,
                 align="center")
    lay.space(8)
    lay.rule()


def kop_partner(c: Ctx) -> None:
    if c.style.get("v2"):
        return variety.kop_partner_v2(c)
    lay, p = c.lay, c.act.partner
    variant = c.style["kop"]
    logo = variant != "centered"
    size = 180
    if logo:
        lay.add(LogoItem(lay.left - 40, lay.y + 10, size, "pemda" if p.kind == "desa" else "sekolah"))
    x = lay.left + (size if logo else 0)
    width = lay.width - lay.right - x
    lay.line("PEMERINTAH KABUPATEN BALANGAN", x=x, width=width, size=50, style="bold", align="center")
    if p.kind == "desa":
        lay.line(f"KECAMATAN {p.kecamatan.upper()}", x=x, width=width, size=50, style="bold", align="center")
        lay.line(f"PEMERINTAH {p.name.upper()}", x=x, width=width, size=58, style="bold", align="center")
    else:
        lay.line("DINAS PENDIDIKAN", x=x, width=width, size=48, style="bold", align="center")
        lay.line(p.name.upper(), x=x, width=width, size=58, style="bold", align="center")
    lay.line(f"Alamat: {p.address}", x=x, width=width, size=34, align="center")
    lay.space(6)
    lay.rule(double=c.maybe(0.7))


def date_text(place: str, d: dt.date) -> str:
    return f"{place}, {tanggal_panjang(d)}"


def letter_head(c: Ctx, place: str, d: dt.date, nomor: str, hal: str, addressee: list[str], where: str,
                sifat: str = "Biasa", lampiran: str = "-") -> None:
    """Date, Nomor/Sifat/Lampiran/Hal and the Yth. block, in the document's layout variant."""
    if c.style.get("v2"):
        return variety.letter_head_v2(c, place, d, nomor, hal, addressee, where, sifat, lampiran,
                                      c.options.get("title", "SURAT"))
    lay = c.lay
    labels = c.style["labels"]
    layout = c.style["letter"]
    date_str = date_text(place, d) if c.style.get("date_place", True) else tanggal_panjang(d)
    col = int(lay.width * 0.56)
    if layout in ("modern", "classic"):
        if c.style["date_flush"]:
            lay.line(date_str, align="right")
        else:
            lay.line(date_str, x=col)
        lay.space(20)
    if layout.startswith("classic"):
        if layout == "classic":
            lay.line("Kepada", x=col)
        yth = [f"Yth. {addressee[0]}"] + addressee[1:]
        for ln in yth:
            lay.para(ln, indent=col - lay.left, justify=False, after=0)
        lay.line("di -", x=col)
        lay.line(where, x=col + 90)
        lay.space(30)
    rows = [(labels[0], nomor), (labels[1], sifat), (labels[2], lampiran), (labels[3], hal)]
    lay.fields(rows, label_w=250, right=date_str if layout.endswith("samerow") else None)
    lay.space(50)
    if layout.startswith("modern"):
        lay.para(f"{c.style['yth']} {addressee[0]}", justify=False, after=0)
        for ln in addressee[1:]:
            lay.para(ln, indent=int(text_width(c.style["yth"] + " ", lay.size, "reg", lay.family)),
                     justify=False, after=0)
        lay.line("di")
        lay.line(where, x=lay.left + 90)
        lay.space(40)


def body(c: Ctx, paras: list) -> None:
    """Body paragraphs; a list entry is a numbered list, a tuple a label:value block."""
    lay = c.lay
    indent = 0 if c.style["letter"].startswith("modern") else 0
    for p in paras:
        if isinstance(p, list):
            for k, item in enumerate(p, 1):
                lay.para(item, indent=indent + 90, hang=f"{k}.", after=4)
            lay.space(14)
        elif isinstance(p, tuple):
            lay.fields(list(p), label_w=330, x=lay.left + 90)
            lay.space(20)
        else:
            lay.para(p, indent=indent, first=c.style["first_indent"])


def sign_dinas(c: Ctx, signer: Person, an: bool = False, with_stamp: bool = True) -> None:
    lay = c.lay
    x = int(lay.width * 0.52)
    lay.space(20)
    before = []
    if an:
        before += ["a.n. Kepala Dinas Perpustakaan", "dan Kearsipan Kabupaten Balangan"]
        before += [f"{signer.jabatan},"] if len(signer.jabatan) < 34 else _split_jabatan(signer.jabatan)
    else:
        before += ["Kepala Dinas Perpustakaan dan Kearsipan", "Kabupaten Balangan,"]
    sign_person(c, x, before, signer, with_stamp)


def _split_jabatan(j: str) -> list[str]:
    words = j.split()
    half = (len(words) + 1) // 2
    return [" ".join(words[:half]), " ".join(words[half:]) + ","]


def sign_person(c: Ctx, x: int, before: list[str], p: Person, with_stamp: bool = True) -> None:
    after = []
    if p.pangkat:
        after.append(p.pangkat)
    if p.nip:
        after.append(f"NIP {format_nip(p.nip, c.style['nip_spaced'])}")
    c.lay.signature(x, before, p.name, after, c.seed(), underline=c.style["underline"],
                    stamp=with_stamp and c.stamp)


def tembusan(c: Ctx, items: list[str]) -> None:
    lay = c.lay
    lay.space(40)
    lay.line(c.pick(["Tembusan:", "Tembusan disampaikan kepada Yth.:", "Tembusan :", "Tembusan Yth.:"]),
             size=42)
    for k, it in enumerate(items, 1):
        lay.line(f"{k}. {it}", x=lay.left, size=42)


def closing(c: Ctx) -> str:
    return c.pick([
        "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
        "Demikian kami sampaikan, atas perhatian Bapak/Ibu kami ucapkan terima kasih.",
        "Demikian surat ini kami sampaikan, atas perhatian dan kerja sama yang baik diucapkan terima kasih.",
        "Atas perhatian dan kerja sama Saudara, kami sampaikan terima kasih.",
    ])


def dinas_meta(nomor, d, hal, penerima, c: Ctx) -> dict:
    return {"nomor": nomor, "tanggal": d, "perihal": hal, "pengirim": DINAS, "penerima": penerima,
            "pihak": [DINAS, c.act.partner.name]}


def partner_meta(nomor, d, hal, c: Ctx) -> dict:
    return {"nomor": nomor, "tanggal": d, "perihal": hal, "pengirim": c.act.partner.name,
            "penerima": KEPALA_DINAS_JABATAN, "pihak": [c.act.partner.name, DINAS]}


def to_partner(c: Ctx) -> list[str]:
    return [c.act.partner.head_title]


def to_dinas(c: Ctx) -> list[str]:
    return c.pick([["Kepala Dinas Perpustakaan dan Kearsipan", "Kabupaten Balangan"],
                   ["Kepala Dinas Perpustakaan dan Kearsipan Kab. Balangan"]])


def partner_letter(c: Ctx, doc_type: str, hal: str, paras: list, lampiran: str = "-") -> dict:
    """A letter from the partner (desa or school) to the Dinas."""
    d = c.act.date_for(doc_type, c.rng)
    nomor = partner_nomor(c, d)
    c.act.numbers[doc_type] = nomor
    if c.style.get("v2"):
        hal, paras = _v2_letter(c, doc_type, hal, paras, d)
    kop_partner(c)
    letter_head(c, c.act.partner.place, d, nomor, hal, to_dinas(c), c.pick(["Paringin", "Tempat"]),
                lampiran=lampiran)
    body(c, paras)
    head = c.act.partner_head
    jab = f"{head.jabatan},"
    if c.style.get("v2") and variety.date_at_signature(c):
        c.lay.space(20)
        c.lay.line(variety.place_date(c, c.act.partner.place, d), x=int(c.lay.width * 0.55))
    sign_person(c, int(c.lay.width * 0.55), [jab] if len(jab) < 36 else _split_jabatan(head.jabatan), head)
    if c.maybe(0.3):
        tembusan(c, [f"Camat {c.act.partner.kecamatan}", "Arsip"])
    return partner_meta(nomor, d, hal, c)


def dinas_letter(c: Ctx, doc_type: str, step: int, hal: str, paras: list, lampiran: str = "-",
                 sifat: str | None = None, signer: Person | None = None, copies: list[str] | None = None,
                 nomor: str | None = None) -> dict:
    """A letter from the Dinas to the partner's head."""
    d = c.act.date_for(doc_type, c.rng)
    nomor = nomor or dinas_nomor(c, step, d)
    c.act.numbers[doc_type] = nomor
    if c.style.get("v2"):
        hal, paras = _v2_letter(c, doc_type, hal, paras, d)
    kop_dinas(c)
    letter_head(c, "Paringin", d, nomor, hal, to_partner(c), c.pick(["Tempat", c.act.partner.place]),
                sifat=sifat or c.pick(["Biasa", "Penting", "Biasa", "Segera"]), lampiran=lampiran)
    body(c, paras)
    signer = signer or c.act.kepala
    if c.style.get("v2") and variety.date_at_signature(c):
        c.lay.space(20)
        c.lay.line(variety.place_date(c, "Paringin", d), x=int(c.lay.width * 0.52))
    sign_dinas(c, signer, an=signer is not c.act.kepala)
    if copies is None:
        copies = c.pick([[f"Camat {c.act.partner.kecamatan}", "Arsip"], [f"Camat {c.act.partner.kecamatan}"],
                         ["Sekretaris Dinas Perpustakaan dan Kearsipan", "Arsip"], ["Arsip"]])
        if c.maybe(0.4):
            copies = []
    if copies:
        tembusan(c, copies)
    return dinas_meta(nomor, d, hal, c.act.partner.head_title, c)


def _v2_letter(c: Ctx, doc_type: str, hal: str, paras: list, d: dt.date) -> tuple[str, list]:
    """Harder generator: a longer perihal, an opening that cites another office's number, a centred title."""
    hal = variety.longer_hal(c, hal, d)
    c.options.setdefault("title", variety.CENTRED_TITLES.get(doc_type, "SURAT"))
    if c.style.get("cite") and doc_type not in ("surat_balasan", "surat_hasil_koordinasi"):
        para, cited = variety.cite_paragraph(c, d)
        c.options.setdefault("cited", []).append(cited)
        paras = [para] + list(paras)
    return hal, paras


def title_block(c: Ctx, lines: list[str], size: int = 52) -> None:
    """Centred bold title lines, each shrunk until it fits the text width."""
    for k, ln in enumerate(lines):
        fit = size
        while fit > 30 and text_width(ln, fit, "bold", c.lay.family) > c.lay.text_width:
            fit -= 2
        c.lay.line(ln, style="bold", size=fit, align="center", underline=(k == 0 and c.maybe(0.3)))
    c.lay.space(30)


# --------------------------------------------------------------------------- step 1
def undangan_sosialisasi(c: Ctx) -> dict:
    a, p = c.act, c.act.partner
    d = a.date_for("undangan_sosialisasi", c.rng)
    event = d + dt.timedelta(days=7)
    while event.weekday() >= 5:
        event += dt.timedelta(days=1)
    a.dates["daftar_hadir"] = event
    hal = c.pick(["Undangan Sosialisasi Program BuRT", "Undangan Sosialisasi Bu RT (Buku Rumah Tangga)",
                  f"Undangan Sosialisasi Program {BURT}", "Undangan Kegiatan Sosialisasi BuRT"])
    where = c.pick([f"Balai {p.name}" if p.kind == "desa" else f"Aula {p.short}",
                    f"Kantor {p.name}" if p.kind == "desa" else f"Ruang Perpustakaan {p.short}"])
    opening = c.pick([
        f"Dalam rangka meningkatkan minat baca dan budaya literasi masyarakat di Kabupaten Balangan, Dinas "
        f"Perpustakaan dan Kearsipan Kabupaten Balangan akan melaksanakan kegiatan Sosialisasi Program {BURT}.",
        f"Sehubungan dengan program inovasi {BURT} yang bertujuan mendekatkan bahan bacaan kepada keluarga di "
        f"desa, kami bermaksud mengadakan sosialisasi kepada aparatur dan masyarakat di wilayah Saudara.",
        f"Menindaklanjuti program kerja Dinas Perpustakaan dan Kearsipan Kabupaten Balangan Tahun {d.year} "
        f"di bidang pengembangan budaya gemar membaca, akan dilaksanakan Sosialisasi Program {BURT}.",
        f"Guna memperkenalkan program {BURT} kepada masyarakat, Dinas Perpustakaan dan Kearsipan Kabupaten "
        f"Balangan menyelenggarakan sosialisasi secara tatap muka di setiap kecamatan.",
    ])
    invite = c.pick([
        "Sehubungan dengan hal tersebut, kami mengundang Bapak/Ibu beserta perangkat dan pengelola perpustakaan "
        "untuk hadir pada:",
        "Untuk itu kami mohon kehadiran Bapak/Ibu pada kegiatan dimaksud yang akan dilaksanakan pada:",
        "Berkenaan dengan hal tersebut, dimohon kehadiran Saudara beserta perwakilan masyarakat pada:",
    ])
    info = (("Hari/Tanggal", f"{hari(event)}, {tanggal_panjang(event)}"),
            ("Pukul", c.pick(["09.00 WITA s.d. selesai", "08.30 WITA s.d. selesai", "09.30 WITA s.d. selesai",
                              "14.00 WITA s.d. selesai"])),
            ("Tempat", where),
            ("Acara", c.pick(["Sosialisasi Program BuRT", f"Sosialisasi Program {BURT}"])))
    paras: list = [opening, invite, info]
    if c.maybe(0.6):
        n = c.rng.choice([15, 20, 25, 30])
        paras.append(c.pick([
            f"Untuk kelancaran kegiatan, mohon kiranya Bapak/Ibu dapat menghadirkan peserta sebanyak {n} "
            f"({terbilang(n).lower()}) orang yang terdiri dari perangkat desa, kader PKK, tokoh masyarakat dan "
            f"pengelola perpustakaan.",
            f"Peserta kegiatan diharapkan berjumlah {n} ({terbilang(n).lower()}) orang, terdiri dari unsur "
            f"aparatur, guru, karang taruna dan masyarakat umum.",
        ]))
    paras.append(c.pick([
        "Mengingat pentingnya acara tersebut, kami harapkan kehadiran Bapak/Ibu tepat pada waktunya. Atas "
        "perhatian dan kerja samanya diucapkan terima kasih.",
        "Demikian undangan ini disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
        "Atas perhatian dan kehadiran Bapak/Ibu kami ucapkan terima kasih.",
    ]))
    return dinas_letter(c, "undangan_sosialisasi", 1, hal, paras, sifat=c.pick(["Penting", "Segera"]))


def daftar_hadir(c: Ctx) -> dict:
    a, p, lay = c.act, c.act.partner, c.lay
    d = a.date_for("daftar_hadir", c.rng)
    title = c.pick(["DAFTAR HADIR", "DAFTAR HADIR PESERTA", "DAFTAR HADIR", "ABSENSI PESERTA"])
    sub = c.pick(["SOSIALISASI PROGRAM BUKU RUMAH TANGGA (BuRT)", "SOSIALISASI PROGRAM BuRT"])
    lay.space(60)
    title_block(c, [title, sub, f"DI {p.name.upper()}"], size=50)
    lay.fields([("Hari/Tanggal", f"{hari(d)}, {tanggal_panjang(d)}"),
                ("Tempat", f"Balai {p.name}" if p.kind == "desa" else f"Aula {p.short}"),
                ("Pukul", c.pick(["09.00 WITA", "08.30 WITA", "09.30 WITA"]))], label_w=360)
    lay.space(30)
    roles = ([f"Perangkat {p.name}", "Ketua RT 01", "Ketua RT 02", "Kader PKK", "Tokoh Masyarakat",
              "Karang Taruna", "Pengelola Perpustakaan", "BPD", "Ibu Rumah Tangga", "Guru PAUD"]
             if p.kind == "desa" else
             ["Guru", "Wali Kelas", "Pustakawan Sekolah", "Komite Sekolah", "Orang Tua Siswa", "Tenaga Kependidikan"])
    names_pool = pool(TRAIN_NAMES, HELD_OUT_NAMES, c.held_out)
    n = c.rng.randint(10, 15)
    people = c.rng.sample(names_pool, min(n, len(names_pool)))
    rows = [[str(k), nm, c.rng.choice(roles), ""] for k, nm in enumerate(people, 1)]
    boxes = lay.table(c.pick([["No", "Nama", "Jabatan/Instansi", "Tanda Tangan"],
                              ["No.", "Nama Lengkap", "Instansi", "Paraf"]]), rows, [0.6, 3.2, 3.0, 2.2],
                      size=42, align=["center", "left", "left", "left"], min_row=95)
    for page, top, h, xs in boxes:
        page.items.append(SignatureItem(xs[3] + 30, top + 10, xs[4] - xs[3] - 80, h - 20, c.seed()))
    lay.space(40)
    kx = int(lay.width * 0.55)
    lay.line(date_text(p.place, d), x=kx)
    before = ["Mengetahui,", f"{a.partner_head.jabatan},"] if c.maybe() else ["Pelaksana Kegiatan,"]
    signer = a.partner_head if len(before) == 2 else a.staff[0]
    if len(before[1] if len(before) > 1 else "") > 36:
        before = [before[0]] + _split_jabatan(a.partner_head.jabatan)
    sign_person(c, kx, before, signer, with_stamp=False)
    return {"nomor": None, "tanggal": d, "perihal": "Daftar Hadir Sosialisasi Program BuRT",
            "pengirim": DINAS, "penerima": None, "pihak": [DINAS, p.name]}


def _report(c: Ctx, doc_type: str, title: list[str], sections: list[tuple[str, list]], signer: Person,
            perihal: str) -> dict:
    """A kegiatan report: kop, centred title, lettered sections, signature."""
    a, lay = c.act, c.lay
    d = a.date_for(doc_type, c.rng)
    kop_dinas(c)
    title_block(c, title, size=48)
    letters = "ABCDEFGH"
    for k, (head, paras) in enumerate(sections):
        lay.line(f"{letters[k]}. {head}", style="bold")
        for p in paras:
            if isinstance(p, tuple):  # ("table", headers, rows, widths)
                lay.table(p[1], p[2], p[3], size=40, x=lay.left + 70,
                          align=["center"] + ["left"] + ["center"] * (len(p[1]) - 2))
            elif isinstance(p, list):
                for j, item in enumerate(p, 1):
                    lay.para(item, indent=70, hang=f"{j}.", after=4)
                lay.space(10)
            else:
                lay.para(p, indent=70, first=c.style["first_indent"])
        lay.space(10)
    x = int(lay.width * 0.55)
    lay.space(20)
    lay.line(date_text("Paringin", d), x=x)
    jab = signer.jabatan
    sign_person(c, x, ["Pelaksana Kegiatan,"] if signer in a.staff else _split_jabatan(jab), signer,
                with_stamp=False)
    return {"nomor": None, "tanggal": d, "perihal": perihal, "pengirim": DINAS, "penerima": None,
            "pihak": [DINAS, a.partner.name]}


def laporan_sosialisasi(c: Ctx) -> dict:
    a, p = c.act, c.act.partner
    event = a.date_for("daftar_hadir", c.rng)
    n = c.rng.randint(18, 45)
    kk = c.rng.randint(8, n - 4)
    title = [c.pick(["LAPORAN KEGIATAN", "LAPORAN HASIL KEGIATAN", "LAPORAN PELAKSANAAN"]),
             "SOSIALISASI PROGRAM BUKU RUMAH TANGGA (BuRT)", f"DI {p.name.upper()}"]
    sections = [
        ("Latar Belakang", [c.pick([
            "Rendahnya minat baca masyarakat desa antara lain disebabkan oleh jauhnya akses terhadap bahan "
            "bacaan. Program Buku Rumah Tangga (BuRT) hadir untuk mendekatkan buku kepada keluarga melalui "
            "kerja sama dengan pemerintah desa dan sekolah.",
            "Perpustakaan desa dan kelurahan belum dimanfaatkan secara optimal karena letaknya kurang strategis "
            "dan koleksinya terbatas, sehingga diperlukan inovasi yang membawa buku langsung ke rumah tangga.",
            "Dalam upaya meningkatkan Indeks Pembangunan Literasi Masyarakat, Dinas Perpustakaan dan Kearsipan "
            "Kabupaten Balangan mengembangkan inovasi Buku Rumah Tangga (BuRT) yang menyasar keluarga di desa.",
        ])]),
        ("Dasar Pelaksanaan", [[
            "Undang-Undang Nomor 43 Tahun 2007 tentang Perpustakaan;",
            "RPJM Visi Misi Bupati Balangan Tahun 2021-2026;",
            f"Dokumen Pelaksanaan Anggaran Dinas Perpustakaan dan Kearsipan Kabupaten Balangan Tahun {event.year}.",
        ]]),
        ("Waktu dan Tempat", [f"Kegiatan dilaksanakan pada hari {hari(event)}, {tanggal_panjang(event)} "
                              f"bertempat di {'Balai ' + p.name if p.kind == 'desa' else 'Aula ' + p.short}."]),
        ("Peserta", [c.pick([
            f"Kegiatan diikuti oleh {n} orang peserta yang terdiri dari perangkat desa, kader PKK, tokoh "
            f"masyarakat dan pengelola perpustakaan.",
            f"Jumlah peserta yang hadir sebanyak {n} orang sebagaimana tercantum dalam daftar hadir terlampir.",
        ])]),
        ("Hasil Kegiatan", [[
            c.pick(["Peserta menunjukkan ketertarikan untuk ikut serta dalam Program BuRT.",
                    "Masyarakat menyambut baik program BuRT dan bersedia ikut serta.",
                    "Sebagian besar peserta menyatakan minat untuk bergabung dalam kegiatan BuRT."]),
            f"Sebanyak {kk} kepala keluarga mendaftar sebagai calon peminjam buku.",
            c.pick([f"Pemerintah {p.name} berencana mengajukan kerja sama secara tertulis.",
                    "Pihak mitra akan menyampaikan surat permohonan kerja sama dalam waktu dekat.",
                    f"{p.head_title} menyatakan kesediaan untuk menindaklanjuti dengan nota kesepahaman."]),
        ] + ([c.pick(["Peserta mengusulkan koleksi buku pertanian, keagamaan dan cerita anak.",
                      "Peserta meminta agar tersedia buku bacaan anak dan buku keterampilan ibu rumah tangga."])]
             if c.maybe(0.7) else [])]),
        ("Penutup", [c.pick([
            "Demikian laporan ini dibuat sebagai bahan pertimbangan pimpinan dalam menentukan tindak lanjut "
            "kegiatan.",
            "Demikian laporan kegiatan ini disampaikan untuk dapat dipergunakan sebagaimana mestinya.",
        ])]),
    ]
    return _report(c, "laporan_sosialisasi", title, sections, c.rng.choice(a.staff),
                   f"Laporan Kegiatan Sosialisasi Program BuRT di {p.name}")


# --------------------------------------------------------------------------- step 2
def surat_permohonan_kerja_sama(c: Ctx) -> dict:
    a, p = c.act, c.act.partner
    sos = a.date_for("daftar_hadir", c.rng)
    hal = c.pick(["Permohonan Kerja Sama Program BuRT", "Permohonan Kerjasama Program Bu RT",
                  "Permohonan Kerja Sama Buku Rumah Tangga", "Pengajuan Kerja Sama Program BuRT"])
    who = f"Pemerintah {p.name}" if p.kind == "desa" else f"{p.name}"
    paras = [
        c.pick([
            f"Menindaklanjuti kegiatan Sosialisasi Program {BURT} yang dilaksanakan pada tanggal "
            f"{tanggal_panjang(sos)} di {p.name}, dengan ini kami {who} bermaksud mengajukan permohonan kerja "
            f"sama dengan Dinas Perpustakaan dan Kearsipan Kabupaten Balangan.",
            f"Sehubungan dengan telah dilaksanakannya sosialisasi program BuRT pada tanggal {tanggal_panjang(sos)}, "
            f"kami {who} mengajukan permohonan untuk menjadi mitra kerja sama program tersebut.",
            f"Berdasarkan hasil sosialisasi Program {BURT} tanggal {tanggal_panjang(sos)}, {who} menyatakan "
            f"berminat untuk bekerja sama dalam penyediaan bahan bacaan bagi warga.",
        ]),
        c.pick(["Adapun bentuk kerja sama yang kami harapkan antara lain:",
                "Kerja sama yang kami mohonkan meliputi:",
                "Sebagai bahan pertimbangan, kami sampaikan rencana kerja sama sebagai berikut:"]),
        c.rng.sample([
            "peminjaman buku secara kolektif untuk warga melalui perpustakaan desa;",
            "penyaluran buku bacaan anak, keagamaan dan keterampilan;",
            "pembinaan pengelola perpustakaan dalam administrasi dan penataan koleksi;",
            "pendampingan kegiatan gemar membaca bagi keluarga;",
            "penyediaan rak dan pojok baca di balai desa;",
        ], 3),
    ]
    if c.maybe(0.5):
        paras.append(c.pick([
            f"Sebagai penanggung jawab kegiatan kami tunjuk Saudara {c.rng.choice(a.staff).name.split(',')[0]} "
            "selaku pengelola perpustakaan.",
            "Kami siap menyediakan tempat serta tenaga pengelola untuk mendukung kelancaran program ini.",
        ]))
    paras.append(closing(c))
    return partner_letter(c, "surat_permohonan_kerja_sama", hal, paras)


def nota_kesepahaman(c: Ctx) -> dict:
    a, p, lay = c.act, c.act.partner, c.lay
    d = a.date_for("nota_kesepahaman", c.rng)
    n1 = dinas_nomor(c, 2, d)
    n2 = partner_nomor(c, d)
    a.numbers["nota_kesepahaman"] = n1
    kind = c.pick(["NOTA KESEPAHAMAN", "PERJANJIAN KERJA SAMA", "KESEPAKATAN BERSAMA", "NOTA KESEPAKATAN"])
    party2 = f"PEMERINTAH {p.name.upper()}" if p.kind == "desa" else p.name.upper()
    topic = c.pick(["PELAKSANAAN PROGRAM BUKU RUMAH TANGGA (BuRT)",
                    "PENGEMBANGAN BUDAYA GEMAR MEMBACA MELALUI PROGRAM BuRT",
                    "PENYELENGGARAAN PROGRAM BUKU RUMAH TANGGA",
                    "KERJA SAMA LAYANAN PERPUSTAKAAN PROGRAM BuRT"])
    lay.add(LogoItem(lay.left, lay.y, 170))
    lay.add(LogoItem(lay.width - lay.right - 170, lay.y, 170, "pemda" if p.kind == "desa" else "sekolah"))
    lay.space(230)
    title_block(c, [kind, "ANTARA", "DINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN BALANGAN", "DENGAN", party2,
                    "TENTANG", topic], size=46)
    lay.line(f"NOMOR : {n1}", align="center")
    lay.line(f"NOMOR : {n2}", align="center")
    lay.space(40)
    place = c.pick(["Kantor Dinas Perpustakaan dan Kearsipan Kabupaten Balangan",
                    f"Balai {p.name}" if p.kind == "desa" else f"Ruang Kepala {p.short}",
                    "Paringin"])
    lay.para(f"Pada hari ini {date_words(d)}, bertempat di {place}, yang bertanda tangan di bawah ini:",
             first=c.style["first_indent"])
    k, h = a.kepala, a.partner_head
    lay.para(f"{k.name}, Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan, dalam hal ini bertindak "
             f"untuk dan atas nama Dinas Perpustakaan dan Kearsipan Kabupaten Balangan, selanjutnya disebut "
             f"PIHAK PERTAMA.", indent=60, hang="1.")
    lay.para(f"{h.name}, {h.jabatan}, dalam hal ini bertindak untuk dan atas nama "
             f"{'Pemerintah ' + p.name if p.kind == 'desa' else p.name}, selanjutnya disebut PIHAK KEDUA.",
             indent=60, hang="2.")
    if c.maybe(0.5):  # optional considerations and legal basis, as longer MoUs have
        lay.para(c.pick([
            "PARA PIHAK terlebih dahulu menerangkan hal-hal sebagai berikut:",
            "Dengan memperhatikan ketentuan peraturan perundang-undangan sebagai berikut:",
        ]), first=c.style["first_indent"])
        for j, item in enumerate([
                "Undang-Undang Nomor 43 Tahun 2007 tentang Perpustakaan;",
                "Peraturan Pemerintah Nomor 24 Tahun 2014 tentang Pelaksanaan Undang-Undang Nomor 43 Tahun 2007 "
                "tentang Perpustakaan;",
                "Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah;",
                "RPJM Visi Misi Bupati Balangan Tahun 2021-2026;"], 1):
            lay.para(item, indent=60, hang=f"{j}.", after=2)
        lay.space(12)
    lay.para(c.pick([
        "PIHAK PERTAMA dan PIHAK KEDUA yang selanjutnya secara bersama-sama disebut PARA PIHAK, sepakat untuk "
        "mengadakan kerja sama dengan ketentuan sebagai berikut:",
        "Selanjutnya PARA PIHAK sepakat mengikatkan diri dalam kerja sama dengan ketentuan sebagai berikut:",
        "PARA PIHAK terlebih dahulu menerangkan bahwa kerja sama ini dilandasi semangat membangun budaya gemar "
        "membaca, dan sepakat dengan ketentuan sebagai berikut:",
    ]), first=c.style["first_indent"])
    years = c.rng.choice([1, 2, 3])
    pasal = [
        ("MAKSUD DAN TUJUAN", [c.pick([
            "Maksud kerja sama ini adalah sebagai pedoman bagi PARA PIHAK dalam melaksanakan Program Buku Rumah "
            "Tangga (BuRT), dengan tujuan meningkatkan minat baca dan budaya literasi masyarakat.",
            "Kerja sama ini dimaksudkan untuk mendekatkan bahan bacaan kepada keluarga dan bertujuan "
            "tercapainya masyarakat gemar membaca.",
        ])]),
        ("RUANG LINGKUP", ["Ruang lingkup kerja sama ini meliputi:", [
            "sosialisasi program kepada masyarakat;", "peminjaman buku secara kolektif;",
            "penyaluran dan distribusi buku bacaan;", "pembinaan perpustakaan;",
            "pendampingan kegiatan literasi masyarakat."]]),
        ("TUGAS DAN TANGGUNG JAWAB", ["PIHAK PERTAMA berkewajiban:", [
            "menyediakan koleksi buku untuk dipinjamkan secara kolektif;",
            "memberikan pembinaan teknis pengelolaan perpustakaan;",
            "melakukan pemantauan dan evaluasi pelaksanaan program."],
            "PIHAK KEDUA berkewajiban:", [
            "menyediakan tempat dan tenaga pengelola;",
            "menjaga dan mengembalikan buku yang dipinjam dalam keadaan baik;",
            "menyampaikan laporan pemanfaatan buku setiap 3 (tiga) bulan."]]),
        ("JANGKA WAKTU", [f"Kerja sama ini berlaku selama {years} ({terbilang(years).lower()}) tahun sejak "
                          "ditandatangani dan dapat diperpanjang atas kesepakatan PARA PIHAK."]),
        ("PEMBIAYAAN", ["Biaya yang timbul dalam pelaksanaan kerja sama ini dibebankan pada anggaran masing-masing "
                        "PARA PIHAK sesuai ketentuan peraturan perundang-undangan."]),
        ("PENYELESAIAN PERSELISIHAN", ["Apabila terjadi perselisihan dalam pelaksanaan kerja sama ini, PARA PIHAK "
                                       "sepakat menyelesaikannya secara musyawarah dan mufakat."]),
        ("PENUTUP", [c.pick([
            "Nota kesepahaman ini dibuat dalam rangkap 2 (dua) bermeterai cukup, masing-masing mempunyai kekuatan "
            "hukum yang sama dan ditandatangani oleh PARA PIHAK.",
            "Kesepakatan ini dibuat dalam rangkap 2 (dua), masing-masing bermeterai cukup dan mempunyai kekuatan "
            "hukum yang sama.",
        ])]),
    ]
    if c.maybe(0.5):
        pasal.insert(4, ("PEMANTAUAN DAN EVALUASI", [c.pick([
            "PARA PIHAK melakukan pemantauan dan evaluasi pelaksanaan kerja sama ini paling sedikit 1 (satu) kali "
            "dalam 6 (enam) bulan.",
            "Pemantauan dan evaluasi dilaksanakan secara berkala oleh PIHAK PERTAMA bersama PIHAK KEDUA dan "
            "hasilnya dituangkan dalam laporan tertulis.",
        ])]))
    if c.maybe(0.5):
        pasal.insert(len(pasal) - 1, ("KORESPONDENSI", [
            "Setiap pemberitahuan dalam pelaksanaan kerja sama ini disampaikan secara tertulis kepada alamat "
            "berikut:",
            ["PIHAK PERTAMA: Dinas Perpustakaan dan Kearsipan Kabupaten Balangan, Jalan Jend. A. Yani Km. 3,5 "
             "Paringin;", f"PIHAK KEDUA: {p.name}, {p.address}."]]))
    if c.maybe(0.5):
        pasal.insert(len(pasal) - 1, ("PERUBAHAN", [
            "Hal-hal yang belum diatur dalam nota kesepahaman ini akan diatur kemudian oleh PARA PIHAK dalam "
            "perubahan (addendum) yang merupakan bagian tidak terpisahkan dari nota kesepahaman ini."]))
    if c.maybe(0.5):
        pasal.insert(6, ("KEADAAN KAHAR", ["PARA PIHAK dibebaskan dari tanggung jawab atas keterlambatan atau "
                                           "kegagalan pelaksanaan yang disebabkan oleh keadaan kahar."]))
    for num, (head, paras) in enumerate(pasal, 1):
        lay.ensure(lay.lh() * 4)
        lay.space(20)
        lay.line(f"Pasal {num}", style="bold", align="center")
        lay.line(head, style="bold", align="center")
        for para in paras:
            if isinstance(para, list):
                for j, item in enumerate(para, 1):
                    lay.para(item, indent=60, hang=f"{chr(96 + j)}.", after=2)
                lay.space(8)
            else:
                lay.para(para)
    lay.space(40)
    x1, x2 = lay.left, int(lay.width * 0.55)
    left = (x1, ["PIHAK PERTAMA,", "Kepala Dinas Perpustakaan", "dan Kearsipan Kabupaten Balangan,"], k.name,
            [k.pangkat, f"NIP {format_nip(k.nip, c.style['nip_spaced'])}"], c.seed())
    right_after = [h.pangkat, f"NIP {format_nip(h.nip, c.style['nip_spaced'])}"] if h.nip else []
    right = (x2, ["PIHAK KEDUA,", f"{h.jabatan},"], h.name, right_after, c.seed())
    meterai = c.pick([(False, True), (True, True), (True, False), (False, False)])
    lay.signatures([left, right], underline=c.style["underline"], stamp=c.stamp, meterai=meterai)
    return {"nomor": n1, "tanggal": d, "perihal": topic.title().replace("Burt", "BuRT").replace("(Burt)", "(BuRT)"),
            "pengirim": DINAS, "penerima": p.name, "pihak": [DINAS, p.name], "nomor_pihak_kedua": n2}


def surat_hasil_koordinasi(c: Ctx) -> dict:
    a, p = c.act, c.act.partner
    mou_d = a.date_for("nota_kesepahaman", c.rng)
    mou_n = a.numbers.get("nota_kesepahaman") or dinas_nomor(c, 2, mou_d)
    hal = c.pick(["Hasil Koordinasi Kerja Sama Program BuRT", "Penyampaian Hasil Koordinasi",
                  "Hasil Koordinasi Pelaksanaan Kerja Sama BuRT", "Hasil Rapat Koordinasi Program BuRT"])
    eks = c.rng.choice([50, 75, 100, 150])
    paras = [
        c.pick([
            f"Menindaklanjuti penandatanganan Nota Kesepahaman Nomor {mou_n} tanggal {tanggal_panjang(mou_d)}, "
            f"bersama ini kami sampaikan hasil koordinasi pelaksanaan Program {BURT} sebagai berikut:",
            f"Sehubungan dengan telah disepakatinya kerja sama antara Dinas Perpustakaan dan Kearsipan Kabupaten "
            f"Balangan dengan {p.name}, dengan ini disampaikan hasil koordinasi sebagai berikut:",
            f"Berdasarkan rapat koordinasi tindak lanjut Nota Kesepahaman Nomor {mou_n}, disampaikan hal-hal yang "
            f"telah disepakati sebagai berikut:",
        ]),
        [c.pick([f"Pojok baca BuRT ditempatkan di Balai {p.name}." if p.kind == "desa" else
                 f"Pojok baca BuRT ditempatkan di ruang perpustakaan {p.short}.",
                 f"Layanan BuRT dipusatkan di {p.library}."]),
         f"Peminjaman kolektif tahap pertama sebanyak {eks} eksemplar dengan masa pinjam 3 (tiga) bulan.",
         c.pick(["Pengelola perpustakaan mitra mencatat peminjaman warga pada buku induk peminjaman.",
                 "Pencatatan peminjaman dilakukan oleh pengelola perpustakaan setiap hari layanan."]),
         "Pembinaan perpustakaan akan dijadwalkan setelah penyaluran buku."],
    ]
    if c.maybe(0.5):
        paras.append(c.pick([
            "Untuk kelancaran pelaksanaan, mohon Saudara menunjuk petugas penghubung dan menyampaikan namanya "
            "kepada kami.",
            "Kami harapkan Saudara dapat segera menyampaikan surat permintaan peminjaman buku sesuai kebutuhan.",
        ]))
    paras.append(closing(c))
    return dinas_letter(c, "surat_hasil_koordinasi", 2, hal, paras, signer=c.pick([a.kepala, a.kabid]))


# --------------------------------------------------------------------------- step 3
def surat_permintaan_peminjaman(c: Ctx) -> dict:
    p = c.act.partner
    eks = c.rng.choice([50, 75, 100, 120, 150, 200])
    months = c.rng.choice([1, 2, 3])
    hal = c.pick(["Permohonan Peminjaman Buku Secara Kolektif", "Permintaan Peminjaman Buku Kolektif",
                  "Permohonan Peminjaman Koleksi Buku", "Peminjaman Buku Kolektif Program BuRT"])
    paras = [
        c.pick([
            f"Dalam rangka pelaksanaan Program {BURT} di {p.name}, dengan ini kami mengajukan permohonan "
            f"peminjaman buku secara kolektif dari Dinas Perpustakaan dan Kearsipan Kabupaten Balangan.",
            f"Sehubungan dengan meningkatnya minat baca warga setelah kegiatan BuRT, kami bermaksud meminjam "
            f"buku secara kolektif untuk dilayankan di {p.library}.",
            f"Menindaklanjuti kerja sama Program BuRT, kami mohon kiranya dapat dipinjamkan koleksi buku untuk "
            f"warga {p.name}.",
        ]),
        (("Jumlah", f"{eks} ({terbilang(eks).lower()}) eksemplar"),
         ("Jenis bacaan", c.pick(["buku anak, pertanian dan keagamaan", "cerita rakyat, keterampilan dan kesehatan",
                                  "fiksi, peternakan dan buku pelajaran", "buku anak dan keterampilan keluarga"])),
         ("Masa pinjam", f"{months} ({terbilang(months).lower()}) bulan")),
        c.pick([
            "Buku tersebut akan kami jaga dengan baik dan dikembalikan tepat waktu sesuai ketentuan yang berlaku.",
            "Kami bertanggung jawab atas keutuhan buku yang dipinjam selama masa peminjaman.",
        ]),
        closing(c),
    ]
    meta = partner_letter(c, "surat_permintaan_peminjaman", hal, paras)
    return meta


def surat_balasan(c: Ctx) -> dict:
    a, p = c.act, c.act.partner
    req_d = a.date_for("surat_permintaan_peminjaman", c.rng)
    req_n = a.numbers.get("surat_permintaan_peminjaman") or partner_nomor(c, req_d)
    d = a.date_for("surat_balasan", c.rng)
    take = d + dt.timedelta(days=c.rng.randint(3, 8))
    while take.weekday() >= 5:
        take += dt.timedelta(days=1)
    hal = c.pick(["Balasan Permohonan Peminjaman Buku", "Jawaban atas Permohonan Peminjaman Buku",
                  "Tanggapan Permohonan Peminjaman Kolektif", "Balasan Surat Permohonan Peminjaman"])
    paras = [
        c.pick([
            f"Menindaklanjuti surat Saudara Nomor {req_n} tanggal {tanggal_panjang(req_d)} perihal permohonan "
            f"peminjaman buku secara kolektif, dengan ini kami sampaikan bahwa pada prinsipnya kami menyetujui "
            f"permohonan tersebut.",
            f"Memperhatikan surat Saudara Nomor {req_n} tanggal {tanggal_panjang(req_d)}, dengan ini kami "
            f"sampaikan bahwa permohonan peminjaman buku kolektif untuk {p.name} dapat kami penuhi.",
            f"Membalas surat Saudara Nomor {req_n} tanggal {tanggal_panjang(req_d)} tentang peminjaman buku, "
            f"kami sampaikan bahwa permohonan tersebut disetujui dengan ketentuan sebagai berikut.",
        ]),
        c.pick(["Adapun ketentuan peminjaman adalah sebagai berikut:", "Ketentuan peminjaman sebagai berikut:"]),
        [f"buku dapat diambil pada tanggal {tanggal_panjang(take)} di Kantor Dinas Perpustakaan dan Kearsipan "
         f"Kabupaten Balangan;",
         "pengambilan dilakukan oleh petugas yang membawa surat tugas;",
         c.pick(["buku yang rusak atau hilang menjadi tanggung jawab peminjam;",
                 "kerusakan atau kehilangan buku wajib diganti dengan judul yang sama;"]),
         "daftar judul buku akan diserahkan bersama berita acara serah terima."],
        closing(c),
    ]
    return dinas_letter(c, "surat_balasan", 3, hal, paras, signer=c.pick([a.kepala, a.kepala, a.kabid]))


# --------------------------------------------------------------------------- step 4
def book_rows(c: Ctx, n: int) -> list[list[str]]:
    books = c.rng.sample(pool(TRAIN_BOOKS, HELD_OUT_BOOKS, c.held_out),
                         min(n, len(pool(TRAIN_BOOKS, HELD_OUT_BOOKS, c.held_out))))
    return [[str(k), t, au, pub, yr, str(c.rng.choice([2, 3, 5, 5, 10]))] for k, (t, au, pub, yr) in
            enumerate(books, 1)]


def daftar_judul_buku(c: Ctx) -> dict:
    a, p, lay = c.act, c.act.partner, c.lay
    if "berita_acara_serah_terima" in a.dates:  # the list is the BAST's lampiran: same day
        a.dates.setdefault("daftar_judul_buku", a.dates["berita_acara_serah_terima"])
    d = a.date_for("daftar_judul_buku", c.rng)
    if c.maybe(0.5):
        kop_dinas(c)
    else:
        lay.space(80)
    title_block(c, [c.pick(["DAFTAR JUDUL BUKU", "DAFTAR BUKU", "LIST JUDUL BUKU", "DAFTAR JUDUL BUKU BACAAN"]),
                    c.pick(["PENYALURAN BUKU PROGRAM BUKU RUMAH TANGGA (BuRT)", "PENYALURAN BUKU PROGRAM BuRT"]),
                    f"{p.library.upper()}"], size=46)
    if "berita_acara_serah_terima" in a.numbers and c.maybe(0.6):
        lay.line(f"Lampiran Berita Acara Nomor: {a.numbers['berita_acara_serah_terima']}", size=40)
        lay.space(10)
    rows = book_rows(c, c.options.get("rows") or c.rng.randint(11, 16))
    total = sum(int(r[5]) for r in rows)
    rows.append(["", "Jumlah", "", "", "", str(total)])
    lay.table(c.pick([["No", "Judul", "Pengarang", "Penerbit", "Tahun", "Eksemplar"],
                      ["No.", "Judul Buku", "Pengarang", "Penerbit", "Thn", "Jml. Eks."]]), rows,
              [0.55, 3.3, 2.2, 2.2, 0.9, 1.3], size=40,
              align=["center", "left", "left", "left", "center", "center"])
    x = int(lay.width * 0.55)
    lay.space(30)
    lay.line(date_text("Paringin", d), x=x)
    sign_person(c, x, ["Petugas Layanan,"], a.staff[0], with_stamp=False)
    return {"nomor": None, "tanggal": d, "perihal": "Daftar Judul Buku Penyaluran Program BuRT",
            "pengirim": DINAS, "penerima": p.name, "pihak": [DINAS, p.name], "judul": len(rows) - 1,
            "eksemplar": total}


def berita_acara_serah_terima(c: Ctx) -> dict:
    a, p, lay = c.act, c.act.partner, c.lay
    d = a.date_for("berita_acara_serah_terima", c.rng)
    nomor = c.pick([f"{KKA[4]}/{c.rng.randint(10, 300)}/BAST/DISPERSIP/{roman(d)}/{d.year}",
                    f"BA-{c.rng.randint(1, 90):03d}/DISPERSIP/{d.year}",
                    f"{KKA[4]}/{c.rng.randint(10, 300)}/BA/DISPERSIP/{d.year}",
                    f"{c.rng.randint(10, 300)}/BAST/Dispersip-Blg/{roman(d)}/{d.year}"])
    a.numbers["berita_acara_serah_terima"] = nomor
    judul = c.rng.randint(11, 16)
    eks = judul * c.rng.choice([3, 4, 5])
    kop_dinas(c)
    title_block(c, ["BERITA ACARA SERAH TERIMA BUKU", "PROGRAM BUKU RUMAH TANGGA (BuRT)"], size=50)
    lay.line(f"Nomor : {nomor}", align="center")
    lay.space(30)
    where = c.pick([f"Balai {p.name}" if p.kind == "desa" else p.name,
                    "Kantor Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"])
    lay.para(f"Pada hari ini {date_words(d)}, bertempat di {where}, kami yang bertanda tangan di bawah ini:",
             first=c.style["first_indent"])
    giver = a.kabid if c.maybe() else a.staff[0]
    h = a.partner_head
    lay.fields([("1. Nama", giver.name), ("NIP", format_nip(giver.nip, c.style["nip_spaced"])),
                ("Jabatan", giver.jabatan)], label_w=300, x=lay.left + 40)
    lay.para("Selanjutnya disebut PIHAK PERTAMA (yang menyerahkan).", indent=90)
    rows2 = [("2. Nama", h.name)] + ([("NIP", format_nip(h.nip, c.style["nip_spaced"]))] if h.nip else []) + \
        [("Jabatan", h.jabatan)]
    lay.fields(rows2, label_w=300, x=lay.left + 40)
    lay.para("Selanjutnya disebut PIHAK KEDUA (yang menerima).", indent=90)
    lay.para(c.pick([
        f"PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA buku bacaan Program BuRT sebanyak {judul} "
        f"({terbilang(judul).lower()}) judul atau {eks} ({terbilang(eks).lower()}) eksemplar sebagaimana daftar "
        f"terlampir, dan PIHAK KEDUA menyatakan telah menerima buku tersebut dalam keadaan baik.",
        f"PIHAK PERTAMA telah menyerahkan dan PIHAK KEDUA telah menerima {eks} ({terbilang(eks).lower()}) "
        f"eksemplar buku yang terdiri dari {judul} ({terbilang(judul).lower()}) judul sesuai daftar terlampir.",
        f"Dengan ini PIHAK PERTAMA menyerahkan buku sejumlah {judul} judul ({eks} eksemplar) kepada PIHAK KEDUA "
        f"untuk dilayankan kepada masyarakat melalui {p.library}.",
    ]), first=c.style["first_indent"])
    lay.para(c.pick([
        "Sejak ditandatanganinya berita acara ini, pemeliharaan dan pemanfaatan buku menjadi tanggung jawab "
        "PIHAK KEDUA.",
        "PIHAK KEDUA bertanggung jawab atas pemeliharaan buku dan melaporkan pemanfaatannya secara berkala.",
    ]), first=c.style["first_indent"])
    lay.para(c.pick([
        "Demikian berita acara ini dibuat dalam rangkap 2 (dua) untuk dipergunakan sebagaimana mestinya.",
        "Demikian berita acara serah terima ini dibuat dengan sebenarnya untuk dapat dipergunakan seperlunya.",
    ]), first=c.style["first_indent"])
    lay.space(30)
    x1, x2 = lay.left, int(lay.width * 0.55)
    left = (x1, ["PIHAK KEDUA,", "Yang Menerima,"], h.name,
            [f"NIP {format_nip(h.nip, c.style['nip_spaced'])}"] if h.nip else [], c.seed())
    right = (x2, ["PIHAK PERTAMA,", "Yang Menyerahkan,"], giver.name,
             [f"NIP {format_nip(giver.nip, c.style['nip_spaced'])}"], c.seed())
    lay.signatures([left, right], underline=c.style["underline"], stamp=False)
    if c.maybe(0.7):
        lay.space(10)
        lay.line("Mengetahui,", align="center")
        k = a.kepala
        cx = int(lay.width * 0.36)
        sign_person(c, cx, ["Kepala Dinas Perpustakaan dan Kearsipan", "Kabupaten Balangan,"], k)
    return {"nomor": nomor, "tanggal": d, "perihal": "Serah Terima Buku Program BuRT", "pengirim": DINAS,
            "penerima": p.name, "pihak": [DINAS, p.name], "judul": judul, "eksemplar": eks}


# --------------------------------------------------------------------------- step 5
def surat_permintaan_pembinaan(c: Ctx) -> dict:
    p = c.act.partner
    hal = c.pick(["Permohonan Pembinaan Perpustakaan", "Permintaan Pembinaan Perpustakaan Desa"
                  if p.kind == "desa" else "Permintaan Pembinaan Perpustakaan Sekolah",
                  "Permohonan Pembinaan Pengelolaan Perpustakaan", "Permohonan Bimbingan Teknis Perpustakaan"])
    paras = [
        c.pick([
            f"Sehubungan dengan telah diterimanya buku bacaan Program BuRT, dengan ini kami mohon kiranya "
            f"Dinas Perpustakaan dan Kearsipan Kabupaten Balangan dapat melaksanakan pembinaan terhadap "
            f"{p.library}.",
            f"Dalam rangka meningkatkan pengelolaan {p.library}, kami mengharapkan pembinaan dari Dinas "
            f"Perpustakaan dan Kearsipan Kabupaten Balangan.",
            f"Mengingat pengelola {p.library} belum pernah mendapatkan pelatihan, kami mohon bantuan pembinaan "
            f"perpustakaan dari Dinas Perpustakaan dan Kearsipan Kabupaten Balangan.",
        ]),
        c.pick(["Adapun materi pembinaan yang kami harapkan meliputi:", "Materi yang kami perlukan antara lain:",
                "Pembinaan yang kami mohonkan meliputi hal-hal berikut:"]),
        c.rng.sample(["administrasi dan pencatatan buku induk;", "pengolahan dan klasifikasi koleksi;",
                      "penataan rak dan ruang baca;", "layanan sirkulasi dan keanggotaan;",
                      "kegiatan promosi gemar membaca;", "penyusunan laporan pemanfaatan buku;"], 3),
        c.pick([
            "Mengenai waktu pelaksanaan, kami menyesuaikan dengan jadwal dari Dinas Perpustakaan dan Kearsipan.",
            "Waktu pelaksanaan kami serahkan kepada Bapak/Ibu dengan terlebih dahulu memberitahukan kepada kami.",
        ]),
        closing(c),
    ]
    return partner_letter(c, "surat_permintaan_pembinaan", hal, paras)


def jadwal_pembinaan(c: Ctx) -> dict:
    a, p, lay = c.act, c.act.partner, c.lay
    d = a.date_for("jadwal_pembinaan", c.rng)
    if c.maybe(0.6):
        kop_dinas(c)
    else:
        lay.space(100)
    title_block(c, [c.pick(["JADWAL KEGIATAN PEMBINAAN PERPUSTAKAAN", "JADWAL PEMBINAAN PERPUSTAKAAN",
                            "JADWAL PELAKSANAAN PEMBINAAN PERPUSTAKAAN", "RENCANA JADWAL PEMBINAAN PERPUSTAKAAN"]),
                    f"PROGRAM BUKU RUMAH TANGGA (BuRT) TAHUN {d.year}"], size=46)
    others = [q for q in pool(TRAIN_PARTNERS, HELD_OUT_PARTNERS, c.held_out) if q != p]
    sites = [p] + c.rng.sample(others, c.rng.randint(3, 5))
    materi = ["Administrasi perpustakaan", "Pengolahan bahan pustaka", "Penataan koleksi dan ruang baca",
              "Layanan sirkulasi", "Promosi gemar membaca", "Pelaporan pemanfaatan buku"]
    rows = []
    day = d + dt.timedelta(days=c.rng.randint(5, 10))
    for k, s in enumerate(sites, 1):
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        if s == p:
            a.dates["pembinaan_visit"] = day
        rows.append([str(k), f"{hari(day)}, {day:%d-%m-%Y}", c.rng.choice(["09.00-11.00", "09.00-12.00",
                                                                          "13.30-15.00"]),
                     s.library, c.rng.choice(materi), c.rng.choice(a.staff).name.split(",")[0]])
        day += dt.timedelta(days=c.rng.randint(1, 4))
    lay.table(c.pick([["No", "Hari/Tanggal", "Pukul", "Lokasi", "Materi", "Petugas"],
                      ["No.", "Hari, Tanggal", "Waktu", "Tempat", "Materi Pembinaan", "Pembina"]]), rows,
              [0.5, 2.0, 1.4, 2.6, 2.4, 1.7], size=38, align=["center", "left", "center", "left", "left", "left"])
    if c.maybe(0.6):
        lay.para(c.pick(["Catatan: jadwal dapat berubah menyesuaikan kondisi di lapangan.",
                         "Keterangan: petugas membawa surat tugas dan formulir penilaian perpustakaan."]), size=40)
    x = int(lay.width * 0.52)
    lay.space(20)
    lay.line(date_text("Paringin", d), x=x)
    sign_person(c, x, _split_jabatan(a.kabid.jabatan), a.kabid, with_stamp=False)
    return {"nomor": None, "tanggal": d, "perihal": "Jadwal Kegiatan Pembinaan Perpustakaan", "pengirim": DINAS,
            "penerima": None, "pihak": [DINAS, p.name]}


# --------------------------------------------------------------------------- step 6
def surat_koordinasi_pendampingan(c: Ctx) -> dict:
    a, p = c.act, c.act.partner
    d = a.date_for("surat_koordinasi_pendampingan", c.rng)
    event = d + dt.timedelta(days=c.rng.randint(7, 12))
    while event.weekday() >= 5:
        event += dt.timedelta(days=1)
    a.dates["pendampingan_visit"] = event
    kegiatan = c.pick(["Gerakan Keluarga Gemar Membaca", "lomba bercerita anak", "kelas literasi ibu rumah tangga",
                       "festival literasi desa", "pelatihan membaca nyaring bagi kader PKK", "bedah buku pertanian"])
    hal = c.pick(["Koordinasi Pendampingan Kegiatan Literasi", "Koordinasi Pendampingan Masyarakat",
                  "Koordinasi Kegiatan Pendampingan Program BuRT", "Rencana Pendampingan Kegiatan Gemar Membaca"])
    hp = f"0812-{c.rng.randint(5000, 5999)}-{c.rng.randint(1000, 9999)}"
    contact = a.staff[0].name.split(",")[0]
    paras = [
        c.pick([
            f"Dalam rangka pelaksanaan tahap pendampingan masyarakat pada Program {BURT}, Dinas Perpustakaan dan "
            f"Kearsipan Kabupaten Balangan bermaksud turut serta dalam kegiatan {kegiatan} di {p.name}.",
            f"Sebagai tindak lanjut kerja sama Program BuRT, kami merencanakan pendampingan kegiatan {kegiatan} "
            f"bersama masyarakat {p.name}.",
            f"Sehubungan dengan rencana kegiatan {kegiatan} di {p.name}, kami bermaksud melakukan pendampingan "
            f"secara langsung di lapangan.",
        ]),
        c.pick(["Untuk itu kami mohon koordinasi Saudara terkait hal-hal sebagai berikut:",
                "Sehubungan dengan hal tersebut, mohon dapat dipersiapkan:"]),
        [f"kegiatan direncanakan pada hari {hari(event)}, {tanggal_panjang(event)};",
         c.pick(["penyediaan tempat dan pengumpulan peserta;", "kehadiran warga dan pengelola perpustakaan;"]),
         c.pick(["data peminjam buku BuRT selama tiga bulan terakhir.",
                 "informasi jumlah warga yang aktif meminjam buku."])],
        f"Informasi lebih lanjut dapat menghubungi Saudara {contact} (HP {hp}).",
        closing(c),
    ]
    meta = dinas_letter(c, "surat_koordinasi_pendampingan", 6, hal, paras, signer=c.pick([a.kepala, a.kabid]))
    return meta


def laporan_pendampingan(c: Ctx) -> dict:
    a, p = c.act, c.act.partner
    event = a.dates.get("pendampingan_visit") or a.date_for("surat_koordinasi_pendampingan", c.rng) + \
        dt.timedelta(days=9)
    n = c.rng.randint(20, 60)
    pinjam = c.rng.randint(40, 260)
    title = [c.pick(["LAPORAN KEGIATAN PENDAMPINGAN MASYARAKAT", "LAPORAN PENDAMPINGAN MASYARAKAT",
                     "LAPORAN HASIL PENDAMPINGAN", "LAPORAN PELAKSANAAN PENDAMPINGAN"]),
             "PROGRAM BUKU RUMAH TANGGA (BuRT)", f"{p.name.upper()}"]
    sections = [
        ("Pendahuluan", [c.pick([
            "Pendampingan masyarakat merupakan tahap keenam Program BuRT, yaitu turut serta secara langsung dalam "
            "kegiatan literasi di desa mitra.",
            "Sesuai SOP Program BuRT, petugas terjun langsung ke lapangan untuk mendampingi kegiatan masyarakat "
            "yang berkaitan dengan gemar membaca.",
        ])]),
        ("Pelaksanaan", [f"Pendampingan dilaksanakan pada hari {hari(event)}, {tanggal_panjang(event)} di "
                         f"{p.name}, diikuti oleh {n} orang warga dan pengelola perpustakaan."]),
        ("Hasil Pendampingan", [[
            f"Jumlah peminjaman buku BuRT sejak penyaluran tercatat {pinjam} kali.",
            c.pick(["Warga aktif membaca di pojok baca setiap sore hari.",
                    "Anak-anak menjadi pengunjung terbanyak pada hari libur.",
                    "Ibu rumah tangga paling banyak meminjam buku keterampilan dan resep."]),
            c.pick(["Pencatatan peminjaman sudah tertib setelah pembinaan.",
                    "Buku induk peminjaman telah diisi dengan lengkap oleh pengelola."]),
        ]]),
    ]
    if c.maybe(0.6):  # a recap of loans since the books were handed over
        d0 = a.date_for("berita_acara_serah_terima", c.rng)
        months = []
        m, y = d0.month, d0.year
        while (y, m) <= (event.year, event.month) and len(months) < 4:
            months.append((m, y))
            m, y = (1, y + 1) if m == 12 else (m + 1, y)
        rows = []
        for k, (m, y) in enumerate(months, 1):
            rows.append([str(k), f"{MONTHS[m - 1]} {y}", str(c.rng.randint(6, 40)), str(c.rng.randint(10, 90))])
        sections[-1][1].append(("table", ["No", "Bulan", "Jumlah Peminjam", "Buku Dipinjam"], rows,
                                [0.6, 2.4, 2.0, 2.0]))
    sections += [
        ("Kendala", [c.pick([
            "Koleksi buku anak masih kurang dibandingkan jumlah peminat.",
            "Ruang baca sempit sehingga sebagian koleksi belum dapat dipajang.",
            "Sebagian buku kembali terlambat karena jarak rumah warga yang jauh.",
        ])]),
        ("Saran dan Tindak Lanjut", [c.pick([
            "Perlu penambahan koleksi buku anak dan rotasi koleksi setiap tiga bulan.",
            "Disarankan agar desa menganggarkan rak buku tambahan pada tahun anggaran berikutnya.",
            "Perlu kunjungan perpustakaan keliling secara berkala ke dusun yang jauh.",
        ])]),
        ("Penutup", ["Demikian laporan ini dibuat untuk dapat dipergunakan sebagaimana mestinya."]),
    ]
    return _report(c, "laporan_pendampingan", title, sections, c.rng.choice(a.staff),
                   f"Laporan Kegiatan Pendampingan Masyarakat di {p.name}")


# --------------------------------------------------------------------------- registers, other
AGENDA_SENDERS = [
    ("Sekretariat Daerah Kab. Balangan", "000.1.2/{n}/Setda/{y}"),
    ("BKPSDM Kab. Balangan", "800.1.11.13/{n}/BKPSDM/{y}"),
    ("Inspektorat Kab. Balangan", "700.1.1/{n}/Insp/{y}"),
    ("Dinas Pendidikan Kab. Balangan", "400.3/{n}/Disdik/{y}"),
    ("Perpustakaan Nasional RI", "B-{n}/3.2/PPM.03/{m:02d}/{y}"),
    ("BPKAD Kab. Balangan", "900.1.1/{n}/BPKAD/{y}"),
    ("Dinas Kominfo Kab. Balangan", "500.12/{n}/Diskominfo/{y}"),
    ("Camat Paringin", "005/{n}/Kec-Prg/{y}"),
    ("Bappelitbangda Kab. Balangan", "000.4/{n}/Bappelitbangda/{y}"),
]
AGENDA_PERIHAL = [
    "Undangan rapat koordinasi", "Permohonan data IPLM", "Pemberitahuan libur nasional", "Permohonan narasumber",
    "Penyampaian jadwal SPJ", "Undangan upacara hari jadi", "Permohonan kunjungan perpustakaan keliling",
    "Laporan pemanfaatan buku", "Permohonan pembinaan perpustakaan", "Penyampaian DPA", "Surat edaran disiplin",
    "Permohonan peminjaman buku", "Undangan bimbingan teknis", "Pengiriman peserta pelatihan",
    "Permohonan data arsip", "Penyampaian laporan realisasi", "Undangan Musrenbang kecamatan",
    "Permohonan kerja sama", "Pemberitahuan pemeliharaan jaringan", "Permohonan izin penelitian",
]
DITERUSKAN = ["Sekretaris", "Kabid Layanan", "Kabid Arsip", "Kasubbag Umum", "Kepala Dinas", "Kabid Layanan"]


def agenda_surat_masuk(c: Ctx) -> dict:
    a, lay = c.act, c.lay
    d = a.date_for("agenda_surat_masuk", c.rng)
    lay.space(40)
    title_block(c, [c.pick(["BUKU AGENDA SURAT MASUK", "AGENDA SURAT MASUK", "BUKU AGENDA SURAT MASUK",
                            "REGISTER SURAT MASUK"]),
                    f"DINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN BALANGAN TAHUN {d.year}"], size=44)
    lay.line(f"Bulan: {MONTHS[d.month - 1]} {d.year}", size=40)
    lay.space(10)
    n0 = c.rng.randint(40, 300)
    rows = []
    day = d - dt.timedelta(days=c.rng.randint(5, 9))
    while day.weekday() >= 5:  # the office receives letters on working days
        day += dt.timedelta(days=1)
    partner_rows = {c.rng.randint(2, 8) for _ in range(2)}
    for k in range(c.rng.randint(18, 24)):
        recv = day
        sent = recv - dt.timedelta(days=c.rng.randint(1, 5))
        if k in partner_rows or (k == 4 and "surat_permintaan_peminjaman" in a.numbers):
            sender = a.partner.name
            num = a.numbers.get("surat_permintaan_peminjaman") if k == 4 else None
            num = num or f"{c.rng.randint(3, 150)}/{a.partner.code}/{sent.year}"
            per = c.pick(["Permohonan peminjaman buku", "Permohonan pembinaan perpustakaan",
                          "Laporan pemanfaatan buku", "Permohonan kerja sama"])
            if k == 4 and "surat_permintaan_peminjaman" in a.numbers:
                sent = a.dates["surat_permintaan_peminjaman"]
                recv = max(recv, sent + dt.timedelta(days=1))
                per = "Permohonan peminjaman buku kolektif"
        else:
            sender, fmt = c.rng.choice(c.half(AGENDA_SENDERS))
            num = fmt.format(n=c.rng.randint(10, 900), y=sent.year, m=sent.month)
            per = c.rng.choice(c.half(AGENDA_PERIHAL))
        rows.append([str(n0 + k), f"{recv:%d-%m-%Y}", sender, num, f"{sent:%d-%m-%Y}", per,
                     c.rng.choice(DITERUSKAN)])
        if c.maybe(0.55):
            day += dt.timedelta(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
    lay.table(c.pick([["No. Agenda", "Tanggal Terima", "Asal Surat", "Nomor Surat", "Tanggal Surat", "Perihal",
                       "Diteruskan"],
                      ["No. Urut", "Tgl. Diterima", "Dari", "No. Surat", "Tgl. Surat", "Isi Ringkas", "Disposisi"]]),
              rows, [1.0, 1.35, 2.1, 2.5, 1.35, 2.4, 1.4], size=34,
              align=["center", "center", "left", "left", "center", "left", "left"], x=lay.left - 150)
    return {"nomor": None, "tanggal": dt.datetime.strptime(rows[0][1], "%d-%m-%Y").date(),
            "perihal": "Buku Agenda Surat Masuk", "pengirim": DINAS, "penerima": None, "pihak": [DINAS],
            "agenda_rows": len(rows)}


def lainnya(c: Ctx) -> dict:
    """An office letter unrelated to BuRT (leave, budget circular, ceremony, meeting, maintenance)."""
    a = c.act
    kind = c.pick(["cuti", "rapat", "edaran", "jaringan", "upacara", "rapat"])
    d = a.date_for("lainnya", c.rng)
    used = {a.kepala.name}
    staff = make_person(c.rng, "Pengadministrasi Umum", c.held_out, used=used)
    if kind == "cuti":
        days = c.rng.randint(3, 12)
        start = d + dt.timedelta(days=c.rng.randint(3, 10))
        hal = "Pemberian Cuti Tahunan"
        paras = [f"Berdasarkan permohonan Saudara tanggal {tanggal_panjang(d - dt.timedelta(days=3))}, dengan ini "
                 f"diberikan cuti tahunan untuk Tahun {d.year} kepada:",
                 (("Nama", staff.name), ("NIP", format_nip(staff.nip, c.style["nip_spaced"])),
                  ("Pangkat/Gol.", staff.pangkat), ("Jabatan", staff.jabatan)),
                 f"selama {days} ({terbilang(days).lower()}) hari kerja terhitung mulai tanggal "
                 f"{tanggal_panjang(start)}, dengan ketentuan sebelum menjalankan cuti wajib menyerahkan "
                 f"pekerjaannya kepada atasan langsung.",
                 "Demikian surat ini dibuat untuk dipergunakan sebagaimana mestinya."]
        to = [staff.name.split(",")[0]]
    elif kind == "edaran":
        hal = f"Batas Waktu Penyampaian SPJ Tahun Anggaran {d.year}"
        due = d + dt.timedelta(days=c.rng.randint(7, 20))
        paras = [f"Dalam rangka tertib administrasi keuangan Tahun Anggaran {d.year}, bersama ini disampaikan "
                 f"kepada seluruh bidang agar menyampaikan Surat Pertanggungjawaban (SPJ) kegiatan paling lambat "
                 f"tanggal {tanggal_panjang(due)}.",
                 ["SPJ dilengkapi kuitansi, nota dan dokumentasi kegiatan;",
                  "perjalanan dinas dilampiri surat tugas dan laporan singkat;",
                  "SPJ yang terlambat tidak dapat diproses pada bulan berjalan."],
                 "Demikian disampaikan untuk dilaksanakan dengan penuh tanggung jawab."]
        to = ["Kepala Bidang di Lingkungan", "Dinas Perpustakaan dan Kearsipan"]
    elif kind == "rapat":
        hal = "Undangan Rapat Evaluasi Kinerja Triwulan"
        when = d + dt.timedelta(days=c.rng.randint(3, 7))
        paras = ["Dalam rangka evaluasi capaian kinerja triwulan, kami mengundang Saudara untuk hadir pada:",
                 (("Hari/Tanggal", f"{hari(when)}, {tanggal_panjang(when)}"), ("Pukul", "13.30 WITA"),
                  ("Tempat", "Ruang Rapat Dinas Perpustakaan dan Kearsipan")),
                 "Mengingat pentingnya acara tersebut, diharapkan hadir tepat waktu."]
        to = ["Pejabat Struktural dan Fungsional", "Dinas Perpustakaan dan Kearsipan"]
    elif kind == "jaringan":
        hal = "Pemberitahuan Pemeliharaan Jaringan Internet"
        paras = [f"Diberitahukan bahwa pada tanggal {tanggal_panjang(d + dt.timedelta(days=4))} akan dilakukan "
                 "pemeliharaan jaringan internet kantor sehingga layanan daring perpustakaan tidak dapat diakses "
                 "sementara waktu.", "Atas perhatiannya diucapkan terima kasih."]
        to = ["Seluruh Pegawai", "Dinas Perpustakaan dan Kearsipan"]
    else:
        hal = f"Undangan Upacara Peringatan Hari Jadi Kabupaten Balangan ke-{d.year - 2003}"
        when = d + dt.timedelta(days=c.rng.randint(3, 9))
        paras = [f"Dalam rangka memperingati Hari Jadi Kabupaten Balangan ke-{d.year - 2003}, diharapkan kehadiran "
                 f"Saudara pada upacara bendera yang akan dilaksanakan pada:",
                 (("Hari/Tanggal", f"{hari(when)}, {tanggal_panjang(when)}"), ("Pukul", "07.30 WITA"),
                  ("Tempat", "Halaman Kantor Bupati Balangan"), ("Pakaian", "PDH Khaki")),
                 "Demikian disampaikan, atas perhatiannya diucapkan terima kasih."]
        to = ["Seluruh ASN dan Non ASN", "Dinas Perpustakaan dan Kearsipan"]
    nomor = c.pick([f"800.1.11.4/{c.rng.randint(10, 400)}/DISPERSIP/{d.year}",
                    f"900.1/{c.rng.randint(10, 400)}/Dispersip-Blg/{roman(d)}/{d.year}",
                    f"000.1.5/{c.rng.randint(10, 400)}/DISPERSIP/{roman(d)}/{d.year}",
                    f"005/{c.rng.randint(10, 400)}/Dispersip/{d.year}"])
    kop_dinas(c)
    letter_head(c, "Paringin", d, nomor, hal, to, "Tempat" if kind != "cuti" else "Paringin")
    body(c, paras)
    sign_dinas(c, a.kepala)
    return {"nomor": nomor, "tanggal": d, "perihal": hal, "pengirim": DINAS,
            "penerima": " ".join(to), "pihak": [DINAS]}


TEMPLATES = {name: globals()[name] for name in DOC_TYPES}
