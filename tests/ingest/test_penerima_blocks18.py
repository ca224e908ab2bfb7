"""Issue 13 (deliverable 4): the addressee of real letter layouts, from letters written for this test in
several layouts (no text of any real capture, no generator phrase lists).

- An addressee block without a "di" line whose last line is the addressee's place ("Kepala MTs Nurul Falah /
  Sungai Raya"): the letter's body names the addressee again without it, so the place line is left out. Where
  the body gives no such evidence, or names the addressee with that line, or the line opens a unit of the name
  ("Kabupaten Tanah Laut"), the block stays whole.
- An addressee whose name ends where a name cannot end ("… Kearsipan Kab.", "… Pendidikan dan"): its rest was
  read elsewhere or lost, so it is unsure (empty, flagged), never given cut short.
- A numbered addressee list whose lines OCR spread with blank lines, its item numbers read "3," for "3.".
- A form's or memo's "Kepada : <name>" row without "Yth.".
"""
from __future__ import annotations

import pytest

from ingest.addressee import addressee_by_layout
from ingest.fieldread import perihal_by_layout
from ingest.metadata import extract_metadata, garbled_name, name_cut_short
from ingest.model import PageText, Word

KOPS = (
    "PEMERINTAH KABUPATEN TANAH LAUT\nDINAS PENDIDIKAN\nJl. Pendidikan No. 2 Pelaihari Telp. (0512) 21400",
    "KEMENTERIAN AGAMA REPUBLIK INDONESIA\nKANTOR KEMENTERIAN AGAMA KOTA BANJARBARU\nJl. Trikora No. 7 Banjarbaru",
    "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nBADAN PENGELOLA KEUANGAN DAN ASET DAERAH\nJl. Kesuma Bangsa No. 1",
)
HEADS = (
    "Pelaihari, 3 Juli 2024\nNomor : 421/55/DISDIK/VII/2024\nSifat : Biasa\nLampiran : -\nHal : Undangan Rapat",
    "Nomor : B-77/Kk.17.3/PP.00/07/2024 Banjarbaru, 3 Juli 2024\nPerihal : Pembinaan Perpustakaan",
    "Nomor : 900/1123/BPKAD\nLampiran : 1 (satu) berkas\nPerihal : Penyampaian Laporan\nSamarinda, 3 Juli 2024",
)
# (addressee lines as printed, the addressee, the name the body uses for it)
NAMES = (
    (("Kepala MTs Nurul Falah", "Sungai Raya"), "Kepala MTs Nurul Falah", "MTs Nurul Falah"),
    (("Ketua Komite Sekolah SD Negeri 4", "Angsau", "Pelaihari"), "Ketua Komite Sekolah SD Negeri 4 Angsau",
     "SD Negeri 4 Angsau"),
    (("Pimpinan Yayasan Bina", "Insan Mandiri", "Landasan Ulin"), "Pimpinan Yayasan Bina Insan Mandiri",
     "Yayasan Bina Insan Mandiri"),
)


def _block(lines: tuple[str, ...], style: int) -> str:
    if style == 0:
        return "Kepada Yth. " + "\n".join(lines)
    if style == 1:
        return "Yth.\n" + "\n".join(lines)
    return "Kepada\nYth. " + "\n".join(lines)


def _letter(kop: str, head: str, block: str, body: str) -> str:
    return "\n".join((kop, head, "", block, "", body, "", "Demikian disampaikan, atas perhatiannya diucapkan terima "
                                                         "kasih.", "Kepala Dinas,", "NIP. 19700101 199503 1 001"))


def _cases():
    for k, kop in enumerate(KOPS):
        for n, (lines, addressee, name) in enumerate(NAMES):
            for style in range(3):
                yield kop, HEADS[(k + n + style) % len(HEADS)], _block(lines, style), lines, addressee, name


def test_a_place_line_the_body_leaves_out_is_not_part_of_the_addressee():
    tried = 0
    for kop, head, block, _lines, addressee, name in _cases():
        for body in (f"Menindaklanjuti kerja sama dengan {name}, bersama ini kami mengundang Saudara.",
                     f"Sehubungan dengan kegiatan di {name} tahun ini, kami mohon kehadiran Saudara.",
                     f"Kami sampaikan terima kasih kepada {name}."):
            field = extract_metadata(_letter(kop, head, block, body)).penerima
            assert field.value == addressee, (block, body, field)
            assert "tempat alamat" in field.reason
            tried += 1
    assert tried == 81


