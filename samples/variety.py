"""Layout variety of the harder generator: letter layouts, kop styles, label spellings, citations.

The layouts follow the kinds seen on real Indonesian official letters (tata naskah dinas and
what offices actually print): the number block under the kop at the left, the number on the
same row as place and date, number block and addressee side by side, the date moved to the
signature, and a centred title with its number. Every factor has a tuning half and a held-out
half (``FACTORS``); a document records the values it drew in ``style["factors"]``.

Only documents made with ``harder=True`` come here; the classic generator (and the committed
samples) never call this module, so their bytes do not change.
"""
from __future__ import annotations

import datetime as dt
import random

from samples.layout import Layout, LogoItem, text_width, wrap
from samples.pools import MONTHS, ROMAN, tanggal_panjang

# factor -> (tuning values, held-out values); the two halves never share a value
FACTORS: dict[str, tuple[tuple, tuple]] = {
    "layout": (("A_block_left", "B_date_on_nomor_row", "C_yth_right", "T1_centred_title"),
               ("D_side_by_side", "E_date_at_signature", "T2_centred_title")),
    "kop": (("logo_left_4line", "logo_above_2line"), ("logo_left_2line", "logo_above_4line", "no_logo_3line")),
    "nomor_label": (("Nomor :", "Nomor:"), ("No. :", "NOMOR :")),
    "perihal_label": (("Hal :", "Perihal :"), ("Perihal:", "PERIHAL :")),
    "date_format": (("d Bulan yyyy",), ("dd Bulan yyyy", "d BULAN yyyy")),
    "addressee": (("Yth.", "Kepada / Yth."), ("Kepada Yth.", "Kepada Yth. / di-")),
    "family": (("serif", "sans"), ("dejavu", "serif_bold_kop")),
    "paper": (("A4",), ("F4",)),
}


def factor_values(name: str, held_out: bool) -> tuple:
    return FACTORS[name][int(held_out)]


def style_v2(rng: random.Random, held_out: bool) -> dict:
    """The harder generator's style: one value of every factor from the mode's half."""
    f = {name: rng.choice(factor_values(name, held_out)) for name in FACTORS}
    family = "serif" if f["family"] == "serif_bold_kop" else f["family"]
    return {
        "v2": True, "factors": f, "letter": f["layout"], "kop": f["kop"], "family": family, "paper": f["paper"],
        # the classic template code reads these keys too
        "labels": ("Nomor", "Sifat", "Lampiran", "Hal"), "yth": "Yth.", "date_flush": rng.random() < 0.5,
        "date_place": True, "first_indent": rng.choice([0, 90] if not held_out else [0, 120]),
        "nip_spaced": rng.random() < 0.3, "underline": rng.random() < 0.7,
        "two_line_perihal": rng.random() < 0.45, "cite": rng.random() < 0.5,
    }


# --------------------------------------------------------------------------- dates
def date_v2(c, d: dt.date) -> str:
    fmt = c.style["factors"]["date_format"]
    if fmt == "dd Bulan yyyy":
        return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"
    if fmt == "d BULAN yyyy":
        return f"{d.day} {MONTHS[d.month - 1].upper()} {d.year}"
    return tanggal_panjang(d)


def place_date(c, place: str, d: dt.date) -> str:
    return f"{place}, {date_v2(c, d)}"


# --------------------------------------------------------------------------- kop
def kop_generic(c, big: list[str], small: list[str], logo_kind: str = "pemda") -> None:
    """A letterhead in the document's kop style: logo left or centred above; 2, 3 or 4 lines."""
    lay: Layout = c.lay
    style = c.style["kop"]
    bold_size = 60 if c.style["factors"]["family"] == "serif_bold_kop" else 54
    big = big[-2:]  # two bold name lines, then 0, 1 or 2 small address lines
    small = [] if style.endswith("2line") else small[:1] if style.endswith("3line") else small[:2]
    logo = 180
    if style.startswith("logo_above"):
        lay.add(LogoItem(int(lay.width / 2 - logo / 2), lay.y, logo, logo_kind))
        lay.space(logo + 40)
        x, width = lay.left, lay.text_width
    elif style.startswith("logo_left"):
        lay.add(LogoItem(lay.left - 40, lay.y + 10, logo, logo_kind))
        x = lay.left + logo
        width = lay.width - lay.right - x
    else:
        x, width = lay.left, lay.text_width
    for k, ln in enumerate(big):
        size = bold_size if k < len(big) - 1 else bold_size + 8
        while size > 34 and text_width(ln, size, "bold", lay.family) > width:
            size -= 2
        lay.line(ln, x=x, width=width, size=size, style="bold", align="center")
    for ln in small:
        size = 36
        while size > 26 and text_width(ln, size, "reg", lay.family) > width:
            size -= 2
        lay.line(ln, x=x, width=width, size=size, align="center")
    if style.startswith("logo_left") and lay.y < lay.top + logo + 30:
        lay.y = lay.top + logo + 30
    lay.space(8)
    lay.rule(double=c.rng.random() < 0.7)


