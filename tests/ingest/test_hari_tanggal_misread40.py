"""Issue 17: an attendance list (daftar hadir) is dated by its meeting's "Hari/Tanggal" row. A fax read the label's
'T' as a thin stroke ("Hari/langgal : Senin, 22 Juli 2024"), and the list got no date (held_out_4901's doc0048).
The misread label is taken only where the day's name before the date is that date's weekday: a row whose day
disagrees stays empty. Built from generated attendance lists."""
from __future__ import annotations

import random
import re
from datetime import date

from ingest.dates import weekdays
from ingest.metadata import extract_metadata
from samples.generate import make_document

_PLACE_DATE = re.compile(r"^[A-Z][A-Za-z .'-]+, \d{1,2} [A-Za-z]+ \d{4}$", re.MULTILINE)
_ROW = re.compile(r"^(\s*Hari\s*/\s*)T(anggal\s*:\s*)([A-Za-z']+)(,?\s*.*)$", re.MULTILINE)


def _lists():
    out = []
    for seed in range(40):
        spec = make_document("daftar_hadir", random.Random(f"hari40-{seed}"), seed % 2 == 1, harder=True)
        text = _PLACE_DATE.sub("", "\n".join(spec.page_texts()))  # the list's one date: its meeting's row
        m = _ROW.search(text)
        iso = str(spec.meta.get("tanggal") or "")
        if m and iso and extract_metadata(text).tanggal.value == iso:
            out.append((text, m, iso))
    return out


def test_a_hari_tanggal_label_misread_dates_the_list_when_the_day_agrees():
    lists = _lists()
    assert len(lists) >= 5
    names = {n: w for w, n in weekdays().items()}
    for text, m, iso in lists:
        for stroke in ("l", "I", "1"):
            misread = text.replace(m.group(0), f"{m.group(1)}{stroke}{m.group(2)}{m.group(3)}{m.group(4)}", 1)
            assert extract_metadata(misread).tanggal.value == iso, (stroke, m.group(0))
        other = names[(date.fromisoformat(iso).weekday() + 1) % 7].capitalize()  # another day's name
        wrong_day = text.replace(m.group(0), f"{m.group(1)}l{m.group(2)}{other}{m.group(4)}", 1)
        assert extract_metadata(wrong_day).tanggal.value is None, m.group(0)
