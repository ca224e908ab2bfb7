"""Words of a table's cells mended by Tesseract's own word list (issue 15, tables20): a word no
dictionary knows, one letter off a word the same ruled grid column reads sure ("Kcta" under "Kota"),
is that word misread; a "!" or "|" read for a letter l or I inside or after a word is that letter.
Names, words the word list knows, words of other columns and plain text stay as read.

Word-level: OCR words laid out by hand (as in test_table_cells.py); the word list is the installed
Tesseract model's (``ingest.ocr.dictionary``), skipped where the training tools are missing."""
from __future__ import annotations

import pytest

from archive import table_read
from ingest.ocr import dictionary

LINE, CHAR = 60, 22

pytestmark = pytest.mark.skipif(not dictionary("ind"),
                                reason="Tesseract's word list (combine_tessdata, dawg2wordlist) is not installed")


def _word(x: int, y: int, text: str, cell: tuple[int, int, int] | None, conf: float = 92.0) -> list[dict]:
    out = []
    for word in text.split():
        w: dict = {"text": word, "conf": conf, "box": [x, y, CHAR * len(word), 30]}
        if cell:
            w["cell"] = list(cell)
        out.append(w)
        x += CHAR * (len(word) + 1)
    return out


def _grid(rows: list[tuple[str, str, str]], misread: dict[tuple[int, int], tuple[str, float]],
          ruled: bool = True) -> list[dict]:
    """A ruled table (header "No | Nama | Alamat") with ``rows``; ``misread``: (body row, column) ->
    the text of that cell's last word and its confidence."""
    words: list[dict] = []
    for r, cells in enumerate([("No", "Nama", "Alamat"), *rows]):
        y = 100 + r * 2 * LINE
        for c, (x, text) in enumerate(zip((100, 300, 900), cells)):
            cell = _word(x, y, text, (0, r, c) if ruled else None)
            if (r, c) in misread:
                cell[-1]["text"], cell[-1]["conf"] = misread[(r, c)]
            words += cell
    return words


ROWS = [("1", "Rahmat", "Jalan Kota Baru"), ("2", "Hasan", "Jalan Kota Lama"), ("3", "Yusuf", "Jalan Kota Baru"),
        ("4", "Irwansyah", "Jalan Kota Lama")]


def _cells(words: list[dict]) -> list[tuple[str, ...]]:
    return [tuple(r.cells.values()) for r in table_read.read_page(words).rows]


@pytest.mark.parametrize("misread, conf", [("Kcta", 62.0), ("Kotu", 85.0), ("Lamu", 40.0)])
def test_a_word_no_word_list_knows_one_letter_off_a_sure_word_of_its_grid_column_is_that_word(misread, conf):
    words = _grid(ROWS, {})
    for w in words:  # the second row's city word: "Kota" of every other row, misread
        if w.get("cell") == [0, 2, 2] and w["text"] in ("Kota", "Lama"):
            if (w["text"] == "Kota") == misread.startswith("K"):
                w["text"], w["conf"] = misread, conf
    rows = _cells(words)
    assert ("2", "Hasan", "Jalan Kota Lama") in rows, rows


def test_a_misread_word_is_mended_to_a_sure_word_of_its_own_cell():
    rows = [("1", "Hotel Sahid", "Jalan Palembang Kota Palembang")] + ROWS[1:]
    words = _grid(rows, {(1, 2): ("Palemzang", 86.0)})
    assert ("1", "Hotel Sahid", "Jalan Palembang Kota Palembang") in _cells(words)


def test_words_the_word_list_knows_names_other_columns_and_unruled_tables_stay_as_read():
    # "Kita" is a word: a word read as another word stays as read
    assert ("2", "Hasan", "Jalan Kota Kita") in _cells(_grid(ROWS, {(2, 2): ("Kita", 40.0)}))
    # the sure word stands in another column only
    rows = [("1", "Kota", "Jalan Baru"), ("2", "Kota", "Jalan Lama"), ("3", "Yusuf", "Jalan Kcta")]
    assert ("3", "Yusuf", "Jalan Kcta") in _cells(_grid(rows, {(3, 2): ("Kcta", 62.0)}))
    # a column of names: a rare name one letter off a common one read surer stays that name
    names = [("1", "Rahmat", "Jalan Baru"), ("2", "Marlina", "Jalan Lama"), ("3", "Syarifuddin", "Jalan Baru"),
             ("4", "Aliansyah", "Jalan Lama"), ("5", "Rahmut", "Jalan Baru")]
    assert ("5", "Rahmut", "Jalan Baru") in _cells(_grid(names, {(5, 1): ("Rahmut", 70.0)}))
    # no ruled grid: no column to compare with
    assert any("Kcta" in " ".join(r) for r in _cells(_grid(ROWS, {(2, 2): ("Kcta", 62.0)}, ruled=False)))
    # one letter off two sure words of the column ("Kota" and "Kita"): which one is unknown
    two = [("1", "Rahmat", "Kota Baru"), ("2", "Hasan", "Kita Lama"), ("3", "Yusuf", "Kcta Baru")]
    words = _grid(two, {})
    for w in words:
        if w.get("cell") == [0, 3, 2] and w["text"] == "Kcta":
            w["conf"] = 50.0
    assert ("3", "Yusuf", "Kcta Baru") in _cells(words)