def kop_dinas_v2(c) -> None:
    kop_generic(c, ["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN"],
                ["Jalan Jend. A. Yani Km. 3,5 Paringin, Kabupaten Balangan 71618",
                 "Telepon (0526) 2028145 Pos-el dispersip@balangankab.go.id"])


def partner_kop_lines(p) -> tuple[list[str], list[str], str]:
    """Big lines, small lines and logo kind of a partner's letterhead."""
    contact = f"Kecamatan {p.kecamatan}, Kabupaten Balangan"
    if p.kind == "desa":
        return ([f"KECAMATAN {p.kecamatan.upper()}", f"PEMERINTAH {p.name.upper()}"], [p.address, contact], "pemda")
    if p.kind == "kelurahan":
        return ([f"KECAMATAN {p.kecamatan.upper()}", p.name.upper()], [p.address, contact], "pemda")
    if p.kind == "kecamatan":
        return (["PEMERINTAH KABUPATEN BALANGAN", p.name.upper()], [p.address, "Kode Pos 71661"], "pemda")
    if p.kind == "sekolah":
        parent = ("KEMENTERIAN AGAMA KABUPATEN BALANGAN" if p.name.startswith(("MI ", "MTs "))
                  else "DINAS PENDIDIKAN KABUPATEN BALANGAN")
        return ([parent, p.name.upper()], [p.address, "NPSN 3030" + str(len(p.name) * 37 % 9000 + 1000)],
                "sekolah")
    if p.kind == "pondok_pesantren":
        return ([f"YAYASAN {p.short.upper().replace('PONPES ', '')}", p.name.upper()], [p.address, contact],
                "sekolah")
    if p.kind == "perpustakaan_desa":
        return ([f"PEMERINTAH {(p.village or '').upper()}", p.short.upper()], [p.address, contact], "pemda")
    if p.kind == "tbm":
        return (["TAMAN BACAAN MASYARAKAT", p.short.upper().replace("TBM ", "")], [p.address, contact], "sekolah")
    return ([p.name.upper(), "KABUPATEN BALANGAN"], [p.address, "Surel: literasi.balangan@gmail.com"], "sekolah")


def kop_partner_v2(c) -> None:
    big, small, logo = partner_kop_lines(c.act.partner)
    kop_generic(c, big, small, logo)


# --------------------------------------------------------------------------- the number block
def _label(c, which: str) -> tuple[str, str]:
    """(label text, colon mode) for a row: 'column' (aligned colon) or 'attached' ("Nomor:")."""
    f = c.style["factors"]
    spelled = f["nomor_label"] if which == "nomor" else f["perihal_label"] if which == "hal" else None
    if spelled is None:  # Sifat / Lampiran follow the nomor label's colon habit
        mode = "attached" if f["nomor_label"] == "Nomor:" else "column"
        name = {"sifat": "Sifat", "lampiran": "Lampiran"}[which]
        return (name.upper() if f["nomor_label"].isupper() else name, mode)
    if spelled.endswith(" :"):
        return spelled[:-2], "column"
    return spelled[:-1], "attached"


