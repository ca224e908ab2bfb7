"""Issue 17, held-out grouping (held_out_2601's misses), rebuilt from generated material.

- A list of books whose title line lost its end where the fax or the crop cut it ("PERPUSTAKAAN DESA PA"): the
  name as read is no partner name (a fragment), but it still says the partner's kind and how its name starts.
  The document joins the one activity of its period whose partner is of that kind and starts so, when that
  activity holds an earlier step dated before it and no list of its own; never when two activities of the
  period start so, when the name does not end its line, when the document is undated, or when the activity
  has no earlier step (a partner whose own activity is not in the archive yet).
- A letter with no date whose place name OCR misread ("Kepada Yth. Lurah Puas" for Pijas) while its text writes
  the place right elsewhere joins that place's activity, as a letter read right does; with no right writing it
  is left alone but suggested for the place it may be.
``decide_link`` and ``suggest_activity`` are pure, so no archive is needed."""
from __future__ import annotations

import itertools
import random
import re
from datetime import timedelta

import pytest

from archive.audit import EvidenceDoc, load_rules
from archive.evidence import document_partner
from archive.linking import decide_link, suggest_activity
from archive.partners import FUZZY_THRESHOLD, is_partner_name, normalise_partner, similarity
from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document
from tests.archive.test_activities_world import upload_in_order
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
KINDS = ("desa", "perpustakaan_desa", "kelurahan", "tbm", "komunitas")
STEP4_LIST = "daftar_judul_buku"
BEFORE = ["undangan_sosialisasi", "surat_permohonan_kerja_sama"]


def _partner_read(text: str) -> str | None:
    meta = extract_metadata(text)
    data = meta.to_json()
    return document_partner({k: data[k] for k in meta.FIELD_NAMES}, data["pihak"], RULES.instansi, text)[0]


def _cut_title(text: str, partner: str, letters: int) -> str | None:
    """``text`` with the first line that writes ``partner``'s own name in capitals cut after the name's first
    ``letters`` letters (the line's kind words kept), as a fax or a crop cuts a title; None without such a line."""
    own = normalise_partner(partner).display.upper()
    lines = text.splitlines()
    for i, line in enumerate(lines):
        at = line.find(own)
        if at > 0 and line.isupper():
            lines[i] = line[: at + letters]
            return "\n".join(lines)
    return None


def _cases():
    for kind in KINDS:
        for seed in range(6):
            held_out = seed % 2 == 0
            act = make_activity_v2(random.Random(f"edge-{kind}-{seed}"), held_out, kind)
            spec = make_document(STEP4_LIST, random.Random(f"edge-doc-{kind}-{seed}"), held_out, act, harder=True)
            for letters in (2, 3):
                text = _cut_title("\n".join(spec.page_texts()), act.partner.name, letters)
                if text is None:
                    continue
                read = _partner_read(text)
                if not read or is_partner_name(read):
                    continue  # the name was read whole from another line: nothing to test
                yield act.partner.name, read, text, spec.meta["tanggal"]


def _other_starting_so(partner: str, letters: int) -> str:
    """A partner of the same kind whose name starts with the same letters and goes on otherwise."""
    parsed = normalise_partner(partner)
    label = partner[: partner.lower().find(parsed.display.lower())]
    return f"{label}{parsed.display[:letters]}ngkalan Baru"


def test_a_list_whose_title_the_edge_cut_joins_the_one_activity_its_kind_and_first_letters_fit():
    tried = 0
    for partner, read, text, day in _cases():
        tried += 1
        doc = EvidenceDoc(id="list", doc_type=STEP4_LIST, tanggal=day, partner=read)
        ours = _act(1, partner, day.year, BEFORE, first=day - timedelta(days=40))
        other = _act(2, "SD Negeri 4 Lokbatu" if "sd" not in partner.lower() else "Desa Lokbatu", day.year, BEFORE,
                     first=day - timedelta(days=30))
        decision = decide_link(doc, [ours, other], RULES, text=text)
        assert decision.activity_id == 1, (partner, read, decision)
        # every guard leaves it alone
        letters = len(normalise_partner(read).display)
        twin = _act(3, _other_starting_so(partner, letters), day.year, BEFORE, first=day - timedelta(days=20))
        assert decide_link(doc, [ours, twin], RULES, text=text).activity_id is None, (partner, read)
        undated = EvidenceDoc(id="list", doc_type=STEP4_LIST, tanggal=None, partner=read)
        assert decide_link(undated, [ours], RULES, text=text).activity_id is None, (partner, read)
        no_earlier = _act(1, partner, day.year, ["laporan_pendampingan"], first=day + timedelta(days=60))
        assert decide_link(doc, [no_earlier], RULES, text=text).activity_id is None, (partner, read)
        has_list = _act(1, partner, day.year, [*BEFORE, STEP4_LIST], first=day - timedelta(days=40))
        assert decide_link(doc, [has_list], RULES, text=text).activity_id is None, (partner, read)
        other_year = _act(1, partner, day.year - 1, BEFORE, first=(day - timedelta(days=40)).replace(year=day.year - 1))
        assert decide_link(doc, [other_year], RULES, text=text).activity_id is None, (partner, read)
        # the fragment written inside a line (followed by more words) is no cut name
        inside = re.sub(rf"^({re.escape(read.upper())})$", r"\1 DAN SEKITARNYA", text, count=1, flags=re.M | re.I)
        if inside != text:
            assert decide_link(doc, [ours], RULES, text=inside).activity_id is None, (partner, read)
    assert tried >= 8, tried


