"""The flexible CER of bench/real_ocr.py (realocr21): the same for every column, a transcription convention
(a table row written as one line of " | " cells, lines in another order) costs nothing, misreadings still count."""
from __future__ import annotations

from bench.real_ocr import flex_edits, score

TRUTH = "SURAT UNDANGAN\nNomor : 12/III/2024\nLOKASI | TANGGAL\nPALEMBANG | Pembekalan: 18 Januari Ujian: 21 Januari"


def test_cells_and_order_cost_nothing_misreadings_still_count():
    assert flex_edits(TRUTH, TRUTH) == 0
    # read row by row, a multi-line cell's pieces on two lines, the number block first, no bars
    reading = "Nomor : 12/III/2024\nSURAT UNDANGAN\nLOKASI TANGGAL\nPALEMBANG Pembekalan: 18 Januari\nUjian: 21 Januari"
    assert flex_edits(reading, TRUTH) == 0
    assert score(reading, TRUTH)["char_edits"] > 20  # the README's CER charges the order and the bars
    misread = reading.replace("UNDANGAN", "UNDANGAM").replace("Januari\nUjian", "Jannari\nUjian")
    assert 2 <= flex_edits(misread, TRUTH) <= 4  # two misread letters (a window found by similarity may miss by one)
    assert flex_edits(reading + "\nxq zz", TRUTH) == 4  # what the truth does not hold counts as inserted
    # everything lost: every segment's characters (the breaks between lines and cells are no characters of print)
    cells = [c.strip() for line in TRUTH.splitlines() for c in line.split("|")]
    assert flex_edits("", TRUTH) == sum(len(c) for c in cells)


def test_never_more_than_the_ordered_distance():
    garbled = "SRAT UNDNGAN Nomr 12/II/2024 LOKAS TANGAL PALEMBAN Pembekalan 18 Janari Ujian 21 Januar"
    ordered = score(garbled, TRUTH.replace("|", " "))["char_edits"]
    assert flex_edits(garbled, TRUTH) <= ordered
