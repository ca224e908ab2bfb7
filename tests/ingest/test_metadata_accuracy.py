"""Wrong values that real captures provoked, reproduced on hand-written text (no text of any real capture):
the addressee column read beside the Hal row, the "di" line's place read onto the subject, a letterhead whose
region or last word OCR lost, specks in a document title. In each case the field is left empty and the
document flagged for review, or cleaned, and the same layout without the damage keeps its value.
"""
from __future__ import annotations

from ingest.metadata import extract_metadata
from ingest.ocr import dictionary

KOP = "PEMERINTAH KABUPATEN TANAH LAUT\nDINAS KOMUNIKASI DAN INFORMATIKA\nJl. Merdeka No. 5 Pelaihari Telp. (0512) 21000\n"
BODY = "Dengan hormat, bersama ini kami sampaikan permohonan tersebut untuk dapat ditindaklanjuti."


def doc(*parts: str) -> str:
    return "\n".join(parts) + "\n"


def flagged(md, field: str) -> bool:
    return any(r.startswith(field) for r in md.review)


# ---------------------------------------------------------------- perihal beside the addressee column

def test_addressee_lines_after_a_hal_row_with_the_column_are_not_the_subject():
    # the Hal row carries "Yth. …" on its right; the addressee's next lines follow under it
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 512/88/KOMINFO/2024 Kepada :",
               "Hal : Rapat Koordinasi Yth. Kepala Dinas Sosial", "Kabupaten Tanah Laut", "Di Pelaihari", BODY)
    md = extract_metadata(text)
    assert md.perihal.value is None and flagged(md, "perihal")
    assert md.nomor.value == "512/88/KOMINFO/2024"


def test_hal_row_with_the_column_cut_keeps_a_one_line_subject():
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 512/88/KOMINFO/2024",
               "Hal : Rapat Koordinasi Yth. Kepala Dinas Sosial", "", BODY)
    assert extract_metadata(text).perihal.value == "Rapat Koordinasi"


def test_column_read_into_the_number_row_makes_the_hal_row_unsure():
    # "Nomor : … Kepada Yth:" — the addressee column stands beside the block, so the Hal row carries its lines
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 443/271/DINKES/2024 Kepada Yth:", "Kepala Puskesmas",
               "Perihal : Kesiapsiagaan Penyakit Menular Kecamatan Takisung", "di Takisung", BODY)
    md = extract_metadata(text)
    assert md.perihal.value is None and flagged(md, "perihal")


def test_block_without_the_column_keeps_a_two_line_subject():
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 443/271/DINKES/2024",
               "Perihal : Kesiapsiagaan Penyakit Menular", "Musim Penghujan", "Kepada Yth.", "Kepala Puskesmas",
               "di Takisung", BODY)
    assert extract_metadata(text).perihal.value == "Kesiapsiagaan Penyakit Menular Musim Penghujan"


def test_place_of_a_bare_di_line_read_onto_the_subject_is_unsure():
    # the "Di" line stands alone: its place ("Pelaihari", named in the head) was read at the end of the Hal row
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Kepada", "Yth. Kepala Puskesmas Pelaihari", "Di",
               "Perihal : Permohonan Penyuluhan Pelaihari", BODY)
    md = extract_metadata(text)
    assert md.perihal.value is None and flagged(md, "perihal")
    kept = doc(KOP, "Pelaihari, 4 Juni 2024", "Kepada", "Yth. Kepala Puskesmas Pelaihari", "Di",
               "Perihal : Permohonan Penyuluhan Kesehatan", BODY)
    assert extract_metadata(kept).perihal.value == "Permohonan Penyuluhan Kesehatan"


# ---------------------------------------------------------------- pengirim from a damaged letterhead

def test_region_line_without_its_name_gives_no_sender():
    text = doc("PEMERINTAH PROVINSI", "DINAS KESEHATAN", "Jl. Ahmad Yani Km. 6 Banjarbaru", "Banjarbaru, 4 Juni 2024",
               "Nomor : 443/271/DINKES/2024", BODY)
    md = extract_metadata(text)
    assert md.pengirim.value is None and flagged(md, "pengirim")
    named = text.replace("PEMERINTAH PROVINSI\n", "PEMERINTAH PROVINSI KALIMANTAN SELATAN\n")
    assert extract_metadata(named).pengirim.value == "Dinas Kesehatan Provinsi Kalimantan Selatan"


