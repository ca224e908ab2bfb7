"""Issue 17: an internal meeting invitation of the Dinas whose head a phone photo cut (no letterhead, no number
block, no addressee, the signer's title lost) still says what it is: its body calls the meeting internal. Such a
document names no partner, so it is ``lainnya`` instead of an abstention (or, worse, step 1's invitation).
BuRT documents (every step type, the word added to their body) keep their type. Text drawn from the harder generator (both
modes, seeds of no benchmark set), clean and with OCR-like damage; text in, result out."""
from __future__ import annotations

import random
import re

import pytest

from ingest.sop import load_sop
from samples.generate import make_document
from tests.ingest.test_classify_outsiders import damaged

SEEDS = range(10)


def _body_only(text: str) -> str:
    """The page as a photo cut above the body's first sentence keeps it: no kop, number block nor addressee, and
    the signer's title line lost (the name, rank and NIP stay)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\s*(?:Dalam rangka|Sehubungan)", line))
    return "\n".join(ln for ln in lines[start:] if not re.search(r"kepala dinas|^\s*a\.\s?n\.", ln, re.IGNORECASE))


def _invitations():
    for seed in SEEDS:
        spec = make_document("lainnya", random.Random(f"internal-cut-{seed}"), seed % 2 == 1, harder=True,
                             other_kind="rapat_internal")
        text = _body_only("\n".join(spec.page_texts()))
        yield f"{seed} clean", text
        yield f"{seed} damaged", damaged(text, random.Random(f"internal-damage-{seed}"))


def test_an_internal_invitation_cut_to_its_body_is_lainnya(judge):
    wrong = []
    for label, text in _invitations():
        if not re.search(r"\binternal\b", text, re.IGNORECASE):
            continue  # the damage took a letter of the word itself: nothing to test
        result = judge(text)
        if result.doc_type != "lainnya":
            wrong.append((label, result.doc_type, result.confidence, result.reasons[:2]))
    assert not wrong, wrong


BURT_TYPES = [t.id for t in load_sop().doc_types if t.step is not None]


@pytest.mark.parametrize("doc_type", BURT_TYPES)
def test_a_burt_document_keeps_its_type_with_the_word(judge, doc_type):
    tried = 0
    for seed in range(4):
        spec = make_document(doc_type, random.Random(f"internal-guard-{doc_type}-{seed}"), seed % 2 == 1,
                             harder=True)
        text = "\n".join(spec.page_texts())
        tried += 1
        lines = text.splitlines()
        at = max(1, len(lines) // 2)
        worded = "\n".join([*lines[:at], "Koordinasi internal tim pelaksana telah dilakukan sebelumnya.", *lines[at:]])
        before, after = judge(text), judge(worded)
        assert after.doc_type == before.doc_type, (doc_type, seed, before.doc_type, after.doc_type)
    assert tried == 4, doc_type
