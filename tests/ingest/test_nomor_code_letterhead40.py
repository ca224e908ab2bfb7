"""Issue 17: a unit code's letters read as figures ("Dispersip-319" for "Dispersip-Blg", a fax) or a capital J
read as I ("KOM-BI" for "KOM-BJ", a flatbed scan): held_out_4801's doc0041 and doc0042 archived such numbers
wrong. The letterhead prints the office's own name, which it abbreviates in its codes
(``nomor.code_by_letterhead``): a piece it spells with those figures read as letters, or with the I read as a J,
is put right, inferred not read, so under the review line and named for review. Built from generated letters."""
from __future__ import annotations

import random
import re

from ingest.metadata import extract_metadata
from ingest.nomor import CODE_CONFIDENCE, CODE_FROM_LETTERHEAD, code_by_letterhead, letterhead_words
from samples.generate import make_document


def _letters(kind: str, pattern: str, count: int = 6):
    out = []
    for seed in range(60):
        for held in (False, True):
            spec = make_document(kind, random.Random(f"code40-{seed}"), held, harder=True)
            text = "\n".join(spec.page_texts())
            nomor = spec.meta.get("nomor") or ""
            if re.search(pattern, nomor) and nomor in text and extract_metadata(text).nomor.value == nomor:
                out.append((text, nomor))
            if len(out) >= count:
                return out
    return out


def test_a_codes_letters_read_as_figures_are_put_back_from_the_letterhead():
    letters = _letters("surat_hasil_koordinasi", r"-Blg/")
    assert len(letters) >= 4
    for text, nomor in letters:
        misread = nomor.replace("-Blg/", "-319/")
        got = extract_metadata(text.replace(nomor, misread, 1))
        assert got.nomor.value == nomor, (misread, got.nomor)
        assert got.nomor.confidence <= CODE_CONFIDENCE and CODE_FROM_LETTERHEAD in got.nomor.reason
        assert any(CODE_FROM_LETTERHEAD in r for r in got.review)


def test_a_capital_j_read_as_i_is_put_back_from_the_partners_initials():
    letters = _letters("surat_permintaan_peminjaman", r"/[A-Z]{2,4}-(?:[A-Z]J|J[A-Z])/")
    assert len(letters) >= 2
    for text, nomor in letters:
        code = re.search(r"/([A-Z]{2,4}-(?:[A-Z]J|J[A-Z]))/", nomor).group(1)
        misread = nomor.replace(code, code.replace("J", "I"), 1)
        got = extract_metadata(text.replace(nomor, misread, 1))
        assert got.nomor.value == nomor, (misread, got.nomor)
        assert got.nomor.confidence <= CODE_CONFIDENCE


def test_pieces_the_letterhead_does_not_spell_otherwise_are_left_as_read():
    kop = letterhead_words(["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERPUSTAKAAN DAN KEARSIPAN"])
    # a year, a figure piece no letters of the kop spell, a whole number's own figures
    for nomor in ("041/16/Dispersip-2024/2024", "041/16/Dispersip-77/2024", "045.2/134/Kel-12/V/2025",
                  "000.4.7.1/028/Dispersip-Blg/V/2024"):
        assert code_by_letterhead(nomor, kop) == (nomor, [])
    # an I the kop's initials do not spell with a J stays
    assert code_by_letterhead("132/KOM-BI/SP/2023", letterhead_words(["KOMUNITAS BACA INDAH"])) == \
        ("132/KOM-BI/SP/2023", [])
