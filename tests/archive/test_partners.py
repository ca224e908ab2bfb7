"""Partner normalisation: should-match and should-not-match lists."""
import pytest

from archive.partners import (
    PartnerRegister,
    best_match,
    is_own_office,
    is_partner_name,
    normalise_partner,
    same_partner,
    seed_register,
)

SHOULD_MATCH = [
    ("Desa Lok Batu", "Ds. Lokbatu"),
    ("Desa Lok Batu", "LOK BATU"),
    ("Desa Lok Batu", "Pemerintah Desa Lok Batu"),
    ("Desa Lok Batu", "Kepala Desa Lok Batu Kecamatan Batumandi"),
    ("Desa Lok Batu", "Kepada Yth. Kepala Desa Lok Batu di Tempat"),
    ("Desa Lok Batu", "Pemdes Lok-Batu"),
    ("Desa Lok Batu", "Desa Lok Batv"),  # one OCR slip in a seven-letter name
    ("Perpustakaan Desa Kusambi Hilir", "Desa Kusambi Hilir"),
    ("SD Negeri 1 Paringin", "SDN 01 Paringin"),
    ("SD Negeri 1 Paringin", "Sekolah Dasar Negeri 1 Paringin"),
    ("Perpustakaan SDN 1 Paringin", "SDN 1 Paringin"),
    ("Kel. Paringin Timur", "Kelurahan Paringin Timur"),
    ("TBM Cahaya Ilmu", "Taman Bacaan Masyarakat Cahaya Ilmu"),
    ("SMPN 2 Awayan", "SMP Negeri 2 Awayan, Kab. Balangan"),
]

SHOULD_NOT_MATCH = [
    ("Lok Batu", "Batu Piring"),
    ("Desa Lok Batu", "Desa Lok Batu Hulu"),
    ("SDN 1 Paringin", "SDN 2 Paringin"),
    ("Desa Paringin", "SDN 1 Paringin"),
    ("Desa Juai", "Desa Juat"),  # short names must match exactly
    ("Desa Halong", "Kelurahan Halong"),
    ("SMPN 2 Awayan", "SMAN 2 Awayan"),
    ("", "Desa Lok Batu"),
]


@pytest.mark.parametrize("a,b", SHOULD_MATCH)
def test_same_partner(a, b):
    assert same_partner(a, b)
    assert same_partner(b, a)


@pytest.mark.parametrize("a,b", SHOULD_NOT_MATCH)
def test_different_partner(a, b):
    assert not same_partner(a, b)
    assert not same_partner(b, a)


def test_one_key_for_the_spellings_with_a_kind():
    keys = {normalise_partner(n).key for n in ("Desa Lok Batu", "Ds. Lokbatu", "Pemerintah Desa Lok Batu")}
    assert keys == {"desa:lokbatu"}
    assert normalise_partner("Desa Lok Batu").label == "Desa Lok Batu"
    assert normalise_partner("SDN 01 Paringin").label == "SD 1 Paringin"


def test_best_match_picks_the_same_partner_only():
    known = ["Desa Batu Piring", "Desa Lok Batu", "SDN 1 Paringin"]
    assert best_match("LOK BATU", known)[0] == "Desa Lok Batu"
    assert best_match("Desa Tebing Tinggi", known) == (None, 0.0)


@pytest.mark.parametrize("name,own", [
    ("Dinas Perpustakaan dan Kearsipan Kabupaten Balangan", True),
    ("Kepala Dinas Perpustakaan dan Kearsipan", True),
    ("Desa Lok Batu", False),
    ("", False),
])
def test_own_office(name, own):
    assert is_own_office(name, "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan") is own


@pytest.mark.parametrize("name", ["Kabupaten Balangan", "di Paringin", "Provinsi Kalimantan Selatan"])
def test_an_address_alone_is_no_partner(name):
    assert normalise_partner(name).core == ""


@pytest.mark.parametrize("text,expected", [
    ("PEMERINTAH DESA LOK BATU\nKECAMATAN BATUMANDI\nNomor : 1/2024", "PEMERINTAH DESA LOK BATU"),
    ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nKepada Yth.\nKepala SD Negeri 2 Awayan",
     "Kepala SD Negeri 2 Awayan"),
    ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nDengan hormat", None),
])
def test_partner_in_text(text, expected):
    from archive.partners import partner_in_text

    assert partner_in_text(text, "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan") == expected


