"""Document type and SOP step from OCR text: SOP vocabulary rules + a learned character n-gram model.

Two opinions are combined:
- **rules** read from the SOP definition (``sop_burt.toml``): each document type's terms and strong terms,
  matched on normalised text (fuzzily for long terms, since OCR garbles letters), weighted up when they sit
  in the title or the Hal line; plus a few structural rules that vocabulary alone gets wrong (a page of the
  agenda book lists many perihal lines; a reply letter names the letter it answers; an MoU has parties);
- a **model** (scikit-learn: TF-IDF on character n-grams 2–5 within word boundaries, which survive OCR noise,
  and multinomial logistic regression for probabilities).
Below ``abstain_below`` the result abstains ("perlu ditinjau") rather than guesses. Every decision carries its
reasons: matched terms, the rule that fired, the model's score and top n-grams.
"""
from __future__ import annotations

import hashlib
import json
import logging
import pickle
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from rapidfuzz import fuzz
from threadpoolctl import threadpool_limits

from ingest import charmodel
from ingest.errors import BurtError
from ingest.metadata import label_name
from ingest.model import Classification, Metadata
from ingest.sop import Sop

log = logging.getLogger(__name__)

MODEL_GLOB = "classifier-v*.joblib"
SHIPPED_NAME = "classifier-v0.joblib"
RULE_EXPONENT = 0.5  # weight of the SOP rules against the model (chosen on the validation set, seed 9091)
TITLE_LINES = 18  # lines from the top where a document's title / Hal line sits


class ModelError(BurtError):
    code = "model_invalid"
    http_status = 500
    default_message = "Model klasifikasi tidak dapat dimuat atau dilatih. / The classifier model cannot be loaded or trained."


@dataclass(frozen=True)
class ModelInfo:
    """What a trained model is: version, when, from how many examples, and its cross-validated accuracy."""

    version: int
    path: str
    created: str
    n_examples: int
    counts: dict[str, int]
    cv_accuracy: float | None
    cv_folds: int

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "path": self.path, "created": self.created, "n_examples": self.n_examples,
                "counts": self.counts, "cv_accuracy": self.cv_accuracy, "cv_folds": self.cv_folds}


@dataclass(frozen=True)
class Classifier:
    """A loaded model (or none: rules only) and where it came from."""

    pipeline: Any | None
    version: str
    source: str
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(self.pipeline.classes_) if self.pipeline is not None else ()


# ---------------------------------------------------------------- text normalisation

def normalise_text(text: str) -> str:
    """Lower case, digits folded to 0, OCR punctuation noise collapsed: what both rules and model see."""
    t = text.lower().replace("\f", "\n")
    t = re.sub(r"\d", "0", t)
    t = re.sub(r"[|¦]", "l", t)
    t = re.sub(r"[^\w\s/.,:()\-]", " ", t)
    return re.sub(r"[ \t]+", " ", t)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", normalise_text(text))


# ---------------------------------------------------------------- model: build, train, load

def _build_pipeline() -> Any:
    # scikit-learn (and joblib below) are imported where a model is trained or its joblib file
    # read: a one-shot ``burt ocr`` predicts with ``charmodel`` and never pays their ~1-2 s import.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([
        ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                  max_features=30000, preprocessor=_flat, dtype=np.float32)),
        ("clf", LogisticRegression(C=20.0, max_iter=3000)),
    ])


def train_model(examples: Iterable[tuple[str, str]], sop: Sop, out_dir: str | Path, cv_folds: int = 5) -> ModelInfo:
    """Fit a new model on (text, doc_type) pairs and write it as the next version under ``out_dir``
    (``classifier-vN.joblib`` + ``classifier-vN.json``), with its accuracy by ``cv_folds``-fold
    cross-validation (fewer folds when a type has fewer examples). Unknown type ids are refused, naming them."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    pairs = [(t, y) for t, y in examples if t and t.strip()]
    unknown = sorted({y for _, y in pairs} - set(sop.type_ids))
    if unknown:
        raise ModelError(f"Jenis dokumen tidak dikenal dalam data latih: {', '.join(unknown)}. / "
                         f"Unknown document types in training data.")
    counts = Counter(y for _, y in pairs)
    if len(counts) < 2:
        raise ModelError("Data latih harus memuat minimal dua jenis dokumen. / Training needs at least two types.")
    texts, labels = [t for t, _ in pairs], [y for _, y in pairs]
    folds = min(cv_folds, min(counts.values()))
    cv_accuracy = None
    with threadpool_limits(1):  # BLAS threads only fight each other (and the OCR workers) on a small server
        if folds >= 2:
            scores = cross_val_score(_build_pipeline(), texts, labels,
                                     cv=StratifiedKFold(n_splits=folds, shuffle=True, random_state=0))
            cv_accuracy = round(float(scores.mean()), 4)
        pipeline = _build_pipeline().fit(texts, labels)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    version = 1 + max((_version_of(p) for p in out.glob(MODEL_GLOB)), default=0)
    path = out / f"classifier-v{version}.joblib"
    info = ModelInfo(version=version, path=str(path), created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     n_examples=len(pairs), counts=dict(sorted(counts.items())), cv_accuracy=cv_accuracy,
                     cv_folds=folds if folds >= 2 else 0)
    import joblib

    tmp = path.with_suffix(".joblib.tmp")
    joblib.dump(pipeline, tmp, compress=3)
    tmp.replace(path)
    write_compact(pipeline, path)
    path.with_suffix(".json").write_text(json.dumps(info.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    log.info("trained classifier v%d on %d examples (cv accuracy %s)", version, len(pairs), cv_accuracy)
    return info


def shipped_examples() -> list[tuple[str, str]]:
    """The labelled (text, doc_type) examples shipped with the package: generated documents when built
    (``data/training.jsonl.gz``), plus the hand-written seed texts (``data/seed_examples.jsonl``).
    ``burt train`` adds users' corrections to these."""
    import gzip

    out: list[tuple[str, str]] = []
    data = resources.files("ingest").joinpath("data")
    for name in ("training.jsonl.gz", "seed_examples.jsonl"):
        item = data.joinpath(name)
        if not item.is_file():
            continue
        raw = item.read_bytes()
        text = gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode("utf-8")
        for line in text.splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append((rec["text"], rec["doc_type"]))
    return out