def test_the_block_stays_whole_without_the_bodys_evidence():
    for kop, head, block, lines, _addressee, name in _cases():
        whole = " ".join(lines)
        for body in ("Bersama ini kami mengundang Saudara untuk hadir pada rapat koordinasi.",  # no name
                     f"Menindaklanjuti surat {name} {lines[-1]} tanggal 2 Juli 2024, kami sampaikan jawaban."):
            field = extract_metadata(_letter(kop, head, block, body)).penerima
            assert field.value == whole, (block, body, field)


def test_a_line_that_opens_a_unit_of_the_name_is_never_cut():
    for kop, head, *_ in _cases():
        for lines in (("Kepala Dinas Kesehatan", "Kabupaten Tanah Laut"), ("Camat Takisung", "Kecamatan Takisung"),
                      ("Kepala Dinas Pendidikan", "Provinsi Kalimantan Selatan")):
            body = f"Menindaklanjuti surat {lines[0].split(' ', 1)[1]}, kami sampaikan jawaban."
            field = extract_metadata(_letter(kop, head, _block(lines, 0), body)).penerima
            assert field.value == " ".join(lines), field


@pytest.mark.parametrize("value,cut", [
    ("Kepala Dinas Perpustakaan dan Kearsipan Kab", True), ("Kepala Dinas Perpustakaan dan Kearsipan Kab.", True),
    ("Kepala Dinas Pendidikan dan", True), ("Kepala Badan Pendapatan Provinsi", True),
    ("Kepala Dinas Kesehatan Kabupaten/Kota", False), ("Kepala Desa", False),
    ("Kepala Dinas Pemberdayaan Masyarakat dan Desa", False), ("Camat Takisung", False),
])
def test_a_name_that_cannot_end_there(value, cut):
    assert name_cut_short(value) is cut


def test_an_addressee_cut_short_is_flagged_not_given():
    for kop, head, *_ in _cases():
        for lines in (("Kepala Dinas", "Perpustakaan dan Kearsipan Kab."), ("Kepala Dinas Kesehatan dan",),
                      ("Kepala Badan Pendapatan Daerah Provinsi",)):
            for end in ("di\nTempat", "di Pelaihari", ""):
                block = _block(lines, 0) + ("\n" + end if end else "")
                md = extract_metadata(_letter(kop, head, block, "Bersama ini kami sampaikan laporan kegiatan."))
                assert md.penerima.value is None, (block, md.penerima)
                assert any(r.startswith("penerima:") for r in md.review), md.review


def test_a_numbered_list_spread_by_blank_lines_is_read_to_its_di_line():
    items = ["Ketua Komisi II DPRD Kab", "Tanah Laut", "", "2. Kepala Dinas Pendidikan Kabupaten Tanah Laut",
             "3, Kepala Dinas Kesehatan Kabupaten Tanah Laut", "", "4, Kepala Bagian Kesra Setda Kabupaten", "",
             "Tanah Laut", "Di", "PELAIHARI"]
    want = ("Ketua Komisi II DPRD Kab Tanah Laut; Kepala Dinas Pendidikan Kabupaten Tanah Laut; Kepala Dinas "
            "Kesehatan Kabupaten Tanah Laut; Kepala Bagian Kesra Setda Kabupaten Tanah Laut")
    for kop, head, *_ in _cases():
        block = "Yth 1. " + "\n".join(items)
        md = extract_metadata(_letter(kop, head, block, "Mengharap dengan hormat kehadiran Saudara."))
        assert md.penerima.value == want, md.penerima


def test_a_comma_after_a_number_inside_a_name_is_kept():
    text = _letter(KOPS[0], HEADS[0], "Kepada Yth. Kepala SD Negeri 2, Angsau\ndi\nPelaihari",
                   "Bersama ini kami sampaikan laporan kegiatan.")
    assert extract_metadata(text).penerima.value == "Kepala SD Negeri 2, Angsau"


