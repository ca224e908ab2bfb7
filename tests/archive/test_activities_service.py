"""Activities on a real SQLite archive: auto-linking with reasons, hand link/unlink/move
(audited), sign-off by the SOP's roles only."""
from datetime import date

import pytest
from sqlalchemy import select

from archive import db
from archive.activities import (
    create_activity,
    get_activity,
    link_document,
    list_activities,
    move_document,
    sign_off,
    unlink_document,
)
from archive.activity_rows import parse_period
from archive.audit import load_rules
from archive.errors import ActivityError, ActivityNotFoundError, DocumentNotFoundError, SignOffNotAllowedError
from archive.evidence import find_kecamatan
from archive.linking import auto_link
from tests.archive.test_activities_world import OFFICE, add_document

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)


def audit_actions(settings):
    with db.session_scope(settings) as session:
        return [(r.action, r.user, r.doc_id, r.activity_id)
                for r in session.scalars(select(db.AuditRow).order_by(db.AuditRow.id))]


def add(settings, doc_id, doc_type, **kw):
    with db.session_scope(settings) as session:
        add_document(session, doc_id, doc_type, **kw)


def add_user(settings, name, role):
    with db.session_scope(settings) as session:
        session.add(db.UserRow(name=name, role=role, created_at=db.now_iso()))


@pytest.mark.parametrize("text,label", [
    ("2024", "2024"), ("2024-01-01..2024-06-30", "2024-01-01..2024-06-30")])
def test_parse_period(text, label):
    assert parse_period(text)[0] == label


@pytest.mark.parametrize("text", ["", "tahun lalu", "2024-06-30..2024-01-01"])
def test_parse_period_refuses(text):
    with pytest.raises(ActivityError):
        parse_period(text)


@pytest.mark.parametrize("text,kecamatan", [
    ("Desa Lok Batu Kecamatan Batumandi Kabupaten Balangan", "Batumandi"),
    ("KEC. PARINGIN SELATAN KAB. BALANGAN", "Paringin Selatan"),
    ("tidak ada", None)])
def test_find_kecamatan(text, kecamatan):
    assert find_kecamatan(text) == kecamatan


def test_auto_link_by_partner_then_by_cited_number(settings):
    add(settings, "a00000000001", "surat_permintaan_peminjaman", tanggal=date(2024, 5, 2), nomor="400/12/DS/2024",
        pengirim="Kepala Desa Lok Batu", penerima=OFFICE, text="Desa Lok Batu Kecamatan Batumandi")
    first = auto_link(settings, "a00000000001")
    assert first.activity_id is not None and "Kegiatan baru" in first.reason
    # A reply that names no partner joins through the number it cites.
    add(settings, "a00000000002", "surat_balasan", tanggal=date(2024, 5, 9), rujukan=("400 / 12 / DS / 2024",))
    reply = auto_link(settings, "a00000000002")
    assert reply.activity_id == first.activity_id and reply.confidence >= 0.9
    assert "400/12/DS/2024" in reply.reason
    # Same partner, spelled differently, same year: same activity; another year: a new one.
    add(settings, "a00000000003", "daftar_judul_buku", tanggal=date(2024, 6, 1), partner="Ds. Lokbatu")
    add(settings, "a00000000004", "daftar_judul_buku", tanggal=date(2025, 6, 1), partner="LOK BATU")
    assert auto_link(settings, "a00000000003").activity_id == first.activity_id
    other = auto_link(settings, "a00000000004")
    assert other.activity_id not in (None, first.activity_id)
    acts = {a.id: a for a in list_activities(settings)}
    assert acts[first.activity_id].partner == "Desa Lok Batu" and acts[first.activity_id].period == "2024"
    assert acts[first.activity_id].kecamatan == "Batumandi"
    assert acts[other.activity_id].period == "2025"
    assert ("activity.autolink", None, "a00000000002", str(first.activity_id)) in audit_actions(settings)


def test_auto_link_leaves_documents_without_partner_or_reference(settings):
    add(settings, "b00000000001", "lainnya", tanggal=date(2024, 5, 2), penerima="Kepala Desa Lok Batu")
    add(settings, "b00000000002", "surat_balasan", tanggal=None)
    assert auto_link(settings, "b00000000001").activity_id is None  # not evidence, addressee only
    assert auto_link(settings, "b00000000002").activity_id is None
    assert list_activities(settings) == []
    with pytest.raises(DocumentNotFoundError):
        auto_link(settings, "ffffffffffff")


