"""The classifier model in plain numpy: what a one-shot ``burt ocr`` loads instead of scikit-learn.

The model is trained with scikit-learn (``classify.train_model``: TF-IDF over character n-grams
within word boundaries, then multinomial logistic regression) and saved with joblib. Loading that
file imports scikit-learn and SciPy (~500 modules) and unpickles the vectoriser: ~2 s per call of a
short-lived ``burt ocr`` on a quiet machine, more than reading a small page. Prediction needs only
the vocabulary, the idf weights and the regression's coefficients, so ``export`` writes those to a
``.npz`` beside the ``.joblib`` and ``CharNgramModel`` reads them and predicts with numpy alone,
with the same probabilities (tests/ingest/test_charmodel.py compares it with scikit-learn's).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

FORMAT = 1  # bump when the arrays written by ``export`` change meaning
_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char_wb analyser collapses whitespace


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams (``low``..``high``) of each word padded with one space either side,
    the way scikit-learn's ``analyzer="char_wb"`` makes them (a word shorter than n gives one)."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[:n])
            while offset + n < size:
                offset += 1
                grams.append(padded[offset:offset + n])
            if offset == 0:
                break
    return grams


class CharNgramModel:
    """TF-IDF (sublinear tf, l2 norm) over char_wb n-grams, then a linear layer and softmax.

    ``preprocess`` is the text normalisation the vectoriser was trained with (``classify._flat``)."""

    def __init__(self, arrays: dict[str, np.ndarray], preprocess: Callable[[str], str]):
        self.grams: np.ndarray = arrays["grams"]
        self.index = {str(g): i for i, g in enumerate(self.grams.tolist())}
        self.idf = arrays["idf"].astype(np.float64)
        self.coef = arrays["coef"].astype(np.float64)
        self.intercept = arrays["intercept"].astype(np.float64)
        self.classes_ = np.asarray(arrays["classes"].tolist(), dtype=object)
        self.low, self.high = (int(v) for v in arrays["ngram_range"])
        self.preprocess = preprocess

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, tf-idf values) of ``text``: a sparse row, l2-normalised."""
        counts: dict[int, int] = {}
        for gram in char_wb_ngrams(self.preprocess(text), self.low, self.high):
            i = self.index.get(gram)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = (np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))) + 1.0) * self.idf[cols]
        return cols, values / np.linalg.norm(values)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text, columns in ``classes_`` order."""
        rows = []
        for text in texts:
            cols, values = self.features(text)
            scores = self.coef[:, cols] @ values + self.intercept
            if scores.shape[0] == 1:  # two classes: logistic on one score
                p = 1.0 / (1.0 + np.exp(-scores[0]))
                rows.append(np.array([1.0 - p, p]))
                continue
            scores = np.exp(scores - scores.max())
            rows.append(scores / scores.sum())
        return np.vstack(rows)

    def contributions(self, text: str, doc_type: str) -> list[tuple[str, float]]:
        """(n-gram, tf-idf x coefficient) of every n-gram of ``text`` the model knows, towards ``doc_type``."""
        cols, values = self.features(text)
        row = self.coef[list(self.classes_).index(doc_type)] if self.coef.shape[0] > 1 else self.coef[0]
        return [(str(self.grams[c]), float(v * row[c])) for c, v in zip(cols.tolist(), values.tolist())]


def compact_path(joblib_path: Path) -> Path:
    """Where the numpy form of a ``classifier-vN.joblib`` model lives."""
    return joblib_path.with_suffix(".npz")


def export(pipeline: Any, path: Path, source_sha256: str) -> None:
    """Write the arrays a fitted scikit-learn ``Pipeline([("tfidf", ...), ("clf", ...)])`` predicts
    with to ``path`` (written beside and renamed, so a reader never sees half a file), with the
    SHA-256 of the file the pipeline was saved to."""
    vec, clf = pipeline.named_steps["tfidf"], pipeline.named_steps["clf"]
    names = vec.get_feature_names_out()
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, format=np.array(FORMAT), source=np.array(source_sha256), grams=np.asarray(names, dtype=str),
                        idf=vec.idf_.astype(np.float64), coef=clf.coef_.astype(np.float64),
                        intercept=clf.intercept_.astype(np.float64),
                        classes=np.asarray([str(c) for c in clf.classes_], dtype=str),
                        ngram_range=np.asarray(vec.ngram_range, dtype=np.int64))
    tmp.replace(path)


def load(path: Path, preprocess: Callable[[str], str], source_sha256: str) -> CharNgramModel | None:
    """The model in ``path``; None when it was made from another file than the one whose SHA-256 is
    ``source_sha256``, or is of another format version (the caller loads the joblib file then)."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    if int(arrays.get("format", np.array(-1))) != FORMAT or str(arrays.get("source", "")) != source_sha256:
        return None
    return CharNgramModel(arrays, preprocess)


__all__ = ["CharNgramModel", "char_wb_ngrams", "compact_path", "export", "load", "FORMAT"]
