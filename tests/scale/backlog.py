"""A generated backlog for the scale suite and ``bench/workers.py``: short one-paragraph letters,
each rendered to a PNG with a code of its own (``SKALA`` + five digits) that OCR reads back, so a
search for the code finds exactly that document.  Small on purpose: the suite OCRs a hundred."""
from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TOPICS = ("sosialisasi perpustakaan desa", "pengadaan buku bacaan anak", "pelatihan pustakawan sekolah",
          "lomba bercerita tingkat kabupaten", "penilaian perpustakaan umum", "pojok baca di kantor desa")
PLACES = ("Paringin", "Batu Piring", "Awayan", "Halong", "Juai", "Lampihong", "Tebing Tinggi")


def code_of(n: int, seed: int) -> str:
    """The document's own code: a word OCR reads back whole and nothing else contains."""
    return f"SKALA{(seed * 1000 + n) % 100000:05d}"


def make_backlog(folder: Path, count: int, *, seed: int = 16) -> list[tuple[Path, str]]:
    """``count`` letters in ``folder`` (created), each ``(path, code)``; the same seed gives the same bytes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype(FONT, 30)
    out = []
    for n in range(count):
        code = code_of(n, seed)
        lines = ("DINAS PERPUSTAKAAN KABUPATEN BALANGAN", "",
                 f"Nomor : 045.2/{n + 1:03d}/{code}/2026",
                 f"Hal   : {rng.choice(TOPICS).capitalize()}", "",
                 f"Dengan hormat, kami mengundang Bapak/Ibu ke {rng.choice(PLACES)}",
                 f"untuk kegiatan {rng.choice(TOPICS)} pada tanggal {rng.randint(1, 28)}",
                 f"Maret 2026. Kode kegiatan {code}.")
        page = Image.new("L", (1240, 620), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(lines):
            draw.text((90, 60 + i * 62), line, fill=20, font=font)
        path = folder / f"surat-{n + 1:03d}.png"
        page.save(path, dpi=(300, 300))
        out.append((path, code))
    return out