def test_letterhead_word_cut_short_gives_no_sender():
    if not dictionary("ind"):
        import pytest
        pytest.skip("Tesseract's word list (combine_tessdata, dawg2wordlist) is not installed")
    cut = doc("PEMERINTAH KABUPATEN TANAH LAUT", "DINAS PENDIDIKAN DAN KEBUDAY", "Jl. Merdeka No. 5 Pelaihari",
              "Pelaihari, 4 Juni 2024", BODY)
    assert extract_metadata(cut).pengirim.value is None
    whole = cut.replace("KEBUDAY\n", "KEBUDAYAAN\n")
    assert extract_metadata(whole).pengirim.value == "Dinas Pendidikan dan Kebudayaan Kabupaten Tanah Laut"
    # a place name is in no word list and is not taken for a cut word
    place = doc("PEMERINTAH KABUPATEN BALANGAN", "KECAMATAN LAMPIHONG", "Jl. Jend. Sudirman Lampihong", BODY)
    assert extract_metadata(place).pengirim.value == "Kecamatan Lampihong"


# ---------------------------------------------------------------- titles

def test_specks_beside_a_slash_are_dropped_from_a_title():
    text = doc("BADAN PUSAT STATISTIK", "KABUPATEN TANAH LAUT", "Jl. Merdeka No. 5 Pelaihari",
               "NOTA PERMINTAAN ALAT TULIS !/ CETAKAN | / PUBLIKASI", "No | Nama Barang | Banyaknya")
    assert extract_metadata(text).perihal.value == "Nota Permintaan Alat Tulis / Cetakan / Publikasi"


def test_continuation_lines_that_show_the_column_keep_the_subject():
    # each continuation line carries the addressee column visibly ("Yth. …", the column's "di"): cut, kept
    text = doc(KOP, "Nomor : 512/88/KOMINFO/2024", "Sifat : Penting", "Hal : Undangan Rapat Persiapan Kepada",
               "Festival Literasi Daerah Yth. Kepala Sekolah", "Tahun 2024 di", "", "Pelaihari", BODY)
    assert extract_metadata(text).perihal.value == "Undangan Rapat Persiapan Festival Literasi Daerah Tahun 2024"


def test_one_word_subject_beside_the_column_is_kept():
    # a single word cannot hold both the subject and an addressee line
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "NOMOR : 005/12/KOMINFO/2024 Yth. Kepada :", "LAMP. : -",
               "PERIHAL : Undangan", "di-", "PELAIHARI", BODY)
    assert extract_metadata(text).perihal.value == "Undangan"


# ---------------------------------------------------------------- penerima interleaved with the label block

def test_addressee_column_interleaved_with_the_label_rows_is_unsure():
    # "Sifat : Segera Yth. 1. Kepala …" then "Lampiran 1- dan Swasta …": the block's labels inside the addressee
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "No : 800/Disdik/2024 Kepada", "Sifat : Segera Yth. 1. Kepala SMA Negeri",
               "Lampiran 1- dan Swasta se-Kabupaten", "Hal : Libur Sekolah 2. Kepala SMK Negeri", "di-", "Tempat", BODY)
    md = extract_metadata(text)
    assert md.penerima.value is None and flagged(md, "penerima")
    assert md.perihal.value is None and flagged(md, "perihal")


def test_tempat_line_closes_the_addressee_when_the_di_was_lost():
    # "di -" read as a speck ("1"), "Tempat" under it: the lines between Yth. and it are the addressee
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 512/88/KOMINFO/2024", "Hal : Undangan", "Kepada Yth.", "",
               "Kepala Biro Perekonomian Setda", "provinsi Kalimantan Selatan", "1", "", "Tempat", "", BODY)
    assert extract_metadata(text).penerima.value == "Kepala Biro Perekonomian Setda provinsi Kalimantan Selatan"


