"""Name pools for the sample generator: partners, people, ranks, book titles.

Every pool comes in two disjoint halves: ``TRAIN`` texts feed the committed samples and
training sets; ``HELD_OUT`` texts are only used by ``held_out=True`` so an evaluation never
sees a partner, person or title it was trained on.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

DINAS = "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"
KEPALA_DINAS_JABATAN = "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"


@dataclass(frozen=True)
class Partner:
    """A BuRT partner: a village (desa) or a school, with its own letterhead and numbering."""

    kind: str  # "desa" | "sekolah"; the harder generator adds the kinds of samples.partners.PARTNER_KINDS
    name: str  # "Desa Kusambi Hilir" / "SD Negeri Lok Batu"
    short: str  # "SDN Lok Batu" (how others write it)
    code: str  # number unit code: "DS-KH", "SDN-LB"
    kecamatan: str
    address: str
    village: str | None = None  # the desa/kelurahan a partner sits in (harder generator), e.g. "Desa Guha"
    head: str | None = None  # the head's title when it is not "Kepala <short>" (harder generator)

    @property
    def head_title(self) -> str:
        if self.head:
            return self.head
        return f"Kepala {self.name}" if self.kind == "desa" else f"Kepala {self.short}"

    @property
    def place(self) -> str:
        """The place name written before the date ("Kusambi Hilir, 3 April 2024")."""
        if self.village and self.kind in ("desa", "kelurahan", "perpustakaan_desa", "tbm"):
            return self.village.split(" ", 1)[1]
        return self.name.removeprefix("Desa ") if self.kind == "desa" else self.kecamatan

    @property
    def library(self) -> str:
        if self.kind in ("perpustakaan_desa", "tbm"):
            return self.short
        return f"Perpustakaan {self.name}" if self.kind == "desa" else f"Perpustakaan {self.short}"


def _desa(name: str, code: str, kec: str, street: str) -> Partner:
    return Partner("desa", f"Desa {name}", f"Desa {name}", code, kec,
                   f"{street}, Desa {name}, Kecamatan {kec}, Kabupaten Balangan")


def _school(name: str, short: str, code: str, kec: str, street: str) -> Partner:
    return Partner("sekolah", name, short, code, kec, f"{street}, Kecamatan {kec}, Kabupaten Balangan")


TRAIN_PARTNERS = [
    _desa("Kusambi Hilir", "DS-KH", "Paringin", "Jalan Desa Kusambi Hilir RT 02"),
    _desa("Lok Batu", "DS-LB", "Paringin", "Jalan Lok Batu RT 01"),
    _desa("Batu Piring", "DS-BP", "Paringin Selatan", "Jalan Poros Batu Piring No. 7"),
    _desa("Tanah Habang Kanan", "DS-THK", "Lampihong", "Jalan Tanah Habang Km. 2"),
    _desa("Halubau", "DS-HLB", "Paringin", "Jalan Halubau RT 03"),
    _desa("Awayan Hilir", "DS-AH", "Awayan", "Jalan Awayan Hilir No. 12"),
    _desa("Mampari", "DS-MPR", "Batumandi", "Jalan Mampari RT 04"),
    _desa("Halong", "DS-HLG", "Halong", "Jalan Sultan Adam, Halong"),
    _school("SD Negeri Lok Batu", "SDN Lok Batu", "SDN-LB", "Paringin", "Jalan Lok Batu No. 3"),
    _school("SMP Negeri 1 Paringin", "SMPN 1 Paringin", "SMPN1-PRG", "Paringin", "Jalan Jend. A. Yani Km. 1"),
    _school("SMA Negeri 1 Awayan", "SMAN 1 Awayan", "SMAN1-AWY", "Awayan", "Jalan Pendidikan No. 5"),
    _school("MI Darussalam Batumandi", "MI Darussalam", "MI-DS", "Batumandi", "Jalan Batumandi RT 02"),
    _school("SD Negeri Mampari", "SDN Mampari", "SDN-MPR", "Batumandi", "Jalan Mampari No. 9"),
]
HELD_OUT_PARTNERS = [
    _desa("Juai", "DS-JI", "Juai", "Jalan Poros Juai No. 4"),
    _desa("Tebing Tinggi", "DS-TT", "Tebing Tinggi", "Jalan Tebing Tinggi RT 01"),
    _desa("Lampihong Kanan", "DS-LK", "Lampihong", "Jalan Lampihong Kanan No. 2"),
    _desa("Mihu", "DS-MH", "Juai", "Jalan Mihu RT 05"),
    _desa("Bakalang", "DS-BKL", "Batumandi", "Jalan Bakalang RT 02"),
    _desa("Binjai Punggal", "DS-BJP", "Halong", "Jalan Binjai Punggal No. 8"),
    _desa("Galumbang", "DS-GLB", "Paringin Selatan", "Jalan Galumbang RT 03"),
    _school("SMP Negeri 1 Juai", "SMPN 1 Juai", "SMPN1-JUAI", "Juai", "Jalan Pendidikan Juai No. 1"),
    _school("SD Negeri Tebing Tinggi", "SDN Tebing Tinggi", "SDN-TT", "Tebing Tinggi", "Jalan Tebing Tinggi No. 6"),
    _school("SMA Negeri 1 Lampihong", "SMAN 1 Lampihong", "SMAN1-LPH", "Lampihong", "Jalan Lampihong Km. 3"),
    _school("MI Nurul Hidayah Halong", "MI Nurul Hidayah", "MI-NH", "Halong", "Jalan Halong RT 06"),
]

TRAIN_NAMES = [
    "Ahmad Rifani", "Muhammad Noor", "Siti Aisyah", "Rusmilawati", "Abdul Hadi", "Syahrani", "Norhayati",
    "Fahriannor", "Rahmadi", "Mahyuni", "Fitriani", "Akhmad Zaini", "Nurul Hidayah", "Muhammad Ridha",
    "Yusran", "Hairiyah", "Junaidi", "Khairunnisa", "Saufi", "Hamdan", "Jumiati", "Arbainah", "Ahmad Fauzi",
    "Rina Marlina", "Hasanudin", "Mardiana", "Rahmatullah", "Nor Jannah", "Fauzan Azima", "Rusdiansyah",
]
HELD_OUT_NAMES = [
    "Gusti Rahmat", "Masrani", "Salasiah", "Aliansyah", "Rabiatul Adawiyah", "Jumberi", "Saberi", "Mulyadi",
    "Herliani", "Muhammad Hasan", "Wahyudi", "Norlaila", "Bahrul Ilmi", "Erna Wati", "Syarifuddin",
    "Mariatul Kiptiah", "Ahmad Yani", "Nor Asiah", "Taufik Hidayat", "Lisa Purnamasari", "Irwansyah",
]
DEGREES = ["S.Sos.", "S.Pd.", "S.E.", "S.IP.", "S.Kom.", "M.Si.", "M.Pd.", "S.H.", "S.AP.", "A.Md."]
PANGKAT = [
    ("Pembina Utama Muda", "IV/c"), ("Pembina Tk. I", "IV/b"), ("Pembina", "IV/a"),
    ("Penata Tk. I", "III/d"), ("Penata", "III/c"), ("Penata Muda Tk. I", "III/b"), ("Penata Muda", "III/a"),
]

TRAIN_BOOKS = [
    ("Laskar Pelangi", "Andrea Hirata", "Bentang Pustaka", "2008"),
    ("Budidaya Ikan Patin di Kolam Terpal", "Khairul Amri", "Agromedia Pustaka", "2019"),
    ("Si Kancil dan Buaya", "Tim Bhuana Ilmu", "Bhuana Ilmu Populer", "2017"),
    ("Bertanam Karet Unggul", "Tim Penebar Swadaya", "Penebar Swadaya", "2016"),
    ("Cerita Rakyat Kalimantan Selatan", "Tajuddin Noor Ganie", "Grasindo", "2015"),
    ("Panduan Usaha Kue Tradisional", "Sri Wahyuni", "Gramedia", "2018"),
    ("Negeri 5 Menara", "Ahmad Fuadi", "Gramedia Pustaka Utama", "2009"),
    ("Kesehatan Ibu dan Anak", "Dewi Lestari Sari", "EGC", "2020"),
    ("Ensiklopedia Sains Anak", "Tim Erlangga", "Erlangga", "2018"),
    ("Beternak Ayam Kampung", "Bambang Krista", "Agromedia Pustaka", "2015"),
    ("Hikayat Lambung Mangkurat", "Syamsiar Seman", "Lembaga Pendidikan Banjar", "2012"),
    ("Matematika Itu Asyik", "Ridwan Hasan Saputra", "Republika", "2017"),
    ("Pengolahan Sampah Rumah Tangga", "Tim Penulis PS", "Penebar Swadaya", "2019"),
    ("Bumi", "Tere Liye", "Gramedia Pustaka Utama", "2014"),
    ("Kerajinan Anyaman Purun", "Hj. Nurhayati", "Pustaka Banua", "2021"),
    ("Tanaman Obat Keluarga", "Setiawan Dalimartha", "Penebar Swadaya", "2016"),
    ("Kisah Nabi untuk Anak", "Tim Mizan", "Mizan", "2018"),
    ("Dasar-Dasar Kewirausahaan Desa", "Agus Salim", "Deepublish", "2020"),
    ("Ayo Menabung Sejak Dini", "Nina Kurnia", "Tiga Serangkai", "2019"),
    ("Budidaya Padi Organik", "Andoko Agus", "Penebar Swadaya", "2015"),
    ("Kumpulan Doa Sehari-hari", "Tim Darul Ilmi", "Darul Ilmi", "2020"),
    ("Mengenal Hutan Kalimantan", "Rudi Hartono", "Kanisius", "2018"),
    ("Pertolongan Pertama di Rumah", "dr. Ratna Sari", "Gramedia", "2021"),
    ("Si Anak Kuat", "Tere Liye", "Republika", "2018"),
    ("Membuat Pupuk Kompos", "Yovita Hety", "Penebar Swadaya", "2014"),
    ("Permainan Tradisional Banjar", "Ahmad Rafiq", "Pustaka Banua", "2019"),
    ("Menjahit untuk Pemula", "Ratih Poeradisastra", "Gramedia", "2017"),
    ("Pintar Bahasa Inggris Anak", "Tim Erlangga", "Erlangga", "2020"),
    ("Sejarah Kerajaan Negara Dipa", "Sjarifuddin", "Lembaga Pendidikan Banjar", "2014"),
    ("Olahan Ikan Air Tawar", "Siti Rohani", "Agromedia Pustaka", "2018"),
]
HELD_OUT_BOOKS = [
    ("Ronggeng Dukuh Paruk", "Ahmad Tohari", "Gramedia Pustaka Utama", "2011"),
    ("Budidaya Jamur Tiram", "Cahyana", "Penebar Swadaya", "2014"),
    ("Dongeng Nusantara Pilihan", "Tim Kanak", "Kanak", "2019"),
    ("Menanam Padi Sawah Tadah Hujan", "Sutrisno", "Kanisius", "2013"),
    ("Sejarah Banjar", "M. Suriansyah Ideham", "Balitbangda Kalsel", "2003"),
    ("Resep Masakan Banjar", "Hj. Aluh Mastura", "Pustaka Banua", "2017"),
    ("Sang Pemimpi", "Andrea Hirata", "Bentang Pustaka", "2006"),
    ("Merawat Gizi Balita", "Annisa Rahmawati", "Andi Offset", "2021"),
    ("Atlas Indonesia dan Dunia", "Tim Cipta Karya", "Cipta Karya", "2020"),
    ("Mengelola Keuangan Keluarga", "Safir Senduk", "Elex Media Komputindo", "2016"),
    ("Petualangan di Sungai Barito", "Rini Arum", "Balai Pustaka", "2018"),
    ("Perpustakaan Desa: Panduan Praktis", "Sutarno NS", "Sagung Seto", "2008"),
]


def pool(train: list, held: list, held_out: bool) -> list:
    """The half of a pool that the mode may use."""
    return held if held_out else train


@dataclass(frozen=True)
class Person:
    """A signer: name with titles, jabatan, pangkat/golongan and NIP (None for non-civil servants)."""

    name: str
    jabatan: str
    pangkat: str | None = None
    nip: str | None = None


def make_nip(rng: random.Random, year_born: int | None = None) -> str:
    """An 18-digit NIP: birth date, month of appointment, gender digit, sequence."""
    born = dt.date(year_born or rng.randint(1968, 1992), rng.randint(1, 12), rng.randint(1, 28))
    appointed = (born.year + rng.randint(23, 30), rng.randint(1, 12))
    return f"{born:%Y%m%d}{appointed[0]}{appointed[1]:02d}{rng.randint(1, 2)}{rng.randint(1, 15):03d}"


def format_nip(nip: str, spaced: bool) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if spaced else nip


def make_person(rng: random.Random, jabatan: str, held_out: bool, civil: bool = True, senior: bool = False,
                used: set[str] | None = None) -> Person:
    """A random person from the mode's name pool; ``used`` avoids repeating a name in one document."""
    names = [n for n in pool(TRAIN_NAMES, HELD_OUT_NAMES, held_out) if not used or n not in used]
    base = rng.choice(names)
    if used is not None:
        used.add(base)
    name = base
    if rng.random() < 0.3:
        female = base.split()[0] in {"Siti", "Rusmilawati", "Norhayati", "Fitriani", "Nurul", "Hairiyah",
                                     "Khairunnisa", "Jumiati", "Arbainah", "Rina", "Mardiana", "Nor",
                                     "Salasiah", "Rabiatul", "Herliani", "Norlaila", "Erna", "Mariatul",
                                     "Lisa", "Mahyuni"}
        name = ("Hj. " if female else "H. ") + name
    if civil:
        name = f"{name}, {rng.choice(DEGREES)}"
        if senior and rng.random() < 0.5:
            name = f"{name.rstrip('.')}., {rng.choice(['M.Si.', 'M.AP.', 'M.Pd.'])}".replace("..,", ".,")
        rank = rng.choice(PANGKAT[:3] if senior else PANGKAT[2:])
        return Person(name, jabatan, f"{rank[0]} ({rank[1]})", make_nip(rng))
    return Person(name, jabatan)


def terbilang(n: int) -> str:
    """Indonesian number words, capitalised per word as in berita acara ("Dua Puluh Empat")."""
    units = ["", "Satu", "Dua", "Tiga", "Empat", "Lima", "Enam", "Tujuh", "Delapan", "Sembilan", "Sepuluh",
             "Sebelas"]
    if n < 12:
        return units[n]
    if n < 20:
        return f"{units[n - 10]} Belas"
    if n < 100:
        return f"{units[n // 10]} Puluh {units[n % 10]}".strip()
    if n < 200:
        return f"Seratus {terbilang(n - 100)}".strip()
    if n < 1000:
        return f"{units[n // 100]} Ratus {terbilang(n % 100)}".strip()
    if n < 2000:
        return f"Seribu {terbilang(n - 1000)}".strip()
    return f"{terbilang(n // 1000)} Ribu {terbilang(n % 1000)}".strip()


def tanggal_panjang(d: dt.date) -> str:
    """ "12 Maret 2024" """
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def hari(d: dt.date) -> str:
    return DAYS[d.weekday()]
