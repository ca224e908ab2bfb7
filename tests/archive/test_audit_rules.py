"""Each audit rule, table-driven: a case that should fire and cases that should not."""
from dataclasses import replace
from datetime import date

import pytest

from archive.audit import (
    ActivityEvidence,
    EvidenceDoc,
    PartyEvidence,
    audit_activity,
    load_rules,
    rule_agreement_parties,
    rule_missing_evidence,
    rule_needs_review,
    rule_outside_period,
    rule_partner_mismatch,
    rule_reply_before_request,
    rule_step_order,
)
from archive.signatures import find_signatures

BOTH_BACKENDS = True  # each storage test runs on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def full_set(rules, start=date(2024, 2, 1)):
    """One document of every required type, each step a week after the previous one."""
    docs = []
    for step in rules.steps:
        for i, doc_type in enumerate(step.evidence):
            day = date.fromordinal(start.toordinal() + 7 * (step.number - 1) + i)
            docs.append(EvidenceDoc(id=f"{doc_type[:8]}{step.number}{i}", doc_type=doc_type, tanggal=day,
                                    nomor=f"{step.number}{i}/BuRT/2024", partner="Desa Lok Batu"))
    docs = [replace(d, parties=(PartyEvidence("pertama", "Dinas", "1/MoU/2024", True),
                                PartyEvidence("kedua", "Desa Lok Batu", "2/Pemdes/2024", True)))
            if d.doc_type == "nota_kesepahaman" else d for d in docs]
    return ActivityEvidence(id=1, partner="Desa Lok Batu", partner_key="desa:lokbatu", period="2024",
                            start=date(2024, 1, 1), end=date(2024, 12, 31), documents=tuple(docs))


def with_docs(activity, change):
    return replace(activity, documents=tuple(change(d) for d in activity.documents if change(d) is not None))


def test_the_sop_drives_the_rules(rules):
    assert [s.number for s in rules.steps] == [1, 2, 3, 4, 5, 6]
    assert "nota_kesepahaman" in rules.step(2).evidence
    assert rules.tolerance_days >= 0
    assert set(rules.step(3).signoff_roles) <= {"pelaksana", "sekretaris", "kepala_dinas"}


def test_a_complete_ordered_activity_has_no_findings(rules):
    result = audit_activity(full_set(rules), rules)
    assert result.findings == ()
    assert result.complete and result.in_order
    assert {s.status for s in result.steps} == {"complete"}


# --- missing evidence ---------------------------------------------------------------------
@pytest.mark.parametrize("drop,expect", [
    ("daftar_judul_buku", [(4, "daftar_judul_buku")]),
    ("surat_balasan", [(3, "surat_balasan")]),
    (None, []),
])
def test_missing_evidence(rules, drop, expect):
    act = with_docs(full_set(rules), lambda d: None if d.doc_type == drop else d)
    found = rule_missing_evidence(act, rules)
    assert [(f.step, f.rule) for f in found] == [(s, "missing_evidence") for s, _ in expect]
    for f, (_, doc_type) in zip(found, expect):
        assert rules.label(doc_type) in f.message and f.fix
    result = audit_activity(act, rules)
    assert result.complete is (drop is None)


# --- step order ---------------------------------------------------------------------------
@pytest.mark.parametrize("days_before_step2,fires", [
    (30, True),  # step 3 starts a month before step 2
    (None, False),  # normal order
])
def test_step_order(rules, days_before_step2, fires):
    act = full_set(rules)
    if days_before_step2 is not None:
        step2 = min(d.tanggal for d in act.documents if rules.type_steps[d.doc_type] == 2)
        early = date.fromordinal(step2.toordinal() - days_before_step2)
        act = with_docs(act, lambda d: replace(d, tanggal=early) if d.doc_type == "surat_permintaan_peminjaman" else d)
    found = rule_step_order(act, rules)
    assert [f.step for f in found] == ([3] if fires else [])
    if fires:
        assert found[0].documents[0].startswith("surat_pe")
        assert audit_activity(act, rules).steps[2].status == "out_of_order"
        assert not audit_activity(act, rules).in_order


def test_step_order_tolerance_is_read_from_the_rules(rules):
    act = full_set(rules)
    step2 = min(d.tanggal for d in act.documents if rules.type_steps[d.doc_type] == 2)
    slip = date.fromordinal(step2.toordinal() - 2)
    act = with_docs(act, lambda d: replace(d, tanggal=slip) if rules.type_steps[d.doc_type] == 3 else d)
    assert rule_step_order(act, replace(rules, tolerance_days=3)) == []
    assert [f.step for f in rule_step_order(act, replace(rules, tolerance_days=0))] == [3]


