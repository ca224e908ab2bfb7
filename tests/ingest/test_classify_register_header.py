"""Issue 17: a page of the incoming-mail register photographed so that its title is cropped ("RAT MASUK"), its
rows' dates garbled and its column header read with a slip in each column name ("Tgk Diterima", "Ani Ringkas",
"Disposdai") is still a register page, told by three register columns on its header row
(``ingest.classify.register_header``). Letters name two such columns on one line at most, and keep their type.
Built from the harder generator's documents, damaged as text; no OCR."""
from __future__ import annotations

import random

import pytest

from ingest.classify import REGISTER_HEADER_COLUMNS, register_header
from samples.generate import make_activity_v2, make_document

SEEDS = range(4)


def _text(doc_type: str, seed: int, kind: str = "desa") -> str:
    act = make_activity_v2(random.Random(f"register-{kind}-{seed}"), True, kind)
    spec = make_document(doc_type, random.Random(f"register-doc-{doc_type}-{seed}"), True, act, harder=True)
    return "\n".join(spec.page_texts())


def _slip(word: str, rng: random.Random) -> str:
    """One letter of a word of three or more letters misread, two of a word of eight or more ("Disposdai")."""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 3:
        return word
    out = list(word)
    for i in rng.sample(letters, 2 if len(letters) >= 8 else 1):
        out[i] = rng.choice([c for c in "aeilrnkt" if c != word[i].lower()])
    return "".join(out)


def _soup(word: str, rng: random.Random) -> str:
    return "".join(rng.choice("aeiounmrstlkgp") if ch.isalpha() else rng.choice("0147IO") if ch.isdigit() else ch
                   for ch in word)


def _photographed(text: str, rng: random.Random) -> str:
    """The title cut to its last half word, the header row with a slip per word (two in a long one), the rows
    letter soup."""
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if "Disposisi" in ln)  # the header's (first) line
    header = " ".join(_slip(w, rng) for w in lines[at].split())
    rows = [" ".join(_soup(w, rng) for w in ln.split()) for ln in lines[at + 1:]]
    return "\n".join(["RAT MASUK", header] + rows)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_register_page_without_its_title_is_told_by_its_header_row(judge, seed):
    text = _photographed(_text("agenda_surat_masuk", seed), random.Random(seed))
    assert register_header(text) >= REGISTER_HEADER_COLUMNS, text
    result = judge(text)
    assert result.doc_type == "agenda_surat_masuk" and result.sop_step is None, (text, result.reasons)
    assert any("kolom register" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("doc_type", ["surat_balasan", "surat_permintaan_peminjaman", "daftar_hadir",
                                      "surat_permohonan_kerja_sama", "jadwal_pembinaan", "daftar_judul_buku"])
def test_letters_and_lists_name_fewer_register_columns_on_a_line(judge, doc_type):
    for seed in SEEDS:
        text = _text(doc_type, seed)
        assert register_header(text) < REGISTER_HEADER_COLUMNS, text
        assert judge(text).doc_type != "agenda_surat_masuk"