def _version_of(path: Path) -> int:
    m = re.search(r"classifier-v(\d+)\.joblib$", path.name)
    return int(m.group(1)) if m else -1


def load_model(model_dir: str | Path | None = None) -> Classifier:
    """The newest trained model in ``model_dir``; else the one shipped with the package; else rules only."""
    if model_dir is not None and Path(model_dir).is_dir():
        found = sorted(Path(model_dir).glob(MODEL_GLOB), key=_version_of)
        if found:
            return _load_file(found[-1], source="data dir")
    shipped = resources.files("ingest").joinpath("data", SHIPPED_NAME)
    if shipped.is_file():
        with resources.as_file(shipped) as path:
            return _load_file(Path(path), source="shipped")
    log.warning("no classifier model found; classifying by SOP vocabulary rules only")
    return Classifier(pipeline=None, version="rules", source="none")


def write_compact(pipeline: Any, path: Path) -> None:
    """Save the numpy form of the model at ``path`` (``charmodel``) beside it, tied to the
    joblib file's SHA-256 so a replaced joblib file is never predicted with stale arrays."""
    charmodel.export(pipeline, charmodel.compact_path(path), _sha256(path))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_compact(path: Path) -> charmodel.CharNgramModel | None:
    """The numpy form of the model in ``path`` when it is there and made from this very file."""
    compact = charmodel.compact_path(path)
    if not compact.is_file():
        return None
    try:
        return charmodel.load(compact, _flat, _sha256(path))
    except (OSError, ValueError, KeyError, EOFError) as exc:  # unreadable: the joblib file still is
        log.warning("compact model %s unreadable, loading %s: %s", compact.name, path.name, exc)
        return None


def _load_file(path: Path, source: str) -> Classifier:
    try:
        pipeline = _load_compact(path)
        if pipeline is None:
            import joblib

            pipeline = joblib.load(path)
    except (OSError, EOFError, ValueError, AttributeError, ImportError, KeyError, IndexError, TypeError,
            pickle.UnpicklingError) as exc:
        raise ModelError(f"Model klasifikasi rusak: {path.name}. Latih ulang dengan 'burt train'. / "
                         f"The classifier model is damaged: retrain it.", detail=str(exc)) from exc
    meta_path = path.with_suffix(".json")
    info = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    return Classifier(pipeline=pipeline, version=f"v{_version_of(path)}", source=source, info=info)


# ---------------------------------------------------------------- rules from the SOP vocabulary

@dataclass(frozen=True)
class _RuleScore:
    score: float
    matched: tuple[str, ...]


def _term_in(term: str, text: str) -> bool:
    """Exact substring; a multi-word term with up to two words between its words ("jadwal pelaksanaan
    pembinaan"); or for longer terms a fuzzy partial match that tolerates a few OCR-garbled letters."""
    if term in text:
        return True
    words = term.split()
    if len(words) > 1 and re.search(r"\s+(?:\S+\s+){0,2}".join(re.escape(w) for w in words), text):
        return True
    if len(term) < 9:
        return False
    # The whole term must be found, not a piece of it: on a text no longer than the term (a Hal line, a title)
    # a partial match aligns a piece of the term with the text, so "Rencana Pendampingan" matched "laporan
    # pendampingan" on its shared "…an pendampingan", and a Hal "Pendampingan" every term holding the word.
    if len(text) <= len(term):
        return fuzz.ratio(term, text, score_cutoff=88) > 0
    found = fuzz.partial_ratio_alignment(term, text, score_cutoff=88)
    return found is not None and found.src_end - found.src_start == len(term)


def rule_scores(text: str, metadata: Metadata, sop: Sop) -> dict[str, _RuleScore]:
    """Per document type: how much of its SOP vocabulary the document shows, title and Hal weighted up."""
    raw_lines = [ln.strip() for ln in text.replace("\f", "\n").splitlines() if ln.strip()]
    # the Dinas's own name (letterhead, signature) is in every letter and says nothing of its type; OCR that
    # lost the letterhead's first word ("DINAS") leaves it a title line, where "perpustakaan dan" fuzzily
    # matched the term "perpustakaan desa"
    # ... nor is the sender's own letterhead: a partner's kop line in capitals ("PERPUSTAKAAN DESA SAHABAT
    # CERIA", "SD NEGERI 3 ...") names who writes, not what the letter is, and its kind ("perpustakaan desa")
    # matched a type's term as if it were the title
    sender = _flat(metadata.pengirim.value or "").strip()
    titles = " | ".join(_OWN_OFFICE.sub(" ", _flat(ln)) for ln in raw_lines[:18]
                        if _is_title_line(ln) and not _names_sender(_flat(ln).strip(), sender))
    lines = _without_unit_second_line(normalise_text(text).splitlines())
    # ... nor is the name of its unit that signs (the signer's title "Kepala Bidang Layanan dan Pembinaan
    # Perpustakaan", a party's "Jabatan"): its "pembinaan perpustakaan" is no step-5 subject
    body = _OWN_UNIT.sub(" ", re.sub(r"\s+", " ", " ".join(lines)))
    head = _OWN_UNIT.sub(" ", re.sub(r"\s+", " ", " ".join(lines[:TITLE_LINES])))
    hal = _flat(metadata.perihal.value or "") or _subject_line(raw_lines[:TITLE_LINES])
    out: dict[str, _RuleScore] = {}
    for t in sop.doc_types:
        score, matched = 0.0, []
        for term in t.strong_terms:
            if titles and _term_in(term, titles):
                score += 3.0
                matched.append(f"judul:'{term}'")
            elif hal and _term_in(term, hal):
                score += 3.0
                matched.append(f"hal:'{term}'")
            elif _term_in(term, head):
                score += 1.5
                matched.append(f"awal:'{term}'")
            elif _term_in(term, body):
                score += 0.75
                matched.append(f"'{term}'")
        for term in t.terms:
            if (hal or titles) and len(term) >= 6 and (_term_in(term, hal) or _term_in(term, titles)):
                score += 1.0  # the subject line names it
                matched.append(f"hal/judul:'{term}'")
            elif _term_in(term, body):
                score += 0.35
                matched.append(f"'{term}'")
        named = _step_named(titles, sop, t.step)
        in_subject = None if named else _step_word_in_subject(hal, sop, t.step)
        if named or in_subject:
            score += STEP_NAME_BONUS
            matched.append(f"judul tahap:'{named}'" if named else f"hal tahap:'{in_subject}'")
        out[t.id] = _RuleScore(score, tuple(matched))
    return out


