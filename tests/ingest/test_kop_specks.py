"""Issue 17: a logo's speck read before a letterhead line ("333) DINAS PEMBERDAYAAN ...", "©) BADAN ...") is not
part of the sender's name: the sender is still read, and another government office's letter to the Dinas is
still ``lainnya`` (the rule of ``tests/ingest/test_classify_outsiders.py``), not an abstention. Built from the
harder sample generator (both modes), the speck put before the kop's unit line as OCR reads a logo's edge."""
from __future__ import annotations

import random
import re

from ingest.metadata import extract_metadata
from samples.generate import make_document

SPECKS = ["333)", "©)", "83.", "(|)", "0"]
_UNIT_LINE = re.compile(r"^(DINAS|BADAN|SEKRETARIAT|INSPEKTORAT|KANTOR) ", re.MULTILINE)


def test_a_speck_before_another_offices_kop_line_leaves_its_sender_and_class(judge):
    tried = 0
    for seed in range(8):
        held_out = seed % 2 == 1
        spec = make_document("lainnya", random.Random(f"speck-{seed}"), held_out, harder=True,
                             other_kind="surat_instansi_lain")
        text = "\n".join(spec.page_texts())
        clean = extract_metadata(text).pengirim.value
        if not clean or not _UNIT_LINE.search(text[:300]):
            continue
        tried += 1
        speck = SPECKS[seed % len(SPECKS)]
        specked = _UNIT_LINE.sub(lambda m, s=speck: f"{s} {m.group(0)}", text, count=1)
        assert extract_metadata(specked).pengirim.value == clean, (seed, specked[:200])
        result = judge(specked)
        assert result.doc_type == "lainnya" and not result.abstained, (seed, result)
    assert tried >= 4


def _letters_with_sender(tag: str, count: int):
    """(seed, page text, sender read from it) of generated invitations whose sender the extractor reads."""
    for seed in range(count):
        spec = make_document("undangan_sosialisasi", random.Random(f"{tag}-{seed}"), seed % 2 == 1, harder=True)
        text = "\n".join(spec.page_texts())
        clean = extract_metadata(text).pengirim.value
        if clean:
            yield seed, text, clean


_GOVERNMENT_LINE = re.compile(r"^PEMERINTAH (KABUPATEN|KOTA|PROVINSI) ", re.MULTILINE)


def test_a_logos_motto_and_a_speck_before_the_government_line_leave_the_sender():
    # a logo beside the kop: its motto read before "PEMERINTAH …", a quote-like speck between ("JAYA.RAYA ' …")
    tried = 0
    for seed, text, clean in _letters_with_sender("motto", 8):
        if not _GOVERNMENT_LINE.search(text[:200]):
            continue
        tried += 1
        mottoed = _GOVERNMENT_LINE.sub(lambda m: f"! BERSINAR.BAKTI ' {m.group(0)}", text, count=1)
        assert extract_metadata(mottoed).pengirim.value == clean, (seed, mottoed[:200])
    assert tried >= 4


def test_a_fax_machines_transmission_line_above_the_kop_leaves_the_sender():
    # a faxed letter: the receiving machine prints its date, time, number and page count above the page
    tried = 0
    for seed, text, clean in _letters_with_sender("fax", 6):
        tried += 1
        header = f"{seed + 10:02d}/08/2023 10:{seed + 30} FAX 0526 28194{seed} P.001/001"
        assert extract_metadata(f"{header}\n{text}").pengirim.value == clean, (seed, header)
        split = f"{seed + 10:02d}/08/2023 10:{seed + 30}\nFAX 0526 28194{seed} P.001/001"
        assert extract_metadata(f"{split}\n{text}").pengirim.value == clean, (seed, split)
    assert tried >= 4
