"""Issue 17, twenty-seventh session: a schedule of pembinaan whose signature date OCR lost whole (no day, no month:
no ``_signed_month``) and none of whose rows names a partner of an activity of its period is dated by the days of
its rows that agree on a year (``linking._undated_span``, as ``_listed_activity`` dates it), and then joins the one
activity of the archive its dates and step fit when that activity got exactly as far as the step before
(``_only_fit_schedule``); the audit's suggestion reads the same days.

The schedule comes after the hand-over and after the activity's last document, so the period of the activity's
own documents never holds its rows' days: before, such a schedule had no date at all and was left alone
(held_out_2001 doc0031, a messenger photo whose signature block lost its date line).

Generated schedules with every row turned to noise (``test_linking_cut_first._soups``), their signature date line
dropped; ``decide_link`` and ``suggest_activity`` are pure, so no archive is needed."""
from __future__ import annotations

import re
from datetime import date, timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.linking import ONLY_FIT_SCHEDULE, decide_link, read_reason, suggest_activity
from tests.archive.test_linking_cut_first import _at_step, _dated, _soups

RULES = load_rules()
_SIGNATURE_DATE = re.compile(r"^\S.*, \d{1,2} [A-Z][a-z]+ \d{4}\s*$")
_ROW_DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


def _first_row_date_only(text: str) -> str:
    """``text`` with every row date but the first read as noise."""
    first = _ROW_DATE.search(text)
    assert first is not None
    return text[:first.end()] + _ROW_DATE.sub("xx-xx-xxxx", text[first.end():])


def _undated():
    """The generated schedules with the line of their signature date lost, and their rows' days."""
    for partner, text, _, day in _soups():
        lines = [ln for ln in text.splitlines() if not _SIGNATURE_DATE.match(ln)]
        rows = [date(int(y), int(m), int(d)) for d, m, y in re.findall(r"\b(\d{2})-(\d{2})-(\d{4})\b", text)]
        if len(lines) == len(text.splitlines()) or len(rows) < 2 or {r.year for r in rows} != {day.year} \
                or day - timedelta(days=40) < date(day.year, 1, 1):
            continue
        yield partner, "\n".join(lines), EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=None), day


def _with_its_schedule(day: date):
    """Another partner's activity of the period that already holds its schedule."""
    return _dated(2, "TBM Embun Pagi Cemerlang", [("nota_kesepahaman", day - timedelta(days=30)),
                                                  ("jadwal_pembinaan", day - timedelta(days=5))])


def test_an_undated_schedule_is_dated_by_its_rows_and_joins_the_one_activity_waiting_for_its_step():
    tried = 0
    for partner, text, doc, day in _undated():
        ours = _at_step(1, partner, day, 4)
        done = _with_its_schedule(day)
        old = _at_step(3, "Desa Sungai Rangas Hulu", day.replace(year=day.year - 2), 4)
        got = decide_link(doc, [ours, done, old], RULES, text=text)
        assert got.activity_id == 1, (partner, got.reason)
        assert read_reason(got.reason).template == ONLY_FIT_SCHEDULE and got.confidence < 0.5
        hint = suggest_activity(doc, [ours, done, old], RULES, text=text)
        assert hint is not None and hint.activity_id == 1, (partner, hint)
        tried += 1
    assert tried >= 4, tried


def test_an_undated_schedule_whose_rows_do_not_single_out_one_activity_is_left_alone():
    tried = 0
    for partner, text, doc, day in _undated():
        ours = _at_step(1, partner, day, 4)
        done = _with_its_schedule(day)
        # a second activity of that year waiting for a schedule too
        other = _at_step(4, "Desa Sungai Rangas Hulu", day, 2)
        assert decide_link(doc, [ours, done, other], RULES, text=text).activity_id is None, partner
        # ours got only as far as step 3
        assert decide_link(doc, [_at_step(1, partner, day, 3), done], RULES, text=text).activity_id is None
        # ours is of another year than the rows
        moved = _at_step(1, partner, day.replace(year=day.year - 1), 4)
        assert decide_link(doc, [moved, done], RULES, text=text).activity_id is None, partner
        # ours holds a step-4 document dated after every row (the SOP's order rules it out)
        late = _dated(1, partner, [("nota_kesepahaman", day - timedelta(days=30)),
                                   ("berita_acara_serah_terima", day + timedelta(days=60))])
        assert decide_link(doc, [late, done], RULES, text=text).activity_id is None, partner
        # only one row's date read: no year the rows agree on, no date at all
        assert decide_link(doc, [ours, done], RULES, text=_first_row_date_only(text)).activity_id is None, partner
        tried += 1
    assert tried >= 4, tried
