"""Number failures seen on unseen messenger photos (issues 17/13, sixteenth session): a Roman month whose strokes
were read as an 'M' ("VIM" for VII), a number row re-read with the JPEG's blocks smoothed out, a Nomor label split
after its first letter ("N OMOR"), a number the page reading cut short of its year. Pages drawn here, never a
sample's file."""
from __future__ import annotations

import numpy as np
import pytest
from test_fieldread import NOMOR, _degrade, _letter, _line, _page_text, _record

from ingest import fieldread
from ingest.metadata import extract_metadata
from ingest.model import Word
from ingest.nomor import NO_SEQUENCE, check_nomor
from ingest.options import IngestOptions

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


@pytest.mark.parametrize("month", ["VIM", "IIM", "VIH"])
def test_a_month_whose_strokes_were_read_as_m_or_h_is_no_month(month):
    assert any("bukan I–XII" in p for p in check_nomor(f"12/Sek/TBM-JC/{month}/2023", "2023-07-03"))


@pytest.mark.parametrize("segment", ["MI", "SMP", "HM"])  # one Roman letter or none: a code, not a month
def test_codes_with_m_or_h_before_the_year_are_not_taken_for_months(segment):
    assert not check_nomor(f"12/Sek/{segment}/2023", "2023-07-03")


def test_readings_agreeing_on_a_month_read_vim_do_not_fill_it_and_the_letters_month_settles_it():
    """Three readings agree on "…/VIM/2023" (before, the vote took it): "VIM" is no month, so it is not taken; the
    readings agree on every other segment and one reads VII, the letter's own month (July): the number is put
    together segment by segment with the month the date confirms."""
    text = HEAD + "NOMOR : 12/Sek/TBM-JC/VIM/2023\nParingin, 3 Juli 2023\nPerihal : Undangan\n"
    before = extract_metadata(text)
    assert not before.nomor.present
    readings = ["NOMOR : 12/Sek/TBM-JC/VIM/2023", "NOMOR : 12/Sek/TBM-JC/VI1/2023", "NOMOR : 12/Sek/TBM-JC/VIM/2023",
                "NOMOR : 12/Sek/TBM-JC/VIWV/2023"]
    line = _line("NOMOR : 12/Sek/TBM-JC/VIM/2023", readings)
    assert "nomor" not in line["values"]  # three readings agree on it, but no reading gives "VIM" as a number
    after = fieldread.settle(before, text, [_record([line])])
    assert after.nomor.value == "12/Sek/TBM-JC/VII/2023"


@pytest.mark.parametrize("value,others,confirmed", [
    ("500.12/541/Diskominfo/IV/2025", ["500.12/541/Diskominfo/V/2025"], True),  # a month I-XII needs no reading
    ("500.12/541/Diskominfo/IV/2025", ["500.12/541/Diskomindo/V/2025"], False),  # the code read so by no other
    ("400.10/465/Dispersip-Blg/V/2024", ["400.10465/Dispersip-Blg/V/2024"], False),  # another shape: no reading
    ("400.10/465/Dispersip-Blg/V/2024", ["400.10465/Dispersip-Blg/V/2024", "400.10/465/Dispersip-Blg/V/2024"], True),
    ("005/150/DISPERSIP/V/2024", ["008/150/DISPERSIP/V/2024", "005/ISO/DISPERSIP/V/2024"], True),  # column by column
    ("005/150/DISPERSIP/V/2024", ["008/150/DISPERSIP/V/2024"], False)])
def test_each_segment_of_a_denoised_number_needs_an_independent_reading(value, others, confirmed):
    assert fieldread._segments_confirmed(value, others) is confirmed


@pytest.mark.parametrize("line,joined", [("N OMOR 000.1.5/287/Dispersip-Blg/VII/2025", "NOMOR 000.1.5/287/Dispersip-Blg/VII/2025"),
                                         ("N omor : 041/078/Dispersip/2023", "Nomor : 041/078/Dispersip/2023"),
                                         ("A Yani Km. 3,5 Paringin", "A Yani Km. 3,5 Paringin"),
                                         ("N OTA DINAS", "N OTA DINAS")])
def test_a_nomor_label_split_after_its_first_letter_is_joined(line, joined):
    assert fieldread._label_joined(line) == joined