@pytest.mark.parametrize("row,following,value,sure", [
    ("Kepada : CV Karya Bersama", "NPWP : 01.234.567.8-901.000", "CV Karya Bersama", True),
    ("KEPADA : Kepala Bagian Umum", "DARI : Sekretaris Daerah", "Kepala Bagian Umum", True),
    ("Kepada: Kepala Dinas Kesehatan Kab. Tanah Laut", "Nomor Rek. : 001.21.0698", "Kepala Dinas Kesehatan "
                                                                                   "Kabupaten Tanah Laut", True),
    ("Kepada : Kepala Dinas Kesehatan", "Kabupaten Tanah Laut", "Kepala Dinas Kesehatan", False),
])
def test_a_kepada_row_without_yth(row, following, value, sure):
    text = "\n".join((KOPS[0], "SURAT PERINTAH MEMBAYAR", "Nomor : 263/H", row, following, "Uraian : Pembayaran"))
    md = extract_metadata(text)
    if sure:
        assert md.penerima.value == value, md.penerima
    else:
        assert md.penerima.value is None and any(r.startswith("penerima:") for r in md.review), md.penerima


@pytest.mark.parametrize("title", ["LEMBAR DISPOSISI", "", "LE BAR"])  # the title read, lost, garbled
def test_a_kepada_row_of_a_disposition_sheet_is_no_addressee(title):
    text = "\n".join((title, "Surat dari : Dinas Kesehatan", "Kepada : Sekretaris", "Isi : Proses",
                      "Isi Disposisi : mohon ditindaklanjuti"))
    assert extract_metadata(text).penerima.value is None


# ---------------------------------------------------------------- a letter's title read with "SURAT" misread

@pytest.mark.parametrize("title", ["SURA TUGAS", "SURAI TUGAS", "SUHAT PERINTAH TUGAS", "URAT KETERANGAN"])
def test_a_title_over_its_number_row_with_surat_misread_is_the_subject(title):
    for kop in KOPS:
        text = "\n".join((kop, "", title, "", "Nomor : 800/275/Kepegawaian/2020", "",
                          "Yang bertanda tangan di bawah ini menugaskan kepada:", "Nama : Dra. Siti Aminah"))
        field = extract_metadata(text).perihal
        assert field.value == "Surat " + title.split(" ", 1)[1].title(), field


@pytest.mark.parametrize("title,below", [
    ("SURA TUGAS", "Yang bertanda tangan di bawah ini menugaskan kepada:"),  # no number row under it
    ("SUSU MURNI", "Nomor : 800/275/Kepegawaian/2020"),  # more than one letter from SURAT
    ("SURA", "Nomor : 800/275/Kepegawaian/2020"),  # no kind after it
])
def test_no_title_subject_from_a_line_that_is_not_a_letters_title(title, below):
    text = "\n".join((KOPS[0], "", title, below, "Nama : Dra. Siti Aminah"))
    assert extract_metadata(text).perihal.value is None


# ---------------------------------------------------------------- OCR damage inside an addressee

@pytest.mark.parametrize("value,garbled", [
    ("Pe perpustakaan dan Dinas", True), ("Kepala Biro Perekonomian Setda provinsi Sumatera Selatan", True),
    ("Daftar Undangan terlampir", False), ("Daftar terlampir", False),
    ("Gubernur Provinsi Jawa Tengah C.q. Sekretaris Daerah", False),
    ("Kepala SD Negeri se-Kecamatan Takisung", False), ("Bupati / Walikota se Jawa Tengah", False),
])
def test_a_lower_case_word_inside_a_title_case_name(value, garbled):
    assert garbled_name(value) is garbled


@pytest.mark.parametrize("di", ["dis", "di.", "d1", "|", "di"])
def test_a_di_line_read_with_a_speck_before_tempat_is_no_part_of_the_name(di):
    for kop, head, *_ in _cases():
        block = f"Kepada Yth. Kepala Dinas Pendidikan\nKabupaten Tanah Laut\n{di}\nTempat"
        md = extract_metadata(_letter(kop, head, block, "Bersama ini kami sampaikan laporan kegiatan."))
        assert md.penerima.value == "Kepala Dinas Pendidikan Kabupaten Tanah Laut", md.penerima