def test_region_line_above_the_unit_names_its_region():
    # a provincial letterhead printed without "PEMERINTAH" (or OCR lost it, leaving a speck)
    text = doc("1 PROVINSI KALIMANTAN SELATAN", "", "DINAS PERPUSTAKAAN DAN KEARSIPAN",
               "Jl. Ahmad Yani Km. 6 Banjarbaru", "Nomor : 045/12/DPK/2024", BODY)
    md = extract_metadata(text)
    assert md.pengirim.value == "Dinas Perpustakaan dan Kearsipan Provinsi Kalimantan Selatan"
    assert md.pengirim.confidence < 0.8  # less sure than a region under "PEMERINTAH"


# ---------------------------------------------------------------- tanggal

def test_date_after_a_number_whose_label_lost_its_colon_is_the_letters():
    text = doc(KOP, "Nomor e-0021/RB.02.02 4 Juli 2024", "Lampiran : -", "Hal : Undangan Rapat", BODY,
               "Tanggal : 8 dan 9 Juli 2024")
    assert extract_metadata(text).tanggal.value == "2024-07-04"
    # a number in a body sentence is no label: its date stays a body date
    body = doc(KOP, "Berdasarkan Peraturan Nomor 12/2023 tanggal 4 Juli 2024 kami sampaikan undangan.")
    assert extract_metadata(body).tanggal.value is None


def test_exclamation_mark_read_for_a_one_in_the_day():
    md = extract_metadata(doc(KOP, "Pelaihari, !0 April 2023", "Nomor : 045/12/KOMINFO/2023", BODY))
    assert md.tanggal.value == "2023-04-10" and md.tanggal.confidence < 0.95


# ---------------------------------------------------------------- issue 13, third pass: kinds of empty subjects

def test_hal_row_without_its_colon_in_the_label_block_is_read():
    # the block's colons lost by OCR ("Sifat Segera", "Hal Rapat …"): a Sifat/Lampiran row above makes it a block row
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor 512/88/KOMINFO/2024", "Sifat Segera", "Lampiran -",
               "Hal Rapat Koordinasi Penyiaran", BODY)
    assert extract_metadata(text).perihal.value == "Rapat Koordinasi Penyiaran"


def test_hal_word_without_colon_in_a_form_is_no_subject():
    # a disposition form has "No. Agenda" rows but no Sifat/Lampiran: its "Perihal" cell is not read as the subject
    text = doc(KOP, "LEMBAR DISPOSISI", "No. Surat 12/2024", "No. Agenda 45", "Hal Rapat Koordinasi", BODY)
    assert extract_metadata(text).perihal.value == "Lembar Disposisi"


def test_numbered_addressee_list_beside_the_hal_row_is_cut_off():
    # "Perihal Undangan 3, Kepala Dinas …" and "4, Kepala Bagian …" under it: items of the addressee list beside
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 005/041/DPRD/2024 Yth 1. Ketua Komisi C",
               "Sifat : Segera", "Lampiran : - 2. Kepala Dinas Pendidikan", "Perihal : Undangan 3, Kepala Dinas Kesehatan",
               "4, Kepala Bagian Kesejahteraan Rakyat", "Di", "PELAIHARI", BODY)
    md = extract_metadata(text)
    assert md.perihal.value == "Undangan"


def test_subject_of_several_words_beside_a_numbered_list_is_unsure():
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 005/041/DPRD/2024 Yth 1. Ketua Komisi C",
               "Sifat : Segera", "Perihal : Kunjungan Kerja 2. Kepala Dinas Kesehatan", "Di", "PELAIHARI", BODY)
    md = extract_metadata(text)
    assert md.perihal.value is None and flagged(md, "perihal")


def test_tempat_of_the_column_beside_the_block_is_cut_from_the_subject():
    # "Lampiran : 1 (satu) berkas Di-" then "Perihal : Undangan Tempat": the column's "di" / "Tempat"
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 005/02/KOMINFO/2024",
               "Sifat : Penting Yth. Kepala Desa se-Kecamatan", "Lampiran : 1 (satu) berkas Di-",
               "Perihal : Undangan Tempat", BODY)
    assert extract_metadata(text).perihal.value == "Undangan"


