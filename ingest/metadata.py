"""Metadata of one document from its (noisy) OCR text: nomor, tanggal, sifat, lampiran, perihal,
pengirim, penerima, partner, MoU parties and letters referred to.

Indonesian official letters (tata naskah dinas) put these in predictable places: a kop (letterhead) at the
top, "Paringin, 12 Maret 2024" at the top right, a Nomor/Sifat/Lampiran/Hal block with label-colon-value,
"Yth." + addressee + "di" + place, and the signing jabatan at the foot. OCR damages labels ("Nornor",
"Ytb.") and numbers ("045l12", "000,4"), so labels are matched fuzzily and values repaired; each ``Field``
says how it was found and how sure we are. Missing is better than wrong: a value that does not look like
what the label promises is dropped. Letter numbers are repaired in ``ingest.nomor``, dates found in
``ingest.dates``, and the sender, MoU parties and partner read in ``ingest.parties``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ingest.dates import (
    BRACKETED_FIGURES,
    CUT_WORDS_DATE,
    CUT_YEAR_PLACE_DATE,
    MONTH_WITH_FIGURES,
    OPENING_FIGURES,
    WEEKDAY_AGREES,
    WORDS_AGREE,
    WORDS_DISAGREE,
    WORDS_FIGURES_REACH,
    YEAR_AT_LINE_END,
    DateHit,
    day_figures,
    day_words,
    find_dates,
    month_by_glyphs,
    parse_parts,
    repair_month,
    weekday_named,
    words_to_number,
    year_begins_with,
)
from ingest.dateyear import year_contradicted
from ingest.labels import LABELS
from ingest.model import Field, Metadata, Word
from ingest.nomor import (
    CITES_LATER_NOMOR,
    CODE_CONFIDENCE,
    CODE_FROM_LETTERHEAD,
    CODE_RUN_INTO_DIGITS,
    LONE_STROKE,
    MONTH_MAYBE_MERGED,
    check_nomor,
    cites_later,
    code_by_letterhead,
    code_runs_into_digits,
    has_gap,
    letterhead_words,
    lone_stroke_in_code,
    mark_by_letterhead,
    normalise_nomor,
    slash_head,
    slash_wrapped,
    year_cut_short,
    year_out_of_range,
)
from ingest.ocr import dictionary
from ingest.parties import (
    edge_marks,
    find_pihak,
    fix_office_words,
    mostly_upper,
    partner_field,
    pengirim_field,
    title_case,
    title_lines,
)
from ingest.rowgap import wide_blank

SIFAT_VALUES = ("Biasa", "Penting", "Segera", "Sangat Segera", "Sangat Penting", "Rahasia", "Terbatas")
_LABEL_LINE = re.compile(r"^\s*[-—–'\"“”‘’`.,|]*\s*([A-Za-z.|1]{2,10})\s*(?:[-—–'\"“”‘’`.,\s]{0,6}[:;]|\s\.\s*\.)\s*(.*)$")
# label, specks, colon, value: "Perihal — : …", "- Perihal : …", "Hal ” : …", "Perihal . . …"
# (a photo's label dot read as a comma before a value led by a figure: "No, 1 128/PP-BI/SP/2023", the colon read '1')
_LABEL_NOCOLON = re.compile(r"^\s*([A-Za-z]{2,8})(?:\.|,(?=\s+\d))?\s+(\S.*)$")
_YTH = re.compile(r"^\s*(?:kepada\s*[:.]?\s*)?(?:y[tf][hbn]|yih\.|yang\s+terhormat)\s*[.,:]*\s*(.*)$", re.IGNORECASE)
_YTH_LATE = re.compile(r"^(?!\s*\d+\s*[.)])(?!\s*tembusan).{1,20}?\s(?:kepada\s*[:.]?\s*)?y[tf][hbn][.,]\s*(.*)$", re.IGNORECASE)  # specks before
_DI_LINE = re.compile(r"^\s*di\b\s*[-.:]?\s*(\S.*)?$", re.IGNORECASE)  # "di - Tempat", not "Dinas"


@dataclass(frozen=True)
class _LabelHit:
    name: str
    value: str
    line: int
    confidence: float
    reason: str


# ---------------------------------------------------------------- public entry point

# A field whose confidence is below its threshold is left empty and the document flagged for review: a wrong
# value is worse than none. Confidences come from how a value was found (exact label, fuzzy label, repaired by
# OCR rules, a weaker position) and from validation (nomor month and year, a gap left for handwriting).
THRESHOLDS = {"nomor": 0.6, "tanggal": 0.6, "sifat": 0.6, "lampiran": 0.6, "perihal": 0.6, "pengirim": 0.65,
              "penerima": 0.6, "partner": 0.55}


def extract_metadata(text: str, words: Sequence[Word] = ()) -> Metadata:
    """Every field we can find in ``text``, each with a confidence and a reason; unfound fields stay empty,
    unsure ones are emptied and named in ``Metadata.review``. ``words`` (Tesseract's words with their
    confidences, when the caller has them) lower a field whose digits or words Tesseract was unsure of: a
    number filled in by hand, a smudged date."""
    raw = text.replace("\f", "\n").splitlines()
    lines = [clean_line(_join_spaced_label(ln)) for ln in raw]
    labels = _find_labels(lines)
    review: list[str] = []
    nomor = _nomor_field(lines, labels, review)
    filled = _marks_by_letterhead(nomor, lines, labels)
    if filled is not None:  # a number read once a mark in its code is put back from the kop: shown low (below)
        lines, labels, nomor, marks = filled
        review = []  # only the number's notes so far: those of the row as first read no longer hold
    dates = find_dates("\n".join(lines))
    rujukan = _rujukan(lines, nomor.value)
    tanggal = _tanggal_field(lines, dates, rujukan, labels)
    tanggal = _year_told_by_nomor(tanggal, "\n".join(lines), dates, nomor, review)
    tanggal = _year_told_by_weekday(tanggal, "\n".join(lines), dates, nomor, review)
    tanggal = _validate_tanggal(tanggal, review)
    # a date already too unsure to keep cannot tell the number's month or year wrong
    nomor = _validate_nomor(nomor, tanggal if tanggal.confidence >= THRESHOLDS["tanggal"] else Field(), review)
    nomor = _unlabelled_agrees(nomor, tanggal)
    nomor = nomor_cites_later(nomor, rujukan, review)
    penerima = _penerima_field(lines)
    pengirim = pengirim_field(lines)
    pihak = find_pihak(lines, edge_marks(raw))
    partner = partner_field(pengirim, penerima, pihak, title_lines(lines))
    fields = {"nomor": nomor, "tanggal": tanggal, "sifat": _sifat_field(labels), "lampiran": _lampiran_field(labels),
              "perihal": _perihal_field(lines, labels), "pengirim": pengirim, "penerima": penerima,
              "partner": partner}
    register = _code_register(lines, labels)
    confs = word_confidences(words) if words else None
    if confs is not None:
        sources = {"nomor": _nomor_source(lines, labels, nomor), "tanggal": _date_source(lines, dates, tanggal)}
        fields = {name: _weigh_by_ocr(name, f, confs, sources.get(name)) for name, f in fields.items()}
        fields["nomor"] = _doubted_and_disagreeing(fields["nomor"])
        fields["nomor"] = _doubted_and_glued(fields["nomor"], register)
        fields["perihal"] = _far_from_colon(fields["perihal"], words, _PERIHAL_LABELS)
        fields["tanggal"] = _day_gap(fields["tanggal"], words, sources["tanggal"])
    fields = {name: _gate(name, f, review) for name, f in fields.items()}
    fields["nomor"] = _code_by_letterhead(fields["nomor"], register, review)
    if filled is not None and fields["nomor"].present:
        review.append(f"nomor: {CODE_FROM_LETTERHEAD} ({marks}) — periksa")
        fields["nomor"] = Field(fields["nomor"].value, min(fields["nomor"].confidence, CODE_CONFIDENCE),
                                f"{fields['nomor'].reason}; {CODE_FROM_LETTERHEAD} ({marks})")
    fields["tanggal"] = _cut_year_from_nomor(fields["tanggal"], lines, fields["nomor"],
                                             confs, review)
    fields["tanggal"] = _month_told_by_nomor(fields["tanggal"], lines, fields["nomor"],
                                             confs, review)
    fields["tanggal"] = _cut_words_year_from_nomor(fields["tanggal"], "\n".join(lines), fields["nomor"], review)
    fields["tanggal"] = _impossible_year_told(fields["tanggal"], lines, fields["nomor"], rujukan, labels,
                                              confs, review)
    fields["nomor"] = _flag_monthless(fields["nomor"], fields["tanggal"], review)
    fields["tanggal"] = _flag_cites_later(fields["tanggal"], rujukan, review)
    fields["tanggal"] = year_contradicted(fields["tanggal"], "\n".join(lines), dates,
                                           _own_number_row(lines, labels), review)
    fields["tanggal"] = _opening_figures_checked(fields["tanggal"], fields["nomor"], review)
    if fields["tanggal"].present and NIP_UNREAD in fields["tanggal"].reason:  # shown to a clerk
        review.append(f"tanggal: {NIP_UNREAD} ({fields['tanggal'].value}) — periksa")
    return Metadata(**fields, pihak=pihak, rujukan=tuple(rujukan), review=tuple(dict.fromkeys(review)))


# A day of one figure followed by a blank wider than the row's own word spaces by more than a figure's advance: the
# day's second figure lost to the capture (toner or fax dropout, a speck filter: "15 April" read "1 April" at high
# confidence, a valid and wrong date). The date is shown low, for a clerk, never taken as sure; a re-reading of its
# row that gives the same one-figure day does not fill it again (``fieldread.settle``).
DAY_GAP = "angka hari mungkin hilang (celah lebar sesudahnya)"
DAY_GAP_CONFIDENCE = 0.4


def _day_gap(field: Field, words: Sequence[Word], source: list[str]) -> Field:
    """``field`` (the tanggal) made unsure when its one-figure day stands before a blank that leaves room for a
    lost figure (``DAY_GAP``): on the row Tesseract read the day and month on, the gap from the day's box to the
    month's is larger than the row's median word space by more than ``rowgap.DIGIT_ADVANCE`` letter heights. Needs the
    row's other word spaces to compare with; rows whose words have no places are left as they are."""
    at = next((i for i, t in enumerate(source[:-1]) if re.fullmatch(r"\d{1,2}", t)), None)
    if not field.present or at is None or len(source[at]) != 1:
        return field
    for _, group in groupby(words, key=lambda w: w.line):
        # left to right: words a later reading added to the row (a lost piece, a mark read again) come after the
        # row's others in the page's list, and a word standing in the blank is the day's neighbour, not the month
        row = sorted(group, key=lambda w: w.box[0])
        k = next((k for k in range(len(row) - 1) if row[k].text == source[at] and row[k + 1].text == source[at + 1]
                  and row[k + 1].box[0] > row[k].box[0]), None)
        if k is None:
            continue
        if wide_blank(row, row[k], row[k + 1], min_spaces=2):
            return Field(field.value, min(field.confidence, DAY_GAP_CONFIDENCE), f"{field.reason}; {DAY_GAP}")
        return field
    return field


# A printed value follows its label's colon within a few letter heights ("Perihal : Undangan", the colons of a block
# aligned in a column); a value standing far along the row from the colon was not printed in the label's flow: a
# form's field filled in by hand at its right end ("Perihal :" ... "Mack" on a disposition sheet), or a word of
# another column. Such a value is shown low, for a clerk, never taken as sure.
VALUE_GAP = 6  # letter heights between a label's colon and the first word of its value, at most
FAR_VALUE_CONFIDENCE = 0.4
_PERIHAL_LABELS = frozenset({"perihal", "hal"})


