"""Issues 13 and 17: a letter number wider than its column, broken after one of its slashes onto the next line.

A number block beside the addressee leaves the number only the left part of the line, and a long number
("000.4.6.3/65/Bid.LPP/DISPERSIP/IV/2023") breaks there after a slash, as a typist's table cell breaks it (the real
set has such a wrapped number). The generator used to print it on one line straight into the addressee's column
("…/DISPERSIP/IV/20Kepada Yth."), a page no office prints. Read row by row, the addressee's first word followed
the slash and the extractor took "…/IV/Kepada" as the number at full confidence: a wrong value. It now puts the
number together from the next line when that line opens with the number's rest ending in a year
(``nomor.slash_wrapped``), and empties and flags a number cut at a slash that nothing completes. Put together
but doubted by Tesseract (its word confidence on such long pieces is low even on clean print), it is taken back
when the row's re-readings read its first piece as the page did (``nomorwrap.settled_by_pieces``).
"""
from __future__ import annotations

import random

import pytest

from ingest.metadata import SLASH_JOINED, extract_metadata
from ingest.model import Field, Word
from ingest.nomor import slash_wrapped
from ingest.nomorwrap import settled_by_pieces
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file
from samples.generate import make_document, render_pages
from samples.layout import text_width

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nParingin, 07 April 2023\n"
TAIL = "LAMPIRAN : -\nPerihal: Undangan Sosialisasi\nKepada Yth. Camat Juai\ndi-\nJuai\nDengan hormat, kami mengundang.\n"


def _side_by_side(count: int) -> list:
    found = []
    for k in range(400):
        spec = make_document("undangan_sosialisasi", random.Random(f"slash36-{k}"), True, harder=True)
        if spec.extra["layout"]["layout"] == "D_side_by_side":
            found.append(spec)
        if len(found) == count:
            break
    return found


def test_the_generator_never_prints_a_number_into_the_addressee_column():
    wrapped = 0
    for spec in _side_by_side(40):
        page = spec.pages[0]
        (top, bottom, (col,)), = page.blocks
        for item in page.text_items():
            if top <= item.y < bottom and item.x < col and item.text.strip():
                right = item.x + text_width(item.text, item.size, item.style, item.family)
                assert right < col, (item.text, right, col)
        text = spec.page_texts()[0]
        wrapped += spec.meta["nomor"] not in text
        assert spec.meta["nomor"] in text.replace("/\n", "/")
    assert wrapped >= 3  # the long numbers of the mode do break


def test_the_generators_wrapped_numbers_are_read_whole_from_the_page_text():
    joined = 0
    for spec in _side_by_side(40):
        text = spec.page_texts()[0]
        md = extract_metadata(text)
        assert md.nomor.value == spec.meta["nomor"], (spec.meta["nomor"], md.nomor.reason)
        joined += SLASH_JOINED in md.nomor.reason
    assert joined >= 3


def _words(text: str, weak: dict[str, float] | None = None) -> list[Word]:
    weak = weak or {}
    return [Word(t, weak.get(t, 95.0), (10 * i, 0, 9, 10)) for i, t in enumerate(text.split())]


@pytest.mark.parametrize(("rows", "want"), [
    ("NOMOR : 000.4.6.3/65/Bid.LPP/DISPERSIP/IV/\n2023\n", "000.4.6.3/65/Bid.LPP/DISPERSIP/IV/2023"),
    # the addressee column read onto both lines of the number
    ("NOMOR : 000.4.6.3/65/Bid.LPP/DISPERSIP/IV/ Kepada Yth. Camat\n2023 Juai\n",
     "000.4.6.3/65/Bid.LPP/DISPERSIP/IV/2023"),
    ("Nomor : 045.2/228/Bid.LPP/\nDISPERSIP/XI/2024\n", "045.2/228/Bid.LPP/DISPERSIP/XI/2024"),
    # the reading left a blank line between the row and its rest
    ("NOMOR :000.4.7.1/035/Dispersip-Blg/V/ Kepada Yth. Kepala MTs Nurul\n\n2023\n",
     "000.4.7.1/035/Dispersip-Blg/V/2023"),
    ("No. : 045.2/228/Bid.LPP/ Kepada Yth. Ketua Komunitas\nDISPERSIP/XI/2024 Pegiat Literasi\n",
     "045.2/228/Bid.LPP/DISPERSIP/XI/2024"),
])
def test_a_number_broken_after_a_slash_is_put_together(rows, want):
    text = HEAD + rows + TAIL
    md = extract_metadata(text, _words(text))
    assert md.nomor.value == want, md.nomor.reason
    assert SLASH_JOINED in md.nomor.reason


def test_a_doubted_digit_of_the_rest_lowers_the_joined_number():
    text = HEAD + "NOMOR : 000.4.6.3/65/Bid.LPP/DISPERSIP/IV/ Kepada Yth. Camat\n2023 Juai\n" + TAIL
    sure = extract_metadata(text, _words(text)).nomor
    doubted = extract_metadata(text, _words(text, {"2023": 60.0})).nomor
    assert doubted.confidence < sure.confidence and "OCR ragu pada '2023'" in doubted.reason


