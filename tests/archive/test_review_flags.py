"""Review flags (issue 18): the rules on plain data, the near-duplicate finder on the committed
samples' texts, a clerk's dates, and the queue on the real sample archive (SQLite, Whoosh)."""
from __future__ import annotations

import json

import pytest

from archive import review, service
from archive.records import SearchQuery
from archive.settings import load_settings
from ingest.metadata import CITES_LATER, extract_metadata
from ingest.nomor import DIGITS_DOUBTED, MONTH_MAYBE_MERGED
from tests.sample_archive import SAMPLES

RULES = review.load_rules()


def _doc(doc_type="surat_balasan", confidence=0.95, fields=None, pages=((1, 92.0, ()),), typed=False):
    base = {"nomor": review.FieldState("045/12/DS-KH/IV/2024", 0.95, "ocr"),
            "tanggal": review.FieldState("2024-04-02", 0.95, "ocr"),
            "perihal": review.FieldState("Balasan", 0.95, "ocr"),
            "pengirim": review.FieldState("Desa Lok Batu", 0.8, "ocr")}
    base.update(fields or {})
    return review.ReviewInput(id="d1", doc_type=doc_type, class_confidence=confidence, typed_by_person=typed,
                              fields=base, pages=tuple(pages))


def keys(flags):
    return [f.key for f in flags]


def test_a_complete_sure_letter_has_no_flags():
    assert review.flags_for(_doc(), RULES) == []


def test_an_empty_required_field_is_flagged_with_a_plain_reason():
    flags = review.flags_for(_doc(fields={"perihal": review.FieldState(None, 0.0, "ocr")}), RULES)
    assert keys(flags) == ["missing:perihal"]
    assert flags[0].wording.template == review.MISSING
    assert dict(flags[0].wording.params)["field"] == "Perihal"


def test_required_fields_follow_the_type_data():
    # a report needs no nomor, a letter does
    no_nomor = {"nomor": review.FieldState(None, 0.0, "ocr")}
    assert keys(review.flags_for(_doc("laporan_sosialisasi", fields=no_nomor), RULES)) == []
    assert keys(review.flags_for(_doc("surat_balasan", fields=no_nomor), RULES)) == ["missing:nomor"]
    assert "nomor" not in RULES.required_for("daftar_hadir") and "nomor" in RULES.required_for("surat_balasan")


def test_a_field_emptied_below_its_threshold_says_so_with_its_confidence():
    flags = review.flags_for(_doc(fields={"nomor": review.FieldState(None, 0.45, "ocr", "dikosongkan…")}), RULES)
    assert keys(flags) == ["unsure:nomor"]
    assert dict(flags[0].wording.params)["confidence"] == "45 %"


def test_a_value_below_its_threshold_is_flagged_but_a_persons_entry_is_not():
    low = {"penerima": review.FieldState("Kepala Desa", 0.3, "ocr")}
    assert keys(review.flags_for(_doc(fields=low), RULES)) == ["low:penerima"]
    by_person = {"penerima": review.FieldState("Kepala Desa", 0.3, "pelaksana"),
                 "perihal": review.FieldState("Balasan", 1.0, "pelaksana")}
    assert keys(review.flags_for(_doc(fields=by_person), RULES)) == []


def test_a_nomor_failing_the_format_check_is_flagged():
    bad_month = {"nomor": review.FieldState("045/12/DS-KH/XIV/2024", 0.9, "ocr")}
    flags = review.flags_for(_doc(fields=bad_month), RULES)
    assert keys(flags) == ["nomor_format"] and flags[0].wording.template == review.NOMOR_MONTH
    other_month = {"nomor": review.FieldState("045/12/DS-KH/IX/2024", 0.9, "ocr")}  # letter dated April
    assert review.flags_for(_doc(fields=other_month), RULES)[0].wording.template == review.NOMOR_MONTH_DATE


