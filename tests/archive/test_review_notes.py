"""A doubt extraction names stays open in the archive (issue 17: "the archive may be unsure, but it must say so").

Extraction keeps some values it doubts and says so in ``Metadata.review`` ("nomor: dipenggal ke baris berikutnya,
disambung dari bacaan ulang kedua baris — periksa"; a figure other re-readings read otherwise). The archive used
to set ``needs_review`` from those notes only when the document arrived; the review state it stores after every
write is computed from the fields alone, so the note was lost and a wrong number kept that way counted as sure
(held_out_4801's doc0041, "Dispersip-319" for "Dispersip-Blg", named by the re-reader and then unflagged).
Now the note is written into the field's reason (``Metadata.with_notes_in_reasons``) and the review rules flag a
value whose reason asks for a check (``noted:<field>``) until a person accepts or corrects it."""
from __future__ import annotations

import dataclasses

import pytest

from archive import review, service
from ingest.metadata import extract_metadata
from ingest.model import CHECK_NOTE, NOTE_MARK, Field
from samples.generate import make_document

RULES = review.load_rules()
NOTE = "baris nomor dibaca ulang: angka nomor terbaca lain oleh bacaan lain (045/12/DS-KH/IV/2024) " + CHECK_NOTE


def _letter():
    import random
    spec = make_document("surat_balasan", random.Random("notes-1"), True, harder=True)
    return spec, extract_metadata("\n".join(spec.page_texts()))


def test_a_note_on_a_kept_value_goes_into_its_reason_once_and_only_for_that_field():
    spec, md = _letter()
    assert md.nomor.present and md.tanggal.present
    noted = dataclasses.replace(md, review=(f"nomor: {NOTE}", "perihal: dikosongkan karena tidak pasti"))
    out = noted.with_notes_in_reasons()
    assert out.nomor.value == md.nomor.value and out.nomor.confidence == md.nomor.confidence
    assert out.nomor.reason.startswith(md.nomor.reason) and out.nomor.reason.endswith(NOTE)
    assert out.tanggal == md.tanggal and out.perihal == md.perihal  # no note asks about them
    assert out.with_notes_in_reasons() == out  # said once
    # a note about a field left empty changes nothing (the empty field is flagged as unsure already)
    empty = dataclasses.replace(noted, nomor=Field(None, 0.4, "dikosongkan"))
    assert empty.with_notes_in_reasons().nomor == empty.nomor
    assert md.with_notes_in_reasons() == md  # no notes, nothing changes


def test_a_note_that_holds_the_reasons_separator_is_shown_whole():
    """A note of two clauses ("…; disambung …") was shown by its last clause only: the reason's parts are
    separated by "; " too. The note goes last, after ``NOTE_MARK``; one the reason said already moves there."""
    spec, md = _letter()
    said = "nomor dipenggal ke baris berikutnya (045/12/DS-KH); disambung dari bacaan ulang kedua baris " + CHECK_NOTE
    told = dataclasses.replace(md, nomor=Field(md.nomor.value, 0.9, f"label tepat 'Nomor' baris 5; {said}"),
                               review=(f"nomor: {said}",))
    out = told.with_notes_in_reasons()
    assert out.nomor.reason == f"label tepat 'Nomor' baris 5; {NOTE_MARK}{said}"
    assert out.with_notes_in_reasons() == out
    state = review.FieldState("045/12/DS-KH/IV/2024", 0.9, "ocr", out.nomor.reason)
    flags = review.flags_for(_doc({"nomor": state}), RULES)
    assert [f.key for f in flags] == ["noted:nomor"] and dict(flags[0].wording.params)["note"] == said


def _doc(fields):
    base = {"nomor": review.FieldState("045/12/DS-KH/IV/2024", 0.9, "ocr", "label tepat 'Nomor' baris 5"),
            "tanggal": review.FieldState("2024-04-02", 0.95, "ocr"),
            "perihal": review.FieldState("Balasan", 0.95, "ocr"),
            "pengirim": review.FieldState("Desa Lok Batu", 0.8, "ocr")}
    base.update(fields)
    return review.ReviewInput(id="d1", doc_type="surat_balasan", class_confidence=0.95, typed_by_person=False,
                              fields=base, pages=((1, 92.0, ()),))


def test_a_value_whose_reason_asks_for_a_check_is_flagged_until_a_person_sets_it():
    assert review.flags_for(_doc({}), RULES) == []
    noted = {"nomor": review.FieldState("045/12/DS-KH/IV/2024", 0.9, "ocr", f"label tepat 'Nomor' baris 5; {NOTE}")}
    flags = review.flags_for(_doc(noted), RULES)
    assert [f.key for f in flags] == ["noted:nomor"] and flags[0].field == "nomor"
    params = dict(flags[0].wording.params)
    assert flags[0].wording.template == review.FIELD_NOTED and params["note"] == NOTE
    assert params["value"] == "045/12/DS-KH/IV/2024"
    by_person = {"nomor": review.FieldState("045/12/DS-KH/IV/2024", 1.0, "pelaksana", f"x; {NOTE}")}
    assert review.flags_for(_doc(by_person), RULES) == []
    # a field another rule flags already gets that flag only
    bad_month = {"nomor": review.FieldState("045/12/DS-KH/XIV/2024", 0.9, "ocr", f"x; {NOTE}")}
    assert [f.key for f in review.flags_for(_doc(bad_month), RULES)] == ["nomor_format"]


@pytest.mark.slow
def test_a_wrapped_number_read_whole_stays_flagged_in_the_archive(settings, tmp_path):
    """A held-out letter whose number breaks onto the next line (rows37's generated flatbed scan): extraction puts
    it together and asks for a check; the archive keeps the document in the review queue after its review state
    is stored, and a person's accept clears it."""
    import random

    from samples.generate import make_capture

    rng = random.Random("rows37gen-27")  # as tests/ingest/test_nomor_wrapped_rows37.py's flatbed scan
    spec = make_document("surat_hasil_koordinasi", rng, True, harder=True)
    assert spec.extra["layout"]["layout"] == "D_side_by_side" and spec.meta["nomor"] not in spec.page_texts()[0]
    cap = make_capture(spec, "flatbed_scan", rng)
    path, nomor = tmp_path / f"surat.{cap.ext}", spec.meta["nomor"]
    path.write_bytes(cap.files[0])
    [out] = service.ingest_paths(settings, [path])
    detail = service.get_document(settings, out.id)
    assert detail.fields["nomor"].value == nomor and CHECK_NOTE in detail.fields["nomor"].reason
    assert detail.needs_review
    assert "noted:nomor" in [f.key for f in service.review_flags(settings, out.id)]
    service.store_review_state(settings)
    assert service.get_document(settings, out.id).needs_review
