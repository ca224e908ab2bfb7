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


def _letter(addressee: str) -> str:
    return "\n".join([
        "PEMERINTAH KABUPATEN BALANGAN",
        "DINAS PERPUSTAKAAN DAN KEARSIPAN",
        "Nomor : 000.4.7.1/313/DISPERSIP/II/2023",
        "Paringin, 20 Februari 2023",
        "Perihal : Rapat Koordinasi",
        f"Kepada Yth. {addressee}",
        "di-",
        "Batumandi",
        "Dengan hormat, bersama ini kami sampaikan hasil koordinasi.",
    ])


@pytest.mark.parametrize("read, whole", [
    ("Ketua Komunitas Pegiat T.iterasi Gemilang Bestari", "Komunitas Pegiat T.iterasi Gemilang Bestari"),
    ("Ketua TBM Cahaya I.lmu Nusa", "TBM Cahaya I.lmu Nusa"),
])
def test_a_letter_read_as_a_dot_inside_a_word_does_not_cut_the_partners_name(read, whole):
    # "L" read as "T." in "Literasi": the name runs on past the dot (a cut "Komunitas Pegiat T" opened an
    # activity of its own)
    md = extract_metadata(_letter(read))
    assert md.partner.value == whole, md.partner