# a label word (or one OCR split in two, "Peril al"), specks, then the colon: the label is told by edit distance
_SUBJECT_LABEL = re.compile(r"^\W*([A-Za-z|1]{2,10}(?: [A-Za-z|1]{1,5})?)\s*[-'\"`.,]{0,3}\s*[:;.]\s*(?=\w)")


def _subject_line(lines: list[str]) -> str:
    """The text of a labelled Hal line ("Perihal: Rencana Pendampingan ...") and of the line it runs on to,
    where the metadata left the perihal empty (a word OCR was unsure of): the field stays empty, but the
    line still says the subject. The next line is taken when it is short (a wrapped subject, not the body's
    first sentence) and does not start the addressee or another label."""
    for i, line in enumerate(lines):
        m = _SUBJECT_LABEL.match(line)
        if m and _hal_label(m.group(1)):
            below = lines[i + 1] if i + 1 < len(lines) else ""
            more = "" if ":" in below or _NOT_SUBJECT.match(below) or len(below.split()) > SUBJECT_RUN_ON else below
            return _flat(f"{line[m.end():]} {more}").strip()
    return ""


def _hal_label(label: str) -> bool:
    """Whether a line's label is the Hal label, read right or not ("Perihal", "Perlhal", "Hal", "Peril al"):
    the word, or its two pieces joined."""
    return label_name(label.replace(" ", "")) == "perihal"


# The most words a line a Hal line runs on to may have.
SUBJECT_RUN_ON = 6
_NOT_SUBJECT = re.compile(r"^\W*(?:kepada|yth|di\b|nomor|no\b|sifat|lampiran|tanggal|dengan hormat)", re.IGNORECASE)


# What a title naming a step's name (the SOP's "Pendampingan masyarakat") adds to each document type of that
# step: it says the step, not which of its documents, so every type of the step gets the same.
STEP_NAME_BONUS = 1.5
# The shortest tail of a step's name that counts where a photo's crop cut a title line's first letters.
CROPPED_TAIL = 12


def _step_named(titles: str, sop: Sop, step: int | None) -> str | None:
    """The part of ``step``'s name that a title line shows: the whole name (or a part of it between "/"),
    or, on a line whose first letters a crop cut off ("...INGAN MASYARAKAT"), at least its last
    CROPPED_TAIL letters and three fifths of it."""
    if step is None or not titles:
        return None
    name = next((s.name for s in sop.steps if s.number == step), "")
    for part in (p.strip() for p in _flat(name).split("/")):
        if len(part) < 9:
            continue
        if _term_in(part, titles):
            return part
        for line in titles.split(" | "):
            line = re.sub(r"^[^a-z]+", "", line.strip())
            cut = next((k for k in range(1, len(part) - CROPPED_TAIL + 1) if line.startswith(part[k:])), None)
            if cut is not None and len(part) - cut >= 0.6 * len(part):
                return part
    return None


# The shortest first word of a step's name that a subject line may name the step by, and how far into the
# subject it must stand: an Indonesian subject says its topic first ("Rencana Pendampingan …", "Permohonan
# Pembinaan …", "Sosialisasi Program …"); a word further on qualifies another topic ("Undangan Rapat Internal
# Persiapan Sosialisasi": a meeting, not the sosialisasi).
STEP_WORD = 9
SUBJECT_HEAD = 2


def _step_word_in_subject(hal: str, sop: Sop, step: int | None) -> str | None:
    """The first word of ``step``'s name ("pendampingan" of "Pendampingan masyarakat") where the subject line
    names it as one of its first SUBJECT_HEAD words: the Hal says which step its letter is about, as a title
    naming the whole name does, not which of the step's documents. A word shorter than STEP_WORD letters
    says too little."""
    if step is None or not hal:
        return None
    name = next((s.name for s in sop.steps if s.number == step), "")
    first = _flat(name).split()[0] if name.strip() else ""
    if len(first) < STEP_WORD:
        return None
    return first if any(fuzz.ratio(first, w, score_cutoff=88) for w in re.findall(r"\w+", hal)[:SUBJECT_HEAD]) \
        else None


_KOP_WORDS = re.compile(r"^(pemerintah|dinas|kecamatan|desa|kelurahan|jalan|jl|alamat|telepon|telp)\b", re.IGNORECASE)


_PROGRAMME = re.compile(r"\bburt\b|\bbu rt\b|buku|baca|literasi|koleksi|perpustakaan|pustaka|eksemplar|judul")
# The Dinas's unit for libraries as a signer's or party's title names it (a word or two of OCR noise allowed).
_OWN_UNIT = re.compile(r"\b(?:kepala|bidang|bid)\b\W+(?:\S+\W+){0,2}layanan\s+dan\s+(?:\S{1,2}\s+)?pembinaan\s+perpustakaan")
# The second line of that unit's name where a signature block breaks it ("Kepala Bidang Layanan" / "dan
# Pembinaan Perpustakaan,"): the line alone, after a line naming a "kepala", whatever OCR made of the first.
_UNIT_SECOND_LINE = re.compile(r"^\W*(?:\S{1,2}\s+)?dan\s+(?:\S{1,2}\s+)?pembinaan\s+perpustakaan\W*$")


def _without_unit_second_line(lines: list[str]) -> list[str]:
    """``lines`` (normalised) without the second line of the signing unit's name under its head's line."""
    return [ln for i, ln in enumerate(lines)
            if not (i and _UNIT_SECOND_LINE.match(ln) and re.search(r"\bkepala\b", lines[i - 1]))]


_OWN_OFFICE = re.compile(r"dinas perpustakaan dan (?:kearsipan|arsip daerah)|perpustakaan dan kearsipan")


_FUNCTION_WORDS = {"dan", "yang", "dengan", "untuk", "di", "ini", "kami", "dalam", "pada", "dari", "atas", "akan",
                   "kepada", "tersebut", "bahwa", "sebagai", "oleh", "atau", "ke", "saudara"}


def _readable(flat: str) -> bool:
    """Whether OCR produced Indonesian sentences at all (an unrotated or blurred page gives letter soup,
    which must be reviewed, not filed as 'other correspondence')."""
    tokens = re.findall(r"[a-z]+", flat)
    return sum(t in _FUNCTION_WORDS for t in tokens) >= 5


