"""A document with no clue of its own is suggested for the activity it was uploaded among (issue 17): a book list
whose upper half a messenger photo lost keeps only its rows (no partner, no date, no nomor); the linker leaves it
alone, and ``burt audit --json`` now lists it with the activity of the linked documents that arrived just
before and just after it, not linking it when that activity already shows the list's step (when the list would
fill a step missing between the activity's steps it is linked: ``test_linking_fills_gap``). Documents of the
harder generator, several partner kinds."""
from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from archive import db
from archive.activities import audit
from archive.linking import SUGGEST_UPLOADED
from samples.generate import make_activity_v2, make_document
from tests.archive.test_activities_world import add_document

BOTH_BACKENDS = True
KINDS = ["desa", "sekolah", "tbm", "komunitas", "perpustakaan_desa"]


def _activity(kind: str, tag: str):
    act = make_activity_v2(random.Random(f"upload-{tag}-{kind}"), True, kind)
    return act.partner.name


def _document(doc_type: str, partner_kind: str, tag: str) -> str:
    act = make_activity_v2(random.Random(f"upload-{tag}-{partner_kind}"), True, partner_kind)
    spec = make_document(doc_type, random.Random(f"upload-doc-{tag}-{doc_type}"), True, act, harder=True)
    return "\n".join(spec.page_texts())


def _rows_only(text: str) -> str:
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if re.match(r"No\.?\s+Judul", ln))
    end = next((i for i, ln in enumerate(lines) if ln.startswith("Jumlah")), len(lines))
    return "\n".join(lines[start + 1:end])


def _arrive(settings, doc_id: str, doc_type: str | None, text: str, *, tanggal=None, partner=None) -> None:
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, tanggal=tanggal, partner=partner, text=text)
        db.write_audit(session, "document.ingest", user=None, doc_id=doc_id, detail={"file": f"{doc_id}.jpg"})


def _upload(settings, kind: str, *, between: tuple[str, str] = ("a", "a"), list_type: bool = False,
            list_day: date | None = None, next_type: str = "berita_acara_serah_terima", next_days: int = 50):
    """Activity a (``kind``) and activity b (a TBM, or a desa) each with their letters; the partner-less book list
    arrives after the reply of ``between[0]`` and before the letter ``next_type`` of ``between[1]`` (by default
    the hand-over's berita acara, so activity a shows step 4 already; with a later step there the list would fill
    a step missing between a's steps, which ``test_linking_fills_gap`` links)."""
    start = date(2024, 3, 4)
    partners = {"a": _activity(kind, "a"), "b": _activity("tbm" if kind != "tbm" else "desa", "b")}
    shift = {"a": 0, "b": 5}
    first = [("b", "undangan_sosialisasi", 0), ("a", "undangan_sosialisasi", 0)]
    first += [(k, "surat_balasan", 40) for k in "ab" if k != between[0]]
    if list_type:  # activity a already holds its book list
        first.append(("a", "daftar_judul_buku", 50))
    order = [*first, (between[0], "surat_balasan", 40), ("list", "", 0), (between[1], next_type, next_days)]
    for n, (k, doc_type, days) in enumerate(order):
        if k == "list":
            _arrive(settings, "list", "daftar_judul_buku", _rows_only(_document("daftar_judul_buku", kind, "a")),
                    tanggal=list_day)
            continue
        _arrive(settings, f"{k}{n}", doc_type, f"{doc_type}\nKepada Yth. {partners[k]}",
                tanggal=start + timedelta(days + shift[k]), partner=partners[k])
    report = audit(settings)
    with db.session_scope(settings) as session:
        links = {r.document_id: r.activity_id for r in session.scalars(db.select(db.ActivityLinkRow))}
    return report, links, [f"{k}{n}" for n, (k, _, _) in enumerate(order)]


def _listed(report) -> dict:
    return {u.document: u for u in report.unlinked}


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_uploaded_among_one_activitys_letters_is_suggested_for_it(settings, kind):
    report, links, ids = _upload(settings, kind)
    assert links.get("list") is None  # never linked so
    found = _listed(report)["list"]
    at = next(i for i, doc_id in enumerate(ids) if doc_id.startswith("list"))
    before, after = ids[at - 1], ids[at + 1]
    assert found.candidate is not None and found.candidate == links[before] == links[after], kind
    assert found.reason == SUGGEST_UPLOADED % {"activity": found.candidate} and found.score < 0.5


@pytest.mark.parametrize("kind", KINDS[:3])
def test_no_suggestion_between_two_activities_a_list_there_or_another_period(settings, kind):
    report, _, _ = _upload(settings, kind, between=("a", "b"))
    assert _listed(report)["list"].candidate is None  # neighbours of two activities


@pytest.mark.parametrize("kind", KINDS[:3])
def test_no_suggestion_when_the_activity_has_its_list(settings, kind):
    report, _, _ = _upload(settings, kind, list_type=True)
    assert _listed(report)["list"].candidate is None


@pytest.mark.parametrize("kind", KINDS[:3])
def test_no_suggestion_for_a_list_dated_outside_the_period(settings, kind):
    report, _, _ = _upload(settings, kind, list_day=date(2023, 2, 1))
    assert _listed(report)["list"].candidate is None