def test_a_code_with_a_month_stuck_to_it_is_flagged_when_other_letters_use_the_code():
    glued = {"nomor": review.FieldState("045/99/DS-KHIV/2024", 0.9, "ocr")}
    flags = review.flags_for(_doc(fields=glued), RULES, known_codes={"DS-KH", "DISPERSIP"})
    assert keys(flags) == ["nomor_format"] and flags[0].wording.template == review.NOMOR_GLUED
    assert dict(flags[0].wording.params)["code"] == "DS-KH" and dict(flags[0].wording.params)["part"] == "DS-KHIV"
    assert review.flags_for(_doc(fields=glued), RULES, known_codes={"DISPERSIP"}) == []  # an unknown code is fine
    fine = {"nomor": review.FieldState("045/99/DS-KH/IV/2024", 0.9, "ocr")}
    assert review.flags_for(_doc(fields=fine), RULES, known_codes={"DS-KH"}) == []


def test_unsure_or_missing_classification_is_flagged_unless_a_person_set_it():
    assert keys(review.flags_for(_doc(confidence=0.41), RULES)) == ["class"]
    assert review.flags_for(_doc(doc_type=None), RULES)[0].wording.template == review.UNTYPED
    assert keys(review.flags_for(_doc(confidence=0.41, typed=True), RULES)) == []


def test_a_page_with_low_ocr_confidence_is_flagged_per_page():
    flags = review.flags_for(_doc(pages=((1, 91.0, ()), (2, 48.5, ()), (3, 88.0, ("low_confidence",)))), RULES)
    assert keys(flags) == ["page:2", "page:3"]
    assert dict(flags[0].wording.params) == {"page": 2, "confidence": "48 %"}


def test_percent_never_rounds_up_to_certainty():
    assert review.percent(0.97) == "97 %" and review.percent(0.999) == "99 %" and review.percent(1.0) == "100 %"
    assert review.percent(0.955) == "95 %" and review.percent(None) == "0 %"


def test_rules_data_refuses_an_unknown_field():
    with pytest.raises(ValueError, match="judul"):
        review.load_rules('[required]\nsurat = ["nomor", "judul"]\n')


# --- near-duplicates -------------------------------------------------------------------------------

def _truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))


def _noisy(text: str, every: int = 23) -> str:
    """The text as a second capture might read it: some letters confused, a line dropped."""
    confusions = str.maketrans({"e": "c", "l": "1", "o": "0", "a": "e"})
    words = text.split(" ")
    out = [w.translate(confusions) if i % every == 0 else w for i, w in enumerate(words)]
    lines = " ".join(out).split("\n")
    return "\n".join(lines[:3] + lines[4:])


def test_a_second_capture_of_a_letter_is_a_near_duplicate():
    text = "\n".join(_truth("scan0011.png")["pages"])
    finder = review.DuplicateFinder(RULES)
    assert finder.add("a", "surat_permintaan_peminjaman", None, None, "Asli", review.text_print(text)) is None
    flag = finder.add("b", "surat_permintaan_peminjaman", None, None, "Ulang", review.text_print(_noisy(text)))
    assert flag is not None and flag.other_id == "a" and flag.wording.template == review.DUPLICATE_TEXT


def test_two_letters_of_the_same_kind_are_not_duplicates():
    finder = review.DuplicateFinder(RULES)
    for i, name in enumerate(("scan0011.png", "CamScanner_01-05-2024_08.31.pdf", "permohonan_pembinaan.png",
                              "surat_balasan_peminjaman_scan.jpg", "IMG_20240228_143010.jpg")):
        t = _truth(name)
        assert finder.add(str(i), t["doc_type"], t.get("nomor"), t.get("tanggal"), name,
                          review.text_print("\n".join(t["pages"]))) is None, name


def test_same_nomor_and_date_is_a_duplicate_whatever_the_text():
    finder = review.DuplicateFinder(RULES)
    finder.add("a", "surat_balasan", "045/12/DS-KH/IV/2024", "2024-04-02", "Balasan", review.text_print("satu"))
    flag = finder.add("b", "surat_balasan", "045 / l2 / DS-KH / IV / 2O24", "2024-04-02", "x", review.text_print("dua"))
    assert flag is not None and flag.other_id == "a" and flag.wording.template == review.DUPLICATE_NOMOR
    other_day = finder.add("c", "surat_balasan", "045/12/DS-KH/IV/2024", "2024-04-03", "y", review.text_print("tiga"))
    assert other_day is None


