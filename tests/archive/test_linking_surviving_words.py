"""A schedule (jadwal pembinaan) whose partner rows a bad photo turned to word soup, with no row a reading
recovers, still joins the one activity three clues agree on (``linking._singled_out_by_words``): its period
holds the schedule's date, it still lacks the schedule's step (or its evidence of it is the request the
schedule answers), and its partner's own name words are clearly the most written (half of them, two at
least, every other activity of the period fewer, one of them no word of another activity's partner). With
any clue missing the schedule is left for a person and suggested (issue 17). Generated schedules, every
partner kind; the own name's words read in cells ingest took for handwriting (a blurred print) too; on a
real archive, both upload orders."""
from __future__ import annotations

import math
import random
import re
from datetime import date, timedelta

import pytest

from archive.activities import audit
from archive.audit import ActivityEvidence, EvidenceDoc
from archive.linking import LISTED_ONE, decide_link, name_words_in, read_reason, suggest_activity
from archive.partners import lists_partner, normalise_partner
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import RULES, _act
from tests.archive.test_listed_cells import _arrive, _link

REQUEST = "surat_permintaan_pembinaan"


def _noise(word: str, rng: random.Random) -> str:
    """A word OCR read as nothing like itself, the same length, its capital kept ("Ceria" -> "Qxzvk")."""
    out = "".join(rng.choice("qxzvkjw") for _ in word)
    return out.capitalize() if word[:1].isupper() else out


def _own_words(partner: str) -> list[str]:
    return [w for w in normalise_partner(partner).display.split() if len(w) >= 4]


def _garbled(kind: str, seed: int, keep: int | None = None):
    """A generated schedule whose rows (every listed partner's kind and name words, the Tempat cells) are read
    as noise, but ``keep`` of its own partner's long name words (by default the fewest that are half of them,
    two at least) survive within the row's noise, as a bad photo leaves a few; dates and hours stay."""
    held_out = seed % 2 == 1
    rng = random.Random(f"words-{kind}-{seed}")
    act = make_activity_v2(rng, held_out, kind)
    spec = make_document("jadwal_pembinaan", random.Random(f"words-doc-{kind}-{seed}"), held_out, act, harder=True)
    own = _own_words(act.partner.name)
    keep = max(2, math.ceil(len(own) / 2)) if keep is None else keep
    kept = set(rng.sample(own, min(keep, len(own))))
    lines = "\n".join(spec.page_texts()).splitlines()
    first = next(i for i, line in enumerate(lines) if re.match(r"\d+\.?\s", line))
    end = next(i for i in range(first, len(lines)) if re.search(r", \d{1,2} [A-Z][a-z]+ \d{4}", lines[i]))
    for i in range(first, end):
        lines[i] = " ".join(w if re.fullmatch(r"[\d,.:\-]+", w) or w in kept else _noise(w, rng)
                            for w in lines[i].split())
    text = "\n".join(lines)
    doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=spec.meta["tanggal"])
    return act.partner.name, text, doc, spec.meta["tanggal"], kept


# The partner kinds whose generated names have three long words or more: a name of two written whole is the
# older rules' case (the text names the partner), one word of it is not half of it.
LONG_KINDS = ["desa", "kelurahan", "sekolah", "komunitas"]


def _cases(kind: str):
    """Seeds of ``kind`` whose partner's name has three long words at least, so that its surviving words are
    not the whole name, and whose garbled rows no row reading recovers."""
    for seed in range(12):
        partner, text, doc, day, kept = _garbled(kind, seed)
        if len(_own_words(partner)) >= 3 and not lists_partner(text, partner):
            yield seed, partner, text, doc, day, kept


def _acts(partner: str, day: date, own_docs=("nota_kesepahaman",)) -> list[ActivityEvidence]:
    """The schedule's partner's activity of its year and two other partners' activities of that period."""
    year = day.year
    return [_act(1, partner, year, list(own_docs)), _act(2, "Desa Sungai Rangas Hulu", year, ["nota_kesepahaman"]),
            _act(3, "TBM Embun Pagi Cemerlang", year, ["nota_kesepahaman", "jadwal_pembinaan"])]


