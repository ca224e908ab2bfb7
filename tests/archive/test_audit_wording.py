"""The findings' sentences as template + parameters (``Finding.message_wording``/``fix_wording``):
rendering them in Indonesian gives exactly the stored text, every rule fires once with a wording,
and every template is listed for the web's catalogue."""
from dataclasses import replace
from datetime import date

import pytest

from archive.audit import (
    FINDING_TEMPLATES,
    EvidenceDoc,
    PartyEvidence,
    Term,
    Wording,
    audit_activity,
    load_rules,
    nomor_index,
    say,
)
from archive.evidence import REVIEW_TEMPLATES, REVIEW_UNSURE
from tests.archive.test_audit_rules import full_set, with_docs


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def troubled(rules):
    """One activity on which every rule but the cross-activity one fires."""
    act = full_set(rules)

    def change(d):
        if d.doc_type == "daftar_judul_buku":
            return None  # missing evidence
        if d.doc_type == "surat_permintaan_peminjaman":
            return replace(d, tanggal=date(2024, 1, 2))  # step order, and the reply is not before it
        if d.doc_type == "surat_balasan":
            return replace(d, tanggal=date(2024, 1, 1), partner="SD Negeri 2 Paringin")  # before its request
        if d.doc_type == "nota_kesepahaman":
            return replace(d, nomor=None, parties=(PartyEvidence("pertama", "Dinas", None, True),
                                                   PartyEvidence("kedua", "Desa (Lok) Batu", None, False)))
        if d.doc_type == "laporan_sosialisasi":
            return replace(d, needs_review=True, title=rules.label(d.doc_type), review_reason="klasifikasi ragu",
                           review_wordings=(Wording.of(REVIEW_UNSURE, confidence="41%"),))
        if d.doc_type == "jadwal_pembinaan":
            return replace(d, tanggal=date(2022, 3, 1), title="Jadwal 50% 'pembinaan' %(x)s")  # outside the period
        return d

    act = with_docs(act, change)
    lone = EvidenceDoc(id="mou-one-party", doc_type="nota_kesepahaman", tanggal=date(2024, 2, 9), nomor="9/MoU/2024",
                       parties=(PartyEvidence("pertama", None, "9/MoU/2024", None),))  # only one party
    return replace(act, documents=act.documents + (lone,))


def elsewhere(rules):
    """A second activity citing a number filed in the first one."""
    cited = next(d for d in full_set(rules).documents if d.doc_type == "surat_permohonan_kerja_sama")
    doc = EvidenceDoc(id="cites", doc_type="surat_koordinasi_pendampingan", tanggal=date(2024, 6, 1),
                      rujukan=(cited.nomor,), title="Koordinasi")
    return replace(full_set(rules), id=2, documents=(doc,))


def all_findings(rules):
    first, second = troubled(rules), elsewhere(rules)
    index = nomor_index([first, second])
    return list(audit_activity(first, rules, index).findings) + list(audit_activity(second, rules, index).findings)


def test_every_rule_fires_with_its_wording(rules):
    rules_seen = {f.rule for f in all_findings(rules)}
    assert rules_seen == {"missing_evidence", "step_order", "reply_before_request", "agreement_parties",
                          "agreement_number", "agreement_signature", "needs_review", "partner_mismatch",
                          "outside_period", "reference_elsewhere"}


def test_the_indonesian_rendering_is_the_stored_text(rules):
    for f in all_findings(rules):
        assert f.message_wording is not None and f.fix_wording is not None, f.rule
        assert say(f.message_wording, rules) == f.message
        assert say(f.fix_wording, rules) == f.fix
        assert f.message_wording.template in FINDING_TEMPLATES and f.fix_wording.template in FINDING_TEMPLATES


def test_labels_and_step_names_are_terms_not_text(rules):
    """What another language must render itself (type labels, step names, review reasons) is a Term."""
    found = {}
    for f in all_findings(rules):
        found.setdefault(f.rule, f)  # the first activity's
    missing = dict(found["missing_evidence"].message_wording.params)
    assert missing["type"] == Term("type", "daftar_judul_buku") and missing["step_name"] == Term("step", 4)
    assert "Penyaluran / distribusi buku" in found["missing_evidence"].message  # the SOP's step name
    assert dict(found["missing_evidence"].fix_wording.params)["type"] == Term("type_lc", "daftar_judul_buku")
    review = dict(found["needs_review"].message_wording.params)
    assert review["doc"] == Term("type", "laporan_sosialisasi")  # a title that is only the type's label
    assert review["reason"].kind == "wordings" and review["reason"].value[0].template in REVIEW_TEMPLATES
    assert found["needs_review"].message.endswith("(klasifikasi ragu, keyakinan 41%).")
    outside = dict(found["outside_period"].message_wording.params)
    assert outside["doc"] == "Jadwal 50% 'pembinaan' %(x)s"  # data with % signs passes through as it is
    assert "Jadwal 50% 'pembinaan' %(x)s" in found["outside_period"].message


def test_the_json_contract_is_unchanged(rules):
    for f in all_findings(rules):
        assert list(f.to_json()) == ["rule", "message", "documents", "fix"]


def test_a_finding_built_from_text_alone_still_works():
    """Older callers (and tests) build findings without wordings; the web then shows the text."""
    from archive.audit import Finding

    f = Finding("needs_review", 1, "pesan", ("a",), "perbaikan")
    assert f.message_wording is None and f.to_json()["message"] == "pesan"
