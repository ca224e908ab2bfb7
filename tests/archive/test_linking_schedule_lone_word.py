"""Issue 17, thirty-second session: a faxed schedule of pembinaan whose first row kept only the last word of its
partner's name ("Jendela" of TBM Ceria Jendela: "Taman Bacaan Masyarakat Ceria" lost) was left unlinked and
suggested to a wrong activity, the one the schedule's date and the SOP's order alone fitted (a kecamatan that
had reached the step before). A word of a partner's name that the rows still hold, written as read, of no other
partner's name, and not the place the schedule was signed at ("Paringin, 28 Agustus 2023"), is now a clue of
the suggestion (``linking._lone_row_word``), which the date and step alone are not. Beside the upload order (the
schedule uploaded right after that activity's papers, nothing after it linked elsewhere: ``_after_upload``) it
links (``AFTER_UPLOAD``); alone it stays a suggestion.

Generated TBM schedules (both modes); the suggestion is pure, the link runs the real archive with the fake
pipeline."""
from __future__ import annotations

import random
from datetime import date, timedelta

from fakes import write_doc

from archive.audit import EvidenceDoc, load_rules
from archive.linking import AFTER_UPLOAD, read_reason, suggest_activity
from archive.partners import normalise_partner
from samples.generate import make_activity_v2, make_document
from tests.archive.test_linking_cut_first import _at_step, _dated
from tests.archive.test_linking_second_pass import _ingest, _links

RULES = load_rules()
KECAMATAN = "Kecamatan Paringin Selatan"  # its first word is the place the schedules are signed at
OTHER = "Desa Sungai Rangas Hulu"


def _schedules():
    """(partner, text, schedule) for generated TBM schedules whose partner's row kept only its name's last word."""
    for seed in range(12):
        held_out = seed % 2 == 1
        act = make_activity_v2(random.Random(f"lone-{seed}"), held_out, "tbm")
        spec = make_document("jadwal_pembinaan", random.Random(f"lone-doc-{seed}"), held_out, act, harder=True)
        text = "\n".join(spec.page_texts())
        words = normalise_partner(act.partner.name).display.split()
        last = words[-1]
        row = next((n for n in (act.partner.name, f"TBM {' '.join(words)}") if n in text), None)
        if row is None or len(last) < 6 or "Paringin," not in text:
            continue
        yield act.partner.name, text.replace(row, last), EvidenceDoc(id="jadwal", doc_type="jadwal_pembinaan",
                                                                     tanggal=spec.meta["tanggal"])


def _fits(day: date) -> bool:
    return date(day.year, 1, 1) <= day - timedelta(days=40)


def test_a_word_the_rows_kept_outweighs_the_date_and_step_alone():
    tried = signed = 0
    for partner, text, doc in _schedules():
        day = doc.tanggal
        if day is None or not _fits(day):
            continue
        ours = _dated(1, partner, [("surat_permohonan_kerja_sama", day - timedelta(days=30)),
                                   ("nota_kesepahaman", day - timedelta(days=20))])  # skipped steps 3 and 4
        # reached the step before: date and step fit it alone. The kecamatan the schedule was signed in (its kop's
        # and signature's "Paringin"), unless a row names a school of Paringin (then the word is no clue)
        rows = [line for line in text.splitlines() if line[:1].isdigit()]
        kecamatan = _at_step(2, KECAMATAN if not any("Paringin" in r for r in rows) else OTHER, day, 4)
        got = suggest_activity(doc, [ours, kecamatan], RULES, text=text)
        assert got is not None and got.activity_id == 1 and got.named, (partner, got)
        # the word is another partner's too (a second TBM "... Jendela"): no clue of a name, the date decides
        twin = _dated(3, f"TBM Sinar {partner.split()[-1]}", [("nota_kesepahaman", day - timedelta(days=200))])
        got = suggest_activity(doc, [ours, kecamatan, twin], RULES, text=text)
        assert got is not None and got.activity_id == 2 and not got.named, (partner, got)
        tried += 1
        signed += kecamatan.partner == KECAMATAN
    assert tried >= 4 and signed >= 2, (tried, signed)


def _schedule_file(tmp_path, partner: str, text: str, day: date):
    return write_doc(tmp_path / "jadwal.json", [text], doc_type="jadwal_pembinaan", sop_step=5,
                     tanggal=day.isoformat())


def _mou_file(tmp_path, name: str, partner: str, day: date):
    return write_doc(tmp_path / name, [f"NOTA KESEPAHAMAN\nANTARA\nDINAS PERPUSTAKAAN DAN KEARSIPAN KABUPATEN "
                                       f"BALANGAN\nDENGAN\n{partner.upper()}\ntentang Program Buku Rumah Tangga"],
                     doc_type="nota_kesepahaman", sop_step=2, tanggal=day.isoformat(), partner=partner)


def _circulars(tmp_path):
    """Two letters of no step and no partner (unlinked paper uploaded after the schedule)."""
    return [write_doc(tmp_path / f"edaran{n}.json", [f"SURAT EDARAN {n} tentang jam kerja"], doc_type="lainnya")
            for n in (1, 2)]


def _one_schedule():
    for partner, text, doc in _schedules():
        if doc.tanggal is not None and _fits(doc.tanggal):
            return partner, text, doc.tanggal
    raise AssertionError("no generated schedule fits")


def test_a_schedule_uploaded_after_its_partners_papers_joins_them(settings, processor, tmp_path):
    partner, text, day = _one_schedule()
    ids = _ingest(settings, processor, [_mou_file(tmp_path, "mou.json", partner, day - timedelta(days=20)),
                                        _schedule_file(tmp_path, partner, text, day), *_circulars(tmp_path)])
    links = _links(settings)
    assert links[ids["jadwal.json"]][0] == links[ids["mou.json"]][0]
    assert read_reason(links[ids["jadwal.json"]][1]).template == AFTER_UPLOAD


def test_a_schedule_followed_by_another_activitys_papers_stays_a_suggestion(settings, processor, tmp_path):
    partner, text, day = _one_schedule()
    ids = _ingest(settings, processor, [_mou_file(tmp_path, "mou.json", partner, day - timedelta(days=20)),
                                        _schedule_file(tmp_path, partner, text, day),
                                        _mou_file(tmp_path, "mou2.json", "Desa Sungai Rangas Hulu",
                                                  day - timedelta(days=10)), *_circulars(tmp_path)])
    assert ids["jadwal.json"] not in _links(settings)


def test_a_schedule_without_a_word_of_the_name_is_not_linked_by_the_upload_order(settings, processor, tmp_path):
    partner, text, day = _one_schedule()
    text = text.replace(partner.split()[-1], "Xqzvbn")
    ids = _ingest(settings, processor, [_mou_file(tmp_path, "mou.json", partner, day - timedelta(days=20)),
                                        _schedule_file(tmp_path, partner, text, day), *_circulars(tmp_path)])
    assert ids["jadwal.json"] not in _links(settings)


def test_a_schedule_at_the_end_of_what_was_uploaded_waits_for_what_follows(settings, processor, tmp_path):
    """The last upload of a batch: what follows it is unknown, so the upload order says nothing yet."""
    partner, text, day = _one_schedule()
    ids = _ingest(settings, processor, [_mou_file(tmp_path, "mou.json", partner, day - timedelta(days=20)),
                                        _schedule_file(tmp_path, partner, text, day)])
    assert ids["jadwal.json"] not in _links(settings)