@pytest.mark.parametrize("kind", LONG_KINDS)
def test_a_word_soup_schedule_joins_the_one_activity_its_date_step_and_name_words_single_out(kind):
    tried = 0
    for seed, partner, text, doc, day, kept in _cases(kind):
        tried += 1
        acts = _acts(partner, day)
        got = decide_link(doc, acts, RULES, text=text)
        assert got.activity_id == 1, (kind, seed, partner, kept, got.reason, text)
        assert read_reason(got.reason).template == LISTED_ONE
        # its evidence of the step is the request it answers: still its own
        asked = _act(1, partner, day.year, ["nota_kesepahaman"])
        asked = ActivityEvidence(id=1, partner=asked.partner, partner_key=asked.partner_key, period=asked.period,
                                 start=asked.start, end=asked.end, documents=(
                                     *asked.documents, EvidenceDoc(id="req", doc_type=REQUEST,
                                                                   tanggal=day - timedelta(days=6))))
        assert decide_link(doc, [asked, *acts[1:]], RULES, text=text).activity_id == 1, (kind, seed)
    assert tried >= 2, kind


@pytest.mark.parametrize("kind", LONG_KINDS)
def test_any_clue_missing_leaves_the_schedule_for_a_person(kind):
    for seed, partner, text, doc, day, kept in _cases(kind):
        acts = _acts(partner, day)
        # the step already shown by another schedule (no request it answers)
        has_step = _acts(partner, day, ("nota_kesepahaman", "jadwal_pembinaan"))
        assert decide_link(doc, has_step, RULES, text=text).activity_id is None, (kind, seed)
        # the schedule dated in another year than the activity
        other_year = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=day.replace(year=day.year + 2))
        assert decide_link(other_year, acts, RULES, text=text).activity_id is None, (kind, seed)
        # one name word left of a longer name: not half of it
        own = _own_words(partner)
        _, one_word, _, _, _ = _garbled(kind, seed, keep=1)
        assert decide_link(doc, acts, RULES, text=one_word).activity_id is None, (kind, seed)
        # another activity of the period whose partner bears the same surviving words: no clear one
        twin = _act(4, f"Komunitas {' '.join(own)} Baru", day.year, ["nota_kesepahaman"])
        assert decide_link(doc, [*acts, twin], RULES, text=text).activity_id is None, (kind, seed)
        # every surviving word also a word of another activity's partner (a "Raya" or "Hulu" says nothing)
        shared = _act(5, f"Desa {' '.join(sorted(kept))}", day.year - 3, ["nota_kesepahaman"])
        assert decide_link(doc, [*acts, shared], RULES, text=text).activity_id is None, (kind, seed)
        # left alone, the audit still suggests the partner's activity
        found = suggest_activity(doc, has_step, RULES, text=text)
        assert found is not None and found.activity_id == 1, (kind, seed)


def _cell(name: str, row: int, hand: bool) -> list[dict]:
    out, x = [], 800
    for w in name.split():
        out.append({"text": w, "conf": 30.0, "box": [x, 500 + 40 * row, 12 * len(w), 24], "cell": [0, row, 3],
                    **({"hand": True} if hand else {})})
        x += 12 * len(w) + 10
    return out


@pytest.mark.parametrize("schedule_first", [False, True])
@pytest.mark.parametrize("kind", LONG_KINDS)
def test_on_an_archive_the_words_of_a_blurred_cell_join_the_schedule_in_either_order(settings, kind, schedule_first):
    seed, partner, text, doc, day, kept = next(_cases(kind))
    _, soup, _, _, _ = _garbled(kind, seed, keep=0)  # the page's text holds none of the name's words
    assert name_words_in(soup, partner)[0] == 0
    # the Tempat cell of the partner's row, read with slips beyond a row reading and taken for handwriting
    # (a blurred print), holds the surviving words; the other cells are noise
    cell = " ".join(w if w in kept else _noise(w, random.Random(w)) for w in partner.split())
    words = [*_cell(cell, 1, hand=True), *_cell("Qxzvk Jwqq", 2, hand=True)]
    steps = [("jadwal", "jadwal_pembinaan", day, None, soup, words),
             ("mou", "nota_kesepahaman", day - timedelta(days=60), partner, "", ())]
    for doc_id, doc_type, when, name, body, cells in (steps if schedule_first else steps[::-1]):
        _arrive(settings, doc_id, doc_type, when, name, body, cells)
    audit(settings)  # links every document, the schedule again once its partner's activity exists
    own = _link(settings, "mou")
    assert own is not None and _link(settings, "jadwal") == own, (kind, seed, cell)


