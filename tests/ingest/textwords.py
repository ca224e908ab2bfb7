"""Written letter text as Tesseract's words, for metadata tests that need word confidences without a page image."""
from __future__ import annotations

from ingest.model import Word

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


def words_read(text: str, doubted: dict[str, float]) -> tuple[Word, ...]:
    """Every token of ``text`` as Tesseract's word, read at 95 unless ``doubted`` names its confidence."""
    out, y = [], 0
    for n, line in enumerate(text.splitlines()):
        for k, token in enumerate(line.split()):
            out.append(Word(token, doubted.get(token, 95.0), (k * 60, y, 50, 20), n))
        y += 30
    return tuple(out)
