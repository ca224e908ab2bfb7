"""Words grouped by Tesseract's line: one helper for the addressee column and the field re-reader."""
from ingest.addressee import tesseract_lines
from ingest.model import Word

# Tesseract numbered the right-hand column (line 0, lower on the page) before the left-hand one (line 1).
WORDS = [Word("Paringin", 90, (650, 300, 80, 20), line=0), Word("Yth.", 90, (600, 300, 40, 20), line=0),
         Word(":", 90, (160, 100, 5, 20), line=1), Word("Nomor", 90, (40, 100, 60, 20), line=1)]


def test_lines_top_down_are_ordered_by_their_highest_word_and_read_left_to_right():
    lines = tesseract_lines(WORDS)
    assert [[w.text for w in line] for line in lines] == [["Nomor", ":"], ["Yth.", "Paringin"]]


def test_lines_in_reading_order_follow_tesseracts_line_numbers():
    lines = tesseract_lines(WORDS, top_down=False)
    assert [[w.text for w in line] for line in lines] == [["Yth.", "Paringin"], ["Nomor", ":"]]


def test_no_words_no_lines():
    assert tesseract_lines([]) == []
