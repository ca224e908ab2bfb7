"""The committed samples as ``burt demo`` archives them: the Buku agenda lists every incoming letter
(by the truth: a letter type whose pengirim is not the Dinas) in ``masuk``, the Dinas's letters in
``keluar``, and the rows of the sample agenda page, the desa's letter among them linked to it."""
from __future__ import annotations

import pytest

from archive import service
from archive.agenda import is_letter_type
from archive.settings import load_settings
from tests.sample_archive import sample_truths

pytestmark = pytest.mark.slow

OFFICE = "Dinas Perpustakaan dan Kearsipan"


@pytest.fixture(scope="module")
def demo(sample_archive, tmp_path_factory):
    home = sample_archive.copy(tmp_path_factory.mktemp("agenda-samples"))
    settings = load_settings(home=home, environ={"BURT_WORKERS": "1"})
    ids = {name: sample_archive.line(name)["id"] for name in sample_truths()}
    return settings, ids


def test_every_sample_letter_is_in_its_register(demo):
    settings, ids = demo
    entries = {e.document_id: e for e in service.agenda_list(settings).entries if e.origin == "arsip"}
    for name, truth in sample_truths().items():
        letter = is_letter_type(truth["doc_type"]) and truth["nomor"]
        if not letter:
            assert ids[name] not in entries, name
            continue
        expected = "keluar" if (truth["pengirim"] or "").startswith(OFFICE) else "masuk"
        assert ids[name] in entries, name
        assert entries[ids[name]].register == expected, name
    for register in ("masuk", "keluar"):
        numbers = sorted(e.nomor_agenda for e in entries.values() if e.register == register)
        assert numbers == list(range(1, len(numbers) + 1))


def test_the_sample_agenda_page_rows_are_listed_and_linked(demo):
    settings, ids = demo
    truth = sample_truths()["IMG_20240401_091102.jpg"]
    rows = [e for e in service.agenda_list(settings, year=2024, month=4).entries if e.origin == "buku"]
    assert len(rows) == truth["extra"]["agenda_rows"]
    assert all(e.source_doc_id == ids["IMG_20240401_091102.jpg"] and e.source_page == 1 for e in rows)
    assert [e.nomor_buku for e in rows] == [str(n) for n in range(162, 162 + len(rows))]
    [desa] = [e for e in rows if e.nomor_surat == "470/156/DS-KH/2024"]
    assert desa.document_id == ids["scan0011.png"] and desa.asal_tujuan == "Desa Kusambi Hilir"
    assert all(e.document_id is None for e in rows if e is not desa)  # no other row's letter is archived
