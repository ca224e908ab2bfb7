"""Two columns of labelled entries side by side (a letter's KANTOR CABANG footer) are read column by
column; a date beside the nomor, an unruled table and two signature blocks keep their reading
(issue 13, camscan33)."""
from __future__ import annotations

import numpy as np
import pytest
from pagegen import font
from PIL import Image, ImageDraw

from ingest import ocr, reading
from ingest.model import Page, Word
from ingest.options import IngestOptions

OPTIONS = IngestOptions()

LEFT = ["Paringin: Jl. Ahmad Yani No. 12, Paringin", "Halong: Jl. Pendidikan No. 27, Halong"]
RIGHT = ["Juai: Jl. Merdeka No. 4, Desa Juai", "Awayan: Jl. Raya Awayan No. 8, Awayan"]
LAST = "Batumandi: Jl. Pasar Lama No. 41, Batumandi"
HEAD = ("Nomor : 045/112/DISPUSIP/2024", "Paringin, 2 Mei 2024")


def _letter_with_branch_footer() -> np.ndarray:
    """A 150 dpi letter: a nomor row with the place and date at its right, a few body lines, then under a
    rule the footer's branches in two columns of entries and one centred entry under them."""
    im = Image.new("RGB", (1240, 1100), "white")
    draw = ImageDraw.Draw(im)
    body = font(30)
    draw.text((90, 90), HEAD[0], fill=(20, 20, 20), font=body)
    draw.text((1150 - draw.textlength(HEAD[1], font=body), 90), HEAD[1], fill=(20, 20, 20), font=body)
    draw.text((90, 138), "Sifat : Biasa", fill=(20, 20, 20), font=body)
    draw.text((90, 186), "Hal : Undangan Sosialisasi", fill=(20, 20, 20), font=body)
    for n, line in enumerate(("Dengan hormat, bersama surat ini kami mengundang Bapak",
                              "Kepala Desa untuk menghadiri kegiatan sosialisasi perpustakaan",
                              "desa yang akan dilaksanakan di aula kantor kecamatan.")):
        draw.text((90, 300 + 48 * n), line, fill=(20, 20, 20), font=body)
    draw.line([(90, 820), (1150, 820)], fill=(20, 20, 20), width=3)
    small = font(24)
    draw.text((620 - draw.textlength("KANTOR CABANG:", font=small) / 2, 835), "KANTOR CABANG:", fill=(20, 20, 20),
              font=font(24, bold=True))
    for n, (left, right) in enumerate(zip(LEFT, RIGHT)):
        draw.text((90, 875 + 34 * n), left, fill=(20, 20, 20), font=small)
        draw.text((680, 875 + 34 * n), right, fill=(20, 20, 20), font=small)
    draw.text((620 - draw.textlength(LAST, font=small) / 2, 943), LAST, fill=(20, 20, 20), font=small)
    return np.ascontiguousarray(np.asarray(im)[:, :, ::-1])


@pytest.fixture(scope="module")
def footer_letter():
    return ocr.read_page(Page(1, _letter_with_branch_footer(), dpi=150), OPTIONS)


def _where(lines: list[str], text: str) -> int:
    return next(n for n, line in enumerate(lines) if line.startswith(text))


def test_branch_footer_is_read_column_by_column(footer_letter):
    lines = [line for line in footer_letter.text.splitlines() if line.strip()]
    at = [_where(lines, entry.split(":")[0] + ":") for entry in LEFT + RIGHT + [LAST]]
    assert at == sorted(at) and at == list(range(at[0], at[0] + 5)), lines
    for n, entry in zip(at, LEFT + RIGHT + [LAST]):
        assert entry.split(":")[0] in lines[n] and lines[n].split()[-1] == entry.split()[-1], lines[n]


def test_date_beside_the_nomor_stays_on_its_line(footer_letter):
    lines = [line for line in footer_letter.text.splitlines() if line.strip()]
    nomor = _where(lines, "Nomor")
    assert lines[nomor].endswith("Mei 2024"), lines[nomor]
    assert lines[nomor + 1].startswith("Sifat") and lines[nomor + 2].startswith("Hal"), lines[:4]


