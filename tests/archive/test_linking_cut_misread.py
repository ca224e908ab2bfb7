"""Issue 17: a place's name cut where the addressee's line ended and misread as well.

"Yth. Lurah Padang Scwepis" / "Hulu" for Kelurahan Padang Sewepis Hulu: the name as read is neither a cut of the
activity's name (``_completed`` wants the first words exact) nor a misread of it within the slips (a whole word is
missing). When the text writes the activity's name right, and more often than the name as read, and the cut words
stand in the text, the letter joins that partner's activity of its period instead of starting one of a place that
does not exist. An exact first part is another village ("Desa Batu" is not "Desa Batu Piring") and starts its own.
Built from generated partners and letters; ``decide_link`` is pure, so no archive is needed."""
from __future__ import annotations

import random
from datetime import timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.linking import _cut_misread, decide_link
from archive.partners import normalise_partner, times_named
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
KIND_WORDS = {"desa": "Kepala Desa", "kelurahan": "Lurah", "kecamatan": "Camat"}


def _slip(word: str, rng: random.Random) -> str:
    """``word`` with one inner letter read as another (e -> c, a -> o, i -> l ...)."""
    inner = [k for k in range(1, len(word)) if word[k].lower() in "eaiou"]
    at = rng.choice(inner) if inner else len(word) - 1
    return word[:at] + {"e": "c", "a": "o", "i": "l", "o": "a", "u": "n"}.get(word[at].lower(), "x") + word[at + 1:]


def _cases():
    """(partner, activity, letter text, letter date, head words, cut words) for generated places of two or
    more words whose first words hold at least five letters."""
    for kind, role in KIND_WORDS.items():
        for seed in range(24):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"cut-{kind}-{seed}"), held_out, kind)
            words = normalise_partner(act.partner.name).display.split()
            if len(words) < 2:
                continue
            spec = make_document("surat_balasan", random.Random(f"cut-doc-{kind}-{seed}"), held_out, act, harder=True)
            body = "\n".join(spec.page_texts())
            if act.partner.name.lower() not in body.lower():
                continue
            head, cut = words[:-1], words[-1:]
            if len("".join(head)) < 5:
                continue
            yield act.partner.name, role, body, spec.meta["tanggal"], head, cut, random.Random(seed)


def _letter(role: str, head: list[str], cut: list[str], body: str) -> tuple[str, str]:
    """The partner as read from the addressee and the letter's text: the name's last words wrapped below it."""
    read = f"{role} {' '.join(head)}"
    return read, f"Kepada Yth. {read}\n{' '.join(cut)}\ndi tempat\n{body}"


def test_a_place_cut_and_misread_in_the_addressee_joins_the_activity_its_text_names():
    tried = 0
    for partner, role, body, day, head, cut, rng in _cases():
        misread = head[:-1] + [_slip(head[-1], rng)]
        read, text = _letter(role, misread, cut, body)
        doc = EvidenceDoc(id="x", doc_type="surat_balasan", tanggal=day, partner=read)
        ours = _act(1, partner, day.year, ["nota_kesepahaman"], first=day - timedelta(days=20))
        if times_named(text, normalise_partner(partner)) <= times_named(text, normalise_partner(read)):
            # a tie: two villages a letter apart are both real, the text must say which it concerns
            assert decide_link(doc, [ours], RULES, text=text).activity_id is None, (partner, read)
            continue
        assert decide_link(doc, [ours], RULES, text=text).activity_id == 1, (partner, read)
        # the partner's activity of another year is not joined
        old = _act(2, partner, day.year - 3, ["nota_kesepahaman"], first=day.replace(year=day.year - 3))
        assert decide_link(doc, [old], RULES, text=text).activity_id is None, (partner, read)
        # the cut words written nowhere: nothing says the name was cut, the name as read starts its own
        lone = text.replace(f"\n{' '.join(cut)}\n", "\n")
        lone = lone.replace(partner, "Mitra").replace(" ".join(cut), "")
        decision = decide_link(doc, [ours], RULES, text=lone)
        assert decision.activity_id is None, (partner, read)
        tried += 1
    assert tried >= 4, tried


def test_an_exact_first_part_of_a_longer_place_is_not_taken_for_it_cut():
    """"Desa Batu" read whole is a village of its own: the cut rule never joins it to "Desa Batu Piring" (whether
    the two are one partner is ``similarity``'s call, as before)."""
    tried = 0
    for partner, role, body, _, head, cut, _ in _cases():
        read, text = _letter(role, head, cut, body)
        assert not _cut_misread(normalise_partner(read), normalise_partner(partner), text), (partner, read)
        tried += 1
    assert tried >= 8, tried


def _three_word_places():
    """Generated places whose own name has three words or more (kind word aside), with a letter about each."""
    for kind in KIND_WORDS:
        for seed in range(60):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"lost-{kind}-{seed}"), held_out, kind)
            name = normalise_partner(act.partner.name)
            if len(name.display.split()) >= 3 and len(name.core) >= 14:
                spec = make_document("surat_balasan", random.Random(f"lost-doc-{kind}-{seed}"), held_out, act,
                                     harder=True)
                yield act.partner.name, name, "\n".join(spec.page_texts()), spec.meta["tanggal"], random.Random(seed)


def test_an_activity_a_letter_started_with_a_word_of_its_place_lost_is_joined_by_the_place_read_whole():
    tried = 0
    for partner, name, body, day, rng in _three_word_places():
        words = name.display.split()
        lost = rng.randrange(1, len(words) - 1) if len(words) > 2 else 1  # an inner word dropped by the blur
        short = f"{partner.split()[0]} {' '.join(words[:lost] + words[lost + 1:])}"
        misread = " ".join(words[:-1] + [_slip(words[-1], rng)])
        first_text = f"Kepada Yth. {short}\ndi\n{misread}\n"  # the first letter: the place whole only on its di line
        started = _act(1, short, day.year, ["undangan_sosialisasi"], first=day - timedelta(days=30))
        doc = EvidenceDoc(id="x", doc_type="surat_balasan", tanggal=day, partner=partner)
        decision = decide_link(doc, [started], RULES, text=body, activity_text=lambda a, t=first_text: t)
        assert decision.activity_id == 1 and decision.rename_partner, (partner, short)
        # the first letter never writes the longer name: two villages, the letter starts its own
        decision = decide_link(doc, [started], RULES, text=body, activity_text=lambda a, s=short: f"Kepada Yth. {s}\n")
        assert decision.activity_id is None, (partner, short)
        # the started activity of another year is not joined
        old = _act(2, short, day.year - 3, ["undangan_sosialisasi"], first=day.replace(year=day.year - 3))
        assert decide_link(doc, [old], RULES, text=body, activity_text=lambda a, t=first_text: t).activity_id is None
        tried += 1
    assert tried >= 5, tried