def test_a_row_whose_label_was_split_is_found_and_its_readings_give_the_number():
    words = [Word("N", 80.0, (100, 300, 25, 40), 2), Word("OMOR", 80.0, (130, 300, 110, 40), 2),
             Word("000.1.5/287/Dispersip-Blg/VII/2025", 40.0, (260, 300, 700, 40), 2)]
    assert fieldread._nomor_line(words)
    assert fieldread.line_values("N OMOR 000.1.5/287/Dispersip-Blg/VII/2025") == \
        {"nomor": "000.1.5/287/Dispersip-Blg/VII/2025"}


def _row(page_read: str):
    page, boxes = _letter(nomor_size=30)
    text = _page_text(boxes, page_read, 40.0)
    line = next(ln for name, ln in fieldread.field_lines(text, ["nomor"]) if name == "nomor")
    right = int(np.percentile([w.box[0] + w.box[2] for w in text.words], 95))
    return page, line, right


@pytest.mark.parametrize("value,to_the_edge", [("000.1.57287/D", True), ("000.1.5/287/Dispersip-Blg/VII/2025", False)])
def test_a_number_the_page_reading_cut_short_of_its_year_is_read_to_the_texts_right_edge(value, to_the_edge):
    """The page reading kept only "000.1.57287/D" of the number: the row's crop is not stopped after those words
    (the rest of the number is still on the paper), as it is after a whole number."""
    page = np.full((900, 2000), 255, np.uint8)
    line = [Word("Nomor", 90.0, (100, 300, 110, 30), 2), Word(":", 90.0, (215, 300, 8, 30), 2),
            Word(value, 40.0, (235, 300, 14 * len(value), 30), 2)]
    crop, _ = fieldread._row_crop(page, line, 1800, 30.0)
    assert (crop.shape[1] > 1800 - 100) is to_the_edge


@pytest.mark.parametrize("earlier,taken", [
    (["Nomor : 045/112/DISPERSIP/V1/2024"], True),  # every segment read so once more (the month: a valid one)
    (["Nomor : 045/113/DISPERSIP/VI/2024"], False),  # a digit read otherwise by another reading
    ([], False)])  # no independent reading of the number at all
def test_a_jpeg_row_read_with_its_blocks_smoothed_is_taken_only_with_independent_readings(earlier, taken):
    """The row, shrunk, blurred and compressed hard, is read under the denoised variants with real Tesseract;
    their agreement settles the number only when the other readings of the row confirm each segment and none
    reads a digit otherwise. The page's own reading is garbled here, so it confirms nothing."""
    page, line, right = _row("O4S/1I2/DISP")
    crop, factor = fieldread._row_crop(_degrade(page, factor=2.0, blur=0.6), line, right, 30.0)
    options = IngestOptions(workers=1)
    denoised = [r for r, _ in fieldread._read_all(crop, factor, options, fieldread.DENOISED_VARIANTS)]
    assert fieldread.vote(["Nomor : O4S/1I2/DISP", *denoised])[0].get("nomor") == NOMOR, denoised  # they agree
    _, values, _ = fieldread._read_denoised(crop, factor, options, "Nomor : O4S/1I2/DISP", earlier, [], {}, {})
    assert values.get("nomor") == (NOMOR if taken else None), denoised


@pytest.mark.parametrize("number,refused", [("YKOM-BLB/SP/2025", True),  # "9/" read as "Y": no sequence number left
                                            ("Sek/TBM/VII/2025", True),
                                            ("9/KOM-BLB/SP/2025", False), ("BA-041/DISPERSIP/2025", False),
                                            ("e-0132/KI.03.01", False), ("263/H", False)])
def test_a_number_with_no_digit_before_its_year_is_refused(number, refused):
    assert (NO_SEQUENCE in check_nomor(number, "2025-08-11")) is refused


def test_a_number_whose_sequence_was_read_as_a_letter_is_left_empty_and_flagged():
    md = extract_metadata(HEAD + "NOMOR : YKOM-BLB/SP/2025\nParingin, 11 Agustus 2025\nPerihal : Balasan\n")
    assert not md.nomor.present
    assert any("YKOM-BLB/SP/2025" in r for r in md.review)
