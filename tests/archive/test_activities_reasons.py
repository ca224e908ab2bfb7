"""Link reasons read back from their stored text (``archive.linking.read_reason``): every template
the archive writes round-trips, awkward data inside a reason does not confuse the reader, and a
text no template wrote (an older version's, or typed by hand) reads as None — the pages then
show it as stored. Works on existing rows: no column was added."""
from __future__ import annotations

import pytest

from archive import db
from archive.linking import (
    BY_REFERENCE,
    LINKED_BY,
    NEW_ACTIVITY,
    REASON_TEMPLATES,
    SAME_PARTNER_IN_PERIOD,
    read_reason,
    reason_text,
)

AWKWARD = ["Desa Lok Batu", "SD Negeri (1) Paringin", "50% #7", "400/12/DS/2024", "%(partner)s",
           "Kelurahan\nParingin Timur", "2024-01-01..2024-06-30", "PT. Maju (Cabang Paringin). Tbk"]


@pytest.mark.parametrize("template", REASON_TEMPLATES)
@pytest.mark.parametrize("value", AWKWARD)
def test_every_reason_round_trips(template, value):
    names = [n for n in ("nomor", "activity", "partner", "period", "year", "name", "user", "days", "clues", "step",
                         "before", "after", "read", "times") if f"%({n})s" in template]
    numbers = ("activity", "year", "days", "step", "before", "after", "read", "times")
    text = reason_text(template, **{n: "2024" if n in numbers else value for n in names})
    wording = read_reason(text)
    assert wording is not None and wording.template == template
    assert wording.template % dict(wording.params) == text  # renders back to exactly the stored text


def test_a_text_two_templates_could_write_reads_back_unchanged():
    """A partner named like a template's own words makes the text ambiguous: whichever template
    reads it, it renders back to exactly the stored text (never a garbled mix)."""
    text = reason_text("Mitra sama (%(partner)s); tanggal tidak terbaca.",
                       partner="Desa X) dan tanggal dalam periode 2023")
    wording = read_reason(text)
    assert wording is not None and wording.template % dict(wording.params) == text


@pytest.mark.parametrize("template,params", [
    (BY_REFERENCE, {"nomor": "400/12/DS/2024", "activity": "3"}),
    (SAME_PARTNER_IN_PERIOD, {"partner": "Kepala Desa Lok Batu", "period": "2024-01-01..2024-06-30"}),
    (NEW_ACTIVITY, {"partner": "SD 1 Paringin", "year": "2024"}),
    (LINKED_BY, {"user": "pelaksana1"}),
])
def test_the_parameters_are_read_back(template, params):
    assert dict(read_reason(reason_text(template, **params)).params) == params


@pytest.mark.parametrize("text", [
    None, "", "Mitra Desa X belum punya kegiatan dan tanggal tidak terbaca.",  # an older version's wording
    "Dipindah karena salah tautan.", "Merujuk surat nomor 1/2024 pada kegiatan #3",  # no final full stop
    "Kegiatan baru: mitra X, tahun 2024. Tambahan.", "Nama X cocok dengan mitra kegiatan #tiga.",
])
def test_texts_no_template_wrote_are_not_read(text):
    assert read_reason(text) is None


def test_stored_reasons_of_an_archive_read_back(settings):
    """Rows written by linking (and a hand link) read back; a row with a foreign text stays text."""
    from archive import service
    from archive.activities import get_activity, link_document, list_activities, read_link_reason
    from archive.activity_rows import set_link
    from tests.archive.test_activities_world import build_world

    settings.ensure_dirs()
    build_world(settings)
    activities = list_activities(settings)  # links every document
    first = get_activity(settings, activities[0].id)
    assert first.documents and all(d.reason_wording is not None for d in first.documents)
    assert all(d.reason_wording.template % dict(d.reason_wording.params) == d.reason for d in first.documents)
    assert "reason_wording" not in first.documents[0].to_json()

    moved = first.documents[0].id
    detail = link_document(settings, moved, activities[1].id, user="pelaksana1")
    hand = next(d for d in detail.documents if d.id == moved)
    assert hand.reason == "Ditautkan oleh pelaksana1." and hand.reason_wording.template == LINKED_BY

    with db.session_scope(settings) as session:  # as an older version (or a person) might have written it
        set_link(session, moved, activities[1].id, user="admin", confidence=1.0, reason="Dipindah dari arsip lama.")
    old = next(d for d in get_activity(settings, activities[1].id).documents if d.id == moved)
    assert old.reason == "Dipindah dari arsip lama." and old.reason_wording is None

    log = service.audit_log(settings, activity_id=str(activities[0].id), limit=50)
    logged = [e.detail["reason"] for e in log if e.action == "activity.autolink"]
    assert logged and all(read_link_reason(r) is not None for r in logged)
