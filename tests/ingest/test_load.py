"""Loading: type sniffed from bytes, pages decoded one at a time, EXIF honoured."""
from __future__ import annotations

import numpy as np
import pytest

from ingest.load import iter_pages, load_page, open_source, sniff_kind
from ingest.options import IngestOptions

OPTIONS = IngestOptions(dpi=150)


@pytest.mark.parametrize("head, kind", [
    (b"%PDF-1.7\n", "pdf"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00", "png"),
    (b"II*\x00\x08\x00", "tiff"),
    (b"MM\x00*\x00\x08", "tiff"),
    (b"\x00\x00\x00\x18ftypheic", "heic"),
    (b"<!DOCTYPE html><html>", None),
    (b"just some text", None),
])
def test_sniff_kind_reads_bytes_not_names(head, kind):
    assert sniff_kind(head) == kind


def test_pdf_pages_load_one_by_one(page_files):
    source = open_source(page_files["pdf"], OPTIONS)
    assert (source.kind, source.page_count) == ("pdf", 2)
    pages = list(iter_pages(source, OPTIONS))
    assert [p.number for p in pages] == [1, 2]
    assert pages[0].image.shape[:2] == (1000, 1240)
    assert pages[0].steps[0].stage == "load"


def test_multipage_tiff_yields_each_frame(page_files):
    source = open_source(page_files["tiff"], OPTIONS)
    assert (source.kind, source.page_count) == ("tiff", 2)
    first, second = load_page(source, 1, OPTIONS), load_page(source, 2, OPTIONS)
    assert first.image.ndim == 2 and first.dpi == 150
    assert not np.array_equal(first.image, second.image)


def test_jpeg_exif_orientation_is_honoured(page_files):
    source = open_source(page_files["jpeg"], OPTIONS)
    page = load_page(source, 1, OPTIONS)
    assert page.image.shape[:2] == (1000, 1240)  # stored 1240 high, displayed upright


def test_name_does_not_decide_kind(page_files, tmp_path):
    renamed = tmp_path / "scan.pdf"
    renamed.write_bytes(page_files["png"].read_bytes())
    assert open_source(renamed, OPTIONS).kind == "png"


def test_grey_content_in_rgb_loads_grey_but_stamps_keep_colour(tmp_path, clean_page):
    from pagegen import encode, stamp
    grey_rgb = tmp_path / "grey.png"
    grey_rgb.write_bytes(encode(clean_page, "PNG"))  # RGB file, no colour in it
    stamped = tmp_path / "stamped.png"
    stamped.write_bytes(encode(stamp(clean_page), "PNG"))
    assert load_page(open_source(grey_rgb, OPTIONS), 1, OPTIONS).image.ndim == 2
    assert load_page(open_source(stamped, OPTIONS), 1, OPTIONS).image.ndim == 3
