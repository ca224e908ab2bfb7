"""Issue 17, grouping on unseen material (held_out_4401's split), rebuilt from generated material:

- A partner's name read with a word inside it lost ("Ketua Komunitas Pegiat Ceria Jendela" where a fax lost
  "Literasi") joins the activity of its period whose partner is the whole name, when the document's step fits
  that activity by the SOP's order; it does not start an activity of the shorter name. Not when that activity
  already holds a document of its type, not for another kind, a name whose last word differs, a place, nor an
  activity of another year; an activity bearing the shorter name itself keeps it.
``decide_link`` is pure, so no archive is needed."""
from __future__ import annotations

import random
import re
from datetime import timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.evidence import document_partner
from archive.linking import decide_link
from archive.partners import FUZZY_THRESHOLD, normalise_partner, same_partner, similarity
from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
LATER = ("berita_acara_serah_terima", "surat_permintaan_pembinaan", "surat_balasan")
EARLIER = ["undangan_sosialisasi", "surat_permohonan_kerja_sama"]


def _inner_lost(kind: str, seed: int, doc_type: str):
    """A document of a partner of ``kind`` with three or more words whose every writing of the name lost one
    inner word; (whole name, name read, text, date) or None when the name is too short or read otherwise."""
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"inner-{kind}-{seed}"), held_out, kind)
    words = normalise_partner(act.partner.name).display.split()
    if len(words) < 3:
        return None
    spec = make_document(doc_type, random.Random(f"inner-doc-{kind}-{seed}-{doc_type}"), held_out, act, harder=True)
    text = "\n".join(spec.page_texts())
    lost = random.Random(seed).randrange(1, len(words) - 1)
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    damaged = pattern.sub(" ".join(words[:lost] + words[lost + 1:]), text)
    if damaged == text:
        return None
    meta = extract_metadata(damaged)
    data = meta.to_json()
    read, _, sure = document_partner({k: data[k] for k in meta.FIELD_NAMES}, data["pihak"], RULES.instansi, damaged)
    if not read or not sure or same_partner(read, act.partner.name) \
            or len(normalise_partner(read).display.split()) != len(words) - 1:
        return None
    return act.partner.name, read, damaged, spec.meta["tanggal"]


def test_a_name_with_an_inner_word_lost_joins_the_activity_of_the_whole_name():
    tried = 0
    for kind in ("tbm", "komunitas", "pondok_pesantren"):
        for seed in range(12):
            for doc_type in LATER:
                case = _inner_lost(kind, seed, doc_type)
                if case is None:
                    continue
                partner, read, text, day = case
                tried += 1
                doc = EvidenceDoc(id="x", doc_type=doc_type, tanggal=day, partner=read)
                whole = _act(1, partner, day.year, EARLIER, first=day - timedelta(days=40))
                decision = decide_link(doc, [whole], RULES, text=text)
                assert decision.activity_id == 1, (partner, read, decision)
                # that activity already holds a document of its type: the name as read starts its own
                done = _act(1, partner, day.year, [*EARLIER, doc_type], first=day - timedelta(days=40))
                assert decide_link(doc, [done], RULES, text=text).activity_id is None, (partner, read)
                # a later step of that activity dated before it: not its activity either
                ahead = _act(1, partner, day.year, [*EARLIER, "laporan_pendampingan"], first=day - timedelta(days=60))
                ahead = ahead.__class__(**{**ahead.__dict__, "documents": (*ahead.documents[:2], EvidenceDoc(
                    id="1-9", doc_type="laporan_pendampingan", tanggal=day - timedelta(days=30)))})
                assert decide_link(doc, [ahead], RULES, text=text).activity_id is None, (partner, read)
                # an activity of another year is not joined
                old = _act(2, partner, day.year - 2, EARLIER, first=day.replace(year=day.year - 2))
                assert decide_link(doc, [old], RULES, text=text).activity_id is None, (partner, read)
                # a partner whose name ends with another word is not the one
                shown = normalise_partner(partner).display.split()
                other = partner[: partner.lower().rindex(shown[-1].lower())] + "Zamrud"
                near = _act(3, other, day.year, EARLIER, first=day - timedelta(days=40))
                assert decide_link(doc, [near], RULES, text=text).activity_id is None, (partner, other, read)
                # an activity bearing the name as read keeps it
                short = _act(4, read, day.year, EARLIER, first=day - timedelta(days=40))
                assert decide_link(doc, [whole, short], RULES, text=text).activity_id == 4, (partner, read)
    assert tried >= 5, tried


