"""train: users' corrections (from the database) plus the shipped examples -> a new model."""
from __future__ import annotations

import pytest
from fakes import write_doc

from archive import service, training

pytestmark = pytest.mark.slow  # fits and cross-validates a real model on the shipped examples


def test_train_uses_corrections_and_writes_a_new_model(settings, processor, tmp_path):
    f = write_doc(tmp_path / "a.json", ["Daftar judul buku yang dipinjamkan kepada desa"], doc_type="lainnya")
    [out] = service.ingest_paths(settings, [f], processor=processor)
    assert training.corrected_examples(settings) == []  # OCR's own guess is not a correction
    service.correct_metadata(settings, out.id, {"doc_type": "daftar_judul_buku"}, user="ani")
    assert training.corrected_examples(settings) == [("Daftar judul buku yang dipinjamkan kepada desa",
                                                      "daftar_judul_buku")]
    report = service.train(settings)
    assert report.from_corrections == 1 and report.examples == report.from_shipped + 1
    assert report.model_path and report.model_path.startswith(str(settings.models_dir))
    assert list(settings.models_dir.glob("classifier-v*.joblib"))
