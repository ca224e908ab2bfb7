"""A page whose right edge (a photocopy's border, a rule beside the text) OCR reads as a lone mark ending many
lines: a lone '1' ending a party's line is that edge, not a number of the partner's name."""
from ingest.metadata import extract_metadata


def _bast(edge: str, role_end: str) -> str:
    lines = [
        "PEMERINTAH KABUPATEN BALANGAN",
        "DINAS PERPUSTAKAAN DAN KEARSIPAN",
        "BERITA ACARA SERAH TERIMA BUKU",
        "Nomor : BA-031/DISPERSIP/2024",
        "Pada hari ini Selasa tanggal Dua Belas bulan Maret tahun Dua Ribu Dua Puluh Empat (12-03-2024),",
        "kami yang bertanda tangan di bawah ini:",
        "1. Nama : Rahmat Hidayat, S.IP.",
        "Jabatan : Pustakawan Ahli Muda",
        "Selanjutnya disebut PIHAK PERTAMA (yang menyerahkan).",
        "2. Nama : Siti Aminah",
        f"Jabatan : Ketua TBM Cahaya Ilmu{role_end}",
        "Selanjutnya disebut PIHAK KEDUA (yang menerima).",
        "PIHAK PERTAMA telah menyerahkan dan PIHAK KEDUA telah menerima",
        "40 (empat puluh) eksemplar buku sesuai daftar terlampir.",
        "Demikian berita acara ini dibuat untuk dipergunakan seperlunya.",
    ]
    return "\n".join(ln + (edge if i % 2 and "Jabatan : Ketua" not in ln else "") for i, ln in enumerate(lines))


def test_a_lone_one_at_a_bordered_pages_line_end_is_no_number_of_the_partner():
    md = extract_metadata(_bast(" |", " 1"))
    assert md.partner.value == "TBM Cahaya Ilmu", md.partner


def test_a_number_ending_the_name_stays_on_a_page_without_such_an_edge():
    md = extract_metadata(_bast("", " 1"))
    assert md.partner.value == "TBM Cahaya Ilmu 1", md.partner
    assert extract_metadata(_bast(" |", "")).partner.value == "TBM Cahaya Ilmu"