def test_a_place_with_an_inner_word_lost_is_another_village():
    """Desa Batu Piring Hulu and Desa Batu Hulu are two villages: a place read shorter keeps its own name."""
    tried = 0
    for kind in ("desa", "kelurahan"):
        for seed in range(30):
            case = _inner_lost(kind, seed, "berita_acara_serah_terima")
            if case is None:
                continue
            partner, read, text, day = case
            tried += 1
            doc = EvidenceDoc(id="x", doc_type="surat_balasan", tanggal=day, partner=read)
            whole = _act(1, partner, day.year, EARLIER, first=day - timedelta(days=40))
            assert decide_link(doc, [whole], RULES, text=text).activity_id is None, (partner, read)
    assert tried >= 2, tried


# ---------------------------------------------------------------- the order of upload (``_rejoin_lone_starters``)

def _file(tmp_path, name: str, text: str, doc_type: str):
    """A fake pipeline's file of ``text`` with the fields ``extract_metadata`` reads from it."""
    from tests.archive.fakes import write_doc

    meta = extract_metadata(text).to_json()
    fields = {k: meta[k] for k in ("nomor", "tanggal", "partner", "perihal") if meta.get(k)}
    return write_doc(tmp_path / f"{name}.json", [text], doc_type=doc_type, sop_step=RULES.type_steps[doc_type],
                     **{k: str(v) for k, v in fields.items()})


def _letters(tmp_path):
    """(the hand-over read with an inner word lost, the earlier letters read right, their partner), of the first
    generated komunitas or TBM whose letters are read so."""
    for kind in ("komunitas", "tbm"):
        for seed in range(12):
            case = _inner_lost(kind, seed, "berita_acara_serah_terima")
            if case is None:
                continue
            partner, read, text, day = case
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"inner-{kind}-{seed}"), held_out, kind)
            earlier = []
            for doc_type in EARLIER:
                spec = make_document(doc_type, random.Random(f"early-{seed}-{doc_type}"), held_out, act, harder=True)
                page = "\n".join(spec.page_texts())
                got = extract_metadata(page).to_json()
                if not got.get("partner") or not same_partner(got["partner"], partner) \
                        or spec.meta["tanggal"] >= day or spec.meta["tanggal"].year != day.year:
                    break
                earlier.append(_file(tmp_path, doc_type, page, doc_type))
            else:
                return _file(tmp_path, "serah_terima", text, "berita_acara_serah_terima"), earlier, partner
    raise AssertionError("no generated komunitas or TBM read so")


def _activities(settings) -> dict[str, int | None]:
    from archive import db
    from archive.db import ActivityLinkRow, select

    with db.session_scope(settings) as session:
        return {r.document_id: r.activity_id for r in session.scalars(select(ActivityLinkRow))}


def _ingest(settings, processor, paths) -> dict[str, str]:
    from archive import service

    return {o.file.rsplit("/", 1)[-1]: o.id for o in service.ingest_paths(settings, paths, processor=processor)
            if o.status == "ingested"}


def test_a_letter_that_came_first_under_a_name_read_short_joins_the_activity_started_after_it(settings, processor,
                                                                                              tmp_path):
    """The hand-over with a word of its partner lost came first in the batch and started an activity of the name
    as read; the letters read right started the whole name's. Where the batch ends it is decided again as if
    its own activity did not exist, joins the whole name's, and the empty activity goes."""
    from archive import service

    handover, earlier, partner = _letters(tmp_path)
    ids = _ingest(settings, processor, [handover, *earlier])
    links = _activities(settings)
    assert len(ids) == 1 + len(earlier) and all(links.get(i) is not None for i in ids.values())
    assert len({links[i] for i in ids.values()}) == 1, links
    report = service.audit(settings).to_json()
    assert [normalise_partner(a["partner"]).key for a in report["activities"]] == [normalise_partner(partner).key]


def test_the_lone_letter_of_an_earlier_batch_joins_when_its_activity_starts_in_a_later_one(settings, processor,
                                                                                          tmp_path):
    handover, earlier, _ = _letters(tmp_path)
    first = _ingest(settings, processor, [handover])
    started = _activities(settings)[first["serah_terima.json"]]
    assert started is not None  # alone, it started the activity of the name as read
    second = _ingest(settings, processor, earlier)
    links = _activities(settings)
    assert links[first["serah_terima.json"]] == links[second[earlier[0].name]] != started


def test_a_lone_letter_the_rules_do_not_join_keeps_its_activity(settings, processor, tmp_path):
    """The whole name's activity already holds a hand-over: the rules would not join the shorter name's, so
    the order of upload changes nothing and both activities stay."""
    handover, earlier, _ = _letters(tmp_path)
    own = tmp_path / "own.json"
    own.write_text(earlier[0].read_text(encoding="utf-8").replace(EARLIER[0], "berita_acara_serah_terima")
                   .replace('"sop_step": 1', '"sop_step": 4'), encoding="utf-8")
    ids = _ingest(settings, processor, [handover, *earlier, own])
    links = _activities(settings)
    assert links[ids["serah_terima.json"]] is not None
    assert links[ids["serah_terima.json"]] != links[ids[earlier[0].name]]


