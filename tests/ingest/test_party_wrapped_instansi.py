"""A komparisi whose justified lines wrap the partner's name ("atas nama Komunitas Pegiat Literasi\\nGemilang
Bestari, selanjutnya disebut PIHAK KEDUA"): the instansi is the whole name, not its first line (held_out_3201's
photocopied MoU had opened an activity of its own under the cut name)."""
import pytest

from ingest.metadata import extract_metadata


def _mou(first: str, wrapped: str, after: str = ", selanjutnya disebut") -> str:
    return "\n".join([
        "PERJANJIAN KERJA SAMA",
        "ANTARA",
        "DINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN BALANGAN",
        "TENTANG",
        "KERJA SAMA LAYANAN PERPUSTAKAAN",
        "Pada hari ini Senin tanggal Enam bulan Maret tahun Dua Ribu Dua Puluh Empat (06-03-2024),",
        "yang bertanda tangan di bawah ini:",
        "1. Rahmat Hidayat, S.IP., Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan, dalam",
        "hal ini bertindak untuk dan atas nama Dinas Perpustakaan dan Kearsipan Kabupaten Balangan,",
        "selanjutnya disebut PIHAK PERTAMA.",
        "2. Siti Aminah, Ketua Pengurus, dalam hal ini bertindak untuk dan atas nama " + first,
        wrapped + after + " PIHAK KEDUA.",
        "PARA PIHAK sepakat mengikatkan diri dalam kerja sama.",
    ])


@pytest.mark.parametrize("first, wrapped, whole", [
    ("Komunitas Pegiat Literasi", "Gemilang Bestari", "Komunitas Pegiat Literasi Gemilang Bestari"),
    ("Taman Bacaan Masyarakat", "Cahaya Ilmu", "Taman Bacaan Masyarakat Cahaya Ilmu"),
    ("Pondok Pesantren Nurul", "Huda", "Pondok Pesantren Nurul Huda"),
])
def test_an_instansi_wrapped_onto_the_next_line_is_the_whole_name(first, wrapped, whole):
    md = extract_metadata(_mou(first, wrapped))
    kedua = next(p for p in md.pihak if p.role == "kedua")
    assert kedua.instansi is not None and kedua.instansi.lower().endswith(wrapped.lower()), kedua
    assert md.partner.value == whole, md.partner


def test_a_name_that_ended_with_its_line_takes_nothing_from_the_next():
    # the next line is the label itself, or a sentence of lower-case words: the name is the first line's
    md = extract_metadata(_mou("Komunitas Pegiat Literasi Gemilang", "", "selanjutnya disebut"))
    assert md.partner.value == "Komunitas Pegiat Literasi Gemilang", md.partner
    md = extract_metadata(_mou("Komunitas Pegiat Literasi Gemilang", "yang berkedudukan di Paringin",
                               ", selanjutnya disebut"))
    assert md.partner.value == "Komunitas Pegiat Literasi Gemilang", md.partner