def test_step_order_ignores_undated_and_missing_steps(rules):
    act = with_docs(full_set(rules), lambda d: None if rules.type_steps[d.doc_type] == 2 else
                    (replace(d, tanggal=None) if rules.type_steps[d.doc_type] == 4 else d))
    assert rule_step_order(act, rules) == []


# --- reply before request -----------------------------------------------------------------
@pytest.mark.parametrize("reply_day,cites,fires", [
    (date(2024, 2, 10), True, True),  # request is 2024-02-15
    (date(2024, 2, 10), False, True),  # no rujukan: compared with the step's request
    (date(2024, 2, 20), True, False),
    (None, True, False),
])
def test_reply_before_request(rules, reply_day, cites, fires):
    request = EvidenceDoc("req", "surat_permintaan_peminjaman", date(2024, 2, 15), nomor="400/12/DS-LB/2024")
    reply = EvidenceDoc("rep", "surat_balasan", reply_day, nomor="045/88/DPK/2024",
                        rujukan=("400/12/DS-LB/2024",) if cites else ())
    other = EvidenceDoc("old", "surat_permohonan_kerja_sama", date(2024, 3, 1), nomor="1/2024")
    act = ActivityEvidence(1, "Desa Lok Batu", "desa:lokbatu", "2024", documents=(request, reply, other))
    found = rule_reply_before_request(act, rules)
    assert [(f.rule, f.documents) for f in found] == ([("reply_before_request", ("rep", "req"))] if fires else [])


def test_reply_checks_the_letter_it_cites_not_others(rules):
    cited = EvidenceDoc("req1", "surat_permintaan_peminjaman", date(2024, 2, 1), nomor="400/1/2024")
    later = EvidenceDoc("req2", "surat_permintaan_peminjaman", date(2024, 6, 1), nomor="400/2/2024")
    reply = EvidenceDoc("rep", "surat_balasan", date(2024, 2, 5), rujukan=("400 / 1 / 2024",))
    act = ActivityEvidence(1, "Desa Lok Batu", "desa:lokbatu", "2024", documents=(cited, later, reply))
    assert rule_reply_before_request(act, rules) == []


# --- agreement parties --------------------------------------------------------------------
P1 = PartyEvidence("pertama", "Dinas", "1/MoU/2024", True)
P2 = PartyEvidence("kedua", "Desa Lok Batu", "2/Pemdes/2024", True)


@pytest.mark.parametrize("parties,rules_fired", [
    ((P1, P2), []),
    ((P1, replace(P2, nomor=None)), ["agreement_number"]),
    ((P1, replace(P2, signed=False)), ["agreement_signature"]),
    ((P1, replace(P2, signed=None)), []),  # unknown signature: no claim
    ((P1,), ["agreement_parties"]),
])
def test_agreement_parties(rules, parties, rules_fired):
    mou = EvidenceDoc("mou", "nota_kesepahaman", date(2024, 2, 1), parties=parties)
    act = ActivityEvidence(1, "Desa Lok Batu", "desa:lokbatu", "2024", documents=(mou,))
    assert [f.rule for f in rule_agreement_parties(act, rules)] == rules_fired


@pytest.mark.parametrize("head_nomor,parties,rules_fired", [
    ("100/5/DPK/2024", (replace(P1, nomor=None), P2), []),  # the head number is the first party's
    ("100/5/DPK/2024", (replace(P1, nomor=None), replace(P2, nomor=None)), ["agreement_number"] * 2),
    ("2/Pemdes/2024", (replace(P1, nomor=None), P2), ["agreement_number"]),  # head number is the other's
])
def test_agreement_number_from_the_head(rules, head_nomor, parties, rules_fired):
    mou = EvidenceDoc("mou", "nota_kesepahaman", date(2024, 2, 1), nomor=head_nomor, parties=parties)
    act = ActivityEvidence(1, "Desa Lok Batu", "desa:lokbatu", "2024", documents=(mou,))
    assert [f.rule for f in rule_agreement_parties(act, rules)] == rules_fired


def test_agreement_rule_ignores_other_types(rules):
    letter = EvidenceDoc("x", "surat_balasan", date(2024, 2, 1), parties=(P1,))
    act = ActivityEvidence(1, "Desa Lok Batu", "desa:lokbatu", "2024", documents=(letter,))
    assert rule_agreement_parties(act, rules) == []


# --- needs review, partner, period ----------------------------------------------------------
@pytest.mark.parametrize("needs_review,fires", [(True, True), (False, False)])
def test_needs_review(rules, needs_review, fires):
    act = with_docs(full_set(rules), lambda d: replace(d, needs_review=needs_review, review_reason="ragu")
                    if d.doc_type == "jadwal_pembinaan" else d)
    found = rule_needs_review(act, rules)
    assert [f.step for f in found] == ([5] if fires else [])
    if fires:
        assert audit_activity(act, rules).steps[4].status == "needs_review"


