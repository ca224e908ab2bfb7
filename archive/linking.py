"""Automatic linking of documents to activities, each link with its confidence and reason.

Strongest reason first: the document cites (``rujukan``) the number of a letter already
linked, or is cited by one, or (SOP evidence) writes such a number anywhere in its text
("Lampiran Berita Acara Nomor ..."); else the partner it names (metadata partner, a PIHAK of an
MoU, the addressee or sender that is not the Dinas itself, the letter head, or a partner of the
register written at the head) and its date: one partner and programme year are one activity
unless the evidence says otherwise (a second MoU with another number, a pause longer than
``ACTIVITY_GAP_DAYS``), which starts a new one. A name of no partner kind (a sentence fragment,
"Dinas") never starts an activity; nor does an untyped document. ``decide_link`` is pure (plain
evidence in, ``LinkDecision`` out); ``auto_link`` / ``link_unlinked`` apply it to the database,
audited. What stays unlinked is listed by ``unlinked_candidates`` with its most likely activity
(``suggest_activity``). A document a person unlinked is never re-linked automatically.
"""
from __future__ import annotations

import calendar
import dataclasses
import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Collection, Iterable, Sequence

from rapidfuzz import fuzz

from archive import db
from archive.activity_rows import activity_row, new_activity, parse_period, set_link
from archive.audit import (
    ActivityEvidence,
    AuditRules,
    EvidenceDoc,
    UnlinkedDocument,
    Wording,
    doc_step,
    load_rules,
    normalise_nomor,
    same_nomor,
)
from archive.continuation import article_run, article_span, continues
from archive.db import ActivityLinkRow, ActivityRow, Session, select
from archive.errors import ActivityError, DocumentNotFoundError
from archive.evidence import activity_evidence, document_partner, find_kecamatan, load_documents
from archive.gap_steps import take_guessed_steps
from archive.indexing import index_documents
from archive.listed_links import (
    LISTED_IN,
    LISTING_TYPES,
    documents_listed,
    fuzzy_lists,
    listed_activities,
    listing_text,
    move_listed,
    readable_rows,
    store_listed,
)
from archive.partners import (
    FUZZY_THRESHOLD,
    MENTION_THRESHOLD,
    MIN_SLIP_CORE,
    PLACE_KINDS,
    PartnerName,
    PartnerRegister,
    ends_a_line,
    fuzzy_mentions,
    is_partner_name,
    listed_names,
    lists_partner,
    mentions_partner,
    mentions_with_slips,
    misread_kecamatan,
    names_kecamatan,
    names_namesake,
    names_other_than_kecamatan,
    names_several_partners,
    normalise_partner,
    partners_named,
    repeats_name,
    same_partner,
    seed_register,
    similarity,
    times_named,
    within_slips,
    writes_kecamatan,
    written_longer,
    written_with_slips,
)
from ingest.dates import find_dates, month_words, repair_month
from ingest.nomor import nomor_year

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LinkDecision:
    """Where auto-linking puts a document: an existing activity, a new one, or nowhere."""

    activity_id: int | None
    confidence: float
    reason: str
    new_partner: str | None = None  # create an activity for this partner ...
    new_year: int | None = None  # ... and this year
    new_start: date | None = None  # ... from this day on (a second activity of the partner that year)
    # the activity joined was started by a misread of this name (``_activity_misread``): rename it
    rename_partner: str | None = None


# ---------------------------------------------------------------- the reasons' wording
# A link's reason is stored as Indonesian text (``activity_links.reason``, also in the audit log);
# these templates write it, and ``read_reason`` reads a stored text back into template and
# parameters, so other languages can render it: old rows need no new column. Changing a
# template leaves texts written with the old one unread (shown as stored): keep old ones listed.

BY_REFERENCE = "Merujuk surat nomor %(nomor)s pada kegiatan #%(activity)s."
REFERENCED_BY = "Dirujuk oleh surat pada kegiatan #%(activity)s (nomor %(nomor)s)."
NOT_EVIDENCE = "Bukan bukti tahap SOP dan tidak merujuk surat kegiatan."
SAME_PARTNER_IN_PERIOD = "Mitra sama (%(partner)s) dan tanggal dalam periode %(period)s."
NEW_ACTIVITY = "Kegiatan baru: mitra %(partner)s, tahun %(year)s."
SAME_PARTNER_NO_DATE = "Mitra sama (%(partner)s); tanggal tidak terbaca."
NAME_MATCHES = "Nama %(name)s cocok dengan mitra kegiatan #%(activity)s."
SEVERAL_PARTNERS = "Teks menyebut beberapa mitra; tautkan dengan tangan."
TEXT_NAMES_PARTNER = "Teks dokumen menyebut mitra %(partner)s (kegiatan #%(activity)s)."
NO_CLUE = "Mitra tidak terbaca dan tidak ada rujukan surat."
CITES_NOMOR = "Menyebut nomor surat %(nomor)s pada kegiatan #%(activity)s."
SAME_PARTNER_CONTINUES = "Mitra sama (%(partner)s), lanjutan kegiatan #%(activity)s (jeda %(days)s hari)."
NEW_ACTIVITY_AFTER_GAP = "Kegiatan baru: mitra %(partner)s, jeda lebih dari %(days)s hari sejak kegiatan #%(activity)s."
NEW_ACTIVITY_NEW_MOU = "Kegiatan baru: mitra %(partner)s, nota kesepahaman baru (kegiatan #%(activity)s sudah punya satu)."
LISTED_ONE = "Dokumen mendaftar beberapa mitra; hanya %(partner)s yang punya kegiatan (#%(activity)s) pada periodenya."
LISTED_ASKED = ("Dokumen mendaftar beberapa mitra; %(partner)s meminta tahap ini %(days)s hari sebelumnya "
                "(kegiatan #%(activity)s).")
CONTINUES_UPLOAD = "Lanjutan dokumen %(name)s yang diunggah bersamanya (pasal bersambung), kegiatan #%(activity)s."
ONLY_FIT_SCHEDULE = ("Jadwal tanpa baris mitra yang terbaca; satu-satunya kegiatan yang tanggal dan tahapnya cocok: "
                     "%(partner)s (kegiatan #%(activity)s).")
ONLY_FIT_SCHEDULE_ROW = ("Jadwal yang barisnya %(name)s mirip mitra %(partner)s, satu-satunya kegiatan yang tanggal dan "
                         "tahapnya cocok (kegiatan #%(activity)s).")
AMONG_UPLOAD = ("Diunggah di antara dokumen kegiatan #%(activity)s, dan petunjuknya sendiri menunjuk kegiatan itu: "
                "%(clues)s.")
KECAMATAN_ONLY = ("Teks hanya menyebut %(partner)s (sebagai tempat), tidak ada mitra lain; kegiatan #%(activity)s "
                  "belum punya bukti tahap %(step)s. Periksa tautannya.")
FILLS_GAP = ("Diunggah di antara dokumen kegiatan #%(activity)s dan mengisi tahap %(step)s yang belum ada buktinya "
             "di antara tahap %(before)s dan %(after)s kegiatan itu; periksa tautannya.")
YEAR_OUTVOTED = ("Teks dokumen menyebut mitra %(partner)s (kegiatan #%(activity)s); tahun tanggalnya (%(read)s) "
                 "kalah oleh tahun %(year)s yang tertulis %(times)s kali di teks. Periksa tanggalnya.")
AFTER_UPLOAD = ("Diunggah sesudah dokumen kegiatan #%(activity)s, tanpa dokumen kegiatan lain sesudahnya, dan "
                "petunjuk namanya sendiri menunjuk kegiatan itu: %(clues)s.")
FOLLOW_UP_MISREAD = ("Tahap lanjutan: mitra %(partner)s belum punya kegiatan, namanya mungkin salah baca dari mitra "
                     "kegiatan #%(activity)s; tautkan dengan tangan.")
# Parts of a suggestion's reason (``suggest_activity``, joined with "; "), not link reasons.
SUGGEST_PARTNER = "nama mitra mirip (%(partner)s)"
SUGGEST_TEXT = "teks menyebut %(partner)s"
SUGGEST_PERIOD = "tanggal dalam periode kegiatan"
SUGGEST_STEP = "tahap %(step)s belum ada buktinya"
SUGGEST_WORDS = "teks memuat %(found)s dari %(of)s kata nama %(partner)s"
SUGGEST_ONLY_FIT = "satu-satunya kegiatan tahun itu yang tanggal dan tahapnya cocok"
SUGGEST_SIGNED_MONTH = "bulan tanda tangan (%(month)s) dalam periode kegiatan"
SUGGEST_UPLOADED = "diunggah di antara dokumen kegiatan #%(activity)s"
LINKED_BY = "Ditautkan oleh %(user)s."  # hand links and unlinks (archive.activities)
UNLINKED_BY = "Dilepas oleh %(user)s."
MERGED_FROM = "Digabung dari kegiatan #%(activity)s oleh %(user)s."  # archive.activity_edits
REMOVED_WITH = "Kegiatan #%(activity)s dihapus oleh %(user)s."  # archive.activity_edits: left unlinked

REASON_TEMPLATES: tuple[str, ...] = (
    BY_REFERENCE, REFERENCED_BY, NOT_EVIDENCE, SAME_PARTNER_IN_PERIOD, NEW_ACTIVITY, SAME_PARTNER_NO_DATE,
    NAME_MATCHES, SEVERAL_PARTNERS, TEXT_NAMES_PARTNER, NO_CLUE, LINKED_BY, UNLINKED_BY, CITES_NOMOR,
    SAME_PARTNER_CONTINUES, NEW_ACTIVITY_AFTER_GAP, NEW_ACTIVITY_NEW_MOU, MERGED_FROM, REMOVED_WITH, LISTED_ONE,
    LISTED_IN, CONTINUES_UPLOAD, LISTED_ASKED, FOLLOW_UP_MISREAD, ONLY_FIT_SCHEDULE, AMONG_UPLOAD, FILLS_GAP,
    KECAMATAN_ONLY, ONLY_FIT_SCHEDULE_ROW, YEAR_OUTVOTED, AFTER_UPLOAD)


def reason_text(template: str, **params) -> str:
    """The stored text of a reason: ``template`` with its parameters."""
    return template % params


# What a parameter can be when a reason is read back (anything else: any text).
_PARAMETER_FORMS = {"activity": r"\d+", "year": r"\d{4}", "days": r"\d+", "step": r"\d+", "before": r"\d+",
                    "after": r"\d+", "read": r"\d{4}", "times": r"\d+"}


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", template)  # literal, name, literal, name, ..., literal
    body = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>{_PARAMETER_FORMS.get(p, '.+?')})"
                   for i, p in enumerate(parts))
    return re.compile(body, re.DOTALL)


_READERS = tuple((t, _pattern(t)) for t in REASON_TEMPLATES)


def read_reason(text: str | None) -> Wording | None:
    """A stored reason as ``Wording`` (template + parameters), or None for a text no template
    wrote (a reason from an older version, or typed by hand): it is then shown as stored."""
    for template, pattern in _READERS:
        m = pattern.fullmatch(text or "")
        if m and template % m.groupdict() == text:
            return Wording.of(template, **m.groupdict())
    return None


# ---------------------------------------------------------------- linking decisions (pure)

def _by_reference(doc: EvidenceDoc, activities: list[ActivityEvidence]) -> LinkDecision | None:
    for act in activities:
        for other in act.documents:
            if other.id == doc.id:
                continue
            if other.nomor and any(same_nomor(other.nomor, r) for r in doc.rujukan):
                return LinkDecision(act.id, 0.95, reason_text(BY_REFERENCE, nomor=other.nomor, activity=act.id))
            if doc.nomor and any(same_nomor(doc.nomor, r) for r in other.rujukan):
                return LinkDecision(act.id, 0.9, reason_text(REFERENCED_BY, activity=act.id, nomor=doc.nomor))
    return None


# The SOP (ingest/sop_burt.toml) gives each step a time standard but no length for a whole
# activity; its six steps follow each other within a programme year. A pause longer than this
# between a partner's letters is taken as a new cooperation, not a late step of the old one.
ACTIVITY_GAP_DAYS = 183

# A letter number written in the text: three or more parts separated by slashes.
_NOMOR_IN_TEXT = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]*(?:[ \t]?/[ \t]?[0-9A-Za-z][0-9A-Za-z.\-]*){2,}")
# Cited numbers shorter than this (normalised) are not trusted to link: too likely to recur.
MIN_CITED_KEY = 8


def nomors_in_text(text: str) -> list[str]:
    """The letter numbers written anywhere in ``text`` ("Lampiran Berita Acara Nomor: ...",
    "Menindaklanjuti surat ... nomor ...")."""
    return [m.group(0) for m in _NOMOR_IN_TEXT.finditer(text or "")]


def _by_cited_nomor(doc: EvidenceDoc, activities: list[ActivityEvidence], text: str) -> LinkDecision | None:
    """A letter number of an activity's document written in this document's text (not its own)."""
    cited = [n for n in nomors_in_text(text) if not (doc.nomor and same_nomor(n, doc.nomor))]
    if not cited:
        return None
    for act in activities:
        for other in act.documents:
            if other.id == doc.id or not other.nomor or len(normalise_nomor(other.nomor)) < MIN_CITED_KEY:
                continue
            if any(same_nomor(other.nomor, n) for n in cited):
                return LinkDecision(act.id, 0.9, reason_text(CITES_NOMOR, nomor=other.nomor, activity=act.id))
    return None


def _in_period(acts: list[ActivityEvidence], day: date | None, slack: int) -> list[ActivityEvidence]:
    if day is None:
        return acts
    return [a for a in acts if a.start and a.end
            and a.start.toordinal() - slack <= day.toordinal() <= a.end.toordinal() + slack]


def _span_days(activity: ActivityEvidence) -> int:
    """Length of an activity's period (those ``_in_period`` returns for a dated document have one)."""
    return (activity.end - activity.start).days if activity.start and activity.end else 0


def _gap_days(activity: ActivityEvidence, day: date) -> int | None:
    """Days between ``day`` and the nearest dated document of ``activity`` (None: none dated)."""
    days = [abs((d.tanggal - day).days) for d in activity.documents if d.tanggal]
    return min(days) if days else None


def _second_agreement(doc: EvidenceDoc, activity: ActivityEvidence, rules: AuditRules) -> bool:
    """``doc`` is an agreement (MoU) with another number than the one ``activity`` already has."""
    if doc.doc_type not in rules.agreement_types or not doc.nomor:
        return False
    return any(d.doc_type in rules.agreement_types and d.nomor and not same_nomor(d.nomor, doc.nomor)
               for d in activity.documents if d.id != doc.id)