def test_hand_link_move_unlink_are_audited_and_stick(settings):
    a = create_activity(settings, "Desa Lok Batu", "2024", user="pelaksana1")
    b = create_activity(settings, "SDN 1 Paringin", "2024", user="pelaksana1")
    add(settings, "c00000000001", "nota_kesepahaman", tanggal=date(2024, 3, 1), partner="Desa Lok Batu")
    link_document(settings, "c00000000001", a.id, user="pelaksana1")
    detail = move_document(settings, "c00000000001", b.id, user="pelaksana1")
    assert [d.id for d in detail.documents] == ["c00000000001"]
    assert detail.documents[0].linked_by == "pelaksana1"
    assert get_activity(settings, a.id).documents == ()
    unlink_document(settings, "c00000000001", user="sekretaris1")
    assert get_activity(settings, b.id).documents == ()
    # A document a person unlinked is not re-linked by auto-linking.
    assert auto_link(settings, "c00000000001").activity_id is None
    actions = [(x[0], x[1], x[2]) for x in audit_actions(settings)]
    assert actions[-3:] == [("activity.link", "pelaksana1", "c00000000001"),
                            ("activity.move", "pelaksana1", "c00000000001"),
                            ("activity.unlink", "sekretaris1", "c00000000001")]
    with pytest.raises(ActivityNotFoundError):
        link_document(settings, "c00000000001", 999, user="x")
    with pytest.raises(DocumentNotFoundError):
        link_document(settings, "ffffffffffff", a.id, user="x")


@pytest.mark.parametrize("role,allowed", [
    ("sekretaris", True), ("kepala_dinas", True), ("pelaksana", False), ("auditor", False), ("admin", False)])
def test_sign_off_only_by_sop_roles(settings, role, allowed):
    rules = load_rules()
    assert (role in rules.step(3).signoff_roles) is allowed  # the roles come from the SOP data
    act = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    add_user(settings, f"user_{role}", role)
    if allowed:
        done = sign_off(settings, act.id, 3, user=f"user_{role}", override_reason="uji: tanpa bukti")
        assert (done.user, done.role, done.step) == (f"user_{role}", role, 3)
        detail = get_activity(settings, act.id)
        assert [(s.user, s.step) for s in detail.audit.steps[2].signoffs] == [(f"user_{role}", 3)]
        entry = [e for e in audit_actions(settings) if e[0] == "activity.signoff"]
        assert entry == [("activity.signoff", f"user_{role}", None, str(act.id))]
    else:
        with pytest.raises(SignOffNotAllowedError):
            sign_off(settings, act.id, 3, user=f"user_{role}")
        assert not [e for e in audit_actions(settings) if e[0] == "activity.signoff"]


def test_sign_off_unknown_step(settings):
    act = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    add_user(settings, "kadis", "kepala_dinas")
    with pytest.raises(ActivityError):
        sign_off(settings, act.id, 9, user="kadis")


def test_search_finds_documents_by_activity(settings):
    from archive import service
    from archive.records import SearchQuery

    a = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    add(settings, "d00000000001", "daftar_judul_buku", tanggal=date(2024, 6, 1), perihal="Daftar judul buku")
    add(settings, "d00000000002", "daftar_judul_buku", tanggal=date(2024, 6, 1), perihal="Daftar judul buku")
    link_document(settings, "d00000000001", a.id, user="pelaksana1")
    hits = service.search(settings, SearchQuery(activity=str(a.id)))
    assert [h.id for h in hits.hits] == ["d00000000001"]
    unlink_document(settings, "d00000000001", user="pelaksana1")
    assert service.search(settings, SearchQuery(activity=str(a.id))).total == 0


