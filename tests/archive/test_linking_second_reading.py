"""Issue 17, held-out grouping (held_out doc0045's case), rebuilt from generated material: a partner's name
misread in the addressee by more letters than the name match allows ("Kepala MI Babul Ihsan Saght Kaya")
while the body writes it right ("... bersama masyarakat MI Babul Ihsan Sogit Raya"). The two readings are
one name: the letter joins that partner's activity instead of starting one of the misread name. A text that
writes no such name, or a misread name far from every activity's, still starts its own."""
from __future__ import annotations

import random
import re
from datetime import timedelta

from archive.audit import EvidenceDoc, load_rules
from archive.evidence import document_partner
from archive.linking import decide_link
from archive.partners import normalise_partner, same_partner
from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_held_out import _act

RULES = load_rules()
KINDS = ("tbm", "komunitas", "pondok_pesantren", "sekolah")


def _garble(word: str, rng: random.Random) -> str:
    """``word`` with one letter (not its first) read as another."""
    at = rng.randrange(1, len(word))
    other = rng.choice([c for c in "aeiourntk" if c != word[at].lower()])
    return word[:at] + other + word[at + 1:]


def _misread_addressee(text: str, partner: str, rng: random.Random) -> str | None:
    """``text`` with three letters of the partner's own name (kind words aside) misread on its addressee line
    only; None when no addressee line holds the name or the name is too short to take three slips."""
    own = normalise_partner(partner).display
    words = own.split()
    if len(own) < 14 or len(words) < 2:
        return None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.search(r"\b(?:Yth|Kepada)\b", line) and own.lower() in line.lower():
            at = line.lower().index(own.lower())
            chosen = sorted(rng.sample(range(len(words)), min(3, len(words))))
            bad = list(words)
            for k in chosen:
                bad[k] = _garble(bad[k], rng)
            while len(chosen) < 3:  # two-word names: a second slip in the longer word
                k = max(range(len(words)), key=lambda j: len(words[j]))
                bad[k] = _garble(bad[k], rng)
                chosen.append(k)
            lines[i] = line[:at] + " ".join(bad) + line[at + len(own):]
            return "\n".join(lines)
    return None


def _letters():
    for kind in KINDS:
        for seed in range(6):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"second-{kind}-{seed}"), held_out, kind)
            spec = make_document("surat_koordinasi_pendampingan", random.Random(f"second-doc-{kind}-{seed}"), held_out,
                                 act, harder=True)
            text = "\n".join(spec.page_texts())
            damaged = _misread_addressee(text, act.partner.name, random.Random(seed))
            if damaged is None:
                continue
            data = extract_metadata(damaged).to_json()
            fields = {k: data[k] for k in extract_metadata(damaged).FIELD_NAMES}
            read, _, sure = document_partner(fields, data["pihak"], RULES.instansi, damaged)
            if not read or not sure or same_partner(read, act.partner.name):
                continue  # the name was read right from elsewhere: nothing to test
            yield act.partner.name, read, damaged, spec.meta["tanggal"]


def test_a_name_misread_in_the_addressee_and_written_right_in_the_body_joins_its_activity():
    tried = 0
    for partner, read, text, day in _letters():
        if normalise_partner(partner).display.lower() not in re.sub(r"\s+", " ", text.lower()):
            continue  # the body does not write it whole
        tried += 1
        doc = EvidenceDoc(id="x", doc_type="surat_koordinasi_pendampingan", tanggal=day, partner=read)
        ours = _act(1, partner, day.year, ["nota_kesepahaman"], first=day - timedelta(days=20))
        assert decide_link(doc, [ours], RULES, text=text).activity_id == 1, (partner, read)
        # the body's reading is the witness: without it the misread name starts its own activity
        words = normalise_partner(partner).display.split()
        alone = re.sub(r"\s+".join(map(re.escape, words)), "", text, flags=re.IGNORECASE)
        assert decide_link(doc, [ours], RULES, text=alone).activity_id is None, (partner, read)
        # an activity of another year is not joined by it
        old = _act(2, partner, day.year - 2, ["nota_kesepahaman"], first=day.replace(year=day.year - 2))
        assert decide_link(doc, [old], RULES, text=text).activity_id != 2, (partner, read)
    assert tried >= 5, tried


def _misread_everywhere(text: str, partner: str, rng: random.Random) -> str | None:
    """``text`` with every writing of the partner's own name (kind words aside) given one slipped letter in its
    last word; None when the text does not write it."""
    words = normalise_partner(partner).display.split()
    pattern = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
    if not pattern.search(text):
        return None
    return pattern.sub(" ".join([*words[:-1], _garble(words[-1], rng)]), text)


def test_a_letter_whose_partner_is_unread_joins_the_one_activity_its_text_names_with_slips():
    """A letter with no partner read (addressee lost) whose text writes a long partner name with an OCR slip
    joins that partner's activity of its period; with two activities of near names it joins neither, and a
    short or numbered name is never searched with slips."""
    from archive.partners import mentions_with_slips

    tried = 0
    for kind in ("tbm", "komunitas", "pondok_pesantren"):
        for seed in range(6):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"slips-{kind}-{seed}"), held_out, kind)
            if len(normalise_partner(act.partner.name).core) < 14:
                continue
            spec = make_document("surat_koordinasi_pendampingan", random.Random(f"slips-doc-{kind}-{seed}"),
                                 held_out, act, harder=True)
            text = _misread_everywhere("\n".join(spec.page_texts()), act.partner.name, random.Random(seed))
            if text is None:
                continue
            tried += 1
            day = spec.meta["tanggal"]
            doc = EvidenceDoc(id="x", doc_type="surat_koordinasi_pendampingan", tanggal=day, partner=None)
            ours = _act(1, act.partner.name, day.year, ["nota_kesepahaman"], first=day - timedelta(days=20))
            assert mentions_with_slips(text, act.partner.name)
            assert decide_link(doc, [ours], RULES, text=text).activity_id == 1, act.partner.name
            twin = _act(2, act.partner.name + " Hilir", day.year, ["nota_kesepahaman"], first=day - timedelta(days=9))
            if mentions_with_slips(text, twin.partner):
                assert decide_link(doc, [ours, twin], RULES, text=text).activity_id is None
    assert tried >= 5, tried
    assert not mentions_with_slips("Kepada Yth. Kepala SD Negeri 3 Paringn", "SD Negeri 3 Paringin")
    assert not mentions_with_slips("warga Desa Lok Batuu", "Desa Lok Batu")
