"""Every kind of bad input raises its typed, clerk-readable error and writes nothing."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from bench.hostile_corpus import _hugemono, letter_image, letter_pdf, tiff_frames
from ingest.errors import (
    BurtError,
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    OversizedFileError,
    PageTooSmallError,
    SuspiciousFileError,
    UnsupportedFileError,
)
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file, ingest_many


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_bomb_png(path: Path) -> None:
    """A tiny PNG whose header claims 50 000 × 50 000 pixels."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1000)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body)
                     + _png_chunk(b"IEND", b""))


def make_encrypted_pdf(path: Path, source: Path) -> None:
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password="rahasia", owner_password="pemilik", algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)


def make_pageless_pdf(path: Path) -> None:
    """A syntactically valid PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory, page_files) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    files = {name: folder / name for name in (
        "empty.pdf", "truncated.pdf", "locked.pdf", "nopages.pdf", "bomb.png", "page.html.pdf",
        "notes.txt.pdf", "corrupt.jpg", "sheet.docx", "hugemono.pdf", "poster.pdf", "frame2.tiff", "mz.pdf",
        "dot.pdf")}
    files["empty.pdf"].write_bytes(b"")
    data = page_files["pdf"].read_bytes()
    files["truncated.pdf"].write_bytes(data[: len(data) // 2])
    make_encrypted_pdf(files["locked.pdf"], page_files["pdf"])
    make_pageless_pdf(files["nopages.pdf"])
    make_bomb_png(files["bomb.png"])
    files["page.html.pdf"].write_text("<!DOCTYPE html><html><body>Surat</body></html>")
    files["notes.txt.pdf"].write_text("Nomor: 045/112/2024 perihal undangan\n")
    jpeg = page_files["jpeg"].read_bytes()
    files["corrupt.jpg"].write_bytes(jpeg[:600] + b"\x00" * 64 + jpeg[len(jpeg) // 3: len(jpeg) // 2])
    files["sheet.docx"].write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    files["hugemono.pdf"].write_bytes(_hugemono())  # 8400 pt: poppler gave a 1 x 1 image, cleanup crashed
    files["poster.pdf"].write_bytes(letter_pdf(media=b"[0 0 3600 3600]"))
    files["frame2.tiff"].write_bytes(tiff_frames(letter_image(), Image.new("1", (15_000, 15_000), 1)))
    files["mz.pdf"].write_bytes(b"MZ\x90\x00" + b"\x00" * 400 + data)
    files["dot.pdf"].write_bytes(letter_pdf(media=b"[0 0 2 2]"))
    return files


CASES = [
    ("empty.pdf", EmptyFileError, "kosong"),
    ("truncated.pdf", CorruptFileError, "rusak"),
    ("locked.pdf", EncryptedPdfError, "kata sandi"),
    ("nopages.pdf", EmptyFileError, "tanpa halaman"),
    ("bomb.png", OversizedFileError, "terlalu besar"),
    ("page.html.pdf", UnsupportedFileError, "tidak didukung"),
    ("notes.txt.pdf", UnsupportedFileError, "tidak didukung"),
    ("corrupt.jpg", CorruptFileError, "rusak"),
    ("sheet.docx", UnsupportedFileError, "tidak didukung"),
    ("hugemono.pdf", OversizedFileError, "terlalu besar"),
    ("poster.pdf", OversizedFileError, "terlalu besar"),  # with max_pixels lowered below, see OPTIONS
    ("frame2.tiff", OversizedFileError, "terlalu besar"),
    ("mz.pdf", SuspiciousFileError, "ditolak"),
    ("dot.pdf", PageTooSmallError, "terlalu kecil"),
]
OPTIONS = IngestOptions(workers=1, max_pixels=40_000_000)  # the 3600 pt poster needs 56 MP at 150 dpi


@pytest.mark.parametrize("name, error, phrase", CASES, ids=[c[0] for c in CASES])
def test_bad_input_raises_typed_error_and_writes_nothing(bad_files, tmp_path, name, error, phrase):
    out_dir = tmp_path / "out"
    with pytest.raises(error) as caught:
        ingest_file(bad_files[name], OPTIONS, out_dir=out_dir)
    assert phrase in caught.value.message.lower()
    assert " / " in caught.value.message  # Indonesian first, then English
    assert caught.value.code != BurtError.code
    assert not out_dir.exists()
    assert list(tmp_path.iterdir()) == []  # no temp dir left behind


def test_ingest_many_reports_bad_input_per_item(bad_files, page_files, tmp_path):
    items = [(bad_files["locked.pdf"], tmp_path / "a"), (page_files["png"], None), (bad_files["bomb.png"], tmp_path / "b")]
    outcomes = dict((str(item[0]), result) for item, result in ingest_many(items, IngestOptions(workers=1)))
    assert isinstance(outcomes[str(bad_files["locked.pdf"])], EncryptedPdfError)
    assert isinstance(outcomes[str(bad_files["bomb.png"])], OversizedFileError)
    assert "BALANGAN" in outcomes[str(page_files["png"])].text
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("width, height, dpi", [(32, 32, 1200), (32, 4000, 300), (4000, 32, 300), (100, 30000, 1200),
                                                (33, 33, 72)])
def test_smallest_and_thinnest_accepted_pages_pass_every_stage(tmp_path, width, height, dpi):
    """What the loader lets through (at least ``min_page_px`` a side) every cleanup stage must
    survive: a typed result, never an OpenCV assertion like the 1 x 1 page of the 8400 pt PDF."""
    path = tmp_path / "odd.png"
    image = Image.new("L", (width, height), 255)
    image.paste(0, (2, 2, width // 2, height // 2))
    image.save(path, dpi=(dpi, dpi))
    result = ingest_file(path, IngestOptions(workers=1))
    assert len(result.pages) == 1 and "blank" in result.flags