def _far_from_colon(field: Field, words: Sequence[Word], labels: frozenset[str]) -> Field:
    """``field`` made unsure when, on the label's row of ``words``, its first word stands more than ``VALUE_GAP``
    of the page's letter heights after the label's colon. A row whose colon was not read is left as it is."""
    if not field.present or not str(field.value).split():
        return field
    first = str(field.value).split()[0]
    heights = sorted(w.box[3] for w in words if w.conf >= 80 and len(re.sub(r"[^A-Za-z]", "", w.text)) >= 3)
    if not heights:
        return field
    letter = heights[len(heights) // 2]
    if letter <= 0:  # words without their places (a cache of texts and confidences): nothing to measure
        return field
    for k, label in enumerate(words):
        if label.text.rstrip(":").lower() not in labels:
            continue
        row = [w for w in words[k + 1: k + 6] if w.line == label.line]
        colon = next((w for w in row if w.text.startswith(":")), None)
        value = next((w for w in row if w.text.lstrip(":") == first), None)
        if colon is None or value is None or value.box[0] < colon.box[0]:
            continue
        gap = value.box[0] - (colon.box[0] + colon.box[2]) if value is not colon else 0
        if gap > VALUE_GAP * letter:
            return Field(field.value, min(field.confidence, FAR_VALUE_CONFIDENCE),
                         f"{field.reason}; nilai jauh dari titik dua labelnya ({gap / letter:.0f}x tinggi huruf): "
                         "mungkin tulisan tangan di formulir atau kolom lain")
        return field
    return field


def _letterhead(lines: list[str], labels: list[_LabelHit]) -> list[list[str]]:
    """The words of the lines above the letter's own Nomor row (the kop and what stands beside the number
    block), one list per line; none when the letter has no such row."""
    own = [h for h in labels if h.name == "nomor" and not _cited(lines, h)]
    return letterhead_words(lines[:own[0].line]) if own else []


# A unit of an office named on the page ("Kepala Bidang Layanan / dan Pembinaan Perpustakaan," above a signer's
# name): offices abbreviate their units in their numbers as they do their own name ("Bid.LPP"), so a unit named
# below the number row is read like the kop (``_unit_names``). The name runs to the line's end, and on over a line
# break (and one blank line OCR read in it) at a lower-case joining word ("dan", "&") before or after it.
_UNIT_WORD = re.compile(r"\b(?:Bidang|BIDANG|Bagian|BAGIAN|Seksi|SEKSI|Subbagian|SUBBAGIAN|Sekretariat|SEKRETARIAT)\b")
_JOINING = re.compile(r"^(?:dan|&)\b|\b(?:dan|&)$")


def _unit_names(lines: list[str]) -> list[list[str]]:
    """The words of each unit name on ``lines`` (``_UNIT_WORD`` on, with a line the name runs on to), one list
    per name."""
    out = []
    for i, line in enumerate(lines):
        found = _UNIT_WORD.search(line)
        if found is None:
            continue
        name = line[found.start():].strip()
        nxt = next((ln.strip() for ln in lines[i + 1: i + 3] if ln.strip()), "")  # a blank line read between
        if nxt and (_JOINING.search(name) or _JOINING.match(nxt)):
            name = f"{name} {nxt}"
        out.append(letterhead_words([name])[0])
    return out


def _code_register(lines: list[str], labels: list[_LabelHit]) -> list[list[str]]:
    """What a number's unit code is read against (``nomor.code_by_letterhead``): the kop (``_letterhead``) and the
    units the page names below the letter's own Nomor row (``_unit_names``); none when the letter has no such row."""
    own = [h for h in labels if h.name == "nomor" and not _cited(lines, h)]
    return [*_letterhead(lines, labels), *_unit_names(lines[own[0].line + 1:])] if own else []


def nomor_letterhead(text: str) -> list[list[str]]:
    """``_code_register`` of a document's ``text``: what ``nomor.code_by_letterhead`` reads a code against."""
    lines = [clean_line(_join_spaced_label(ln)) for ln in text.replace("\f", "\n").splitlines()]
    return _code_register(lines, _find_labels(lines))


def _marks_by_letterhead(nomor: Field, lines: list[str], labels: list[_LabelHit]
                         ) -> tuple[list[str], list[_LabelHit], Field, str] | None:
    """Where the letter's own Nomor row gave no number, the row with a mark read in place of a code's first
    capital put back from the kop (``nomor.mark_by_letterhead``: "76/ 'BM-JC/SP/2023" under "TAMAN BACAAN
    MASYARAKAT"), and the number that row then gives: the lines and labels with the row replaced, the number,
    and the pieces changed. None when the row gave a number, has no such mark, or still gives none."""
    own = [h for h in labels if h.name == "nomor" and not _cited(lines, h)]
    if nomor.present or not own:
        return None
    row, changed = mark_by_letterhead(lines[own[0].line], _letterhead(lines, labels))
    if not changed:
        return None
    filled = [*lines[:own[0].line], row, *lines[own[0].line + 1:]]
    again = _find_labels(filled)
    got = _nomor_field(filled, again, [])
    if not got.present:
        return None
    return filled, again, got, ", ".join(f"'{a}' → '{b}'" for a, b in changed)


def _code_by_letterhead(nomor: Field, header: list[list[str]], review: list[str]) -> Field:
    """``nomor`` with a unit-code piece the letterhead spells with one confusable letter read otherwise put
    right (``nomor.code_by_letterhead``: "Dispersip-Bly" under a kop naming "Balangan" is "Dispersip-Blg"). The
    letter is inferred, not read: the value is shown at ``CODE_CONFIDENCE`` (under the archive's low line, so a
    clerk looks at it) and named for review."""
    if not nomor.present:
        return nomor
    value, changed = code_by_letterhead(str(nomor.value), header)
    if not changed:
        return nomor
    said = ", ".join(f"'{a}' → '{b}'" for a, b in changed)
    review.append(f"nomor: {CODE_FROM_LETTERHEAD} ({said}) — periksa")
    return Field(value, min(nomor.confidence, CODE_CONFIDENCE), f"{nomor.reason}; {CODE_FROM_LETTERHEAD} ({said})")


def _unlabelled_agrees(nomor: Field, tanggal: Field) -> Field:
    """A number recognised by its shape alone (no label) is kept only where the letter's own date confirms it:
    a sure date, and the number's year (and Roman month, where it has one) equal to that date's."""
    if not nomor.present or UNLABELLED not in nomor.reason:
        return nomor
    sure = tanggal.present and tanggal.confidence >= THRESHOLDS["tanggal"]
    if sure and not check_nomor(str(nomor.value), str(tanggal.value)) \
            and str(nomor.value).endswith("/" + str(tanggal.value)[:4]):
        return nomor
    return Field(None, 0.0, f"{nomor.reason}; tanggal surat tidak menguatkannya ('{nomor.value}')")


def _doubted_and_disagreeing(nomor: Field) -> Field:
    """``nomor`` made unsure when its month or year disagrees with the letter's date (``_validate_nomor``)
    and Tesseract was also unsure of its characters: the disagreement is then more likely a misread digit
    ("…/2021" for "…/2024") than a letter numbered in another month, so the number is not kept."""
    if not nomor.present or "OCR ragu" not in nomor.reason or not re.search(r"(bulan|tahun) nomor \(", nomor.reason):
        return nomor
    return Field(nomor.value, min(nomor.confidence, 0.5),
                 f"{nomor.reason}; OCR ragu dan tidak sesuai dengan tanggal surat")


def nomor_cites_later(nomor: Field, rujukan: Sequence[Field], review: list[str]) -> Field:
    """``nomor`` emptied and named for review when its year is earlier than the year of a number the letter
    answers or follows up (``nomor.cites_later``): a letter cannot cite one written after it, so the number's own
    year is misread (a fax's "4" read "1" in the date and the number alike), and which digit it was is not known."""
    if not nomor.present:
        return nomor
    later = cites_later(str(nomor.value), [str(r.value) for r in rujukan if r.present])
    if later is None:
        return nomor
    reason = f"{CITES_LATER_NOMOR} ({later})"
    review.append(f"nomor: nilai tidak pasti ({nomor.value!r}) — {reason}, tahun mungkin salah baca")
    return Field(None, min(nomor.confidence, 0.3), f"dikosongkan karena tidak pasti ({nomor.value!r}): "
                                                  f"{nomor.reason}; {reason}")


def _doubted_and_glued(nomor: Field, register: Sequence[Sequence[str]] = ()) -> Field:
    """``nomor`` made unsure when Tesseract doubted its digits and a code's letters run straight into three or
    more of them (``nomor.code_runs_into_digits``: "BA441" for "BA-041"): the separator was read as a digit; or
    a code holds a lone one-stroke piece (``nomor.lone_stroke_in_code``: "Bid.I.PP" for "Bid.LPP"): a letter's
    other stroke was read as the separator — unless the letterhead or a unit the page names spells the code with
    the stroke read as one letter (``nomor.code_by_letterhead``, done after the gate, shown low and named)."""
    if not nomor.present or "OCR ragu" not in nomor.reason:
        return nomor
    value = str(nomor.value)
    stroke = lone_stroke_in_code(value) and lone_stroke_in_code(code_by_letterhead(value, register)[0])
    said = CODE_RUN_INTO_DIGITS if code_runs_into_digits(value) else LONE_STROKE if stroke else ""
    return Field(value, min(nomor.confidence, 0.5), f"{nomor.reason}; {said}") if said else nomor


def _flag_monthless(nomor: Field, tanggal: Field, review: list[str]) -> Field:
    """``nomor``, flagged (its reason says so, ``MONTH_MAYBE_MERGED``, and the document is named for review)
    when Tesseract was unsure of it and it shows no Roman month although the letter is dated: a month is a
    segment of one to four thin strokes (I, V, X) that OCR merges into the code or the slash beside it
    ("PD-EN/V/2024" read "PD-ENN/2024"), and what is left still looks like a whole number."""
    if not (nomor.present and tanggal.present and "OCR ragu" in nomor.reason):
        return nomor
    if any(re.fullmatch(r"[IVX]{1,4}", part) for part in str(nomor.value).split("/")):
        return nomor
    review.append(f"nomor: {MONTH_MAYBE_MERGED} ('{nomor.value}'); bulan mungkin terbaca menyatu dengan kode "
                  "di sebelahnya — periksa")
    return Field(nomor.value, nomor.confidence, f"{nomor.reason}; {MONTH_MAYBE_MERGED}")


def _opening_figures_checked(tanggal: Field, nomor: Field, review: list[str]) -> Field:
    """``tanggal``, when it is the date in figures after a formula's opening whose words were lost
    (``dates.OPENING_FIGURES``: read once, in figures, confirmed by the day's name alone), named for review, and
    emptied when the letter's own number says otherwise (its Roman month or year, ``check_nomor``): the figures are
    where OCR confuses shapes, and a misread month can land on the named weekday ("01-01-2024" for "01-04-2024",
    both a Monday)."""
    if not tanggal.present or OPENING_FIGURES not in tanggal.reason:
        return tanggal
    if nomor.present and len(check_nomor(str(nomor.value), str(tanggal.value))) > len(check_nomor(str(nomor.value))):
        review.append(f"tanggal: {OPENING_FIGURES}, tidak sesuai nomor surat ({nomor.value}), bukan {tanggal.value} "
                      "— periksa")
        return Field(None, min(tanggal.confidence, 0.5),
                     f"dikosongkan karena tidak pasti ({tanggal.value!r}): {tanggal.reason}; tidak sesuai nomor surat")
    review.append(f"tanggal: {OPENING_FIGURES} ({tanggal.value}) — periksa")
    return tanggal


def _own_number_row(lines: list[str], labels: list[_LabelHit]) -> str:
    """The own number's row as the page read it ("" when the page has no own "Nomor" label): its year stands
    for the letter's year even where the number itself was too damaged to keep."""
    own = [h for h in labels if h.name == "nomor" and not _cited(lines, h)]
    return own[0].value if own else ""


# Said in a date's reason when a letter it answers carries a later year (``_flag_cites_later``); the archive
# flags the document for review by it (archive.review).
CITES_LATER = "surat yang dirujuk bertahun lebih baru"


def _flag_cites_later(tanggal: Field, rujukan: list[Field], review: list[str]) -> Field:
    """``tanggal``, its reason saying ``CITES_LATER`` and the document named for review, when a letter it
    answers or follows up carries a later year than its own date ("menindaklanjuti surat … Nomor
    …/III/2024" in a letter dated 2021): a letter cannot answer one written after it, so one of the two
    years is misread, most often the letter's own (a fax's "4" read "1" in its date and its number alike, so the
    two agree with each other and nothing else on the page would tell). Which of the two is misread the page
    cannot say, and a wrong date is worse than none: the date is emptied (unsure, at most 0.5), its value kept in
    the reason, and a clerk decides. A cited year no letter can carry (``nomor.year_out_of_range``: "…/2035" read
    for "…/2025") is that citation misread and weighs nothing."""
    if not tanggal.present:
        return tanggal
    own = int(str(tanggal.value)[:4])
    for cited in rujukan:
        year = re.search(r"/((?:19|20)\d\d)$", str(cited.value))
        if year and int(year.group(1)) > own and not year_out_of_range(int(year.group(1))):
            review.append(f"tanggal: {CITES_LATER} ({cited.value}) dari tanggal surat ini ({tanggal.value}) — "
                          "tahun mungkin salah baca, periksa")
            return Field(None, min(tanggal.confidence, 0.5), f"dikosongkan karena tidak pasti ({tanggal.value!r}): "
                         f"{tanggal.reason}; {CITES_LATER} ({cited.value})")
    return tanggal


def _gate(name: str, field: Field, review: list[str]) -> Field:
    """``field`` itself, or emptied (its reason kept) when its confidence is below the field's threshold."""
    if not field.present or field.confidence >= THRESHOLDS[name]:
        return field
    review.append(f"{name}: nilai tidak pasti ({field.value!r}, keyakinan {field.confidence:.2f}) — {field.reason}")
    return Field(None, field.confidence, f"dikosongkan karena tidak pasti ({field.value!r}): {field.reason}")


# Tesseract's word confidence (0..100) under which a digit is unsure, and under which it is no reading at all:
# printed digits read at 90+; digits filled in by hand, smudged or stamped over read far lower.
DIGIT_UNSURE, DIGIT_UNREAD = 85.0, 70.0
DIGIT_REPAIRED_UNREAD = 50.0
# A number wrapped onto the next line and joined ("09/PP.BJM-RUMAH" + "GENSET/NTU/DPRD/2024"): nothing checks the
# seam, and a code's letters there are words like any other ("BIM" read for "BJM" at 86), so the join is taken
# only when every word of both lines was read as clean print reads (90 and more); otherwise it is emptied and
# flagged, as a join that cannot be made is.
JOINED = "nomor berlanjut ke baris berikutnya"
JOINED_SURE = 90.0
# A number broken after one of its slashes and continued on the next line (``nomor.slash_wrapped``): the seam is a
# '/', the rest ends in the year, and its Roman month is checked against the letter's date like any number's, so
# every word of its two pieces must meet the digits' bar (``DIGIT_UNSURE``), letters too: the row's re-reading
# (``fieldread``) sees only the first piece and cannot settle a doubted word, so a doubt empties the number (a
# messenger photo's "Dispersip-BIg" at 78 was taken); the joined bar is higher, for a seam nothing checks.
SLASH_JOINED = "nomor dipenggal sesudah garis miring, disambung dengan baris berikutnya"
REPAIRED_NOTE = "; nomor diperbaiki dari OCR"
# A number whose later elements the typist set apart with spaces around the dot or dash ("800/075 . Kepegawaian.
# 2020"): read as far as the first space it would lose its tail and be a wrong number.
# Put together (spaces dropped), the seam is as unchecked as a wrapped number's, so its words must meet the same
# bar (``JOINED_SURE``).
SPACED_TAIL = "bagian akhir nomor dipisah spasi, disambung"
WORD_UNSURE = 60.0


def token_key(token: str) -> str:
    return re.sub(r"[^\w/.\-]", "", token).lower()


def word_confidences(words: Sequence[Word]) -> dict[str, float]:
    """Each word (case and quotes folded) → its best confidence on the page (a word met twice is judged by
    its better reading)."""
    out: dict[str, float] = {}
    for w in words:
        key = token_key(w.text)
        if key and float(w.conf) >= 0:
            out[key] = max(out.get(key, -1.0), float(w.conf))
    return out


def _nomor_source(lines: list[str], labels: list[_LabelHit], nomor: Field) -> list[str]:
    """The OCR tokens of the own number's value (before any date read into the same line); for a number
    joined across two lines (``JOINED``), the next line's tokens too; for one broken after a slash
    (``SLASH_JOINED``), the next line's first token, the number's rest."""
    own = [h for h in labels if h.name == "nomor" and not _cited(lines, h)]
    if not own:
        return []
    raw = re.split(r"\s(?:[A-Z][a-z]+\s*)+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}", own[0].value)[0]
    if SLASH_JOINED in nomor.reason:  # the pieces up to the slash, and the rest: not the other column's words
        return slash_head(raw.split()) + _next_text_line(lines, own[0].line).split()[:1]
    joined = lines[own[0].line + 1].split() if JOINED in nomor.reason and own[0].line + 1 < len(lines) else []
    return raw.split()[:6] + joined


def _date_source(lines: list[str], dates: list[DateHit], tanggal: Field) -> list[str]:
    """The OCR tokens of the date the letter's tanggal was read from."""
    if not tanggal.present or f"{NOMOR_TELLS_YEAR} huruf" in tanggal.reason or WEEKDAY_TELLS_YEAR in tanggal.reason:
        return []  # the words' date, the number's year or the day's name agreeing: the doubt was about the figures set aside
    text = "\n".join(lines)
    hit = next((d for d in dates if d.iso == tanggal.value), None)
    if hit is not None and WORDS_AGREE in hit.reason:
        return []  # the words spell the date the figures give: a second reading, whatever Tesseract thought of the figures
    if hit is not None and WEEKDAY_AGREES in hit.reason and OPENING_FIGURES not in hit.reason:
        return []  # the words, confirmed by the day's name; figures beside them that give no date say nothing
    return text[hit.start: hit.end].split() if hit else []


def _weigh_by_ocr(name: str, field: Field, confs: dict[str, float], source: list[str] | None) -> Field:
    """``field`` with its confidence lowered where Tesseract was unsure of the words it came from: a digit
    token under ``DIGIT_UNREAD`` makes a nomor or tanggal no reading at all, under ``DIGIT_UNSURE`` unsure;
    a name or subject with a word under ``WORD_UNSURE`` is unsure."""
    if not field.present:
        return field
    tokens = source if source is not None else (field.value or "").split()
    found = [(t, confs[token_key(t)]) for t in tokens if token_key(t) in confs]
    if not found:
        return field
    if name == "nomor" and (COLON_LOST in field.reason or JOINED in field.reason or SPACED_TAIL in field.reason
                            or SLASH_JOINED in field.reason):
        # every word counts, letters too, for a row found without its colon (its form may leave the number to be
        # written in by hand, and handwriting read as letters - "005 / Out" - must meet the digits' bar) and for
        # two lines put together with no row's grammar to check the seam (the joined bar)
        bar = DIGIT_UNSURE if COLON_LOST in field.reason or SLASH_JOINED in field.reason else JOINED_SURE
        token, low = min(found, key=lambda tc: tc[1])
        if low < bar:
            return Field(field.value, round(min(field.confidence, 0.4), 2),
                         f"{field.reason}; OCR ragu pada '{token}' ({low:.0f})")
        return field
    if name in ("nomor", "tanggal"):
        digits = [(t, c) for t, c in found if re.search(r"\d", t)]
        if not digits:
            return field
        token, low = min(digits, key=lambda tc: tc[1])
        if name == "nomor" and REPAIRED_NOTE in field.reason:
            # the number's OCR damage was seen and repaired (and its confidence lowered for that): Tesseract's
            # doubt is most likely about the repaired characters ("V1" for "VI"), so only a word it could
            # hardly read at all counts against it
            if low >= DIGIT_REPAIRED_UNREAD:
                return field
            conf = min(field.confidence, 0.4)
        elif low < DIGIT_UNREAD:
            conf = min(field.confidence, 0.4)
        elif low < DIGIT_UNSURE:
            conf = field.confidence - 0.25
        else:
            return field
        return Field(field.value, round(conf, 2), f"{field.reason}; OCR ragu pada '{token}' ({low:.0f})")
    if name in ("perihal", "pengirim", "penerima"):
        words = [(t, c) for t, c in found if len(re.sub(r"[^A-Za-z]", "", t)) >= 2]
        if not words:
            return field
        token, low = min(words, key=lambda tc: tc[1])
        if low < WORD_UNSURE:
            return Field(field.value, round(field.confidence - (0.4 if low < 50 else 0.3), 2),
                         f"{field.reason}; OCR ragu pada '{token}' ({low:.0f})")
    return field


_SPACED = re.compile(r"^(\s*)((?:[A-Za-z] ){2,}[A-Za-z])(?=\s*[:;.])")


# a label word OCR split in two at a misread letter ("Peril al :", "Lamp iran :"): two pieces, then the colon
_SPLIT = re.compile(r"^(\s*)([A-Za-z|1]{2,7}) ([A-Za-z|1]{1,5})(?=\s*[-—–'\"“”‘’`.,]{0,3}\s*[:;])")
# the fewest letters the two pieces of a split label must have together
SPLIT_LABEL_LETTERS = 5


def _join_spaced_label(line: str) -> str:
    """A label typed with spaces between its letters ("H a l :") written as one word, and a label word OCR
    split in two ("Peril al :", "Peri hal :") joined when the whole is a label (by edit distance,
    ``_match_label``) and the first piece is no exactly read label of its own ("Sifat Bi :" stays)."""
    line = _SPACED.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), line)
    m = _SPLIT.match(line)
    if m and len(m.group(2) + m.group(3)) >= SPLIT_LABEL_LETTERS and _match_label(m.group(2) + m.group(3)) \
            and (_match_label(m.group(2)) or ("", 0.0))[1] < 0.9:
        return m.group(1) + m.group(2) + m.group(3) + line[m.end():]
    return line