@pytest.mark.parametrize("text,partner,expected", [
    ("Kegiatan di Desa Kusambi  Hilir, Kecamatan Paringin", "Desa Kusambi Hilir", True),
    ("KUSAMBI-HILIR", "Desa Kusambi Hilir", True),
    ("Perpustakaan SD Negeri 01 Paringin", "SDN 1 Paringin", True),
    ("Perpustakaan SD Negeri 2 Paringin", "SDN 1 Paringin", False),
    ("Kegiatan di Desa Juai", "Desa Juai", True),  # a short name right after its kind word
    ("Kecamatan Juai, Kabupaten Balangan", "Desa Juai", False),  # ... of another kind
    ("perjuaian", "Desa Juai", False),  # alone, a short name is too likely inside other words
    ("Desa Pulau Soni\nKecamatan Paringin Selatan", "Kecamatan Paringin Selatan", False),  # an address line
    ("Tembusan:\n1. Camat Halong", "Kecamatan Halong", False),  # a copy, not the partner
    ("Desa Batu Piring", "Desa Lok Batu", False),
])
def test_mentions_partner(text, partner, expected):
    from archive.partners import mentions_partner

    assert mentions_partner(text, partner) is expected


@pytest.mark.parametrize("text,several", [
    ("Sosialisasi di Desa Kusambi Hilir. Desa Kusambi Hilir Menyatakan siap.", False),
    ("1 | Senin | Perpustakaan Desa Kusambi | Promosi\n2 | Selasa | Perpustakaan SD Negeri Lok Batu | Layanan\n"
     "3 | Rabu | Perpustakaan Desa Halong | Sirkulasi", True),
    ("SDN 1 Paringin dan SDN 2 Paringin", True),
    ("tanpa nama mitra", False),
])
def test_names_several_partners(text, several):
    from archive.partners import names_several_partners

    assert names_several_partners(text) is several


# ---------------------------------------------------------------- every partner kind (issue 17)

SHOULD_MATCH_KINDS = [
    ("Kecamatan Lampihong", "Camat Lampihong"),
    ("Kecamatan Tebing Tinggi", "Kec. Tebing Tinggi"),
    ("Kecamatan Juai", "Pemerintah Kecamatan Juai"),
    ("Kelurahan Batu Piring", "Lurah Batu Piring"),
    ("Kelurahan Batu Piring", "Perpustakaan Kelurahan Batu Piring"),
    ("SD Negeri 3 Tebing Tinggi", "SDN 3 Tebing Tinggi"),
    ("SD Negeri 3 Tebing Tinggi", "Kepala Sekolah SD Negeri 03 Tebing Tinggi"),
    ("SMP Negeri 2 Juai", "SMPN 2 Juai"),
    ("MI Al Furqan Guha", "Madrasah Ibtidaiyah Al Furqan Guha"),
    ("MTs Negeri 1 Awayan", "MTsN 1 Awayan"),
    ("Pondok Pesantren Al Ikhlas", "Ponpes Al Ikhlas"),
    ("Pondok Pesantren Al Ikhlas", "Pimpinan Pondok Pesantren Al Ikhlas"),
    ("Perpustakaan Desa Bina Cendekia, Desa Guha", "Perpustakaan Desa Bina Cendekia"),
    ("Perpustakaan Desa Bina Cendekia, Desa Guha", "PERPUSTAKAAN DESA BINA CENDEKIA DESA GUHA"),
    ("Perpustakaan Desa Bina Cendekia, Desa Guha", "Desa Guha"),  # the desa and its village library
    ("Taman Bacaan Masyarakat Pelangi Pagi", "Ketua TBM Pelangi Pagi"),
    ("Komunitas Literasi Sungai Pinang", "Ketua Komunitas Literasi Sungai Pinang"),
]

SHOULD_NOT_MATCH_KINDS = [
    ("Kecamatan Paringin", "Kecamatan Paringin Selatan"),
    ("Kecamatan Halong", "Desa Halong"),
    ("Kelurahan Guha", "Desa Guha"),
    ("SD Negeri 3 Tebing Tinggi", "SD Negeri 4 Tebing Tinggi"),
    ("SDN 3 Tebing Tinggi", "SMPN 3 Tebing Tinggi"),
    ("MI Al Furqan Guha", "MTs Al Furqan Guha"),
    ("Pondok Pesantren Al Ikhlas", "Pondok Pesantren Al Furqan"),
    ("Perpustakaan Desa Bina Cendekia, Desa Guha", "Perpustakaan Desa Sumber Ilmu, Desa Guha"),
    ("Perpustakaan Desa Bina Cendekia, Desa Guha", "Desa Lok Batu"),
    ("TBM Pelangi Pagi", "Komunitas Pelangi Pagi"),
    ("Komunitas Literasi Sungai Pinang", "Komunitas Literasi Sungai Raya"),
]


