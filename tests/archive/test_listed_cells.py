"""A schedule (jadwal pembinaan) photographed so badly that the page's text lines lost a partner's row, while
the reading of its ruled table's cell kept the name (wrapped over two lines of the cell): the partners it
lists are read from its cells too (``listed_links.cell_lines``), so it joins that partner's activity
(issue 17: the schedules on phone and messenger photos that stayed unlinked). Generated schedules, both
modes, every partner kind; the page's row garbled here; on a real archive, both upload orders."""
from __future__ import annotations

import itertools
import json
import random
import re
from datetime import timedelta

import pytest

from archive import db
from archive.activities import audit
from archive.listed_links import cell_lines, listing_text
from archive.partners import lists_partner, normalise_partner
from samples.generate import make_activity_v2, make_document
from tests.archive.test_activities_world import add_document
from tests.archive.test_linking_held_out import KINDS, _other_kind


def _word(text: str, x: int, y: int, cell: tuple[int, int, int], conf: float = 40.0, hand: bool = False) -> dict:
    out = {"text": text, "conf": conf, "box": [x, y, 12 * len(text), 24], "cell": list(cell)}
    return {**out, "hand": True} if hand else out


def _cell_words(name: str, cell: tuple[int, int, int], hand: bool = False) -> list[dict]:
    """``name`` as the words of one table cell, wrapped after its second word (a narrow Tempat column),
    stored in the order Tesseract gives them: the second line first, as a skewed photo may."""
    words = name.split()
    first, second = words[:2], words[2:] or words[-1:]
    out, x = [], 800
    for w in second:
        out.append(_word(w, x, 536, cell, hand=hand))
        x += 12 * len(w) + 10
    x = 800
    for w in first:
        out.append(_word(w, x, 500, cell, hand=hand))
        x += 12 * len(w) + 10
    return out


def _noise(word: str) -> str:
    """A word OCR read as nothing like itself, the same length ("Ceria" -> "Qxzvk")."""
    return "".join("qxzvkjwh"[i % 8] for i in range(len(word))).capitalize()


def _schedule(kind: str, seed: int):
    """A generated schedule whose own partner's name words are read as noise on the page (its row lost),
    the partner, and the schedule's date."""
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"cells-{kind}-{seed}"), held_out, kind)
    spec = make_document("jadwal_pembinaan", random.Random(f"cells-doc-{kind}-{seed}"), held_out, act, harder=True)
    text = "\n".join(spec.page_texts())
    for word in normalise_partner(act.partner.name).display.split():
        text = re.sub(rf"\b{re.escape(word)}\b", _noise(word), text)
    return act.partner, text, spec.meta["tanggal"]


def test_a_cells_words_are_one_line_in_reading_order():
    words = [*_cell_words("Perpustakaan Desa Ceria Aksara", (0, 1, 3)), _word("Mulyadi", 1400, 500, (0, 1, 5)),
             *_cell_words("Perpustakaan SMPN 1 Juai", (0, 2, 3)), _word("Dinas", 100, 50, ())]
    assert cell_lines([words]).splitlines() == ["Perpustakaan Desa Ceria Aksara", "Mulyadi", "Perpustakaan SMPN 1 Juai"]
    # a handwritten cell has no reading; a page without a ruled grid adds nothing; other types: text as it is
    assert cell_lines([_cell_words("Perpustakaan Desa Ceria Aksara", (0, 1, 3), hand=True)]) == ""
    assert listing_text("teks", "jadwal_pembinaan", [[_word("Dinas", 100, 50, ())]]) == "teks"
    assert listing_text("teks", "surat_undangan", [words]) == "teks"
    assert listing_text("teks", "jadwal_pembinaan", [words]).splitlines()[1] == "Perpustakaan Desa Ceria Aksara"


def _arrive(settings, doc_id, doc_type, day, partner=None, text="", words=(), created_at=None):
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, tanggal=day, partner=partner, text=text or f"{doc_type}\n{partner}",
                     created_at=created_at)
        session.flush()
        session.get(db.PageRow, (doc_id, 1)).words = json.dumps(list(words))


def _link(settings, doc_id):
    with db.session_scope(settings) as session:
        row = session.get(db.ActivityLinkRow, doc_id)
        return row.activity_id if row is not None else None


def _step5(report, activity_id):
    act = next(a for a in report.to_json()["activities"] if a["id"] == activity_id)
    return next((s["documents"] for s in act["steps"] if s["step"] == 5), [])