# ---------------------------------------------------------------- the layout reading of the addressee column

def _column_page(column: list[str]) -> PageText:
    """A page whose addressee column ("Kepada" / "Yth." + ``column``, then "di" / a place) stands beside the
    label block: rows of (x, text) segments as Tesseract's words with boxes."""
    rows = [[(500, "PEMERINTAH KABUPATEN TANAH LAUT")], [(500, "DINAS PENDIDIKAN")],
            [(400, "Jl. Pendidikan No. 2 Pelaihari")], [(1300, "Pelaihari, 4 Juni 2024")],
            [(160, "Nomor"), (400, ":"), (420, "421/55/DISDIK/2024"), (1300, "Kepada")]]
    labels = [("Sifat", "Biasa"), ("Lampiran", "-"), ("Hal", "Undangan Rapat")]
    for k, line in enumerate(column):
        row = [(160, labels[k][0]), (400, ":"), (420, labels[k][1])] if k < len(labels) else []
        rows.append(row + ([(1200, "Yth.")] if k == 0 else []) + [(1300, line)])
    rows += [[(1200, "di")], [(1260, "Pelaihari")], [], [], [(420, "Dengan hormat, bersama ini kami sampaikan")]]
    words, lines = [], []
    for n, row in enumerate(rows):
        for x, text in row:
            for token in text.split():
                words.append(Word(token, 93.0, (x, 300 + 60 * n, 24 * len(token), 30), n))
                x += 24 * len(token) + 14
        lines.append(" ".join(t for _, t in row))
    return PageText(number=1, text="\n".join(lines), words=tuple(words), confidence=90.0, width=2000, height=2800)


def test_the_layout_reading_gives_no_garbled_or_cut_short_addressee():
    assert addressee_by_layout(_column_page(["Kepala Dinas Sosial", "Kabupaten Tanah Laut"]))[0] == \
        "Kepala Dinas Sosial Kabupaten Tanah Laut"
    assert addressee_by_layout(_column_page(["Pe perpustakaan dan", "Dinas Sosial"])) is None
    assert addressee_by_layout(_column_page(["Kepala Dinas", "Perpustakaan dan Kearsipan Kab."])) is None


# ---------------------------------------------------------------- the sender: a title in the block under the kop

@pytest.mark.parametrize("title", ["RENCANA JADWAL PEMBINAAN PERPUSTAKAAN", "RINGKASAN LAPORAN KEGIATAN TAHUNAN",
                                   "SALINAN SURAT EDARAN BERSAMA", "REKAP DAFTAR HADIR PESERTA"])
def test_a_title_in_the_block_under_a_whole_unit_name_is_not_the_senders(title):
    for head, unit, want in (("PEMERINTAH KABUPATEN TANAH LAUT", "DINAS PERPUSTAKAAN DAN KEARSIPAN",
                              "Dinas Perpustakaan dan Kearsipan Kabupaten Tanah Laut"),
                             ("PEMERINTAH PROVINSI KALIMANTAN TIMUR", "BADAN PENGELOLA KEUANGAN DAN ASET DAERAH",
                              "Badan Pengelola Keuangan dan Aset Daerah Provinsi Kalimantan Timur")):
        text = "\n".join((head, unit, "", title, "PROGRAM LITERASI MASYARAKAT TAHUN 2024", "",
                          "No | Hari, Tanggal | Kegiatan | Tempat"))
        assert extract_metadata(text).pengirim.value == want, (title, extract_metadata(text).pengirim)


