"""A letter's number the page read too unsure to keep, filled from the one reply in the archive that cites it
(``archive.citing``, issue 17), whichever of the two is uploaded first; two compatible cited numbers, a cited
number of another shape, a cited date that is not the letter's, or a number a person set leave it as it is."""
from __future__ import annotations

import dataclasses
import json
import random
import re
from pathlib import Path

import pytest

from archive import db, service
from archive.citing import CONFIDENCE, compatible, reading_cost
from ingest.metadata import extract_metadata
from ingest.model import Classification, Field, IngestResult, PageText, SourceFile, Word
from ingest.nomor import DIGITS_DOUBTED
from samples.generate import make_activity_v2, make_document
from tests.archive.fakes import FakePipeline


def _reader(path, options, out_dir=None, name=None) -> IngestResult:
    """The real metadata extraction over a generated page's text; ``read`` stands for a number row read too
    unsure to keep (extraction empties it and keeps the reading in its reason, as ``ingest.metadata`` does)."""
    path = Path(path)
    spec = json.loads(path.read_text(encoding="utf-8"))
    text = spec["text"]
    meta = extract_metadata(text)
    if spec.get("read"):
        meta = dataclasses.replace(meta, nomor=Field(None, 0.3, f"dikosongkan karena tidak pasti ({spec['read']!r}): "
                                                                f"label tepat 'Nomor' baris 9; OCR ragu pada "
                                                                f"{spec['read']!r} (21)"))
    if spec.get("kept"):  # kept by the re-readings' vote although every reading doubted its digits
        meta = dataclasses.replace(meta, nomor=Field(spec["kept"], 0.82, "label tepat 'NOMOR' baris 5; dibaca ulang "
                                                                          f"per baris: 3 dari 4 bacaan sepakat; {DIGITS_DOUBTED}"))
    words = tuple(Word(w, 90.0, (10 * j, 10, 9, 9), 0) for j, w in enumerate(text.split()))
    page = PageText(number=1, text=text, words=words, confidence=90.0, width=100, height=140)
    data = path.read_bytes()
    import hashlib
    source = SourceFile(path=str(path), name=name or path.name, sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data), kind="json", page_count=1)
    cls = Classification(doc_type=spec["doc_type"], sop_step=None, confidence=0.9, abstained=False, reasons=("fake",))
    return IngestResult(source=source, pages=(page,), metadata=meta, classification=cls, timings_ms={"total": 1.0})


def _misread(nomor: str) -> str:
    """A blurred row's reading of ``nomor``: the sequence number's last digit read as another, the '/' before the
    Roman month read as an 'I'."""
    parts = nomor.split("/")
    seq = next(i for i, p in enumerate(parts) if re.fullmatch(r"\d+", p) and i < len(parts) - 1)
    parts[seq] = parts[seq][:-1] + str((int(parts[seq][-1]) + 3) % 10)
    out = "/".join(parts)
    return re.sub(r"/(?=(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)/\d{4}$)", "I", out)


@pytest.fixture(scope="module")
def pair():
    """A generated partner's request letter and the office's reply that cites its number and date."""
    for seed in range(40):
        act = make_activity_v2(random.Random(seed))
        letter = make_document("surat_permintaan_peminjaman", random.Random(seed + 1), activity=act, harder=True)
        reply = make_document("surat_balasan", random.Random(seed + 2), activity=act, harder=True)
        nomor = letter.meta["nomor"]
        if re.search(r"/(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)/\d{4}$", nomor) and nomor in reply.page_texts()[0]:
            return letter, reply
    raise AssertionError("no generated request whose reply cites it")


def _write(folder: Path, name: str, text: str, doc_type: str, read: str | None = None, kept: str | None = None
           ) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"text": text, "doc_type": doc_type, "read": read, "kept": kept}), encoding="utf-8")
    return path


def _ingest(settings, paths) -> dict[str, str]:
    out = {}
    for o in service.ingest_paths(settings, paths, processor=FakePipeline(_reader)):
        assert o.status == "ingested", o
        out[Path(o.file).stem] = o.id
    return out


def _letter_text(letter, read: str) -> str:
    return letter.page_texts()[0].replace(letter.meta["nomor"], read)