_STRAY_LEFT = re.compile(r"^\s*(?:['‘’`.,|:;]\s+)+")
_STRAY_RIGHT = re.compile(r"(?:\s+['‘’`.,|;])+\s*$")


def clean_line(line: str) -> str:
    """A line without the stray specks OCR reads at its edges ("' Kearsipan", "bacaan bagi warga. |")."""
    return _STRAY_RIGHT.sub("", _STRAY_LEFT.sub("", line)).rstrip()


# ---------------------------------------------------------------- labels (Nomor / Sifat / Lampiran / Hal)

def _match_label(word: str) -> tuple[str, float] | None:
    """Which label ``word`` is ("Nornor" → nomor), with 1.0 for an exact match and less for a fuzzy one."""
    raw = word.lower().strip(".")
    low = raw.replace("|", "l").replace("1", "l").replace("rn", "m")
    if len(low) <= 3:
        low = low.replace("i", "l")  # "HaI": capital I read for l in a short label
    for name, forms in LABELS.items():
        if low in forms:
            return name, 1.0 if raw == low else 0.9
    if len(low) < 4:
        return None
    choices = {form: name for name, forms in LABELS.items() for form in forms if len(form) >= 4}
    match = process.extractOne(low, list(choices), scorer=fuzz.ratio, score_cutoff=78)
    if match is None:
        return None
    return choices[match[0]], 0.85


def label_name(word: str) -> str | None:
    """The field a label word names ("Perihal", "Perlhal", "Perilal" → perihal), by edit distance; None for
    no label. For readers of a line's label outside this module (the classifier's Hal line)."""
    found = _match_label(word)
    return found[0] if found else None


_LABEL_DOT = re.compile(r"^\s*(nomor|perihal|lampiran|sifat|hal)\s+\.\s+(\S.*)$", re.IGNORECASE)  # "Nomor . 45/…"
_NOMOR_MIDLINE = re.compile(r"\b(nomor|no\.?)\s*[:;]\s*(\S.*)$", re.IGNORECASE)
_DATE_BEFORE = re.compile(r"\d{1,2}\s+[A-Za-z]{3,10}\.?\s+\d{4}\s*$|,\s*$")
# A number printed with spaces beside its slashes ("440 / 7181/ KD.D"), its label's colon lost: at least three
# segments, the first with a digit, one space at most on either side of each '/' (a structured number, as
# "440/7181/KD.D" is without the spaces; "3 / 4" and running text with one slash are not)
_SPACED_SLASHES = re.compile(r"[0-9][0-9A-Za-z.\-]*(?:\s?/\s?[0-9A-Za-z][0-9A-Za-z.\-]*){2,}(?:\s|$)")
_TAHUN_NUMBER = re.compile(r"^[0-9][0-9A-Za-z.\-]*\s+tahun\s+\d{4}\b", re.IGNORECASE)  # "NOMOR 102 TAHUN 2024"


def _find_labels(lines: list[str]) -> list[_LabelHit]:
    """Label-value lines of the letter head block, in order; the no-colon form only for nomor-like values.
    A "Nomor :" after the letter's date on the same line (the date column read first) is found as well."""
    hits: list[_LabelHit] = []
    for i, line in enumerate(lines):
        m = _LABEL_LINE.match(line)
        colon = True
        if not m:
            m = _LABEL_DOT.match(line)
        if not m:
            m = _LABEL_NOCOLON.match(line)
            colon = False
        label = _match_label(m.group(1)) if m else None
        if label is None and _lost_nomor_label(lines, i):
            hits.append(_LabelHit("nomor", line.split(":", 1)[-1].split(";", 1)[-1].strip(), i, 0.75,
                                  f"label Nomor hilang: baris ': nomor' di atas blok Sifat/Lampiran/Hal, baris {i + 1}"))
            continue
        if label is None and not any(h.name == "nomor" for h in hits) and _unlabelled_nomor(lines, i):
            shape = _UNLABELLED_NOMOR.match(line)
            assert shape is not None  # ``_unlabelled_nomor`` matched it
            hits.append(_LabelHit("nomor", shape.group(1), i, 0.75, f"{UNLABELLED} baris {i + 1}"))
            continue
        if label is None:
            mid = _NOMOR_MIDLINE.search(line)
            if mid and mid.start() > 0 and _DATE_BEFORE.search(line[: mid.start()].rstrip()):
                hits.append(_LabelHit("nomor", mid.group(2).strip(), i, 0.9,
                                      f"label Nomor sesudah tanggal di baris yang sama, baris {i + 1}"))
            continue
        assert m is not None  # a label was matched on this line
        name, score = label
        value = m.group(2).strip()
        structured = name == "nomor" and bool(re.search(r"\d[./|]\S*\d|\d/[A-Za-z]", value)
                                              or _SPACED_SLASHES.match(value) or _TAHUN_NUMBER.match(value))
        block_row = not colon and name == "nomor" and not structured and score == 1.0 \
            and _heads_label_block(lines, i, m.group(1), value)
        if not colon and not (structured
                              or name == "perihal" and m.group(1).lower() == "perihal" and i < 30
                              and re.match(r"[A-Z][a-z]+\s+[A-Z]", value)
                              or name == "perihal" and m.group(1).lower() in ("perihal", "hal") and i < 30
                              and re.match(r"[A-Z][a-z]", value) and _in_label_block(lines, i)
                              or block_row):
            continue  # without a colon only a structured number or "Perihal Title Case …" in the head, or an
            # exactly read Hal/Perihal label in the label block (Sifat/Lampiran rows just above it), or the
            # block's first row, "Nomor" over them
        conf = 0.95 if score == 1.0 and colon else 0.8
        how = "label tepat" if score == 1.0 else "label dikenali secara fuzzy"
        said = f"; {COLON_LOST}" if block_row else ""
        hits.append(_LabelHit(name, value, i, conf, f"{how} '{m.group(1)}' baris {i + 1}{said}"))
    return hits


_LOST_LABEL_NOMOR = re.compile(r"^\W{0,3}[:;]?\s*\d[\d.]*\s*/\s*\S+/\S*\d{4}\s*$")  # ": 000.4.6.2/360/…/2023"


def _lost_nomor_label(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is the number row of the head block whose label OCR lost: (a colon and) a whole
    number (digits first, ending in a year), with the next row a Sifat/Lampiran/Hal label and no Nomor
    label above it."""
    if i >= 30 or not _LOST_LABEL_NOMOR.match(lines[i]):
        return False
    nxt = next((ln for ln in lines[i + 1: i + 3] if ln.strip()), "")
    first = re.match(r"^\W*([A-Za-z]{2,10})\b", nxt)
    label = _match_label(first.group(1)) if first else None
    if not label or label[0] not in ("sifat", "lampiran", "perihal"):
        return False
    above = (re.match(r"^\W*([A-Za-z]{2,10})\b", ln) for ln in lines[:i])
    return not any(m and (_match_label(m.group(1)) or ("",))[0] == "nomor" for m in above)


UNLABELLED = "nomor tanpa label, dikenali dari bentuknya di kepala surat"
# a whole number alone on its line, after at most a short remnant of its label ("YMOR", "No,"): digits first,
# '/'-separated segments, one of them a code of letters, ending in a year
_UNLABELLED_NOMOR = re.compile(r"^\W{0,3}(?:[A-Za-z]{1,6}[.,]?\s+)?[:;]?\s*"
                               r"(\d[\d.,]*/(?=[^\s]*[A-Za-z]{2})[^\s/]+(?:/[^\s/]+)*/(?:19|20)\d\d)\s*$")
_BODY_WORD = re.compile(r"\b[a-z]{3,}\b")


def _unlabelled_nomor(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is the letter's own number whose label OCR lost or damaged beyond recognition: the
    number's shape alone on its line (``_UNLABELLED_NOMOR``), in the head block (among the first 30 lines,
    above the first sentence of the body, so never a number the body cites), with no Nomor label above."""
    if i >= 30 or not _UNLABELLED_NOMOR.match(lines[i]):
        return False
    for line in lines[:i]:  # the body has begun: a line of running text (several lower-case words)
        if len(_BODY_WORD.findall(line)) >= 4:
            return False
    return True


def _in_label_block(lines: list[str], i: int) -> bool:
    """Whether one of the three lines above line ``i`` begins with an exactly read Sifat/Lampiran label (its
    colon may be lost too): line ``i`` is then a row of a letter's label block. "No." alone does not count:
    forms (a disposition sheet's "No. Surat", "No. Agenda") have it too."""
    for line in lines[max(0, i - 3): i]:
        first = re.match(r"^\W*([A-Za-z]{2,10})\b", line)
        label = _match_label(first.group(1)) if first else None
        if label and label == (label[0], 1.0) and label[0] in ("sifat", "lampiran"):
            return True
    return False


_BLOCK_BELOW = 3  # non-empty lines below a colonless "Nomor" row searched for the label block's next label
# Said of a number whose row ``_heads_label_block`` found: every word of it is weighed (``_weigh_by_ocr``)
COLON_LOST = "baris Nomor tanpa titik dua di atas blok label"
_RUNNING_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")  # a lower-case word, no code's abbreviation


def _heads_label_block(lines: list[str], i: int, label: str, value: str) -> bool:
    """Whether line ``i``, an exactly read "Nomor" label with no colon after it, is the first row of the letter's
    label block: the colon stood in a column of its own and OCR lost it, and one of the next ``_BLOCK_BELOW``
    non-empty lines begins with an exactly read Sifat/Lampiran/Hal/Perihal label (their colons may be lost as
    well). Its value must hold a '/' with a figure in it, a number's form, so a printed form with the
    sequence number left blank ("/IV/2023", "005/ …") is found and said to be incomplete rather than missed;
    the value is then judged as any other number row's. In the head only (among the first 30 lines)."""
    if i >= 30 or label.lower() not in ("nomor", "no") or "/" not in value or not re.search(r"\d", value):
        return False
    if _RUNNING_WORD.search(value):
        return False  # a word of running text ("3 / 4 lembar terlampir"): a number's codes are capitalised
    below = [ln for ln in lines[i + 1:] if ln.strip()][:_BLOCK_BELOW]
    for line in below:
        first = re.match(r"^\W{0,3}([A-Za-z]{2,10})\b", line)
        found = _match_label(first.group(1)) if first else None
        if found is not None and found[1] == 1.0 and found[0] in ("sifat", "lampiran", "perihal"):
            return True
    return False


def _first(labels: list[_LabelHit], name: str) -> _LabelHit | None:
    return next((h for h in labels if h.name == name), None)


# ---------------------------------------------------------------- nomor

_CITING = re.compile(r"\b(berdasarkan|menindaklanjuti|merujuk|menunjuk|membalas|menanggapi|menjawab|memperhatikan|"
                     r"sehubungan|mengacu|sesuai|surat|keputusan|peraturan|edaran|nota|undang|perda|perbup|pergub)\b",
                     re.IGNORECASE)


# "Nomor 43 Tahun 2007 tentang Perpustakaan": a regulation named in running text by its number and its title.
# A decree's own number stands on its own line in capitals, its "TENTANG" title below it; in a sentence the
# title follows on the same line in lower case, so that number is one the document cites (a lost "Undang-Undang"
# before it does not make it the document's own).
_TITLE_IN_SENTENCE = re.compile(r"\s*,?\s+tentang\b")  # after a ``_TAHUN_NUMBER``


def _cited(lines: list[str], hit: _LabelHit) -> bool:
    """Whether a "Nomor …" line is a number the letter cites rather than its own: the value runs on into
    "tanggal …" or into "Tahun … tentang …" (lower case), or the line continues a body sentence that names a
    letter or a decree
    ("… menindaklanjuti surat Kepala Dinas" / "Nomor: 800/… tanggal 9 Agustus 2019")."""
    value = hit.value
    if re.search(r"\b(tanggal|tgl\.?|perihal|hal)\b", value, re.IGNORECASE) and not _DATE_BEFORE.search(value):
        after = re.split(r"\b(?:tanggal|tgl\.?|perihal|hal)\b", value, flags=re.IGNORECASE)[0]
        if re.search(r"\d", after):
            return True
    tahun = _TAHUN_NUMBER.match(value.strip())
    if tahun and _TITLE_IN_SENTENCE.match(value.strip(), tahun.end()):
        return True
    prev = next((ln for ln in reversed(lines[max(0, hit.line - 2): hit.line]) if ln.strip()), "")
    if prev and not prev.rstrip().endswith((":", ".")) and _CITING.search(prev) \
            and sum(w[:1].islower() for w in prev.split()) >= 2:
        return True
    return False


def _next_text_line(lines: list[str], i: int) -> str:
    """The first line after line ``i`` with text on it, within the next two (the reading may leave a blank line
    between a row and its wrapped rest)."""
    return next((ln.strip() for ln in lines[i + 1: i + 3] if ln.strip()), "")


def _nomor_field(lines: list[str], labels: list[_LabelHit], review: list[str]) -> Field:
    """The letter's own number: the first Nomor label of the head that is not a number the body cites."""
    hits = [h for h in labels if h.name == "nomor"]
    if any(not h.reason.startswith(UNLABELLED) for h in hits):  # a labelled number outranks a shape alone
        hits = [h for h in hits if not h.reason.startswith(UNLABELLED)]
    own = [h for h in hits if not _cited(lines, h)]
    if not hits:
        return Field(reason="tidak ada label Nomor")
    if not own:
        return Field(reason="hanya nomor surat lain yang dirujuk di isi surat")
    hit = own[0]
    raw = re.split(r"\s(?:[A-Z][a-z]+\s*)+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}", hit.value)[0]  # place-date column
    tahun = _TAHUN_NUMBER.match(raw.strip())
    if tahun:  # a decree's number: "102 TAHUN 2024"
        return Field(re.sub(r"\s+", " ", tahun.group(0)).strip(), hit.confidence,
                     hit.reason + "; nomor bentuk 'N TAHUN YYYY'")
    nxt = lines[hit.line + 1].strip() if hit.line + 1 < len(lines) else ""
    joined, broken = slash_wrapped(raw, _next_text_line(lines, hit.line))
    if joined is not None:  # "…/DISPERSIP/IV/" + "2023": broken after a slash, as a narrow column breaks it
        value, repaired = normalise_nomor(joined)
        if value is not None and re.search(r"/(?:19|20)\d\d$", value):
            return Field(value, round(hit.confidence - 0.1 - (0.15 if repaired else 0.0), 2),
                         hit.reason + "; " + SLASH_JOINED + (REPAIRED_NOTE if repaired else ""))
    if broken:
        review.append(f"nomor: terpotong ke baris berikutnya dan tidak tersambung utuh ('{raw.strip()[:40]}')")
        return Field(reason=f"nomor terpotong sesudah garis miring: '{raw.strip()[:40]}' + '{nxt[:30]}'")
    if re.match(r"^\s*tahun\s+\d{4}", raw, re.IGNORECASE) or has_gap(raw):
        review.append(f"nomor: tidak lengkap di cetakan ('{raw.strip()[:40]}'), mungkin ditulis tangan")
        return Field(reason=f"nomor tidak lengkap: '{raw.strip()[:40]}' ({hit.reason})")
    wrapped = re.fullmatch(r"[0-9A-Za-z.\-]+(?:/[0-9A-Za-z.\-]+)*/(?:19|20)\d\d", nxt)
    if wrapped and not re.search(r"/(?:19|20)\d\d\s*$", raw) and "/" in raw:
        first, second = normalise_nomor(raw.strip()), normalise_nomor(nxt)
        if len(raw.split()) == 1 and first[0] and second[0]:  # "09/PP.BJM-RUMAH" + "GENSET/NTU/DPRD/2024"
            return Field(f"{first[0]} {second[0]}", round(hit.confidence - 0.1, 2), hit.reason + "; " + JOINED)
        review.append(f"nomor: terpotong ke baris berikutnya dan tidak tersambung utuh ('{raw.strip()[:40]}')")
        return Field(reason=f"nomor terpotong ke baris berikutnya: '{raw.strip()[:40]}' + '{nxt[:30]}'")
    spaced, whole = _spaced_tail(raw)
    if whole is not None:  # "800/075 . Kepegawaian. 2020": the later elements set apart by spaced dots
        return Field(whole, round(hit.confidence - 0.1, 2), hit.reason + "; " + SPACED_TAIL)
    if spaced:
        review.append(f"nomor: bagian akhir dipisah spasi dan tidak terbaca utuh ('{raw.strip()[:40]}')")
        return Field(reason=f"nomor dengan bagian dipisah spasi tidak terbaca utuh: '{raw.strip()[:40]}'")
    value, repaired = normalise_nomor(raw)
    if value is None:
        if re.search(r"\d", raw):
            review.append(f"nomor: tidak terbaca utuh ('{raw.strip()[:40]}')")
        return Field(reason=f"label Nomor tanpa nomor yang terbaca ({hit.reason})")
    conf = hit.confidence - (0.15 if repaired else 0.0)
    if hit.reason.startswith(UNLABELLED):  # a number recognised by its shape only: kept for review, never sure
        review.append(f"nomor: {UNLABELLED} ('{value}') — periksa")
    if re.search(r"(?:19|20)\d{1,2}[A-Z][A-Za-z]{2,}", raw):
        # the next column's word read onto the year and cut off: Tesseract's doubt is about the whole merged
        # word, not about a repaired character, so its confidence counts in full (no leniency for repairs)
        reason = hit.reason + "; kata kolom sebelah yang menyatu dengan tahun dipotong"
    else:
        reason = hit.reason + (REPAIRED_NOTE if repaired else "")
    unsure = _unsure_digits(value)
    if unsure:
        conf -= 0.4
        reason += f"; angka meragukan: {unsure}"
    return Field(value, round(conf, 2), reason)


# a number's head ("800/075", "421.2/12/SDN-LB": figures first, a '/' in it) and its spaced-apart tail: each further
# element opens with a '.' or '-' (a space before or after it) and the last one is the year, nothing after it
_SPACED_HEAD = re.compile(r"\d[\w.\-]*/[\w.\-]*\w")
_SPACED_SEAM = re.compile(r"\s+[.\-]\s*(?=[A-Za-z0-9])|[.\-]\s+(?=[A-Za-z0-9])")
_SPACED_ELEMENT = re.compile(r"[.\-]\s*[A-Za-z0-9][A-Za-z0-9\-]*")
_TAIL_YEAR = re.compile(r"(?:19|20)\d\d")
_ROW_DATE = re.compile(r"\s+(?:[A-Z][A-Za-z.]*\s+)*(?:[A-Z][A-Za-z.]*\s*,\s*)?\d{1,2}\s+[A-Za-z]+\s+(?:19|20)\d\d\s*$")


def _spaced_tail(raw: str) -> tuple[bool, str | None]:
    """Whether a row's value is a number's head followed, across a space, by elements set apart with a dot or
    dash (``(True, whole)``: "800/075 . Kepegawaian. 2020" gives "800/075.Kepegawaian.2020"). ``(True, None)``:
    such a tail begins but is not read whole (no year last, a word of running text): the number is not sure,
    and cut at the first space it would be a wrong one. ``(False, None)``: any other value (one with no such
    seam, a head already ending in its year, a tail with a '/' in it, which ``normalise_nomor`` joins), left to
    ``normalise_nomor``. A date the row carries at its end (the place-date column) is set aside first."""
    s = re.sub(r"\s*/\s*", "/", raw.strip())
    head = _SPACED_HEAD.match(s)
    if head is None or _TAIL_YEAR.fullmatch(head.group(0).rsplit("/", 1)[-1]):
        return False, None
    rest = s[head.end():]
    dated = _ROW_DATE.search(rest)
    if dated and _SPACED_ELEMENT.match(rest[:dated.start()].strip()):
        rest = rest[:dated.start()]
    if not _SPACED_SEAM.match(rest) or "/" in rest or normalise_nomor(raw)[0] == re.sub(r"\s+", "", s):
        return False, None  # no such seam, or one ``normalise_nomor`` reads whole ("005/02 -Ekbang")
    rest = rest.strip()
    elements: list[str] = []
    while rest:
        m = _SPACED_ELEMENT.match(rest)
        if m is None:
            return True, None
        elements.append(re.sub(r"\s+", "", m.group(0)))
        rest = rest[m.end():].strip()
        if rest.startswith(".") and (len(rest) == 1 or rest[1].isspace()):  # "Kepegawaian. 2020": its dot ends it
            rest = rest[1:].strip()
            if rest and rest[0] not in ".-":
                rest = "." + rest
    if not _TAIL_YEAR.fullmatch(elements[-1][1:]) or len(elements) > 4:
        return True, None
    value = head.group(0) + "".join(elements)
    checked, _ = normalise_nomor(value)
    return True, (value if checked == value else None)


def _unsure_digits(value: str) -> str | None:
    """A numeric segment that still carries a letter OCR puts for a digit ("Z64", "1O5"), a first segment that
    is one such letter ("S/…" for "5/…"), or a year cut short ("…/202", "…/IV/20"): the digits of the number are not sure."""
    parts = value.split("/")
    if len(parts) >= 3 and re.fullmatch(r"[SBOQGZlI]", parts[0]):
        return parts[0]  # "S/Perpusdes/V/2025": a one-digit sequence number read as its look-alike letter
    for part in parts:
        if re.fullmatch(r"(?=.*\d)[0-9ZSBOQGlI]{2,}", part) and re.search(r"[ZSBOQGlI]", part) \
                and not re.fullmatch(r"[IVX]+", part):
            return part
    if year_cut_short(value):
        return parts[-1]
    return None


def _validate_tanggal(tanggal: Field, review: list[str], today: date | None = None) -> Field:
    """A letter date outside ``nomor.FIRST_YEAR``..next year is an OCR misreading ("2405" for "2005"): unsure, never kept."""
    if not tanggal.present:
        return tanggal
    year = int(str(tanggal.value)[:4])
    if not year_out_of_range(year, today.year if today else None):
        return tanggal
    review.append(f"tanggal: tahun {year} di luar rentang wajar")
    return Field(tanggal.value, 0.3, f"{tanggal.reason}; tahun {year} di luar rentang wajar")


def _validate_nomor(nomor: Field, tanggal: Field, review: list[str]) -> Field:
    """The nomor checked against what a number can be (``check_nomor``): an impossible Roman month or year
    makes it unsure (it is never guessed back); disagreeing with the letter's date lowers it a little."""
    if not nomor.present:
        return nomor
    problems = check_nomor(str(nomor.value), tanggal.value if tanggal.present else None)
    if not problems:
        return nomor
    # a month that OCR damage was repaired in ("11" → "II", where "111" lost a stroke) and that disagrees with
    # the letter's month is no reading of the month: a Roman month differs from its neighbour by one stroke
    hard = [p for p in problems if "berbeda" not in p
            or REPAIRED_NOTE in nomor.reason and p.startswith("bulan nomor")]
    conf = nomor.confidence - (0.5 if hard else 0.1)
    review.extend(f"nomor: {p}" for p in problems)
    return Field(nomor.value, round(max(conf, 0.0), 2), nomor.reason + "; " + "; ".join(problems))


# ---------------------------------------------------------------- sifat, lampiran, perihal

def _sifat_field(labels: list[_LabelHit]) -> Field:
    hit = _first(labels, "sifat")
    if hit is None or not hit.value:
        return Field(reason="tidak ada label Sifat")
    words = " ".join(hit.value.split()[:2])
    match = process.extractOne(words, SIFAT_VALUES, scorer=fuzz.ratio, score_cutoff=75)
    if match is None:
        first = process.extractOne(hit.value.split()[0], SIFAT_VALUES, scorer=fuzz.ratio, score_cutoff=75)
        if first is None:
            return Field(reason=f"nilai Sifat tidak dikenal: {hit.value[:30]!r}")
        match = first
    exact = match[1] == 100
    return Field(match[0], round(hit.confidence - (0 if exact else 0.1), 2), hit.reason)


_LAMPIRAN_VALUE = re.compile(
    r"^(-|—|–|\d+\s*\(\s*[a-z ]+\s*\)\s*(?:berkas|lembar|eksemplar|bundel|buah|set|exemplar)?|"
    r"satu\s+berkas|[a-z0-9 ()]{1,30}?(?:berkas|lembar|eksemplar|bundel))", re.IGNORECASE)


def _lampiran_field(labels: list[_LabelHit]) -> Field:
    hit = _first(labels, "lampiran")
    if hit is None or not hit.value:
        return Field(reason="tidak ada label Lampiran")
    m = _LAMPIRAN_VALUE.match(hit.value.strip())
    if not m:
        return Field(reason=f"nilai Lampiran tidak dikenal: {hit.value[:30]!r}")
    value = re.sub(r"\s+", " ", m.group(1)).strip()
    value = "-" if value in ("—", "–") else value
    return Field(value, hit.confidence, hit.reason)


_STOP_CONTINUATION = re.compile(
    r"^\s*(kepada|yth|ytb|yih\.|di\b|dengan hormat|dengan ini|sehubungan|menindaklanjuti|menanggapi|membalas|berdasarkan|"
    r"dalam rangka|bersama ini|guna|mengingat|memperhatikan|untuk|pada hari|yang bertanda)", re.IGNORECASE)


_ANY_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z /.]{1,20}?\s*[:;]\s*\S")  # "Tanggal : …", "Dari : …"
_LIST_BESIDE = re.compile(r"\s\d{1,2}\s*[.,)]\s+(?=[A-Z])")
_LIST_ITEM = re.compile(r"^\s*\d{1,2}\s*[.,)]\s+[A-Z]")  # "2. Kepala …", "3, Kepala …" (an addressee list)


