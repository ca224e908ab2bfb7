"""The crease of a fold on a photographed sheet: its shading divided out (``light.crease_shading``).

A page folded in half and photographed shows the fold as a faint straight line from edge to edge.
After the sheet is cut and deskewed the line stands upright through the text, and Tesseract, told no
resolution, took it for a column rule: the lines on either side were read apart and the rule read as
``|`` lines (a generated messenger photo 6 % CER with the crease lifted, 31 % with it). The pages here
are rendered, creased by code and read by real Tesseract."""
from __future__ import annotations

import cv2
import numpy as np
from pagegen import render_page

from ingest import light, raster
from ingest.model import Page
from ingest.ocr import read_page
from ingest.options import IngestOptions

BODY = (
    "Dalam rangka meningkatkan pengelolaan Perpustakaan Desa",
    "kami mengharapkan pembinaan dari Dinas Perpustakaan",
    "dan Kearsipan Kabupaten Balangan pada bulan ini.",
    "Materi yang kami perlukan antara lain layanan",
    "sirkulasi dan keanggotaan serta penyusunan laporan",
    "pemanfaatan buku dan pencatatan buku induk desa.",
    "Waktu pelaksanaan kami serahkan kepada Bapak Ibu",
    "dengan terlebih dahulu memberitahukan kepada kami.",
    "Atas perhatian dan kerja sama Saudara kami sampaikan",
    "terima kasih dan semoga kegiatan ini bermanfaat.",
)
CREASE_X = 330  # through the text, as a fold in half runs through a letter's lines


def _page(crease: bool = True, rule: bool = False) -> np.ndarray:
    """A letter page (grey) of ``BODY``, as a photographed sheet's text after the cut (grey ink,
    slightly blurred); with a fold's crease through its text (a dark edge and a light edge, shading
    letters and paper alike) or a printed rule there instead."""
    grey = raster.to_grey(render_page(BODY * 3, width=1100, height=1560, size=22, margin=70)).astype(np.float32)
    grey = cv2.GaussianBlur(60 + grey * (235 - 60) / 255, (0, 0), 1.0)
    if crease:
        shade = np.ones(grey.shape[1], np.float32)
        shade[CREASE_X - 3:CREASE_X + 1] = 0.7  # the dark side (four pixels, 0.8 mm of this A4 page)
        shade[CREASE_X + 1:CREASE_X + 4] = 0.85
        grey *= shade[None, :]
    if rule:
        grey[:, CREASE_X - 1:CREASE_X + 1] = 45
    noise = np.random.default_rng(5).normal(0, 3, grey.shape)
    return np.clip(grey + noise, 0, 255).astype(np.uint8)


def _paper_in_column(image: np.ndarray, x0: int, x1: int) -> float:
    """The paper's level in columns ``x0:x1``: the median of its rows that hold no ink."""
    band = image[:, x0:x1]
    blank = band.min(axis=1) > 150
    return float(np.median(band[blank]))


def test_crease_on_a_photographed_sheet_is_lifted_to_the_paper():
    page = light.even_out_light(Page(1, _page(), dpi=200, flattened=True))
    assert page.steps[-1].details.get("crease_lifted") is True
    paper = _paper_in_column(page.image, 100, 300)
    assert paper - _paper_in_column(page.image, CREASE_X - 3, CREASE_X + 3) < 12  # 74 levels darker before
    plain = light.even_out_light(Page(1, _page(), dpi=200, flattened=False)).image  # a scan: nothing lifted
    beside = np.ones(plain.shape[1], bool)
    beside[CREASE_X - 10:CREASE_X + 10] = False
    assert np.array_equal(page.image[:, beside], plain[:, beside])  # only the crease is touched
    assert int(page.image[:, CREASE_X - 3:CREASE_X + 3].min()) < 110  # the letters crossing it stay ink


def test_rule_no_crease_or_a_scan_left_as_it_was():
    for image, flattened in ((_page(crease=False), True), (_page(crease=False, rule=True), True),
                             (_page(), False)):
        page = light.even_out_light(Page(1, image, dpi=200, flattened=flattened))
        assert "crease_lifted" not in page.steps[-1].details


def test_creased_page_reads_its_lines_whole():
    options = IngestOptions(workers=1)
    page = light.even_out_light(Page(1, _page(), dpi=200, flattened=True))
    text = read_page(page, options).text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if set(line) <= set("|!l1I ")]  # no crease read as a rule
    whole = sum(1 for want in BODY if any(want[:20] in line and want[-12:] in line for line in lines))
    assert whole >= 8