# ---------------------------------------------------------------- a kecamatan said twice (held_out_4401's doc0005)

def test_a_kecamatan_addressed_at_its_own_place_on_one_line_is_that_kecamatan():
    """"Kepada Yth. Camat X" / "di" / "X" with the "di" line lost reads "Kecamatan X X": the registered kecamatan
    said twice is the partner (it was dropped as a kecamatan run into a place, and the letter left unlinked);
    it joins that kecamatan's activity of its period. A kecamatan followed by another place's name is still no
    partner, nor one said twice that the register does not know."""
    from archive.linking import _partner_by_register
    from archive.partners import seed_register

    tried = 0
    for seed in range(24):
        held_out = seed % 2 == 1
        act = make_activity_v2(random.Random(f"twice-{seed}"), held_out, "kecamatan")
        spec = make_document("undangan_sosialisasi", random.Random(f"twice-doc-{seed}"), held_out, act, harder=True)
        own = normalise_partner(act.partner.name).display
        text = re.sub(r"(Camat " + re.escape(own) + r")\s*\ndi\s*\n(" + re.escape(own) + r")\n", r"\1\n\2\n",
                      "\n".join(spec.page_texts()), flags=re.IGNORECASE)
        if text == "\n".join(spec.page_texts()):
            continue  # addressed "di Tempat"
        meta = extract_metadata(text).to_json()
        read, _, sure = document_partner({k: meta[k] for k in extract_metadata(text).FIELD_NAMES}, meta["pihak"],
                                         RULES.instansi, text)
        if not read or normalise_partner(read).display.lower() != f"{own} {own}".lower():
            continue
        tried += 1
        day = spec.meta["tanggal"]
        ours = _act(1, act.partner.name, day.year, ["nota_kesepahaman"], first=day + timedelta(days=20))
        register = seed_register().grown([ours.partner])
        doc = EvidenceDoc(id="x", doc_type="undangan_sosialisasi", tanggal=day, partner=read)
        got, hint, sure, _ = _partner_by_register(doc, None, sure, register, text)
        assert got.partner is not None and same_partner(got.partner, act.partner.name), (read, got.partner)
        assert decide_link(got, [ours], RULES, hint=None if sure else hint, text=text).activity_id == 1, read
        # another place after the kecamatan: a run-on address, no partner
        other = EvidenceDoc(id="y", doc_type="undangan_sosialisasi", tanggal=day,
                            partner=f"Kecamatan {own} Pulau Wina Hulu")
        assert _partner_by_register(other, None, True, register, "")[0].partner is None
    assert tried >= 2, tried
    unknown = normalise_partner("Kecamatan Sungai Pandan Sungai Pandan")
    assert seed_register().said_twice(unknown) is None


# ---------------------------------------------------------------- an addressee misread, its "di" line right

def _slips(word: str, rng: random.Random) -> str:
    """``word`` with two letters (not its first) misread, as a blurred photo's OCR reads them."""
    letters = list(word)
    for at in rng.sample(range(1, len(word)), min(2, len(word) - 1)):
        letters[at] = "c" if letters[at] != "c" else "e"
    return "".join(letters)