def _same_partner_dated(doc: EvidenceDoc, day: date, same: list[ActivityEvidence], rules: AuditRules,
                        label: str) -> LinkDecision:
    """The activity of a dated document with a sure partner: one partner and programme year are one
    activity unless the evidence says otherwise (a second MoU, a pause over ``ACTIVITY_GAP_DAYS``)."""
    split: tuple[str, ActivityEvidence] | None = None
    fits = []
    for act in _in_period(same, day, rules.tolerance_days):
        gap = _gap_days(act, day)
        if _second_agreement(doc, act, rules):
            split = split or (NEW_ACTIVITY_NEW_MOU, act)
        elif gap is not None and gap > ACTIVITY_GAP_DAYS:
            split = split or (NEW_ACTIVITY_AFTER_GAP, act)
        else:
            fits.append(act)
    if fits:
        best = min(fits, key=lambda a: (_gap_days(a, day) if _gap_days(a, day) is not None else 10**6, _span_days(a)))
        return LinkDecision(best.id, 0.85, reason_text(SAME_PARTNER_IN_PERIOD, partner=doc.partner, period=best.period))
    # an activity of an earlier year that goes on (its last letter within the pause allowed)
    going_on = [a for a in same if a.end and a.end < day and (_gap_days(a, day) or 10**6) <= ACTIVITY_GAP_DAYS
                and not _second_agreement(doc, a, rules)]
    if going_on and split is None:
        best = min(going_on, key=lambda a: _gap_days(a, day) or 0)
        return LinkDecision(best.id, 0.75, reason_text(SAME_PARTNER_CONTINUES, partner=doc.partner, activity=best.id,
                                                       days=_gap_days(best, day)))
    if split is not None:
        template, act = split
        return LinkDecision(None, 0.7, reason_text(template, partner=label, activity=act.id,
                                                   **({"days": ACTIVITY_GAP_DAYS} if template == NEW_ACTIVITY_AFTER_GAP
                                                      else {})),
                            new_partner=label or doc.partner, new_year=day.year, new_start=day)
    return LinkDecision(None, 0.7, reason_text(NEW_ACTIVITY, partner=label, year=day.year),
                        new_partner=label or doc.partner, new_year=day.year)


# A cut-short name must keep at least this many letters of its own (kind words aside: "Komunitas Baca"
# keeps "baca") to be completed without the whole name in the text.
MIN_CUT_LETTERS = 4


def _completed(name: PartnerName, activities: list[ActivityEvidence], text: str,
               day: date | None = None, slack: int = 0) -> PartnerName:
    """A partner name cut short where its line ended ("Komunitas Rumah" / "Baca ...") read as the
    one activity partner whose name starts with it and is written whole in the text (or, with no such
    partner, the one written whole within OCR slips, ``mentions_with_slips``: a long name of no place kind); failing that
    (the rest of the name lost: "PERPUSTAKAAN KOMUNITAS BACA"), the one activity partner of that
    period whose name is it plus whole words. Not for places: "Desa Batu" is not "Desa Batu Piring"."""
    longer, extended, slipped = {}, {}, {}
    for act in activities:
        other = normalise_partner(act.partner)
        if other.core != name.core and other.core.startswith(name.core) and other.numbers == name.numbers \
                and (not name.kind or not other.kind or name.kind == other.kind):
            if mentions_partner(text, act.partner):
                longer[other.key] = other
            elif len(name.core) >= MIN_CUT_LETTERS and mentions_with_slips(text, act.partner):
                slipped[other.key] = other
            elif name.kind and name.kind not in PLACE_KINDS and len(name.core) >= MIN_CUT_LETTERS \
                    and other.display.lower().startswith(name.display.lower() + " ") \
                    and (day is None or _in_period([act], day, slack)):
                extended[other.key] = other
    if len(longer) == 1:
        return next(iter(longer.values()))
    if not longer and len(extended) == 1:
        return next(iter(extended.values()))
    if not longer and not extended and len(slipped) == 1:  # cut mid-word ("MTs Hiday"), written whole with a slip
        return next(iter(slipped.values()))
    read_long = _read_long(name, activities, day, slack)
    if read_long is not None:
        return read_long
    if any(similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD for a in activities):
        return name  # an activity bears the name as read
    return (_written_right(name, activities, text, day, slack) or _place_misread(name, activities, text, day, slack)
            or written_longer(name, text) or _kecamatan_cut(name, activities, text, day, slack)
            or _letters_lost(name, activities, text, day, slack) or name)


def _kecamatan_cut(name: PartnerName, activities: list[ActivityEvidence], text: str, day: date | None,
                   slack: int) -> PartnerName | None:
    """A kecamatan whose addressee line ended before its last words ("Yth. Camat Paringin" / "Lampiran: -
    Selatan", the number block beside it) read as the longer kecamatan the text writes whole
    (``written_longer``: the added word on the next lines, every longer writing agreeing), when that kecamatan
    has an activity of the document's period. Both are real kecamatan, so a text of the shorter one writes no
    longer name of its kind where its line ended; dated documents only."""
    if name.kind != "kecamatan" or day is None:
        return None
    longer = written_longer(name, text, kecamatan=True)
    if longer is None or longer.key == name.key:
        return None
    fits = [a for a in _in_period(activities, day, slack) if normalise_partner(a.partner).key == longer.key]
    return longer if fits else None


# The fewest letters of its own a name cut at its line's end must keep to say how the partner's name starts.
MIN_EDGE_LETTERS = 2


def _edge_kinds(read: str | None, other: str | None) -> bool:
    """A name read as ``read`` may be a partner of kind ``other``: the same kind, or a village's library and
    the desa or kelurahan (a library is named by its village)."""
    return read == other or ("perpustakaan_desa" in (read, other) and {read, other} <= {*PLACE_KINDS, "perpustakaan_desa"}
                             and "kecamatan" not in (read, other))


def _cut_at_edge(doc: EvidenceDoc, hint: str, activities: list[ActivityEvidence], rules: AuditRules,
                 text: str) -> ActivityEvidence | None:
    """A dated document whose partner name lost its end where the page, the crop or the fax cut its line
    ("PERPUSTAKAAN DESA PA"): too short to be a name (``is_partner_name``), it still says the partner's kind and
    how its name starts. It joins the one activity of its period whose partner is of that kind and whose name
    (or village) starts with those letters, when that activity holds an earlier step dated before it and no
    document of its type (``_fits_date_and_step``: the SOP's order), and no other activity of the period is of
    that kind with a name so starting. Never for a name not ending a line of the text (it was read whole), one
    of no kind or numbered (a school's number says more than its letters), nor an undated document."""
    name = normalise_partner(hint)
    step = doc_step(doc, rules)
    if doc.tanggal is None or not step or name.kind in (None, "perpustakaan") or name.numbers \
            or len(name.core) < MIN_EDGE_LETTERS or is_partner_name(name) or not ends_a_line(text, hint):
        return None
    start = name.display.lower()
    starting = []
    for act in _in_period(activities, doc.tanggal, rules.tolerance_days):
        other = normalise_partner(act.partner)
        if _edge_kinds(name.kind, other.kind) and not other.numbers and any(
                shown.lower().startswith(start) for shown in (other.display, other.village_display) if shown):
            starting.append(act)
    if len(starting) != 1:
        return None
    return starting[0] if _fits_date_and_step(starting[0], doc, step, rules) else None


# How many more OCR slips than ``similarity`` allows a name may show when the text also writes it right.
SECOND_READING_SLIPS = 2


def _written_right(name: PartnerName, activities: list[ActivityEvidence], text: str, day: date | None,
                   slack: int) -> PartnerName | None:
    """A partner name misread by more letters than ``similarity`` allows ("MI Babul Ihsan Saght Kaya" in the
    addressee) read as the one activity partner of its period, same kind and numbers, that the text writes
    right elsewhere (the body's "... Babul Ihsan Sogit Raya"; ``mentions_partner``, exact) and that is within
    ``SECOND_READING_SLIPS`` more slips of it: two readings of one name, the worse one near the better. Never
    for places (a desa's name is in every address of it) nor unkinded names."""
    if not name.kind or name.kind in (*PLACE_KINDS, "perpustakaan") or len(name.core) < MIN_LONG_LETTERS or not text:
        return None
    found = {}
    for act in activities:
        other = normalise_partner(act.partner)
        if other.kind != name.kind or other.numbers != name.numbers or (day and not _in_period([act], day, slack)):
            continue
        if within_slips(name.core, other.core, SECOND_READING_SLIPS) and mentions_partner(text, act.partner):
            found[other.key] = other
    return next(iter(found.values())) if len(found) == 1 else None


# How many times a text must write a place's name (as whole words) to witness it without its kind word before it
# ("Kepada Yth. Lurah Puas" / "di" / "Pijas", "untuk Keturahan Pijas").
PLACE_WITNESSES = 2


def _digits_read_in(name: PartnerName) -> str | None:
    """The letters of a place's name with the digits OCR read among them ("Desa 11 Luk Dojoja" for Teluk Dojoja:
    "11lukdojoja"), else None. A desa, kelurahan or kecamatan has no number in its name (a school has), so digits
    standing before its words are misread letters; a number after the name ("Sumber Rejo 2") is not taken."""
    if name.kind not in PLACE_KINDS or not name.numbers or not name.display:
        return None
    first = name.display.split()[0]
    found = re.search(r"(\d+)\s*" + re.escape(first) + r"\b", name.raw, re.IGNORECASE)
    return found.group(1) + name.core if found else None


def _misread_pair(name: PartnerName, other: PartnerName) -> tuple[bool, bool] | None:
    """Whether ``name`` may be a misread of the place ``other`` (or the reverse): same kind, numbers and
    ``SECOND_READING_SLIPS`` more slips than ``similarity`` allows, or one read with digits among its letters
    (``_digits_read_in``) within the same slips of the other's letters; then which of the two was read with
    digits. None when they cannot be one place."""
    if other.kind != name.kind:
        return None
    if other.numbers == name.numbers:
        return (False, False) if within_slips(name.core, other.core, SECOND_READING_SLIPS) else None
    mine, theirs = _digits_read_in(name), _digits_read_in(other)
    if mine and not other.numbers and within_slips(mine, other.core, SECOND_READING_SLIPS):
        return True, False
    if theirs and not name.numbers and within_slips(name.core, theirs, SECOND_READING_SLIPS):
        return False, True
    return None


def _place_misread(name: PartnerName, activities: list[ActivityEvidence], text: str, day: date | None,
                   slack: int) -> PartnerName | None:
    """A desa or kelurahan whose name OCR misread on one line ("DI KELURAHAN PILJAS") read as the one activity
    place of its period, same kind and numbers, within ``SECOND_READING_SLIPS`` more slips than ``similarity``
    allows, that the text writes exactly (``mentions_partner``, or as whole words ``PLACE_WITNESSES`` times) and
    more often than the name as read ("Aula Kelurahan Pijas", "Pijas, 19 Maret 2025"). Two villages a letter apart are both real: the letter joins only when its
    own text says which of the two it concerns; a tie joins neither, unless the name as read has digits among
    its letters ("DI DESA 11 LUK DOJOJA" beside "Balai Desa Teluk Dojoja"): no place is named so. An undated
    letter (its date unread) weighs every activity of the place, whatever its period, as a name read right does
    (``decide_link`` then joins the place's latest activity): the text's own writings still decide which place."""
    if name.kind not in PLACE_KINDS or not text:
        return None
    read = times_named(text, name)
    found = {}
    for act in activities:
        other = normalise_partner(act.partner)
        pair = _misread_pair(name, other)
        if pair is None and _cut_misread(name, other, text):
            pair = (False, False)
        if pair is None or not _in_period([act], day, slack):
            continue
        right = times_named(text, other)
        if (mentions_partner(text, act.partner) or right >= PLACE_WITNESSES) and (right > read or (pair[0] and right)):
            found[other.key] = other
    return next(iter(found.values())) if len(found) == 1 else None


def _cut_misread(name: PartnerName, other: PartnerName, text: str) -> bool:
    """``name`` is the place ``other`` with its last words cut where the line ended and the rest misread
    ("Lurah Padang Scwepis" / "Hulu" for Kelurahan Padang Sewepis Hulu): same kind and numbers, the first words
    of ``other`` (at least ``MIN_LOST_CORE`` letters) within ``SECOND_READING_SLIPS`` more slips than
    ``similarity`` allows but not equal to them (an exact first part is another village's whole name: "Desa
    Batu" is not "Desa Batu Piring"), and every cut word written in the text as a whole word."""
    if other.kind != name.kind or other.numbers != name.numbers:
        return False
    words = other.display.lower().split()
    cleaned = f" {re.sub(r'[^a-z0-9]+', ' ', text.lower())} "
    for cut in range(1, len(words)):
        head = "".join(words[:cut])
        if len(head) < MIN_LOST_CORE or head == name.core or not within_slips(name.core, head, SECOND_READING_SLIPS):
            continue
        if all(f" {word} " in cleaned for word in words[cut:]):
            return True
    return False


def _activity_misread(name: PartnerName, activities: list[ActivityEvidence],
                      activity_text: Callable[[ActivityEvidence], str] | None, text: str, day: date | None,
                      slack: int) -> ActivityEvidence | None:
    """The one activity of its period, same kind and numbers, that a misread of this desa or kelurahan started:
    its name within ``SECOND_READING_SLIPS`` more slips than ``similarity`` allows, and its own documents' texts
    (``activity_text``) write this name as whole words ``PLACE_WITNESSES`` times at least and more often than the
    activity's own ("DI KELURAHAN PILJAS" read from the title of its first letter, whose "Aula Kelurahan Pijas" and
    "Pijas, 19 Maret 2025" write the place right), while this document's text writes it more often than the
    activity's name too. The reverse of ``_place_misread`` (the activity named right, this letter misread); a
    village truly a letter apart has texts that never write the other's name, so it keeps its own. An activity
    whose name was read with digits among its letters ("Desa 11 Luk Dojoja") needs its texts to write this name
    once and no less often than its own. Dated only."""
    if name.kind not in PLACE_KINDS or day is None or activity_text is None or not text:
        return None
    found = {}
    for act in activities:
        other = normalise_partner(act.partner)
        pair = _misread_pair(name, other)
        if other.key == name.key or pair is None or not _in_period([act], day, slack):
            continue
        if times_named(text, name) <= times_named(text, other):
            continue
        own = activity_text(act)
        written, theirs = times_named(own, name), times_named(own, other)
        if (written >= PLACE_WITNESSES and written > theirs) or (pair[1] and written and written >= theirs):
            found[act.id] = act
    return next(iter(found.values())) if len(found) == 1 else None