# the letter's date column read as a row of its own ("5 Juli 2024", "Jakarta, 5 Juli 2024")
_DATE_ROW = re.compile(r"^\W*(?:[A-Za-z][A-Za-z .]*,\s*)?\d{1,2}\s+[A-Za-z]{3,10}\.?\s+\d{4}\W*$")


def _continues_perihal(value: str, line: str) -> bool:
    """Whether ``line`` is the Hal value wrapped onto a second line rather than the start of the body:
    short, in the title case of a subject line (or starting lower case mid-phrase), and not a new part."""
    abbreviation = re.search(r"(?:^|\s)[A-Z]{1,4}\.$", value)  # "… Rapat MONEV TW." / "II TA. 2024"
    if (not line or len(line) > 50 or value.endswith(".") and not abbreviation or line.endswith(":")
            or _STOP_CONTINUATION.match(line) or _ANY_LABEL.match(line) or _LIST_ITEM.match(line)
            or _DATE_ROW.match(line)):
        return False  # a numbered line ("4, Kepala Bagian …") is an item of the addressee list beside
    if value.endswith((":", ",")) or abbreviation:
        return True  # the subject visibly goes on
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or re.search(r",\s*(?:[A-Z][A-Za-z]{0,3}\.?\s*){1,3}(?:,|$)", line):
        return False  # a name with degrees ("Iwan Ristianto, AP, M.AP"): the addressee column, read in
    if len(line.split()) == 1 and not value.endswith((":", ",")) and line[:1].isupper():
        return False  # one capitalised word: a place from the column beside ("JEPARA"), not the subject
    if words[0][0].islower():
        return True
    small = {"dan", "di", "ke", "dari", "untuk", "pada", "dengan", "tentang", "atas", "yang", "secara", "bagi"}
    capitalised = sum(w[0].isupper() or w.lower() in small for w in words)
    return capitalised / len(words) >= 0.75


# a head row opening with a word read as the Hal label, the colon lost ("Perihak Penyampaian …")
_HAL_ROW = re.compile(r"^\W*([A-Za-z|1]{3,8})\s*[-–—:;.]?\s+[A-Z]")


def _unread_hal_row(head: list[str]) -> int | None:
    """The line of a Hal row whose label was read but not as a label row (no colon, a misread letter): the
    document names its subject there, so its title is not the subject. None when there is no such row."""
    for i, line in enumerate(head[:25]):
        m = _HAL_ROW.match(line)
        if m and len(line) < 90 and (_match_label(m.group(1)) or ("", 0.0))[0] == "perihal":
            return i
    return None


def _perihal_field(lines: list[str], labels: list[_LabelHit]) -> Field:
    hit = _first(labels, "perihal")
    if hit is None or not hit.value:
        return _tentang(lines)
    first = _cut_right_column(hit.value)
    listed = _LIST_BESIDE.search(first)  # "Undangan 3, Kepala Dinas …": an item of the addressee list beside
    parts = [first[: listed.start()].strip() if listed else first]
    nxt = hit.line + 1
    while nxt < len(lines) and len(parts) < 4:
        line = lines[nxt].strip()
        if not line and parts[-1].endswith(":") and nxt + 1 < len(lines):
            nxt += 1  # "Hal : Sharing … 2 :" + blank line + the rest
            continue
        if not _continues_perihal(parts[-1], line):
            break
        parts.append(_cut_right_column(line))
        nxt += 1
    placed = _cut_column_place(lines[: hit.line], parts)
    value = _trim_tail_noise(re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip(" .,;:-—–\"“”'‘’"))
    value = re.sub(r"\s+di\s*[-:]?$", "", value)  # the addressee's "di" line read into the subject
    if len(value) < 3:
        return Field(reason="nilai Hal kosong")
    if _garbled_title(value):
        return Field(reason=f"nilai Hal tampak rusak oleh OCR: {value[:40]!r}")
    reason = hit.reason + (f"; lanjut {len(parts) - 1} baris" if len(parts) > 1 else "")
    last = value.split()[-1] if value.split() else ""
    cut_here = parts[0] != hit.value.strip()
    if listed and len(value.split()) > 1:  # the list interleaves with the rows: subject words may stand past it
        return Field(value, 0.5, reason + "; daftar alamat (1., 2., …) di sebelah baris Hal, jadi nilainya mungkin "
                                          "terpotong atau tercampur")
    di_place = _place_of_bare_di(lines, hit, value) if len(parts) == 1 and not cut_here else None
    if di_place:
        return Field(value[: value.rindex(di_place)].rstrip(" ,.-"), 0.7,
                     reason + f"; '{di_place}' dibuang: tempat alamat dari baris 'di' tanpa tempat di atas baris Hal")
    if len(value.split()) >= 2 and re.fullmatch(r"[A-Z]{6,}", last) and not value.isupper():
        return Field(value, 0.55, reason + f"; kata terakhir '{last}' mungkin nama tempat dari kolom alamat")
    continued = lines[hit.line + 1: hit.line + len(parts)]
    if cut_here and any(not (_shows_column(ln) or k + 1 in placed) for k, ln in enumerate(continued)):
        return Field(value, 0.5, reason + "; kolom alamat (Kepada/Yth.) di sebelah baris Hal, jadi baris lanjutan "
                                          "mungkin milik alamat itu")
    if not cut_here and _column_beside_block(lines, hit) and len(value.split()) > 1:  # one word holds no column
        return Field(value, 0.5, reason + "; kolom alamat (Kepada/Yth.) terbaca di baris blok di atas Hal, jadi "
                                          "baris Hal mungkin memuat alamat itu")
    place = _displaced_di_place(lines, hit, last)
    if place:
        return Field(value, 0.55, reason + f"; kata terakhir '{last}' mungkin tempat dari baris 'di' yang kosong")
    if parts[0] == hit.value.strip() and _row_above_has_column(labels, hit):
        return Field(value, 0.5, reason + "; baris di atas Hal memuat kolom alamat di sebelahnya, jadi baris Hal "
                                          "mungkin juga")
    return Field(value, hit.confidence, reason)


_COLUMN_WORD = re.compile(r"\s(?:Kepada|KEPADA|Yth|Ytb|YTH)\b")


def _shows_column(line: str) -> bool:
    """Whether a line continuing the Hal row visibly carries the addressee column beside it (cut at "Yth." /
    "Kepada", or ending in the column's "di"), so what is left of it is the subject's."""
    return _cut_right_column(line) != line.strip() or bool(re.search(r"\sdi\s*[-:]?$", line.strip()))


def _column_beside_block(lines: list[str], hit: _LabelHit) -> bool:
    """Whether the addressee column ("Kepada Yth. …") was read into a row of the label block above the Hal row
    ("Nomor : 443/… Kepada Yth:"): the addressee's next lines then stand beside the rows below it, Hal's too."""
    for line in lines[max(0, hit.line - 4): hit.line]:
        first = re.match(r"^\W*([A-Za-z|1]{2,10})", line)
        if first is None:
            continue
        label = _match_label(first.group(1))
        if label and label[0] in ("nomor", "sifat", "lampiran") and _COLUMN_WORD.search(line[first.end():]):
            return True
    return False


def _displaced_di_place(lines: list[str], hit: _LabelHit, last: str) -> bool:
    """Whether the subject's last word is most likely the addressee's place: the addressee block's "di" line
    stands bare, the label block right under it (its place was read elsewhere), and the word is a name the head
    already uses (kop, Yth. line)."""
    word = last.strip(".,;:")
    if len(word) < 4 or not word[:1].isupper() or not word.isalpha():
        return False
    bare = False
    for i, line in enumerate(lines[: hit.line + 6]):
        if not re.fullmatch(r"\W*di\W*", line.strip(), re.IGNORECASE):
            continue
        after = next((ln for ln in lines[i + 1: i + 4] if ln.strip()), "")
        first = re.match(r"^\W*([A-Za-z|1]{2,10})", after)
        bare = bare or bool(first and _match_label(first.group(1)))  # "Di" then "Lampiran …": no place under it
    if not bare:
        return False
    before = " ".join(lines[: hit.line]).lower()
    return bool(re.search(rf"\b{re.escape(word.lower())}\b", before))


