"""Issue 18, activities by hand, in the archive layer: the evidence picker (nomor, file name,
words, readable titles, suggestions), merging and deleting activities, duplicates of a new one,
and sign-offs confirmed, guarded by evidence and withdrawn with a reason.  Real SQLite and a
real Whoosh index."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from archive import db, service
from archive.activities import wita
from archive.errors import ActivityError, SignOffNotAllowedError
from archive.evidence_picker import readable_title
from tests.archive.test_activities_world import add_document


def _audit(settings, action):
    with db.session_scope(settings) as s:
        return [(r.user, r.activity_id, db.loads(r.detail, {})) for r in
                s.scalars(select(db.AuditRow).where(db.AuditRow.action == action).order_by(db.AuditRow.id))]


def _add(settings, doc_id, doc_type, *, filename=None, nomor=None, perihal=None, partner="Desa Lok Batu",
         text="", tanggal=date(2024, 3, 1)):
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, tanggal=tanggal, partner=partner, nomor=nomor, perihal=perihal,
                     text=text)
        if filename:
            session.get(db.Document, doc_id).filename = filename
    service.refresh_index(settings, [doc_id])


def _user(settings, name, role):
    with db.session_scope(settings) as session:
        session.add(db.UserRow(name=name, role=role, created_at=db.now_iso()))


# ---------------------------------------------------------------- the evidence picker

def test_picker_finds_by_file_name_and_by_nomor(settings):
    _add(settings, "a00000000001", "surat_balasan", filename="IMG_20240213_101532.jpg", nomor="045/12/DS-LB/III/2024")
    _add(settings, "a00000000002", "surat_permintaan_peminjaman", filename="scan-balasan-halong.pdf",
         nomor="800/77/DISPERSIP/2024", perihal="Permohonan peminjaman buku")
    by_name = service.find_evidence(settings, "img_20240213")
    assert [c.id for c in by_name] == ["a00000000001"] and by_name[0].matched == "berkas"
    assert [c.id for c in service.find_evidence(settings, "balasan-halong")] == ["a00000000002"]
    # the nomor as OCR misreads it (l for 1, O for 0) still finds the letter
    by_nomor = service.find_evidence(settings, "O45/l2/DS-LB/III/2024")
    assert by_nomor[0].id == "a00000000001" and by_nomor[0].matched == "nomor"
    assert service.find_evidence(settings, "800/77")[0].id == "a00000000002"  # a part of the nomor
    # words go through the search index
    assert "a00000000002" in [c.id for c in service.find_evidence(settings, "peminjaman buku")]
    assert service.find_evidence(settings, "   ") == []


def test_picker_titles_are_readable(settings):
    _add(settings, "a00000000003", "surat_balasan", filename="IMG_1.jpg", perihal=None)
    _add(settings, "a00000000004", "surat_balasan", filename="IMG_2.jpg", perihal="Balasan permohonan")
    titles = {c.id: c.title for c in service.find_evidence(settings, "IMG_")}
    assert titles["a00000000004"] == "Balasan permohonan"
    assert titles["a00000000003"] == "Surat balasan · Desa Lok Batu · 1 Maret 2024"
    assert readable_title(None, None, None, None, "x.pdf") == "x.pdf"


def test_picker_shows_where_a_document_is_linked(settings):
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _add(settings, "a00000000005", "surat_balasan", filename="balasan-lok-batu.pdf")
    service.link_document(settings, "a00000000005", act.id, user="x")
    found = service.find_evidence(settings, "balasan-lok-batu")
    assert found[0].activity_id == act.id and "Desa Lok Batu" in found[0].activity_label


def test_suggestions_list_unlinked_documents_for_the_step(settings):
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _add(settings, "a00000000006", "surat_balasan", partner=None, text="Kepada Kepala Desa Lok Batu\nbalasan")
    service.unlink_document(settings, "a00000000006", user="x")  # a person unlinked it: auto-linking leaves it
    suggestions = service.evidence_suggestions(settings, act.id)
    assert [c.id for c in suggestions.get(3, [])] == ["a00000000006"]
    assert suggestions[3][0].score > 0 and suggestions[3][0].reason


# ---------------------------------------------------------------- duplicates, merge, delete

def test_a_new_activity_that_duplicates_one_is_found(settings):
    first = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    assert [a.id for a in service.similar_activities(settings, "desa LOK BATU", "2024")] == [first.id]
    assert [a.id for a in service.similar_activities(settings, "Desa Lok Batu", "2024-06-01..2024-12-31")] == [first.id]
    assert service.similar_activities(settings, "Desa Lok Batu", "2025") == []
    assert service.similar_activities(settings, "Kelurahan Lok Batu", "2024") == []  # another kind of partner


def test_merge_moves_documents_and_sign_offs(settings):
    keep = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    other = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _user(settings, "kadis", "kepala_dinas")
    _add(settings, "b00000000001", "surat_permintaan_peminjaman")
    _add(settings, "b00000000002", "surat_balasan")
    service.link_document(settings, "b00000000001", other.id, user="x")
    service.link_document(settings, "b00000000002", other.id, user="x")
    service.sign_off(settings, other.id, 3, user="kadis")
    report = service.merge_activities(settings, keep.id, other.id, user="sekdis", address="10.0.0.9")
    assert report.documents == ("b00000000001", "b00000000002") and report.signoffs == 1
    merged = service.get_activity(settings, keep.id)
    assert {d.id for d in merged.documents} == {"b00000000001", "b00000000002"}
    assert [(s.user, s.step) for s in merged.signoffs] == [("kadis", 3)]
    with pytest.raises(Exception) as gone:
        service.get_activity(settings, other.id)
    assert getattr(gone.value, "code", "") == "activity_not_found"
    (user, activity, detail), = _audit(settings, "activity.merge")
    assert user == "sekdis" and activity == str(keep.id) and detail["from"] == other.id
    assert detail["address"] == "10.0.0.9" and detail["documents"] == ["b00000000001", "b00000000002"]
    assert _audit(settings, "activity.merged_into")[0][1] == str(other.id)
    # the search index knows the new activity of the moved documents
    hits = service.search(settings, service.SearchQuery(activity=str(keep.id), limit=10)).hits
    assert {h.id for h in hits} == {"b00000000001", "b00000000002"}
    with pytest.raises(ActivityError):
        service.merge_activities(settings, keep.id, keep.id, user="sekdis")


def test_delete_unlinks_documents_and_needs_a_reason_when_signed(settings):
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _user(settings, "kadis", "kepala_dinas")
    _add(settings, "c00000000001", "surat_permintaan_peminjaman")
    _add(settings, "c00000000002", "surat_balasan")
    for doc_id in ("c00000000001", "c00000000002"):
        service.link_document(settings, doc_id, act.id, user="x")
    service.sign_off(settings, act.id, 3, user="kadis")
    with pytest.raises(ActivityError) as err:
        service.delete_activity(settings, act.id, user="sekdis")
    assert err.value.code == "activity_signed_off"
    report = service.delete_activity(settings, act.id, user="sekdis", reason="dibuat dua kali")
    assert report.documents == ("c00000000001", "c00000000002")
    for doc_id in report.documents:  # kept, and left out of every activity (auto-linking leaves them alone)
        assert service.get_document(settings, doc_id).id == doc_id
        assert service.activity_of(settings, doc_id) is None
    service.audit(settings)  # links what is not linked: these stay unlinked
    assert all(service.activity_of(settings, d) is None for d in report.documents)
    (user, activity, detail), = _audit(settings, "activity.delete")
    assert user == "sekdis" and activity == str(act.id) and detail["reason"] == "dibuat dua kali"
    assert detail["signoffs"][0]["user"] == "kadis"
    # without sign-offs, no reason is needed
    empty = service.create_activity(settings, "Desa Halong", "2024", user="x")
    service.delete_activity(settings, empty.id, user="sekdis")
    assert all(a.id != empty.id for a in service.list_activities(settings))


# ---------------------------------------------------------------- sign-off: guard, confirm, withdraw

def test_sign_off_check_writes_nothing_and_guards_missing_evidence(settings):
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _user(settings, "kadis", "kepala_dinas")
    with pytest.raises(ActivityError) as err:
        service.check_sign_off(settings, act.id, 3, user="kadis")  # the step is "Kurang bukti"
    assert err.value.code == "evidence_missing"
    assert service.check_sign_off(settings, act.id, 3, user="kadis", override_reason="arsip banjir").step == 3
    assert service.get_activity(settings, act.id).history == () and _audit(settings, "activity.signoff") == []
    with pytest.raises(SignOffNotAllowedError):
        service.check_sign_off(settings, act.id, 3, user="x")  # no such user: no role


def test_withdraw_keeps_the_history_and_allows_signing_again(settings):
    act = service.create_activity(settings, "Desa Lok Batu", "2024", user="x")
    _user(settings, "kadis", "kepala_dinas")
    _user(settings, "sekdis", "sekretaris")
    _user(settings, "ani", "pelaksana")
    service.sign_off(settings, act.id, 3, user="kadis", override_reason="surat asli hilang")
    signed, = service.get_activity(settings, act.id).history
    assert signed.override_reason == "surat asli hilang" and signed.active
    with pytest.raises(ActivityError) as again:
        service.sign_off(settings, act.id, 3, user="kadis", override_reason="lagi")
    assert "WITA" in again.value.message and "T" not in again.value.message.split("pada ")[1][:20]
    with pytest.raises(ActivityError) as no_reason:
        service.withdraw_sign_off(settings, act.id, signed.id, user="kadis", reason=" ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(SignOffNotAllowedError):
        service.withdraw_sign_off(settings, act.id, signed.id, user="ani", reason="salah")
    assert service.withdraw_sign_off(settings, act.id, signed.id, user="sekdis", reason="bukti belum diperiksa") == 3
    detail = service.get_activity(settings, act.id)
    assert detail.signoffs == ()  # the step shows as not signed
    step3 = next(s for s in detail.audit.steps if s.step == 3)
    assert step3.signoffs == ()
    withdrawn, = detail.history
    assert (withdrawn.withdrawn_by, withdrawn.withdrawn_reason) == ("sekdis", "bukti belum diperiksa")
    (user, _, entry), = _audit(settings, "activity.signoff_withdrawn")
    assert user == "sekdis" and entry["reason"] == "bukti belum diperiksa" and entry["signed_by"] == "kadis"
    with pytest.raises(ActivityError) as twice:
        service.withdraw_sign_off(settings, act.id, signed.id, user="sekdis", reason="lagi")
    assert twice.value.code == "not_signed"
    service.sign_off(settings, act.id, 3, user="kadis", override_reason="sudah diperiksa")  # signs again
    history = service.get_activity(settings, act.id).history
    assert [h.active for h in history] == [False, True]


def test_wita_shows_office_time():
    assert wita("2024-04-22T06:05:00+00:00") == "22 April 2024 14.05 WITA"
    assert wita("2026-12-02T20:38:17+00:00") == "3 Desember 2026 04.38 WITA"