def _activity_words_lost(name: PartnerName, activities: list[ActivityEvidence],
                         activity_text: Callable[[ActivityEvidence], str] | None, day: date | None,
                         slack: int) -> ActivityEvidence | None:
    """The one activity of its period, same kind and numbers, that a letter started with a word of this place's
    name lost ("Lurah Teluk Raya" for Kelurahan Teluk Denini Raya, a blurred word dropped from the addressee):
    the activity's name is this name's words with one or more whole words left out (at least two kept), and the
    activity's own documents write this whole name, within the OCR slips ``_close`` allows ("di" / "Teluk Denisi
    Raya"). A village truly named by the shorter words has letters that never write the longer name. Dated,
    places only, names of ``MIN_SLIP_CORE`` letters or more.

    A partner of another kind (no school's number) whose activity a letter started with the name's last words
    lost ("Yth. Ketua TBM Pustaka", the photo's edge took "Bestari"): the activity's name is this name's first
    words (its own letters ``MIN_CUT_LETTERS`` at least) and its documents write this whole name (the letter's
    own venue, "Ruang Perpustakaan TBM Pustaka Bestari"). The mirror of ``_completed``, which reads a cut name
    as the activity partner it starts when that activity exists first: a TBM truly named by the shorter words
    has letters that never write the longer name."""
    if day is None or activity_text is None:
        return None
    place = name.kind in PLACE_KINDS
    if place and len(name.core) < MIN_SLIP_CORE:
        return None
    if not place and (not name.kind or name.kind == "perpustakaan" or name.numbers):
        return None
    words = name.display.lower().split()
    found = {}
    for act in activities:
        other = normalise_partner(act.partner)
        kept = other.display.lower().split()
        if other.kind != name.kind or other.numbers != name.numbers or not _in_period([act], day, slack):
            continue
        if place and 2 <= len(kept) < len(words) and _is_subsequence(kept, words) \
                and written_with_slips(activity_text(act), name.core, len(words)):
            found[act.id] = act
        elif not place and 1 <= len(kept) < len(words) and kept == words[:len(kept)] \
                and len(other.core) >= MIN_CUT_LETTERS and mentions_partner(activity_text(act), name.label):
            found[act.id] = act
    return next(iter(found.values())) if len(found) == 1 else None


# "di" alone on the line after an addressee (its place on the next line), or "di <place>".
_DI_LINE = re.compile(r"^\s*di\b[\s\-:.,]*(.*)$", re.IGNORECASE)


def _addressed_at(name: PartnerName, text: str) -> list[str]:
    """The places a letter's addressee lines give after "di" where the addressee is the place ``name`` as read
    ("Kepada Yth. Lurah Muata Socijit Lacua" / "di-" / "Muara Sodijit Lama"): a desa or kelurahan is addressed
    at itself, so that place is a second reading of the same name."""
    lines = text.splitlines()
    words = name.display.lower().split()
    pattern = re.compile(r"\b" + r"\W*".join(map(re.escape, words)) + r"\W*$", re.IGNORECASE)
    found = []
    for i, line in enumerate(lines[:-1]):
        if not pattern.search(line):
            continue
        di = _DI_LINE.match(lines[i + 1])
        if di is None:
            continue
        place = di.group(1).strip() or (lines[i + 2].strip() if i + 2 < len(lines) else "")
        if place:
            found.append(place)
    return found


def _addressee_misread(name: PartnerName, activities: list[ActivityEvidence], doc: EvidenceDoc, rules: AuditRules,
                       text: str) -> ActivityEvidence | None:
    """The one activity of its period whose desa or kelurahan a letter's addressee misread on its line ("Kepada
    Yth. Lurah Muata Socijit Lacua") while the "di" line under it writes that place exactly ("Muara Sodijit
    Lama"): same kind and numbers, within ``SECOND_READING_SLIPS`` more slips than ``similarity`` allows
    (``_misread_pair``), and the document's step fitting that activity by the SOP's order (``_fits_date_and_step``).
    The addressee and its "di" line are one place read twice; a village truly a letter apart is addressed at
    its own name. Dated documents only."""
    step = doc_step(doc, rules)
    if name.kind not in ("desa", "kelurahan") or doc.tanggal is None or not step or not text:
        return None
    places = {normalise_partner(f"{name.kind} {p}").core for p in _addressed_at(name, text)}
    if not places or name.core in places:
        return None
    found = {}
    for act in _in_period(activities, doc.tanggal, rules.tolerance_days):
        other = normalise_partner(act.partner)
        if other.core in places and _misread_pair(name, other) == (False, False):
            found[act.id] = act
    if len(found) != 1:
        return None
    act = next(iter(found.values()))
    return act if _fits_date_and_step(act, doc, step, rules) is not None else None


def _tie_broken_by_activity(name: PartnerName, activities: list[ActivityEvidence],
                            activity_text: Callable[[ActivityEvidence], str] | None, doc: EvidenceDoc,
                            rules: AuditRules, text: str) -> ActivityEvidence | None:
    """The one activity of its period whose desa or kelurahan this letter names exactly, and at least as often
    as the name as read ("Kepada Yth. Lurah Muara Gaston Lama", its "di" line lost, above a body's "kerja sama
    ... dengan Kelurahan Muara Gasim Lama"), where ``_place_misread`` sees a tie: same kind and numbers, within
    ``SECOND_READING_SLIPS`` more slips than ``similarity`` allows (``_misread_pair``, no digits in either). The
    activity's own documents (``activity_text``) break the tie: they write its name ``PLACE_WITNESSES`` times at
    least and the name as read never, so the place has letters of its own and the other reading has none. The
    document's step must fit that activity by the SOP's order (``_fits_date_and_step``). A village truly a few
    letters apart writes its own name more often than its neighbour's; its first letter naming both once stays
    a tie only where the neighbour's letters never write it, and then joins unsure (below a name matched as
    read, so the clerk sees the link to check). Dated documents only."""
    step = doc_step(doc, rules)
    if name.kind not in ("desa", "kelurahan") or doc.tanggal is None or not step or not text \
            or activity_text is None:
        return None
    read = times_named(text, name)
    found = {}
    for act in _in_period(activities, doc.tanggal, rules.tolerance_days):
        other = normalise_partner(act.partner)
        if other.key == name.key or _misread_pair(name, other) != (False, False):
            continue
        if not mentions_partner(text, act.partner) or times_named(text, other) < read:
            continue
        own = activity_text(act)
        if times_named(own, name) == 0 and times_named(own, other) >= PLACE_WITNESSES:
            found[act.id] = act
    if len(found) != 1:
        return None
    act = next(iter(found.values()))
    return act if _fits_date_and_step(act, doc, step, rules) is not None else None


def _inner_words_lost(name: PartnerName, activities: list[ActivityEvidence], doc: EvidenceDoc,
                      rules: AuditRules) -> ActivityEvidence | None:
    """The one activity of its period whose partner's name is this name with one or more whole words inside it
    left out ("Ketua Komunitas Pegiat Ceria Jendela" where a fax lost "Literasi" of Komunitas Pegiat Literasi
    Ceria Jendela): same kind and numbers, the first and last words kept (a name cut at its end is
    ``_completed``'s), at least two words and ``MIN_CUT_LETTERS`` letters of its own kept, and the document's
    step fitting that activity by the SOP's order (``_fits_date_and_step``: no document of its type yet, its
    earlier steps dated before it). A partner truly named by the shorter words would have an activity, or a
    document of that type, of its own. Never for places ("Desa Batu Piring Hulu" and "Desa Batu Hulu" are two
    villages), unkinded names nor undated documents."""
    step = doc_step(doc, rules)
    if doc.tanggal is None or not step or not name.kind or name.kind in (*PLACE_KINDS, "perpustakaan") \
            or len(name.core) < MIN_CUT_LETTERS:
        return None
    words = name.display.lower().split()
    if len(words) < 2:
        return None
    found = {}
    for act in _in_period(activities, doc.tanggal, rules.tolerance_days):
        other = normalise_partner(act.partner)
        if similarity(name, other) >= FUZZY_THRESHOLD:
            return None  # an activity bears the name as read
        longer = other.display.lower().split()
        if other.kind != name.kind or other.numbers != name.numbers or len(longer) <= len(words) \
                or longer[0] != words[0] or longer[-1] != words[-1] or not _is_subsequence(words, longer):
            continue
        found[act.id] = act
    if len(found) != 1:
        return None
    act = next(iter(found.values()))
    return act if _fits_date_and_step(act, doc, step, rules) is not None else None


# A name read with letters lost must keep at least this many of them, and at least this share of the whole name's.
MIN_LOST_CORE = 5
MIN_LOST_SHARE = 0.4


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    """Every item of ``short`` (letters of a string, or words) appears in ``long`` in the same order."""
    rest = iter(long)
    return all(c in rest for c in short)


def _letters_lost(name: PartnerName, activities: list[ActivityEvidence], text: str, day: date | None,
                  slack: int) -> PartnerName | None:
    """A partner name OCR read with letters lost on a damaged title line ("PERPUSTAKAAN DESA CER AA €SARA" ->
    "Cer Aa") read as the one activity partner of its period, same kind and numbers, whose name holds its
    letters in order (``MIN_LOST_SHARE`` of its own at least) and that the text writes whole elsewhere (the body's "... di
    Perpustakaan Desa Ceria Aksara, Desa Pulau Jopepas"), when the text writes the name as read no second
    time (a partner of its own would be named again). Never for places nor unkinded names; dated only."""
    if not name.kind or name.kind in (*PLACE_KINDS, "perpustakaan") or len(name.core) < MIN_LOST_CORE \
            or day is None or not text:
        return None
    found = {}
    for act in activities:
        other = normalise_partner(act.partner)
        if other.kind != name.kind or other.numbers != name.numbers or not _in_period([act], day, slack) \
                or len(name.core) < MIN_LOST_SHARE * len(other.core) or not _is_subsequence(name.core, other.core):
            continue
        if mentions_partner(text, act.partner):
            found[other.key] = other
    if len(found) != 1 or "".join(text.lower().split()).count(name.display.lower().replace(" ", "")) > 1:
        return None
    return next(iter(found.values()))


# A name read long must keep at least this many letters of the activity partner's own name before the
# words added to it ("TBM Pustaka Sahabat" + "Muara Piwim Raya").
MIN_LONG_LETTERS = 8


def _read_long(name: PartnerName, activities: list[ActivityEvidence], day: date | None,
               slack: int) -> PartnerName | None:
    """A partner name read with words that are not its own after it (the addressee's place on the next line
    whose "di" OCR lost: "Ketua TBM Pustaka Sahabat" / "Muara Piwim Raya"; the perihal's first word after a
    kop: "Pondok Pesantren Nurul Ihsan Gurat Permohonan") read as the one activity partner of that period
    whose whole name it starts with, same kind. Never when an activity bears the name itself, never for
    places ("Desa Batu Piring" is not Desa Batu) nor numbered schools (the words after the number name the
    school: "SD Negeri 1 Paringin Selatan" is not SD Negeri 1 Paringin), unless the words added repeat the
    name ("Desa Padang Jinos Padang Jinos": a desa addressed at its own place)."""
    if not name.kind or name.kind == "perpustakaan":
        return None
    if any(similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD for a in activities):
        return None
    shorter = {}
    for act in activities:
        other = normalise_partner(act.partner)
        if day is not None and not _in_period([act], day, slack):
            continue
        if repeats_name(name, other):  # "Desa Padang Jinos" / "di" / "Padang Jinos": its own place, any kind
            shorter[other.key] = other
        elif name.kind not in PLACE_KINDS and not name.numbers and other.kind == name.kind and not other.numbers \
                and len(other.core) >= MIN_LONG_LETTERS and name.display.lower().startswith(other.display.lower() + " "):
            shorter[other.key] = other
    return next(iter(shorter.values())) if len(shorter) == 1 else None


# Kinds of partner told apart by a number in their name ("SMP Negeri 6 Tebing Tinggi", "MIN 1 Paringin").
NUMBERED_KINDS = ("sd", "smp", "sma", "smk", "mi", "mts")


def _number_lost(name: PartnerName, activities: list[ActivityEvidence], doc: EvidenceDoc, rules: AuditRules,
                 text: str) -> tuple[ActivityEvidence, str | None] | None:
    """A school whose number OCR lost on this page, or on the letter that started an activity: "PERPUSTAKAAN
    SMPN TEBING TINGGI" (the "6" lost) read as the one activity of its period, same kind and name, that
    bears a number; and the mirror, a numbered name ("SMP Negeri 6 Tebing Tinggi") read as the one activity of
    its period of that kind and name that bears none, which takes the numbered name (the second value: the
    activity's new partner name). Several such activities, or a text writing that name with another number,
    decide nothing; the activity must fit the document's date and step by the SOP's order
    (``_fits_date_and_step``: no document of its type yet). Dated documents only; a name the archive holds
    as read (numbered or not) is not asked (``same`` partner)."""
    step = doc_step(doc, rules)
    if name.kind not in NUMBERED_KINDS or not name.core or doc.tanggal is None or not step:
        return None
    # the numbers the text writes with this school's name: none, or only the one it is taken for
    written = set()
    for key in partners_named(text):  # a key's core may end early ("pulauganidas" of "... Ganidas Raya")
        core, number = key.split("#", 1)
        if number and len(core) >= MIN_CUT_LETTERS and (name.core.startswith(core) or core.startswith(name.core)):
            written.add(number)
    found: dict[str, list[ActivityEvidence]] = {}
    for act in _in_period(activities, doc.tanggal, rules.tolerance_days):
        other = normalise_partner(act.partner)
        if other.kind != name.kind or other.core != name.core or bool(other.numbers) == bool(name.numbers):
            continue
        found.setdefault(other.key, []).append(act)
    if len(found) != 1:
        return None
    acts = next(iter(found.values()))
    number = ".".join(name.numbers or normalise_partner(acts[0].partner).numbers)
    if len(acts) != 1 or written - {number} or _fits_date_and_step(acts[0], doc, step, rules) is None:
        return None
    return acts[0], (name.label if name.numbers else None)


def _listed_activity(doc: EvidenceDoc, activities: list[ActivityEvidence], rules: AuditRules,
                     text: str, unsure: str = "") -> LinkDecision | None:
    """A dated SOP-step document listing several partners (a schedule of pembinaan visits; undated, by the dates
    of its rows: ``_schedule_days``) is evidence for each listed partner's activity of its period. A document has one activity link, so it is linked
    only when exactly one listed partner (its kind agreeing: "Perpustakaan Desa Lok Batu" is not SD
    Negeri Lok Batu) has an activity in its period (when no readable row names one, a row OCR garbled names
    the one activity still lacking the step, as for listed links: ``fuzzy_lists``); with several it is left
    for a person unless one of them asked for the step just before (``_answers_request``), and the audit
    suggests one (``unlinked_candidates``). Whether the one listed activity already shows the step does not
    matter. With no row read at all, the words of the partners' names that survived decide
    (``_singled_out_by_words``), read in ``unsure`` when given (the text with the cells ingest took for
    handwriting: a blurred print's cells are often flagged so)."""
    days, step = _schedule_days(doc, text), doc_step(doc, rules)
    if not step or not days:  # no date at all: period unknown
        return None
    in_period = [a for a in activities if all(_in_period([a], d, rules.tolerance_days) for d in days)]
    listed = [a for a in in_period if lists_partner(text, a.partner)]
    if not listed:  # no readable row names one: a garbled row, for an activity lacking the step or whose
        # evidence of it is the request this schedule answers
        taken = readable_rows(text, activities)
        listed = [a for a in in_period if fuzzy_lists(text, a.partner, taken) and (
            not any(doc_step(d, rules) == step for d in a.documents if d.id != doc.id)
            or _asked_days(a, doc, rules, step) is not None)]
    if not listed:  # no row read at all: the one partner that asked just before, its name's words written;
        # else the one activity lacking the step whose own name's surviving words single it out
        return _answers_request(doc, [a for a in in_period if _mostly_named(text, a.partner)], rules, step) \
            or _singled_out_by_words(doc, in_period, activities, rules, step, unsure or text)
    keys = {normalise_partner(a.partner).key for a in listed}
    if len(keys) > 1:  # several listed partners with an activity: the one whose request it answers, if one
        return _answers_request(doc, listed, rules, step)
    act = min(listed, key=lambda a: (min(_gap_days(a, d) or 0 for d in days), a.id))
    return LinkDecision(act.id, 0.5, reason_text(LISTED_ONE, partner=act.partner, activity=act.id))