def test_without_the_name_words_in_text_or_cells_the_schedule_is_not_linked(settings):
    seed, partner, text, doc, day, kept = next(_cases("komunitas"))
    _, soup, _, _, _ = _garbled("komunitas", seed, keep=0)
    _arrive(settings, "mou", "nota_kesepahaman", day - timedelta(days=60), partner)
    _arrive(settings, "jadwal", "jadwal_pembinaan", day, None, soup, _cell("Qxzvk Jwqq Zzkq", 1, hand=True))
    audit(settings)
    assert _link(settings, "mou") is not None and _link(settings, "jadwal") is None


def _dated(id_: int, partner: str, docs: list[tuple[str, date]]) -> ActivityEvidence:
    evidence = tuple(EvidenceDoc(id=f"{id_}-{k}", doc_type=t, tanggal=d) for k, (t, d) in enumerate(docs))
    return ActivityEvidence(id=id_, partner=partner, partner_key=normalise_partner(partner).key, period="2025",
                            start=date(2025, 1, 1), end=date(2025, 12, 31), documents=evidence)


def test_a_nameless_schedule_is_suggested_for_the_one_activity_that_reached_the_step_before():
    """Two activities of the year fit a schedule (step 5) by date and type; only one got as far as step 4 (its
    books handed over): the SOP's order points at that one. Both or neither: no suggestion."""
    doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=date(2025, 9, 30))
    at_step4 = _dated(1, "Desa Padang Hijau", [("nota_kesepahaman", date(2025, 7, 1)),
                                                ("surat_permintaan_peminjaman", date(2025, 8, 1)),
                                                ("berita_acara_serah_terima", date(2025, 9, 5))])
    at_step3 = _dated(2, "MI Nurul Falah Raya", [("nota_kesepahaman", date(2025, 7, 20)),
                                                 ("surat_permintaan_peminjaman", date(2025, 8, 11))])
    got = suggest_activity(doc, [at_step3, at_step4], RULES, text="")
    assert got is not None and got.activity_id == 1 and "satu-satunya" in got.reason
    assert got.score < 0.5  # a suggestion, never a link
    assert decide_link(doc, [at_step3, at_step4], RULES, text="").activity_id is None
    twin = _dated(3, "TBM Pelita Senja", [("nota_kesepahaman", date(2025, 6, 1)),
                                          ("daftar_judul_buku", date(2025, 9, 1))])
    assert suggest_activity(doc, [at_step3, at_step4, twin], RULES, text="") is None  # two reached step 4
    assert suggest_activity(doc, [at_step3, _dated(4, "TBM Embun Pagi", [("nota_kesepahaman", date(2025, 6, 1))])],
                            RULES, text="") is None  # neither did


def test_a_nameless_handover_is_suggested_for_the_activity_holding_that_days_list_of_books():
    """A berita acara serah terima (step 4) whose partner OCR lost, dated the day another activity's list of the
    books handed over (its attachment, the same step) is dated: suggested for that one. Two such: none."""
    doc = EvidenceDoc(id="bast", doc_type="berita_acara_serah_terima", tanggal=date(2025, 9, 4))
    with_list = _dated(1, "Kecamatan Lembah Hijau", [("nota_kesepahaman", date(2025, 7, 26)),
                                                      ("daftar_judul_buku", date(2025, 9, 4))])
    other = _dated(2, "Komunitas Pegiat Literasi Cahaya", [("surat_permohonan_kerja_sama", date(2025, 7, 3)),
                                                           ("surat_permintaan_pembinaan", date(2025, 9, 11))])
    got = suggest_activity(doc, [other, with_list], RULES, text="")
    assert got is not None and got.activity_id == 1, got
    assert "belum ada buktinya" not in got.reason  # its step is shown there (the list): the reason says no less
    assert decide_link(doc, [other, with_list], RULES, text="").activity_id is None
    twin = _dated(3, "TBM Pelita Senja", [("nota_kesepahaman", date(2025, 6, 1)), ("daftar_judul_buku", date(2025, 9, 4))])
    assert suggest_activity(doc, [other, with_list, twin], RULES, text="") is None
    assert suggest_activity(doc, [other, _dated(4, "TBM Embun Pagi", [("nota_kesepahaman", date(2025, 6, 1)),
                                                                       ("daftar_judul_buku", date(2025, 9, 2))])],
                            RULES, text="") is None  # a list of another day: no clue