@pytest.mark.parametrize("a,b", SHOULD_MATCH_KINDS)
def test_same_partner_every_kind(a, b):
    assert same_partner(a, b) and same_partner(b, a)


@pytest.mark.parametrize("a,b", SHOULD_NOT_MATCH_KINDS)
def test_different_partner_every_kind(a, b):
    assert not same_partner(a, b) and not same_partner(b, a)


@pytest.mark.parametrize("name,kind,label", [
    ("KECAMATAN LAMPIHONG", "kecamatan", "Kecamatan Lampihong"),
    ("Perpustakaan Desa Bina Cendekia, Desa Guha", "perpustakaan_desa", "Perpustakaan Desa Bina Cendekia, Desa Guha"),
    ("SD Negeri 3 Tebing Tinggi", "sd", "SD 3 Tebing Tinggi"),
    ("Ponpes Al Ikhlas", "pondok_pesantren", "Pondok Pesantren Al Ikhlas"),
    ("Taman Bacaan Masyarakat Pelangi Pagi", "tbm", "TBM Pelangi Pagi"),
    ("Komunitas Literasi Sungai Pinang", "komunitas", "Komunitas Literasi Sungai Pinang"),
])
def test_every_kind_is_recognised_and_normalised(name, kind, label):
    parsed = normalise_partner(name)
    assert (parsed.kind, parsed.label) == (kind, label)
    assert is_partner_name(parsed)


@pytest.mark.parametrize("fragment", [
    "Perpustakaan Merupakan Sarana Sepanjang Hayat Bagi",  # the independent set's fragment (issue 17)
    "Desa yang menjadi mitra program",
    "Komunitas dan perpustakaan desa",
    "SD Negeri yang ada di wilayah ini",
    "Taman Bacaan Masyarakat Sebagai Sarana Belajar Warga Desa Sepanjang Tahun",
])
def test_a_sentence_fragment_is_no_partner(fragment):
    assert normalise_partner(fragment).core == ""
    assert not is_partner_name(fragment)


def test_a_name_without_kind_is_a_partner_only_in_the_register():
    assert not is_partner_name("LOK BATU")
    register = PartnerRegister().grown(["Desa Lok Batu"])
    assert is_partner_name("LOK BATU", register)


@pytest.mark.parametrize("text,expected", [
    ("16/12/2023 FAX 0526\nTAMAN BACAAN MASYARAKAT\n\nPELANGI PAGI\nSURAT PERMOHONAN",
     "TAMAN BACAAN MASYARAKAT PELANGI PAGI"),  # a kop set on two lines
    ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
     "NOMOR : 041/16/Dispersip/2024 Kepada Yth. Camat Juai\nLAMPIRAN : -", "Camat Juai"),  # addressee beside the number
    ("DAFTAR HADIR\nSOSIALISASI PROGRAM BUKU RUMAH TANGGA (BuRT)\nDI PERPUSTAKAAN DESA BINA CENDEKIA, DESA GUHA",
     "PERPUSTAKAAN DESA BINA CENDEKIA, DESA GUHA"),
    ("LAPORAN PENDAMPINGAN\nKegiatan dilaksanakan di desa mitra.\nHasil", None),  # a common noun, not a name
    ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"
     "Jalan A. Yani, Kecamatan Paringin Selatan", None),  # the Dinas's own address
    ("PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN HALONG\nDESA BANUA LAWAS\nJalan Poros",
     "DESA BANUA LAWAS"),  # a desa's kop names its kecamatan first
    ("PEMERINTAH DESA GUHA\nPERPUSTAKAAN DESA BINA CENDEKIA\nJalan",
     "PERPUSTAKAAN DESA BINA CENDEKIA, PEMERINTAH DESA GUHA"),  # the library of the desa above it
    ("| KECAMATAN PARINGIN\nKE MAKI\nMaki, 6 Februari 2023\nHal : Permohonan\nisi surat\nLurah Maki,\nRahmadi",
     "Lurah Maki"),  # the kop's own line lost to OCR: its signer names it
    ("PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN JUAI\nNomor : 5/2024\nisi surat\nCamat Juai,\nNama",
     "KECAMATAN JUAI"),  # a kecamatan's own letter
    ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nParingin, 19 Mei 2025\n"
     ": ti Kepala MI Al Furqan Guha\ndi Tempat", "Kepala MI Al Furqan Guha"),  # "Yth." misread
])
def test_partner_in_text_every_kind(text, expected):
    from archive.partners import partner_in_text

    assert partner_in_text(text, "Dinas Perpustakaan dan Kearsipan Kabupaten Balangan") == expected


