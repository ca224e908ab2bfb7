"""Issue 17: a list of book titles photographed so badly that only its shape and a piece of its title survive
(a messenger photo: the rows' words letter soup, the title cut to its last words or lost with only the column
header left, a blurred neighbour sheet read above it) is still the list of books (step 4), told by its table of rows under a title or a column header naming books
(``ingest.classify.book_table``). Letters that speak of books, attendance lists and hand-over reports keep their
own type. Built from the harder generator's documents, damaged as text; no OCR."""
from __future__ import annotations

import random
import re

import pytest

from ingest.classify import book_table
from samples.generate import make_activity_v2, make_document

KINDS = ("desa", "sekolah", "tbm", "komunitas", "perpustakaan_desa")
_TITLE = re.compile(r"\bBUKU\b(?!\s+RUMAH)")


def _text(doc_type: str, kind: str, seed: int) -> str:
    act = make_activity_v2(random.Random(f"booktable-{kind}-{seed}"), True, kind)
    spec = make_document(doc_type, random.Random(f"booktable-doc-{doc_type}-{kind}-{seed}"), True, act, harder=True)
    return "\n".join(spec.page_texts())


def _soup(word: str, rng: random.Random) -> str:
    return "".join(rng.choice("aeiounmrstlkgp") if ch.isalpha() else ch for ch in word)


def _photographed(text: str, rng: random.Random) -> str:
    """The page as a bad photo reads: soup lines of a neighbour sheet above (some starting with a figure), the
    title about books cut to its last two words, the first letter lost (what a loan request's subject may
    say as well), every line below it letter soup with its row
    numbers and some cell rules kept."""
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if _TITLE.search(ln) and ln.isupper())
    words = lines[at].split()
    title = " ".join([words[-2][1:], words[-1]])  # "DAFTAR JUDUL BUKU BACAAN" read as "UKU BACAAN"
    below = []
    for ln in lines[at + 1:]:
        cells = [_soup(w, rng) if not w.isdigit() else w for w in ln.split()]
        if rng.random() < 0.5 and len(cells) > 2:
            cells.insert(len(cells) // 2, "|")
        below.append(" ".join(cells))
    above = [f"{rng.randint(1, 9)} " + " ".join(_soup("kepada tanggal laporan", rng).split()) for _ in range(3)]
    return "\n".join(above + [title] + below)


def _long_titled(kind: str) -> list[str]:
    """Book lists of ``kind`` whose title has more than two words (a two-word one keeps nothing of its own)."""
    found = []
    for seed in range(12):
        text = _text("daftar_judul_buku", kind, seed)
        if any(_TITLE.search(ln) and ln.isupper() and len(ln.split()) > 2 for ln in text.splitlines()[:8]):
            found.append(text)
    return found[:2]


@pytest.mark.parametrize("kind", KINDS)
def test_a_photographed_book_list_is_the_list_of_books(judge, kind):
    texts = _long_titled(kind)
    assert texts
    for seed, text in enumerate(texts):
        text = _photographed(text, random.Random(seed))
        assert book_table(text), text
        result = judge(text)
        assert result.doc_type == "daftar_judul_buku" and result.sop_step == 4, (text, result.reasons)
        assert any("tabel" in r for r in result.reasons), result.reasons


def _headed(text: str, rng: random.Random) -> str:
    """The page as a photo cropped above its table reads: its title lines lost, of the column header row only
    "Iudul Buku" readable (a letter misread) and a cell rule, every row under it letter soup with its numbers
    kept."""
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if re.search(r"\bJudul\b", ln) and not ln.isupper())
    words = lines[at].split()
    j = words.index("Judul")
    header = " ".join([*(_soup(w, rng) for w in words[:j]), "Iudul", words[j + 1], "|",
                       *(_soup(w, rng) for w in words[j + 2:])])
    below = [" ".join(_soup(w, rng) if not w.isdigit() else w for w in ln.split()) for ln in lines[at + 1:]]
    return "\n".join([_soup(lines[at - 1], rng), header] + below)


@pytest.mark.parametrize("kind", KINDS)
def test_a_book_list_cropped_to_its_table_is_told_by_its_column_header(judge, kind):
    text = _headed(_text("daftar_judul_buku", kind, 0), random.Random(kind))
    assert book_table(text), text
    result = judge(text)
    assert result.doc_type == "daftar_judul_buku" and result.sop_step == 4, (text, result.reasons)


def _ruled(text: str) -> str:
    """Every line with a margin read as a cell rule (a phone photo of a page lying on lined paper)."""
    return "\n".join(f"| {ln}" for ln in text.splitlines())


@pytest.mark.parametrize("doc_type", ["surat_permintaan_peminjaman", "daftar_hadir", "berita_acara_serah_terima",
                                      "surat_balasan", "jadwal_pembinaan"])
def test_other_documents_with_rows_are_no_list_of_books(judge, doc_type):
    for kind in KINDS:
        text = _ruled(_text(doc_type, kind, 0))
        assert book_table(text) is None, text
        result = judge(text)
        assert result.doc_type != "daftar_judul_buku", (doc_type, kind, result.reasons)