@pytest.mark.parametrize("partner,fires", [
    ("Desa Batu Piring", True), ("Ds. Lokbatu", False), ("LOK BATU", False), (None, False)])
def test_partner_mismatch(rules, partner, fires):
    act = with_docs(full_set(rules), lambda d: replace(d, partner=partner) if d.doc_type == "surat_balasan" else d)
    found = rule_partner_mismatch(act, rules)
    assert [f.rule for f in found] == (["partner_mismatch"] if fires else [])


@pytest.mark.parametrize("day,fires", [(date(2022, 5, 1), True), (date(2024, 12, 31), False),
                                       (date(2025, 1, 2), False), (date(2025, 2, 1), True)])
def test_outside_period(rules, day, fires):
    act = with_docs(full_set(rules), lambda d: replace(d, tanggal=day) if d.doc_type == "laporan_pendampingan" else d)
    assert [f.rule for f in rule_outside_period(act, rules)] == (["outside_period"] if fires else [])


# --- signature detection ----------------------------------------------------------------------
MOU_TEXT = """NOTA KESEPAHAMAN
PIHAK PERTAMA dan PIHAK KEDUA sepakat sebagai berikut.
Pasal 7
Penutup
Nota kesepahaman ini dibuat rangkap dua dan ditandatangani oleh PIHAK PERTAMA dan PIHAK KEDUA.
{blocks}
"""


@pytest.mark.parametrize("blocks,expected", [
    ("PIHAK PERTAMA,          PIHAK KEDUA,\nAhmad                   Budi", {"pertama": True, "kedua": True}),
    ("PIHAK PERTAMA,\nAhmad\nNIP 1979", {"pertama": True, "kedua": False}),
    ("", {"pertama": False, "kedua": False}),
])
def test_find_signatures(blocks, expected):
    assert find_signatures(MOU_TEXT.format(blocks=blocks), ("pertama", "kedua")) == expected


def test_to_json_shape(rules):
    act = with_docs(full_set(rules), lambda d: None if d.doc_type == "daftar_hadir" else d)
    out = audit_activity(act, rules).to_json()
    assert set(out) == {"id", "partner", "period", "complete", "in_order", "steps"}
    step = out["steps"][0]
    assert set(step) == {"step", "status", "documents", "findings"}
    assert step["status"] == "missing"
    assert set(step["findings"][0]) == {"rule", "message", "documents", "fix"}


def test_find_signatures_two_columns_merged_by_ocr():
    text = ("Pasal 7\nPENUTUP\nNota kesepahaman ini ... ditandatangani oleh PARA PIHAK.\nPIHAK PERTAMA,\n"
            "Kepala Dinas Perpustakaan PIHAK KEDUA,\ndan Kearsipan Kabupaten Balangan, Kepala Desa Kusambi Hilir,\n"
            "Fahriannor, S.H. Arbainah\n")
    assert find_signatures(text, ("pertama", "kedua")) == {"pertama": True, "kedua": True}
    sentence_only = "Pasal 7\nDitandatangani oleh PIHAK PERTAMA dan PIHAK KEDUA.\nDemikian.\n"
    assert find_signatures(sentence_only, ("pertama", "kedua")) == {"pertama": False, "kedua": False}


def test_an_unclassified_document_waiting_for_review_is_reported_where_evidence_is_missing(rules):
    act = with_docs(full_set(rules), lambda d: replace(d, doc_type=None, needs_review=True)
                    if d.doc_type == "surat_balasan" else d)
    result = audit_activity(act, rules)
    step3 = result.steps[2]
    assert {f.rule for f in step3.findings} == {"missing_evidence", "needs_review"}
    assert step3.status == "missing"


@pytest.mark.parametrize("cites,fires", [("400/9/LB/2024", True), ("400/1/KH/2024", False), ("999/2024", False)])
def test_reference_filed_in_another_activity(rules, cites, fires):
    from archive.audit import audit_activities

    here = ActivityEvidence(1, "Desa Kusambi Hilir", "desa:kusambihilir", "2024", documents=(
        EvidenceDoc("req", "surat_permintaan_peminjaman", date(2024, 4, 1), nomor="400/1/KH/2024"),
        EvidenceDoc("rep", "surat_balasan", date(2024, 4, 5), rujukan=(cites,))))
    there = ActivityEvidence(2, "Desa Lok Batu", "desa:lokbatu", "2024", documents=(
        EvidenceDoc("lb1", "surat_permintaan_peminjaman", date(2024, 4, 2), nomor="400/9/LB/2024"),))
    report = audit_activities([here, there], rules)
    found = [f for f in report.activities[0].findings if f.rule == "reference_elsewhere"]
    assert [(f.step, f.documents) for f in found] == ([(3, ("rep", "lb1"))] if fires else [])
    assert not [f for f in report.activities[1].findings if f.rule == "reference_elsewhere"]