def test_a_kop_read_to_its_library_is_the_same_partner_as_the_library_named_alone():
    assert same_partner("PERPUSTAKAAN DESA BINA CENDEKIA, PEMERINTAH DESA GUHA", "Perpustakaan Desa Bina Cendekia")
    assert normalise_partner("PERPUSTAKAAN DESA BINA CENDEKIA, PEMERINTAH DESA GUHA").label == \
        "Perpustakaan Desa Bina Cendekia, Desa Guha"


def test_the_seed_register_holds_balangans_eight_kecamatan():
    kecamatan = {e.kecamatan for e in seed_register().entries if e.kind == "kecamatan"}
    assert kecamatan == {"Paringin", "Paringin Selatan", "Lampihong", "Batumandi", "Awayan", "Juai", "Halong",
                         "Tebing Tinggi"}
    assert all(normalise_partner(e.name).kind == e.kind for e in seed_register().entries)


def test_the_register_finds_a_kop_despite_ocr_slips_but_not_an_address():
    register = seed_register()
    assert [e.name for e in register.find_in_text("PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN TEBING TINGG1\nJalan")] \
        == ["Kecamatan Tebing Tinggi"]
    assert register.find_in_text("Jalan Mawar No. 3, Kecamatan Juai, Kabupaten Balangan") == []
    assert register.find_in_text("Perihal: Hasil Koordinasi Program BuRT di Paringin Selatan") == []


def test_the_register_grows_from_confirmed_names_only_when_they_name_a_partner():
    grown = seed_register().grown(["Pondok Pesantren Al Ikhlas", "Perpustakaan Merupakan Sarana Belajar Bagi",
                                   "Kecamatan Juai"])
    added = [e for e in grown.entries if e.source == "confirmed"]
    assert [(e.kind, e.name) for e in added] == [("pondok_pesantren", "Pondok Pesantren Al Ikhlas")]
    assert grown.match("Ponpes Al Ikhlas")[0] is added[0]
    assert [e.name for e in grown.find_in_text("Yth. Pimpinan Pondok Pesantren Al Ikhlas\ndi Tempat")] \
        == ["Pondok Pesantren Al Ikhlas"]


@pytest.mark.parametrize("text,several", [
    ("DI PERPUSTAKAAN DESA BINA CENDEKIA, DESA GUHA\nTempat : Aula Perpustakaan Desa Bina Cendekia", False),
    ("PIHAK KEDUA: Taman Bacaan Masyarakat Pelangi Pagi, Jl. Mawar No. 4,\nDesa Padang Luas, Kecamatan Juai", False),
    ("Perpustakaan Desa Bina Cendekia, Desa Guha dan Desa Banua Lawas", True),
])
def test_names_several_partners_every_kind(text, several):
    from archive.partners import names_several_partners

    assert names_several_partners(text) is several


@pytest.mark.parametrize("held_out", [False, True])
@pytest.mark.parametrize("kind", ["desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "perpustakaan_desa",
                                  "tbm", "komunitas"])
def test_generated_partners_of_every_kind(kind, held_out):
    """Partners of the harder generator (samples/partners.py), both modes: the full name, the short
    form others write and the head's title are one partner with a kind; two different partners are not."""
    import random

    from samples.partners import make_partner

    partners = [make_partner(random.Random(f"partner-test-{kind}-{k}"), held_out, kind) for k in range(12)]
    for p in partners:
        assert is_partner_name(p.name), p.name
        assert same_partner(p.name, p.short), (p.name, p.short)
        assert same_partner(p.name, p.head_title), (p.name, p.head_title)
    for a in partners:
        for b in partners:
            if a.name != b.name:
                assert not same_partner(a.name, b.name), (a.name, b.name)