def _only_fit_schedule(doc: EvidenceDoc, activities: list[ActivityEvidence], rules: AuditRules,
                       text: str) -> LinkDecision | None:
    """A schedule of an SOP step (a jadwal pembinaan) none of whose rows names the partner of an activity of its
    period, not even garbled (``lists_partner``, ``fuzzy_lists``), joins the one activity of the archive that its
    date (or, its day lost, its signature's month: ``_signed_month``; its whole signature date lost, the days of
    its rows: ``_undated_span``) and step fit by the SOP's order
    (``_fits_date_and_step``: no schedule yet, no earlier step dated after it, no later step before it) when
    that activity got exactly as far as the step just before, dated before the schedule. The SOP's step is
    done after the previous one and according to a schedule, so when one activity of the whole archive waits
    for it in that period the schedule is that activity's. An activity that got less far (its papers skip a
    step: a loan without a hand-over filed) joins only when a row also names its partner within one OCR slip
    more than ``similarity`` allows (``_row_near_name``): two clues that agree. Any other activity fitting
    (whatever step it got to), a row naming any partner of the period, or no date, month or agreeing row dates:
    None, and the audit suggests it (``suggest_activity``). Linked below the 0.5 of a named row."""
    step = doc_step(doc, rules)
    if doc.doc_type not in LISTING_TYPES or not step:
        return None
    span = None if doc.tanggal else _undated_span(doc, text)
    first, last = span or (doc.tanggal, doc.tanggal)
    if first is None or last is None:
        return None
    meeting = [a for a in activities if a.start and a.end and a.start <= last + timedelta(rules.tolerance_days)
               and first - timedelta(rules.tolerance_days) <= a.end]
    taken = readable_rows(text, activities)
    if any(lists_partner(text, a.partner) or fuzzy_lists(text, a.partner, taken) for a in meeting):
        return None  # a row names a partner of the period: the rows decide (``_listed_activity``)
    fits = [(a, reached) for a in activities if (reached := _fits_date_and_step(a, doc, step, rules, span)) is not None]
    if len(fits) != 1 or not fits[0][1]:
        return None
    act, reached = fits[0]
    if reached == step - 1:
        return LinkDecision(act.id, 0.45, reason_text(ONLY_FIT_SCHEDULE, partner=act.partner, activity=act.id))
    row = _row_near_name(text, act.partner)  # it skipped a step: the rows must point at it as well
    if row is None:
        return None
    return LinkDecision(act.id, 0.45, reason_text(ONLY_FIT_SCHEDULE_ROW, name=row, partner=act.partner, activity=act.id))


# The fewest letters a name must have for a row to name it with one slip more than ``similarity`` allows.
MIN_NEAR_ROW_LETTERS = 5


def _row_near_name(text: str, partner: str) -> str | None:
    """A row of a schedule naming ``partner`` by one OCR slip more than ``similarity`` allows ("Perpustakaan Desa
    Pawnt" for Desa Pawot: a name of five letters allows none): the row's name, or None. Kinds agree
    (``_edge_kinds``: a village's library lists the desa), no numbers, a name of ``MIN_NEAR_ROW_LETTERS`` at least.
    Alone it is no partner's name (Desa Pawan is not Desa Pawot); beside the date and the SOP's order that point
    at the same activity (``_only_fit_schedule``) it is a second clue that agrees."""
    target = normalise_partner(partner)
    own = target.village or target.core
    if target.kind in (None, "perpustakaan") or target.numbers or len(own) < MIN_NEAR_ROW_LETTERS:
        return None
    for name in listed_names(text):
        read = name.village or name.core
        if _edge_kinds(name.kind, target.kind) and not name.numbers and len(read) >= MIN_NEAR_ROW_LETTERS \
                and within_slips(read, own, 1):
            return name.raw
    return None


# Share of a partner's own name words (``name_words_in``) a schedule whose rows OCR garbled must still hold,
# and how many at least, for the request it answers to single that partner out.
NAMED_SHARE = 0.6
NAMED_WORDS = 2


def _mostly_named(text: str, partner: str) -> bool:
    found, of = name_words_in(text, partner)
    return found >= NAMED_WORDS and found >= NAMED_SHARE * of


def _singled_out_by_words(doc: EvidenceDoc, in_period: list[ActivityEvidence], activities: list[ActivityEvidence],
                          rules: AuditRules, step: int, text: str) -> LinkDecision | None:
    """A schedule whose partner rows OCR garbled beyond a row reading ("Perpumakaan MP Pabrad Ihsan Payoot
    Raya" for MI Babul Ihsan Pagot Raya) still joins the one activity that three clues agree on: its period
    holds the schedule's dates (the caller's ``in_period``), it still lacks the schedule's step (or its evidence
    of it is the request the schedule answers), and its partner's own name words are clearly the most written
    in the text (``_clearly_most``: at least two and half of them, every other activity of the period fewer),
    one of them no word of any other activity's partner (a "Raya" or "Hulu" alone says nothing). Any clue
    missing: None, and the audit suggests it."""
    if doc.doc_type not in LISTING_TYPES:  # a letter naming several partners in passing is no schedule's row
        return None
    words = {a.id: name_words_in(text, a.partner) for a in in_period}
    top = _clearly_most(words)
    act = next((a for a in in_period if a.id == top), None)
    if act is None:
        return None
    lacking = not any(doc_step(d, rules) == step for d in act.documents if d.id != doc.id)
    if not lacking and _asked_days(act, doc, rules, step) is None:
        return None
    if names_namesake(text, act.partner):  # the words are a readable row naming another kind's partner
        return None
    key = normalise_partner(act.partner).key
    others = {w for a in activities if normalise_partner(a.partner).key != key for w in _name_words(a.partner)}
    found = _name_words_found(text, act.partner)
    if not any(not any(fuzz.ratio(w, o, score_cutoff=MENTION_THRESHOLD) for o in others) for w in found):
        return None
    return LinkDecision(act.id, 0.5, reason_text(LISTED_ONE, partner=act.partner, activity=act.id))


# How long before a schedule a partner's request of the same step may be that the schedule answers it
# (the SOP's step 5: "pembinaan ... atas permintaan mitra, menurut jadwal"): about a month.
REQUEST_ANSWERED_DAYS = 31


def _answers_request(doc: EvidenceDoc, listed: list[ActivityEvidence], rules: AuditRules,
                     step: int) -> LinkDecision | None:
    """A dated schedule listing several partners with activities (or whose rows OCR garbled, the partners
    whose name's words it mostly holds) is made at one partner's request: the SOP's
    step is done on the partner's request (a letter of the same step that is no schedule) and according to
    the schedule. The one listed partner whose activity holds such a request dated up to
    ``REQUEST_ANSWERED_DAYS`` before the schedule (or the same day) is its own link; none or several such partners: left for a person (every listed partner's activity still
    counts it as evidence: listed links)."""
    asked: dict[str, tuple[ActivityEvidence, int]] = {}
    for act in listed:
        gap = _asked_days(act, doc, rules, step)
        if gap is not None:
            asked[normalise_partner(act.partner).key] = (act, gap)
    if len(asked) != 1:
        return None
    act, gap = next(iter(asked.values()))
    return LinkDecision(act.id, 0.5, reason_text(LISTED_ASKED, partner=act.partner, activity=act.id, days=gap))


def _asked_days(act: ActivityEvidence, doc: EvidenceDoc, rules: AuditRules, step: int) -> int | None:
    """How many days before the dated schedule ``doc`` the partner of ``act`` asked for its step (a dated
    document of that step that is no schedule, up to ``REQUEST_ANSWERED_DAYS`` before); None if it did not."""
    if doc.tanggal is None:
        return None
    gaps = [(doc.tanggal - d.tanggal).days for d in act.documents
            if d.id != doc.id and d.tanggal is not None and d.doc_type not in LISTING_TYPES
            and doc_step(d, rules) == step]
    return min((g for g in gaps if 0 <= g <= REQUEST_ANSWERED_DAYS), default=None)


# An undated schedule is dated by the dates it holds only when at least this many of them agree on the year
# and they are most of them: one garbled date (a row's or the signature's, "21 Agustus 2093") decides nothing.
ROW_DATES_AGREEING = 2


def _schedule_days(doc: EvidenceDoc, text: str) -> list[date]:
    """The days a dated document is about: its date; for an undated schedule (its signature date lost) the
    dates of its rows of the year most of them agree on (``_agreeing_days``), which must then all lie in the
    period of the activity it is linked to."""
    if doc.tanggal is not None:
        return [doc.tanggal]
    if doc.doc_type not in LISTING_TYPES:
        return []
    return _agreeing_days(sorted({date.fromisoformat(hit.iso) for hit in find_dates(text)}))


def _agreeing_days(days: list[date]) -> list[date]:
    """The ``days`` of the year more than half of them and at least ``ROW_DATES_AGREEING`` hold (a row read
    in another year is outvoted); none when they do not agree so."""
    years = Counter(d.year for d in days)
    if not years:
        return []
    year, agreeing = years.most_common(1)[0]
    if agreeing < ROW_DATES_AGREEING or 2 * agreeing <= len(days):
        return []
    return [d for d in days if d.year == year]


def _undated_span(doc: EvidenceDoc, text: str) -> tuple[date, date] | None:
    """The first and last day an undated schedule may be of: its signature's month (``_signed_month``) when only
    the day (or the year) of its date OCR lost; with no month read either, the first and last of its rows'
    dates that agree on a year (``_schedule_days``: the days its visits are planned on, which ``_listed_activity``
    already dates it by). None for a dated document, one of no listing type, or with neither read."""
    if doc.tanggal is not None or doc.doc_type not in LISTING_TYPES:
        return None
    signed = _signed_month(text)
    if signed is not None:
        return signed
    days = _schedule_days(doc, text)
    return (days[0], days[-1]) if days else None


def _later_cited_year(doc: EvidenceDoc, text: str) -> int | None:
    """The year of a letter ``doc`` cites when it is later than ``doc``'s own date and a date of that year is
    written in the text too (two readings against one): a letter cannot answer one written after it, so its
    date's year was misread ("04 Maret 2021" answering ".../III/2024", its body "diambil pada tanggal 8 Maret
    2024"; the metadata flags it too). None when its date agrees with every cited number that shows a year."""
    if doc.tanggal is None:
        return None
    years = [y for r in doc.rujukan if (y := nomor_year(r or "")) is not None]
    later = sorted({y for y in years if y > doc.tanggal.year}, reverse=True)
    if not later:
        return None
    written = {int(hit.iso[:4]) for hit in find_dates(text)}
    return next((y for y in later if y in written), None)


# How many readings of another year a text must hold (and more than of its date's own year) before its date's
# year counts as misread (``_year_outvoted``).
YEAR_READINGS_AGREEING = 2


def _year_readings(text: str) -> Counter[int]:
    """The plausible years ``text`` writes, one per place: its dates' (``find_dates``), its letter numbers'
    last segment (``nomor_year``) and a word followed by four figures ("Sepwmber 2023", "TAHUN 2023") that is
    part of neither."""
    taken: list[tuple[int, int]] = []
    years: Counter[int] = Counter()
    for hit in find_dates(text):
        taken.append((hit.start, hit.end))
        years[int(hit.iso[:4])] += 1
    for m in _NOMOR_IN_TEXT.finditer(text):
        year = nomor_year(m.group(0))
        if year is not None and not any(a < m.end() and m.start() < b for a, b in taken):
            taken.append((m.start(), m.end()))
            years[year] += 1
    for m in _WORD_YEAR.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            years[int(m.group(1))] += 1
    return Counter({y: n for y, n in years.items() if _plausible_year(y)})


def _year_outvoted(doc: EvidenceDoc, text: str) -> tuple[int, int] | None:
    """The year (and how many times it is written) that the text's other readings of a year give against
    ``doc``'s date (``_year_readings``): at least ``YEAR_READINGS_AGREEING`` of them and more than of the
    date's own year, none of a third year as often. A photo's "2023" read "2014" in the one date the metadata
    took, while the letter's number and the date of the letter it answers still write 2023. None when the date
    agrees with the text's years, or the text has no other year to say so."""
    if doc.tanggal is None:
        return None
    years = _year_readings(text)
    own = years.pop(doc.tanggal.year, 0)
    ranked = years.most_common(2)
    if not ranked:
        return None
    year, times = ranked[0]
    if times < YEAR_READINGS_AGREEING or times <= own or (len(ranked) > 1 and ranked[1][1] == times):
        return None
    return year, times


def _named_in_outvoted_year(doc: EvidenceDoc, named: list[ActivityEvidence], rules: AuditRules,
                            text: str) -> LinkDecision | None:
    """A document the text of which names one partner (``named``: that partner's activities) but whose date
    lies in none of its activities' periods: when the text's other years outvote the date's (``_year_outvoted``)
    and exactly one of them is of that year and lacks the document's step in the SOP's order
    (``_fits_date_and_step`` over that year), it joins that one: the partner written and the year written twice
    agree, the date read once does not. Linked below a name joined by its date (0.55); the reason asks for a
    check of the date."""
    step = doc_step(doc, rules)
    outvoted = _year_outvoted(doc, text) if step and doc.tanggal else None
    if outvoted is None or doc.tanggal is None:
        return None
    year, times = outvoted
    span = (date(year, 1, 1), date(year, 12, 31))
    fits = [a for a in named if a.start and a.end and a.start.year <= year <= a.end.year
            and _fits_date_and_step(a, doc, step, rules, span) is not None]
    if len(fits) != 1:
        return None
    act = fits[0]
    return LinkDecision(act.id, 0.5, reason_text(YEAR_OUTVOTED, partner=act.partner, activity=act.id,
                                                 read=doc.tanggal.year, year=year, times=times))


