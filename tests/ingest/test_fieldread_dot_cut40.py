"""Issue 17: a number row's re-reading that stops at a code's dot ("000.4.7./198/…" beside "000.4.7.1/198/…", a
fax) counted as reading a figure otherwise, and emptied a right number (held_out_4801's doc0027). No
classification code ends with a dot: the figure after it was lost, not read otherwise. A figure read otherwise,
or one lost without the dot to show it, still counts. Built from generated numbers."""
from __future__ import annotations

import random
import re

from ingest.fieldread import _digits_dissent
from samples.generate import make_document


def _dotted_numbers():
    out = []
    for seed in range(40):
        for kind in ("surat_hasil_koordinasi", "undangan_sosialisasi", "surat_balasan"):
            nomor = make_document(kind, random.Random(f"dot40-{seed}"), seed % 2 == 1, harder=True).meta.get("nomor")
            if nomor and re.fullmatch(r"\d+(\.\d+)+", nomor.split("/")[0]):
                out.append(nomor)
    return out


def test_a_reading_cut_at_a_codes_dot_is_no_figure_read_otherwise():
    numbers = _dotted_numbers()
    assert len(numbers) >= 10
    for nomor in numbers:
        head, rest = nomor.split("/", 1)
        cut = head[: head.rindex(".") + 1] + "/" + rest  # "000.4.7./…"
        assert not _digits_dissent(nomor, [cut]), (nomor, cut)
        last = head[-1]
        other = head[:-1] + ("7" if last != "7" else "1") + "/" + rest  # a figure read otherwise
        assert _digits_dissent(nomor, [other]), (nomor, other)
        lost = head[:-1] + "/" + rest if len(head.split(".")[-1]) > 1 else None  # "400.1" for "400.11": no dot
        if lost:
            assert _digits_dissent(nomor, [lost]), (nomor, lost)
