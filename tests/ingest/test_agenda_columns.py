"""Issue 17: a mail register page whose title OCR misread ("REGISTEP MASUK") is still told by its columns, which
a register abbreviates ("Tgl. Diterima", "Tgl. Surat"): it is ``agenda_surat_masuk``, not an abstention.
Built from the harder sample generator (both modes), the title damaged as OCR damages it; text in, class out."""
from __future__ import annotations

import random
import re

from samples.generate import make_document

_TITLE = re.compile(r"\b(AGENDA|REGISTER|Agenda|Register)\b")


def test_a_register_with_a_misread_title_is_told_by_its_abbreviated_columns(judge):
    tried = 0
    for seed in range(16):
        held_out = seed % 2 == 1
        spec = make_document("agenda_surat_masuk", random.Random(f"agenda-cols-{seed}"), held_out, harder=True)
        text = "\n".join(spec.page_texts())
        if not re.search(r"Tgl\.? Diterima", text):
            continue  # a layout without the abbreviated columns
        tried += 1
        damaged = _TITLE.sub(lambda m: m.group(0)[:-1] + ("P" if m.group(0).isupper() else "p"), text)
        damaged = re.sub(r"(?i)\bsurat masuk\b", "MASUK", damaged, count=1)
        result = judge(damaged)
        assert result.doc_type == "agenda_surat_masuk" and not result.abstained, (seed, result, damaged[:300])
    assert tried >= 2