def decide_link(doc: EvidenceDoc, activities: Iterable[ActivityEvidence], rules: AuditRules, *,
                hint: str | None = None, text: str = "", may_use_partner: bool = True,
                register: PartnerRegister | None = None,
                activity_text: Callable[[ActivityEvidence], str] | None = None, unsure: str = "") -> LinkDecision:
    """Choose the activity for ``doc``: a cited letter number (its ``rujukan``, or for SOP evidence
    any activity letter's number written in its text); else its (sure) partner and date, the
    partner's activity of that programme year unless a second MoU or a long pause starts a new one;
    else an unsure partner name (``hint``) or a text that names exactly one known partner, joining
    an existing activity only. ``activity_text`` gives an activity's own documents' text: a place
    whose activity its first letter's misread started is recognised by it (``_activity_misread``).
    ``unsure``: a schedule's text with the table cells ingest took for handwriting, read only for the
    surviving words of a garbled row (``_singled_out_by_words``)."""
    activities = list(activities)
    by_ref = _by_reference(doc, activities) or (_by_cited_nomor(doc, activities, text) if may_use_partner else None)
    if by_ref or not may_use_partner:
        return by_ref or LinkDecision(None, 0.0, NOT_EVIDENCE)
    slack = rules.tolerance_days
    if doc.partner and not is_partner_name(doc.partner, register):
        # a name of no kind of partner and not in the register ("Dinas", "LOK BATU") may
        # only join an activity whose partner it matches, never start one
        hint, doc = hint or doc.partner, dataclasses.replace(doc, partner=None, partner_key=None)
    if doc.partner:
        name = _completed(normalise_partner(doc.partner), activities, text, doc.tanggal, slack)
        same = [a for a in activities if similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD]
        later = _later_cited_year(doc, text)
        if later is not None:  # its year misread: the partner's one activity of the cited letter's year, or none
            fits = [a for a in same if a.start and a.end and a.start.year <= later <= a.end.year]
            if len(fits) == 1:
                return LinkDecision(fits[0].id, 0.6, reason_text(SAME_PARTNER_NO_DATE, partner=doc.partner))
            return LinkDecision(None, 0.0, NO_CLUE)
        if doc.tanggal:
            kecamatan = None if same else _kecamatan_misread(name, activities, doc, rules, text)
            if kecamatan is not None:  # a kecamatan no register knows: the one it misreads (below a name as read)
                return LinkDecision(kecamatan.id, 0.6, reason_text(NAME_MATCHES, name=doc.partner,
                                                                   activity=kecamatan.id))
            decision = _same_partner_dated(doc, doc.tanggal, same, rules, name.label)
            if decision.activity_id is None and not same:
                first = _activity_misread(name, activities, activity_text, text, doc.tanggal, slack) \
                    or _activity_words_lost(name, activities, activity_text, doc.tanggal, slack)
                if first is not None:
                    return LinkDecision(first.id, 0.7, reason_text(SAME_PARTNER_IN_PERIOD, partner=name.label,
                                                                   period=first.period), rename_partner=name.label)
                inner = _inner_words_lost(name, activities, doc, rules) \
                    or _addressee_misread(name, activities, doc, rules, text) \
                    or _tie_broken_by_activity(name, activities, activity_text, doc, rules, text)
                if inner is not None:  # unsure: below the 0.6 of a name matched as read
                    return LinkDecision(inner.id, 0.55, reason_text(NAME_MATCHES, name=name.label, activity=inner.id))
                school = _number_lost(name, activities, doc, rules, text)
                if school is not None:  # unsure: below the 0.6 of a name matched as read
                    return LinkDecision(school[0].id, 0.55, reason_text(NAME_MATCHES, name=name.label,
                                                                        activity=school[0].id),
                                        rename_partner=school[1])
                misread = _follow_up_misread(doc, hint, activities, rules)
                if misread is not None:  # a hand-over of a partner no activity bears: a misread, not a new one
                    return LinkDecision(None, 0.0, reason_text(FOLLOW_UP_MISREAD, partner=name.label,
                                                               activity=misread.id))
            return decision
        if same:
            latest = max(same, key=lambda a: a.start or date.min)
            return LinkDecision(latest.id, 0.6, reason_text(SAME_PARTNER_NO_DATE, partner=doc.partner))
    if hint:
        name = normalise_partner(hint)
        if name.kind == "perpustakaan":  # "Perpustakaan Paringin": the library of a partner of unknown kind
            name = dataclasses.replace(name, kind=None)
        same = _in_period([a for a in activities if similarity(name, normalise_partner(a.partner)) >= FUZZY_THRESHOLD],
                          doc.tanggal, slack)
        if len(same) == 1:
            return LinkDecision(same[0].id, 0.6, reason_text(NAME_MATCHES, name=hint, activity=same[0].id))
        edge = _cut_at_edge(doc, hint, activities, rules, text)
        if edge is not None:
            return LinkDecision(edge.id, 0.55, reason_text(NAME_MATCHES, name=hint, activity=edge.id))
        kecamatan = _kecamatan_misread(name, activities, doc, rules, text)
        if kecamatan is not None:  # a kecamatan no register knows (``is_partner_name``): the one it misreads
            return LinkDecision(kecamatan.id, 0.6, reason_text(NAME_MATCHES, name=hint, activity=kecamatan.id))
    if names_several_partners(text):  # a schedule or list naming many partners: see _listed_activity
        return _listed_activity(doc, activities, rules, text, unsure) or _only_fit_schedule(doc, activities, rules, text) \
            or LinkDecision(None, 0.0, SEVERAL_PARTNERS)
    if not doc_step(doc, rules):  # an untyped page naming a partner somewhere may be anything (a post, a list);
        return LinkDecision(None, 0.0, NO_CLUE)  # one whose step was sure is that step's evidence
    if doc.doc_type in LISTING_TYPES:  # a schedule whose other rows OCR garbled ("I esa Juai"): its rows decide
        listed_one = _listed_activity(doc, activities, rules, text, unsure) \
            or _only_fit_schedule(doc, activities, rules, text)
        if listed_one is not None:
            return listed_one
    named = {a.partner_key: a for a in activities if mentions_partner(text, a.partner)}
    if not named:  # no name written exactly: a long name written with a few OCR slips ("... Diwet Hula")
        named = {a.partner_key: a for a in activities if mentions_with_slips(text, a.partner)}
    named_acts = _in_period([a for a in activities if a.partner_key in named], doc.tanggal, slack)
    if len(named) == 1 and len(named_acts) == 1:
        act = named_acts[0]
        return LinkDecision(act.id, 0.55, reason_text(TEXT_NAMES_PARTNER, partner=act.partner, activity=act.id))
    if len(named) == 1 and not named_acts:  # its date in none of the named partner's periods: a year misread?
        outvoted = _named_in_outvoted_year(doc, [a for a in activities if a.partner_key in named], rules, text)
        if outvoted is not None:
            return outvoted
    place = None if named or hint else _kecamatan_as_place(doc, activities, rules, text)
    if place is not None:
        return LinkDecision(place.id, KECAMATAN_PLACE_CONFIDENCE,
                            reason_text(KECAMATAN_ONLY, partner=place.partner, activity=place.id,
                                        step=doc_step(doc, rules)))
    return LinkDecision(None, 0.0, NO_CLUE)


# A kecamatan's activity taken from the place a letter names (``_kecamatan_as_place``): below a partner written.
KECAMATAN_PLACE_CONFIDENCE = 0.45


def _kecamatan_as_place(doc: EvidenceDoc, activities: list[ActivityEvidence], rules: AuditRules,
                        text: str) -> ActivityEvidence | None:
    """The one kecamatan's activity of its period that a dated step document lacking its addressee names only
    as a place ("... di Aula Kecamatan Juai"): every address names a kecamatan, so a kecamatan in a text is no
    partner (``mentions_partner``) while some other partner may be meant. Here it counts when the caller read
    no name (no ``hint``), the text names no partner of another kind (an address "Desa X, Kecamatan Y" names
    Desa X) nor another activity's partner with slips, one kecamatan with an activity of the period
    (``names_kecamatan``), and that activity lacks the document's step, its dated steps in order with it
    (``_fits_date_and_step``), while no activity of another kind of the period that lies in that kecamatan
    (``ActivityEvidence.kecamatan``: the place may be its) lacks that step and fits so too."""
    step = doc_step(doc, rules)
    if not step or doc.tanggal is None or names_other_than_kecamatan(text):
        return None
    in_period = _in_period(activities, doc.tanggal, rules.tolerance_days)
    places = [a for a in in_period if normalise_partner(a.partner).kind == "kecamatan" and names_kecamatan(text, a.partner)]
    if len(places) != 1:
        return None
    act, period_ids = places[0], {a.id for a in in_period}
    core = normalise_partner(act.partner).core
    for other in activities:
        name = normalise_partner(other.partner)
        if other.id == act.id or name.kind == "kecamatan":  # a kecamatan's activity a misread name split off
            continue
        if fuzzy_mentions(text, other.partner) or mentions_with_slips(text, other.partner):
            return None
        if other.id in period_ids and other.kecamatan and normalise_partner(f"Kecamatan {other.kecamatan}").core \
                == core and not any(doc_step(d, rules) == step for d in other.documents) \
                and _fits_date_and_step(other, doc, step, rules) is not None:
            return None  # a partner of that kecamatan whose activity could take it as well
    if any(doc_step(d, rules) == step for d in act.documents) or _fits_date_and_step(act, doc, step, rules) is None:
        return None
    return act


def _kecamatan_misread(name: PartnerName, activities: list[ActivityEvidence], doc: EvidenceDoc, rules: AuditRules,
                       text: str) -> ActivityEvidence | None:
    """The activity of the registered kecamatan that a dated step document's kecamatan, a name the register
    does not know, misreads ("DI KECAMATAN PEMAIN SELATAN" over a body's "Aula Kecamatan Paringin Selatan"):
    the nearest registered kecamatan, clearly nearer than any other (``misread_kecamatan``), that the text also
    writes exactly (``writes_kecamatan``), with exactly one activity of its period, in which the document's step fits
    the SOP's order (``_fits_date_and_step``). A regency's kecamatan are a closed list, so the name as read
    would only start an activity of a kecamatan that does not exist; failing any of these it still does."""
    registered = misread_kecamatan(name)
    step = doc_step(doc, rules)
    if registered is None or not step or doc.tanggal is None or not writes_kecamatan(text, registered):
        return None
    target = normalise_partner(registered)
    acts = [a for a in _in_period(activities, doc.tanggal, rules.tolerance_days)
            if similarity(target, normalise_partner(a.partner)) >= FUZZY_THRESHOLD]
    if len(acts) != 1 or _fits_date_and_step(acts[0], doc, step, rules) is None:
        return None
    return acts[0]


def _follow_up_misread(doc: EvidenceDoc, hint: str | None, activities: list[ActivityEvidence],
                       rules: AuditRules) -> ActivityEvidence | None:
    """The one activity of its period a dated document of a follow-up step (the SOP's ``follow_up_from_step``
    on: a hand-over of books, guidance, mentoring), whose partner no activity bears, may belong to under a
    misread name: a place of the same kind and numbers within ``SECOND_READING_SLIPS`` more slips than
    ``similarity`` allows ("Kelurahan Meara Mages" for Muara Nages), or a name that lost its last words
    (``_only_extended``) - the name clues ``suggest_activity`` weighs. Such a step follows a partnership the
    earlier steps set up, so a near name of a partner of that period is far likelier a misread than a new
    partner: the document opens no activity and is left for a person, that activity suggested. A partner of
    a follow-up step that resembles none still opens its own (an office may file only its hand-over)."""
    step = doc_step(doc, rules)
    if not rules.follow_up_from or step < rules.follow_up_from or doc.tanggal is None:
        return None
    names = [normalise_partner(n) for n in (doc.partner, hint) if n]
    in_period = _in_period(activities, doc.tanggal, rules.tolerance_days)
    found = {a.id: a for a in in_period
             if any(n.kind in PLACE_KINDS and _misread_pair(n, normalise_partner(a.partner)) is not None
                    for n in names)}
    extended = _only_extended(names, in_period)
    if extended is not None:
        found.update({a.id: a for a in in_period if a.id == extended})
    return next(iter(found.values())) if len(found) == 1 else None


# ---------------------------------------------------------------- suggestions for the unsure

@dataclass(frozen=True)
class Suggestion:
    """The most likely activity of a document the linker left alone, how likely, and why."""

    activity_id: int
    partner: str
    score: float
    reason: str
    named: bool = False  # a clue of the partner's name (read, written in the text, its words), not date and step alone


# How much of a similar name's weight a place name misread beyond ``similarity``'s slips (``_misread_pair``) gives.
MISREAD_PLACE_SHARE = 0.5
# Weights of the clues a suggestion adds up (0..1 in all).
_SUGGEST_WEIGHTS = {"partner": 0.45, "text": 0.3, "period": 0.15, "step": 0.1}


def _only_extended(names: list[PartnerName], activities: list[ActivityEvidence]) -> int | None:
    """The one activity whose partner's name is a name read plus whole words after it, same kind and numbers
    ("Kelurahan Teluk" read where a photo lost "Gijot" of "Kelurahan Teluk Gijot"), of places too: a clue for a
    suggestion only, which a clerk confirms (``_completed`` never links a place so: "Desa Batu" is not "Desa
    Batu Piring"). None when two activities' partners extend it, or when an activity bears the name itself."""
    found: set[int] = set()
    for act in activities:
        other = normalise_partner(act.partner)
        for name in names:
            if not name.kind or len(name.core) < MIN_CUT_LETTERS:
                continue
            if similarity(name, other) >= FUZZY_THRESHOLD:
                return None
            if other.kind == name.kind and other.numbers == name.numbers \
                    and other.display.lower().startswith(name.display.lower() + " "):
                found.add(act.id)
    return found.pop() if len(found) == 1 else None


