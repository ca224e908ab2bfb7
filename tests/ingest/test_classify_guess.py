"""Issue 17: an abstention names the type the classifier leaned to, and ``guessed_type`` reads it back from the
reasons (the archive lends that type's step where it fills a gap of the document's activity,
``archive.gap_steps``). Built from the harder generator's partner letters cut as a photo that lost their title,
subject and most lines; text in, no OCR."""
from __future__ import annotations

import random

import pytest

from ingest.classify import GUESS_REASON, guessed_type
from ingest.sop import load_sop
from samples.generate import make_activity_v2, make_document

KINDS = ("desa", "sekolah", "tbm", "komunitas", "perpustakaan_desa")


def _letter(doc_type: str, kind: str, seed: int) -> list[str]:
    act = make_activity_v2(random.Random(f"guess-{kind}-{seed}"), True, kind)
    spec = make_document(doc_type, random.Random(f"guess-doc-{doc_type}-{kind}-{seed}"), True, act, harder=True)
    return "\n".join(spec.page_texts()).splitlines()


def test_an_abstention_names_its_guess_and_it_reads_back(judge):
    """Every abstention on a cut letter carries a guess, a type of the SOP, read back as the type it leaned to."""
    sop = load_sop()
    abstained = 0
    for kind in KINDS:
        for seed in range(3):
            lines = _letter("surat_permintaan_peminjaman", kind, seed)
            cut = "\n".join(lines[:2] + lines[-6:-3])  # the kop and a few body lines
            result = judge(cut)
            if not result.abstained or result.doc_type is not None:
                continue
            abstained += 1
            guess = guessed_type(result.reasons)
            assert guess in sop.type_ids, result.reasons
            assert result.reasons[0].endswith(f"tebakan {guess}")
    assert abstained >= 3, abstained


@pytest.mark.parametrize("kind", KINDS[:3])
def test_a_sure_classification_names_no_guess(judge, kind):
    result = judge("\n".join(_letter("nota_kesepahaman", kind, 0)))
    assert not result.abstained and guessed_type(result.reasons) is None


def test_only_the_guess_reason_is_read():
    reasons = ("istilah SOP (0.15): 'tebakan daftar_hadir'", "model v0 (shipped): 0.12",
               GUESS_REASON.format(confidence=0.129, threshold=0.55, doc_type="daftar_judul_buku"))
    assert guessed_type(reasons) == "daftar_judul_buku"
    assert guessed_type(reasons[:2]) is None