def test_a_cut_name_of_another_kind_joins_nothing():
    for partner, read, text, day in _cases():
        parsed = normalise_partner(partner)
        doc = EvidenceDoc(id="list", doc_type=STEP4_LIST, tanggal=day, partner=read)
        other_kind = f"Pondok Pesantren {parsed.display}"
        ours = _act(1, other_kind, day.year, BEFORE, first=day - timedelta(days=40))
        assert decide_link(doc, [ours], RULES, text=text).activity_id is None, (partner, read)


def _place_letter(kind: str, seed: int):
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"undated-{kind}-{seed}"), held_out, kind)
    spec = make_document("surat_balasan", random.Random(f"undated-doc-{kind}-{seed}"), held_out, act, harder=True)
    return act, "\n".join(spec.page_texts()), spec.meta["tanggal"]


def _misread(display: str) -> str:
    """``display`` with its longest word given two slips: a letter swapped ('a' <-> 'u', else 'i') and one
    added after the first letter, beyond the one slip ``similarity`` allows a short name."""
    words = display.split()
    k = max(range(len(words)), key=lambda j: len(words[j]))
    w = words[k]
    at = next((i for i, c in enumerate(w) if i and c in "au"), len(w) - 1)
    w = w[:at] + ("u" if w[at] == "a" else "a" if w[at] == "u" else "i") + w[at + 1:]
    words[k] = w[:1] + "l" + w[1:]
    return " ".join(words)


def test_an_undated_letter_whose_place_is_misread_once_joins_the_place_its_text_writes_right():
    tried = 0
    for kind in ("desa", "kelurahan"):
        for seed in range(6):
            act, text, day = _place_letter(kind, seed)
            right = normalise_partner(act.partner.name)
            label = "Kelurahan" if kind == "kelurahan" else "Desa"
            wrong = f"{label} {_misread(right.display)}"
            if similarity(normalise_partner(wrong), right) >= FUZZY_THRESHOLD:
                continue  # within the slips a name is matched with: nothing to test
            tried += 1
            # the text names the place right twice elsewhere; the addressee (the partner read) is misread
            body = f"{text}\nBuku diserahkan di Aula {act.partner.name}.\n{right.display}, tanggal surat"
            ours = _act(1, act.partner.name, day.year, ["undangan_sosialisasi", "nota_kesepahaman"],
                        first=day - timedelta(days=40))
            doc = EvidenceDoc(id="letter", doc_type="surat_balasan", tanggal=None, partner=wrong)
            assert decide_link(doc, [ours], RULES, text=body).activity_id == 1, (act.partner.name, wrong)
            # no right writing in the text: not linked, but suggested for the place it may be
            bare = re.sub(r"\b" + r"\s+".join(map(re.escape, right.display.split())) + r"\b",
                          normalise_partner(wrong).display, body, flags=re.IGNORECASE)
            decision = decide_link(doc, [ours], RULES, text=bare)
            assert decision.activity_id is None, (act.partner.name, wrong)
            hint = suggest_activity(doc, [ours], RULES, text=bare)
            assert hint is not None and hint.activity_id == 1, (act.partner.name, wrong)
    assert tried >= 6, tried


# Every order the three documents of one activity can arrive in (``created_at`` one second apart).
ORDERS = list(itertools.permutations(("undangan", "permohonan", "list")))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_on_an_archive_the_cut_list_joins_its_activity_whatever_the_upload_order(settings, order):
    """The list, its partner's invitation and request, and another kind's activity of the same year, in every
    upload order (the second linked before the third arrives, as ingest does): the list ends in its partner's
    activity and is its step-4 evidence."""
    partner, read, text, day = next(_cases())
    other = "SD Negeri 4 Lokbatu"
    docs = {"undangan": ("undangan_sosialisasi", day - timedelta(days=40), partner, f"Undangan\n{partner}"),
            "permohonan": ("surat_permohonan_kerja_sama", day - timedelta(days=20), partner, f"Permohonan\n{partner}"),
            "list": (STEP4_LIST, day, read, text)}
    report, links = upload_in_order(settings, docs, order, other=other, other_day=day - timedelta(days=30))
    assert links["undangan"] is not None and links["list"] == links["undangan"], (order, links)
    act = next(a for a in report.to_json()["activities"] if a["id"] == links["undangan"])
    assert "list" in next(s["documents"] for s in act["steps"] if s["step"] == 4), order