# --- a clerk's dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, iso", [
    ("22-04-2024", "2024-04-22"), ("22/4/2024", "2024-04-22"), ("22.04.2024", "2024-04-22"),
    ("22 April 2024", "2024-04-22"), ("22 Apr 2024", "2024-04-22"), ("22 apr. 2024", "2024-04-22"),
    ("2024-04-22", "2024-04-22"), ("1 Agustus 2024", "2024-08-01"), ("  7 Mei  2024 ", "2024-05-07"),
    ("31-02-2024", None), ("22 Bulan 2024", None), ("2024/22/04", None), ("", None), ("kemarin", None),
])
def test_a_clerks_date_is_read_as_the_office_writes_it(typed, iso):
    assert service.parse_date(typed) == iso


# --- the queue on the real sample archive --------------------------------------------------------------

@pytest.mark.slow
def test_the_review_queue_fills_accepts_and_follows_corrections(sample_archive, tmp_path):
    settings = load_settings(home=sample_archive.copy(tmp_path), environ={"BURT_WORKERS": "1"})
    queue = service.review_queue(settings)
    assert queue, "the samples include letters with empty required fields"
    assert service.review_count(settings) == len(queue)
    for item in queue:
        assert item.flags and all(f.text and "n-gram" not in f.text for f in item.flags)
    # the column and the search filter agree with the queue (real Whoosh)
    flagged = {item.document.id for item in queue}
    assert {d.id for d in service.list_documents(settings, limit=100, needs_review=True)} == flagged
    found = service.search(settings, SearchQuery(needs_review=True, limit=100, facets=False))
    assert {h.id for h in found.hits} == flagged

    first = queue[0].document.id
    previous_id, next_id = service.review_neighbours(settings, first)
    assert previous_id is None and next_id == (queue[1].document.id if len(queue) > 1 else None)
    accepted = service.accept_review(settings, first, user="pelaksana")
    assert accepted == [f.key for f in queue[0].flags]
    assert service.review_flags(settings, first) == ()
    assert service.review_count(settings) == len(queue) - 1
    entry = service.audit_log(settings, doc_id=first, limit=1)[0]
    assert entry.action == "document.review_accept" and entry.detail["flags"] == accepted

    # a correction that fills the missing field takes the document out of the queue
    item = next(i for i in queue[1:] if any(f.key.startswith("missing:") for f in i.flags))
    missing = [f.field for f in item.flags if f.key.startswith("missing:")]
    service.correct_metadata(settings, item.document.id, {name: "Diisi petugas" if name != "tanggal"
                                                          else "2024-04-22" for name in missing}, user="pelaksana")
    left = service.review_flags(settings, item.document.id)
    assert not any(f.key.startswith("missing:") for f in left)


@pytest.mark.slow
def test_a_second_capture_of_an_archived_letter_is_flagged_as_a_near_duplicate(tmp_path):
    """The same generated letter scanned and then photographed (real OCR both times): the photo
    is flagged as a near-duplicate of the scan; a different letter is not."""
    from samples.generate import generate_set

    scan = generate_set(tmp_path / "scan", seed=4242, count=2, kinds=["clean_scan"],
                        doc_types=["surat_permintaan_peminjaman"])
    photo = generate_set(tmp_path / "photo", seed=4242, count=1, kinds=["phone_photo"],
                         doc_types=["surat_permintaan_peminjaman"])
    settings = load_settings(home=tmp_path / "home", environ={"BURT_WORKERS": "1"})
    outs = list(service.ingest_paths(settings, [scan[0], scan[1], photo[0]]))
    assert [o.status for o in outs] == ["ingested"] * 3
    first, other, again = (o.id for o in outs)
    dup = [f for f in service.review_flags(settings, again) if f.key.startswith("duplicate:")]
    assert dup and dup[0].other_id == first, service.review_flags(settings, again)
    assert not any(f.key.startswith("duplicate:") for f in service.review_flags(settings, other))