def _names_sender(line: str, sender: str) -> bool:
    """Whether a line is the sender's name as its letterhead prints it: the whole line is found in the sender
    the metadata read (which may add the village of a library named on the next kop line), a letter or two
    misread."""
    if len(line) < 6 or len(sender) < len(line):
        return False
    found = fuzz.partial_ratio_alignment(line, sender, score_cutoff=SENDER_LINE_MATCH)
    return found is not None and found.src_end - found.src_start == len(line)


# How alike (rapidfuzz, 0-100) a capitals line and the sender's name must be for the line to be the sender's kop.
SENDER_LINE_MATCH = 90


def _is_title_line(line: str) -> bool:
    """A document title: a line in capitals near the top that is not part of the letterhead."""
    letters = [c for c in line if c.isalpha()]
    return (len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8
            and not _KOP_WORDS.match(line.strip()))


# A printed social-media post: hashtags, counts of reactions, the site's own words. Two of the three kinds
# make a post, which is no letter of any SOP step however much it says about BuRT.
_HASHTAG = re.compile(r"(?<![\w&/])#[^\W\d_]\w{2,}")
# (the word before "dibagikan" may be misread: "11 kuli dibagikan")
_REACTIONS = re.compile(r"\b\d[\d.,]*\s*(?:rb\s*|k\s*)?(?:suka|komentar|(?:\w{3,5}\s+)?dibagikan|bagikan|"
                        r"likes?|comments?|shares?|views?|tayangan)\b", re.IGNORECASE)
_SOCIAL_SITE = re.compile(r"facebook|instagram|tiktok|twitter|youtube|\bfb\.com|\bberanda\b|\bbalas\b\s*$",
                          re.IGNORECASE | re.MULTILINE)
# Words that say an attendance list is of a BuRT sosialisasi (the SOP's step 1), not of another event.
_STEP1_EVENT = re.compile(r"sosialisasi|\bburt\b|\bbu rt\b|buku rumah tangga|literasi|gemar membaca")
_ATTENDANCE = re.compile(r"daftar ?hadir|absensi")


# A comment under a post: a line with only a person's name (one to three capitalised words), then a short line
# that asks or exclaims ("Kapan ke desa kami?", "Terima kasih!"). A letter's names stand over a title or a NIP.
_COMMENTER = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]*\.?){0,2}")
_COMMENT = re.compile(r"[^\d:]{4,60}[?!]")


def _comments(lines: list[str]) -> int:
    """How many name-and-comment pairs ``lines`` hold."""
    return sum(bool(_COMMENTER.fullmatch(a) and _COMMENT.fullmatch(b)) for a, b in zip(lines, lines[1:]))


# A question or a call put to the post's readers just before its tags ("Siapa yang sudah pinjam buku minggu
# ini? #BuRT #PerpustakaanBalangan", "Ayo ajak anak-anak membaca! #BuRT #Balangan"): three words of running
# text, the last closed by "?" or "!" (its first letter may be read as a capital: "minggu Ini?"), on the line of
# two hashtags or more or the line above it. A letter states and requests; it does not ask or call out to a
# public before a row of tags. (OCR noise makes a "#", a "?" or a "!" here and there, not a sentence's
# lower-case words before tags.)
_TO_READERS = re.compile(r"\b[a-z]{2,}(?:[ \t]+[a-z]{2,})+[ \t]+[A-Za-z][a-z]+[?!](?=\s|$)")


def _call_before_tags(lines: list[str]) -> bool:
    """A line holds two hashtags or more and it, with the line above, asks or calls out to the readers."""
    return any(len(_HASHTAG.findall(line)) >= 2 and _TO_READERS.search(" ".join(lines[max(i - 1, 0):i + 1]))
               for i, line in enumerate(lines))


def social_media_post(text: str) -> list[str]:
    """The signs of a printed social-media post in ``text`` (two or more kinds: it is one); comments count when
    there are two or more; a question or call to the readers where it stands beside the tags (a photo cut to a post's
    body loses its counts, its site's name and its comments, but keeps its text and its tags)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    signs = [("tagar", len(_HASHTAG.findall(text))), ("jumlah suka/komentar", len(_REACTIONS.findall(text))),
             ("nama situs", len(_SOCIAL_SITE.findall(text))), ("komentar", _comments(lines) >= 2),
             ("ajakan kepada pembaca", _call_before_tags(lines))]
    return [name for name, count in signs if count]


def _own_office(value: str | None) -> bool:
    """Whether ``value`` names the Dinas itself, allowing a few OCR slips."""
    flat = _flat(value or "")
    return bool(flat) and (bool(_OWN_OFFICE.search(flat))
                           or fuzz.partial_ratio("perpustakaan dan kearsipan", flat, score_cutoff=88) > 0)


# How many lines an addressee block ("Kepada Yth." ... "di") may take when OCR broke its lines.
ADDRESSEE_LINES = 8


def _ends_addressee(line: str) -> bool:
    """The "di" (or "di-" / "Tempat") line that ends an addressee block, alone or at the end of a line."""
    return bool(re.fullmatch(r"\s*(di|di-|di -|tempat)\s*", line, re.IGNORECASE)
                or re.search(r"\bdi\s*-?\s*$", line, re.IGNORECASE))


def internal_letter(text: str, metadata: Metadata) -> bool:
    """A letter of the Dinas to its own staff (sender and addressee both the Dinas) that names no partner:
    a meeting invitation, a circular. BuRT letters of the Dinas go to a partner; a report to the Kepala
    Dinas names the partner it reports on. Sender and addressee come from the metadata, or where it found
    none, from the letterhead's first lines and the lines under "Yth."."""
    if metadata.partner.present:
        return False
    lines = [ln for ln in text.splitlines() if ln.strip()]
    sender = metadata.pengirim.value or " ".join(lines[:4])
    from_office = _own_office(sender) or (not metadata.pengirim.present and _signed_by_office(lines))
    addressee = metadata.penerima.value
    if addressee:
        return from_office and _own_office(addressee)
    at = next((i for i, ln in enumerate(lines) if re.search(r"\byth\b", ln, re.IGNORECASE)), None)
    if at is None:
        return False
    block = []
    # the block may share its rows with the number block (its words in between), and OCR may break its lines
    # ("Pejabat Struktural" / "dan Fungsional" / "Dinas ..."): it runs to its "di" line within
    # ADDRESSEE_LINES lines, else it is taken as its first four lines
    ends = next((j for j, ln in enumerate(lines[at:at + ADDRESSEE_LINES]) if _ends_addressee(ln)), None)
    for ln in lines[at:at + (ends + 1 if ends is not None else 4)]:
        if re.fullmatch(r"\s*(di|di-|di -|tempat)\s*", ln, re.IGNORECASE):
            break
        block.append(ln)
        if re.search(r"\bdi\s*-?\s*$", ln, re.IGNORECASE):  # the block's "di" line, beside another column
            break
    if ends is not None:  # "di-" / "Dinas Perpustakaan dan Kearsipan" / "Tempat": delivered inside the office
        after = lines[at + ends + 1: at + ends + 1 + DELIVERY_LINES]
        closed = next((k for k, ln in enumerate(after) if re.fullmatch(r"\s*tempat\s*", ln, re.IGNORECASE)), None)
        if closed:
            block.extend(after[:closed])
    words = _flat(" ".join(block)).split()
    has = [any(fuzz.ratio(w, t, score_cutoff=85) for t in words) for w in ("dinas", "perpustakaan", "kearsipan")]
    return from_office and all(has)