@pytest.mark.parametrize("schedule_first", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_a_schedule_whose_row_only_its_cell_kept_joins_the_partner(settings, kind, schedule_first):
    for seed in (0, 1):
        partner, text, day = _schedule(kind, seed)
        assert not lists_partner(text, partner.name)  # the page's text lost the row
        name = partner.name.split(",")[0]  # a village library's own name, as a schedule writes it
        assert lists_partner(name, partner.name)
        words = _cell_words(name, (0, 1, 3))
        mou, jadwal = f"mou-{seed}", f"jadwal-{seed}"
        steps = [(mou, "nota_kesepahaman", day - timedelta(days=60), partner.name, "", ()),
                 (jadwal, "jadwal_pembinaan", day, None, text, words)]
        for doc_id, doc_type, when, who, body, ws in (steps[::-1] if schedule_first else steps):
            _arrive(settings, doc_id, doc_type, when, who, body, ws)
        report = audit(settings)  # links every document
        own = _link(settings, mou)
        assert own is not None and _link(settings, jadwal) == own, (kind, seed, schedule_first)
        assert jadwal in _step5(report, own)


@pytest.mark.parametrize("order", [("none", "hand", "other"), ("other", "hand", "none")], ids=["hand-first", "other-first"])
@pytest.mark.parametrize("kind", KINDS)
def test_without_the_cell_or_with_another_kinds_cell_the_schedule_stays_for_a_person(settings, kind, order):
    """In either upload order: the schedule whose cell names another kind's partner of the same name
    (``partners.names_namesake``) arriving first, while the activity still lacks the step, is not singled out
    by those words (it once was, when it came before the handwritten one)."""
    partner, text, day = _schedule(kind, 0)
    name = partner.name.split(",")[0]
    cases = {"none": (), "hand": _cell_words(name, (0, 1, 3), hand=True),
             "other": _cell_words(_other_kind(name), (0, 1, 3))}
    _arrive(settings, "mou", "nota_kesepahaman", day - timedelta(days=60), partner.name,
            created_at="2026-01-01T00:00:00+00:00")
    for i, case in enumerate(order):
        _arrive(settings, f"jadwal-{case}", "jadwal_pembinaan", day, None, text, cases[case],
                created_at=f"2026-01-01T00:00:0{i + 1}+00:00")
    report = audit(settings)
    own = _link(settings, "mou")
    for case in ("none", "other"):
        assert _link(settings, f"jadwal-{case}") is None, (kind, case)
        assert f"jadwal-{case}" not in _step5(report, own), (kind, case)
    # a handwriting-like cell is no row reading; its words, with the date in the period and the step still
    # missing there, single the partner's activity out (group17: ``linking._singled_out_by_words``, a blurred
    # print's cells taken for handwriting) for a name of two long words or more
    if len([w for w in normalise_partner(name).display.split() if len(w) >= 4]) >= 2:
        assert _link(settings, "jadwal-hand") == own, kind
    else:
        assert _link(settings, "jadwal-hand") is None, kind
        listed = {u["document"]: u["candidate"] or {} for u in report.to_json()["unlinked"]}
        assert listed["jadwal-hand"].get("activity") == own and listed["jadwal-hand"]["score"] >= 0.5, kind
    # the schedule without its cell gives the date and step alone: no suggestion by a name
    listed = {u["document"]: u["candidate"] or {} for u in report.to_json()["unlinked"]}
    assert listed["jadwal-none"].get("score", 0.0) < 0.5, kind


# Every order three documents can arrive in (``created_at`` one second apart; the audit links them in it).
ORDERS = list(itertools.permutations(("mou", "mou-other", "jadwal")))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
@pytest.mark.parametrize("kind", ["desa", "sekolah", "perpustakaan_desa", "komunitas"])
def test_a_cell_naming_a_second_partner_with_an_activity_leaves_the_schedule_for_a_person(settings, kind, order):
    """The cells read a second partner that has an activity in the period (the page's text named only the
    first one): the schedule lists two, so it is each one's listed evidence and nobody's own document,
    whatever order the three arrived in (a schedule first linked as the one listed partner's own loses that
    link once the second partner's MoU arrives: CI once failed here when the clock's second turned between
    two uploads)."""
    partner, text, day = _schedule(kind, 1)
    other, _, _ = _schedule("tbm" if kind != "tbm" else "komunitas", 0)
    name = partner.name.split(",")[0]
    words = [*_cell_words(name, (0, 1, 3)), *_cell_words(other.name, (0, 2, 3))]
    docs = {"mou": ("nota_kesepahaman", day - timedelta(days=60), partner.name, "", ()),
            "mou-other": ("nota_kesepahaman", day - timedelta(days=40), other.name, "", ()),
            "jadwal": ("jadwal_pembinaan", day, None, text, words)}
    for i, doc_id in enumerate(order):
        _arrive(settings, doc_id, *docs[doc_id], created_at=f"2026-01-01T00:00:0{i}+00:00")
        if i == 1:  # the second upload is linked before the third arrives, as ingest does
            audit(settings)
    report = audit(settings)
    assert _link(settings, "jadwal") is None, order
    for mou in ("mou", "mou-other"):
        assert "jadwal" in _step5(report, _link(settings, mou)), (kind, mou, order)
