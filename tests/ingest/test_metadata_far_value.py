"""A form's "Perihal :" field filled in by hand at the row's far end, Tesseract reading the handwriting as a sure
word ("Perihal :" ... "Mack" on a disposition sheet): a value standing far along the row from its label's colon was
not printed in the label's flow, so it is shown low and flagged, never taken as sure (issue 13, twenty-first
session). Words are written here, never a sample's file."""
from __future__ import annotations

import pytest

from ingest.metadata import THRESHOLDS, extract_metadata
from ingest.model import Word

HEIGHT = 24


def _row(line: int, y: int, items: list[tuple[str, int]]) -> list[Word]:
    return [Word(text=t, conf=95.0, box=(x, y, max(HEIGHT, 14 * len(t)), HEIGHT), line=line) for t, x in items]


def _form(value: str, value_x: int) -> tuple[str, list[Word]]:
    rows = [
        ("LEMBAR DISPOSISI KEPALA DINAS", [("LEMBAR", 160), ("DISPOSISI", 300), ("KEPALA", 480), ("DINAS", 620)]),
        ("Surat dari :", [("Surat", 160), ("dari", 240), (":", 500)]),
        ("No. Agenda :", [("No.", 160), ("Agenda", 220), (":", 500)]),
        (f"Perihal : {value}", [("Perihal", 160), (":", 500)]
         + [(w, value_x + 120 * k) for k, w in enumerate(value.split())]),
        ("Diteruskan kepada :", [("Diteruskan", 160), ("kepada", 320), (":", 500)]),
    ]
    words: list[Word] = []
    for n, (_, items) in enumerate(rows):
        words += _row(n, 100 + 50 * n, items)
    return "\n".join(text for text, _ in rows) + "\n", words


@pytest.mark.parametrize("value", ["Mack", "Rapat Koordinasi", "Undangan"])
@pytest.mark.parametrize("value_x", [900, 1300])
def test_a_value_far_from_its_labels_colon_is_shown_low(value, value_x):
    text, words = _form(value, value_x)
    perihal = extract_metadata(text, words).perihal
    assert perihal.confidence < THRESHOLDS["perihal"], perihal
    assert extract_metadata(text).perihal.value == value  # without the words' places: read as before


@pytest.mark.parametrize("value", ["Mack", "Rapat Koordinasi", "Undangan Sosialisasi Program BuRT"])
@pytest.mark.parametrize("value_x", [520, 560])
def test_a_value_right_after_its_colon_is_kept(value, value_x):
    text, words = _form(value, value_x)
    perihal = extract_metadata(text, words).perihal
    assert perihal.value == value and perihal.confidence >= THRESHOLDS["perihal"], perihal


def test_a_row_whose_colon_was_not_read_is_left_as_it_was():
    text, words = _form("Undangan", 900)
    words = [w for w in words if not (w.line == 3 and w.text == ":")]
    text = text.replace("Perihal : Undangan", "Perihal Undangan")
    assert extract_metadata(text, words).perihal.confidence == extract_metadata(text).perihal.confidence