_BARE_DI_END = re.compile(r"\S.*?[\s:;]di\s*[-:.]?\s*$", re.IGNORECASE)  # a block row ending in the column's "di"


def _place_of_bare_di(lines: list[str], hit: _LabelHit, value: str) -> str | None:
    """The addressee column's place read onto the end of the Hal row, or None. The column ends "di" / place:
    when one of the two rows above the Hal row is a row of the label block that ends in a bare "di" ("Lampiran :
    1 berkas Di-", ": Di"; a "di" standing alone on its line is no row of the block), the column was read beside
    the block, its place stands beside the next row, and the Hal row's last word is that place if it is "Tempat" (the
    conventional "di Tempat") or a name the head above already uses ("JEPARA 59431" in the kop). Not when the
    last two words are a name the head uses (a two-word place would leave half of it in the subject)."""
    above = [ln for ln in lines[max(0, hit.line - 6): hit.line] if ln.strip()][-2:]
    if not any(_BARE_DI_END.search(ln.strip()) for ln in above):
        return None
    return _place_word(value, lines[: hit.line])


def _place_word(value: str, head: list[str]) -> str | None:
    """The last word of ``value`` when it is the addressee's place: "Tempat" (the conventional "di Tempat") or a
    name ``head`` already uses, and not the second word of a two-word name the head uses. ``value`` must keep a
    word besides it."""
    words = value.split()
    if len(words) < 2:
        return None
    last = words[-1].strip(".,;:")
    if not (last[:1].isupper() and last.isalpha() and len(last) >= 4):
        return None
    if last.lower() == "tempat":
        return words[-1]
    text = " ".join(head).lower()
    if not re.search(rf"\b{re.escape(last.lower())}\b", text):
        return None
    pair = f"{words[-2].strip('.,;:').lower()} {last.lower()}"
    return None if re.search(rf"\b{re.escape(pair)}\b", text) else words[-1]


_DI_AT_END = re.compile(r"\s+di\s*[-:.]?$", re.IGNORECASE)


def _cut_column_place(head: list[str], parts: list[str]) -> set[int]:
    """Cut the addressee column's "di" and its place from continuation rows of the Hal value, in place: a row
    ending in a bare "di" carries the column's "di" line, and the row under it ends in the column's place
    (``_place_word``). Returns the indexes of the rows cut, whose remainder is the subject's."""
    placed: set[int] = set()
    for k in range(1, len(parts)):
        if k in placed or not _DI_AT_END.search(parts[k]):
            continue
        parts[k] = _DI_AT_END.sub("", parts[k])
        placed.add(k)
        if k + 1 < len(parts):
            place = _place_word(parts[k + 1], head)
            if place:
                parts[k + 1] = parts[k + 1][: parts[k + 1].rindex(place)].rstrip(" ,.-")
                placed.add(k + 1)
    return placed


def _row_above_has_column(labels: list[_LabelHit], hit: _LabelHit) -> bool:
    """Whether the Sifat/Lampiran row just above the Hal row carries text beyond its own value: the addressee
    column beside the block was read into the same rows ("Lampiran : 1 (satu) Berkas Sekretariat DPRD …"), so
    the end of the Hal row may be the addressee's next line rather than the subject."""
    above = next((h for h in labels if h.line in (hit.line - 1, hit.line - 2) and h.name in ("sifat", "lampiran")),
                 None)
    if above is None:
        return False
    value = above.value.strip()
    if above.name == "lampiran":
        m = _LAMPIRAN_VALUE.match(value)
        rest = value[m.end():] if m else value
    else:
        rest = re.sub(r"^(sangat\s+)?(biasa|penting|segera|rahasia|terbatas)\b", "", value, flags=re.IGNORECASE)
    words = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w.lower() not in ("kepada", "yth", "ytb", "di")]
    return len(words) >= 2


_TITLE_KIND = re.compile(r"^\s*(nota\s+kesepahaman|nota\s+kesepakatan|kesepakatan\s+bersama|perjanjian\s+kerja\s*sama|"
                         r"memorandum)", re.IGNORECASE)
# A decree, regulation or order names its subject in a "TENTANG …" block under its title and number.
_DECREE_KIND = re.compile(r"^\s*(keputusan|peraturan|surat\s+(?:keputusan|tugas|perintah|edaran)|instruksi|"
                          r"surat\s+perintah\s+tugas|pengumuman|maklumat)\b", re.IGNORECASE)
# where a "TENTANG" block ends: the deciding official's line ("REKTOR …", "BUPATI BALANGAN,"), the preamble
_TENTANG_END = re.compile(r"^\W*(dengan\s+rahmat|menimbang|mengingat|rektor|bupati|walikota|wali\s+kota|gubernur|"
                          r"menteri|kepala|sekretaris|direktur|ketua|camat|presiden)\b", re.IGNORECASE)
# A letter-like document without a Hal line is about what its title says ("SURAT PENGANTAR", "SURAT PERINTAH
# TUGAS", "NOTA PERMINTAAN …", "LEMBAR DISPOSISI"). A report, list or record (laporan, daftar, berita acara) is
# about more than its title's first line ("BERITA ACARA SERAH TERIMA BUKU" / "PROGRAM …" / "…"): no guess there.
_DOC_TITLE = re.compile(r"^\s*(surat|nota|lembar)\b", re.IGNORECASE)
# ... unless the record's title visibly ends on its first line: its own "Nomor :" row stands right under it
# ("BERITA ACARA REVIU DOKUMEN …" / "Nomor : 03/…"), so no second title line is left out
_RECORD_TITLE = re.compile(r"^\s*(berita\s+acara|laporan|daftar)\b", re.IGNORECASE)
_NOMOR_ROW = re.compile(r"^\s*(?:nomor|no\.)\s*[:;]", re.IGNORECASE)


def _tentang(lines: list[str]) -> Field:
    """A document with no Hal line: an MoU's or a decree's subject is the "TENTANG …" part of its title;
    otherwise the title itself ("SURAT PENGANTAR", "BERITA ACARA REVIU …") under the letterhead."""
    head = [ln.strip() for ln in lines[:45]]
    antara = any(re.fullmatch(r"antara\W*", ln, re.IGNORECASE) for ln in head)
    mou = any(_TITLE_KIND.match(ln) for ln in head) or antara
    decree = any(_DECREE_KIND.match(ln) and mostly_upper(ln) for ln in head[:30])
    if mou or decree:
        for i, line in enumerate(head):
            m = re.match(r"^[^\w(]*tentang\s*:?\s*(.*)$", line, re.IGNORECASE)  # "— TENTANG": a speck before
            if not m:
                continue
            rest = m.group(1).strip(" \"“”'‘’|")  # "TENTANG”": a speck after the word
            parts = [rest] if rest else []
            for nxt in head[i + 1: i + (4 if mou else 24)]:
                if not nxt and (not mou or not parts):
                    continue  # OCR's blank line between "TENTANG" and the agreement's subject
                if len(parts) >= 10:
                    break
                if not nxt or not mostly_upper(nxt) or re.match(r"^(nomor|no\.?)\s*[:;]", nxt, re.IGNORECASE) \
                        or (decree and parts and (_TENTANG_END.match(nxt) or nxt.endswith(","))):
                    break
                parts.append(nxt)
            value = re.sub(r"(?<=\w)[!|]+(?=\s|$)", "", re.sub(r"\s+", " ", " ".join(parts))).strip(" .,")
            if len(value) >= 5:
                what = "judul perjanjian" if mou else "judul keputusan/surat"
                return Field(title_case(value), 0.75, f"{what}: 'TENTANG' baris {i + 1}")
        if mou:
            return Field(reason="judul perjanjian tanpa 'TENTANG'")
    return _title_perihal(head)


def _title_perihal(head: list[str]) -> Field:
    """The document's own title, a capitalised line under the letterhead naming its kind; none when the head has
    a Hal row that could not be read as one (the subject is there, not in the title)."""
    unread = _unread_hal_row(head)
    for i, line in enumerate(head[:20]):
        below = next((ln for ln in head[i + 1: i + 4] if ln), "")
        one_line_record = (_RECORD_TITLE.match(line) and len(line.split()) >= 4 and _NOMOR_ROW.match(below)
                           and not _RECORD_TITLE.match(head[i - 1] if i else ""))
        if not ((_DOC_TITLE.match(line) or one_line_record or _mend_surat(line, below) != line) and mostly_upper(line)) \
                or re.match(r"^\s*surat\s*$", line, re.IGNORECASE):
            continue
        value = _drop_specks(re.split(r"\s+(?:nomor|no\.)\s*[:;]", line, flags=re.IGNORECASE)[0]).strip(" .,:")
        value = _mend_surat(value, below)
        if len(value.split()) < 2 or _garbled_title(title_case(value)):
            continue
        if unread is not None and not re.match(r"^\s*lembar\b", value, re.IGNORECASE):  # a form's Perihal: a field
            break  # the subject is in the Hal row whose label was misread; the page's layout may still read it
        return Field(title_case(value), 0.7, f"judul dokumen tanpa label Hal, baris {i + 1}")
    return Field(reason="tidak ada label Hal/Perihal")


_TITLE_WORDS = re.compile(r"^(\s*)([A-Z]{4,6})(\s+[A-Z]{4,}(?:\s+[A-Z]{3,}){0,2}\s*)$")


def _mend_surat(line: str, below: str) -> str:
    """A title line whose "SURAT" OCR read with one letter lost or wrong ("SURA TUGAS"), mended; only where
    the title stands over its own number row ("Nomor : …"), the shape of a letter's title, and is two to four
    capitalised words. Any other line is returned as it is."""
    m = _TITLE_WORDS.match(line)
    if m is None or m.group(2) == "SURAT" or Levenshtein.distance(m.group(2), "SURAT") != 1 \
            or not _NOMOR_ROW.match(below):
        return line
    return m.group(1) + "SURAT" + m.group(3)


def _drop_specks(value: str) -> str:
    """A title without the '!' and '|' specks OCR reads beside a slash or standing alone ("KANTOR !/ CETAKAN")."""
    value = re.sub(r"[!|]+(?=/)|(?<=/)[!|]+", "", value)
    return re.sub(r"\s+", " ", " ".join(w for w in value.split() if not re.fullmatch(r"[!|]+", w)))


_SMALL_WORDS = {"dan", "di", "ke", "dari", "untuk", "pada", "dengan", "tentang", "atas", "yang", "secara", "bagi",
                "oleh", "serta", "ini", "se", "with", "and", "of", "the", "for", "to", "in", "on", "at", "by"}


def _garbled_title(value: str) -> bool:
    """A subject written in Title Case with a lower-case word inside it is an OCR misreading
    ("Permintaan Pe anan Perpustakaan", "Jawaban atas Permohonan penanda Buku")."""
    words = [w for w in re.findall(r"[A-Za-z]+", value)]
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    capitalised = [w for w in content if w[0].isupper()]
    if len(capitalised) / len(content) < 0.6:
        return False  # written in sentence case: nothing to compare against
    odd = [w for w in content if w[0].islower()]
    return bool(odd)


def _trim_tail_noise(value: str) -> str:
    """Drop specks OCR appends to a subject line: quotes, lone punctuation, short lower-case fragments
    ("… Peminjaman nga", "… Membaca “ega")."""
    words = value.split()
    while words and (re.search(r"[\"“”'‘’|]", words[-1]) or not re.search(r"\w", words[-1])
                     or (len(words[-1]) <= 3 and words[-1].islower() and words[-1] not in _SMALL_WORDS)):
        words.pop()
    return " ".join(words).strip(" .,;:")


def _cut_right_column(value: str) -> str:
    """Drop a right-hand column OCR put on the same line (a place-date or "Kepada Yth.")."""
    value = re.split(r"\s(?:Kepada\b|Yth\b|Ytb\b|Yih\.)", value)[0]
    value = re.split(r"\s[A-Z][a-z]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}", value)[0]
    return value.strip()


# ---------------------------------------------------------------- tanggal

# Said in a date's reason when the date in words and the date in figures beside it differ in their year only and
# the letter's own number carries one of the two years (``_year_told_by_nomor``).
NOMOR_TELLS_YEAR = "tahun nomor surat memilih"
NOMOR_TELLS_YEAR_CONFIDENCE = 0.8
_NOMOR_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*$")


def _year_told_by_nomor(tanggal: Field, text: str, dates: list[DateHit], nomor: Field, review: list[str]) -> Field:
    """A date written in words whose figures in brackets name the same day and month but another year
    ("Tujuh bulan Juli tahun Dua Ribu Dua Puluh Lima (07-07-2023)") is unsure (``WORDS_DISAGREE``): one year is
    misread. The letter's own number, printed apart from both, ends with its year ("…/VII/2025"); when it
    carries one of the two years and not the other, that reading is kept, with the number named as the reason,
    and the document is still named for review. Any other disagreement (the day or the month) stays unsure."""
    hit = next((d for d in dates if d.iso == tanggal.value and WORDS_DISAGREE in d.reason), None)
    year = _NOMOR_YEAR.search(str(nomor.value or ""))
    figures = BRACKETED_FIGURES.search(text[hit.start: hit.end]) if hit else None
    if hit is None or year is None or figures is None:
        return tanggal
    figured = parse_parts(figures.group(1), figures.group(2), figures.group(3))
    if figured is None or figured[4:] != hit.iso[4:] or figured[:4] == hit.iso[:4]:
        return tanggal
    if hit.iso[:4] == year.group(1):
        iso, which = hit.iso, "huruf"
    elif figured[:4] == year.group(1):
        iso, which = figured, "angka"
    else:
        return tanggal
    review.append(f"tanggal: angka dalam kurung ({figures.group(0).strip('() ')}) berbeda tahun dari huruf; "
                  f"{NOMOR_TELLS_YEAR} {which} ({iso}) — periksa")
    return Field(iso, NOMOR_TELLS_YEAR_CONFIDENCE,
                 f"{tanggal.reason}; {NOMOR_TELLS_YEAR} {which} (nomor '{nomor.value}')")


# Said in a date's reason when the date in words and the date in figures beside it differ in their year only, the
# letter's number carries no year, and the day's name before "tanggal" is the weekday of the words' date and not of
# the figures' (``_year_told_by_weekday``).
WEEKDAY_TELLS_YEAR = "nama hari memilih tahun huruf"
WEEKDAY_TELLS_YEAR_CONFIDENCE = 0.8


def _year_told_by_weekday(tanggal: Field, text: str, dates: list[DateHit], nomor: Field, review: list[str]) -> Field:
    """A date in words whose figures in brackets name the same day and month but another year ("Senin tanggal Dua
    Puluh Enam bulan Februari tahun Dua Ribu Dua Puluh Empat (26-02-2021)"), left unsure (``WORDS_DISAGREE``) and
    not settled by the letter's number (it carries no year: ``_year_told_by_nomor``). The day's name written before
    "tanggal" is a third reading: when it is the weekday of the words' date and not of the figures' date, the
    words' year is kept (a misread year word landing on the named weekday while the figures miss it is rare), named
    for review. A day's name that fits both, neither, or the figures leaves the date unsure."""
    hit = next((d for d in dates if d.iso == tanggal.value and WORDS_DISAGREE in d.reason), None)
    if hit is None or tanggal.confidence >= THRESHOLDS["tanggal"] or _NOMOR_YEAR.search(str(nomor.value or "")):
        return tanggal
    span = text[hit.start: hit.end]
    figures = BRACKETED_FIGURES.search(span)
    figured = parse_parts(figures.group(1), figures.group(2), figures.group(3)) if figures else None
    if figures is None or figured is None or figured[4:] != hit.iso[4:] or figured[:4] == hit.iso[:4]:
        return tanggal
    words = re.findall(r"[A-Za-z']+", span[: figures.start()])
    at = next((i for i, w in enumerate(words) if Levenshtein.distance(w.lower(), "tanggal", score_cutoff=1) <= 1), 0)
    named = weekday_named(words[at - 1]) if at > 0 else None
    if named is None or named != date.fromisoformat(hit.iso).weekday() or named == date.fromisoformat(figured).weekday():
        return tanggal
    review.append(f"tanggal: angka dalam kurung ({figures.group(0).strip('() ')}) berbeda tahun dari huruf; "
                  f"{WEEKDAY_TELLS_YEAR} ({words[at - 1]}: {hit.iso}) — periksa")
    return Field(hit.iso, WEEKDAY_TELLS_YEAR_CONFIDENCE, f"{tanggal.reason}; {WEEKDAY_TELLS_YEAR} ({words[at - 1]})")