@pytest.mark.parametrize("lines,want", [
    # a unit's name wrapped over a blank line: no document kind in the next block, so it is the name's rest
    (("PEMERINTAH KABUPATEN TANAH LAUT", "DINAS KOMUNIKASI INFORMATIKA", "", "STATISTIK DAN PERSANDIAN"),
     "Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Tanah Laut"),
    # a listing not closed by its "DAN", or a kind without its name, waits for the next block whatever it says
    (("BADAN PERENCANAAN PEMBANGUNAN,", "", "PENELITIAN DAN PENGEMBANGAN DAERAH", "KABUPATEN TANAH LAUT"),
     "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Tanah Laut"),
    (("PEMERINTAH KABUPATEN TANAH LAUT", "DINAS PENDIDIKAN, KEBUDAYAAN", "", "DAN LAPORAN PEMUDA"),
     "Dinas Pendidikan, Kebudayaan dan Laporan Pemuda Kabupaten Tanah Laut"),
])
def test_a_unit_name_wrapped_over_a_blank_line_stays_whole(lines, want):
    text = "\n".join(lines + ("Jl. Merdeka No. 5 Pelaihari", "", "Pelaihari, 4 Juni 2024", "Nomor : 045/12/2024"))
    assert extract_metadata(text).pengirim.value == want, extract_metadata(text).pengirim


# ---------------------------------------------------------------- the subject by the layout: the column's "di"

def _hal_page(value_rows: list[str]) -> PageText:
    rows = [[(500, "PEMERINTAH KABUPATEN TANAH LAUT")], [(500, "DINAS PENDIDIKAN")],
            [(1300, "Pelaihari, 4 Juni 2024")], [(160, "Nomor"), (400, ":"), (420, "421/55/DISDIK/2024")],
            [(160, "Lampiran"), (400, ":"), (420, "-")]]
    rows += [([(160, "Hal"), (400, ":")] if k == 0 else []) + [(420, text)] for k, text in enumerate(value_rows)]
    rows += [[], [], [(420, "Dengan hormat, bersama ini kami sampaikan")]]
    words = []
    for n, row in enumerate(rows):
        for x, text in row:
            for token in text.split():
                words.append(Word(token, 93.0, (x, 300 + 60 * n, 24 * len(token), 30), n))
                x += 24 * len(token) + 14
    text = "\n".join(" ".join(t for _, t in row) for row in rows)
    return PageText(number=1, text=text, words=tuple(words), confidence=90.0, width=2000, height=2800)


@pytest.mark.parametrize("rows,want", [
    (["Permohonan Bimbingan Teknis Perpustakaan di"], "Permohonan Bimbingan Teknis Perpustakaan"),
    (["Hasil Rapat Koordinasi", "Program Literasi di-"], "Hasil Rapat Koordinasi Program Literasi"),
    (["Undangan Sosialisasi di", "Wilayah Takisung"], "Undangan Sosialisasi di Wilayah Takisung"),  # "di" inside
])
def test_a_subject_by_the_layout_never_ends_in_the_columns_di(rows, want):
    assert perihal_by_layout(_hal_page(rows)) == want


@pytest.mark.parametrize("row", ["Kan: da Yth, Camat Takisung", "Kepa la Yth, Camat Takisung", "Ke; ada Yth, Camat Takisung"])
def test_a_yth_with_a_comma_after_a_garbled_kepada(row):
    for kop, head, *_ in _cases():
        md = extract_metadata(_letter(kop, head, row + "\ndi-\nTakisung", "Bersama ini kami sampaikan laporan."))
        assert md.penerima.value == "Camat Takisung", md.penerima


def test_a_line_of_running_words_with_a_yth_comma_is_no_addressee():
    text = _letter(KOPS[0], HEADS[0], "", "dengan Yth, bahwa bahwa surat Kepala laporan dengan Nomor Dinas hormat\n"
                                         "kegiatan Perihal untuk dengan tanggal")
    assert extract_metadata(text).penerima.value is None


@pytest.mark.parametrize("lines,body", [
    (("Bapak Bupati", "Tanah Laut"), "Dengan ini kami sampaikan kepada Bapak Bupati, laporan kegiatan."),
    (("Kepala Desa", "Batilai"), "Bersama ini Kepala Desa, kami undang dalam rapat."),
    (("Yth. Ketua DPRD Kabupaten", "Tanah Laut"), "Bersama ini kami sampaikan kepada DPRD Kabupaten, laporan."),
])
def test_a_line_under_an_office_is_never_cut_as_a_place(lines, body):
    for kop, head, *_ in _cases():
        field = extract_metadata(_letter(kop, head, _block(lines, 0), body)).penerima
        assert field.value is None or field.value.endswith(lines[-1]), field