def test_unsure_names_and_mentions_only_join_existing_activities(settings):
    # A sender of unknown kind starts nothing ...
    add(settings, "e00000000001", "jadwal_pembinaan", tanggal=date(2024, 5, 13), pengirim="Kepala Bidang Layanan",
        text="JADWAL PEMBINAAN\nlokasi: aula")
    assert auto_link(settings, "e00000000001").activity_id is None
    assert list_activities(settings) == []
    # ... a school letter whose sender was misread is placed by the partner at its head ...
    add(settings, "e00000000002", "surat_permintaan_peminjaman", tanggal=date(2024, 5, 1),
        pengirim="Dinas Pendidikan Kabupaten Balangan", penerima=OFFICE,
        text="PEMERINTAH KABUPATEN BALANGAN\nDINAS PENDIDIKAN\nSD NEGERI LOK BATU\nJalan Lok Batu No. 3")
    school = auto_link(settings, "e00000000002")
    assert school.activity_id is not None and "SD Lok Batu" in school.reason
    # ... and a report that only names the partner in its body joins that partner's activity.
    add(settings, "e00000000003", "laporan_sosialisasi", tanggal=date(2024, 5, 20), pengirim=OFFICE,
        text="LAPORAN KEGIATAN\nSosialisasi dilaksanakan di SD Negeri Lok Batu dengan 40 peserta.")
    joined = auto_link(settings, "e00000000003")
    assert joined.activity_id == school.activity_id and "menyebut mitra" in joined.reason
    assert [a.partner for a in list_activities(settings)] == ["SD Lok Batu"]


def test_activity_choices(settings):
    from archive.activities import activity_choices

    a = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    b = create_activity(settings, "SDN 1 Paringin", "2024-01-01..2024-06-30", user="x")
    assert [(c.id, c.partner, c.period) for c in activity_choices(settings)] == [
        (a.id, "Desa Lok Batu", "2024"), (b.id, "SDN 1 Paringin", "2024-01-01..2024-06-30")]


@pytest.mark.parametrize("needs_review,flags,expected", [
    (False, (), None),
    (True, (), "klasifikasi ragu"),
    (False, ("low_confidence",), "perlu dipindai ulang"),
])
def test_documents_waiting_for_review(settings, needs_review, flags, expected):
    from archive.activities import audit

    add(settings, "f00000000001", "surat_balasan", tanggal=date(2024, 5, 2), partner="Desa Lok Batu",
        needs_review=needs_review, flags=flags)
    findings = [f for a in audit(settings).activities for f in a.findings if f.rule == "needs_review"]
    if expected is None:
        assert findings == []
    else:
        assert len(findings) == 1 and expected in findings[0].message
        assert findings[0].documents == ("f00000000001",) and findings[0].step == 3


def test_sign_off_once_per_user_and_step(settings):
    act = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    add_user(settings, "kadis", "kepala_dinas")
    add_user(settings, "sekdis", "sekretaris")
    sign_off(settings, act.id, 2, user="kadis", override_reason="uji: tanpa bukti")
    sign_off(settings, act.id, 2, user="sekdis", override_reason="uji")  # both roles may sign the same step
    with pytest.raises(ActivityError):
        sign_off(settings, act.id, 2, user="kadis", override_reason="uji")
    assert [(s.user, s.role) for s in get_activity(settings, act.id).signoffs] == [
        ("kadis", "kepala_dinas"), ("sekdis", "sekretaris")]


def test_activity_of_document(settings):
    from archive.activities import activity_of_document

    a = create_activity(settings, "Desa Lok Batu", "2024", user="x")
    add(settings, "g00000000001", "surat_balasan", tanggal=date(2024, 5, 2))
    assert activity_of_document(settings, "g00000000001") is None
    link_document(settings, "g00000000001", a.id, user="x")
    assert activity_of_document(settings, "g00000000001").summary.id == a.id


def test_a_sure_type_waiting_for_other_reasons_is_not_called_unsure(settings):
    """needs_review means any open review flag (a missing nomor, an unsure field...): a document whose
    classification is sure must not be reported as "klasifikasi ragu, keyakinan 95 %"."""
    from archive.activities import audit

    add(settings, "f00000000002", "surat_balasan", tanggal=date(2024, 5, 2), partner="Desa Lok Batu",
        needs_review=True)
    with db.session_scope(settings) as session:
        session.get(db.Document, "f00000000002").class_confidence = 0.95
    [finding] = [f for a in audit(settings).activities for f in a.findings if f.rule == "needs_review"]
    assert "klasifikasi ragu" not in finding.message
    assert "catatan peninjauan" in finding.message and finding.documents == ("f00000000002",)