def test_field_below_sets_the_low_cut_off_per_field_in_calibrated_space():
    rules = review.load_rules('[field_below]\nperihal = 0.7\n')
    unsure = {"perihal": review.FieldState("Balasan", 0.65, "ocr")}
    assert keys(review.flags_for(_doc(fields=unsure), rules)) == ["low:perihal"]
    assert keys(review.flags_for(_doc(fields=unsure), review.load_rules(""))) == []  # extraction's 0.6
    assert RULES.low_below("perihal") == 0.5  # the shipped rules: "more likely wrong than right"
    with pytest.raises(ValueError, match="field_below.*'judul'"):
        review.load_rules('[field_below]\njudul = 0.5\n')


def test_an_unsure_nomor_without_the_month_its_dated_letter_implies_is_flagged():
    # extraction says so in the reason (ingest.metadata: Tesseract unsure of the number, no Roman month)
    merged = {"nomor": review.FieldState("041/120/PD-ENN/2024", 0.92, "ocr",
                                         f"label tepat 'NO.' baris 6; OCR ragu pada '041/120/PD-ENN/2024' (79); "
                                         f"{MONTH_MAYBE_MERGED}")}
    flags = review.flags_for(_doc(fields=merged), RULES)
    assert keys(flags) == ["nomor_format"] and flags[0].wording.template == review.NOMOR_OTHER
    sure = {"nomor": review.FieldState("041/120/PD-ENN/2024", 0.92, "ocr", "label tepat 'NO.' baris 6")}
    assert review.flags_for(_doc(fields=sure), RULES) == []


def test_a_date_earlier_than_the_letter_it_answers_is_flagged():
    """A reply dated 2021 to a letter numbered …/2024: one of the years is misread (a fax's "4" read "1" in the
    date and the number alike, so the two agree with each other and nothing else would tell)."""
    text = ("PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\nParingin, 4 Maret 2021\n"
            "Nomor : 041/355/Dispersip/2021\nPerihal : Jawaban atas Permohonan\nYth. Camat Paringin Selatan\n"
            "di Paringin\nMenindaklanjuti surat Saudara Nomor 400.14/065/Kec-PS/III/2024 tanggal 1 Maret 2024 "
            "tentang peminjaman buku, dapat kami penuhi.")
    md = extract_metadata(text)  # extraction empties such a date, its value kept in the reason (fieldtanggal31)
    assert md.tanggal.value is None and "2021-03-04" in md.tanggal.reason and CITES_LATER in md.tanggal.reason
    assert any(r.startswith("tanggal:") for r in md.review)
    # a date archived with it before (or read so by an older tree) is flagged by the rule
    fields = {"nomor": review.FieldState("041/355/Dispersip/2021", 0.95, "ocr"),
              "tanggal": review.FieldState("2021-03-04", 0.96, "ocr", md.tanggal.reason)}
    flags = review.flags_for(_doc(fields=fields), RULES)
    assert keys(flags) == ["tanggal_cited"] and flags[0].wording.template == review.TANGGAL_CITES_LATER
    # the same reply dated in the cited letter's year is not flagged
    right = extract_metadata(text.replace("2021", "2024"))
    assert right.tanggal.value == "2024-03-04" and CITES_LATER not in right.tanggal.reason and not right.review


def test_a_number_settled_by_readings_that_each_doubted_its_digits_is_flagged():
    reason = f"label tepat 'Nomor' baris 8; dibaca ulang per baris: 3 dari 3 bacaan sepakat; {DIGITS_DOUBTED}"
    doubted = {"nomor": review.FieldState("045/12/DS-KH/IV/2024", 0.9, "ocr", reason)}
    flags = review.flags_for(_doc(fields=doubted), RULES)
    assert keys(flags) == ["nomor_doubted"] and flags[0].wording.template == review.NOMOR_DOUBTED
    plain = {"nomor": review.FieldState("045/12/DS-KH/IV/2024", 0.9, "ocr", reason.replace(DIGITS_DOUBTED, ""))}
    assert review.flags_for(_doc(fields=plain), RULES) == []