# Lines between an addressee block's "di-" and its "Tempat" that name where the letter is delivered: OCR may read
# the block's last line (the addressee's office) after its "di-" when the block shares rows with the number block.
DELIVERY_LINES = 3


# How many last lines of a letter hold its signature block.
SIGNATURE_LINES = 12


def _signed_by_office(lines: list[str]) -> bool:
    """The letter is signed for the Dinas: a line of its signature block opens with the head's title
    ("Kepala Dinas Perpustakaan dan Kearsipan", "a.n. Kepala Dinas ...") naming the office, for a letterhead
    OCR did not read. A copy list's "1. Kepala Dinas ..." is numbered and does not count."""
    tail = lines[-SIGNATURE_LINES:]
    for i, line in enumerate(tail):
        flat = _flat(line).strip()
        if re.match(r"(?:a\.?\s?n\.?\s+)?kepala dinas\b", flat) and _own_office(" ".join(tail[i:i + 2])):
            return True
    return False


def _attendance_head(text: str) -> str | None:
    """The lines at and under an attendance list's title up to its table ("DAFTAR HADIR" / the event /
    Hari/Tanggal / Tempat), the office's own name taken out; None when the head names no attendance list."""
    lines = [_flat(ln).strip() for ln in text.splitlines() if ln.strip()][:TITLE_LINES]
    # the list's title: a short line that begins with the words (not a report's "lampiran: daftar hadir ...")
    start = next((i for i, ln in enumerate(lines) if re.match(r"(?:\W*)(?:daftar ?hadir|absensi)\b", ln)
                  and len(ln.split()) <= 6), None)
    if start is None:
        start = _untitled_list_start(text)
    if start is None:
        return None
    head = []
    for ln in lines[start:start + 6]:
        if re.match(r"^(no\.?|nomor)\b.*\bnama\b", ln):  # the table's header row ends the head
            break
        head.append(ln)
    return _OWN_OFFICE.sub(" ", " ".join(head))


_OFFICE = re.compile(r"^(?:pemerintah (?:kabupaten|kota|provinsi) \w+ )?(?:dinas|badan|sekretariat|inspektorat|kantor|"
                     r"bagian|satuan)\b")
_SCHOOL = re.compile(r"\b(?:sd|sdn|smp|smpn|sma|smk|mi|mts|ma|sekolah|madrasah|pesantren|desa|kelurahan|kecamatan)\b")


def other_office_letter(metadata: Metadata) -> bool:
    """A letter of another government office (a Dinas, Badan, Sekretariat ...) to the Dinas, naming no
    partner: BuRT letters come from the Dinas or from its partners (desa, kelurahan, kecamatan, schools,
    pesantren, TBM, komunitas), never from another office. Its sender names no partner kind ("Dinas
    Pendidikan ... SD Negeri 3" is a school's letterhead); "Masyarakat dan Desa" is an office's name."""
    sender = _flat(metadata.pengirim.value or "").strip()
    if metadata.partner.present or not sender or _own_office(sender) or not _OFFICE.search(sender):
        return False
    addressee = metadata.penerima.value
    return not _SCHOOL.search(sender.replace("masyarakat dan desa", " ")) and (not addressee or _own_office(addressee))


# The label under an attendance list's title and the table's signature column, each as OCR may garble it.
_MEETING_LABELS = ("hari/tanggal", "hari, tanggal", "hari tanggal")
_SIGN_COLUMNS = ("tanda tangan", "paraf", "ttd")
# How many capitals lines above the meeting's label an untitled list's event may take.
EVENT_LINES = 2


def _meeting_label(line: str) -> bool:
    """A "Hari/Tanggal :" line (a letter or two lost: "Har/Tanggal", "Hari/Tnggal")."""
    label = line.split(":", 1)[0].strip(" .|")
    return ":" in line and 8 <= len(label) <= 16 and any(fuzz.ratio(label, w) >= 80 for w in _MEETING_LABELS)


def _signature_header(line: str) -> bool:
    """A table header row with a name column and a signature column ("No Nama Unsur Tanda Tangan")."""
    return bool(re.search(r"\bnama\b", line)) and any(
        fuzz.partial_ratio(w, line, score_cutoff=85) if len(w) > 5 else re.search(rf"\b{w}\b", line)
        for w in _SIGN_COLUMNS)


def _untitled_list_start(text: str) -> int | None:
    """Where the head of an attendance list whose "DAFTAR HADIR" line OCR lost starts (a photocopy or a
    photo cut at the top): its event's capitals lines just above the "Hari/Tanggal" label, the table's
    header row (a name column and a signature column) a few lines below it. Only lines that name an event
    count: a place line ("DI DESA ...") or a letterhead line ends the event, and without an event line the
    head is unknown (None)."""
    raw = [ln.strip() for ln in text.splitlines() if ln.strip()][:TITLE_LINES]
    lines = [_flat(ln).strip() for ln in raw]
    at = next((i for i, ln in enumerate(lines) if _meeting_label(ln)), None)
    if at is None or not any(_signature_header(ln) for ln in lines[at + 1:at + 6]):
        return None
    start = at
    while start > 0 and at - start < EVENT_LINES and _is_title_line(raw[start - 1]) \
            and not re.match(r"di\b", lines[start - 1]):
        start -= 1
    return start if start < at else None


