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
import random
from dataclasses import dataclass

from PIL import Image

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


def table_page(kind: str, seed: int | str, ruled: bool = True, n: int | None = None) -> TablePage:
    """One page holding a ``kind`` table (see the module docstring)."""
    if kind not in KINDS:
        raise ValueError(f"unknown table kind {kind!r}; expected one of {', '.join(KINDS)}")
    rng = random.Random(f"table-{kind}-{seed}")
    n = n or rng.randint(6, 10)
    printed, truth = _rows(kind, rng, n)
    headers = rng.choice(HEADERS[kind])
    lay = Layout(paper="A4", family=rng.choice(["serif", "sans"]))
    lay.space(60)
    lay.line(TITLES[kind], align="center", size=48, style="bold")
    lay.line("Program Buku Rumah Tangga (BuRT) Tahun 2024", align="center", size=42)
    lay.space(40)
    size = 38 if kind in ("jadwal", "agenda") else 40
    lay.table(headers, printed, WIDTHS[kind], size=size, min_row=90 if kind == "hadir" else 0)
    lay.space(80)
    lay.line(f"Paringin, {rng.randint(1, 28)} Mei 2024", x=int(lay.width * 0.55))
    pages = [p for p in lay.pages if p.items]
    page = pages[0]
    if not ruled:
        page.items[:] = [i for i in page.items if not isinstance(i, RuleItem)]
    return TablePage(kind, ruled, render_page(page), headers, truth, printed)
