"""The classifier in numpy (ingest/charmodel.py) predicts what the scikit-learn model it was made from
predicts, and a one-shot process loads it without importing scikit-learn."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pytest

from ingest import charmodel, classify

SHIPPED = Path(classify.__file__).parent / "data" / classify.SHIPPED_NAME

TEXTS = [
    "SURAT UNDANGAN\nNomor : 005/123/BURT/2024\nPerihal : Rapat koordinasi pelestarian naskah kuno",
    "BERITA ACARA SERAH TERIMA\nPada hari ini Senin tanggal dua puluh, kami yang bertanda tangan",
    "Daftar hadir peserta kegiatan bimbingan teknis perpustakaan desa",
    "x",  # one short word: one n-gram
    "",  # nothing the model knows
    "Laporan pertanggungjawaban keuangan kegiatan 2O24 (OCR n0ise) |||",
]


@pytest.fixture(scope="module")
def sklearn_model():
    return joblib.load(SHIPPED)


def test_char_wb_ngrams_match_scikit_learn(sklearn_model):
    analyse = sklearn_model.named_steps["tfidf"].build_analyzer()
    for text in TEXTS:
        assert charmodel.char_wb_ngrams(classify._flat(text), 2, 5) == analyse(text)


def test_probabilities_match_scikit_learn(sklearn_model, tmp_path):
    model_path = tmp_path / "classifier-v1.joblib"
    joblib.dump(sklearn_model, model_path)
    classify.write_compact(sklearn_model, model_path)
    compact = charmodel.load(charmodel.compact_path(model_path), classify._flat, classify._sha256(model_path))
    assert compact is not None and list(compact.classes_) == list(sklearn_model.classes_)
    np.testing.assert_allclose(compact.predict_proba(TEXTS), sklearn_model.predict_proba(TEXTS), atol=1e-5)


def test_shipped_model_loads_its_numpy_form_and_weighs_ngrams_the_same(sklearn_model):
    loaded = classify.load_model(None)
    assert isinstance(loaded.pipeline, charmodel.CharNgramModel)
    vec, clf = sklearn_model.named_steps["tfidf"], sklearn_model.named_steps["clf"]
    names = vec.get_feature_names_out()
    for doc_type in loaded.classes[:4]:
        row = clf.coef_[list(clf.classes_).index(doc_type)]
        x = vec.transform([TEXTS[0]]).tocsr()
        expected = {str(names[i]): float(v * row[i]) for i, v in zip(x.indices, x.data)}
        got = dict(loaded.pipeline.contributions(TEXTS[0], doc_type))
        assert got.keys() == expected.keys()
        assert max(abs(got[g] - expected[g]) for g in got) < 1e-5
        assert classify.top_ngrams(TEXTS[0], doc_type, loaded)  # reasons still name n-grams


def test_numpy_form_of_another_joblib_file_is_not_used(sklearn_model, tmp_path):
    model_path = tmp_path / "classifier-v1.joblib"
    joblib.dump(sklearn_model, model_path)
    classify.write_compact(sklearn_model, model_path)
    joblib.dump(sklearn_model, model_path, compress=3)  # replaced afterwards: other bytes
    loaded = classify.load_model(tmp_path)
    assert not isinstance(loaded.pipeline, charmodel.CharNgramModel)
    assert loaded.version == "v1" and loaded.classes == tuple(sklearn_model.classes_)


def test_one_shot_classification_imports_no_scikit_learn():
    code = ("import sys; from ingest import classify; m = classify.load_model(None); "
            "m.pipeline.predict_proba(['surat undangan rapat']); "
            "print(any(k == 'sklearn' or k.startswith(('sklearn.', 'scipy')) for k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(classify.__file__).parent.parent)
    assert out.stdout.strip() == "False"