def _named_event(head: str) -> bool:
    """Whether an attendance list's head is readable enough to name its event: two words of four or more
    letters besides the title and the table's labels (letter soup or a lost title line decide nothing)."""
    words = re.findall(r"[a-z]{4,}", _ATTENDANCE.sub(" ", head))
    return len([w for w in words if w not in _LIST_LABELS]) >= 2


_LIST_LABELS = {"hari", "tanggal", "tempat", "pukul", "waktu", "acara", "kegiatan", "peserta", "nama", "jabatan",
                "instansi", "alamat", "paraf", "tanda", "tangan", "keterangan", "wita"}


# The columns of a mail register, each in its spellings (a register abbreviates: "Tgl. Surat", "Tgl. Diterima").
_AGENDA_COLUMNS = (("asal surat",), ("tanggal terima", "tanggal diterima", "tgl. terima", "tgl. diterima", "tgl terima",
                                     "tgl diterima"),
                   ("nomor agenda", "no. agenda"), ("tanggal surat", "tgl. surat", "tgl surat"), ("diteruskan",),
                   ("isi ringkas",), ("disposisi",))


# A register's header row read with slips ("Tgk Diterima", "Ani Ringkas", "Disposdai"): a column's spelling
# within this rapidfuzz ratio of as many words of one line. Letters name two such columns on a line at most
# ("tanggal surat", "asal surat" on the seven re-read sets), a register's header three or more.
HEADER_COLUMN_RATIO = 75
REGISTER_HEADER_COLUMNS = 3


def register_header(text: str) -> int:
    """The most register columns (``_AGENDA_COLUMNS``) one line of ``text`` names, each matched word for word
    within ``HEADER_COLUMN_RATIO`` (the header row of a mail register whose title a photo cropped)."""
    best = 0
    for line in text.splitlines():
        words = re.findall(r"[a-z0-9.]+", _flat(line))
        found = sum(any(fuzz.ratio(c, " ".join(words[i:i + len(c.split())])) >= HEADER_COLUMN_RATIO
                        for c in column for i in range(len(words) - len(c.split()) + 1))
                    for column in _AGENDA_COLUMNS)
        best = max(best, found)
    return best


# A row of a table of letters carries a date written in figures ("25-04-2024", "25/04/2024"): a register page
# whose title OCR lost still shows two of its columns over a table of at least this many dated rows (a page of
# the book holds a month's letters; a schedule's few visits show no register column).
_ROW_DATE = re.compile(r"\b\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}\b")
REGISTER_ROWS = 5


# A row of a ruled table as OCR gives it: a cell rule ("|") read on the line, or a row number before a cell's
# words. A photo's garbled row keeps one or the other.
_TABLE_ROW = re.compile(r"\||^\W{0,3}\d{1,2}(?:\s*[.)])?\s+\W?[A-Za-z]")
# The fewest rows under its title that make a page a table. Letters show such lines too (numbered points, a
# margin read as "|": an MoU up to 20 on the seven re-read sets), so the title decides what the table lists.
TABLE_ROWS = 8
BOOK_TABLE_BONUS = 4.0
# Within a table a row may be followed by two lines that read as no row (a cell's wrapped words, a row whose
# number and rules OCR lost) before the next.
TABLE_GAP = 3
# What a list of books is titled by: its books ("buku bacaan", "judul buku", "daftar buku"), each matched
# fuzzily (a photo's title loses letters: "UKU BACAAN"). The programme's own name ("Buku Rumah Tangga") is no
# subject: it heads every BuRT page.
_BOOK_TITLES = ("buku bacaan", "judul buku", "daftar buku")
_PROGRAMME_NAME = re.compile(r"buku\s+rumah\s+tangga")


def book_table(text: str) -> int | None:
    """The rows of a ruled table headed by books (a list of book titles, step 4), or None: at least
    ``TABLE_ROWS`` table rows, and a capitals title with that many rows under it, or the table's column header
    (the first line of the run of rows, or the line above it: "No. | Judul Buku | Pengarang ..."), names
    books. A letter about books (a loan request names "buku bacaan" in its Hal) is no table; an attendance
    list's title names no books."""
    lines = [ln.strip() for ln in text.replace("\f", "\n").splitlines() if ln.strip()]
    rows = [i for i, ln in enumerate(lines) if _TABLE_ROW.search(ln)]
    if len(rows) < TABLE_ROWS:
        return None
    # the title: capitals lines with at least TABLE_ROWS rows under them (a photo's blurred neighbour sheet or
    # chat text above the page may start lines with a figure)
    under = rows[-TABLE_ROWS]
    heading = [ln for i, ln in enumerate(lines[:under]) if _is_title_line(ln) and i not in rows]
    # the run of rows those last ones belong to (``TABLE_GAP``), and its header
    at = rows.index(under)
    while at > 0 and rows[at] - rows[at - 1] <= TABLE_GAP:
        at -= 1
    heading += lines[max(rows[at] - 1, 0):rows[at] + 1]
    named = " | ".join(_PROGRAMME_NAME.sub(" ", _flat(ln)) for ln in heading)
    if _ATTENDANCE.search(named) or not any(_term_in(t, named) for t in _BOOK_TITLES):
        return None
    return len(rows)


# A document that calls itself (or its meeting) "internal" and names no partner is the office's own business:
# "Rapat ini bersifat internal", "rapat koordinasi internal", "memo internal". Its sender and addressee may be lost
# to the crop (``internal_letter`` then cannot tell), but the word survives in the body. BuRT evidence is always
# about a partner, so the word only weighs where the metadata read none; a nudge (as "no BuRT words"), not a verdict.
DECLARED_INTERNAL = 2.5
_INTERNAL = re.compile(r"\binternal\b")


def declared_internal(flat: str, metadata: Metadata) -> bool:
    """``flat`` (the normalised text) calls the document or its meeting internal, and no partner was read."""
    return not metadata.partner.present and bool(_INTERNAL.search(flat))


