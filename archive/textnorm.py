"""Indonesian text normalisation for search: the stop list, the cached Sastrawi stemmer and the
nomor-surat key that tolerates OCR confusions.  Pure functions, no Whoosh (``search.py`` wraps
them in analyzers)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ingest.nomor import nomor_key as _nomor_key

# A trimmed list of Indonesian function words.  Deliberately NOT the Sastrawi list: that one
# drops domain words (hal, pihak, pertama, kedua, kerja, sama, masuk, keluar, bulan, hari, pukul,
# tempat, bapak, ibu, mohon, jumlah, tentang, kepada, satu..lima) and "kerja sama" would vanish.
STOP_WORDS = frozenset("""
yang dan di ke dari untuk dengan pada dalam ini itu atau adalah ialah oleh akan sebagai juga
telah tersebut bahwa karena agar supaya serta para pun lah kah ada sudah belum bagi antara
secara sehingga namun tetapi tapi maka jika apabila bila kami kita saya anda mereka ia dia
beliau yaitu yakni dapat bisa harus nya se sedang masih lagi saja hanya sangat lebih paling
dimana bagaimana kapan mengapa apa siapa the of and
""".split())

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi root of a lower-case word; words with digits or shorter than 4 letters stay."""
    if len(word) < 4 or not word.isalpha():
        return word
    root = _stemmer().stem(word)
    return root or word


def lower(word: str) -> str:
    """``word.lower()``, except that 'İ' (U+0130, the one character whose lower case is two characters:
    'i' + a combining dot) becomes a plain 'i', so a lower-cased word tokenises to itself again."""
    return word.lower().replace(_DOTTED_I_LOWER, "i")


_DOTTED_I_LOWER = "\u0130".lower()  # 'i' + U+0307


def words(text: str) -> list[str]:
    """Lower-case word tokens, stop words removed (what the unstemmed field indexes)."""
    return [w for w in (lower(m.group(0)) for m in _TOKEN_RE.finditer(text)) if w not in STOP_WORDS]


def nomor_key(nomor: str) -> str:
    """Canonical key of a nomor surat: ``ingest.nomor.nomor_key``, the one definition that extraction, search,
    linking and the audit share ("045/l2/DlSPERSlP/2O24" and "045/12/DISPERSIP/2024" give the same key)."""
    return _nomor_key(nomor)


_FLAT = str.maketrans({"I": "1", "O": "0"})  # a lost '/' turns a code's letters and a number's digits into one run


def nomor_flat(nomor: str) -> str:
    """``nomor_key`` with the slashes folded too: OCR often reads "/" as I, l or 1
    ("DS-KH/V" → "DS-KHIV"), so "045/99/DS-KH/V/2024" and "045/99/DS-KHIV/2024" agree here."""
    return nomor_key(nomor).replace("/", "1").translate(_FLAT)


def nomor_parts(nomor: str) -> list[str]:
    """The '/'-separated segments of a nomor key (for partial nomor search)."""
    return [p for p in re.split(r"[/]+", nomor_key(nomor)) if p]


_NOMOR_LIKE = re.compile(r"^[\w.,\-|!]+(?:/[\w.,\-|!]+)+/?$", re.UNICODE)


def looks_like_nomor(token: str) -> bool:
    """True for tokens such as ``045/12/DISPERSIP/2024`` or ``400.14.5/012``."""
    return bool(_NOMOR_LIKE.match(token)) and any(c.isdigit() for c in token)


# Characters Tesseract confuses, folded to one representative: e/c, l/i/1/I/t ("Sural" for
# "Surat" in our raw OCR), n/u, rn/m, o/0/a, s/5, h/b.
_OCR_FOLD = str.maketrans({"c": "e", "i": "l", "1": "l", "|": "l", "t": "l", "u": "n", "0": "o", "a": "o",
                           "5": "s", "b": "h"})


def ocr_fold(word: str) -> str:
    return word.lower().replace("rn", "m").translate(_OCR_FOLD)


def ocr_distance(a: str, b: str) -> float:
    """Edit distance where an OCR confusion costs half an edit (transpositions count once)."""
    from rapidfuzz.distance import OSA
    if a == b:
        return 0.0
    folded = OSA.distance(ocr_fold(a), ocr_fold(b))
    plain = OSA.distance(a, b)
    return min(float(plain), 0.5 * plain if folded == 0 else folded + 0.5 * (plain - folded))