def suggest_activity(doc: EvidenceDoc, activities: Iterable[ActivityEvidence], rules: AuditRules, *,
                     hint: str | None = None, text: str = "") -> Suggestion | None:
    """The activity ``doc`` most likely belongs to, from weaker clues than ``decide_link`` accepts:
    a similar partner name, the activity's partner written in the text (fuzzy), the date inside
    the activity's period, and the document's step still missing there. None without any clue."""
    activities = list(activities)
    names = [normalise_partner(n) for n in (doc.partner, hint) if n]
    step = doc_step(doc, rules)
    words = {a.id: name_words_in(text, a.partner) for a in activities}
    worded = _clearly_most(words)
    lone = None if worded is not None else _lone_row_word(doc, words, activities, text)
    taken = readable_rows(text, activities) if doc.doc_type in LISTING_TYPES else []
    extended = _only_extended(names, activities)
    best: Suggestion | None = None
    for act in activities:
        partner = normalise_partner(act.partner)
        score, why = 0.0, []
        sim = max((similarity(n, partner) for n in names), default=0.0)
        if not sim and act.id == extended:  # the name read lost its last words ("Kelurahan Teluk" for Teluk Gijot)
            sim = FUZZY_THRESHOLD * MISREAD_PLACE_SHARE
        if not sim and any(n.kind in PLACE_KINDS and n.key != partner.key and _misread_pair(n, partner) is not None
                           for n in names):  # a place's name misread by more slips than ``similarity`` allows
            sim = FUZZY_THRESHOLD * MISREAD_PLACE_SHARE  # ("Lurah Puas" for Pijas): a weaker clue of the name
        if sim:
            score += _SUGGEST_WEIGHTS["partner"] * sim / 100
            why.append(reason_text(SUGGEST_PARTNER, partner=act.partner))
        if fuzzy_mentions(text, act.partner) or lists_partner(text, act.partner) \
                or (doc.doc_type in LISTING_TYPES and fuzzy_lists(text, act.partner, taken)):  # a garbled row
            score += _SUGGEST_WEIGHTS["text"]
            why.append(reason_text(SUGGEST_TEXT, partner=act.partner))
        if not why and (act.id == worded or (lone is not None and partner.key == lone)):
            score += _SUGGEST_WEIGHTS["text"] * words[act.id][0] / words[act.id][1]
            why.append(reason_text(SUGGEST_WORDS, found=words[act.id][0], of=words[act.id][1], partner=act.partner))
        if not why:
            continue  # date and step alone point at every activity of the year
        if doc.tanggal and _in_period([act], doc.tanggal, rules.tolerance_days):
            score += _SUGGEST_WEIGHTS["period"]
            why.append(SUGGEST_PERIOD)
        if step and not any(doc_step(d, rules) == step for d in act.documents):
            score += _SUGGEST_WEIGHTS["step"]
            why.append(reason_text(SUGGEST_STEP, step=step))
        if best is None or score > best.score:
            best = Suggestion(act.id, act.partner, round(score, 2), "; ".join(why), named=True)
    # an undated schedule: the month of its signature date when only its day (or its year) OCR lost, else the
    # days of its rows
    signed = _signed_month(text) if doc.tanggal is None and doc.doc_type in LISTING_TYPES else None
    span = _undated_span(doc, text)
    if best is None and step and (doc.tanggal or span):  # no name at all: the one activity the date and step fit
        fits = [(a, reached) for a in activities
                if (reached := _fits_date_and_step(a, doc, step, rules, span)) is not None]
        if len(fits) > 1:  # several: the one holding another document of the step of that very day (a handover's
            # list of books beside its berita acara), else the one that got as far as the step just before (the
            # SOP's order), if one
            same_day = [(a, reached) for a, reached in fits if doc.tanggal and any(
                d.tanggal == doc.tanggal and d.id != doc.id and doc_step(d, rules) == step for d in a.documents)]
            fits = same_day if len(same_day) == 1 else [(a, reached) for a, reached in fits if reached == step - 1]
        if len(fits) == 1 and fits[0][1]:  # one fit, and that one with an earlier step dated before it
            only = fits[0][0]
            lacking = not any(doc_step(d, rules) == step for d in only.documents if d.id != doc.id)
            when = reason_text(SUGGEST_SIGNED_MONTH, month=signed[0].strftime("%m-%Y")) if signed else SUGGEST_PERIOD
            return Suggestion(only.id, only.partner, _SUGGEST_WEIGHTS["period"] + _SUGGEST_WEIGHTS["step"],
                              "; ".join([when, *([reason_text(SUGGEST_STEP, step=step)] if lacking else []),
                                         SUGGEST_ONLY_FIT]))
    return best


# A signature's place and date whose day (or year) OCR did not read as one ("Paringin, 38 Agus 2023"): the
# place, a token of up to three characters, a month word, four figures.
_SIGNED = re.compile(r"\b[A-Z][A-Za-z]{2,}[ \t]*[,.][ \t]*(\S{1,3})[ \t]+([A-Za-z]{3,11})\.?[ \t]+(\d{4})\b")
# The lines of a page's head (its title "... TAHUN 2023") searched for the programme year: four figures after a
# word ("TAHUN 2023", "TAMU 2093"), not a row's date ("28-04-2025").
HEAD_YEAR_LINES = 8
_WORD_YEAR = re.compile(r"[A-Za-z]{3,}[ \t]+(\d{4})(?!\d)")
FIRST_YEAR = 1945  # a letter's year lies between the republic's first and next year (as ``ingest.metadata``)


def _plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= date.today().year + 1


def _signed_month(text: str) -> tuple[date, date] | None:
    """The first and last day of the month of a schedule's signature date whose day OCR did not read
    (the metadata left the date empty): the last place-and-date line with a month word; its year as read,
    or, read as no plausible year ("21 Agustus 2093"), the one year of the page's head that is a plausible
    year one figure off it (the title's "TAHUN 2023"). None when the month or the year is not read so."""
    found = list(_SIGNED.finditer(text or ""))
    month = repair_month(found[-1].group(2)) if found else None
    if not found or month is None:
        return None
    number, year = month_words()[month[0]], int(found[-1].group(3))
    if not _plausible_year(year):
        head = "\n".join((text or "").splitlines()[:HEAD_YEAR_LINES])
        near = {int(y) for y in _WORD_YEAR.findall(head) if _plausible_year(int(y))
                and sum(a != b for a, b in zip(y, found[-1].group(3))) == 1}
        if len(near) != 1:
            return None
        year = near.pop()
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


# A name's words a garbled text must hold (of at least MIN_NAME_WORD letters each) for a suggestion.
MIN_NAME_WORDS_FOUND = 2
MIN_NAME_WORD = 4


def name_words_in(text: str, partner: str) -> tuple[int, int]:
    """How many of ``partner``'s own words (kind words aside, of ``MIN_NAME_WORD`` letters or more) are
    words of ``text`` within a few OCR slips, and of how many: a schedule row read as word soup
    ("MM Babul sam ... Saga Raya") still holds some words of "MI Babul Ihsan Sogit Raya"."""
    return len(_name_words_found(text, partner)), len(_name_words(partner))


def _name_words(partner: str) -> list[str]:
    """``partner``'s own words (kind words aside) of ``MIN_NAME_WORD`` letters or more, lower case."""
    return [w.lower() for w in normalise_partner(partner).display.split() if len(w) >= MIN_NAME_WORD]


def _name_words_found(text: str, partner: str) -> list[str]:
    """Those of ``partner``'s own words (``_name_words``) that are words of ``text`` within a few OCR slips."""
    own = _name_words(partner)
    if not own or not text:
        return []
    seen = set(re.findall(r"[a-z]{%d,}" % MIN_NAME_WORD, text.lower()))
    return [w for w in own if any(fuzz.ratio(w, t, score_cutoff=MENTION_THRESHOLD) for t in seen)]


# The fewest letters of the one word of a partner's name a schedule's rows keep (``_lone_row_word``).
MIN_LONE_WORD = 6
# A date in figures as a schedule's row writes its visit's day ("26-08-2024"; OCR may garble a figure: "04-79-2023").
_ROW_DATE = re.compile(r"\b\d{1,2}[ \t]?[-./][ \t]?\d{1,2}[ \t]?[-./][ \t]?\d{4}\b")


def _lone_row_word(doc: EvidenceDoc, words: dict[int, tuple[int, int]], activities: list[ActivityEvidence],
                   text: str) -> str | None:
    """The partner key of the one partner of whose name a schedule's rows (a listing type's lines holding a date
    in figures, "Senin, 04-79-2023": not its kop's address, nor the place it was signed at, "Paringin, 28 Agustus
    2023") still hold a word when they lost the rest ("Jendela" of TBM Ceria Jendela, the row's "Taman Bacaan Masyarakat Ceria" lost to
    a fax): the words of no other partner's name are there (``words``: ``name_words_in`` per activity), the word
    is written as read (not within slips), has ``MIN_LONE_WORD`` letters at least and is no word of another
    partner's name within slips. A clue for a suggestion (weighed by the share of the name found), which a
    schedule's date and step alone are not; it links only beside the upload order (``_after_upload``)."""
    if doc.doc_type not in LISTING_TYPES or not any(found for found, _ in words.values()):
        return None
    # its rows: the lines holding a visit's date in figures, not the kop's address or the place it was signed at
    text = "\n".join(line for line in text.splitlines() if _ROW_DATE.search(line))
    keys = {normalise_partner(a.partner).key for a in activities if name_words_in(text, a.partner)[0]}
    if len(keys) != 1:
        return None
    key = keys.pop()
    act = next(a for a in activities if normalise_partner(a.partner).key == key)
    others = {w for a in activities if normalise_partner(a.partner).key != key for w in _name_words(a.partner)}
    written = set(re.findall(r"[a-z]+", text.lower()))
    if any(len(w) >= MIN_LONE_WORD and w in written
           and not any(fuzz.ratio(w, o, score_cutoff=MENTION_THRESHOLD) for o in others)
           for w in _name_words_found(text, act.partner)):
        return key
    return None


def _clearly_most(words: dict[int, tuple[int, int]]) -> int | None:
    """The activity whose name has the most words in the text, when at least ``MIN_NAME_WORDS_FOUND``
    and half of its name, and every other activity's name has fewer words there; else None."""
    ranked = sorted(words.items(), key=lambda kv: -kv[1][0])
    if not ranked:
        return None
    top, (found, of) = ranked[0]
    if found < MIN_NAME_WORDS_FOUND or 2 * found < of or (len(ranked) > 1 and ranked[1][1][0] >= found):
        return None
    return top


def _fits_date_and_step(act: ActivityEvidence, doc: EvidenceDoc, step: int, rules: AuditRules,
                        span: tuple[date, date] | None = None) -> int | None:
    """None unless ``act`` is of ``doc``'s year, has no document of its type yet, and no document of an
    earlier step dated after it nor of a later step before it (beyond the SOP's tolerance); then the highest
    earlier step of a document dated before it (how far the activity got; 0: none). ``span``: the first and
    last day ``doc`` may be of (its date unread but its month: ``_signed_month``), which must meet the
    period; an earlier step after the last day or a later one before the first rules it out."""
    first, last = span or (doc.tanggal, doc.tanggal)
    try:
        _, start, end = parse_period(act.period)
    except ActivityError:
        return None
    if first is None or last is None or not (start <= last and first <= end):
        return None
    slack, reached = rules.tolerance_days, 0
    for d in act.documents:
        other = doc_step(d, rules)
        if d.doc_type == doc.doc_type:
            return None
        if d.tanggal and other and ((other < step and (d.tanggal - last).days > slack)
                                     or (other > step and (first - d.tanggal).days > slack)):
            return None
        if d.tanggal and 0 < other < step:
            reached = max(reached, other)
    return reached


# ---------------------------------------------------------------- applying them

# Auto-linking in this process runs one at a time (web threads, the job runner), so two
# documents of a new partner cannot both start an activity.
_LINKING = threading.RLock()


def auto_link(settings, doc_id: str, *, rules: AuditRules | None = None, reindex: bool = True) -> LinkDecision:
    """Link a freshly ingested document to its activity (creating one if needed); idempotent.

    A document already linked, or unlinked by a person, is left as it is.  ``reindex=False``
    when the caller indexes the document next anyway (ingest links before its one index write).
    """
    rules = rules or load_rules()
    with _LINKING, db.session_scope(settings) as session:
        existing = session.get(ActivityLinkRow, doc_id)
        if existing is not None:
            return LinkDecision(existing.activity_id, existing.confidence, existing.reason)
        decision = _auto_link_in(session, doc_id, rules)
    if decision.activity_id is not None and reindex:
        index_documents(settings, [doc_id])
    return decision


def _auto_link_in(session: Session, doc_id: str, rules: AuditRules,
                  cache: dict[int, ActivityEvidence] | None = None) -> LinkDecision:
    """Link one document inside ``session``. ``cache`` (activity id -> evidence) spares a
    batch from reloading every activity per document; it is kept current here."""
    docs = load_documents(session, [doc_id], rules)
    row = session.get(db.Document, doc_id)
    if doc_id not in docs or row is None:
        raise DocumentNotFoundError(f"Dokumen {doc_id} tidak ditemukan. / Document {doc_id} not found.")
    doc = docs[doc_id]
    fields = {r.name: r.value for r in session.scalars(select(db.FieldRow).where(db.FieldRow.document_id == doc_id))}
    text = "\n".join(p.text for p in session.scalars(select(db.PageRow).where(db.PageRow.document_id == doc_id)))
    hint, _, sure = document_partner(fields, db.loads(row.pihak, []) or [], rules.instansi, text)
    existing = session.get(ActivityLinkRow, doc_id)
    if existing is not None:  # linked (or unlinked by hand) meanwhile
        return LinkDecision(existing.activity_id, existing.confidence, existing.reason)
    if cache is None:
        cache = {}
    if not cache:
        cache.update({r.id: activity_evidence(session, r, rules) for r in session.scalars(select(ActivityRow))})
    acts = list(cache.values())
    register = partner_register(session, acts)
    doc, hint, sure, register_reason = _partner_by_register(doc, hint, sure, register, text)
    # A classified document that is evidence of no step (an agenda page, other letters) joins an
    # activity only through a cited number or the partner its metadata states. Unclassified ones
    # may join by partner: the audit then lists them as waiting for review.
    not_evidence = doc.doc_type is not None and not rules.type_steps.get(doc.doc_type, 0)
    unsure = _listing_text(session, doc_id, doc.doc_type, text, hand=True) if doc.doc_type in LISTING_TYPES else ""
    text = _listing_text(session, doc_id, doc.doc_type, text)  # a schedule's table cells too
    decision = decide_link(doc, acts, rules, hint=None if sure else hint, text=text,
                           may_use_partner=not not_evidence or bool(fields.get("partner")), register=register,
                           activity_text=lambda act: _activity_text(session, act), unsure=unsure)
    if register_reason:
        log.info("document %s: %s", doc_id, register_reason)
    if decision.new_partner and doc.doc_type is None:  # untyped: may join an activity, never start one
        decision = LinkDecision(None, 0.0, NO_CLUE)
    if decision.activity_id is None and decision.new_partner is None:  # a page of another upload's paper?
        decision = _continued_upload(session, doc_id, text) or decision
    if decision.activity_id is None and decision.new_partner is None and doc_step(doc, rules):
        # two weak clues that agree: its own (a suggestion's) and the letters it was uploaded among
        own = suggest_activity(doc, acts, rules, hint=hint, text=unsure or text)
        among = _uploaded_among(session, doc.id)
        decision = _among_upload(own, among) or _fills_gap(doc, acts, rules, hint, own, among) \
            or _after_upload(session, doc, own) or decision
    activity_id = decision.activity_id
    if activity_id is None and decision.new_partner:
        period = (f"{decision.new_start.isoformat()}..{decision.new_start.year}-12-31" if decision.new_start
                  else str(decision.new_year))
        activity_id = _same_or_new_activity(session, decision.new_partner, period)
    # a schedule listing several partners is evidence of each listed partner's activity too
    listed = listed_activities(doc, acts, rules, text)
    if activity_id is None:
        _store_listed(session, doc_id, listed, None, cache, rules)
        log.info("document %s not linked: %s", doc_id, decision.reason)
        return decision
    set_link(session, doc_id, activity_id, user=None, confidence=decision.confidence, reason=decision.reason)
    renamed = _rename_partner(session, activity_id, decision.rename_partner) if decision.rename_partner else None
    _fill_kecamatan(session, activity_id, doc_id)
    _name_partner_fully(session, activity_id, doc.partner)
    db.write_audit(session, "activity.autolink", user=None, doc_id=doc_id, activity_id=str(activity_id),
                   detail={"confidence": decision.confidence, "reason": decision.reason,
                           **({"partner_was": renamed} if renamed else {})})
    session.flush()
    take_guessed_steps(session, activity_id, rules)  # an untyped document's guessed step that fills a gap here
    cache[activity_id] = activity_evidence(session, activity_row(session, activity_id), rules)
    _store_listed(session, doc_id, listed, activity_id, cache, rules)
    log.info("document %s linked to activity %s (%.2f): %s", doc_id, activity_id, decision.confidence,
             decision.reason)
    return LinkDecision(activity_id, decision.confidence, decision.reason)