# A letter date whose year was cut short, completed from the letter's own number (``_cut_year_from_nomor``): the
# value is inferred, not read, so it is shown under the archive's "keyakinan rendah" line and named for review.
CUT_YEAR_CONFIDENCE = 0.35
# Said in the reason of a value completed from another field, not read ("tahun dilengkapi dari nomor surat", and
# fieldread's number completed from the date): the calibration table, fitted on values read, leaves it as it is.
INFERRED_NOTE = "dilengkapi dari"
CUT_YEAR_REVIEW = "tanggal: tahun terpotong di cetakan, dilengkapi dari nomor surat — periksa"
_NOMOR_MONTH_YEAR = re.compile(r"/([IVX]{1,4})/((?:19|20)\d{2})$")


def _cut_year_from_nomor(tanggal: Field, lines: list[str], nomor: Field, confs: dict[str, float] | None,
                         review: list[str]) -> Field:
    """A letter without a date found whose place-date's year the page's edge or the next column cut short
    ("Muara Nages, 13 April 202"), where the letter's own number is sure and ends with a Roman month equal to
    the date's month and a year the cut figures begin ("…/IV/2023"): the date with the number's year. A number
    is given when the letter is signed (its Roman month is the letter's month, ``check_nomor``), so a number of
    the same month carries the letter's year; the mirror of ``fieldread.complete_cut_year``. Only a place-date
    in the head or just above the signer's role, only a day Tesseract read sure (``DIGIT_UNSURE``), never where
    a date was found and emptied as unsure. A number with a year and no Roman month ("041/222/Dispersip/2023")
    still carries the letter's year, but nothing then says the number is of the date's month: another date the
    page prints in full must be of the same month and year (the event the letter announces, "31 Juli 2023")."""
    if tanggal.present or tanggal.confidence > 0 or not nomor.present or "OCR ragu" in nomor.reason:
        return tanggal
    monthly = _NOMOR_MONTH_YEAR.search(str(nomor.value))
    yearly = _NOMOR_YEAR.search(str(nomor.value))
    if yearly is None:
        return tanggal
    year = yearly.group(1)
    text = "\n".join(lines)
    # a number without a Roman month tells the year, not that it was given in the date's month: another date the
    # page prints in full (an event the letter announces, a letter it answers) must then be of that month and year
    others = None if monthly else {d.iso[:7] for d in find_dates(text) if d.kind != "numeric"}
    top_end = len("\n".join(lines[: max(20, len(lines) // 3)]))
    for m in CUT_YEAR_PLACE_DATE.finditer(text):
        month = repair_month(m.group(3))
        line_no = text.count("\n", 0, m.start())
        below = [ln for ln in lines[line_no + 1: line_no + 6] if ln.strip()]
        signed = bool(below) and _signer_role_below(below)
        if month is None or not (m.start() <= top_end or signed) or not year.startswith(m.group(4)):
            continue
        if confs is not None and confs.get(token_key(m.group(2)), 0.0) < DIGIT_UNSURE:
            continue  # the day itself in doubt (or not among the page's words)
        iso = parse_parts(m.group(2), month[0], year)
        if iso is None or check_nomor(str(nomor.value), iso):
            continue  # the number's Roman month is not the date's month
        if others is not None and iso[:7] not in others:
            continue  # a number of that year only, and no other date of the month on the page
        review.append(CUT_YEAR_REVIEW)
        agrees = "bulan Romawi nomor surat sama dengan bulan tanggal" if monthly else \
            "tanggal lain di surat pada bulan dan tahun itu"
        return Field(iso, CUT_YEAR_CONFIDENCE, f"tahun tanggal surat terpotong ('{m.group(0).strip()}'), {agrees}: "
                                               f"tahun {INFERRED_NOTE} nomor surat ('{nomor.value}')")
    return tanggal


MONTH_BY_GLYPHS_REVIEW = ("tanggal: huruf bulan terbaca sebagai angka, bulan dipastikan oleh bulan Romawi nomor surat "
                          "— periksa")


def _month_told_by_nomor(tanggal: Field, lines: list[str], nomor: Field, confs: dict[str, float] | None,
                         review: list[str]) -> Field:
    """A letter without a date found whose place-date's month word has a letter or two read as figures or strokes
    ("Paringin Selatan, 24 14EI 2024": the "M" of MEI read "14"; ``dates.MONTH_WITH_FIGURES``), where the figures
    read as the letters they look like spell exactly one month (``dates.month_by_glyphs``) and the letter's own
    sure number ends with that month in Roman figures and the date's year ("87/SPS-1/V/2024"): two readings of the
    month that agree. Only a place-date in the head or just above the signer's role, with a day and year Tesseract
    read sure (``DIGIT_UNSURE``), never where a date was found and emptied as unsure. The month is partly inferred:
    ``CUT_YEAR_CONFIDENCE`` and named for review, as a year completed from the number is."""
    if tanggal.present or tanggal.confidence > 0 or not nomor.present or "OCR ragu" in nomor.reason \
            or nomor.confidence < THRESHOLDS["nomor"]:
        return tanggal
    own = _NOMOR_MONTH_YEAR.search(str(nomor.value))
    if own is None:
        return tanggal
    text = "\n".join(lines)
    top_end = len("\n".join(lines[: max(20, len(lines) // 3)]))
    for m in MONTH_WITH_FIGURES.finditer(text):
        place = m.group(1).lower().replace("-", " ").split()
        if any(w in ("nomor", "tanggal", "hari", "tahun", "bulan") for w in place):
            continue
        line_no = text.count("\n", 0, m.start())
        below = [ln for ln in lines[line_no + 1: line_no + 6] if ln.strip()]
        if not (m.start() <= top_end or (bool(below) and _signer_role_below(below))):
            continue
        if confs is not None and min(confs.get(token_key(m.group(k)), 0.0) for k in (2, 4)) < DIGIT_UNSURE:
            continue  # the day or the year itself in doubt (or not among the page's words)
        month = month_by_glyphs(m.group(3))
        if month is None or m.group(4) != own.group(2):
            continue
        iso = parse_parts(m.group(2), str(month), m.group(4))
        if iso is None or int(iso[5:7]) != month or check_nomor(str(nomor.value), iso):
            continue  # the number's Roman month is not the month the figures spell
        review.append(MONTH_BY_GLYPHS_REVIEW)
        return Field(iso, CUT_YEAR_CONFIDENCE,
                     f"tempat dan tanggal surat ({m.group(1)}), bulan '{m.group(3)}' dibaca dari bentuk hurufnya, "
                     f"sama dengan bulan Romawi nomor surat ('{nomor.value}')")
    return tanggal


CUT_WORDS_REVIEW = "tanggal: tahun (huruf) terpotong di cetakan, dilengkapi dari nomor surat dan nama hari — periksa"


def _cut_words_year_from_nomor(tanggal: Field, text: str, nomor: Field, review: list[str]) -> Field:
    """A letter without a date found whose date in words lost its year's words at the line's end ("Pada hari ini
    Rabu tanggal Tujuh Belas bulan Juli tahun Dua", ``dates.CUT_WORDS_DATE``), where the letter's own number is sure
    and ends with a year: the date with the number's year, kept only when two things the page prints apart from
    the number agree with it — the words left of the year are how that year's words begin, and the day's name
    before "tanggal" is that date's weekday (a wrong year lands on the same weekday once in seven). A Roman month
    in the number, where there is one, must be the date's month (``check_nomor``). Like ``_cut_year_from_nomor``
    the value is inferred, not read: ``CUT_YEAR_CONFIDENCE`` and named for review; never where a date was found
    and emptied as unsure, but for the words' year ending the line on a tens or thousands word
    (``dates.YEAR_AT_LINE_END``: "tahun Dua Ribu Dua Puluh", the units lost), which is this very case."""
    emptied = tanggal.confidence > 0 and YEAR_AT_LINE_END not in tanggal.reason
    if tanggal.present or emptied or not nomor.present or "OCR ragu" in nomor.reason:
        return tanggal
    own = _NOMOR_YEAR.search(str(nomor.value))
    if own is None:
        return tanggal
    year = int(own.group(1))
    for m in CUT_WORDS_DATE.finditer(text):
        day, month, named = words_to_number(m.group(2)), repair_month(m.group(3)), weekday_named(m.group(1))
        if day is None or month is None or named is None or not year_begins_with(year, m.group(4)):
            continue
        if BRACKETED_FIGURES.search(text, m.end(), m.end() + WORDS_FIGURES_REACH):
            continue  # the date in figures after the words, the year's words carried to it: read there, or unsure
        iso = parse_parts(str(day), month[0], str(year))
        if iso is None or date.fromisoformat(iso).weekday() != named or check_nomor(str(nomor.value), iso):
            continue
        review.append(CUT_WORDS_REVIEW)
        return Field(iso, CUT_YEAR_CONFIDENCE,
                     f"tanggal ditulis dengan huruf, tahun terpotong ('{m.group(0).strip()}'): tahun {INFERRED_NOTE} "
                     f"nomor surat ('{nomor.value}'), nama hari {m.group(1)} sesuai")
    return tanggal


# A letter's date whose year OCR misread into an impossible one ("Paringin, 11 JUNI 2625", "21 Agustus 2093"),
# completed from the years the document itself prints (``_impossible_year_told``): inferred, shown low, for review.
IMPOSSIBLE_YEAR_REVIEW = "tanggal: tahun tercetak mustahil (satu angka salah baca), dilengkapi dari tahun lain di surat — periksa"
_YEAR_TOKEN = re.compile(r"(?<![\w/.,])(\d{4})(?![\w/])")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _one_digit_years(year: str, this_year: int) -> set[str]:
    """The years a letter can carry (``year_out_of_range``) that differ from the four figures ``year`` in one figure."""
    return {y for k in range(4) for digit in "0123456789"
            if (y := year[:k] + digit + year[k + 1:]) != year and not year_out_of_range(int(y), this_year)}


def _impossible_year_told(tanggal: Field, lines: list[str], nomor: Field, rujukan: list[Field],
                          labels: list[_LabelHit], confs: dict[str, float] | None, review: list[str],
                          today: date | None = None) -> Field:
    """A letter without a date whose place-date (or date above the signer) prints a year no letter can have, one
    figure misread ("2625", "2093": outside ``_validate_tanggal``'s range), and where exactly one of the years one
    figure away from it is printed elsewhere in the document (the number's year, another date, a title's "TAHUN
    2023"): the date with that year, found where extraction finds a letter's date once the year is put back
    (``_tanggal_field`` on the lines with that one token replaced). Figures misread in one place are printed
    right in another; two candidate years printed (2003 and 2023 for "2093") or none leave it empty. Only when
    the date was not found at all or emptied for its year alone (Tesseract may doubt that year, nothing else on
    the date), the day read sure where the words are known, and never against the letter's own number
    (``check_nomor``). Like ``_cut_year_from_nomor`` the year is inferred, not read: ``CUT_YEAR_CONFIDENCE``,
    named for review."""
    if tanggal.present:
        return tanggal
    if tanggal.confidence > 0:
        out_of_range = re.search(r"tahun (\d{4}) di luar rentang wajar", tanggal.reason)
        doubted = re.findall(r"OCR ragu pada '([^']*)'", tanggal.reason)
        if out_of_range is None or any(d != out_of_range.group(1) for d in doubted):
            return tanggal
    this_year = (today or date.today()).year
    for i, line in enumerate(lines):
        for m in _YEAR_TOKEN.finditer(line):
            if not year_out_of_range(int(m.group(1)), this_year):
                continue
            others = "\n".join([*lines[:i], line[:m.start(1)] + " " + line[m.end(1):], *lines[i + 1:]])
            told = _one_digit_years(m.group(1), this_year) & set(_ANY_YEAR.findall(others))
            if len(told) != 1:
                continue
            year = told.pop()
            mended = [*lines[:i], line[:m.start(1)] + year + line[m.end(1):], *lines[i + 1:]]
            found = _tanggal_field(mended, find_dates("\n".join(mended)), rujukan, labels)
            joined = "\n".join(mended)
            hit = next((d for d in find_dates(joined) if d.iso == found.value
                        and joined.count("\n", 0, d.start) == i), None) if found.present else None
            if hit is None or str(found.value)[:4] != year:
                continue
            day = day_figures(joined, hit)
            if confs is not None and (day is None or confs.get(token_key(day), 0.0) < DIGIT_UNSURE):
                continue  # the day itself in doubt (or not among the page's words)
            if nomor.present and check_nomor(str(nomor.value), str(found.value)):
                continue
            review.append(IMPOSSIBLE_YEAR_REVIEW)
            return Field(found.value, CUT_YEAR_CONFIDENCE,
                         f"{found.reason}; tahun tercetak '{m.group(1)}' mustahil, tahun {year} {INFERRED_NOTE} "
                         f"tahun lain di surat (satu angka berbeda)")
    return tanggal


# the column row of an attendance list (its "DAFTAR HADIR" title may be lost): a name and a signature column
_ATTENDANCE_COLUMNS = re.compile(r"\bnama\b.*\b(tanda\s*tangan|paraf|ttd)\b", re.IGNORECASE)


# "Hari/Tanggal" with the T of "Tanggal" read as a thin stroke ("Hari/langgal", "Hari/Ianggal", "Hari/1anggal")
_MISREAD_HARI_TANGGAL = re.compile(r"^\s*(\d+\s*[.,]\s*)?hari\s*/\s*[lI1i|!]anggal\b", re.IGNORECASE)


def _tanggal_field(lines: list[str], dates: list[DateHit], rujukan: list[Field], labels: list[_LabelHit]) -> Field:
    """The letter's own date: the place-date line near the top (or a date standing alone in the head, as
    letters whose kop already names the place write it), else the MoU/BA date in words, else a place-date at
    the signature, else a "Tanggal :" row inside the head's label block (a nota dinas). Dates of letters
    referred to, event dates ("Hari/Tanggal : …", "Hari : … / Tanggal : …") and the rows of a list or agenda
    are never taken: a document without a letter date gets none."""
    if not dates:
        return Field(reason="tidak ada tanggal")
    text = "\n".join(lines)
    top_end = len("\n".join(lines[: max(20, len(lines) // 3)]))
    own = [d for d in dates if not _is_reference_date(text, d)]
    for kinds, where, bonus in ((("place_date",), "top", 0.0), (("head_date",), "top", 0.0),
                                (("words",), "any", 0.0), (("place_date",), "any", -0.1)):
        for d in own:
            kind = _head_date_kind(text, d) if d.kind == "plain" else d.kind
            if kind in kinds and (where == "any" or d.start <= top_end):
                place = "di kepala surat" if d.start <= top_end else "di bagian tanda tangan"
                if kind == "head_date":
                    return Field(d.iso, 0.8, f"tanggal surat tanpa nama tempat, {place}")
                return Field(d.iso, round(d.confidence + bonus, 2), f"{d.reason}, {place}")
    for d in own:  # the signature's date whose place OCR lost or read without its comma, above the signer's role
        signed = _signature_date(lines, text, d)
        if signed is not None:
            return signed
    for d in own:  # "Ditetapkan di : Paringin / pada tanggal : 2 Mei 2024" closing a decree or an order
        line_no = text.count("\n", 0, d.start)
        before = text[text.rfind("\n", 0, d.start) + 1: d.start]
        if re.search(r"(tanggal|tgl\.?)\s*[:;]?\s*$", before, re.IGNORECASE) and _decreed_above(lines, line_no, before):
            return Field(d.iso, 0.85, f"{d.reason}: 'Ditetapkan di … tanggal', baris {line_no + 1}")
    if any(re.match(r"^\s*(berita\s+acara|daftar\s+hadir|absensi)\b", ln, re.IGNORECASE) for ln in lines[:15]) \
            or any(_ATTENDANCE_COLUMNS.search(ln) for ln in lines[:30]):
        # a berita acara is dated by the day it records, an attendance list ("daftar hadir", "absensi") by its
        # meeting (its one head date):
        # "Hari / Tanggal : Kamis / 3 Oktober 2024"
        for d in own:
            line_no = text.count("\n", 0, d.start)
            # OCR reads the colon as '/' or specks before it ("1 . Hari / Tanggal / 03 Oktober 2024", "Tanggal — :"),
            # or loses it before the day's name ("Hari/Tanggal Jumat, 11 Agustus 2023"), or reads it as a stroke
            # standing alone before the day's name ("Hari/Tanggal 1 Kamis, 11 Januari 2024")
            row = re.match(r"^\s*(\d+\s*[.,]\s*)?hari\s*/\s*tanggal\s*[-—–.,'\"]*\s*([:;/]|(?:[1lIi|!]\s+)?([A-Za-z']+))",
                           lines[line_no], re.IGNORECASE)
            if row and (row.group(3) is None or row.group(3).lower().replace("'", "") in day_words()) \
                    and line_no < 30:
                return Field(d.iso, 0.75, f"{d.reason}: 'Hari/Tanggal' berita acara, baris {line_no + 1}")
            # the label's 'T' read as a thin stroke ("Hari/langgal"): taken only where the day's name before the
            # date is that date's weekday (``WEEKDAY_AGREES``), which a misread figure would hardly keep
            if _MISREAD_HARI_TANGGAL.match(lines[line_no]) and WEEKDAY_AGREES in d.reason and line_no < 30:
                return Field(d.iso, 0.75, f"{d.reason}: 'Hari/Tanggal' berita acara (label terbaca "
                                          f"'{lines[line_no].split(':')[0].strip()}'), baris {line_no + 1}")
    block = {h.line for h in labels if h.name in ("nomor", "sifat", "lampiran", "perihal")}
    for d in own:
        line_no = text.count("\n", 0, d.start)
        line = lines[line_no]
        if not re.match(r"^\s*(tanggal|tgl\.?)\s*[:;]", line, re.IGNORECASE):
            continue
        prev = next((ln for ln in reversed(lines[max(0, line_no - 3): line_no]) if ln.strip()), "")
        near_block = any(abs(line_no - b) <= 2 for b in block)
        if near_block and not re.match(r"^\s*(\d+\.\s*)?(hari|jam|waktu|pukul|acara|tempat)\b", prev, re.IGNORECASE):
            return Field(d.iso, 0.75, f"{d.reason}: baris 'Tanggal :' di blok kepala surat, baris {line_no + 1}")
    return Field(reason="hanya tanggal di isi surat; tanggal surat tidak dipastikan")


# "Ditetapkan di" (a decree's or a circular's closing formula) opening a line, its word misread by OCR
# ("Ditetankan di Paringir"): found by edit distance, and then only above a bare "pada tanggal" line (a body
# sentence's "ditempatkan di … / terhitung mulai tanggal" is no formula)
# The formula's "di", a speck read after it or its i read as l or 1 ("Ditetapkan dit Paringin", "Ditetapkan dl …").
_DI_WORD = r"d[il1][a-z]?\b"
_DECREED = re.compile(rf"^\W*([A-Za-z]{{8,12}})\s+{_DI_WORD}")
_FORMULA_DATE_LINE = re.compile(r"^\W*(?:pada\s+)?(?:tanggal|tgl\.?)\s*[:;]?\s*$", re.IGNORECASE)
DECREED_LINES = 3  # the formula's "Ditetapkan di …" line stands this many written lines above "pada tanggal"


def _decreed_above(lines: list[str], line_no: int, before: str) -> bool:
    """Whether "Ditetapkan di" stands in one of the ``DECREED_LINES`` written lines above ``line_no`` (or in the
    line itself, ``before`` the date); blank lines OCR put between the place and "pada tanggal" (a stamp, a
    place read in two pieces) do not count. A misread word counts only at a line's start above a bare
    "pada tanggal"."""
    above = [ln for ln in lines[:line_no] if ln.strip()][-DECREED_LINES:] + [before]
    if any(re.search(rf"ditetapkan\s+{_DI_WORD}", ln, re.IGNORECASE) for ln in above):
        return True
    misread = (_DECREED.match(ln) for ln in above[:-1])
    return bool(_FORMULA_DATE_LINE.match(before)) and \
        any(m is not None and fuzz.ratio(m.group(1).lower(), "ditetapkan") >= 80 for m in misread)


_SIGNER_ROLE = re.compile(r"^\s*[A-Z][A-Za-z0-9.()/\- ]{2,60},\s*$")  # "Pelaksana Kegiatan,", "Kepala SDN 2 Tumaki,"
# The block's closing "di Tempat" / "di -" / "di <Town>" line, joined onto the name: cut there. A town is one to
# three capitalised words that end the block ("di Paringin", "di Batu Piring"); "di" inside a name is followed by more.
_ADDRESS_PLACE = re.compile(r"\s+[Dd][Ii]\s+(?:(?i:tempat)\b|-|(?=[A-Z][A-Za-z'.\-]*(?:\s+[A-Z][A-Za-z'.\-]*){0,2}\s*[,.]?\s*$))")
_PLACE_BEFORE = re.compile(r"^\s*(?:[A-Z][A-Za-z]{2,}(?:\s[A-Z][A-Za-z]{2,})?\s*[,.]?)?\s*$")  # "Paringin" (no comma)
# A place whose capital OCR lost or read as a speck ("'aringin, 04 Juni 2025"): one word of four letters or more
# after at most two marks, with its comma.
_PLACE_INITIAL_LOST = re.compile(r"^\s*[^\w\s]{0,2}([a-z]{4,})\s*,\s*$")
# A place OCR misread into a few short words, its comma kept ("salat Wet awet, 08 September 2023"): at most four
# words, the last before the comma; no word of a sentence or a day's name among them (checked with ``_NOT_PLACE``)
_PLACE_GARBLED = re.compile(r"^\s*(?:\S+\s+){0,3}[A-Za-z]{3,}\s*,\s*$")
# Words that stand before a date in a sentence, never a place.
_NOT_PLACE = frozenset(("pada", "tanggal", "sejak", "sampai", "hingga", "hari", "bulan", "tahun", "sabtu", "minggu"))


def _signature_date(lines: list[str], text: str, d: DateHit) -> Field | None:
    """A date in figures and month word standing alone on its line (or after a place read without its comma,
    "Paringin 18 Juni 2025"), with the signer's role ("Pelaksana Kegiatan,") on the next line: the letter's
    signature date, whose place OCR lost. None for any other date."""
    if d.kind not in ("plain", "place_date"):
        return None
    line_no = text.count("\n", 0, d.start)
    start = text.rfind("\n", 0, d.start) + 1
    end = text.find("\n", d.end)
    end = len(text) if end < 0 else end
    prefix = text[start:d.start]
    if not re.search(r"\w", prefix):
        prefix = ""  # specks before the date ("— 30 JUNI 2023"): nothing stands before it, its place lost
    lost = _PLACE_INITIAL_LOST.match(prefix)
    if lost and lost.group(1) in _NOT_PLACE:
        lost = None
    garbled = _PLACE_GARBLED.match(prefix)
    if garbled and any(w.lower() in _NOT_PLACE or w.lower() in day_words() for w in re.findall(r"[A-Za-z]+", prefix)):
        garbled = None
    if not (_PLACE_BEFORE.match(prefix) or lost or garbled) or text[d.end:end].strip(" .,|"):
        return None
    below = [ln for ln in lines[line_no + 1: line_no + 1 + SIGNER_BLOCK_LINES + 2] if ln.strip()]
    if not below:
        return None
    if _signer_role_below(below):
        if garbled and not (_PLACE_BEFORE.match(prefix) or lost):
            return Field(d.iso, 0.75, f"{d.reason}, di atas jabatan penanda tangan (tempat salah terbaca: "
                                      f"'{prefix.strip()}'), baris {line_no + 1}")
        return Field(d.iso, 0.8, f"{d.reason}, di atas jabatan penanda tangan (tempat tidak terbaca), "
                                 f"baris {line_no + 1}")
    signed = [ln for ln in lines[line_no + 1: line_no + 1 + SIGNER_BLOCK_LINES + 2 + MAX_SCRIBBLE_LINES] if ln.strip()]
    if (_PLACE_BEFORE.match(prefix) or lost) and _signer_nip_below(_without_scribble(signed)):
        return Field(d.iso, 0.75, f"{d.reason}, di atas nama dan NIP penanda tangan (jabatan tidak terbaca), "
                                  f"baris {line_no + 1}")
    if (_PLACE_BEFORE.match(prefix) or lost) and _signer_nip_below(_without_scribble(signed), bare=True):
        return Field(d.iso, NIP_UNREAD_CONFIDENCE, f"{d.reason}, {NIP_UNREAD}, baris {line_no + 1}")
    return None


# One or two specks OCR read before the role's capital ('"Pelaksana Kegiatan,', "- Kepala Desa Halong,").
_ROLE_SPECKS = re.compile(r"^\s*[^\w\s(]{1,2}\s?(?=[A-Z])")
# The signer's NIP line ("NIP 19900627 202003 1 015", its I read as T or 1): it closes the signature block.
_NIP_LINE = re.compile(r"^\W{0,2}N[ITl1|]P\b\W{0,3}\d")
# The label alone, its figures lost to a photocopy's or a fax's dropout ("NIP", "NIP."): closes the block as well,
# for a date then taken at the least confidence extraction keeps and named for review (``NIP_UNREAD``).
_NIP_BARE = re.compile(r"^\W{0,2}N[ITl1|]P\W{0,3}$")
NIP_UNREAD = "di atas nama dan NIP penanda tangan, jabatan dan angka NIP tidak terbaca"
NIP_UNREAD_CONFIDENCE = 0.6  # the least extraction keeps (``THRESHOLDS``); named for review
# the signature block under the date: the role (one to ``MAX_ROLE_LINES`` lines), the signer's name, rank, NIP
SIGNER_BLOCK_LINES = 6


def _signer_role_below(below: list[str]) -> bool:
    """The lines ``below`` a date open with the signer's role (one line ending with its comma, specks before its
    capital passed over, or a role set over several lines)."""
    first = _ROLE_SPECKS.sub("", below[0], count=1)
    return bool(_SIGNER_ROLE.match(first)) or _role_over_lines([first, *below[1:]])


# A line of one or two letters, figures or marks alone: what OCR makes of the signature's scribble (or of a stamp's
# edge) between the signer's role and name ("5", "w", "2").
_SCRIBBLE = re.compile(r"^\W*\w{1,2}\W*$")
MAX_SCRIBBLE_LINES = 4


def _without_scribble(below: list[str]) -> list[str]:
    """``below`` without the scribble remnants (``_SCRIBBLE``) among its lines, at most ``MAX_SCRIBBLE_LINES`` of
    them; unchanged when there are more, or when the lone figures among them count 1, 2, 3 … in order (a list's
    row numbers read apart from their rows, which ``_signer_nip_below`` must see)."""
    remnants = [ln for ln in below if _SCRIBBLE.match(ln)]
    figures = [int(ln.strip(" .)|")) for ln in remnants if ln.strip(" .)|").isdigit()]
    if not remnants or len(remnants) > MAX_SCRIBBLE_LINES or figures and figures == list(range(1, len(figures) + 1)):
        return below
    return [ln for ln in below if not _SCRIBBLE.match(ln)]


def _signer_nip_below(below: list[str], bare: bool = False) -> bool:
    """The signer's NIP line within ``SIGNER_BLOCK_LINES`` written lines ``below`` a date, and no figure in the
    lines between (the role OCR lost, the name, the rank: "Jumberi, S.Pd." / "Penata Muda Tk. I (III/b)"). A list
    or a table whose rows hold NIPs has figures in its rows, the body's lines have words of a sentence; a date in a
    sentence is not alone on its line. With ``bare``, a NIP label whose figures were lost (``_NIP_BARE``) closes
    the block too."""
    for k, line in enumerate(below[:SIGNER_BLOCK_LINES]):
        if _NIP_LINE.match(line) or bare and _NIP_BARE.match(line):
            return k > 0
        if re.search(r"\d", line) or _SENTENCE_WORDS.search(line):
            return False
    return False


# two lower-case words in a row: a line of the body ("kegiatan berjalan lancar"), not a place's piece, a name or a
# rank ("ggi,", "Jumberi, S.Pd.", "Penata Muda Tk. I (III/b)")
_SENTENCE_WORDS = re.compile(r"\b[a-z]{2,}\s+[a-z]{2,}\b")


# A signer's role set on several lines, its first capitalised or "a.n." ("a.n. Kepala Dinas Perpustakaan" /
# "dan Kearsipan Kabupaten Balangan" / "Kepala Bidang Layanan" / "dan Pembinaan Perpustakaan,").
# "a.n." also read with its first dot lost ("an. Kepala Dinas"); a speck read after a line's last word ("Kepala
# Bidang Layanan :") is no part of it.
_ROLE_FIRST_LINE = re.compile(r"^\s*(?:a\.?\s?n\.\s+)?[A-Z][A-Za-z0-9.()/\- ]+(?:\s[:;|])?$")
_ROLE_LINE = re.compile(r"^\s*[A-Za-z][A-Za-z0-9.()/\- ]*(?:\s[:;|])?$")
MAX_ROLE_LINES = 4


def _role_over_lines(below: list[str]) -> bool:
    """The lines ``below`` a date open with a signer's role that ends, with its comma, on one of its first
    ``MAX_ROLE_LINES`` lines; the lines before that one hold no comma."""
    if not _ROLE_FIRST_LINE.match(below[0]):
        return False
    for k, line in enumerate(below[:MAX_ROLE_LINES]):
        if line.rstrip().endswith(","):
            return k > 0 and bool(_ROLE_LINE.match(line.rstrip()[:-1]))
        if k > 0 and not _ROLE_LINE.match(line):
            return False
    return False


# "pukul 13.12", also with the separator lost ("pukul 1106": a four-digit clock time); the clock word may be misread
# by up to ``CLOCK_WORD_EDITS`` letters ("puksil 08.05", "pukad 08.05": a photo's blur) when a time in figures follows;
# one letter or figure alone after the time is a speck read as one (a row read to the sheet's edge: "08.05 j")
_TIME_AFTER = re.compile(r"^\W*([A-Za-z]{3,7})\s*(?:\d{1,2}[.:,]\d{2}|(?:[01]\d|2[0-3])[0-5]\d)\b\W*(?:wi[bt]a?|wit)?"
                         r"(?:\s+[^\W_]\W*)?\W*$",
                         re.IGNORECASE)
CLOCK_WORD_EDITS = 2


def _time_after(suffix: str) -> bool:
    """Whether ``suffix`` (the rest of a date's line) is a clock time: "pukul" (``CLOCK_WORD_EDITS`` letters
    misread at most) or "jam", then a time in figures, nothing after it but a time zone."""
    found = _TIME_AFTER.match(suffix)
    if found is None:
        return False
    word = found.group(1).lower()
    return word == "jam" or Levenshtein.distance(word, "pukul", score_cutoff=CLOCK_WORD_EDITS) <= CLOCK_WORD_EDITS
_SPECK_BEFORE = re.compile(r"^[A-Za-z]{1,2}$")  # an icon or a speck read as one or two letters ("Or"), no list mark
# the same icon read with a speck before its letter or two ("”J", "»J"): the speck is the icon's rim
_ICON_BEFORE = re.compile(r"^[^\w\s]{1,2}[A-Za-z]{1,2}$")


def _head_date_kind(text: str, d: DateHit) -> str:
    """'head_date' for a date standing where a letter's own date stands: alone on its line, after the Nomor
    value (right-hand column read into the same line), or after a comma whose place OCR lost; never after a
    day name or a Hari/Tanggal label (an event date)."""
    line_start = text.rfind("\n", 0, d.start) + 1
    prefix = text[line_start: d.start].strip()
    line_end = text.find("\n", d.end)
    suffix = text[d.end: line_end if line_end >= 0 else len(text)]
    if re.match(r"^\s*(nomor|no\.)\s*[:;]", suffix, re.IGNORECASE) and len(prefix.split()) <= 2:
        return "head_date"  # "Rabu 21 Desember 2022 Nomor: 263/H": the date column read into the number's line
    if not re.search(r"\w", prefix):
        prefix = ""  # specks before the date ("- 12 September 2023"): nothing stands before it
    stamped = _time_after(suffix)
    if stamped and (_SPECK_BEFORE.match(prefix) or _ICON_BEFORE.match(prefix)) and prefix.lower() not in day_words():
        prefix = ""  # the avatar or icon before a post's time stamp, read as a letter or two
    if stamped:  # "12 September 2023 pukul 13.12": a post's or message's time stamp, unless a sentence runs on
        before = next((ln for ln in reversed(text[:line_start].splitlines()) if ln.strip()), "").split()
        if before and before[-1][:1].islower():  # "… dilaksanakan pada" / "12 Juni 2024 pukul 09.00"
            return d.kind
    elif re.match(r"^\W*(\d|[a-z])", suffix):
        return d.kind  # the date begins a row of a table ("1 Juni 2025 38 89") or a sentence, not a date line
    if re.search(r"\b(tanggal|tgl|hari|pada)\b", prefix, re.IGNORECASE):
        return d.kind
    labelled = _LABEL_LINE.match(prefix)
    if not prefix or labelled and (_match_label(labelled.group(1)) or ("",))[0] == "nomor":
        return "head_date"
    bare = _LABEL_NOCOLON.match(prefix)  # "Nomor e-0021/RB.02.02 4 Juli 2024": the label's colon lost
    if bare and (_match_label(bare.group(1)) or ("",))[0] == "nomor" and len(bare.group(2).split()) == 1 \
            and re.search(r"\d[./]|[./]\d", bare.group(2)):
        return "head_date"
    if prefix.endswith(","):
        before = re.findall(r"[A-Za-z']+", prefix)
        if before and before[-1].lower() not in day_words():
            return "head_date"
    return d.kind


def _is_reference_date(text: str, d: DateHit) -> bool:
    """A date that belongs to another letter ("surat Saudara Nomor … tanggal 5 Februari 2024"). The closing
    formula of a circular or a decree ("… surat edaran ini untuk dilaksanakan. / Ditetapkan di Paringin /
    pada tanggal 6 Agustus 2024") dates the document itself, whatever sentence about the "surat" stands above."""
    before = text[max(0, d.start - 120): d.start].lower()
    if re.search(rf"ditetapkan\s+{_DI_WORD}[^\n]*\n[^\n]*(tanggal|tgl\.?)\s*[:;]?\s*$", before):
        return False
    return bool(re.search(r"surat\b[^\n]{0,100}(nomor|no\.)[^\n]{0,60}tanggal\s*[:]?\s*$", before.replace("\n", " "))
                or re.search(r"(tanggal|tgl\.?)\s*$", before) and "surat" in before[-80:])


# ---------------------------------------------------------------- rujukan (letters referred to)

_RUJUKAN = re.compile(
    r"(menindaklanjuti|membalas|menanggapi|merujuk|memperhatikan|berdasarkan|sehubungan dengan|menjawab)"
    r"[^.]{0,140}?\bsurat\b[^.]{0,120}?\b(?:nomor|nornor|no\.)\s*[:.]?\s*([0-9A-Za-z][^\s,;]*(?:\s*/\s*[^\s,;]+)*)",
    re.IGNORECASE)
_SURAT_SAUDARA = re.compile(
    r"\bsurat\s+(?:saudara|bapak|ibu|dari)[^.]{0,120}?\b(?:nomor|nornor|no\.)\s*[:.]?\s*"
    r"([0-9A-Za-z][^\s,;]*(?:\s*/\s*[^\s,;]+)*)", re.IGNORECASE)


def _rujukan(lines: list[str], own_nomor: str | None) -> list[Field]:
    """Letters this one answers or follows up, by their number ("menindaklanjuti surat … Nomor …")."""
    body = re.sub(r"\s+", " ", " ".join(lines))
    found: list[Field] = []
    for pattern, base in ((_RUJUKAN, 0.85), (_SURAT_SAUDARA, 0.8)):
        for m in pattern.finditer(body):
            value, repaired = normalise_nomor(m.group(m.lastindex or 0))
            if value is None or value == own_nomor or any(f.value == value for f in found):
                continue
            if not re.search(r"[/.]", value):
                continue
            tail = body[m.end(): m.end() + 60]
            when = re.match(r"\s*,?\s*tanggal\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})", tail, re.IGNORECASE)
            reason = f"'{m.group(0)[:60]}…'" + (f" tanggal {when.group(1)}" if when else "")
            found.append(Field(value, round(base - (0.1 if repaired else 0), 2), "surat dirujuk: " + reason))
    return found


# ---------------------------------------------------------------- penerima

# A line that closes a letter (its signer's NIP, its closing "Demikian ..."): the addressee block came before it.
_LETTER_CLOSED = re.compile(r"^\s*(?:NIP\.?\s*[:.]?\s*\d|(?i:demikian)\b)")


def _penerima_field(lines: list[str]) -> Field:
    """The addressee block: "Yth." (or "Kepada Yth.") up to the "di" line (or, without one, the short lines
    before the body). A form's "Kepada Yth. :" row (a disposition sheet) is a blank to fill, not an addressee."""
    if any(re.match(r"^\s*(lembar|formulir|kartu)\b", ln, re.IGNORECASE) and mostly_upper(ln) for ln in lines[:12]):
        return Field(reason="formulir: baris 'Kepada Yth.' adalah isian, bukan penerima")
    for i, line in enumerate(lines):
        if re.match(r"^\s*tembusan\b", line, re.IGNORECASE) or _LETTER_CLOSED.match(line):
            break  # copies-to list, or the letter closed (a "Yth:" copies list whose "Tembusan" OCR lost)
        m = _YTH.match(line)
        late = _YTH_LATE.match(line) if m is None else None
        if late and re.search(r"y[tf][hbn],", line, re.IGNORECASE) and any(
                w[0].islower() and w.lower() not in _SMALL_WORDS for w in re.findall(r"[A-Za-z]{3,}", late.group(1))):
            late = None  # "… Yth, Camat Juai" mid-line, its "Kepada" garbled; not a line of running words
        m = m or late
        if not m:
            continue
        head = line.strip().split()[0].lower().strip(".,:")
        exact = head in ("yth", "kepada", "yang") and not late
        first = re.sub(r"^kepada\s*[:;.]?\s*", "", m.group(1).strip(), flags=re.IGNORECASE)  # "Yth. Kepada :"
        exact_list = True
        unsure_block = False
        parts = [first] if first else []
        more: list[str] = []
        closed = False
        for nxt in [ln.strip() for ln in lines[i + 1:] if ln.strip()][:8]:  # OCR's blank lines do not count
            if not nxt:
                continue
            if _DI_LINE.match(nxt):
                closed = True
                break
            if re.fullmatch(r"\W*tempat\W*", nxt, re.IGNORECASE):  # "di - / Tempat" whose "di" OCR lost
                while more and (not re.search(r"[A-Za-z]{2}", more[-1]) or re.fullmatch(r"\W*d[a-z]{0,2}\W*", more[-1])):
                    more.pop()  # the lost "di" read as a speck ("1", "|") or with a speck ("dis", "di.")
                closed = bool(more) or bool(first)
                break
            numbered = re.match(r"^\d{1,2}\.\s", nxt) or re.match(r"^\s*\d{1,2}\.\s", first)
            if _LABEL_LINE.match(nxt) or _STOP_CONTINUATION.match(nxt) or len(more) == (8 if numbered else 4):
                break
            more.append(nxt)
        if not parts and more:
            parts.append(more.pop(0))
        if closed:
            parts += more  # lines between "Yth." and "di" belong to the addressee
        else:  # no "di" line: short lines of the address block until the body begins
            for nxt in more:
                if len(nxt) > 45 or nxt.endswith((".", ",")) or not re.match(r"^(?:[A-Z(]|se\b|se-)", nxt):
                    # a garbled address line? A line opening with a digit is the body's numbered list, unless
                    # the digit stands bare before a name ("5 Kabupaten Balangan": a speck, or a lost "1.")
                    unsure_end = len(nxt) <= 45 and (not re.match(r"^\d", nxt)
                                                     or bool(re.match(r"^\d{1,2}\s+[A-Z][a-z]", nxt)))
                    break
                parts.append(nxt)
            else:
                unsure_end = False
            following = next((ln.strip() for ln in lines[i + 1: i + 3] if ln.strip()), "")
            interleaved = bool(late) and bool(_LABEL_LINE.match(following))  # "Sifat Yth. …" / "Lampiran : …"
            unsure_block = unsure_end or interleaved
            if any(re.match(r"^\d{1,2}\.\s", nxt) for nxt in more[len(parts) - 1:]):
                exact_list = False  # a numbered list whose end was not found: its value would be cut short
            else:
                exact_list = True
        if any(_starts_with_label(p) for p in parts):
            unsure_block = True  # "Lampiran 1- dan Swasta …": the label block's rows read into the addressee's
        parts = [" ".join(w.strip("\"“”'‘’|") for w in p.split() if re.search(r"\w", w)) for p in parts]
        place_line = None if closed or unsure_block else _place_line_after_name(parts, lines)
        if place_line:
            parts = parts[:-1]
        value = re.sub(r"\s+", " ", " ".join(parts)).strip(" ,.;:")
        value = _ADDRESS_PLACE.split(value, maxsplit=1)[0].strip(" ,.")
        value = expand_abbreviations(value)
        value = _drop_specks_in_name(fix_office_words(value))
        # "1. Kepala … 2. Kepala …": one list; in a list whose first item is numbered, "3, Kepala" is its item too
        value = re.sub(r"\s(\d{1,2})[.,]\s+(?=[A-Z])" if re.match(r"^1\.\s", value) else r"\s(\d{1,2})\.\s+(?=[A-Z])",
                       r"; ", value)
        value = re.sub(r"^\d{1,2}\.\s+", "", value)
        if len(value) < 4 or not (value[:1].isupper() or value[:1] == "(") or re.match(r"^di\b", value, re.IGNORECASE):
            continue  # OCR garbage where the addressee should be ("si Ipa ni …", "di Hi Dinas …")
        conf = (0.9 if exact else 0.75) if exact_list else 0.5
        if name_cut_short(value):
            return Field(value, 0.5, f"blok 'Yth.' baris {i + 1}: nama terpotong (berakhir dengan "
                                     f"'{value.split()[-1]}' tanpa nama sesudahnya)")
        if unsure_block:
            return Field(value, 0.5, f"blok 'Yth.' baris {i + 1}: akhir alamat tidak jelas (tanpa baris 'di', "
                                     "baris berikutnya rusak atau bercampur kolom lain)")
        reason = f"blok 'Yth.' baris {i + 1}" + ("" if exact else " (label dikenali secara fuzzy)")
        if place_line:
            reason += f"; baris terakhir '{place_line}' tempat alamat: isi surat menyebut nama tanpa baris itu"
        return Field(value, conf, reason)
    return _kepada_row(lines) or Field(reason="tidak ada blok Yth.")


_KEPADA_ROW = re.compile(r"^\s*kepada\s*[:;]\s*([A-Z(].*?)\s*$", re.IGNORECASE)


def _kepada_row(lines: list[str]) -> Field | None:
    """A form's or memo's "Kepada : <name>" row (a payment order, a nota dinas without "Yth."): the addressee
    stands on the label's own line. Sure only when a label row follows it (the form's next row, "NPWP : …",
    "Dari : …"), so the name cannot go on to the next line; otherwise given as unsure. A disposition sheet's
    "Kepada :" (whoever the letter is passed on to) is none, whether or not its title was read."""
    if any(re.search(r"\bdisposisi\b", ln, re.IGNORECASE) for ln in lines):
        return None
    for i, line in enumerate(lines):
        if re.match(r"^\s*tembusan\b", line, re.IGNORECASE) or _LETTER_CLOSED.match(line):
            return None
        m = _KEPADA_ROW.match(line)
        if not m:
            continue
        value = _drop_specks_in_name(fix_office_words(expand_abbreviations(m.group(1).strip(" ,.;:"))))
        if len(value) < 4 or not re.search(r"[A-Za-z]{2}", value):
            return None
        following = next((ln.strip() for ln in lines[i + 1:] if ln.strip()), "")
        if _ANY_LABEL.match(following) and not _DI_LINE.match(following):
            return Field(value, 0.75, f"baris 'Kepada :' baris {i + 1}")
        return Field(value, 0.5, f"baris 'Kepada :' baris {i + 1}: baris berikutnya bukan baris label, nama "
                                 "mungkin berlanjut")
    return None


# words that open a part of a name, never a place line of its own ("Kabupaten Balangan", "se- Jawa Tengah")
_UNIT_OPENING = frozenset(("kabupaten", "kab", "kota", "provinsi", "prov", "propinsi", "kecamatan", "kec", "kelurahan",
                           "kel", "desa", "ds", "se"))


# an office or a kind that a line under it names ("Bupati / Tanah Laut", "Kepala Desa / Batilai")
_TITLE_ENDS = frozenset(("bapak", "ibu", "saudara", "sdr", "kepala", "ketua", "pimpinan", "direktur", "rektor", "bupati",
                         "walikota", "gubernur", "camat", "lurah", "sekretaris", "desa", "kelurahan", "kecamatan",
                         "dinas", "sekolah", "madrasah", "daerah"))


def _place_line_after_name(parts: list[str], lines: list[str]) -> str | None:
    """The last line of an addressee block that has no "di" line, when it is the addressee's place rather
    than the end of its name: "Kepala MTs Nurul Amin Muara / Pido Lama / Batumandi". The two cannot be told
    apart by their look; the letter's own text tells them: it names the addressee again in its body, where
    the name's last words are followed by punctuation or running text and never by the place line's first
    word. None when the block gives no such evidence (the block stays whole, as before)."""
    if len(parts) < 2:
        return None
    place = parts[-1].split()
    name = " ".join(parts[:-1]).split()
    if not 1 <= len(place) <= 3 or len(name) < 2 or not all(re.fullmatch(r"[A-Z][A-Za-z'\-]+", w) for w in place):
        return None
    if len(name) < 3 or not re.fullmatch(r"[A-Za-z][A-Za-z'\-]+", name[-1]) or name[-1].lower() in _TITLE_ENDS:
        return None  # "Bapak Bupati / Tanah Laut", "Kepala Desa / Batilai": the line names whose office it is
    if place[0].lower() in _UNIT_OPENING or name[-1].lower() in _NEEDS_NAME_AFTER | _UNIT_OPENING:
        return None
    text = re.sub(r"\s+", " ", "\n".join(lines))
    end = re.escape(name[-2]) + r"\s+" + re.escape(name[-1])
    with_place = len(re.findall(end + r"\s+" + re.escape(place[0]) + r"\b", text))
    alone = re.search(r"\b" + end + r"(?:\s*[,.;:)]|\s+[a-z]|\s*$)", text)
    return parts[-1] if with_place <= 1 and alone else None


# a name's last word that always has a name after it: a region's kind ("Kab.", "Provinsi"), a joining word
_NEEDS_NAME_AFTER = frozenset(("kab", "kabupaten", "prov", "provinsi", "propinsi", "kec", "kel", "ds", "dan", "serta"))


def name_cut_short(value: str) -> bool:
    """Whether an addressee ends where its name cannot end ("Kepala Dinas Perpustakaan dan Kearsipan Kab.",
    "Kepala Dinas Pendidikan dan"): the rest of it was read elsewhere (into the row beside) or lost. A
    collective "Kabupaten/Kota" is whole."""
    last = value.split()[-1] if value.split() else ""
    return "/" not in last and last.strip(".,;:").lower() in _NEEDS_NAME_AFTER


def garbled_name(value: str) -> bool:
    """Whether an addressee written in Title Case has a lower-case word of three or more letters inside it,
    a capitalised word after it, that is no joining word ("Pe perpustakaan dan Dinas"): OCR damage, as in a
    subject (``_garbled_title``). Abbreviations ("C.q.", "u.p.") and joining words ("se", "dan") are no such
    word; a phrase ending in lower case ("Daftar Undangan terlampir") is written so. Used on the layout
    reading's column words (``addressee.addressee_by_layout``), not on the text's block: a letter may type a
    region's kind in lower case ("Setda provinsi …")."""
    words = [w for w in re.findall(r"[A-Za-z]+", value) if len(w) >= 2 and w.lower() not in _SMALL_WORDS]
    inside = any(w[0].islower() and len(w) >= 3 and nxt[0].isupper() for w, nxt in zip(words, words[1:]))
    return len(words) >= 3 and inside and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _drop_specks_in_name(value: str) -> str:
    """An addressee without the specks OCR puts inside it: a dot after a whole word of the language before the
    next name word ("Camat. Paringin Selatan"; an abbreviation is no word of the list and keeps its dot), a lone
    lower-case letter between words ("Perpustakaan n dan")."""
    words = dictionary("ind")
    value = re.sub(r"\b([A-Za-z]{4,})\.\s+(?=[A-Z][a-z])",
                   lambda m: m.group(1) + " " if m.group(1).lower() in words else m.group(0), value)
    return re.sub(r"(?<=\w)\s+[b-z](?=\s+\w)", "", value)


def _starts_with_label(line: str) -> bool:
    """Whether ``line`` begins with a label of the Nomor/Sifat/Lampiran/Hal block, with or without its colon."""
    first = re.match(r"^\W*([A-Za-z|1]{2,10})\b", line)
    return bool(first and first.group(1).lower() not in ("di", "no") and _match_label(first.group(1)))


# the abbreviation's dot may be read as a comma ("Kab, Balangan") when a name follows it
_ABBREVIATIONS = ((r"\bKab(?:\.|,(?=\s*[A-Z]))\s*", "Kabupaten "), (r"\bKec(?:\.|,(?=\s*[A-Z]))\s*", "Kecamatan "),
                  (r"\bKel(?:\.|,(?=\s*[A-Z]))\s*", "Kelurahan "), (r"\bDs\.\s*", "Desa "))


def expand_abbreviations(value: str) -> str:
    """Kab./Kec./Kel./Ds. written out, so the same addressee compares equal however it was typed."""
    for pattern, full in _ABBREVIATIONS:
        value = re.sub(pattern, full, value)
    return re.sub(r"\s+", " ", value).strip()


