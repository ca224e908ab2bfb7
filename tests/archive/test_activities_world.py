"""A generated archive of BuRT activities with planted problems, and the audit over it.

``build_world`` writes documents straight into a real SQLite archive (the rows ingest would
write: documents, fields, pages), seeded so every run is the same. Each activity gets at most
one planted problem (missing evidence, a step out of order, a reply dated before its request,
an MoU without a signature or a number, a document waiting for review, a document linked to
the wrong activity); partner names are spelled differently from letter to letter. The audit
must report exactly the planted problems (and their direct consequences), nothing else.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from archive import db
from archive.activities import audit
from archive.audit import load_rules
from archive.partners import normalise_partner
from archive.settings import load_settings

OFFICE = "Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Balangan"

# (kind spellings, core, kecamatan); the spellings a clerk or a village secretary might type.
PARTNERS = [
    (("Desa {c}", "Ds. {c2}", "Pemerintah Desa {c}", "Kepala Desa {c}", "{C}"), "Lok Batu", "Batumandi"),
    (("Desa {c}", "Pemdes {c}", "Kepala Desa {c}", "{C}"), "Batu Piring", "Paringin Selatan"),
    (("Desa {c}", "Ds. {c}", "Kepala Desa {c}"), "Kusambi Hilir", "Lampihong"),
    (("Desa {c}", "Kepala Desa {c}", "DESA {C}"), "Tebing Tinggi", "Tebing Tinggi"),
    (("SD Negeri 1 {c}", "SDN 01 {c}", "Kepala SDN 1 {c}"), "Paringin", "Paringin"),
    (("SD Negeri 2 {c}", "SDN 2 {c}", "Kepala SD Negeri 2 {c}"), "Paringin", "Paringin"),
    (("Kelurahan {c}", "Kel. {c}", "Lurah {c}"), "Paringin Timur", "Paringin"),
    (("Desa {c}", "Ds. {c}", "Kepala Desa {c}"), "Halong", "Halong"),
]
PROBLEMS = ["missing", "out_of_order", "reply_early", "mou_unsigned", "mou_no_number", "needs_review",
            "mislinked", None]


@dataclass
class World:
    docs: dict[str, dict] = field(default_factory=dict)  # doc id -> what was generated
    expected: set[tuple[str, str, str, int]] = field(default_factory=set)  # (partner key, period, rule, step)
    mislink: tuple[str, str, str] | None = None  # (doc id, from key, to key)
    moved_reply: str | None = None  # a reply moved to the same wrong activity


def spell(variants, core, rng):
    v = rng.choice(variants)
    return v.format(c=core, c2=core.replace(" ", ""), C=core.upper())


def add_document(session, doc_id, doc_type, *, tanggal, nomor=None, partner=None, penerima=None, pengirim=None,
                 perihal=None, pihak=(), rujukan=(), text="", needs_review=False, created_at=None, flags=()):
    """Insert the rows ingest writes for one document."""
    now = created_at or db.now_iso()
    session.add(db.Document(
        id=doc_id, sha256=doc_id * 5 + "0" * 4, filename=f"{doc_id}.pdf", kind="pdf", size=1000, page_count=1,
        original_path=f"originals/{doc_id}.pdf", doc_type=doc_type, sop_step=None, class_confidence=0.4 if needs_review else 0.9,
        class_reasons="[]", needs_review=needs_review, flags=json.dumps(list(flags)), pihak=json.dumps(list(pihak)),
        rujukan=json.dumps(list(rujukan)), timings="{}", created_at=now, created_by=None, indexed=False))
    session.flush()
    values = {"nomor": nomor, "tanggal": tanggal.isoformat() if tanggal else None, "partner": partner,
              "penerima": penerima, "pengirim": pengirim, "perihal": perihal}
    for name, value in values.items():
        session.add(db.FieldRow(document_id=doc_id, name=name, value=value, confidence=0.9, set_by="ocr",
                                set_at=now, reason=""))
    session.add(db.PageRow(document_id=doc_id, number=1, text=text, confidence=90.0, width=100, height=100))


def upload_in_order(settings, docs: dict, order, *, other: str, other_day: date):
    """An invitation of ``other`` dated ``other_day`` audited first, then each of ``docs`` ({id: (doc_type, tanggal,
    partner, text)}) added in ``order``, the second linked before the third arrives (as ingest does); the last
    audit's report and each document's activity id (None: unlinked)."""
    with db.session_scope(settings) as session:
        add_document(session, "other", "undangan_sosialisasi", tanggal=other_day, partner=other,
                     text=f"Undangan\n{other}", created_at="2026-01-01T00:00:00+00:00")
    audit(settings)
    for i, doc_id in enumerate(order):
        doc_type, when, who, body = docs[doc_id]
        with db.session_scope(settings) as session:
            add_document(session, doc_id, doc_type, tanggal=when, partner=who, text=body,
                         created_at=f"2026-01-01T00:00:0{i + 1}+00:00")
        if i == 1:
            audit(settings)
    report = audit(settings)
    with db.session_scope(settings) as session:
        links = {d: (row.activity_id if (row := session.get(db.ActivityLinkRow, d)) else None) for d in docs}
    return report, links


def mou_text(partner, kecamatan, signed_roles):
    blocks = "          ".join(f"PIHAK {r.upper()}," for r in signed_roles)
    return (f"NOTA KESEPAHAMAN\nantara Dinas Perpustakaan dan Kearsipan dan {partner} Kecamatan {kecamatan}\n"
            f"Pasal 1\nPIHAK PERTAMA dan PIHAK KEDUA sepakat bekerja sama.\nPasal 5\nPenutup\n"
            f"Dibuat rangkap dua oleh PIHAK PERTAMA dan PIHAK KEDUA.\n{blocks}\nAhmad        Budi\n")


def build_world(settings, seed: int = 7, year: int = 2024) -> World:
    """Generate the activities (see the module docstring) into ``settings``' archive."""
    rng = random.Random(seed)
    rules = load_rules()
    world = World()
    problems = PROBLEMS[:]
    rng.shuffle(problems)
    n = 0
    with db.session_scope(settings) as session:
        for (variants, core, kecamatan), problem in zip(PARTNERS, problems):
            key = normalise_partner(variants[0].format(c=core, c2=core, C=core)).key
            base = date(year, 3, 1) + timedelta(days=rng.randint(0, 20))
            docs_by_type = {}
            for step in rules.steps:
                for i, doc_type in enumerate(step.evidence):
                    n += 1
                    day = base + timedelta(days=14 * (step.number - 1) + i + rng.randint(0, 1))
                    name = spell(variants, core, rng)
                    from_partner = doc_type.startswith("surat_permintaan") or doc_type == "surat_permohonan_kerja_sama"
                    docs_by_type[doc_type] = dict(
                        id=f"{n:012x}", doc_type=doc_type, tanggal=day, nomor=f"{n:03d}/BuRT/{year}",
                        partner=name if rng.random() < 0.5 else None,
                        penerima=OFFICE if from_partner else name, pengirim=name if from_partner else OFFICE,
                        perihal=rules.label(doc_type), text=f"{name} Kecamatan {kecamatan} Kabupaten Balangan")
            mou = docs_by_type["nota_kesepahaman"]
            mou["pihak"] = [{"role": "pertama", "name": "Dr. Ahmad", "instansi": OFFICE, "nomor": f"100/{n}/DPK/{year}"},
                            {"role": "kedua", "name": "Budi", "instansi": spell(variants, core, rng),
                             "nomor": f"07/{core[:3].upper()}/{year}"}]
            mou["nomor"] = mou["pihak"][0]["nomor"]  # an MoU's head number is the first party's
            mou["text"] = mou_text(core, kecamatan, ("pertama", "kedua"))
            docs_by_type["surat_balasan"]["rujukan"] = [docs_by_type["surat_permintaan_peminjaman"]["nomor"]]
            period = str(year)
            if problem == "missing":
                doc_type = rng.choice([t for s in rules.steps for t in s.evidence if t != "nota_kesepahaman"])
                docs_by_type.pop(doc_type)
                world.expected.add((key, period, "missing_evidence", rules.type_steps[doc_type]))
            elif problem == "out_of_order":
                k = rng.randint(3, 6)
                prev_first = min(d["tanggal"] for d in docs_by_type.values() if rules.type_steps[d["doc_type"]] == k - 1)
                for d in docs_by_type.values():
                    if rules.type_steps[d["doc_type"]] == k:
                        d["tanggal"] = prev_first - timedelta(days=30)
                world.expected.add((key, period, "step_order", k))
            elif problem == "reply_early":
                req = docs_by_type["surat_permintaan_peminjaman"]
                docs_by_type["surat_balasan"]["tanggal"] = req["tanggal"] - timedelta(days=5)
                # the reply now opens step 3: still after step 2 (14 days apart)
                world.expected.add((key, period, "reply_before_request", 3))
            elif problem == "mou_unsigned":
                mou["text"] = mou_text(core, kecamatan, ("pertama",))
                world.expected.add((key, period, "agreement_signature", 2))
            elif problem == "mou_no_number":
                mou["pihak"][1]["nomor"] = None
                world.expected.add((key, period, "agreement_number", 2))
            elif problem == "needs_review":
                d = docs_by_type[rng.choice(sorted(docs_by_type))]
                d["needs_review"] = True
                world.expected.add((key, period, "needs_review", rules.type_steps[d["doc_type"]]))
            elif problem == "mislinked":
                world.mislink = (docs_by_type["daftar_judul_buku"]["id"], key, None)
            for d in docs_by_type.values():
                d["key"] = key
                world.docs[d["id"]] = d
                add_document(session, d["id"], d["doc_type"], tanggal=d["tanggal"], nomor=d["nomor"],
                             partner=d["partner"], penerima=d["penerima"], pengirim=d["pengirim"],
                             perihal=d["perihal"], pihak=d.get("pihak", ()), rujukan=d.get("rujukan", ()),
                             text=d["text"], needs_review=d.get("needs_review", False))
        # An earlier, complete activity with the first partner: the period keeps them apart.
        variants, core, kecamatan = PARTNERS[0]
        key = normalise_partner(core).key.replace("?", "desa")
        for step in rules.steps:
            for i, doc_type in enumerate(step.evidence):
                n += 1
                d = dict(id=f"{n:012x}", doc_type=doc_type, key=key, period=str(year - 1),
                         tanggal=date(year - 1, 5, 1) + timedelta(days=14 * (step.number - 1) + i))
                pihak = ([{"role": "pertama", "instansi": OFFICE, "nomor": "1/A"},
                          {"role": "kedua", "instansi": f"Desa {core}", "nomor": "2/B"}]
                         if doc_type == "nota_kesepahaman" else [])
                text = mou_text(core, kecamatan, ("pertama", "kedua")) if pihak else f"Desa {core}"
                add_document(session, d["id"], doc_type, tanggal=d["tanggal"], nomor=f"{n}/X/{year - 1}",
                             penerima=f"Kepala Desa {core}", pengirim=OFFICE, perihal=rules.label(doc_type),
                             pihak=pihak, text=text)
                world.docs[d["id"]] = d
    return world