def _line(text: str, x: int, y: int, h: int = 30, char_w: int = 15) -> list[Word]:
    words, cursor = [], x
    for token in text.split():
        words.append(Word(token, 90.0, (cursor, y, char_w * len(token), h)))
        cursor += char_w * (len(token) + 1)
    return words


def _rows(pairs: list[tuple[str, str]], right_x: int = 820, step: int = 45) -> tuple[list, list]:
    lines = [_line(a, 90, 300 + step * n) + _line(b, right_x, 300 + step * n) for n, (a, b) in enumerate(pairs)]
    return lines, [(0, 1, 1, n + 1) for n in range(len(lines))]


def _texts(lines) -> list[str]:
    return [" ".join(w.text for w in line) for line in lines]


def test_entries_side_by_side_are_parted_into_their_columns():
    lines, keys = _rows(list(zip(LEFT, RIGHT)))
    got, got_keys = reading.entry_columns(lines, keys)
    assert _texts(got) == LEFT + RIGHT
    assert got_keys[1][:-1] != got_keys[2][:-1]  # a paragraph break before the right-hand column
    assert sorted(w.text for line in got for w in line) == sorted(w.text for line in lines for w in line)


@pytest.mark.parametrize("pairs", [
    # the place and date beside the nomor, "Kepada" beside the next label row: no entries on the right
    [("Nomor : 140/159/2023", "Balangan, 16 Mei 2023"), ("Sifat : Biasa", "Kepada Yth. Bupati")],
    # an unruled table: names and their jabatan
    [("1. Ahmad Fauzi, S.Kom.", "Kepala Seksi Layanan"), ("2. Siti Rahmah", "Pustakawan Ahli Muda")],
    # two signature blocks: "Mengetahui" beside the signer
    [("Mengetahui, Kepala Dinas", "Kepala Bidang Layanan"), ("Drs. H. Ahmad, M.Si", "H. Wahyudi, S.AP.")],
    # one row of entries only
    [(LEFT[0], RIGHT[0])],
])
def test_rows_that_are_no_grid_of_entries_keep_their_reading(pairs):
    lines, keys = _rows(pairs)
    assert reading.entry_columns(lines, keys) == (lines, keys)


def test_entries_not_standing_at_one_edge_or_far_apart_keep_their_rows():
    lines, keys = _rows(list(zip(LEFT, RIGHT)))
    ragged = [lines[0], _line(LEFT[1], 90, 345) + _line(RIGHT[1], 910, 345)]  # right entries 3 letters apart
    assert reading.entry_columns(ragged, keys) == (ragged, keys)
    apart, _ = _rows(list(zip(LEFT, RIGHT)), step=200)  # lines far apart: no run
    assert reading.entry_columns(apart, keys) == (apart, keys)
    three = [line + _line("Telp: 0526 2021", 1500, line[0].box[1]) for line in lines]  # a third column
    assert reading.entry_columns(three, keys) == (three, keys)


def test_a_forms_tabulated_fields_in_two_columns_keep_their_rows():
    """A disposition form typed in two columns of fields, each column's colons at one place: read row by row
    (as the real set's forms are written); the same entries with each colon right after its label, a list
    flowed into two columns, are parted."""
    def field(label: str, value: str, x: int, colon_x: int, y: int) -> list[Word]:
        return _line(label, x, y) + _line(":", colon_x, y) + _line(value, colon_x + 30, y)

    rows = [("Surat dari", "Dinas Pendidikan", "Diterima", "12 Maret 2024"), ("No. Surat", "421/118/2024", "No. Agenda", "045 / 2024")]
    lines = [field(a, b, 90, 270, 300 + 45 * n) + field(c, d, 1300, 1470, 300 + 45 * n) for n, (a, b, c, d) in enumerate(rows)]
    keys = [(0, 1, 1, n + 1) for n in range(len(lines))]
    assert reading.entry_columns(lines, keys) == (lines, keys)
    flowed = [_line(f"{a}: {b}", 90, 300 + 45 * n) + _line(f"{c}: {d}", 1300, 300 + 45 * n)
              for n, (a, b, c, d) in enumerate(rows)]
    assert _texts(reading.entry_columns(flowed, keys)[0]) == [f"{a}: {b}" for a, b, _, _ in rows] + [
        f"{c}: {d}" for _, _, c, d in rows]