# How many documents before and after a page in the archive's order of arrival (its "document.ingest"
# entries) may be the paper it continues: the files of one paper are uploaded together, though two
# workers may interleave them with another upload's.
CONTINUATION_NEIGHBOURS = 2


def _upload_neighbours(session: Session, doc_id: str) -> tuple[list[str | None], list[str | None]]:
    """The documents that arrived just before and just after ``doc_id`` (up to ``CONTINUATION_NEIGHBOURS`` each
    side, nearest first, in the archive's order of ingest); both empty for a document with no ingest record."""
    mine = session.scalars(select(db.AuditRow.id).where(db.AuditRow.action == "document.ingest",
                                                        db.AuditRow.doc_id == doc_id)).first()
    if mine is None:
        return [], []
    ingests = select(db.AuditRow.doc_id).where(db.AuditRow.action == "document.ingest")
    before = session.scalars(ingests.where(db.AuditRow.id < mine).order_by(db.AuditRow.id.desc())
                             .limit(CONTINUATION_NEIGHBOURS)).all()
    after = session.scalars(ingests.where(db.AuditRow.id > mine).order_by(db.AuditRow.id)
                            .limit(CONTINUATION_NEIGHBOURS)).all()
    return list(before), list(after)


def _continued_upload(session: Session, doc_id: str, text: str) -> LinkDecision | None:
    """A document whose pages arrived as separate files (a two-page agreement photographed page by
    page): ``doc_id``'s articles continue the numbering of a document uploaded next to it, or that
    document's continue ``doc_id``'s (``archive.continuation.continues``); it joins that document's
    activity. Only one such neighbour among the ``CONTINUATION_NEIGHBOURS`` arrived before and after,
    and it must be linked; never on file names."""
    if article_run(text) is None and article_span(text) is None:  # no article headings read (or too few)
        return None
    before, after = _upload_neighbours(session, doc_id)
    found = set()
    for other in [*before, *after]:
        if other is None or other == doc_id:
            continue
        theirs = "\n".join(p.text for p in session.scalars(
            select(db.PageRow).where(db.PageRow.document_id == other).order_by(db.PageRow.number)))
        if continues(text, theirs) or continues(theirs, text):
            found.add(other)
    if len(found) != 1:
        return None
    other = found.pop()
    link, row = session.get(ActivityLinkRow, other), session.get(db.Document, other)
    if link is None or link.activity_id is None or row is None:
        return None
    return LinkDecision(link.activity_id, 0.6, reason_text(CONTINUES_UPLOAD, name=row.filename,
                                                           activity=link.activity_id))


def _store_listed(session: Session, doc_id: str, listed: list[ActivityEvidence], own: int | None,
                  cache: dict[int, ActivityEvidence], rules: AuditRules) -> None:
    """Store the listed links of ``doc_id`` (``archive.listed_links``) and refresh those activities."""
    for activity_id in store_listed(session, doc_id, listed, own):
        cache[activity_id] = activity_evidence(session, activity_row(session, activity_id), rules)
        log.info("document %s listed as evidence of activity %s too", doc_id, activity_id)


def _refresh_listed(session: Session, rules: AuditRules, cache: dict[int, ActivityEvidence]) -> None:
    """Schedules linked automatically when their listed partners' activities did not all exist yet:
    the listed links to activities started since. A schedule linked as its one listed partner's own
    (``LISTED_ONE``: "only X has an activity in its period") whose other listed partner has an activity
    in the period by now loses that own link, as it would not have got it with both activities there:
    the outcome does not depend on the order the documents arrived in."""
    rows = {r.document_id: r for r in session.scalars(
        select(ActivityLinkRow).join(db.Document, db.Document.id == ActivityLinkRow.document_id).where(
            ActivityLinkRow.linked_by == "auto", ActivityLinkRow.activity_id.is_not(None),
            db.Document.doc_type.in_(LISTING_TYPES)))}
    docs = load_documents(session, list(rows), rules)
    todo = [d for d in docs.values() if d.doc_type in LISTING_TYPES and d.tanggal is not None]
    if not todo:
        return
    if not cache:
        cache.update({r.id: activity_evidence(session, r, rules) for r in session.scalars(select(ActivityRow))})
    for doc in todo:
        page_text = "\n".join(p.text for p in session.scalars(
            select(db.PageRow).where(db.PageRow.document_id == doc.id)))
        text = _listing_text(session, doc.id, doc.doc_type, page_text)
        row = rows[doc.id]
        own: int | None = row.activity_id
        said = read_reason(row.reason)
        if said is not None and said.template == LISTED_ONE:
            unsure = _listing_text(session, doc.id, doc.doc_type, page_text, hand=True)
            now = _listed_activity(doc, list(cache.values()), rules, text, unsure)
            if own is not None and (now is None or now.activity_id != own):
                _drop_listed_one(session, row, now)
                cache[own] = activity_evidence(session, activity_row(session, own), rules)
                own = None
        _store_listed(session, doc.id, listed_activities(doc, list(cache.values()), rules, text), own,
                      cache, rules)


def _drop_listed_one(session: Session, row: ActivityLinkRow, now: LinkDecision | None) -> None:
    """Take back the automatic own link ``row`` whose reason no longer holds; audited. The document is
    left without a link row (unlinked, for the audit to suggest), so ``link_unlinked`` may decide again."""
    was = row.activity_id
    db.write_audit(session, "activity.auto_unlink", user=None, doc_id=row.document_id, activity_id=str(was),
                   detail={"reason": row.reason, "now": now.reason if now is not None else None})
    session.delete(row)
    session.flush()
    log.info("document %s no longer singled out for activity %s: another listed partner has one now",
             row.document_id, was)


# How many lines of a page count as its head (kop, number block, addressee, title).
HEAD_LINES = 20


def confirmed_partners(session: Session) -> list[str]:
    """Partner names people set or confirmed on documents (the field history, not OCR's values)."""
    rows = session.scalars(select(db.FieldHistoryRow.new_value).where(
        db.FieldHistoryRow.name == "partner", db.FieldHistoryRow.set_by != "ocr",
        db.FieldHistoryRow.new_value.is_not(None)).distinct())
    return sorted({r for r in rows if r})


def partner_register(session: Session, activities: Iterable[ActivityEvidence] = ()) -> PartnerRegister:
    """The partner register: the shipped seed grown by the partners confirmed in this archive
    (the field history) and the partners its activities are named after."""
    return seed_register().grown([*confirmed_partners(session), *(a.partner for a in activities)])


def _partner_by_register(doc: EvidenceDoc, hint: str | None, sure: bool, register: PartnerRegister,
                         text: str) -> tuple[EvidenceDoc, str | None, bool, str | None]:
    """The document's partner checked against the register: a name of no kind takes the registered
    name it matches ("LOK BATU" -> "Desa Lok Batu") or, matching none or partners of several kinds,
    becomes a hint ("Dinas", "BATU PIRING" of a desa and a kelurahan); without a partner,
    the one registered partner written at the head of the text. A name that says a registered partner's name
    twice (an addressee and its "di" line run into one) is that partner."""
    twice = register.said_twice(normalise_partner(doc.partner)) if doc.partner else None
    if twice is not None:
        doc = dataclasses.replace(doc, partner=twice.name, partner_key=normalise_partner(twice.name).key)
    if doc.partner and normalise_partner(doc.partner).kind is None:
        entries = register.matches(doc.partner)
        if not entries or not all(same_partner(e.name, entries[0].name) for e in entries):  # unknown, or both
            # a desa and a kelurahan of that name
            hint, sure = hint or doc.partner, False
            doc = dataclasses.replace(doc, partner=None, partner_key=None)
        else:
            doc = dataclasses.replace(doc, partner=entries[0].name,
                                      partner_key=normalise_partner(entries[0].name).key)
    if not is_partner_name(doc.partner or "", register):
        # a kecamatan run into the place beside it: that line's kecamatan is an address, not the partner
        ran_on = bool(doc.partner) and register.runs_past_kecamatan(normalise_partner(doc.partner or ""))
        if doc.partner and not ran_on:  # a fragment ("Perpustakaan Desa Pa", cut at the edge): a hint at most
            hint, sure = hint or doc.partner, False
        doc = dataclasses.replace(doc, partner=None, partner_key=None)
        found = [e for e in register.find_in_text("\n".join(text.splitlines()[:HEAD_LINES]))
                 if not (ran_on and e.kind == "kecamatan")]
        if len(found) == 1:
            doc = dataclasses.replace(doc, partner=found[0].name, partner_key=normalise_partner(found[0].name).key)
            return doc, hint, sure, f"partner {found[0].name} of the register named at the head"
    return doc, hint, sure, None


def _same_or_new_activity(session: Session, partner: str, period: str) -> int:
    """The activity of this partner key and period if another process just made it, else a new one."""
    label = parse_period(period)[0]
    key = normalise_partner(partner).key
    found = session.scalars(select(ActivityRow.id).where(ActivityRow.partner_key == key,
                                                         ActivityRow.period == label)).first()
    return found if found is not None else new_activity(session, partner, period, None).id


def _name_partner_fully(session: Session, activity_id: int, partner: str | None) -> None:
    """An activity first named without its kind ("LOK BATU") takes the fuller name when a
    later letter gives one ("Desa Lok Batu"); a village library named without its village
    ("Perpustakaan Desa Widya Nusa") takes the name with it ("..., Desa Nosi Raya"), so letters
    naming only the desa find it too (its key stays)."""
    row = session.get(ActivityRow, activity_id)
    name = normalise_partner(partner or "")
    if row is not None and row.partner_key.startswith("?:") and name.kind:
        row.partner, row.partner_key = name.label, name.key
    elif row is not None and name.kind == "perpustakaan_desa" and name.key == row.partner_key \
            and name.village != name.core:
        current = normalise_partner(row.partner)
        if current.village == current.core:
            row.partner = name.label


def _listing_text(session: Session, doc_id: str, doc_type: str | None, text: str, hand: bool = False) -> str:
    """``text`` (a document's pages) with, for a schedule, its table's cells one per line
    (``listed_links.listing_text``): the partners it lists are read from both. ``hand``: with the cells
    ingest took for handwriting too (their reading unsure: for a suggestion to a person only)."""
    if doc_type not in LISTING_TYPES:
        return text
    pages = [db.loads(p.words, []) or [] for p in session.scalars(
        select(db.PageRow).where(db.PageRow.document_id == doc_id).order_by(db.PageRow.number))]
    return listing_text(text, doc_type, pages, hand)


def _activity_text(session: Session, activity: ActivityEvidence) -> str:
    """The page texts of the documents linked to ``activity`` (not those only listing its partner)."""
    ids = [d.id for d in activity.documents if d.id not in activity.listed]
    if not ids:
        return ""
    return "\n".join(p.text for p in session.scalars(select(db.PageRow).where(db.PageRow.document_id.in_(ids))))


def _rename_partner(session: Session, activity_id: int, partner: str) -> str | None:
    """An activity a misread name started takes the name its letters write (``_activity_misread``); one a
    person made keeps the name they gave it. The name it had, when renamed."""
    row = session.get(ActivityRow, activity_id)
    name = normalise_partner(partner)
    if row is not None and row.created_by is None and name.kind:
        log.info("activity %s renamed from %s to %s: its letters write that name", activity_id, row.partner,
                 name.label)
        renamed = row.partner
        row.partner, row.partner_key = name.label, name.key
        return renamed
    return None


def _fill_kecamatan(session: Session, activity_id: int, doc_id: str) -> None:
    row = session.get(ActivityRow, activity_id)
    if row is None or row.kecamatan:
        return
    for page in session.scalars(select(db.PageRow).where(db.PageRow.document_id == doc_id)):
        found = find_kecamatan(page.text)
        if found:
            row.kecamatan = found
            return


def link_unlinked(settings, rules: AuditRules | None = None, batch: Collection[str] | None = None) -> int:
    """Auto-link every document that has no link row yet; returns how many were linked.

    ``batch``: the documents a batch just archived (``service._link_left_behind``, where a batch ends). Then
    only the unlinked documents the batch can change are decided again (``_reference_only``, ``_reached``):
    every one that may join by partner, date or step, but of the many an archive keeps unlinked for good (its
    other letters, posts, agenda pages: a type that is evidence of no step, no partner field) only those a
    document of the batch, or one this pass links, cites by number, is cited by, or was uploaded beside. The
    rest read nothing the batch changed (``_auto_link_in``), so deciding them again would give the same "no"
    at a cost that grew with the archive, not with the batch. Without ``batch`` (the audit), every one."""
    rules = rules or load_rules()
    with _LINKING:
        return _link_unlinked(settings, rules, None if batch is None else set(batch))


def _link_unlinked(settings, rules: AuditRules, batch: set[str] | None) -> int:
    with db.session_scope(settings) as session:
        with_link = select(ActivityLinkRow.document_id)
        todo = session.scalars(select(db.Document.id).where(db.Document.id.not_in(with_link))
                               .order_by(db.Document.created_at, db.Document.id)).all()
        order = {doc_id: n for n, doc_id in enumerate(todo)}
        waiting: dict[str, tuple[str, tuple[str, ...]]] = {}
        if batch is not None:
            waiting = {i: keys for i, keys in _reference_only(session, rules).items() if i not in batch}
            reached = _reached(session, waiting, batch)
            todo = [i for i in todo if i not in waiting or i in reached]
    linked: list[str] = []
    cache: dict[int, ActivityEvidence] = {}
    tried: set[str] = set()
    while todo:  # again while some got linked: a later letter may have started their activity
        left = []
        for doc_id in todo:
            with db.session_scope(settings) as session:
                if _auto_link_in(session, doc_id, rules, cache).activity_id is not None:
                    linked.append(doc_id)
                else:
                    left.append(doc_id)
        tried.update(todo)
        more: set[str] = set()
        if waiting and len(left) < len(todo):  # those the documents linked just now cite or were uploaded beside
            with db.session_scope(settings) as session:
                more = _reached(session, {i: k for i, k in waiting.items() if i not in tried}, set(linked))
        todo = sorted([*left, *more], key=order.__getitem__) if len(left) < len(todo) else []
    moved = _rejoin_lone_starters(settings, rules, batch)
    linked.extend(moved)
    with db.session_scope(settings) as session:
        _refresh_listed(session, rules, {} if moved else cache)
    index_documents(settings, sorted(set(linked)))
    return len(linked)