@pytest.mark.parametrize("rows", [
    # cut at a slash, the addressee's words after it and nothing completing it on the next line
    "NOMOR : 000.4.6.3/228/Bid.LPP/ Kepada Yth. Ketua Komunitas\nPegiat Literasi Ceria\n",
    "Nomor : 045.2/17/Disdik/ Kepada Yth. Camat\nJuai\n",
])
def test_a_number_cut_at_a_slash_is_emptied_and_flagged_never_ended_by_a_word_of_another_column(rows):
    text = HEAD + rows + TAIL
    md = extract_metadata(text, _words(text))
    assert md.nomor.value is None, md.nomor.value
    assert any("terpotong" in r for r in md.review), md.review


@pytest.mark.parametrize(("row", "next_line"), [
    ("421.2/ 102/ Disdik/ IV/ 2023", "Lampiran : -"),  # spaced slashes, its own end on its line
    ("421.2/ 102/ Disdik", "Lampiran : -"),  # spaced slashes, no year: not a number cut at a slash
    ("000.4.6.3/65/DISPERSIP/IV/2023 Kepada Yth. Camat", "2024 Juai"),  # whole on its line
    ("500/", "Sifat : Biasa"),  # a form's blank for a hand-written number: left to ``has_gap``
])
def test_numbers_not_broken_after_a_slash_are_left_alone(row, next_line):
    assert slash_wrapped(row, next_line) == (None, False)


def test_numbers_read_before_are_read_as_before():
    for row, want in (("Nomor : 421.2/ 102/ Disdik/ IV/ 2023\n", "421.2/102/Disdik/IV/2023"),
                      ("Nomor : 000.4.6.3/65/Dispersip/IV/2023 Kepada Yth. Camat\n", "000.4.6.3/65/Dispersip/IV/2023"),
                      ("Nomor : 09/PP.BJM-RUMAH\nGENSET/NTU/DPRD/2024\n", "09/PP.BJM-RUMAH GENSET/NTU/DPRD/2024")):
        text = HEAD + row + TAIL
        md = extract_metadata(text, _words(text))
        assert md.nomor.value == want, md.nomor.reason
        assert SLASH_JOINED not in md.nomor.reason


@pytest.mark.slow
def test_a_rendered_letter_with_a_wrapped_number_gives_it_whole_or_nothing(tmp_path):
    # real Tesseract on the generator's clean page; before, these pages gave "…/IV/Kepada" (0.99) or nothing
    specs = [s for s in _side_by_side(40) if s.meta["nomor"] not in s.page_texts()[0]][:2]
    assert len(specs) == 2
    whole = 0
    for k, spec in enumerate(specs):
        path = tmp_path / f"surat{k}.png"
        render_pages(spec, stamp=False)[0].save(path, dpi=(300, 300))
        md = ingest_file(path, IngestOptions(workers=1)).metadata
        assert md.nomor.value in (spec.meta["nomor"], None), (spec.meta["nomor"], md.nomor.reason)
        whole += md.nomor.value == spec.meta["nomor"]
    assert whole >= 1


EMPTIED = Field(None, 0.4, "dikosongkan karena tidak pasti ('000.4.6.3/307/Bid.LPP/DISPERSIP/I/2024'): label tepat 'No.' "
                f"baris 6; {SLASH_JOINED}; OCR ragu pada '000.4.6.3/307/Bid.LPP/' (80)")


def test_a_doubted_wrapped_number_is_taken_back_when_the_rows_readings_read_its_piece_alike():
    pieces = ["000.4.6.3/307/Bid.LPP/", "000.4.6.3/ 307/Bid.LPP/", "000.4.6.3/307/Bid.LPP/", None]
    got = settled_by_pieces(EMPTIED, pieces)
    assert got is not None and got.value == "000.4.6.3/307/Bid.LPP/DISPERSIP/I/2024"
    assert "3 bacaan" in got.reason and not got.reason.startswith("dikosongkan")


@pytest.mark.parametrize("pieces", [
    ["000.4.6.3/307/Bid.LPP/", "000.4.6.3/307/Bid.LPP/"],  # too few readings
    ["000.4.6.3/307/Bid.LPP/", "000.4.6.3/307/Bid.LPP/", "000.4.6.3/307/Bid.LPP/", "000.4.6.3/387/Bid.LPP/"],
    ["000.4.6.3/307/BId.LPP/", "000.4.6.3/307/BId.LPP/", "000.4.6.3/307/BId.LPP/"],  # read otherwise than the page
])
def test_a_doubted_wrapped_number_stays_empty_when_the_readings_do_not_all_read_its_piece(pieces):
    assert settled_by_pieces(EMPTIED, pieces) is None


def test_only_a_number_emptied_after_a_slash_join_is_taken_back():
    other = Field(None, 0.4, "dikosongkan karena tidak pasti ('000.4.6.3/307/Bid.LPP/DISPERSIP/I/2024'): label tepat "
                  "'No.' baris 6; OCR ragu pada '000.4.6.3/307/Bid.LPP/DISPERSIP/I/2024' (80)")
    assert settled_by_pieces(other, ["000.4.6.3/307/Bid.LPP/"] * 4) is None
