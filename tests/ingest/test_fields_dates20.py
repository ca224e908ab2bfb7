"""Letter dates on unseen generated captures (issue 17, dates20): a date in words whose words OCR damaged by a
letter or two ("Dua Pulah Tujuh balan Macet takan …"), read word by word and kept only when the day's name agrees;
and the time stamp of a post or a message ("17 Juli 2023 pukul 12.12") read again, like a letter's place-date row,
when extraction left the date empty. Texts and pages are written here, not taken from any set."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import font
from PIL import Image, ImageDraw
from test_fieldread import _degrade

from ingest import fieldread
from ingest.calibration import calibrate
from ingest.dates import DAMAGED_WORDS, DAMAGED_WORDS_CONFIDENCE, WEEKDAY_AGREES, find_dates
from ingest.metadata import THRESHOLDS, extract_metadata
from ingest.model import Classification, PageText, Word
from ingest.options import IngestOptions
from tests.ingest.textwords import HEAD

# ---------------------------------------------------------------- a date in words with damaged words

BAST = (HEAD + "BERITA ACARA SERAH TERIMA BUKU\nPROGRAM BUKU RUMAH TANGGA (BuRT)\n"
        "Nomor : 027/BAST/DISPERSIP/2023\n{sentence}\n"
        ", bertempat di Kantor Dinas Perpustakaan dan Kearsipan Kabupaten Balangan, kami\n"
        "yang bertanda tangan di bawah ini:\n1. Nama : Erna Wati, M.Pd.\n")


@pytest.mark.parametrize("sentence,iso", [
    # 27 March 2023 is a Monday (Senin)
    ("Pada hari ini Senin tanggal Dua Pulah Tujuh balan Macet takan Dus Ribu Dua Puluh Tiga", "2023-03-27"),
    ("Pada hari ini Senin tanggal Dua Puluh Tujuh bulan Maret tahvn Dua Ribu Dua Puluh Tiga", "2023-03-27"),
    ("Pada hari ini Senin tanggal Dua Puluh Tujuh bulan Maret tahun Dua Ribu Dua Pulah Tiga", "2023-03-27"),
    # 11 March 2024 is a Monday
    ("Pada hari Ini Senin tanggal Sebelas bu1an Maret tahun Dua Ribu Dua Puluh Empaf", "2024-03-11"),
])
def test_a_date_in_words_with_damaged_words_is_read_when_the_day_name_agrees(sentence, iso):
    md = extract_metadata(BAST.format(sentence=sentence))
    assert md.tanggal.value == iso
    assert DAMAGED_WORDS in md.tanggal.reason and WEEKDAY_AGREES in md.tanggal.reason
    assert md.tanggal.confidence == DAMAGED_WORDS_CONFIDENCE >= THRESHOLDS["tanggal"]


@pytest.mark.parametrize("sentence", [
    # another weekday: 27 March 2023 is no Tuesday
    "Pada hari ini Selasa tanggal Dua Pulah Tujuh balan Macet takan Dus Ribu Dua Puluh Tiga",
    # no day's name before "tanggal": nothing checks the repaired words
    "Pada hari ini tanggal Dua Pulah Tujuh balan Macet takan Dus Ribu Dua Puluh Tiga",
    # the year's words end on "Puluh" at the line's end: its unit may be lost
    "Pada hari ini Senin tanggal Dua Pulah Tujuh balan Macet takan Dua Ribu Dua Puluh",
    # a word two letters from every number word ("Tujah" is one, "Tyjzh" two): not read
    "Pada hari ini Senin tanggal Dua Puluh Tyjzh balan Maret tahun Dua Ribu Dua Puluh Tiga",
    # "bulan" destroyed beyond two letters
    "Pada hari ini Senin tanggal Dua Puluh Tujuh xxyyzz Maret tahun Dua Ribu Dua Puluh Tiga",
    # a month word no month is near
    "Pada hari ini Senin tanggal Dua Pulah Tujuh bulan Kwtxz tahun Dua Ribu Dua Puluh Tiga",
])
def test_a_damaged_date_in_words_gives_no_date_without_every_check(sentence):
    md = extract_metadata(BAST.format(sentence=sentence))
    assert not md.tanggal.present


def test_the_figures_in_brackets_after_damaged_words_decide():
    """Figures of a date in brackets after the words are read by the rules for words and figures (here they
    agree with the words' day and month), never replaced by the repaired words."""
    sentence = "Pada hari ini Senin tanggal Dua Puluh Tujuh bulan Maret takan Dua Ribu Dua Puluh Tiga\n(27-03-2023)"
    hits = [h for h in find_dates(BAST.format(sentence=sentence)) if h.kind == "words"]
    assert [h.iso for h in hits] == ["2023-03-27"]
    assert all(DAMAGED_WORDS not in h.reason for h in hits)
    same_line = BAST.format(sentence=sentence.replace("\n", " ").replace("bulan", "balan"))  # figures on the line
    assert not any(DAMAGED_WORDS in h.reason for h in find_dates(same_line))
    other = sentence.replace("(27-03-2023)", "(28-03-2023)")
    assert not any(DAMAGED_WORDS in h.reason for h in find_dates(BAST.format(sentence=other)))


def test_a_date_in_words_read_clean_is_read_as_before():
    sentence = "Pada hari ini Senin tanggal Dua Puluh Tujuh bulan Maret tahun Dua Ribu Dua Puluh Tiga"
    md = extract_metadata(BAST.format(sentence=sentence))
    assert md.tanggal.value == "2023-03-27" and DAMAGED_WORDS not in md.tanggal.reason
    assert md.tanggal.confidence > DAMAGED_WORDS_CONFIDENCE


def test_a_repaired_date_in_words_is_kept_through_calibration():
    sentence = "Pada hari ini Senin tanggal Dua Pulah Tujuh balan Macet takan Dus Ribu Dua Puluh Tiga"
    md, _ = calibrate(extract_metadata(BAST.format(sentence=sentence)), Classification("berita_acara_serah_terima", 0.9))
    assert md.tanggal.value == "2023-03-27"
    assert md.tanggal.confidence < 0.9  # never shown among the sure values


# ---------------------------------------------------------------- a post's time stamp read again

POST_LINES = [("Info Paringin - Beranda", 60, 36), ("Info Paringin", 130, 40), ("17 Juli 2023 pukul 12.12", 200, 34),
              ("Kegiatan membaca bersama di Desa Sinam berjalan meriah.", 290, 34),
              ("Siapa yang sudah pinjam buku minggu ini?", 350, 34)]


def _post() -> tuple[PageText, np.ndarray]:
    """A post's screenshot page and the page reading of it with the stamp's day doubted (read at 30)."""
    im = Image.new("L", (1800, 700), 255)
    draw = ImageDraw.Draw(im)
    words, lines = [], []
    for n, (line, y, size) in enumerate(POST_LINES):
        x = 120
        for token in line.split():
            left, top, right, bottom = draw.textbbox((x, y), token, font=font(size))
            draw.text((x, y), token, fill=0, font=font(size))
            words.append(Word(token, 30.0 if token == "17" else 95.0, (left, top, right - left, bottom - top), n))
            x = right + size // 2
        lines.append(line)
    page = np.asarray(im).copy()
    return PageText(number=1, text="\n".join(lines), words=tuple(words), confidence=80.0, width=1800, height=700), page


def test_a_posts_doubted_time_stamp_is_read_again_and_settled():
    text, page = _post()
    before = extract_metadata(text.text, text.words)
    assert not before.tanggal.present and before.tanggal.confidence > 0  # read, and emptied for the doubted day
    assert fieldread.field_lines(text, ["tanggal"]) == []  # not a place-date row
    rows = fieldread.field_lines(text, ["tanggal"], stamps=True)
    assert [" ".join(w.text for w in row) for _, row in rows] == ["17 Juli 2023 pukul 12.12"]
    read = fieldread.reread_fields(_degrade(page, factor=1.5, blur=0.4), text, IngestOptions(workers=1))
    after = fieldread.settle(before, text.text, [read])
    record = next(s for s in read.steps if s.stage == fieldread.STAGE)
    assert after.tanggal.value == "2023-07-17", record.details["lines"]
    assert "dibaca ulang per baris" in after.tanggal.reason


def test_a_stamp_row_is_never_read_where_the_page_has_a_place_date():
    words = [Word(t, 95.0, (100 + 150 * i, 100, 120, 30), 0) for i, t in enumerate("17 Juli 2023 pukul 12.12".split())]
    words += [Word(t, 95.0, (100 + 150 * i, 200, 120, 30), 1) for i, t in enumerate("Paringin, 18 Juli 2023".split())]
    page = PageText(number=1, text="17 Juli 2023 pukul 12.12\nParingin, 18 Juli 2023", words=tuple(words),
                    confidence=90.0, width=2000, height=2000)
    rows = fieldread.field_lines(page, ["tanggal"], stamps=True)
    assert [" ".join(w.text for w in row) for _, row in rows] == ["Paringin, 18 Juli 2023"]


@pytest.mark.parametrize("line,stamp", [("17 Juli 2023 pukul 12.12", True), ("Or 17 Juli 2023 pukul 12.12", True),
                                        ("17 Juli 2023 jam 12.12", True), ("19 2025 pukul 10.47", True),
                                        ("11 Moi 2025 pakul 15.30", True), ("17 Juli 2023 di Aula", False),
                                        ("Hari Senin tanggal 17 Juli 2023 pukul", False),
                                        ("pukul 2023 Juli", False), ("17 Juli 20 pukul 12.12", False)])
def test_what_a_stamp_row_is(line, stamp):
    words = [Word(t, 95.0, (100 + 150 * i, 100, 120, 30), 0) for i, t in enumerate(line.split())]
    assert (fieldread._stamp_row(words) is not None) is stamp