def test_a_mark_read_for_a_letter_l_or_i_is_that_letter_when_the_word_list_says_so():
    words = dictionary("ind")
    assert table_read._mended_mark("Hote!", words) == "Hotel"
    assert table_read._mended_mark("Hote!,", words) == "Hotel,"
    assert table_read._mended_mark("HOTE!", words) == "HOTEL"
    assert table_read._mended_mark("Kepa!a", words) == "Kepala"
    assert table_read._mended_mark("Ke|as", words) == "Kelas"
    assert table_read._mended_mark("UN!IVERSITAS", words) == "UNIVERSITAS"  # a speck between letters
    # an exclamation, a word before a mark, a name, a number: as read
    for text in ("Awas!", "SURAT!", "Tangga!", "Sa!asiah", "2!", "A!i"):
        assert table_read._mended_mark(text, words) == text


def test_a_cell_with_a_mark_read_for_a_letter_reads_the_word():
    rows = _cells(_grid(ROWS, {(3, 1): ("Yusuf", 92.0), (3, 2): ("Baru", 92.0)}) +
                  _word(900, 100 + 5 * 2 * LINE, "Hote! Kepa!a", (0, 5, 2)) + _word(100, 100 + 5 * 2 * LINE, "5", (0, 5, 0)))
    assert ("5", "Hotel Kepala") in rows, rows


def _label_cell(x: int, y: int, label: str, value: str, tag: tuple[int, int, int], colon_apart: bool = True) -> list[dict]:
    """A form's ruled cell: a printed label, its colon (a word of its own standing apart, as a form
    aligns its colons, or read glued to the label), the value."""
    out = _word(x, y, label, tag)
    end = out[-1]["box"][0] + out[-1]["box"][2]
    if colon_apart:
        out.append({"text": ":", "conf": 90.0, "box": [end + 40, y + 6, 6, 20], "cell": list(tag)})
    else:
        out[-1]["text"] += ":"
    return out + _word(end + 80, y, value, tag)


def _form(labels: list[tuple[str, bool]]) -> list[str]:
    """Each row's cells as read, joined (how many columns a two-row form splits into is not asked)."""
    words: list[dict] = []
    for r, (label, apart) in enumerate(labels):
        words += _label_cell(100, 100 + 80 * r, label, "Undangan", (0, r, 0), apart)
        words += _word(1400, 100 + 80 * r, "Diteruskan", (0, r, 1))
    return [" | ".join(r.cells.values()) for r in table_read.read_page(words).rows]


def test_a_forms_label_read_as_one_word_before_its_colon_is_split_into_its_two_words():
    # "Tanggal surat :" read "Tanggalsurat" with its colon apart, "Nomor surat:" read "Nomorsurat:"
    rows = _form([("Tanggalsurat", True), ("Nomorsurat", False), ("Sifat", True)])
    assert rows[0].startswith("Tanggal surat :"), rows
    assert rows[1].startswith("Nomor surat:"), rows
    assert rows[2].startswith("Sifat :"), rows


def test_glued_words_without_a_labels_colon_words_the_list_knows_and_short_parts_stay_as_read():
    words: list[dict] = []
    for r, text in enumerate(["Tanggalsurat Undangan", "Perihal Undangan"]):
        words += _word(100, 100 + 80 * r, text, (0, r, 0)) + _word(1400, 100 + 80 * r, "Diteruskan", (0, r, 1))
    rows = [" | ".join(r.cells.values()) for r in table_read.read_page(words).rows]
    assert rows[0].startswith("Tanggalsurat Undangan"), rows  # no label's colon after it: left as read
    rows = _form([("Perihal", True), ("Noagenda", True)])
    assert rows[0].startswith("Perihal :"), rows  # a word of the list: never split
    assert rows[1].startswith("Noagenda :"), rows  # "No": a part under LABEL_PART letters


def test_a_small_l_read_for_an_i_is_that_i_when_the_word_list_knows_only_that_word():
    words = dictionary("ind")
    assert table_read._mended_l("sebagal", words) == "sebagai"
    assert table_read._mended_l("pegawal,", words) == "pegawai,"
    assert table_read._mended_l("Selesal", words) == "Selesai"
    # words the list knows, names no i makes a word, capitals, short words, numbers, an l beside an l
    # ("Allas" read for "Atlas"): as read
    for text in ("jadwal", "awal", "total", "final", "Rizal", "Faisal", "SEBAGAL", "bal", "l0l", "Kamal", "Allas"):
        assert table_read._mended_l(text, words) == text