def structural_rules(text: str, metadata: Metadata) -> list[tuple[str, float, str]]:
    """Rules about a document's shape that vocabulary alone misjudges: (type id, bonus, reason)."""
    flat = _flat(text)
    found: list[tuple[str, float, str]] = []
    post = social_media_post(text)
    if len(post) >= 2:
        found.append(("lainnya", 8.0, f"unggahan media sosial ({', '.join(post)}), bukan surat atau formulir SOP"))
    if internal_letter(text, metadata):
        found.append(("lainnya", 5.0, "surat internal: dari Dinas kepada pegawai/pejabat Dinas sendiri"))
    elif other_office_letter(metadata):
        found.append(("lainnya", 5.0, f"surat instansi lain ({metadata.pengirim.value}), bukan dari mitra BuRT"))
    elif declared_internal(flat, metadata):
        found.append(("lainnya", DECLARED_INTERNAL, "menyebut dirinya internal (rapat/surat Dinas sendiri), tanpa mitra"))
    head = _attendance_head(text)
    if head is not None and _named_event(head) and not _STEP1_EVENT.search(head):
        found.append(("daftar_hadir", -6.0, "daftar hadir kegiatan lain: judulnya tidak menyebut sosialisasi BuRT"))
        found.append(("lainnya", 6.0, "daftar hadir kegiatan lain: judulnya tidak menyebut sosialisasi BuRT"))
    agenda_cols = sum(any(_term_in(c, flat) for c in column) for column in _AGENDA_COLUMNS)
    header = register_header(text)  # its header row read with slips: counts only as a register's (three columns)
    if header >= REGISTER_HEADER_COLUMNS:
        agenda_cols = max(agenda_cols, header)
    perihal_rows = len(re.findall(r"\b(permohonan|undangan|permintaan|laporan|pemberitahuan)\b", flat))
    dated_rows = sum(1 for line in text.splitlines() if _ROW_DATE.search(line)) if agenda_cols >= 2 else 0
    if (_term_in("agenda surat masuk", flat) or _term_in("buku agenda", flat) or _term_in("register surat", flat)) \
            and agenda_cols >= 2 or agenda_cols >= 4 or dated_rows >= REGISTER_ROWS or header >= REGISTER_HEADER_COLUMNS:
        found.append(("agenda_surat_masuk", 8.0 + agenda_cols,
                      f"halaman buku agenda: {agenda_cols} kolom register, {perihal_rows} baris perihal"
                      + (f", {dated_rows} baris bertanggal" if dated_rows >= REGISTER_ROWS else "")))
    books = book_table(text) if not agenda_cols else None
    if books is not None:
        found.append(("daftar_judul_buku", BOOK_TABLE_BONUS, f"tabel {books} baris, judul atau kepala kolomnya menyebut buku"))
    if not agenda_cols and _readable(flat) and not _PROGRAMME.search(_OWN_OFFICE.sub(" ", flat)):
        found.append(("lainnya", 2.5, "tidak menyebut program BuRT, buku, bacaan atau perpustakaan"))
    if re.search(r"\bundangan\b|\bmengundang\b", flat) and not _term_in("sosialisasi", flat):
        found.append(("undangan_sosialisasi", -3.0, "undangan yang tidak menyebut sosialisasi"))
    if len(metadata.pihak) >= 2 and re.search(r"\bpasal\b", flat):
        found.append(("nota_kesepahaman", 3.0, "ada PIHAK PERTAMA dan PIHAK KEDUA serta pasal-pasal"))
    if metadata.rujukan and re.search(r"(menindaklanjuti|membalas|menanggapi|menjawab) surat|surat saudara", flat):
        # A reply names the letter it answers. The SOP's reply is the answer to a loan request (step 3);
        # a reply about something else only gets a nudge, so its own subject can still decide.
        about_loan = bool(re.search(r"\b(peminjaman|meminjam|pinjam|dipinjam)", flat))
        found.append(("surat_balasan", 6.0 if about_loan else 1.5,
                      f"merujuk surat lain ({metadata.rujukan[0].value})"
                      + (" tentang peminjaman" if about_loan else "")))
    if re.search(r"berita acara", flat[:600]) and len(metadata.pihak) >= 2:
        found.append(("berita_acara_serah_terima", 2.0, "judul berita acara dengan para pihak"))
    return found


def _other_correspondence(text: str, metadata: Metadata, totals: dict[str, float], sop: Sop
                          ) -> list[tuple[str, float, str]]:
    """A letter-shaped document (nomor, hal, addressee, date) with little SOP vocabulary is 'lainnya';
    text with neither letter shape nor vocabulary gets nothing, so it abstains instead."""
    shape = [n for n in ("nomor", "tanggal", "perihal", "penerima", "pengirim") if getattr(metadata, n).present]
    best = max((v for t, v in totals.items() if sop.doc_type(t).step is not None), default=0.0)
    if len(shape) < 2 or best >= 3.0:
        return []
    # A partner writing about books or its library in a step's words is a BuRT letter whose subject was lost
    # (a photo that dropped the Hal line), not the office's other correspondence: it is left to its
    # vocabulary (or review). A partner's letter about something else (a school's surat tugas) stays lainnya.
    if best > 0 and _partner_letter(metadata) and _PROGRAMME.search(_OWN_OFFICE.sub(" ", _flat(text))):
        return []
    return [("lainnya", 3.0 - best, f"surat dinas ({', '.join(shape)}) tanpa kosakata SOP yang kuat "
                                    f"(skor SOP tertinggi {best:.1f})")]


def _partner_letter(metadata: Metadata) -> bool:
    """Whether the sender the letterhead names is the BuRT partner itself (a desa, school, TBM ...), not the
    Dinas or another office."""
    sender = _flat(metadata.pengirim.value or "").strip()
    partner = _flat(metadata.partner.value or "").strip()
    if not sender or not partner or _own_office(sender) or other_office_letter(metadata):
        return False
    return fuzz.partial_ratio(sender, partner, score_cutoff=SENDER_LINE_MATCH) > 0


def _rule_distribution(scores: dict[str, float], type_ids: tuple[str, ...]) -> np.ndarray:
    """Rule scores as a probability-like vector (softmax with a temperature; 'lainnya' gets a floor)."""
    raw = np.array([scores.get(t, 0.0) for t in type_ids], dtype=float)
    exp = np.exp((raw - raw.max()) / 0.6)
    return exp / exp.sum()


# ---------------------------------------------------------------- classification

