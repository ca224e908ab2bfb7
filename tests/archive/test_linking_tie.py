"""Issue 17, grouping on unseen material (held_out_4701's doc0038), rebuilt from generated material:

A letter whose addressee misread its desa or kelurahan ("Kepada Yth. Lurah Muara Gaston Lama") beyond the slips
``similarity`` forgives, whose "di" line is lost, and whose body writes the place right exactly as often ("kerja
sama ... dengan Kelurahan Muara Gasim Lama"), names two places equally. The activity of the place written right
breaks the tie when its own documents write its name twice or more and the misread name never: the letter joins
it, unsure. Not when the activity's texts write the misread name too, not when they write their own name only
once, not when the letter writes the misread name more often, not when the activity holds a document of its type,
and not without the activity's texts. ``decide_link`` is pure, so no archive is needed."""
from __future__ import annotations

import random
import re
from datetime import timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.linking import decide_link
from archive.partners import FUZZY_THRESHOLD, normalise_partner, similarity, times_named
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import _act

RULES = load_rules()


def _slips(word: str, rng: random.Random) -> str:
    """``word`` with two or three letters (not its first) misread, as a blurred photo's OCR reads them."""
    letters = list(word)
    for at in rng.sample(range(1, len(word)), min(3, len(word) - 1)):
        letters[at] = "o" if letters[at] not in "oO" else "a"
    return "".join(letters)


def test_an_activity_whose_letters_write_its_name_breaks_a_tie_between_two_readings():
    tried = 0
    for kind in ("desa", "kelurahan"):
        for seed in range(14):
            held_out = seed % 2 == 0
            act = make_activity_v2(random.Random(f"tie-{kind}-{seed}"), held_out, kind)
            right = normalise_partner(act.partner.name)
            words = right.display.split()
            if len(right.core) < 8:
                continue
            k = max(range(len(words)), key=lambda j: len(words[j]))
            misread = list(words)
            misread[k] = _slips(words[k], random.Random(f"tie-slips-{seed}"))
            read = f"{right.label.split()[0]} {' '.join(misread)}"
            if similarity(normalise_partner(read), right) >= FUZZY_THRESHOLD:
                continue  # a slip the linker forgives anyway
            earlier = make_document("undangan_sosialisasi", random.Random(f"tie-first-{kind}-{seed}"), held_out, act,
                                    harder=True)
            own_text = "\n".join(earlier.page_texts())
            if times_named(own_text, right) < 2:
                continue
            for doc_type in ("surat_hasil_koordinasi", "surat_balasan"):
                spec = make_document(doc_type, random.Random(f"tie-doc-{kind}-{seed}-{doc_type}"), held_out, act,
                                     harder=True)
                text = "\n".join(spec.page_texts())
                pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b")
                spots = list(pattern.finditer(text))
                if len(spots) < 2:
                    continue
                # the first writing (the addressee) misread, the last (the body's) kept right, every other one
                # (the "di" line's, the venue's) lost
                pieces, last = [], 0
                for i, spot in enumerate(spots):
                    pieces.append(text[last: spot.start()])
                    pieces.append(" ".join(misread) if i == 0 else spot.group(0) if i == len(spots) - 1 else "Tempat")
                    last = spot.end()
                damaged = "".join(pieces) + text[last:]
                named = normalise_partner(read)
                assert times_named(damaged, named) == times_named(damaged, right) == 1, (act.partner.name, read)
                day = spec.meta["tanggal"]
                doc = EvidenceDoc(id="x", doc_type=doc_type, tanggal=day, partner=read)
                ours = _act(1, act.partner.name, day.year, ["undangan_sosialisasi"], first=day - timedelta(days=40))
                tried += 1

                def texts(_a, written=own_text):
                    return written

                decision = decide_link(doc, [ours], RULES, text=damaged, activity_text=texts)
                assert decision.activity_id == 1 and decision.confidence < 0.6, (act.partner.name, read)
                # the activity's letters write the misread name too: two places, nothing breaks the tie
                both = own_text + f"\nTembusan: {read}"
                assert decide_link(doc, [ours], RULES, text=damaged,
                                   activity_text=lambda _a, w=both: w).activity_id is None, (act.partner.name, read)
                # its letters write its own name once only: no witness
                once = f"Kepada Yth. {act.partner.name}"
                assert decide_link(doc, [ours], RULES, text=damaged,
                                   activity_text=lambda _a, w=once: w).activity_id is None, (act.partner.name, read)
                # the letter writes the misread name more often: a letter of that place
                more = damaged + f"\n{' '.join(misread)}, {day.day} Mei {day.year}"
                assert decide_link(doc, [ours], RULES, text=more, activity_text=texts).activity_id is None, \
                    (act.partner.name, read)
                # the activity holds a document of this type already
                done = _act(1, act.partner.name, day.year, ["undangan_sosialisasi", doc_type],
                            first=day - timedelta(days=40))
                assert decide_link(doc, [done], RULES, text=damaged, activity_text=texts).activity_id is None, \
                    (act.partner.name, read)
                # no activity texts to ask
                assert decide_link(doc, [ours], RULES, text=damaged).activity_id is None, (act.partner.name, read)
    assert tried >= 6, tried
