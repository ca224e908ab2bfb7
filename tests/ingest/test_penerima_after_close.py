"""Issue 17 (held_out_2101 doc0017), from generated material: a letter whose addressee line OCR glued to the
number line ("…/202Kepada Yth, Ketua Komunitas …") and whose copies list lost its "Tembusan" word ("Yth:" /
"1. Camat X" under the signature) does not take the copies list for its addressee. An addressee comes before the
letter's closing (its signer's NIP, "Demikian …"); a copies list after it is never the penerima."""
from __future__ import annotations

import random
import re

from ingest.metadata import extract_metadata
from samples.generate import make_activity_v2, make_document
from samples.partners import PARTNER_KINDS

TYPES = ("surat_balasan", "undangan_sosialisasi", "surat_koordinasi_pendampingan")
COPY = "Camat Tebing Tinggi"


def _letters():
    for kind in PARTNER_KINDS:
        for seed in range(3):
            held_out = seed % 2 == 1
            act = make_activity_v2(random.Random(f"close-{kind}-{seed}"), held_out, kind)
            for doc_type in TYPES:
                spec = make_document(doc_type, random.Random(f"close-doc-{kind}-{seed}-{doc_type}"), held_out, act,
                                     harder=True)
                text = "\n".join(spec.page_texts())
                if re.search(r"^NIP\b", text, re.MULTILINE) and re.search(r"^.*\bYth\b", text, re.MULTILINE):
                    yield text


def test_a_copies_list_that_lost_its_heading_is_never_the_addressee():
    tried = 0
    for text in _letters():
        # the addressee's "Yth" lost (glued to the line above) and the copies list's heading lost too
        lost = re.sub(r"^(.*)\n(?:Kepada\s+)?Yth\.?,?\s*", r"\1", text, count=1, flags=re.MULTILINE)
        lost = re.sub(r"^Tembusan[^\n]*\n", "Yth:\n", lost, count=1, flags=re.MULTILINE | re.IGNORECASE)
        if "Yth:" not in lost:
            lost += "\nYth:\n"
        lost = lost.replace("Yth:\n", f"Yth:\n1. {COPY}\n", 1)
        if lost.count("Yth") != 1:
            continue  # the addressee's own "Yth" was not on a line of its own
        tried += 1
        penerima = extract_metadata(lost).penerima.value or ""
        assert "Tebing Tinggi" not in penerima, penerima
    assert tried >= 10, tried


def test_an_addressee_before_the_close_is_still_read():
    for text in _letters():
        assert extract_metadata(text).penerima.value, text[:300]