def classify(text: str, metadata: Metadata, sop: Sop, model: Classifier | None,
             abstain_below: float = 0.55) -> Classification:
    """Type and SOP step of one document, combining vocabulary rules and the model, with reasons."""
    type_ids = sop.type_ids
    if not text or len(_flat(text).strip()) < 20:
        return Classification(reasons=("teks terlalu sedikit untuk diklasifikasikan",),
                              model_version=model.version if model else None)
    rules = rule_scores(text, metadata, sop)
    totals = {t: r.score for t, r in rules.items()}
    structural = structural_rules(text, metadata)
    structural += _other_correspondence(text, metadata, totals, sop)
    for type_id, bonus, _ in structural:
        totals[type_id] = totals.get(type_id, 0.0) + bonus
    rule_p = _rule_distribution(totals, type_ids)
    model_p = _model_distribution(text, model, type_ids)
    combined = rule_p if model_p is None else combine(model_p, rule_p)
    best = int(np.argmax(combined))
    doc_type, confidence = type_ids[best], float(combined[best])
    reasons = _reasons(doc_type, rules, structural, rule_p, model_p, type_ids, text, model)
    step = sop.doc_type(doc_type).step
    version = model.version if model else None
    if confidence < abstain_below:
        step_p = _step_confidence(combined, type_ids, sop, step)
        reasons = (GUESS_REASON.format(confidence=confidence, threshold=abstain_below, doc_type=doc_type),) + reasons
        keep_step = step if step is not None and step_p >= abstain_below else None
        if keep_step is not None:
            reasons += (f"tahap {keep_step} cukup yakin ({step_p:.2f})",)
        return Classification(doc_type=None, sop_step=keep_step, confidence=round(confidence, 3), abstained=True,
                              reasons=reasons, model_version=version)
    return Classification(doc_type=doc_type, sop_step=step, confidence=round(confidence, 3), abstained=False,
                          reasons=reasons, model_version=version)


# The first reason of an abstention names the type the classifier leaned to. The archive reads it back
# (``guessed_type``): a guess that agrees with the one step its partner's activity lacks may lend that step
# (``archive.gap_steps``), still waiting for review.
GUESS_REASON = "perlu ditinjau: keyakinan {confidence:.2f} < {threshold:.2f}; tebakan {doc_type}"
_GUESS = re.compile(r"^perlu ditinjau: keyakinan \d+(?:\.\d+)? < \d+(?:\.\d+)?; tebakan (\w+)$")


def guessed_type(reasons: Iterable[str]) -> str | None:
    """The type an abstaining classification leaned to (its ``GUESS_REASON``), None when it names none."""
    for reason in reasons:
        found = _GUESS.match(reason)
        if found:
            return found.group(1)
    return None


def combine(model_p: np.ndarray, rule_p: np.ndarray) -> np.ndarray:
    """Product of experts: the model's probabilities times the rules' (tempered by RULE_EXPONENT),
    renormalised. Agreement makes the result confident; a strong rule can overrule a model unsure on
    garbled text, and a confident model outweighs vocabulary that happens to fit another type."""
    logp = np.log(np.clip(model_p, 1e-4, 1.0)) + RULE_EXPONENT * np.log(np.clip(rule_p, 1e-4, 1.0))
    p = np.exp(logp - logp.max())
    return p / p.sum()


def _step_confidence(combined: np.ndarray, type_ids: tuple[str, ...], sop: Sop, step: int | None) -> float:
    if step is None:
        return 0.0
    return float(sum(p for t, p in zip(type_ids, combined) if sop.doc_type(t).step == step))


def _model_distribution(text: str, model: Classifier | None, type_ids: tuple[str, ...]) -> np.ndarray | None:
    if model is None or model.pipeline is None:
        return None
    proba = model.pipeline.predict_proba([text])[0]
    out = np.zeros(len(type_ids))
    for cls, p in zip(model.classes, proba):
        if cls in type_ids:
            out[type_ids.index(cls)] = p
    total = out.sum()
    return out / total if total > 0 else None


def _reasons(doc_type: str, rules: dict[str, _RuleScore], structural: list[tuple[str, float, str]],
             rule_p: np.ndarray, model_p: np.ndarray | None, type_ids: tuple[str, ...], text: str,
             model: Classifier | None) -> tuple[str, ...]:
    i = type_ids.index(doc_type)
    reasons = [f"aturan: {why}" for t, _, why in structural if t == doc_type]
    matched = rules[doc_type].matched
    if matched:
        reasons.append(f"istilah SOP ({rule_p[i]:.2f}): " + ", ".join(matched[:6]))
    if model_p is not None and model is not None:
        reasons.append(f"model {model.version} ({model.source}): {model_p[i]:.2f}")
        grams = top_ngrams(text, doc_type, model)
        if grams:
            reasons.append("n-gram teratas: " + ", ".join(f"'{g}'" for g in grams))
    if not reasons:
        reasons.append("tidak ada istilah SOP yang cocok")
    return tuple(reasons)


def top_ngrams(text: str, doc_type: str, model: Classifier, n: int = 5) -> list[str]:
    """The character n-grams of ``text`` that pushed the model most towards ``doc_type``."""
    pipeline = model.pipeline
    if pipeline is None or doc_type not in model.classes:
        return []
    if isinstance(pipeline, charmodel.CharNgramModel):
        return _strongest(sorted(pipeline.contributions(text, doc_type), key=lambda gv: -gv[1]), n)
    vec, clf = pipeline.named_steps["tfidf"], pipeline.named_steps["clf"]
    x = vec.transform([text])
    coef = clf.coef_[list(clf.classes_).index(doc_type)] if clf.coef_.shape[0] > 1 else clf.coef_[0]
    contrib = x.multiply(coef).tocsr()
    if contrib.nnz == 0:
        return []
    names = vec.get_feature_names_out()
    order = np.argsort(-contrib.data, kind="stable")
    return _strongest([(str(names[contrib.indices[k]]), float(contrib.data[k])) for k in order], n)


def _strongest(ranked: list[tuple[str, float]], n: int) -> list[str]:
    """The first ``n`` positive n-grams of 3+ characters of ``ranked``, none inside another."""
    grams: list[str] = []
    for raw, value in ranked:
        gram = raw.strip()
        if value <= 0 or len(gram) < 3 or any(gram in g or g in gram for g in grams):
            continue
        grams.append(gram)
        if len(grams) == n:
            break
    return grams