def test_place_beside_the_block_that_the_kop_names_is_cut_from_the_subject():
    text = doc(KOP.replace("Pelaihari Telp", "PELAIHARI Telp"), "Pelaihari, 4 Juni 2024",
               "Nomor 005/424/KOMINFO/2024 Yth. Kepala Desa", "Sifat Penting", "Lampiran di",
               "Perihal Sosialisasi PELAIHARI", BODY)
    assert extract_metadata(text).perihal.value == "Sosialisasi"


def test_two_word_place_beside_the_block_leaves_the_subject_unsure():
    # "Tanah Laut" is two words: cutting one would leave half of the place in the subject
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 005/424/KOMINFO/2024 Yth. Kepala Desa",
               "Lampiran : - di", "Perihal : Sosialisasi Penyiaran Tanah Laut", BODY)
    md = extract_metadata(text)
    assert md.perihal.value not in ("Sosialisasi Penyiaran Tanah", "Sosialisasi Penyiaran Tanah Laut")


def test_mark_read_inside_a_letterhead_word_is_mended():
    # "UN!IVERSITAS": a speck inside the word (the word without it is Indonesian); "D!NAS": a misread "I"
    text = doc("KEMENTERIAN PENDIDIKAN TINGGI SAINS DAN TEKNOLOGI", "UN!IVERSITAS LAMBUNG MANGKURAT",
               "Jl. Brigjen H. Hasan Basry Banjarmasin", "Banjarmasin, 4 Juni 2024", "Nomor : 88/UN8/TU/2024",
               "Hal : Undangan Rapat", BODY)
    assert extract_metadata(text).pengirim.value == "Universitas Lambung Mangkurat"
    text = doc("PEMERINTAH KABUPATEN TANAH LAUT", "D!NAS KOMUNIKASI DAN INFORMATIKA", "Jl. Merdeka No. 5 Pelaihari",
               "Pelaihari, 4 Juni 2024", "Hal : Undangan Rapat", BODY)
    assert extract_metadata(text).pengirim.value == "Dinas Komunikasi dan Informatika Kabupaten Tanah Laut"


def test_region_name_above_the_unit_is_the_region_the_address_names():
    # the "PEMERINTAH PROVINSI" words lost beside a logo: "| JAWA TIMUR" is the region, as the address says
    kop = ("| JAWA TIMUR", "| Tg SEKRETARIAT DAERAH", "Jl. Pahlawan No. 110 Surabaya, Provinsi Jawa Timur")
    text = doc(*kop, "Surabaya, 4 Juni 2024", "Nomor : 005/77/SETDA/2024", "Hal : Undangan Rapat", BODY)
    assert extract_metadata(text).pengirim.value == "Sekretariat Daerah Provinsi Jawa Timur"


def test_capitals_line_the_address_does_not_name_is_no_region():
    kop = ("| BERSIH DAN HIJAU", "| Tg SEKRETARIAT DAERAH", "Jl. Pahlawan No. 110 Surabaya, Provinsi Jawa Timur")
    text = doc(*kop, "Surabaya, 4 Juni 2024", "Nomor : 005/77/SETDA/2024", "Hal : Undangan Rapat", BODY)
    assert extract_metadata(text).pengirim.value in (None, "Sekretariat Daerah Provinsi Jawa Timur")
    assert "Bersih" not in (extract_metadata(text).pengirim.value or "")


def test_column_di_and_place_on_the_continuation_rows_are_cut_from_the_subject():
    # a three-row subject beside "Yth. …" / "di" / "Pelaihari": the column's rows cut, the subject's rows kept
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 005/77/KOMINFO/2024", "Sifat : Penting",
               "Hal : Undangan Peserta dan Yth. Kepala Sekolah", "Pendamping Rapat Evaluasi di",
               "Triwulan II Pelaihari", BODY)
    assert extract_metadata(text).perihal.value == "Undangan Peserta dan Pendamping Rapat Evaluasi Triwulan II"