def number_rows(c, lay: Layout, rows: list[tuple[str, str]], x: int, max_x: int, right: str | None = None,
                label_w: int = 250) -> None:
    """Label/value rows; ``rows`` are (which, value) with which in nomor/sifat/lampiran/hal.

    The value wraps inside [value x, max_x]; ``right`` (a place and date) sits on row one at the right margin.
    """
    size = lay.size
    for k, (which, value) in enumerate(rows):
        label, mode = _label(c, which)
        if mode == "attached":
            head = f"{label}:"
            val_x = x + int(text_width(head + " ", size, "reg", lay.family))
            val_x = max(val_x, x + label_w // 2)
        else:
            head = label
            val_x = x + label_w + int(size * 0.6)
        reserve = text_width(right, size, "reg", lay.family) + 60 if right and k == 0 else 0
        avail = max_x - val_x - reserve
        if which == "hal" and c.style.get("two_line_perihal") and text_width(value, size, "reg", lay.family) > 300:
            avail = min(avail, int(text_width(value, size, "reg", lay.family) * 0.62))
        # a number wider than its column breaks after a slash, as a typist's table cell does (a side-by-side
        # addressee block leaves the number only the left part of the line; it never runs into that block)
        vlines = _wrap(value, avail, size, lay.family, break_long=which == "nomor") or [""]
        lay.ensure(lay.lh(size) * len(vlines))
        lay.put(x, head, size)
        if mode == "column":
            lay.put(x + label_w, ":", size)
        for j, vl in enumerate(vlines):
            lay.put(val_x, vl, size)
            if k == 0 and j == 0 and right:
                lay.put(lay.width - lay.right - text_width(right, size, "reg", lay.family), right, size)
            lay.y += lay.lh(size)


def _wrap(text: str, width: float, size: int, family: str, break_long: bool = False) -> list[str]:
    return wrap(text, width, size, "reg", family, break_long=break_long)


def addressee_block(c, lay: Layout, addressee: list[str], where: str, x: int) -> None:
    style = c.style["factors"]["addressee"]
    ind = int(text_width("Yth. ", lay.size, "reg", lay.family))
    if style in ("Kepada / Yth.",):
        lay.line("Kepada", x=x)
        first = f"Yth. {addressee[0]}"
    elif style.startswith("Kepada Yth."):
        first = f"Kepada Yth. {addressee[0]}"
        ind = int(text_width("Kepada Yth. ", lay.size, "reg", lay.family))
    else:
        first = f"Yth. {addressee[0]}"
    lay.para(first, indent=x - lay.left, justify=False, after=0)
    for ln in addressee[1:]:
        lay.para(ln, indent=x - lay.left + ind, justify=False, after=0)
    lay.line("di-" if style.endswith("di-") else "di", x=x)
    lay.line(where, x=x + 90)


CENTRED_TITLES = {
    "undangan_sosialisasi": "SURAT UNDANGAN", "surat_permohonan_kerja_sama": "SURAT PERMOHONAN",
    "surat_permintaan_peminjaman": "SURAT PERMOHONAN", "surat_permintaan_pembinaan": "SURAT PERMOHONAN",
    "surat_balasan": "SURAT PEMBERITAHUAN", "surat_hasil_koordinasi": "SURAT PEMBERITAHUAN",
    "surat_koordinasi_pendampingan": "SURAT PEMBERITAHUAN",
}


def letter_head_v2(c, place: str, d: dt.date, nomor: str, hal: str, addressee: list[str], where: str,
                   sifat: str = "Biasa", lampiran: str = "-", title: str = "SURAT") -> None:
    """Date, number block and addressee in one of the mode's layouts (see FACTORS["layout"])."""
    lay = c.lay
    layout = c.style["letter"]
    date_str = place_date(c, place, d)
    col = int(lay.width * 0.56)
    right_edge = lay.width - lay.right
    rows = [("nomor", nomor), ("sifat", sifat), ("lampiran", lampiran), ("hal", hal)]
    if layout == "A_block_left":
        lay.line(date_str, align="right")
        lay.space(20)
        number_rows(c, lay, rows, lay.left, right_edge)
        lay.space(50)
        addressee_block(c, lay, addressee, where, lay.left)
    elif layout == "B_date_on_nomor_row":
        number_rows(c, lay, rows, lay.left, right_edge, right=date_str)
        lay.space(50)
        addressee_block(c, lay, addressee, where, lay.left)
    elif layout == "C_yth_right":
        lay.line(date_str, x=col)
        lay.space(20)
        addressee_block(c, lay, addressee, where, col)
        lay.space(30)
        number_rows(c, lay, rows, lay.left, right_edge)
    elif layout == "D_side_by_side":
        lay.line(date_str, x=col)
        lay.space(10)
        top, page = lay.y, lay.page
        addressee_block(c, lay, addressee, where, col)
        bottom = lay.y
        lay.y = top
        number_rows(c, lay, [r for r in rows if r[0] != "sifat"], lay.left, col - 50, label_w=230)
        lay.y = max(lay.y, bottom)
        if lay.page is page:  # read as written: the number block, then the addressee beside it
            page.blocks.append((top, lay.y, (col,)))
    elif layout == "E_date_at_signature":
        number_rows(c, lay, [r for r in rows if r[0] != "sifat"], lay.left, right_edge)
        lay.space(50)
        addressee_block(c, lay, addressee, where, lay.left)
    else:  # centred title with its number
        lay.space(10)
        lay.line(title, style="bold", align="center", underline=True)
        label, mode = _label(c, "nomor")
        sep = " : " if mode == "column" else ": "
        if layout == "T2_centred_title":
            label = label.upper()
        lay.line(f"{label}{sep}{nomor}", align="center")
        lay.space(30)
        if layout == "T2_centred_title":
            lay.line(date_str, align="right")
            lay.space(10)
        number_rows(c, lay, [("lampiran", lampiran), ("hal", hal)], lay.left, right_edge)
        lay.space(40)
        addressee_block(c, lay, addressee, where, lay.left)
    lay.space(40)


def date_at_signature(c) -> bool:
    """Layouts that print the place and date above the signature instead of at the top."""
    return c.style["letter"] in ("E_date_at_signature", "T1_centred_title")


# --------------------------------------------------------------------------- bodies citing other numbers
OTHER_SENDERS = {
    False: [("Sekretariat Daerah Kabupaten Balangan", "000.1.2/{n}/Setda/{r}/{y}"),
            ("Dinas Pendidikan Kabupaten Balangan", "400.3/{n}/Disdik/{y}"),
            ("Perpustakaan Nasional RI", "B-{n}/3.2/PPM.03/{m:02d}/{y}")],
    True: [("Bappelitbangda Kabupaten Balangan", "000.4/{n}/Bappelitbangda/{r}/{y}"),
           ("Dinas Perpustakaan Provinsi Kalimantan Selatan", "041/{n}/DPK-KS/{y}"),
           ("Inspektorat Kabupaten Balangan", "700.1.1/{n}/Insp/{y}")],
}
CITE_TOPICS = {False: ["pelaksanaan gerakan gemar membaca", "pengembangan perpustakaan desa",
                       "penguatan literasi masyarakat"],
               True: ["peningkatan indeks literasi masyarakat", "pembinaan perpustakaan umum",
                      "pemerataan layanan perpustakaan"]}


def cited_number(c, d: dt.date) -> tuple[str, str, dt.date]:
    """Another office's letter (sender, nomor, date) for a body to cite."""
    sender, fmt = c.rng.choice(OTHER_SENDERS[c.held_out])
    when = d - dt.timedelta(days=c.rng.randint(6, 40))
    nomor = fmt.format(n=c.rng.randint(10, 900), y=when.year, m=when.month, r=ROMAN[when.month - 1])
    return sender, nomor, when


def cite_paragraph(c, d: dt.date) -> tuple[str, str]:
    """An opening that cites another letter's number and date; returns (paragraph, cited nomor)."""
    sender, nomor, when = cited_number(c, d)
    topic = c.rng.choice(CITE_TOPICS[c.held_out])
    para = c.pick([
        f"Menindaklanjuti surat {sender} Nomor {nomor} tanggal {date_v2(c, when)} perihal {topic}, "
        f"bersama ini kami sampaikan hal sebagai berikut.",
        f"Memperhatikan surat {sender} Nomor: {nomor} tanggal {date_v2(c, when)} tentang {topic}, "
        f"dengan ini disampaikan hal-hal sebagai berikut.",
        f"Merujuk surat {sender} nomor {nomor} tertanggal {date_v2(c, when)} mengenai {topic}, "
        f"kami sampaikan hal berikut.",
        f"Sehubungan dengan surat {sender} Nomor {nomor}, tanggal {date_v2(c, when)}, hal {topic}, "
        f"bersama ini kami beritahukan hal berikut.",
    ])
    return para, nomor


PERIHAL_TAILS = {False: [" Tahun {y}", " di Wilayah {kec}"], True: [" Tahun Anggaran {y}", " Kecamatan {kec}"]}


def longer_hal(c, hal: str, d: dt.date) -> str:
    """A perihal made longer (it then spreads over two lines in a narrow value column)."""
    if not c.style.get("two_line_perihal"):
        return hal
    tail = c.rng.choice(PERIHAL_TAILS[c.held_out]).format(y=d.year, kec=c.act.partner.kecamatan)
    return hal + tail
