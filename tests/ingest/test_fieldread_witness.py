"""The second Tesseract model (tessdata_best's Indonesian LSTM, ``IngestOptions.witness_tessdata``, unpacked by
``make install``) as an independent witness of field re-reading (model20): the engine keeps it apart from the
system's model, a folder without it leaves the pipeline as it was (said once), and a row's value is taken from
the two recognizers only when both read it and no reading says otherwise. Real Tesseract, generated images."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_fieldread_photo_rows import NOMOR, _photo, _row

from ingest import fieldread, ocr, tesseract_engine
from ingest.options import WITNESS_TESSDATA, IngestOptions

OPTIONS = IngestOptions(workers=1)


@pytest.fixture()
def fresh_engines(monkeypatch):
    monkeypatch.setattr(tesseract_engine, "_ENGINES", tesseract_engine._Engines())
    return tesseract_engine._ENGINES


def _pnm(image: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(image).save(out, format="PPM")
    return out.getvalue()


def _number_crop() -> tuple[np.ndarray, float, str]:
    """A photographed number row (shrunk, JPEG at quality 35, enlarged back), cropped as field re-reading crops it."""
    page, words = _row(0.0)
    crop, factor = fieldread._row_crop(_photo(page), words, 1900, usual=fieldread._band(words)[1])
    return crop, factor, " ".join(w.text for w in words)


def test_make_install_unpacked_the_witness_model():
    assert (Path(WITNESS_TESSDATA) / "ind.traineddata").stat().st_size > 1_000_000
    assert fieldread.witness_model(OPTIONS) == WITNESS_TESSDATA


def test_the_engine_reads_a_crop_with_the_second_model_kept_apart(fresh_engines):
    crop, factor, _ = _number_crop()
    image = fieldread.binarisations(crop, factor)[0]
    first = tesseract_engine.read_tsv(_pnm(image), "ind", 7)
    second = tesseract_engine.read_tsv(_pnm(image), "ind", 7, datapath=WITNESS_TESSDATA)
    assert first is not None and second is not None
    assert NOMOR.split("/")[1] in second  # the second model reads the row's digits
    assert sorted(str(key[0]) for key in fresh_engines.engines) == sorted(["None", WITNESS_TESSDATA])
    # the command reads with the same model what the engine read
    by_command = ocr._image_data(image, "ind", 7, 60, False, datapath=WITNESS_TESSDATA)
    by_engine = ocr._image_data(image, "ind", 7, 60, True, datapath=WITNESS_TESSDATA)
    assert by_command == by_engine


def test_a_folder_without_the_model_leaves_the_system_model_reading(fresh_engines, tmp_path, caplog):
    crop, factor, _ = _number_crop()
    image = fieldread.binarisations(crop, factor)[0]
    with caplog.at_level(logging.WARNING, logger="ingest.tesseract_engine"):
        assert tesseract_engine.read_tsv(_pnm(image), "ind", 7, datapath=str(tmp_path)) is None
    assert str(tmp_path) in caplog.text
    assert fresh_engines.unusable is None  # the page's model reads on in the process
    assert tesseract_engine.read_tsv(_pnm(image), "ind", 7) is not None


def test_without_the_model_field_re_reading_reads_as_before_and_says_so_once(tmp_path, caplog):
    crop, factor, page_line = _number_crop()
    missing = IngestOptions(workers=1, witness_tessdata=str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="ingest.fieldread"):
        assert fieldread.read_by_witness(crop, factor, missing) == []
        assert fieldread.read_by_witness(crop, factor, missing) == []
    assert caplog.text.count(str(tmp_path)) == 1
    off = IngestOptions(workers=1, witness_tessdata=None)
    assert fieldread.witness_model(off) is None
    assert fieldread._reading("nomor", page_line, crop, factor, missing) \
        == fieldread._reading("nomor", page_line, crop, factor, off)


def test_the_witness_reads_a_photographed_number_row():
    crop, factor, _ = _number_crop()
    readings = fieldread.read_by_witness(crop, factor, OPTIONS)
    assert len(readings) == fieldread.WITNESS_VARIANTS
    assert any(fieldread.line_values(r).get("nomor") == NOMOR for r in readings), readings


ROW = "Nomor : 041/479/Dispersip/2025"
VALUE = "041/479/Dispersip/2025"
GARBLED = "Nomor : O41/A79/Dispersip/2025"  # a digit read as a letter: garbled, no rival reading
CODE_GARBLED = "Nomor : 041/479/Disperaip/2025"
LOST_DIGIT = "Nomor : 041/47/Dispersip/2025"
OTHER_DIGIT = "Nomor : 041/478/Dispersip/2025"
OTHER_YEAR = "Nomor : 041/479/Dispersip/2023"


@pytest.mark.parametrize("page_line,readings,witness,taken", [
    # the page's model reads each segment in one reading or another, the witness the whole number twice
    ("Nomor : 041/479Dispersip/2025", [GARBLED, CODE_GARBLED], [ROW, ROW, "Nomor : D41/479/Dispersip/2025"], VALUE),
    (ROW, [ROW, LOST_DIGIT], [ROW, ROW], VALUE),  # a digit lost by a reading is no rival
    (LOST_DIGIT, [LOST_DIGIT, LOST_DIGIT], [LOST_DIGIT, LOST_DIGIT, ROW], None),  # but one more digit is
    (GARBLED, [GARBLED], [ROW, ROW, ROW], None),  # the witness alone: the page's model never reads "479"
    (ROW, [ROW, ROW], [ROW, GARBLED.replace("A79", "4I9")], None),  # the witness reads it once: not its majority
    (ROW, [ROW], [ROW, OTHER_DIGIT], None),  # the witness's readings tie
    (ROW, [ROW], [ROW, ROW, OTHER_DIGIT], None),  # a digit read otherwise by the witness
    (ROW, [ROW, OTHER_YEAR], [ROW, ROW], None),  # the year read otherwise by the page's model
])
def test_a_number_is_taken_when_both_recognizers_read_it_and_none_reads_it_otherwise(page_line, readings, witness,
                                                                                      taken):
    settled = fieldread.witness_vote("nomor", page_line, readings, witness)
    assert (settled[0] if settled else None) == taken


@pytest.mark.parametrize("segment,other,rival", [("479", "478", True), ("2025", "2023", True), ("000.4.7.1", "000.4.7.", False),
                                                 ("000.4.7.1", "000.47.1", True),
                                                 ("479", "A79", False), ("11", "511", True), ("511", "11", False),
                                                 ("000.4.6.2", "000.46.2", True), ("000.4.6.2", "000.4.6.2.", False)])
def test_rival_digits_are_other_digits_or_dots_not_lost_or_garbled_ones(segment, other, rival):
    assert fieldread._rival_digits(segment, other) is rival


DATE = "Paringin, 21 Agustus 2023"


@pytest.mark.parametrize("readings,witness,taken", [
    (["Paringin, 2l Agustus 2023"], [DATE, "Pecingin, 2l Agustus", DATE], "2023-08-21"),
    ([DATE], [DATE, "Paringin, 27 Agustus 2023"], None),  # the witness's readings tie
    ([DATE, "Paringin, 27 Agustus 2023"], [DATE, DATE], None),  # another day read by the page's model
    (["Pucinyin, 21 Agastua 2013"], [DATE, DATE, DATE], None),  # the witness alone
    ([DATE, DATE], [], None),  # no witness
])
def test_a_date_is_taken_when_both_recognizers_read_it_and_none_reads_another(readings, witness, taken):
    settled = fieldread.witness_vote("tanggal", "Pm 21 Aan 200", readings, witness)
    assert (settled[0] if settled else None) == taken


def test_a_row_the_witness_settles_is_recorded_and_settled_with_its_readings():
    line = fieldread.LineReading("tanggal", "Paringin, 2l Agustus 2O23", ("Pm 21 Agustus", "Paringin, 21 Agustus 2023"),
                                 {"tanggal": "2023-08-21"}, {"tanggal": 3}, 5,
                                 witness=("Paringin, 21 Agustus 2023", "Paringin, 21 Agustus 2023")).to_json()
    assert line["witness"] and line["of"] == 5
    assert fieldread._best_reading({**line, "readings": ["Pm 21 Agustus"]}) == "Paringin, 21 Agustus 2023"
    assert fieldread._date_dissent({**line, "witness": ["Paringin, 27 Agustus 2023"]}, "2023-08-21")
