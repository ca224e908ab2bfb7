"""Linking that groups (issue 17): one partner and programme year are one activity unless the evidence
says otherwise; a cited nomor links across steps; what the linker leaves alone is listed by the audit
with its most likely activity.

The archive-level tests ingest documents laid out by the harder sample generator (partners of every
kind, their letters' real wording and heads) through the fake pipeline seam (text instead of OCR):
the store, database, linker and audit run for real.
"""
from __future__ import annotations

import json
import random
from datetime import date
from itertools import combinations

import pytest
from fakes import write_doc

from archive import service
from archive.audit import ActivityEvidence, EvidenceDoc, load_rules
from archive.linking import (
    ACTIVITY_GAP_DAYS,
    CITES_NOMOR,
    NEW_ACTIVITY,
    NEW_ACTIVITY_AFTER_GAP,
    NEW_ACTIVITY_NEW_MOU,
    SAME_PARTNER_IN_PERIOD,
    decide_link,
    read_reason,
)

RULES = load_rules()


def _act(id_, partner, docs, period="2024"):
    start, end = (date(int(period), 1, 1), date(int(period), 12, 31))
    return ActivityEvidence(id=id_, partner=partner, partner_key="", period=period, start=start, end=end,
                            documents=tuple(docs))


def _doc(id_, doc_type, day, partner=None, nomor=None):
    return EvidenceDoc(id=id_, doc_type=doc_type, tanggal=day, partner=partner, nomor=nomor)


# ---------------------------------------------------------------- decide_link (pure)

def test_one_partner_and_year_is_one_activity_even_past_its_last_letter():
    act = _act(1, "Kecamatan Lampihong", [_doc("a", "surat_permohonan_kerja_sama", date(2024, 2, 1))])
    got = decide_link(_doc("b", "laporan_pendampingan", date(2024, 6, 20), "Camat Lampihong"), [act], RULES)
    assert got.activity_id == 1 and read_reason(got.reason).template == SAME_PARTNER_IN_PERIOD


def test_a_pause_longer_than_the_sop_period_starts_a_new_activity():
    act = _act(1, "Desa Guha", [_doc("a", "undangan_sosialisasi", date(2024, 1, 10))])
    later = date.fromordinal(date(2024, 1, 10).toordinal() + ACTIVITY_GAP_DAYS + 5)
    got = decide_link(_doc("b", "surat_permintaan_peminjaman", later, "Desa Guha"), [act], RULES)
    assert got.activity_id is None and got.new_start == later
    assert read_reason(got.reason).template == NEW_ACTIVITY_AFTER_GAP


def test_a_second_mou_starts_a_new_activity():
    act = _act(1, "Pondok Pesantren Al Ikhlas",
               [_doc("a", "nota_kesepahaman", date(2024, 2, 1), nomor="041/12/Dispersip/II/2024")])
    got = decide_link(_doc("b", "nota_kesepahaman", date(2024, 3, 1), "Ponpes Al Ikhlas",
                           nomor="041/88/Dispersip/III/2024"), [act], RULES)
    assert got.activity_id is None and read_reason(got.reason).template == NEW_ACTIVITY_NEW_MOU
    same = decide_link(_doc("c", "nota_kesepahaman", date(2024, 3, 1), "Ponpes Al Ikhlas",
                            nomor="041/12/Dispersip/II/2024"), [act], RULES)  # the same MoU, photographed again
    assert same.activity_id == 1


def test_a_cited_nomor_in_the_text_links_across_steps():
    act = _act(1, "TBM Pelangi Pagi", [_doc("a", "berita_acara_serah_terima", date(2024, 5, 2),
                                           nomor="000.4.3.7/74/BA/DISPERSIP/2024")])
    text = "DAFTAR JUDUL BUKU\nLampiran Berita Acara Nomor: 000.4.3.7/74/BA/DlSPERSlP/2024\nNo Judul"  # OCR l for I
    got = decide_link(_doc("b", "daftar_judul_buku", None), [act], RULES, text=text)
    assert got.activity_id == 1 and read_reason(got.reason).template == CITES_NOMOR


def test_a_name_of_no_partner_kind_never_starts_an_activity():
    got = decide_link(_doc("b", "nota_kesepahaman", date(2024, 3, 20), "Dinas"), [], RULES)
    assert got.activity_id is None and got.new_partner is None
    kinded = decide_link(_doc("c", "nota_kesepahaman", date(2024, 3, 20), "Kecamatan Juai"), [], RULES)
    assert kinded.new_partner == "Kecamatan Juai" and read_reason(kinded.reason).template == NEW_ACTIVITY


# ---------------------------------------------------------------- the archive, from generated letters

BURT = ["surat_permohonan_kerja_sama", "nota_kesepahaman", "surat_permintaan_peminjaman", "surat_balasan",
        "berita_acara_serah_terima", "surat_koordinasi_pendampingan"]


def _generated_world(tmp_path, kinds, seed):
    """Documents of one activity per partner kind, laid out by the harder generator, written as fake-pipeline
    JSON: page text, type, nomor and tanggal as a perfect reader gets them; the partner is left for the
    archive to read from the text. Returns (paths in date order, path -> activity key)."""
    from samples.generate import make_activity_v2, make_document

    docs = []
    for a, kind in enumerate(kinds):
        act = make_activity_v2(random.Random(f"{seed}-act-{a}"), a % 2 == 1, kind)
        for t, doc_type in enumerate(BURT):
            spec = make_document(doc_type, random.Random(f"{seed}-{a}-{t}"), a % 2 == 1, act, harder=True)
            tanggal = spec.meta.get("tanggal")
            docs.append((tanggal, f"{a:02d}{t:02d}", doc_type, spec, act.key))
    docs.sort(key=lambda d: (d[0], d[1]))
    paths, truth = [], {}
    for tanggal, name, doc_type, spec, key in docs:
        path = write_doc(tmp_path / f"{name}.json", spec.page_texts(), doc_type=doc_type,
                         sop_step=spec.sop_step, nomor=spec.meta.get("nomor"), tanggal=tanggal.isoformat(),
                         perihal=spec.meta.get("perihal"))
        paths.append(path)
        truth[path.name] = key
    return paths, truth