def test_continuation_row_under_the_di_with_an_unknown_last_word_stays_unsure():
    # the word under "di" is no place the head names: which part is the column's cannot be told
    text = doc(KOP, "Pelaihari, 4 Juni 2024", "Nomor : 005/77/KOMINFO/2024", "Sifat : Penting",
               "Hal : Undangan Peserta dan Yth. Kepala Sekolah", "Pendamping Rapat Evaluasi di",
               "Triwulan II Batakan", BODY)
    md = extract_metadata(text)
    assert md.perihal.value is None and flagged(md, "perihal")


# ---------------------------------------------------------------- issue 13, fourth pass: the layout (word boxes)
# Pages built word box by word box: a label block at x 160 (values at x 420), an addressee column at x 1300,
# 30 px letters, 60 px between rows. None of it is text of a real capture.

from dataclasses import replace as _replace  # noqa: E402

from ingest import fieldread  # noqa: E402
from ingest.addressee import addressee_by_layout, settle_penerima  # noqa: E402
from ingest.model import Field, PageText, Word  # noqa: E402

ROW_GAP = 60


def _words(row: int, x: int, text: str, conf: float = 93.0) -> list[Word]:
    out = []
    for token in text.split():
        out.append(Word(token, conf, (x, 300 + ROW_GAP * row, 24 * len(token), 30), row))
        x += 24 * len(token) + 14
    return out


def _page(rows: list[list[tuple[int, str]]], conf: dict[str, float] | None = None) -> PageText:
    """A page of ``rows``, each a list of (x, text) segments; ``conf`` lowers the named words' confidence."""
    words = [w for n, row in enumerate(rows) for x, text in row for w in _words(n, x, text)]
    if conf:
        words = [Word(w.text, conf.get(w.text, w.conf), w.box, w.line) for w in words]
    text = "\n".join(" ".join(t for _, t in row) for row in rows)
    return PageText(number=1, text=text, words=tuple(words), confidence=90.0, width=2000, height=2800)


KOP_ROWS = [[(500, "PEMERINTAH KABUPATEN TANAH LAUT")], [(500, "DINAS KOMUNIKASI DAN INFORMATIKA")],
            [(400, "Jl. Merdeka No. 5 Pelaihari Telp. (0512) 21000")], [(1300, "Pelaihari, 4 Juni 2024")]]
BODY_ROWS = [[], [], [(420, "Dengan hormat, bersama ini kami sampaikan permohonan tersebut untuk")],
             [(160, "dapat ditindaklanjuti sebagaimana mestinya oleh Saudara.")]]


def _settled(page: PageText):
    return fieldread.settle(extract_metadata(page.text, page.words), page.text, [page])


