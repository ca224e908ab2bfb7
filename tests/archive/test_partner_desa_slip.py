"""A village library's letter whose addressee lost one glyph of "Desa" (issue 17): "Kepala Perpustakaan Dosa X" is
the library of a desa, so the letter joins that library's activity instead of taking the kecamatan its two-line
perihal names ("Penyampaian Hasil Koordinasi / Kecamatan Y") for its partner and opening an activity of its own."""
from datetime import date

import pytest

from archive.activities import list_activities
from archive.linking import auto_link
from archive.partners import desa_slip_repaired, normalise_partner
from tests.archive.test_activities_service import add
from tests.archive.test_activities_world import OFFICE

BOTH_BACKENDS = True


@pytest.mark.parametrize("name,repaired", [
    ("Kepala Perpustakaan Dosa Cahaya Ilmu", "Kepala Perpustakaan Desa Cahaya Ilmu"),
    ("Kepada Yth. Kepala Perpustakaan Dcsa Cahaya Ilmu, Desa Sungai Batung",
     "Kepada Yth. Kepala Perpustakaan Desa Cahaya Ilmu, Desa Sungai Batung"),
    ("PERPUSTAKAAN DOSA CAHAYA ILMU", "PERPUSTAKAAN Desa CAHAYA ILMU"),
])
def test_a_misread_desa_after_perpustakaan_is_put_back(name, repaired):
    assert desa_slip_repaired(name) == repaired
    assert normalise_partner(repaired).kind == "perpustakaan_desa"


@pytest.mark.parametrize("name", [
    "Perpustakaan Dasa Wisma",  # a name's own word, its vowel intact
    "Perpustakaan Dosa",  # no name after it
    "Perpustakaan Desa Cahaya Ilmu",  # nothing misread
    "Kepala Dosa Cahaya Ilmu",  # not a library
    "Perpustakaan Sekolah Dosa Ilmu",  # a library of another kind
])
def test_other_names_are_left_as_read(name):
    assert desa_slip_repaired(name) is None


def _library_and_reply(settings, addressee: str):
    add(settings, "d10000000001", "surat_permohonan_kerja_sama", tanggal=date(2024, 3, 4),
        pengirim="Kepala Perpustakaan Desa Cahaya Ilmu", penerima=OFFICE,
        text="PERPUSTAKAAN DESA CAHAYA ILMU\nDESA SUNGAI BATUNG\nPerihal : Permohonan Kerja Sama")
    first = auto_link(settings, "d10000000001")
    add(settings, "d10000000002", "surat_hasil_koordinasi", tanggal=date(2024, 3, 20), pengirim=OFFICE,
        penerima=addressee,
        text=("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nSURAT PEMBERITAHUAN\n"
              "Nomor : 000.4.7.1/88/DISPERSIP/III/2024\nPerihal : Penyampaian Hasil Koordinasi\n"
              f"Kecamatan Lampihong\nKepada Yth. {addressee}\ndi\nSungai Batung"))
    return first, auto_link(settings, "d10000000002")


@pytest.mark.parametrize("addressee", ["Kepala Perpustakaan Dosa Cahaya Ilmu", "Kepala Perpustakaan Dcsa Cahaya Ilmu"])
def test_the_letter_joins_the_village_librarys_activity(settings, addressee):
    first, reply = _library_and_reply(settings, addressee)
    assert first.activity_id is not None
    assert reply.activity_id == first.activity_id, reply.reason
    assert [a.partner for a in list_activities(settings)] == ["Perpustakaan Desa Cahaya Ilmu"]