def test_generated_activities_of_every_partner_kind_group_by_partner_and_year(settings, processor, tmp_path):
    kinds = ["desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "perpustakaan_desa", "tbm", "komunitas"]
    paths, truth = _generated_world(tmp_path, kinds, "group")
    by_doc = {o.id: truth[o.file.rsplit("/", 1)[-1]]
              for o in service.ingest_paths(settings, paths, processor=processor) if o.status == "ingested"}
    assert len(by_doc) == len(paths)
    report = service.audit(settings)
    group = {}
    for act in report.activities:
        for linked in service.get_activity(settings, act.id).documents:
            group[linked.id] = act.id
    pairs = list(combinations(sorted(by_doc), 2))
    together_truth = {p for p in pairs if by_doc[p[0]] == by_doc[p[1]]}
    together_got = {p for p in pairs if group.get(p[0]) is not None and group.get(p[0]) == group.get(p[1])}
    assert together_got == together_truth  # every activity whole, no two partners merged
    assert len(report.activities) == len(kinds)


def test_the_audit_lists_unlinked_step_evidence_with_its_best_candidate(settings, processor, tmp_path):
    partner_letter = write_doc(tmp_path / "request.json", [
        "TAMAN BACAAN MASYARAKAT PELANGI PAGI\nSURAT PERMOHONAN\nNomor: 12/TBM-PP/2024\n"
        "Yth. Kepala Dinas Perpustakaan dan Kearsipan\nKabupaten Balangan\n"
        "Kami mohon peminjaman buku kolektif."],
        doc_type="surat_permintaan_peminjaman", sop_step=3, nomor="12/TBM-PP/2024", tanggal="2024-04-02")
    # a schedule page that names the partner with an OCR slip and another place: no sure link
    schedule = write_doc(tmp_path / "schedule.json", [
        "JADWAL PEMBINAAN PERPUSTAKAAN\n1 | Senin | Taman Bacaan Masyarakat Pelangi Pagl | Layanan\n"
        "2 | Selasa | Desa Banua Lawas | Sirkulasi"],
        doc_type="jadwal_pembinaan", sop_step=5)
    outcomes = {o.file.rsplit("/", 1)[-1]: o.id for o in
                service.ingest_paths(settings, [partner_letter, schedule], processor=processor)}
    data = json.loads(json.dumps(service.audit(settings).to_json()))
    assert [a["partner"] for a in data["activities"]] == ["TBM Pelangi Pagi"]
    [unlinked] = data["unlinked"]
    assert unlinked["document"] == outcomes["schedule.json"] and unlinked["step"] == 5
    assert unlinked["candidate"]["activity"] == data["activities"][0]["id"]
    assert "Pelangi Pagi" in unlinked["candidate"]["reason"] and unlinked["candidate"]["score"] > 0


@pytest.mark.parametrize("kind", ["kecamatan", "perpustakaan_desa", "sekolah"])
def test_issue17_partners_are_not_left_unlinked(settings, processor, tmp_path, kind):
    """Regression (issue 17): kecamatan partners, village libraries named by library and village, and
    numbered schools got no activity or several."""
    paths, truth = _generated_world(tmp_path, [kind], f"issue17-{kind}")
    outcomes = list(service.ingest_paths(settings, paths, processor=processor))
    report = service.audit(settings)
    assert len(report.activities) == 1
    linked = {d.id for d in service.get_activity(settings, report.activities[0].id).documents}
    assert linked == {o.id for o in outcomes}
    assert report.unlinked == ()


def test_the_register_grows_from_a_partner_a_user_confirmed(settings, processor, tmp_path):
    """A partner typed in by a person joins the register: a later letter naming it without its kind
    ("AL IKHLAS" for the pondok pesantren) is read as that partner."""
    from archive import db
    from archive.linking import partner_register

    first = write_doc(tmp_path / "mou.json", ["NOTA KESEPAHAMAN\nNomor: 041/5/Dispersip/2024\nisi"],
                      doc_type="nota_kesepahaman", sop_step=2, nomor="041/5/Dispersip/2024", tanggal="2024-02-05")
    [outcome] = service.ingest_paths(settings, [first], processor=processor)
    with db.session_scope(settings) as session:
        assert partner_register(session).match("Ponpes Al Ikhlas")[0] is None
    service.correct_metadata(settings, outcome.id, {"partner": "Pondok Pesantren Al Ikhlas"}, user="ani")
    with db.session_scope(settings) as session:
        entry = partner_register(session).match("Ponpes Al Ikhlas")[0]
    assert entry is not None and entry.source == "confirmed" and entry.kind == "pondok_pesantren"
    later = write_doc(tmp_path / "request.json", ["SURAT PERMOHONAN\nisi"], doc_type="surat_permintaan_peminjaman",
                      sop_step=3, tanggal="2024-03-01", partner="AL IKHLAS")
    list(service.ingest_paths(settings, [later], processor=processor))
    report = service.audit(settings)
    assert [a.partner for a in report.activities] == ["Pondok Pesantren Al Ikhlas"]