def test_addressee_column_beside_the_label_block_is_read_from_the_layout():
    # the column's lines fall on the block's rows: the text interleaves them, the boxes keep them apart
    page = _page(KOP_ROWS + [
        [(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024"), (1300, "Kepada")],
        [(160, "Sifat"), (400, ":"), (420, "Penting"), (1200, "Yth."), (1300, "Seluruh Kepala Sekolah Dasar")],
        [(160, "Lampiran"), (400, ":"), (420, "1 berkas"), (1300, "Negeri dan Swasta")],
        [(160, "Hal"), (400, ":"), (420, "Undangan Rapat"), (1300, "Kabupaten Tanah Laut")],
        [(1200, "di")], [(1260, "Pelaihari")]] + BODY_ROWS)
    found = addressee_by_layout(page)
    assert found is not None
    assert found[0] == "Seluruh Kepala Sekolah Dasar Negeri dan Swasta Kabupaten Tanah Laut"
    md = _settled(page)
    assert md.penerima.value == found[0] and not any(r.startswith("penerima:") for r in md.review)


def test_addressee_column_ended_by_the_body_whitespace_without_a_di_row():
    page = _page(KOP_ROWS + [
        [(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024"), (1300, "Kepada")],
        [(160, "Hal"), (400, ":"), (420, "Undangan Rapat"), (1200, "Yth."), (1300, "Kepala Dinas Sosial")],
        [(1300, "Kabupaten Tanah Laut")]] + BODY_ROWS)
    assert addressee_by_layout(page)[0] == "Kepala Dinas Sosial Kabupaten Tanah Laut"


def test_numbered_addressees_in_the_column_are_one_list():
    # "3," for "3.": the numbering goes on, so the comma is the item's dot read wrong
    page = _page(KOP_ROWS + [
        [(160, "Nomor"), (400, ":"), (420, "005/12/KOMINFO/2024"), (1200, "Yth"), (1300, "1."), (1350, "Ketua DPRD")],
        [(160, "Sifat"), (400, ":"), (420, "Segera"), (1300, "2."), (1350, "Kepala Dinas Sosial")],
        [(160, "Hal"), (400, ":"), (420, "Undangan"), (1300, "3,"), (1350, "Kepala Bagian Umum")],
        [(1300, "Di"), ], [(1400, "PELAIHARI")]] + BODY_ROWS)
    assert addressee_by_layout(page)[0] == "Ketua DPRD; Kepala Dinas Sosial; Kepala Bagian Umum"


def test_addressee_column_with_a_doubtful_or_lost_word_stays_empty():
    rows = KOP_ROWS + [
        [(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024"), (1300, "Kepada")],
        [(160, "Sifat"), (400, ":"), (420, "Penting"), (1200, "Yth."), (1300, "Kepala Dinas Sosial")],
        [(160, "Hal"), (400, ":"), (420, "Undangan Rapat"), (1300, "Kabupaten Tanah Laut")],
        [(1200, "di")], [(1260, "Pelaihari")]] + BODY_ROWS
    assert addressee_by_layout(_page(rows))
    assert addressee_by_layout(_page(rows, conf={"Sosial": 41.0})) is None  # Tesseract doubted a word
    lost = [list(r) for r in rows]
    lost[6] = [(160, "Hal"), (400, ":"), (420, "Undangan Rapat"), (1300, "-")]  # a row of the column read as a speck
    assert addressee_by_layout(_page(lost)) is None
    damaged = [list(r) for r in rows]
    damaged[6] = [(160, "Hal"), (400, ":"), (420, "Undangan Rapat"), (1300, "Kabupaten Tanah selatam")]
    assert addressee_by_layout(_page(damaged, conf={"selatam": 72.0})) is None  # a lower-case non-word


def test_column_left_edge_from_a_kepada_glued_to_the_number_or_misread():
    # "Kepada Yth." over the column, the column's lines under "Kepada" (left of "Yth."): OCR glued "Kepada" to
    # the number beside it ("…/2024Kepada") or read it "Kopada"; the column's edge is still where "Kepada" stands
    def rows(number_row: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
        return KOP_ROWS + [number_row + [(1336, "Yth."), (1450, "Kepala Perpustakaan Desa")],
                           [(160, "Lampiran"), (400, ":"), (420, "-"), (1180, "Sahabat Gemilang")],
                           [(160, "Hal"), (400, ":"), (420, "Jawaban Permohonan"), (900, "—"), (1180, "di")],
                           [(420, "Peminjaman Buku"), (1270, "Neja")]] + BODY_ROWS
    want = "Kepala Perpustakaan Desa Sahabat Gemilang"
    assert addressee_by_layout(_page(rows([(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024"),
                                           (1180, "Kepada")])))[0] == want
    glued = _page(rows([(160, "Nomor"), (400, ":"), (752, "512/88/KOMINFO/2024Kepada")]))
    assert addressee_by_layout(glued)[0] == want
    misread = _page(rows([(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024"), (1180, "Kopada")]))
    assert addressee_by_layout(misread)[0] == want
    # without any "Kepada" the lines left of "Yth." are not known to be the column's
    assert addressee_by_layout(_page(rows([(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024")]))) is None


def test_body_row_running_into_the_column_leaves_the_addressee_empty():
    page = _page(KOP_ROWS + [
        [(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024"), (1300, "Kepada")],
        [(160, "Hal"), (400, ":"), (420, "Undangan Rapat"), (1200, "Yth."), (1300, "Kepala Dinas Sosial")],
        [(420, "Dengan hormat, bersama ini kami sampaikan permohonan kepada")]] + BODY_ROWS)
    assert addressee_by_layout(page) is None


def test_rn_read_as_m_and_the_block_abbreviation_are_mended_in_the_column():
    page = _page(KOP_ROWS + [
        [(160, "Nomor"), (400, ":"), (420, "445/82/RSUD/2024"), (1300, "Kepada")],
        [(160, "Lampiran"), (400, ":"), (420, "1 berkas"), (1200, "Yth."), (1300, "Gubemur Kalimantan Selatan")],
        [(160, "Hal"), (400, ":"), (420, "Laporan Tahunan"), (1200, "C.g."), (1300, "Sekretaris Daerah")],
        [(1200, "di")], [(1300, "Banjarbaru")]] + BODY_ROWS)
    if not dictionary("ind"):
        return  # the mending needs Tesseract's word list
    assert addressee_by_layout(page)[0] == "Gubernur Kalimantan Selatan C.q. Sekretaris Daerah"


def test_an_addressee_the_text_gave_is_mended_like_the_columns():
    """The same words, whichever reading found the block: the text's "Yth." block gets the mending too."""
    if not dictionary("ind"):
        return  # the mending needs Tesseract's word list
    page = _page(KOP_ROWS + [[(160, "Nomor"), (400, ":"), (420, "445/82/RSUD/2024")],
                             [(160, "Hal"), (400, ":"), (420, "Laporan Tahunan")]] + BODY_ROWS)
    md = extract_metadata(page.text, page.words)
    read = _replace(md, penerima=Field("Gubemur Kalimantan Selatan C.g. Sekretaris Daerah", 0.85, "blok 'Yth.' baris 4"))
    assert settle_penerima(read, [page]).penerima.value == "Gubernur Kalimantan Selatan C.q. Sekretaris Daerah"
    right = _replace(md, penerima=Field("Kepala Dinas Sosial Kabupaten Tanah Laut", 0.85, "blok 'Yth.' baris 4"))
    assert settle_penerima(right, [page]).penerima == right.penerima  # nothing to mend: left as read


def test_form_blank_addressee_is_not_filled_from_the_layout():
    page = _page([[(500, "LEMBAR DISPOSISI")], [(160, "Nomor Agenda"), (420, ": 12")],
                  [(160, "Tanggal"), (420, ": 4 Juni 2024"), (1200, "Yth."), (1300, "Kepala Dinas")],
                  [(1300, "Sekretaris")]] + BODY_ROWS)
    md = _settled(page)
    assert md.penerima.value is None


def _hal_block(hal: list[tuple[int, str]], under: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    return KOP_ROWS + [[(160, "Nomor"), (400, ":"), (420, "512/88/KOMINFO/2024")],
                       [(160, "Sifat"), (400, ":"), (420, "Penting")],
                       [(160, "Lampiran"), (400, ":"), (420, "-")], hal] + under + BODY_ROWS


def test_hal_label_without_colon_in_the_label_column_is_read_with_its_rows():
    page = _page(_hal_block([(160, "Hal"), (420, "Undangan Peserta Rapat"), (1300, "Yth. Kepala Desa")],
                            [[(420, "Evaluasi Triwulan II"), (1300, "di")], [(420, "Tahun 2024"), (1380, "Takisung")]]))
    assert fieldread.perihal_by_layout(page) == "Undangan Peserta Rapat Evaluasi Triwulan II Tahun 2024"
    # the same word where no label column stands (a form's "Hal" row) is no subject
    alone = _page(KOP_ROWS + [[(160, "Hal"), (420, "Undangan Peserta Rapat")]] + BODY_ROWS)
    assert fieldread.perihal_by_layout(alone) is None


def test_subject_the_text_cut_short_is_lengthened_by_the_value_column():
    page = _page(_hal_block([(160, "Hal"), (400, ":"), (420, "Undangan Peserta Rapat"), (1300, "Yth. Kepala Desa")],
                            [[(420, "Evaluasi Triwulan II"), (1300, "di")], [(420, "Tahun 2024"), (1380, "Takisung")]]))
    md = extract_metadata(page.text, page.words)
    short = _replace(md, perihal=Field("Undangan Peserta Rapat Evaluasi", 0.8, "label tepat 'Hal'; lanjut 1 baris"))
    after = fieldread.settle(short, page.text, [page])
    assert after.perihal.value == "Undangan Peserta Rapat Evaluasi Triwulan II Tahun 2024"
    other = _replace(md, perihal=Field("Undangan Rapat Koordinasi", 0.8, "label tepat 'Hal'"))
    assert fieldread.settle(other, page.text, [page]).perihal.value == "Undangan Rapat Koordinasi"  # not its start


def test_hal_label_damaged_by_ocr_in_the_label_column():
    if not dictionary("ind"):
        return  # the value under a damaged label is checked against Tesseract's word list
    page = _page(_hal_block([(160, "Penhal"), (420, "Pemberitahuan Pelayanan Kesehatan")], []))
    md = extract_metadata(page.text, page.words)
    assert md.perihal.value is None
    assert _settled(page).perihal.value == "Pemberitahuan Pelayanan Kesehatan"
    # the damage reaching into the value: no subject rather than a garbled one
    garbled = _page(_hal_block([(160, "Penhal"), (420, "Pembentahuan Pelayanan Kesehatan")], []))
    assert _settled(garbled).perihal.value is None


def test_place_of_the_column_on_the_hal_row_is_left_out_by_the_layout():
    # "Di" alone beside the block, its place at the far end of the Hal row: the text cannot tell it from
    # the subject's last word, the boxes can
    rows = KOP_ROWS + [[(1300, "Kepada")], [(400, ":"), (1300, "Yth. Kepala Puskesmas Pelaihari")],
                       [(400, ":"), (1320, "Di")],
                       [(160, "Perihal"), (400, ":"), (420, "Permohonan Penyuluhan"), (1500, "Pelaihari")]] + BODY_ROWS
    page = _page(rows)
    md = extract_metadata(page.text, page.words)
    assert md.perihal.value is None and "mungkin tempat" in md.perihal.reason
    assert _settled(page).perihal.value == "Permohonan Penyuluhan"


def test_hal_row_under_which_a_row_lost_its_beginning_is_unsure():
    page = _page(_hal_block([(160, "Perihal"), (400, ":"), (420, "Penyampaian Hasil Koordinasi")],
                            [[(560, "nggaran 2025")]]))
    assert fieldread.perihal_by_layout(page) is None


def test_logo_motto_read_before_pemerintah_is_no_part_of_the_kop():
    text = doc("JAYA.RAYA PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA", "DINAS PERPUSTAKAAN DAN KEARSIPAN",
               "Jl. Merdeka No. 5 Jakarta Telp. (021) 21000", "Nomor : 512/88/DPK/2024", BODY)
    assert extract_metadata(text).pengirim.value == "Dinas Perpustakaan dan Kearsipan Provinsi Daerah Khusus Ibukota Jakarta"


def test_subject_garbled_by_the_columns_words_is_read_from_the_layout():
    # the column's "C.g." read onto the Hal row makes the text's value look garbled; the boxes leave it out
    page = _page(KOP_ROWS + [
        [(160, "Nomor"), (400, ":"), (420, "445/82/RSUD/2024"), (1300, "Kepada")],
        [(160, "Lampiran"), (400, ":"), (420, "1 berkas"), (1200, "Yth."), (1300, "Direktur Utama")],
        [(160, "Perihal"), (400, ":"), (420, "Laporan Evaluasi Pelayanan"), (1200, "C.g. Sekretaris")],
        [(420, "Informasi Publik Tahun 2023"), (1200, "di")], [(1300, "Banjarbaru")]] + BODY_ROWS)
    md = extract_metadata(page.text, page.words)
    assert md.perihal.value is None and "tampak rusak" in md.perihal.reason
    assert _settled(page).perihal.value == "Laporan Evaluasi Pelayanan Informasi Publik Tahun 2023"
