"""The kinds of bad upload a clerk can produce, built from scratch (name, bytes, error code)."""
from __future__ import annotations

import io

from PIL import Image


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="rahasia", owner_password="pemilik")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _corrupt_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, format="JPEG")
    data = buf.getvalue()
    return data[: len(data) // 3]  # header intact, body cut off


def bad_inputs() -> list[tuple[str, str, bytes, tuple[str, ...]]]:
    """(id, file name, bytes, acceptable error codes) per bad-input kind."""
    return [
        ("empty", "kosong.pdf", b"", ("empty_file",)),
        ("html_as_pdf", "surat.pdf", b"<!doctype html><html><body><h1>Bukan PDF</h1></body></html>",
         ("unsupported_file", "corrupt_file")),
        ("corrupt_jpeg", "foto-rusak.jpg", _corrupt_jpeg(), ("corrupt_file",)),
        ("encrypted_pdf", "terkunci.pdf", _encrypted_pdf(), ("pdf_encrypted",)),
    ]


# Indonesian words the clerk must see for each error code.
MESSAGE_WORDS = {
    "empty_file": "kosong",
    "unsupported_file": "tidak didukung",
    "corrupt_file": "rusak",
    "pdf_encrypted": "terkunci kata sandi",
}