@pytest.mark.parametrize("order", ["letter_first", "reply_first"])
def test_the_reply_fills_the_letters_unsure_number_in_either_upload_order(settings, tmp_path, pair, order):
    letter, reply = pair
    read = _misread(letter.meta["nomor"])
    a = _write(tmp_path, "letter", _letter_text(letter, read), "surat_permintaan_peminjaman", read)
    b = _write(tmp_path, "reply", reply.page_texts()[0], "surat_balasan")
    ids = _ingest(settings, [a, b] if order == "letter_first" else [b, a])
    got = service.get_document(settings, ids["letter"])
    nomor = got.fields["nomor"]
    assert nomor.value == letter.meta["nomor"]
    assert nomor.confidence == CONFIDENCE and nomor.confidence < 0.5
    assert f"nomor dari rujukan dokumen {ids['reply']}" in nomor.reason and read in nomor.reason
    assert any(h.name == "nomor" and h.new_value == letter.meta["nomor"] for h in got.history)
    assert any(f.field == "nomor" for f in service.review_flags(settings, ids["letter"]))  # still for review
    assert service.get_document(settings, ids["reply"]).fields["nomor"].value == reply.meta["nomor"]
    entries = service.audit_log(settings, doc_id=ids["letter"])
    assert any(e.action == "document.nomor_cited" for e in entries)


def test_two_compatible_cited_numbers_leave_it_empty(settings, tmp_path, pair):
    letter, reply = pair
    nomor = letter.meta["nomor"]
    read = _misread(nomor)
    other = re.sub(r"^(\D*\d*?)(\d)(?=/)", lambda m: m.group(1) + str((int(m.group(2)) + 5) % 10), nomor, count=1)
    assert other != nomor and compatible(read, other, letter.meta["tanggal"].isoformat())
    paths = [_write(tmp_path, "letter", _letter_text(letter, read), "surat_permintaan_peminjaman", read),
             _write(tmp_path, "reply", reply.page_texts()[0], "surat_balasan"),
             _write(tmp_path, "reply2", reply.page_texts()[0].replace(nomor, other).replace(
                 reply.meta["nomor"], "900.1/777/DISPERSIP/2020"), "surat_balasan")]
    ids = _ingest(settings, paths)
    assert service.get_document(settings, ids["letter"]).fields["nomor"].value is None


@pytest.mark.parametrize("order", ["letter_first", "reply_first"])
def test_a_cited_number_of_another_shape_leaves_it_empty(settings, tmp_path, pair, order):
    letter, reply = pair
    nomor = letter.meta["nomor"]
    read = "000.4.6.2/" + _misread(nomor)  # the page read a classification code the cited number does not have
    assert reading_cost(read, nomor) > 3
    paths = [_write(tmp_path, "letter", _letter_text(letter, read), "surat_permintaan_peminjaman", read),
             _write(tmp_path, "reply", reply.page_texts()[0], "surat_balasan")]
    ids = _ingest(settings, paths if order == "letter_first" else paths[::-1])
    assert service.get_document(settings, ids["letter"]).fields["nomor"].value is None


def test_a_citation_dated_another_day_leaves_it_empty(settings, tmp_path, pair):
    letter, reply = pair
    when = letter.meta["tanggal"]
    moved = reply.page_texts()[0].replace(f"tanggal {when.day} ", f"tanggal {when.day % 27 + 1} ", 1)
    assert moved != reply.page_texts()[0]
    read = _misread(letter.meta["nomor"])
    ids = _ingest(settings, [_write(tmp_path, "letter", _letter_text(letter, read), "surat_permintaan_peminjaman",
                                    read), _write(tmp_path, "reply", moved, "surat_balasan")])
    assert service.get_document(settings, ids["letter"]).fields["nomor"].value is None


