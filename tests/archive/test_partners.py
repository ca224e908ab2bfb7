"""Partner normalisation: should-match and should-not-match lists."""
import pytest

from archive.partners import best_match, is_own_office, normalise_partner, same_partner

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
    ("Desa Juai", "Desa Juai", False),  # too short to search for
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
