"""Generated table pages with their cells as truth (issue 15): a daftar judul buku, a daftar hadir,
a jadwal or a buku agenda page, ruled (the Layout's grid) or unruled (the same table with its
rules left out), for tests and ``bench/tables.py``.

``table_page(kind, seed, ruled=...)`` lays out a title, the table (header wording drawn from the
variants offices use) and a signature line, and returns the clean 300 dpi page image with the
rows as the reader should give them (dates ISO).  Apply ``samples.capture.capture`` for a capture
kind.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from samples.layout import Layout, RuleItem, render_page
from samples.pools import DAYS, TRAIN_BOOKS, TRAIN_NAMES, TRAIN_PARTNERS

KINDS = ("buku", "hadir", "jadwal", "agenda")

HEADERS = {
    "buku": [["No", "Judul", "Pengarang", "Penerbit", "Tahun", "Eksemplar"],
             ["No.", "Judul Buku", "Pengarang", "Penerbit", "Thn", "Jml. Eks."],
             ["No", "Judul Buku", "Penulis", "Penerbit", "Tahun", "Jumlah"]],
    "hadir": [["No", "Nama", "Jabatan/Instansi", "Tanda Tangan"], ["No.", "Nama Lengkap", "Instansi", "Paraf"],
              ["No", "Nama Peserta", "Jabatan", "Tanda Tangan"]],
    "jadwal": [["No", "Hari/Tanggal", "Pukul", "Lokasi", "Materi", "Petugas"],
               ["No.", "Hari, Tanggal", "Waktu", "Tempat", "Materi Pembinaan", "Pembina"]],
    "agenda": [["No. Agenda", "Tgl Terima", "Asal Surat", "Nomor Surat", "Tgl Surat", "Perihal"],
               ["No", "Tanggal Terima", "Dari", "No. Surat", "Tanggal Surat", "Perihal"]],
}
# the reader's column for each header position
COLUMNS = {
    "buku": ("no", "judul", "pengarang", "penerbit", "tahun", "eksemplar"),
    "hadir": ("no", "nama", "jabatan", None),
    "jadwal": ("no", "tanggal", "waktu", "lokasi", "kegiatan", "petugas"),
    "agenda": ("nomor_agenda", "tanggal_terima", "asal_tujuan", "nomor_surat", "tanggal_surat", "perihal"),
}
WIDTHS = {"buku": [0.55, 3.3, 2.2, 2.2, 0.9, 1.3], "hadir": [0.6, 3.2, 3.0, 2.2],
          "jadwal": [0.5, 2.0, 1.4, 2.6, 2.4, 1.7], "agenda": [0.9, 1.3, 2.2, 2.6, 1.3, 2.6]}
TITLES = {"buku": "DAFTAR JUDUL BUKU", "hadir": "DAFTAR HADIR PESERTA", "jadwal": "JADWAL PEMBINAAN PERPUSTAKAAN",
          "agenda": "BUKU AGENDA SURAT MASUK"}
ROLES = ["Kader PKK", "Tokoh Masyarakat", "Ketua RT 01", "Guru PAUD", "Pengelola Perpustakaan", "Karang Taruna"]
MATERI = ["Administrasi perpustakaan", "Pengolahan bahan pustaka", "Layanan sirkulasi", "Promosi gemar membaca"]
PERIHAL = ["Permohonan peminjaman buku", "Undangan rapat koordinasi", "Laporan pemanfaatan buku",
           "Permohonan pembinaan perpustakaan", "Penyampaian jadwal kegiatan"]


@dataclass(frozen=True)
class TablePage:
    kind: str
    ruled: bool
    image: Image.Image
    headers: list[str]
    rows: list[dict[str, str]]  # truth: the reader's columns -> value (dates ISO)
    texts: list[list[str]]  # the cells as printed, row by row (what plain OCR sees)
    hand: tuple[tuple[int, str], ...] = ()  # (row, column) of the cells filled in by hand (not in ``rows``)


def _date(d: dt.date) -> str:
    return f"{d:%d-%m-%Y}"


def _rows(kind: str, rng: random.Random, n: int) -> tuple[list[list[str]], list[dict[str, str]]]:
    printed: list[list[str]] = []
    truth: list[dict[str, str]] = []
    day = dt.date(2024, rng.randint(1, 10), rng.randint(1, 20))
    if kind == "buku":
        for k, (title, author, publisher, year) in enumerate(rng.sample(TRAIN_BOOKS, n), 1):
            copies = str(rng.choice([2, 3, 5, 10]))
            printed.append([str(k), title, author, publisher, year, copies])
    elif kind == "hadir":
        for k, name in enumerate(rng.sample(TRAIN_NAMES, n), 1):
            printed.append([str(k), name, rng.choice(ROLES), ""])
    elif kind == "jadwal":
        for k, partner in enumerate(rng.sample(TRAIN_PARTNERS, n), 1):
            day += dt.timedelta(days=rng.randint(1, 4))
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            printed.append([str(k), f"{DAYS[day.weekday()]}, {_date(day)}", rng.choice(["09.00-11.00", "13.30-15.00"]),
                            partner.name, rng.choice(MATERI), rng.choice(TRAIN_NAMES)])
    else:
        first = rng.randint(100, 300)
        for k in range(n):
            sent = day - dt.timedelta(days=rng.randint(1, 6))
            partner = rng.choice(TRAIN_PARTNERS)
            nomor = f"{rng.choice(['470', '045', '005'])}/{rng.randint(10, 300)}/{partner.code}/2024"
            printed.append([str(first + k), _date(day), partner.name, nomor, _date(sent), rng.choice(PERIHAL)])
            day += dt.timedelta(days=rng.randint(0, 2))
    for cells in printed:
        row = {}
        for col, text in zip(COLUMNS[kind], cells):
            if col is None or not text:
                continue
            if col in ("tanggal_terima", "tanggal_surat"):
                d, m, y = text.split("-")
                text = f"{y}-{m}-{d}"
            elif col == "tanggal":
                d, m, y = text.split(", ")[1].split("-")
                text = f"{y}-{m}-{d}"
            row[col] = text
        truth.append(row)
    return printed, truth


# columns a clerk fills in by hand on a pre-printed form (never the row number)
HAND_COLUMNS = {"buku": ("judul", "pengarang", "eksemplar"), "hadir": ("nama", "jabatan"),
                "jadwal": ("waktu", "lokasi", "petugas"), "agenda": ("asal_tujuan", "nomor_surat", "perihal")}


def table_page(kind: str, seed: int | str, ruled: bool = True, n: int | None = None,
               handwritten: int = 0) -> TablePage:
    """One page holding a ``kind`` table (see the module docstring); ``handwritten`` body cells
    (of ``HAND_COLUMNS``) are written with a pen instead of printed: cursive-like strokes, no text,
    left out of ``rows`` and listed in ``hand``."""
    if kind not in KINDS:
        raise ValueError(f"unknown table kind {kind!r}; expected one of {', '.join(KINDS)}")
    rng = random.Random(f"table-{kind}-{seed}")
    n = n or rng.randint(6, 10)
    printed, truth = _rows(kind, rng, n)
    headers = rng.choice(HEADERS[kind])
    hand_rng = random.Random(f"hand-{kind}-{seed}")
    spots = [(r, c) for r in range(len(printed)) for c, col in enumerate(COLUMNS[kind]) if col in HAND_COLUMNS[kind]]
    hand = sorted(hand_rng.sample(spots, min(handwritten, len(spots))))
    shown = [[("" if (r, c) in hand else text) for c, text in enumerate(row)] for r, row in enumerate(printed)]
    lay = Layout(paper="A4", family=rng.choice(["serif", "sans"]))
    lay.space(60)
    lay.line(TITLES[kind], align="center", size=48, style="bold")
    lay.line("Program Buku Rumah Tangga (BuRT) Tahun 2024", align="center", size=42)
    lay.space(40)
    size = 38 if kind in ("jadwal", "agenda") else 40
    boxes = lay.table(headers, shown, WIDTHS[kind], size=size, min_row=90 if kind == "hadir" else 0)
    lay.space(80)
    lay.line(f"Paringin, {rng.randint(1, 28)} Mei 2024", x=int(lay.width * 0.55))
    pages = [p for p in lay.pages if p.items]
    page = pages[0]
    if not ruled:
        page.items[:] = [i for i in page.items if not isinstance(i, RuleItem)]
    image = render_page(page)
    for r, c in hand:
        _, top, height, xs = boxes[r]
        draw_handwriting(image, (xs[c], top, xs[c + 1], top + height), size, hand_rng)
        truth[r].pop(COLUMNS[kind][c], None)
    return TablePage(kind, ruled, image, headers, truth, shown,
                     tuple((r, str(COLUMNS[kind][c])) for r, c in hand))


def draw_handwriting(image: Image.Image, box: tuple[int, int, int, int], size: int, rng: random.Random) -> None:
    """Cursive-like pen writing inside a cell ``box``: one to three joined words of loops of
    uneven height and slant (some with ascenders), blue-black ink, as a clerk fills in a form."""
    draw = ImageDraw.Draw(image)
    ink = rng.choice([(20, 30, 110), (15, 15, 40), (30, 40, 140)])
    x0, y0, x1, y1 = box
    x = x0 + size * 0.4
    base = y0 + min(y1 - y0, size * 2.2) * 0.5 + size * 0.25
    xh = size * rng.uniform(0.35, 0.5)
    slant = rng.uniform(0.1, 0.35)
    for _ in range(rng.randint(1, 3)):
        letters = rng.randint(3, 7)
        width = letters * xh * rng.uniform(0.8, 1.1)
        if x + width > x1 - size * 0.3:
            break
        pts = []
        steps = letters * 16
        for k in range(steps + 1):
            t = k / steps
            phase = t * letters * 2 * math.pi
            tall = 2.2 if int(t * letters) % rng.choice([3, 4, 5]) == 0 else 1.0
            h = xh * tall * (0.5 - 0.5 * math.cos(phase))
            pts.append((x + t * width + h * slant + 0.18 * xh * math.sin(phase), base - h + rng.uniform(-1, 1)))
        draw.line(pts, fill=ink, width=rng.randint(3, 4), joint="curve")
        x += width + xh * rng.uniform(0.8, 1.4)