def test_a_number_a_person_cleared_is_not_filled(settings, tmp_path, pair):
    letter, reply = pair
    read = _misread(letter.meta["nomor"])
    ids = _ingest(settings, [_write(tmp_path, "letter", _letter_text(letter, read), "surat_permintaan_peminjaman",
                                    read)])
    service.correct_metadata(settings, ids["letter"], {"nomor": read}, user="siti", reason="dibaca dari kertas")
    service.correct_metadata(settings, ids["letter"], {"nomor": ""}, user="siti", reason="nomor tidak terbaca")
    with db.session_scope(settings) as s:  # the person's empty value
        row = s.get(db.FieldRow, (ids["letter"], "nomor"))
        assert row is not None and row.value is None and row.set_by == "siti"
    ids.update(_ingest(settings, [_write(tmp_path, "reply", reply.page_texts()[0], "surat_balasan")]))
    got = service.get_document(settings, ids["letter"]).fields["nomor"]
    assert got.value is None and got.set_by == "siti"


def test_a_number_a_person_set_stands(settings, tmp_path, pair):
    letter, reply = pair
    read = _misread(letter.meta["nomor"])
    ids = _ingest(settings, [_write(tmp_path, "letter", _letter_text(letter, read), "surat_permintaan_peminjaman",
                                    read)])
    service.correct_metadata(settings, ids["letter"], {"nomor": read}, user="siti", reason="dibaca dari kertas")
    ids.update(_ingest(settings, [_write(tmp_path, "reply", reply.page_texts()[0], "surat_balasan")]))
    got = service.get_document(settings, ids["letter"]).fields["nomor"]
    assert got.value == read and got.set_by == "siti"


def _digit_misread(nomor: str) -> str:
    """``nomor`` with its sequence number's last digit read as another, nothing else changed."""
    parts = nomor.split("/")
    seq = next(i for i, p in enumerate(parts) if re.fullmatch(r"\d+", p) and i < len(parts) - 1)
    parts[seq] = parts[seq][:-1] + str((int(parts[seq][-1]) + 3) % 10)
    return "/".join(parts)


@pytest.mark.parametrize("order", ["letter_first", "reply_first"])
def test_a_number_kept_with_its_digits_doubted_takes_the_cited_digits(settings, tmp_path, pair, order):
    letter, reply = pair
    kept = _digit_misread(letter.meta["nomor"])
    paths = [_write(tmp_path, "letter", _letter_text(letter, kept), "surat_permintaan_peminjaman", kept=kept),
             _write(tmp_path, "reply", reply.page_texts()[0], "surat_balasan")]
    ids = _ingest(settings, paths if order == "letter_first" else paths[::-1])
    got = service.get_document(settings, ids["letter"]).fields["nomor"]
    assert got.value == letter.meta["nomor"] and got.confidence == CONFIDENCE and kept in got.reason
    assert any(f.field == "nomor" for f in service.review_flags(settings, ids["letter"]))


def test_a_number_kept_with_its_digits_doubted_keeps_them_against_other_letters_or_two_citations(
        settings, tmp_path, pair):
    letter, reply = pair
    nomor = letter.meta["nomor"]
    kept = _digit_misread(nomor)
    other = _digit_misread(kept)
    # the reply's citation with a letter changed, then a second citation with other digits: neither is taken
    lettered = re.sub(r"[A-Z](?=[A-Z]*/[IVX]+/)", "Q", nomor, count=1)
    assert lettered != nomor
    ids = _ingest(settings, [
        _write(tmp_path, "letter", _letter_text(letter, kept), "surat_permintaan_peminjaman", kept=kept),
        _write(tmp_path, "reply", reply.page_texts()[0].replace(nomor, lettered), "surat_balasan")])
    assert service.get_document(settings, ids["letter"]).fields["nomor"].value == kept
    ids.update(_ingest(settings, [_write(tmp_path, "reply2", reply.page_texts()[0], "surat_balasan")]))
    assert service.get_document(settings, ids["letter"]).fields["nomor"].value == nomor
    ids.update(_ingest(settings, [_write(tmp_path, "reply3", reply.page_texts()[0].replace(nomor, other).replace(
        reply.meta["nomor"], "900.1/777/DISPERSIP/2020"), "surat_balasan")]))
    got = service.get_document(settings, ids["letter"]).fields["nomor"]
    assert got.value == kept and got.confidence == 0.82 and DIGITS_DOUBTED in got.reason  # back as read
