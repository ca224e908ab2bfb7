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


# --------------------------------------------------------------------------- limits and sniffing
from PIL import Image  # noqa: E402

from bench.hostile_corpus import jpeg_declaring, letter_pdf, png_declaring, tiff_frames  # noqa: E402
from ingest.errors import OversizedFileError, PageTooSmallError, SuspiciousFileError  # noqa: E402
from ingest.load import shown_name  # noqa: E402
from ingest.sniff import find_polyglot  # noqa: E402


def test_large_pdf_page_is_rendered_at_a_reduced_dpi_within_the_pixel_limit(tmp_path):
    path = tmp_path / "a5.pdf"
    path.write_bytes(letter_pdf())  # A5: 1750 x 2479 px = 4.3 MP at 300 dpi
    options = IngestOptions(dpi=300, max_pixels=2_000_000, min_render_dpi=150)
    page = load_page(open_source(path, options), 1, options)
    h, w = page.image.shape[:2]
    assert w * h <= 2_000_000 and 150 <= page.dpi < 300
    assert abs(w - 420 * page.dpi / 72) <= 1 and abs(h - 595 * page.dpi / 72) <= 1
    assert page.steps[0].details["reduced_dpi_from"] == 300


def test_pdf_page_too_large_even_at_the_lowest_dpi_is_refused_before_rendering(tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(letter_pdf(media=b"[0 0 3600 3600]"))
    options = IngestOptions(dpi=300, max_pixels=20_000_000, min_render_dpi=150)  # 56 MP at 150 dpi
    with pytest.raises(OversizedFileError) as caught:
        open_source(path, options)
    assert "terlalu besar" in caught.value.message and "127 × 127 cm" in caught.value.message


def test_rotated_pdf_page_keeps_its_turn_and_its_size(tmp_path):
    path = tmp_path / "turned.pdf"
    path.write_bytes(letter_pdf(page_extra=b"/Rotate 90"))
    page = load_page(open_source(path, OPTIONS), 1, OPTIONS)
    assert page.image.shape[:2] == (round(420 * 150 / 72), round(595 * 150 / 72))  # landscape now


def test_every_tiff_frame_is_checked_not_only_the_first(tmp_path):
    path = tmp_path / "two.tiff"
    path.write_bytes(tiff_frames(Image.new("L", (400, 500), 255), Image.new("1", (5000, 5000), 1)))
    options = IngestOptions(max_pixels=10_000_000)
    with pytest.raises(OversizedFileError) as caught:
        open_source(path, options)
    assert "halaman 2" in caught.value.message
    # and again when a worker decodes that frame of a file that passed with a larger limit
    source = open_source(path, IngestOptions(max_pixels=30_000_000))
    with pytest.raises(OversizedFileError):
        load_page(source, 2, options)


@pytest.mark.parametrize("make", [lambda: png_declaring(20_000, 20_000), lambda: jpeg_declaring(30_000, 20_000)],
                         ids=["png", "jpeg"])
def test_decompression_bombs_are_refused_from_the_header(tmp_path, make):
    path = tmp_path / "bomb"
    path.write_bytes(make())
    with pytest.raises(OversizedFileError):
        open_source(path, OPTIONS)


def test_tiny_pages_are_refused_not_handed_to_cleanup(tmp_path):
    path = tmp_path / "dot.png"
    Image.new("L", (8, 400), 0).save(path)
    with pytest.raises(PageTooSmallError) as caught:
        open_source(path, OPTIONS)
    assert caught.value.code == "page_too_small" and "terlalu kecil" in caught.value.message


def test_page_limit_counts_frames_without_walking_past_it(tmp_path):
    path = tmp_path / "many.tiff"
    path.write_bytes(tiff_frames(*[Image.new("L", (64, 64), 255)] * 12))
    assert open_source(path, IngestOptions(max_pages=12)).page_count == 12
    with pytest.raises(OversizedFileError):
        open_source(path, IngestOptions(max_pages=11))


@pytest.mark.parametrize("data, reason", [
    (b"MZ\x90\x00" + b"\x00" * 300 + b"%PDF-1.7\n", "Windows program"),
    (b"<script>x()</script>%PDF-1.7\n", "HTML or script"),
    (b"#!/bin/sh\n%PDF-1.7\n", "script"),
    (b"%PDF-1.7\n%<iframe src=x>\n", "markup"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000 + b"IEND\xaeB`\x82" + b"<?php system($x); ?>", "after the end"),
])
def test_polyglots_are_named(data, reason):
    assert reason in (find_polyglot(data[:4096], data[-65558:], len(data)) or "")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n", b"  \r\n%PDF-1.7\n", b"\xef\xbb\xbf%PDF-1.4\n",
                                  b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 500 + b"\xff\xd9",
                                  b"just text", b"PK\x03\x04 a plain zip is unsupported, not a polyglot"])
def test_single_kind_files_are_not_polyglots(data):
    assert find_polyglot(data, data, len(data)) is None


def test_pdf_behind_a_long_prefix_is_not_a_pdf(tmp_path):
    assert sniff_kind(b" " * 17 + b"%PDF-1.7") is None
    assert sniff_kind(b"\x00" * 16 + b"%PDF-1.7") == "pdf"
    path = tmp_path / "late.pdf"
    path.write_bytes(b"junk" * 10 + letter_pdf())
    with pytest.raises(SuspiciousFileError) as caught:
        open_source(path, OPTIONS)
    assert caught.value.code == "suspicious_file" and "ditolak" in caught.value.message


def test_names_are_escaped_for_logs_and_details():
    assert shown_name("surat\u202efdp.exe") == "surat\\u202efdp.exe"
    assert shown_name("a\r\nb\x00.pdf") == "a\\u000d\\u000ab\\u0000.pdf"
    assert shown_name("Surat Undangan (1).pdf") == "Surat Undangan (1).pdf"


def test_an_appended_zip_is_found_even_with_a_lying_comment_length():
    from bench.hostile_corpus import zip_bytes

    archive = bytearray(zip_bytes({"a.js": b"WScript.Shell"}) + b"%%EOF")  # "%%EOF" hidden in the comment
    struct_at = archive.rfind(b"PK\x05\x06")
    archive[struct_at + 20:struct_at + 22] = (5).to_bytes(2, "little")
    data = letter_pdf() + bytes(archive)
    assert "ZIP archive" in find_polyglot(data[:4096], data[-65558:], len(data))
    archive[struct_at + 20:struct_at + 22] = (999).to_bytes(2, "little")  # longer than what follows
    data = letter_pdf() + bytes(archive)
    assert "ZIP archive" in find_polyglot(data[:4096], data[-65558:], len(data))