def _lone_starters(session: Session, batch: set[str] | None) -> list[tuple[int, str]]:
    """(activity, document) of each activity holding one document only, linked automatically, that started it
    (``NEW_ACTIVITY``: no second MoU nor long pause said it was another) and that no person signed off. With
    ``batch``, only those of a programme year a document of the batch is linked in."""
    counts = Counter(session.scalars(select(ActivityLinkRow.activity_id).where(ActivityLinkRow.activity_id.is_not(None))))
    lone = [a for a, n in counts.items() if n == 1]
    if not lone:
        return []
    signed = set(session.scalars(select(db.SignOffRow.activity_id).where(db.SignOffRow.activity_id.in_(lone))))
    rows = {r.id: r for r in session.scalars(select(ActivityRow).where(ActivityRow.id.in_(lone)))}
    if batch is not None:
        touched = set(session.scalars(select(ActivityLinkRow.activity_id).where(
            ActivityLinkRow.document_id.in_(sorted(batch)))))
        years = {r.period[:4] for r in session.scalars(select(ActivityRow).where(ActivityRow.id.in_(touched)))}
        rows = {i: r for i, r in rows.items() if r.period[:4] in years}
    found = []
    for link in session.scalars(select(ActivityLinkRow).where(ActivityLinkRow.activity_id.in_(sorted(rows)))):
        wording = read_reason(link.reason)
        if link.activity_id is not None and link.linked_by == "auto" and link.activity_id not in signed \
                and wording is not None and wording.template == NEW_ACTIVITY:
            found.append((link.activity_id, link.document_id))
    return sorted(found)


def _rejoin_lone_starters(settings, rules: AuditRules, batch: set[str] | None) -> list[str]:
    """Documents are linked as they come, in upload order, so a letter whose partner name was read short or
    misread and that came before the letters read right started an activity of the name as read, which the
    later letters did not join (they started the right one). Where a batch ends, each document alone in the
    activity it started (``_lone_starters``) is decided again as if that activity did not exist: when the same
    rules now join it to another activity that exists (the name read short completed by the partner that now
    has one), it moves there and its empty activity goes, with the schedules listing it; otherwise nothing
    changes. The order of upload then no longer decides what the rules would join. Returns the documents moved."""
    with db.session_scope(settings) as session:
        lone = _lone_starters(session, batch)
        cache = {r.id: activity_evidence(session, r, rules) for r in session.scalars(select(ActivityRow))} \
            if lone else {}
    moved: list[str] = []
    for activity_id, doc_id in lone:
        others = {i: a for i, a in cache.items() if i != activity_id}
        if not others:
            continue
        with db.session_scope(settings) as session:
            link = session.get(ActivityLinkRow, doc_id)
            if link is None or link.activity_id != activity_id:
                continue
            session.delete(link)
            session.flush()
            decision = _auto_link_in(session, doc_id, rules, dict(others))
            if decision.activity_id is None or decision.activity_id not in others:
                session.rollback()  # it would start (or keep) an activity of its own, or stay unlinked
                continue
            move_listed(session, activity_id, decision.activity_id)
            db.write_audit(session, "activity.merged_into", user=None, activity_id=str(activity_id),
                           detail={"from": activity_id, "into": decision.activity_id, "documents": [doc_id]})
            session.delete(activity_row(session, activity_id))
            session.flush()
            cache.pop(activity_id)
            cache[decision.activity_id] = activity_evidence(session, activity_row(session, decision.activity_id),
                                                            rules)
        moved.append(doc_id)
    return moved


def _reference_only(session: Session, rules: AuditRules) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The documents without a link row that only a cited number or an upload neighbour can link: typed as
    evidence of no SOP step and with no partner field, ``decide_link`` reads only their nomor and rujukan
    (``_by_reference``), and ``_continued_upload`` their neighbours in the order of upload; nothing of theirs
    is listed (``listed_activities``: step types only). id -> (nomor's key, rujukan's keys)."""
    with_link = select(ActivityLinkRow.document_id)
    rows = session.execute(select(db.Document.id, db.Document.doc_type, db.Document.rujukan)
                           .where(db.Document.id.not_in(with_link), db.Document.doc_type.is_not(None))).all()
    typed = {i: r for i, t, r in rows if not rules.type_steps.get(t or "", 0)}
    fields = _fields_of(session, typed, ("nomor", "partner"))
    return {i: (normalise_nomor(fields.get((i, "nomor"))),
                tuple(k for k in (normalise_nomor(r) for r in db.loads(cited, []) or ()) if k))
            for i, cited in typed.items() if not fields.get((i, "partner"))}


def _fields_of(session: Session, ids: Iterable[str], names: tuple[str, ...]) -> dict[tuple[str, str], str | None]:
    return {(i, n): v for chunk in _chunks(ids) for i, n, v in session.execute(
        select(db.FieldRow.document_id, db.FieldRow.name, db.FieldRow.value).where(
            db.FieldRow.document_id.in_(chunk), db.FieldRow.name.in_(names)))}


def _chunks(ids: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    """``ids`` in lists short enough for one ``IN (...)`` (SQLite's parameter limit)."""
    ids = sorted(ids)
    return (ids[start:start + size] for start in range(0, len(ids), size))


def _reached(session: Session, waiting: dict[str, tuple[str, tuple[str, ...]]], changed: set[str]) -> set[str]:
    """Of ``waiting`` (``_reference_only``), those the documents in ``changed`` (a batch's, or linked in this
    pass) may link now: one cites the other's nomor (the key ``same_nomor`` compares), or one of them was
    uploaded within ``CONTINUATION_NEIGHBOURS`` of the other."""
    if not waiting or not changed:
        return set()
    rows = {i: r for chunk in _chunks(changed) for i, r in session.execute(
        select(db.Document.id, db.Document.rujukan).where(db.Document.id.in_(chunk)))}
    nomors = {k for (_, n), v in _fields_of(session, rows, ("nomor",)).items() if (k := normalise_nomor(v))}
    cited = {k for r in rows.values() for c in db.loads(r, []) or () if (k := normalise_nomor(c))}
    found = {i for i, (nomor, rujukan) in waiting.items()
             if (nomor and nomor in cited) or any(k in nomors for k in rujukan)}
    for doc_id in changed:
        before, after = _upload_neighbours(session, doc_id)
        found.update(i for i in (*before, *after) if i in waiting)
    return found


def unlinked_candidates(settings, rules: AuditRules | None = None) -> tuple[UnlinkedDocument, ...]:
    """The documents that are evidence of an SOP step but in no activity, each with its most
    likely activity (``suggest_activity``), for ``burt audit --json`` and the review of the unsure."""
    rules = rules or load_rules()
    with db.session_scope(settings) as session:
        linked = select(ActivityLinkRow.document_id).where(ActivityLinkRow.activity_id.is_not(None))
        shared = documents_listed(session)  # evidence of the activities of the partners it lists
        ids = [i for i in session.scalars(select(db.Document.id).where(db.Document.id.not_in(linked))
                                          .order_by(db.Document.created_at, db.Document.id)) if i not in shared]
        docs = load_documents(session, ids, rules)
        todo = [d for d in (docs[i] for i in ids if i in docs) if doc_step(d, rules)]
        if not todo:
            return ()
        acts = [activity_evidence(session, r, rules) for r in session.scalars(select(ActivityRow))]
        out = []
        for doc in todo:
            row = session.get(db.Document, doc.id)
            fields = {r.name: r.value for r in session.scalars(
                select(db.FieldRow).where(db.FieldRow.document_id == doc.id))}
            text = "\n".join(p.text for p in session.scalars(
                select(db.PageRow).where(db.PageRow.document_id == doc.id).order_by(db.PageRow.number)))
            hint = document_partner(fields, db.loads(row.pihak, []) or [], rules.instansi, text)[0] if row else None
            found = suggest_activity(doc, acts, rules, hint=hint,
                                     text=_listing_text(session, doc.id, doc.doc_type, text, hand=True)) \
                or _suggest_by_upload(session, doc, acts, rules)
            out.append(UnlinkedDocument(
                document=doc.id, doc_type=doc.doc_type, step=doc_step(doc, rules),
                title=doc.title, candidate=found.activity_id if found else None,
                candidate_partner=found.partner if found else None, score=found.score if found else 0.0,
                reason=found.reason if found else ""))
    return tuple(out)


def _uploaded_among(session: Session, doc_id: str) -> int | None:
    """The activity of the linked documents that arrived nearest before and after ``doc_id`` (within
    ``CONTINUATION_NEIGHBOURS`` each side, the archive's order of arrival), when it is the same on both sides."""
    nearest = [_nearest_linked(session, side, doc_id) for side in _upload_neighbours(session, doc_id)]
    return nearest[0] if nearest[0] is not None and nearest[0] == nearest[1] else None


def _nearest_linked(session: Session, side: Sequence[str | None], doc_id: str) -> int | None:
    """The activity of the first document of ``side`` (one side's upload neighbours, nearest first; ``doc_id``
    itself aside) that is linked to one; None when none is."""
    links = [session.get(ActivityLinkRow, other) for other in side if other and other != doc_id]
    return next((link.activity_id for link in links if link is not None and link.activity_id), None)


def _among_upload(own: Suggestion | None, among: int | None) -> LinkDecision | None:
    """A document the linker could not place by a sure clue, whose own weaker clues (``own``, from
    ``suggest_activity``: a near name, its words, the one activity its date and step fit) point at the very
    activity of the linked documents it was uploaded among (``among``, from ``_uploaded_among``: the same on both
    sides). Two clues of different origins agreeing: linked, below every other rule's confidence, with both named
    in the reason. Either alone stays a suggestion."""
    if own is None or own.activity_id != among:
        return None
    return LinkDecision(own.activity_id, 0.4, reason_text(AMONG_UPLOAD, activity=own.activity_id, clues=own.reason))


def _uploaded_after(session: Session, doc_id: str) -> int | None:
    """The activity of the linked document that arrived nearest before ``doc_id`` (within
    ``CONTINUATION_NEIGHBOURS``) when ``CONTINUATION_NEIGHBOURS`` documents arrived after it and none of them is
    linked to any activity: ``doc_id`` ends that activity's run of uploads, what follows is unlinked paper. None
    while fewer arrived after it (the pass at the batch's end decides it again)."""
    before, after = _upload_neighbours(session, doc_id)
    if len([other for other in after if other and other != doc_id]) < CONTINUATION_NEIGHBOURS:
        return None  # what follows it is not all archived yet (the batch's end decides it again)
    if _nearest_linked(session, after, doc_id) is not None:
        return None
    return _nearest_linked(session, before, doc_id)


def _after_upload(session: Session, doc: EvidenceDoc, own: Suggestion | None) -> LinkDecision | None:
    """A document whose own clues of a name (``own``, from ``suggest_activity``, ``named``: a near name, the
    partner written, its name's words; not its date and step alone) point at the activity of the linked
    document uploaded just before it, when the documents uploaded just after it are archived and linked to no
    activity (``_uploaded_after``): the last paper of an activity's run, its name read in part. Two clues of
    different origins agreeing, as ``_among_upload`` with one side; linked at its confidence."""
    if own is None or not own.named:
        return None
    after = _uploaded_after(session, doc.id)
    if after is None or own.activity_id != after:
        return None
    return LinkDecision(own.activity_id, 0.4, reason_text(AFTER_UPLOAD, activity=own.activity_id, clues=own.reason))


def _fills_gap(doc: EvidenceDoc, activities: list[ActivityEvidence], rules: AuditRules, hint: str | None,
               own: Suggestion | None, among: int | None) -> LinkDecision | None:
    """A document no clue of its own places (a photo that lost its head, date and partner) that was uploaded
    among the linked documents of one activity (``among``, from ``_uploaded_among``) and is evidence of a step
    that activity lacks between steps it has (a hand-over's berita acara where requests come before and guidance
    after it): the papers of an activity arrive together and each step lies between its neighbours in the SOP's
    order, two clues of different origins. Linked at the lowest confidence of any rule, its reason asking for a
    check. Not when its own clues (``own``, from ``suggest_activity``) point at another activity, when it names a
    partner that is not the activity's (another kind, or no word of its name), when its date lies outside the
    activity's period or out of order with its steps, or when the activity already holds a document of its
    step."""
    step = doc_step(doc, rules)
    act = next((a for a in activities if a.id == among), None)
    if not step or act is None:
        return None
    steps = {doc_step(d, rules) for d in act.documents if d.id != doc.id} - {0}
    before, after = [s for s in steps if s < step], [s for s in steps if s > step]
    if step in steps or not before or not after or not _names_no_other(doc, hint, act):
        return None
    if doc.tanggal is not None and (not _in_period([act], doc.tanggal, rules.tolerance_days)
                                    or _fits_date_and_step(act, doc, step, rules) is None):
        return None
    if own is not None and own.activity_id != act.id:
        return None
    return LinkDecision(act.id, GAP_CONFIDENCE, reason_text(FILLS_GAP, activity=act.id, step=step,
                                                            before=max(before), after=min(after)))


# A link that only the upload order and the SOP's order of steps support: below AMONG_UPLOAD's 0.4.
GAP_CONFIDENCE = 0.35


def _names_no_other(doc: EvidenceDoc, hint: str | None, act: ActivityEvidence) -> bool:
    """No partner read, or every name read may be ``act``'s partner misread: of its kind, with at least one of
    its own words (``_name_words``) among the name's words within OCR slips ("Kelurahan Muara Prori Halu" for
    Muara Pewi Hulu; not "Desa Batu Kuning" for a kelurahan, nor "Kelurahan Lok Besar" for Muara Pewi Hulu)."""
    partner = normalise_partner(act.partner)
    own = _name_words(act.partner)
    for raw in (doc.partner, hint):
        name = normalise_partner(raw or "")
        if not raw or not name.core:
            continue
        if name.kind and name.kind != partner.kind:
            return False
        read = [w.lower() for w in name.display.split() if len(w) >= MIN_NAME_WORD]
        if not any(fuzz.ratio(w, r, score_cutoff=MENTION_THRESHOLD) for w in own for r in read):
            return False
    return True


def _suggest_by_upload(session: Session, doc: EvidenceDoc, activities: list[ActivityEvidence],
                       rules: AuditRules) -> Suggestion | None:
    """For a document no clue of its own points anywhere (a page whose head, date and partner a photo lost:
    a book list's rows, a berita acara's signatures): the activity of the linked documents it was uploaded
    among (``_uploaded_among``). An office uploads an activity's papers together, but papers of other
    activities may come between, so this is a suggestion for a person only, never a link. Its date (if read)
    must lie in the activity's period and the activity must hold no document of its type yet."""
    among = _uploaded_among(session, doc.id)
    act = next((a for a in activities if a.id == among), None)
    if act is None or any(d.doc_type == doc.doc_type for d in act.documents if d.id != doc.id) \
            or (doc.tanggal is not None and not _in_period([act], doc.tanggal, rules.tolerance_days)):
        return None
    return Suggestion(act.id, act.partner, _SUGGEST_WEIGHTS["period"], reason_text(SUGGEST_UPLOADED, activity=act.id))
