"""A document the linker left alone is suggested for its most likely activity (issue 17, item 4) even
when no partner name can be read whole: a schedule whose rows OCR turned to word soup still holds some
words of one partner's name (and more of it than of any other's), and a dated document of a step with no
name at all fits, by its date and type, one activity of its year only, which has got as far as an
earlier step. Both stay suggestions (the user confirms them); a tie or a second fitting activity gives none."""
from __future__ import annotations

import random
from datetime import date

from archive.audit import ActivityEvidence, EvidenceDoc, load_rules
from archive.linking import name_words_in, suggest_activity
from archive.partners import normalise_partner
from samples.generate import make_activity_v2, make_document

RULES = load_rules()


def _act(id_: int, partner: str, year: int, docs: list[tuple[str, date]]) -> ActivityEvidence:
    evidence = tuple(EvidenceDoc(id=f"{id_}-{k}", doc_type=t, tanggal=d) for k, (t, d) in enumerate(docs))
    return ActivityEvidence(id=id_, partner=partner, partner_key=normalise_partner(partner).key, period=str(year),
                            start=date(year, 1, 1), end=date(year, 12, 31), documents=evidence)


def _soup(name: str, rng: random.Random) -> str:
    """A schedule row as a bad photo reads it: the kind words gone, every other word of the name
    misread beyond recognition, the cell's words scattered between noise."""
    words = normalise_partner(name).display.split()
    kept = [w if i % 2 == 0 else "".join(rng.choice("xqzkv") for _ in w) for i, w in enumerate(words)]
    return f"1 Sep BOKMU OF ur (ihopustakann {kept[0]} sam (Lavuman siskulesi\n" + " ".join(kept[1:]) + " |"


def _schedule(seed: int):
    """A generated schedule's text with its first rows replaced by word soup of its own partner."""
    rng = random.Random(f"soup-{seed}")
    act = make_activity_v2(rng, seed % 2 == 1, "tbm" if seed % 3 else "sekolah")
    spec = make_document("jadwal_pembinaan", rng, seed % 2 == 1, act, harder=True)
    lines = "\n".join(spec.page_texts()).splitlines()
    head = lines[:next(i for i, line in enumerate(lines) if line.startswith("No")) + 1]  # up to the column heads
    return act.partner.name, "\n".join([*head, _soup(act.partner.name, rng)]), spec.meta["tanggal"]


def test_a_word_soup_schedule_is_suggested_for_the_partner_whose_name_words_it_holds():
    tried = 0
    for seed in range(40):
        partner, text, day = _schedule(seed)
        found, of = name_words_in(text, partner)
        if of < 3 or found * 2 < of:
            continue  # a name of too few long words leaves too little to tell by
        tried += 1
        doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=None)  # its date unread too
        year = day.year
        ours = _act(1, partner, year, [("nota_kesepahaman", date(year, 2, 1))])
        other = _act(2, "Desa Suatu Tempat Jauh", year, [("nota_kesepahaman", date(year, 2, 1))])
        got = suggest_activity(doc, [other, ours], RULES, text=text)
        assert got is not None and got.activity_id == 1, (seed, partner, text)
        assert "kata nama" in got.reason
        # two activities of the same name words: no clear best, no word clue
        twin = _act(3, partner, year - 1, [("nota_kesepahaman", date(year - 1, 2, 1))])
        assert suggest_activity(doc, [other, ours, twin], RULES, text=text) is None
    assert tried >= 3


def test_a_text_without_the_name_words_suggests_nothing_by_them():
    doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=None)
    acts = [_act(1, "TBM Cahaya Bintang Timur", 2024, [("nota_kesepahaman", date(2024, 2, 1))])]
    assert suggest_activity(doc, acts, RULES, text="Pxrpustakaan Rumah Qwerty Lorem\n| Dolor Sit |") is None
    assert name_words_in("", "TBM Cahaya Bintang Timur") == (0, 3)


def test_a_nameless_dated_document_is_suggested_for_the_one_activity_its_date_and_step_fit():
    day = date(2024, 6, 10)
    doc = EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan", tanggal=day)  # step 5
    fits = _act(1, "Kecamatan Lembah Hijau", 2024,
                [("nota_kesepahaman", date(2024, 3, 1)), ("surat_permintaan_peminjaman", date(2024, 4, 2))])
    has_it = _act(2, "TBM Pelita Senja", 2024,
                  [("nota_kesepahaman", date(2024, 2, 1)), ("jadwal_pembinaan", date(2024, 5, 1))])
    other_year = _act(3, "Desa Tanjung Kelam", 2023, [("nota_kesepahaman", date(2023, 3, 1))])
    later_step_before = _act(4, "MI Nurul Falah", 2024,
                             [("nota_kesepahaman", date(2024, 2, 1)), ("laporan_pendampingan", date(2024, 5, 1))])
    acts = [fits, has_it, other_year, later_step_before]
    got = suggest_activity(doc, acts, RULES, text="")
    assert got is not None and got.activity_id == 1
    assert "satu-satunya" in got.reason and got.score < 0.5
    # an activity the date and type fit too, though none of its earlier steps is dated before: no guess
    unanchored = _act(5, "Desa Sungai Rangas", 2024, [("laporan_pendampingan", date(2024, 8, 1))])
    assert suggest_activity(doc, [*acts, unanchored], RULES, text="") is None
    assert suggest_activity(doc, [unanchored], RULES, text="") is None  # the only fit, but unanchored
    # a second activity the date and step fit: no suggestion rather than a guess
    second = _act(6, "TBM Embun Pagi", 2024, [("surat_permohonan_kerja_sama", date(2024, 1, 20))])
    assert suggest_activity(doc, [*acts, second], RULES, text="") is None
    # undated: nothing to fit
    assert suggest_activity(EvidenceDoc(id="x", doc_type="jadwal_pembinaan"), acts, RULES, text="") is None
