"""A nomor's code letter misread (issue 17): a piece no other archived number holds, one confusable letter from a
piece several other documents hold, takes the held piece at a low confidence (``archive.codes``), whichever is
uploaded first; a piece held by one document only, an all-capital partner code, a number a person set, and a
piece a later document turns out to hold are left as read (or put back)."""
from __future__ import annotations

import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from archive import service
from archive.codes import ACTION, CONFIDENCE, EVIDENCE, _checked, one_letter_apart, pieces
from samples.documents import Ctx, dinas_nomor
from samples.generate import make_activity_v2
from samples.layout import Layout
from tests.archive.fakes import FakePipeline, write_doc

# OCR's reading of a letter for another, as the rule's confusion classes know them (a 'B' whose bowl is read as a
# leg, an 'e' closed into a 'c', ...): the first letter of a piece with such a misreading is changed.
_MISREAD = {"B": "R", "e": "c", "c": "e", "g": "q", "l": "i", "a": "o"}


def _misread(piece: str) -> str:
    for i, ch in enumerate(piece):
        if ch in _MISREAD:
            return piece[:i] + _MISREAD[ch] + piece[i + 1:]
    raise AssertionError(f"no misreadable letter in {piece!r}")


@pytest.fixture(scope="module")
def office_numbers() -> tuple[str, list[str]]:
    """Four generated office numbers sharing a mixed-case code piece (the office's own unit code), and the piece."""
    held: dict[str, list[str]] = defaultdict(list)
    rng = random.Random(7)
    act = make_activity_v2(random.Random(7))
    for _ in range(400):
        nomor = dinas_nomor(Ctx(rng=rng, held_out=True, act=act, lay=Layout()), rng.randint(1, 6), act.start)
        for _, piece in pieces(nomor):
            if _checked(piece) and any(ch in _MISREAD for ch in piece) and nomor not in held[piece]:
                held[piece].append(nomor)
        best = max(held, key=lambda p: len(held[p]), default=None)
        if best is not None and len(held[best]) >= 4:
            return best, held[best][:4]
    raise AssertionError("the generator gave no office code on four numbers")


def _ingest(settings, folder: Path, docs: list[tuple[str, str]]) -> dict[str, str]:
    paths = [write_doc(folder / f"{name}.json", [f"Nomor : {nomor}\nPerihal : Undangan"], doc_type="surat_balasan",
                       nomor=nomor) for name, nomor in docs]
    out = {}
    for o in service.ingest_paths(settings, paths, processor=FakePipeline()):
        assert o.status == "ingested", o
        out[Path(o.file).stem] = o.id
    return out


def _wrong(nomor: str, piece: str) -> str:
    return re.sub(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", _misread(piece), nomor, count=1)


@pytest.mark.parametrize("order", ["misread_last", "misread_first"])
def test_a_misread_code_letter_takes_the_piece_other_numbers_hold_in_either_order(settings, tmp_path,
                                                                                   office_numbers, order):
    piece, numbers = office_numbers
    truth = numbers[0]
    read = _wrong(truth, piece)
    assert read != truth and one_letter_apart(_misread(piece), piece)
    holders = [(f"held{i}", n) for i, n in enumerate(numbers[1:1 + EVIDENCE])]
    docs = [*holders, ("letter", read)] if order == "misread_last" else [("letter", read), *holders]
    ids = _ingest(settings, tmp_path, docs)
    got = service.get_document(settings, ids["letter"])
    nomor = got.fields["nomor"]
    assert nomor.value == truth
    assert nomor.confidence == CONFIDENCE < 0.5
    assert _misread(piece) in nomor.reason and piece in nomor.reason and read in nomor.reason
    assert any(h.name == "nomor" and h.new_value == truth for h in got.history)
    assert any(f.field == "nomor" for f in service.review_flags(settings, ids["letter"]))  # still for review
    assert any(e.action == ACTION for e in service.audit_log(settings, doc_id=ids["letter"]))
    for name, held in holders:
        assert service.get_document(settings, ids[name]).fields["nomor"].value == held


def test_a_piece_one_other_document_holds_is_no_evidence(settings, tmp_path, office_numbers):
    piece, numbers = office_numbers
    read = _wrong(numbers[0], piece)
    ids = _ingest(settings, tmp_path, [("held0", numbers[1]), ("letter", read)])
    assert service.get_document(settings, ids["letter"]).fields["nomor"].value == read


def test_a_fill_goes_back_to_the_reading_when_a_later_number_holds_the_read_piece(settings, tmp_path, office_numbers):
    piece, numbers = office_numbers
    read = _wrong(numbers[0], piece)
    ids = _ingest(settings, tmp_path, [("held0", numbers[1]), ("held1", numbers[2]), ("letter", read)])
    assert service.get_document(settings, ids["letter"]).fields["nomor"].value == numbers[0]
    ids.update(_ingest(settings, tmp_path, [("later", _wrong(numbers[3], piece))]))  # the read piece is real after all
    got = service.get_document(settings, ids["letter"]).fields["nomor"]
    assert got.value == read and got.confidence == 0.9 and got.reason == "fake"  # as ingest read it


def test_an_all_capital_partner_code_is_not_changed(settings, tmp_path):
    # two partners' initials one confusable letter apart ("KOM-BBG", "KOM-RBG"): a new partner, not a misreading
    ids = _ingest(settings, tmp_path, [("a", "41/KOM-BBG/IV/2024"), ("b", "52/KOM-BBG/V/2024"),
                                       ("c", "7/KOM-RBG/V/2024")])
    assert service.get_document(settings, ids["c"]).fields["nomor"].value == "7/KOM-RBG/V/2024"


def test_a_number_a_person_set_stands(settings, tmp_path, office_numbers):
    piece, numbers = office_numbers
    read = _wrong(numbers[0], piece)
    ids = _ingest(settings, tmp_path, [("letter", numbers[3])])  # OCR read another number; the person typed theirs
    service.correct_metadata(settings, ids["letter"], {"nomor": read}, user="siti", reason="dibaca dari kertas")
    _ingest(settings, tmp_path, [("held0", numbers[1]), ("held1", numbers[2])])
    got = service.get_document(settings, ids["letter"]).fields["nomor"]
    assert got.value == read and got.set_by == "siti"


@pytest.mark.parametrize("read, held, apart", [
    ("Rlg", "Blg", True), ("Kee", "Kec", True), ("Sck", "Sek", True), ("Disparsip", "Dispersip", True),
    ("Dispersip", "Dispersip", False), ("Blg", "Bjm", False), ("Kec", "Kel", False), ("Sek", "Sekr", False),
])
def test_one_letter_apart(read, held, apart):
    assert one_letter_apart(read, held) is apart