def plant_mislink(settings, world: World) -> None:
    """Move one list of titles to another partner's activity by hand (the planted mislink), and
    the same partner's reply, which cites its request, to that other activity too."""
    from archive.activities import list_activities, move_document

    doc_id, from_key, _ = world.mislink
    target = next(a for a in list_activities(settings) if a.partner_key.split(":")[-1] != from_key.split(":")[-1]
                  and a.period == "2024")
    move_document(settings, doc_id, target.id, user="pelaksana1")
    world.mislink = (doc_id, from_key, target.partner_key)
    world.expected.add((target.partner_key, target.period, "partner_mismatch", 4))
    world.expected.add((from_key, "2024", "missing_evidence", 4))
    reply = next(d for d in world.docs.values() if d["key"] == from_key and d["doc_type"] == "surat_balasan")
    move_document(settings, reply["id"], target.id, user="pelaksana1")
    world.moved_reply = reply["id"]
    world.expected.add((target.partner_key, target.period, "reference_elsewhere", 3))
    if reply["partner"] or normalise_partner(reply["penerima"]).kind:  # a name sure enough to judge by
        world.expected.add((target.partner_key, target.period, "partner_mismatch", 3))
    world.expected.add((from_key, "2024", "missing_evidence", 3))


@pytest.fixture(scope="module")
def world_settings(tmp_path_factory):
    settings = load_settings(home=tmp_path_factory.mktemp("world"), environ={})
    settings.ensure_dirs()
    world = build_world(settings)
    from archive.activities import audit

    audit(settings)  # links every document
    plant_mislink(settings, world)
    yield settings, world
    db.close_db(settings)