def test_a_cell_with_an_l_read_for_an_i_reads_the_word():
    rows = _cells(_grid(ROWS, {}) + _word(100, 100 + 5 * 2 * LINE, "5", (0, 5, 0)) +
                  _word(300, 100 + 5 * 2 * LINE, "Rizal", (0, 5, 1)) +
                  _word(900, 100 + 5 * 2 * LINE, "Untuk diketahui sebagal info", (0, 5, 2)))
    assert ("5", "Rizal", "Untuk diketahui sebagai info") in rows, rows


def test_a_word_glued_to_the_capitalised_word_after_it_is_parted_where_the_word_list_knows_the_first():
    words = dictionary("ind")
    assert table_read._split_capital("DesaAwayan", words) == "Desa Awayan"
    assert table_read._split_capital("HariTanggal,", words) == "Hari Tanggal,"
    # a name or a code set so, a short first part, a word without a capital inside: as read
    for text in ("McDonald", "BuRT", "DeWitt", "Desa", "desaawayan", "KabBalangan", "SMAN1"):
        assert table_read._split_capital(text, words) == text
    rows = _cells(_grid(ROWS, {}) + _word(100, 100 + 5 * 2 * LINE, "5", (0, 5, 0)) +
                  _word(300, 100 + 5 * 2 * LINE, "Rizal", (0, 5, 1)) + _word(900, 100 + 5 * 2 * LINE, "DesaAwayan Hilir", (0, 5, 2)))
    assert ("5", "Rizal", "Desa Awayan Hilir") in rows, rows


def test_a_colon_read_for_an_i_is_that_i_when_the_word_list_knows_the_word():
    words = dictionary("ind")
    assert table_read._colon_read_for_i("Sertifikas::", words) == "Sertifikasi:"
    assert table_read._colon_read_for_i("Sert:fikasi", words) == "Sertifikasi"
    assert table_read._colon_read_for_i("mem:nta,", words) == "meminta,"
    # a label's one colon, a label glued to its value, a word the list knows before a doubled colon,
    # a word no i makes a word of the list: as read
    for text in ("Sertifikas:", "Tanggal:", "Nama:Budi", "Nama::", "Tgl::", "Hot:l", "Rp:5000"):
        assert table_read._colon_read_for_i(text, words) == text
    rows = _cells(_grid(ROWS, {}) + _word(100, 100 + 5 * 2 * LINE, "5", (0, 5, 0)) +
                  _word(300, 100 + 5 * 2 * LINE, "Rizal", (0, 5, 1)) +
                  _word(900, 100 + 5 * 2 * LINE, "Ujian Sertifikas:: 21 Januari", (0, 5, 2)))
    assert ("5", "Rizal", "Ujian Sertifikasi: 21 Januari") in rows, rows


def _tight(x: int, y: int, parts: list[str], cell: tuple[int, int, int]) -> list[dict]:
    """Words of a cell's line, the usual word space apart but for a "|" between two parts, set 2 px
    apart (a word Tesseract read as two)."""
    out: list[dict] = []
    for part in parts:
        for k, word in enumerate(part.split("|")):
            out.append({"text": word, "conf": 92.0, "box": [x, y, CHAR * len(word), 30], "cell": list(cell)})
            x += CHAR * len(word) + (2 if k < part.count("|") else CHAR)
    return out


def test_a_word_read_as_two_set_tight_is_one_word_when_the_word_list_says_so():
    y = 100 + 5 * 2 * LINE
    words = _grid(ROWS, {}) + _word(100, y, "5", (0, 5, 0)) + _word(300, y, "Rahman", (0, 5, 1))
    # "Subke lompok": neither part a word, "berma ksud": the two a word; "serah terima" two words of the
    # list, "Batu mandi" too (a place's name, left as read); "dan Kota" a capital after the gap
    words += _tight(900, y, ["Ketua", "Subke|lompok", "kami", "berma|ksud", "serah|terima", "Batu|mandi", "dan|Kota"],
                    (0, 5, 2))
    rows = _cells(words)
    assert ("5", "Rahman", "Ketua Subkelompok kami bermaksud serah terima Batu mandi dan Kota") in rows, rows
    # set a word space apart, the same words stay apart
    words = _grid(ROWS, {}) + _word(100, y, "5", (0, 5, 0)) + _word(300, y, "Rahman", (0, 5, 1)) + \
        _word(900, y, "Ketua Subke lompok kami berma ksud", (0, 5, 2))
    assert ("5", "Rahman", "Ketua Subke lompok kami berma ksud") in _cells(words)
