"""The quality gate: an unsure cleaned reading is compared with a reading of the page before
photometric cleanup, and the one with more dictionary words is kept."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from pagegen import LINES, render_page

from ingest import ocr, quality
from ingest.model import Page
from ingest.options import IngestOptions

OPTIONS = IngestOptions(workers=1)


@pytest.fixture(scope="module")
def clean() -> np.ndarray:
    return render_page(width=2480, height=1800, size=50, margin=180)


def damaged(image: np.ndarray) -> np.ndarray:
    """What a bad cleanup does to a poor page: strokes broken by white gaps (three rows of every five)."""
    out = image.copy()
    for y in range(0, out.shape[0], 5):
        out[y:y + 3] = 255
    return out


def test_dictionary_is_tesseracts_word_list():
    words = ocr.dictionary("ind")
    assert {"dengan", "kepada", "kegiatan", "perpustakaan"} <= words
    assert "xqzvw" not in words


def test_dictionary_words_counts_only_real_words(clean):
    read = ocr.read_page(Page(1, clean, dpi=300), OPTIONS)
    hits, total = quality.dictionary_words(read, ocr.dictionary("ind"))
    assert total >= 40 and hits >= 0.8 * total


def test_unsure_cleaned_reading_is_replaced_by_the_lighter_one(clean):
    cleaned = ocr.read_page(Page(1, damaged(clean), dpi=300), OPTIONS)
    assert quality.unsure(cleaned, ocr.dictionary("ind"))
    kept = quality.keep_better(cleaned, Page(1, clean, dpi=300), OPTIONS)
    gate = kept.steps[-1].details
    assert gate["checked"] and gate["kept"] == "light" and gate["light_words"] > gate["cleaned_words"]
    ours, theirs = gate["light_probe"]  # the middle band promised more words before the whole read
    assert theirs > ours
    assert all(line.split()[-1] in kept.text for line in LINES[2:])
    assert kept.number == cleaned.number and kept.width == cleaned.width


def test_sure_reading_is_not_read_again(clean):
    cleaned = ocr.read_page(Page(1, clean, dpi=300), OPTIONS)
    kept = quality.keep_better(cleaned, Page(1, damaged(clean), dpi=300), OPTIONS)
    assert kept.steps[-1].details["checked"] is False
    assert kept.text == cleaned.text


def test_unsure_reading_that_is_better_than_the_lighter_one_stays(clean):
    cleaned = ocr.read_page(Page(1, damaged(clean), dpi=300), OPTIONS)
    blank = np.full_like(clean, 255)
    blank[100:160, 100:400] = 0  # a black bar, no text
    kept = quality.keep_better(cleaned, Page(1, blank, dpi=300), OPTIONS)
    assert kept.steps[-1].details["kept"] == "cleaned" and kept.text == cleaned.text


def test_lighter_page_that_promises_nothing_in_its_middle_band_is_not_read_whole(clean):
    """The probe: an unsure page whose lighter version reads no better in the middle band costs one
    band reading, not a whole second reading (most degraded photos and faxes keep their cleaning)."""
    cleaned = ocr.read_page(Page(1, damaged(clean), dpi=300), OPTIONS)
    lighter = damaged(clean)
    lighter[: int(0.3 * lighter.shape[0])] = clean[: int(0.3 * clean.shape[0])]  # better only above the band
    gate = quality.keep_better(cleaned, Page(1, lighter, dpi=300), OPTIONS).steps[-1].details
    assert gate["checked"] and "light_probe" in gate
    assert "light_words" not in gate and gate["kept"] == "cleaned"
    ours, theirs = gate["light_probe"]
    assert theirs <= ours * quality.MARGIN


def test_page_deskewed_by_under_a_degree_is_also_read_unturned(clean):
    from ingest.raster import rotate_by

    upright = Page(1, clean, dpi=300)
    light = Page(1, rotate_by(damaged(clean), 0.5), dpi=300, skew_degrees=0.5)  # the turn cost the lines
    cleaned = ocr.read_page(Page(1, damaged(clean), dpi=300), OPTIONS)
    kept = quality.keep_better(cleaned, light, OPTIONS, upright)
    gate = kept.steps[-1].details
    assert gate["kept"] == "light" and gate["light_path"] == "upright" and gate["upright_words"] > 0
    turned_far = Page(1, rotate_by(clean, 3.0), dpi=300, skew_degrees=3.0)
    gate = quality.keep_better(cleaned, turned_far, OPTIONS, upright).steps[-1].details
    assert "upright_words" not in gate  # a real skew is not undone


def test_unsure_page_is_read_again_with_its_resolution_told(clean):
    """The first reading never tells Tesseract the page's resolution (told, a committed sample photo
    lost its label column); an unsure page is read told as the gate's first candidate, and that
    reading is kept only for clearly more dictionary words. The candidate here is the undamaged page,
    standing for a blurred low-resolution page that Tesseract reads better when told its 300 dpi."""
    cleaned = ocr.read_page(Page(1, damaged(clean), dpi=300), OPTIONS)
    blank = np.full_like(clean, 255)
    kept = quality.keep_better(cleaned, Page(1, blank, dpi=300), OPTIONS, page=Page(1, clean, dpi=300))
    gate = kept.steps[-1].details
    assert gate["checked"] and gate["light_path"] == quality.TOLD and gate["kept"] == "light"
    assert gate["told_words"] > gate["cleaned_words"] * quality.MARGIN
    assert all(line.split()[-1] in kept.text for line in LINES[2:])
    told = ocr.read_page(Page(1, clean, dpi=240), OPTIONS, told=True)
    assert told.steps[-1].details["dpi"] == 240  # Tesseract was told the page's resolution
    assert "dpi" not in ocr.read_page(Page(1, clean, dpi=240), OPTIONS).steps[-1].details


def test_told_reading_with_no_more_words_is_not_taken(clean):
    """A told reading that does not gain dictionary words (the photo whose label column it lost)
    leaves the first reading in place."""
    cleaned = ocr.read_page(Page(1, damaged(clean), dpi=300), OPTIONS)
    blank = np.full_like(clean, 255)
    gate = quality.keep_better(cleaned, Page(1, blank, dpi=300), OPTIONS,
                               page=Page(1, damaged(clean), dpi=72)).steps[-1].details
    assert gate["kept"] == "cleaned" and "light_path" not in gate


def test_candidate_whose_band_cannot_beat_the_reading_already_taken_is_not_read_whole(clean):
    """A later candidate is probed against the reading kept so far too, not the cleaned one only: here the told
    reading of the undamaged page has replaced the damaged cleaned reading, and the lighter page (the
    same undamaged page) reads no more in the middle band than that told reading, so it is not read
    whole (a whole lighter reading costs 1-2 CPU-s on a real or low-resolution page)."""
    cleaned = ocr.read_page(Page(1, damaged(clean), dpi=300), OPTIONS)
    kept = quality.keep_better(cleaned, Page(1, clean, dpi=300), OPTIONS, page=Page(1, clean, dpi=300))
    gate = kept.steps[-1].details
    assert gate["kept"] == "light" and gate["light_path"] == quality.TOLD
    ours, theirs = gate["light_probe"]
    assert theirs <= ours * quality.MARGIN  # against the told reading's band, not the damaged one's
    assert "light_words" not in gate
    assert all(line.split()[-1] in kept.text for line in LINES[2:])


# a letter's head and an addressee list of village names: few of its words are in the word list (an unsure page)
NAMES = LINES[:3] + ("Kepada Yth. Kades Halong, Juai, Awayan, Tebing Tinggi,",
                     "Batumandi, Lampihong, Paringin Selatan, Tanah Habang,",
                     "Uren, Pirsus, Lok Batu, Galumbang, Binjai Punggal")


def test_told_reading_that_gains_only_the_same_few_words_again_is_not_taken(clean):
    """Told its resolution, Tesseract also reads what the first reading left alone as noise: a photographed
    letter's background of office words, the same few again and again (a generated phone photo: 123 -> 163
    dictionary words, 85 -> 86 different ones, 503 -> 790 character edits). The told reading of a letter
    above a block of its own heading's words repeated gains many words of the list but no new one, and the
    first reading stays; the same letter above lines of other words is taken."""
    letter = render_page(lines=NAMES, width=2480, height=1800, size=50, margin=180)
    first = np.vstack([letter, np.full_like(clean, 255)])
    cleaned = ocr.read_page(Page(1, first, dpi=300), OPTIONS)
    assert quality.unsure(cleaned, ocr.dictionary("ind"))
    again = ("Dinas Kabupaten Kepada Perpustakaan Pemerintah Nomor",
             "Kepada Dinas Nomor Pemerintah Kabupaten Perpustakaan",
             "Pemerintah Nomor Kabupaten Dinas Kepada Perpustakaan",
             "Perpustakaan Kepada Pemerintah Kabupaten Nomor Dinas") * 2
    behind = np.vstack([letter, render_page(lines=again, width=2480, height=1800, size=50, margin=180)])
    kept = quality.keep_better(cleaned, Page(1, first, dpi=300), OPTIONS, page=Page(1, behind, dpi=300))
    gate = kept.steps[-1].details
    assert gate["told_words"] > gate["cleaned_words"] * quality.MARGIN  # the block was read ...
    ours, theirs = gate["told_distinct_words"]
    assert theirs <= ours * quality.MARGIN  # ... and brought no new word
    assert gate["kept"] == "cleaned" and kept.text == cleaned.text
    gate = quality.keep_better(cleaned, Page(1, first, dpi=300), OPTIONS,
                               page=Page(1, np.vstack([letter, clean]), dpi=300)).steps[-1].details
    assert gate["kept"] == "light" and gate["light_path"] == quality.TOLD
    ours, theirs = gate["told_distinct_words"]
    assert theirs > ours * quality.MARGIN


def test_later_candidate_beating_the_cleaned_reading_clearly_and_the_taken_one_by_a_word_is_taken(clean):
    """A later candidate must read clearly more (``MARGIN``) than the cleaned reading and more than the
    reading taken so far, not clearly more than that one too: a told reading that won by a few words would
    otherwise bar a lighter page that reads more still (a generated flatbed photo: told 52 words to the
    cleaned 50, the light page 53 and closer to the truth). Here the lighter page holds one more word of
    the list than the told one."""
    letter = render_page(lines=NAMES, width=2480, height=1800, size=50, margin=180)
    cleaned = ocr.read_page(Page(1, np.vstack([letter, np.full_like(clean, 255)]), dpi=300), OPTIONS)
    more = list(LINES)
    more[4] += " desa"
    lighter = np.vstack([letter, render_page(lines=tuple(more), width=2480, height=1800, size=50, margin=180)])
    kept = quality.keep_better(cleaned, Page(1, lighter, dpi=300), OPTIONS,
                               page=Page(1, np.vstack([letter, clean]), dpi=300))
    gate = kept.steps[-1].details
    assert gate["told_words"] > gate["cleaned_words"] * quality.MARGIN
    assert gate["told_words"] < gate["light_words"] <= gate["told_words"] * quality.MARGIN
    assert gate["kept"] == "light" and gate["light_path"] == "light"
    assert "mengundang desa" in kept.text


# a second sheet's lines under a photographed letter's edge, office words of the letter's own kind
OTHER_SHEET = 2 * ("Kepala Dinas Kabupaten Balangan menyampaikan laporan kegiatan",
                   "perpustakaan desa kepada Bupati dan Sekretaris Daerah sebagai",
                   "bahan evaluasi program pembinaan perpustakaan umum tahun ini",
                   "dengan lampiran daftar peserta kegiatan dan berita acara rapat")


def under_other_sheet(letter: np.ndarray, ink: float, grain: float = 35) -> np.ndarray:
    """``letter`` below a second sheet's text, slightly turned, blurred and grainy (``grain``: the noise's
    grey levels), printed at ``ink`` of full strength: at 0.6 Tesseract reads it into the letter's reading,
    at 0.2 it leaves it alone."""
    from pagegen import rotate_small

    sheet = cv2.GaussianBlur(rotate_small(render_page(lines=OTHER_SHEET, width=2480, height=1100, size=48,
                                                      margin=120), 3.0), (0, 0), 1.8)
    sheet = 255 - (255 - sheet.astype(float)) * ink
    noise = np.random.default_rng(7).normal(0, grain, sheet.shape[:2])[..., None]
    return np.vstack([np.clip(sheet + noise, 0, 255).astype(np.uint8), letter])


def test_far_surer_reading_replaces_one_that_read_another_sheet_into_the_letter(clean):
    """A reading that took a second sheet's text into the letter's holds more dictionary words (office
    words) at a far lower confidence than one that left the sheet alone; the surer reading is kept though
    it reads fewer words of the list (a creased messenger photo: 146 words at 54.8, kept at 73.7 % CER, its
    told reading 110 at 77.2 and 28.3 %). The told candidate here is the page with the sheet faint."""
    mixed = under_other_sheet(clean, 0.6)
    cleaned = ocr.read_page(Page(1, mixed, dpi=300), OPTIONS)
    words = ocr.dictionary("ind")
    assert quality.unsure(cleaned, words) and not cleaned.text.startswith(LINES[0])  # the sheet's lines first
    kept = quality.keep_better(cleaned, Page(1, mixed, dpi=300), OPTIONS,
                               page=Page(1, under_other_sheet(clean, 0.2), dpi=300))
    gate = kept.steps[-1].details
    assert gate["told_words"] < gate["cleaned_words"]  # fewer dictionary words ...
    assert gate["told_confidence"] >= gate["cleaned_confidence"] + quality.SURER  # ... far surer
    assert gate["kept"] == "light" and gate["light_path"] == gate["surer"] == quality.TOLD
    assert kept.text.startswith(LINES[0])
    assert all(line.split()[-1] in kept.text for line in LINES[2:])


def test_far_surer_reading_that_lost_lines_is_not_taken(clean):
    """Surer is not enough: a reading of the letterhead alone, at a far higher confidence and with a larger
    share of dictionary words than the mixed reading, holds fewer words read well on balance and under half
    of its dictionary words weighed by confidence (``quality.KEEP``), and the whole page's reading stays."""
    mixed = under_other_sheet(clean, 0.6)
    cleaned = ocr.read_page(Page(1, mixed, dpi=300), OPTIONS)
    head = under_other_sheet(render_page(lines=LINES[:3], width=2480, height=1800, size=50, margin=180), 0.2)
    kept = quality.keep_better(cleaned, Page(1, mixed, dpi=300), OPTIONS, page=Page(1, head, dpi=300))
    gate = kept.steps[-1].details
    assert gate["told_confidence"] >= gate["cleaned_confidence"] + quality.SURER
    assert "surer" not in gate and gate["kept"] == "cleaned" and kept.text == cleaned.text
