"""Issue 17, held-out grouping: a numbered school whose number OCR lost ("PERPUSTAKAAN SMPN TEBING TINGGI" for SMP
Negeri 6 Tebing Tinggi, a photocopied list of books), rebuilt from generated material.

- A dated document whose school name lost its number joins the one activity of its period of that kind and name
  that bears a number, when that activity fits its date and step by the SOP's order (no document of its type yet).
  Two numbered schools of the name in the period, another year, a list already there, another kind, an undated
  document, or a text writing the name with another number: no link.
- The mirror: an activity a numberless reading started is joined by the numbered name's letters and takes that name,
  so the documents end in one activity whatever order they arrive in.
``decide_link`` is pure; the last test runs on a SQLite archive in every upload order."""
from __future__ import annotations

import itertools
import random
import re
from datetime import timedelta

import pytest

from archive.audit import EvidenceDoc, load_rules
from archive.evidence import document_partner
from archive.linking import decide_link
from archive.partners import normalise_partner
from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document
from tests.archive.test_activities_world import upload_in_order
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
LIST = "daftar_judul_buku"
BEFORE = ["undangan_sosialisasi", "surat_permohonan_kerja_sama"]


def _partner_read(text: str) -> str | None:
    meta = extract_metadata(text)
    data = meta.to_json()
    return document_partner({k: data[k] for k in meta.FIELD_NAMES}, data["pihak"], RULES.instansi, text)[0]


def _without_number(text: str, number: str) -> str:
    """``text`` with the school's number dropped wherever it follows the school's kind ("SMPN 6 X" -> "SMPN X",
    "SD Negeri 8 X" -> "SD Negeri X"), as a photocopy or a blur loses a lone figure."""
    return re.sub(rf"\b((?:SDN|SMPN|SD|SMP)(?:\s+Negeri)?)\s+{number}\b", r"\1", text, flags=re.IGNORECASE)


def _schools():
    """Numbered schools of both generator modes with a list of books whose number was lost on the page."""
    for seed in range(24):
        held_out = seed % 2 == 0
        act = make_activity_v2(random.Random(f"school-number-{seed}"), held_out, "sekolah")
        numbers = normalise_partner(act.partner.name).numbers
        if not numbers:  # MI / MTs of the generator are named, not numbered
            continue
        spec = make_document(LIST, random.Random(f"school-number-doc-{seed}"), held_out, act, harder=True)
        text = _without_number("\n".join(spec.page_texts()), numbers[0])
        read = _partner_read(text)
        if not read or normalise_partner(read).numbers or normalise_partner(read).kind not in ("sd", "smp"):
            continue
        yield act.partner.name, read, text, spec.meta["tanggal"]


def _renumbered(partner: str, number: str) -> str:
    parsed = normalise_partner(partner)
    return partner.replace(f" {parsed.numbers[0]} ", f" {number} ", 1)


def test_a_school_read_without_its_number_joins_the_one_numbered_school_of_that_name_in_its_period():
    tried = 0
    for partner, read, text, day in _schools():
        tried += 1
        doc = EvidenceDoc(id="list", doc_type=LIST, tanggal=day, partner=read)
        ours = _act(1, partner, day.year, BEFORE, first=day - timedelta(days=40))
        elsewhere = _act(2, "Desa Lokbatu", day.year, BEFORE, first=day - timedelta(days=30))
        decision = decide_link(doc, [ours, elsewhere], RULES, text=text)
        assert decision.activity_id == 1 and decision.confidence < 0.6, (partner, read, decision)
        assert decision.rename_partner is None, decision  # the activity keeps its numbered name
        other_number = "1" if normalise_partner(partner).numbers[0] != "1" else "2"
        twin = _act(3, _renumbered(partner, other_number), day.year, BEFORE, first=day - timedelta(days=20))
        assert decide_link(doc, [ours, twin], RULES, text=text).activity_id is None, (partner, read)
        other_year = _act(1, partner, day.year - 1, BEFORE, first=(day - timedelta(days=40)).replace(year=day.year - 1))
        assert decide_link(doc, [other_year], RULES, text=text).activity_id is None, (partner, read)
        has_list = _act(1, partner, day.year, [*BEFORE, LIST], first=day - timedelta(days=40))
        assert decide_link(doc, [has_list], RULES, text=text).activity_id is None, (partner, read)
        undated = EvidenceDoc(id="list", doc_type=LIST, tanggal=None, partner=read)
        assert decide_link(undated, [ours], RULES, text=text).activity_id is None, (partner, read)
        kind = normalise_partner(partner).kind
        other_kind = _act(1, partner.replace("SD Negeri" if kind == "sd" else "SMP Negeri",
                                             "SMP Negeri" if kind == "sd" else "SD Negeri"), day.year, BEFORE,
                          first=day - timedelta(days=40))
        assert decide_link(doc, [other_kind], RULES, text=text).activity_id is None, (partner, read)
        # the text writes the name with another number elsewhere: another school
        other_school = f"{text}\nTembusan: Kepala {_renumbered(partner, other_number)}"
        assert decide_link(doc, [ours], RULES, text=other_school).activity_id is None, (partner, read)
    assert tried >= 5, tried


def test_a_numbered_name_joins_the_activity_its_numberless_reading_started_and_names_it():
    tried = 0
    for partner, read, _text, day in _schools():
        tried += 1
        started = _act(1, read, day.year, [LIST], first=day)  # the list arrived first and started it
        later = day + timedelta(days=30)
        doc = EvidenceDoc(id="laporan", doc_type="laporan_pendampingan", tanggal=later, partner=partner)
        decision = decide_link(doc, [started], RULES, text=f"LAPORAN PENDAMPINGAN\n{partner}")
        assert decision.activity_id == 1 and decision.rename_partner == normalise_partner(partner).label, decision
        # two numberless activities of the name, or one of another year: no link (a new activity)
        again = _act(2, read, day.year, ["undangan_sosialisasi"], first=day - timedelta(days=50))
        assert decide_link(doc, [started, again], RULES, text=partner).activity_id is None, partner
        old = _act(1, read, day.year - 1, [LIST], first=day.replace(year=day.year - 1))
        assert decide_link(doc, [old], RULES, text=partner).activity_id is None, partner
    assert tried >= 5, tried


# Every order the three documents of one activity can arrive in (``created_at`` one second apart).
ORDERS = list(itertools.permutations(("undangan", "permohonan", "list")))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_on_an_archive_the_numberless_list_ends_in_its_school_activity_whatever_the_upload_order(settings, order):
    """The list read without the school's number, the school's invitation and request, and a desa's activity of the
    same year, in every upload order (the second linked before the third arrives, as ingest does): one activity,
    named with the number, holding all three, the list its step-4 evidence."""
    partner, read, text, day = next(_schools())
    docs = {"undangan": ("undangan_sosialisasi", day - timedelta(days=40), partner, f"Undangan\n{partner}"),
            "permohonan": ("surat_permohonan_kerja_sama", day - timedelta(days=20), partner, f"Permohonan\n{partner}"),
            "list": (LIST, day, read, text)}
    report, links = upload_in_order(settings, docs, order, other="Desa Lokbatu", other_day=day - timedelta(days=30))
    assert links["undangan"] is not None and set(links.values()) == {links["undangan"]}, (order, links)
    act = next(a for a in report.to_json()["activities"] if a["id"] == links["undangan"])
    assert normalise_partner(act["partner"]).key == normalise_partner(partner).key, (order, act["partner"])
    assert "list" in next(s["documents"] for s in act["steps"] if s["step"] == 4), order