def _key_of(partner_key: str, world: World) -> str:
    """Activity keys may lack a kind ("?:lokbatu") when the first letter did; map to the world's key."""
    kind, core = partner_key.split(":", 1)
    for key in {d["key"] for d in world.docs.values()}:
        k_kind, k_core = key.split(":", 1)
        if k_core == core and (kind == "?" or kind == k_kind):
            return key
    return partner_key


def test_every_document_is_linked_to_its_partner_and_period(world_settings):
    from archive.activities import get_activity, list_activities

    settings, world = world_settings
    acts = list_activities(settings)
    assert len(acts) == len(PARTNERS) + 1  # one per partner, plus the earlier year of the first
    seen = {}
    for summary in acts:
        detail = get_activity(settings, summary.id)
        for doc in detail.documents:
            seen[doc.id] = (_key_of(summary.partner_key, world), summary.period, doc.reason)
    assert set(seen) == set(world.docs)
    for doc_id, d in world.docs.items():
        key, period, reason = seen[doc_id]
        if world.mislink and doc_id in (world.mislink[0], world.moved_reply):
            assert key == _key_of(world.mislink[2], world)
            continue
        assert key == d["key"], (doc_id, d)
        assert period == d.get("period", "2024")
        assert reason


def test_audit_reports_every_planted_problem_and_nothing_else(world_settings):
    from archive.activities import audit

    settings, world = world_settings
    report = audit(settings)
    found = {(_key_of(a_key, world), a.period, f.rule, f.step)
             for a in report.activities for a_key in [a_key_for(settings, a.id)] for f in a.findings}
    assert found == world.expected
    assert report.has_findings


def a_key_for(settings, activity_id):
    from archive.activities import get_activity

    return get_activity(settings, activity_id).summary.partner_key


def test_audit_json_shape_and_single_activity(world_settings):
    from archive.activities import audit, list_activities

    settings, world = world_settings
    data = audit(settings).to_json()
    assert set(data) == {"activities", "unlinked"}  # "unlinked": an addition (docs/cli.md)
    for u in data["unlinked"]:
        assert set(u) == {"document", "doc_type", "step", "title", "candidate"} and u["step"] >= 1
        assert u["candidate"] is None or set(u["candidate"]) == {"activity", "partner", "score", "reason"}
    for act in data["activities"]:
        assert set(act) == {"id", "partner", "period", "complete", "in_order", "steps"}
        assert [s["step"] for s in act["steps"]] == [1, 2, 3, 4, 5, 6]
        for s in act["steps"]:
            assert s["status"] in ("complete", "missing", "out_of_order", "needs_review")
            for f in s["findings"]:
                assert set(f) == {"rule", "message", "documents", "fix"} and f["message"] and f["fix"]
    one = list_activities(settings)[0]
    single = audit(settings, one.id).to_json()
    assert [a["id"] for a in single["activities"]] == [one.id]