def test_an_addressee_misread_joins_the_activity_its_di_line_names():
    """"Kepada Yth. Lurah Muata Socijit Lacua" / "di-" / "Muara Sodijit Lama": a desa or kelurahan is addressed
    at itself, so the "di" line is a second reading of the addressee; the letter joins the activity of the place
    it writes exactly (its step fitting), not one of the misread name. Not when the "di" line is misread too, not
    when that activity already holds a document of its type, and never a village a letter apart addressed at its
    own name."""
    tried = 0
    for kind in ("desa", "kelurahan"):
        for seed in range(12):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"di-{kind}-{seed}"), held_out, kind)
            right = normalise_partner(act.partner.name)
            for doc_type in ("surat_balasan", "surat_hasil_koordinasi"):
                spec = make_document(doc_type, random.Random(f"di-doc-{kind}-{seed}-{doc_type}"), held_out, act,
                                     harder=True)
                text = "\n".join(spec.page_texts())
                words = right.display.split()
                addressee = re.search(r"(Yth\.?\s+\w+\s+)(" + r"\s+".join(map(re.escape, words)) + r")(\s*\ndi\W*\n)"
                                      + r"\s+".join(map(re.escape, words)) + r"\b", text)
                if addressee is None or len(right.core) < 8:
                    continue
                k = max(range(len(words)), key=lambda j: len(words[j]))
                misread = list(words)
                misread[k] = _slips(words[k], random.Random(seed))
                read = f"{right.label.split()[0]} {' '.join(misread)}"
                if similarity(normalise_partner(read), right) >= FUZZY_THRESHOLD:
                    continue  # a slip the linker forgives anyway
                damaged = text[: addressee.start(2)] + " ".join(misread) + text[addressee.end(2):]
                # every other writing of the name (its body, its venue) lost: only the "di" line witnesses it
                pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
                di_at = damaged.index(addressee.group(3).strip(), addressee.start(2)) + len(addressee.group(3).strip())
                head, tail = damaged[:di_at], damaged[di_at:]
                first = pattern.search(tail)
                tail = tail[: first.end()] + pattern.sub("Tempat", tail[first.end():])
                damaged = head + tail
                day = spec.meta["tanggal"]
                doc = EvidenceDoc(id="x", doc_type=doc_type, tanggal=day, partner=read)
                ours = _act(1, act.partner.name, day.year, ["undangan_sosialisasi"], first=day - timedelta(days=40))
                tried += 1
                assert decide_link(doc, [ours], RULES, text=damaged).activity_id == 1, (act.partner.name, read)
                # the "di" line misread the same way: nothing says which place it is
                twice = head + tail.replace(" ".join(words), " ".join(misread), 1)
                assert decide_link(doc, [ours], RULES, text=twice).activity_id is None, (act.partner.name, read)
                # that activity holds a document of its type already: not its activity
                done = _act(1, act.partner.name, day.year, ["undangan_sosialisasi", doc_type],
                            first=day - timedelta(days=40))
                assert decide_link(doc, [done], RULES, text=damaged).activity_id is None, (act.partner.name, read)
                # a letter truly of the misread name, addressed at it: a village a letter apart keeps its own
                twin = damaged.replace(" ".join(words), " ".join(misread))
                assert decide_link(doc, [ours], RULES, text=twin).activity_id is None, (act.partner.name, read)
    assert tried >= 4, tried


# ---------------------------------------------------------------- a kecamatan read short (held_out_4101's doc0041)

def test_a_kecamatan_addressee_read_short_joins_the_longer_kecamatans_activity():
    """"Yth. Camat Paringin" / "Lampiran: - Selatan" (the addressee beside the number block) over a body that
    writes "Kecamatan Paringin Selatan": the letter joins Kecamatan Paringin Selatan's activity of its period,
    not one of Kecamatan Paringin. Both kecamatan are real, so without that activity, with the added word not
    after the cut line, or with an activity of the short name, the short name keeps its own."""
    from tests.archive.test_linking_read_short import _cut_addressee, _fields, _letter

    tried = 0
    for seed in range(120):
        partner, text, day = _letter("surat_hasil_koordinasi", "kecamatan", seed, "kec-short")
        if len(normalise_partner(partner).display.split()) < 2:
            continue
        damaged = _cut_addressee(text, partner)
        if damaged is None:
            continue
        fields, pihak = _fields(extract_metadata(damaged))
        read, _, sure = document_partner(fields, pihak, RULES.instansi, damaged)
        if not read or same_partner(read, partner) or normalise_partner(read).kind != "kecamatan":
            continue
        tried += 1
        doc = EvidenceDoc(id="x", doc_type="surat_hasil_koordinasi", tanggal=day, partner=read)
        ours = _act(1, partner, day.year, ["nota_kesepahaman"], first=day - timedelta(days=3))
        assert decide_link(doc, [ours], RULES, text=damaged).activity_id == 1, (partner, read)
        # no activity of the longer kecamatan: the short one is a real kecamatan, it starts its own
        alone = decide_link(doc, [], RULES, text=damaged)
        assert alone.activity_id is None and not same_partner(alone.new_partner or "", partner), (partner, alone)
        # a letter of the shorter kecamatan that names the longer one, not where its addressee's line ended
        last = partner.split()[-1]
        head, rest = re.sub(r"\b" + re.escape(last) + r"\b", "", damaged, flags=re.IGNORECASE).split("\n", 1)
        copied = f"{head}\nbersama Kecamatan {normalise_partner(partner).display}.\n{rest}"
        assert decide_link(doc, [ours], RULES, text=copied).activity_id is None, (partner, read)
        # an activity of the short name keeps it
        own = _act(2, read, day.year, ["nota_kesepahaman"], first=day - timedelta(days=3))
        assert decide_link(doc, [ours, own], RULES, text=damaged).activity_id == 2, (partner, read)
    assert tried >= 4, tried
