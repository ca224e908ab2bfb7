"""A document that lists several partners (a jadwal pembinaan visiting several libraries) is evidence
for each listed partner's activity, not only for the one its own link points at (issue 17).

A document's own link stays one row of ``activity_links`` (``archive.linking``). The further activities
it is evidence for are rows of ``activity_listed_links`` (``db.ActivityListedRow``, migration
``0701_listed_links``): one per listed partner whose activity's period holds the document's date, the
partner's kind agreeing ("Perpustakaan Desa Lok Batu" lists Desa Lok Batu, never SD Negeri Lok Batu;
``archive.partners.lists_partner``). The audit counts such a document in each of those activities
(``archive.evidence.activity_evidence``), without its partner (it names many); the activity page shows
it as shared. A person may take one away (``remove_listed``): the row is kept with ``removed_at``, so it
is never added again automatically.
"""
from __future__ import annotations

import re
from typing import Iterable

from rapidfuzz import fuzz

from archive import db
from archive.audit import ActivityEvidence, AuditRules, EvidenceDoc, doc_step
from archive.db import ActivityListedRow, Session, select
from archive.partners import (
    FUZZY_THRESHOLD,
    PLACE_KINDS,
    lists_partner,
    names_several_partners,
    normalise_partner,
    similarity,
    within_slips,
)

# The stored reason of a listed link (Indonesian; ``archive.linking.REASON_TEMPLATES`` reads it back).
LISTED_IN = "Dokumen mendaftar beberapa mitra, termasuk %(partner)s (kegiatan #%(activity)s) pada periodenya."
# The document types whose pages list several partners as the subject of the step: a schedule of
# pembinaan visits. (A letter naming another partner in passing is not evidence of that partner's step.)
LISTING_TYPES = ("jadwal_pembinaan",)
# How sure a listed link is: the partner is one row of a table OCR read, the date in the period.
LISTED_CONFIDENCE = 0.5


def _in_period(act: ActivityEvidence, doc: EvidenceDoc, slack: int) -> bool:
    if doc.tanggal is None or act.start is None or act.end is None:
        return False
    return act.start.toordinal() - slack <= doc.tanggal.toordinal() <= act.end.toordinal() + slack


def _nearest_gap(act: ActivityEvidence, doc: EvidenceDoc) -> int:
    days = [abs((d.tanggal - doc.tanggal).days) for d in act.documents if d.tanggal and doc.tanggal]
    return min(days) if days else 10**6


# rapidfuzz ratio at or above which a row's words are taken as a partner's name read with OCR slips
# ("Minati Jannah" for Miftahul Jannah) when the row's kind words were lost.
ROW_RATIO = 70.0
WORD_RATIO = 40.0  # ... and each word at least this near its own ("Awayan Hilir" is not "Kusambi Hilir")
_WORD = re.compile(r"[A-Za-z]+")
_WORD_LOWER = re.compile(r"[a-z]+")


def fuzzy_lists(text: str, partner: str, taken: Iterable[str] = ()) -> bool:
    """A row of a schedule names ``partner`` though OCR garbled its kind words or its name: the name's
    own words (kind words aside) within ``ROW_RATIO`` of as many capitalised words of a line (or of a line
    and the next, for a wrapped cell), no readable kind word of another kind before them; a one-word name (a desa, a kecamatan) only as a wrapped cell of its own
    ("| Halong"). Never for a numbered partner ("SD Negeri 3 ...": the number tells schools apart), nor from
    words one of which is a kind's own word the name does not hold ("Pembinaan Perpustakaan" is no "Pena
    Pustaka": the Dinas's unit under the signature), nor from words that are all words of another
    partner's name the text lists readably (``taken``: the row "Muara Nija Raya" of Kelurahan Muara Nija
    Raya is no garbled "Muara Jijot"), nor from words more words follow in their run whose last is not the
    name's last word within OCR slips: a row read cell by cell writes the next cell right after the name,
    its first word capitalised ("SMAN 1 Lampihong Pelaporan pemanfaatan buku" is no Desa Lampihong Kanan)."""
    name = normalise_partner(partner)
    others = [set(_WORD_LOWER.findall(normalise_partner(t).display.lower())) for t in taken
              if similarity(normalise_partner(t), name) < FUZZY_THRESHOLD]
    words = [w.lower() for w in _WORD.findall(name.display)]
    if not words or name.numbers or name.kind in (None, "perpustakaan"):
        return False
    lines = (text or "").splitlines()
    if len(words) == 1:
        return len(words[0]) >= 5 and any(_one_word_cell(lines, i, words[0], name.kind) for i in range(len(lines)))
    target = " ".join(words)
    for tokens in _runs(lines):
        for j in range(len(tokens) - len(words) + 1):
            if not all(t[0].isupper() for t in tokens[j:j + len(words)]):
                continue  # a name's words are capitalised; the next cell's ("ruang baca", "pustaka") are not
            window = [t.lower() for t in tokens[j:j + len(words)]]
            if any(w not in words and normalise_partner(w).kind for w in window):
                continue  # a kind's own word ("Pembinaan Perpustakaan", a unit's name) stands for no name's word
            if any(set(window) <= other for other in others):
                continue  # the words of another partner's name, read as such elsewhere on the page: its row
            if j + len(words) < len(tokens) and not within_slips(window[-1], words[-1], extra=1):
                continue  # the next cell's first word, capitalised, after a name's first words ("SMAN 1 Lampihong
                # Pelaporan pemanfaatan buku" is no Desa Lampihong Kanan): a row read cell by cell
            if fuzz.ratio(" ".join(window), target) < ROW_RATIO \
                    or min(fuzz.ratio(a, b) for a, b in zip(window, words)) < WORD_RATIO:
                continue
            # "SDN Lok Batu" is a school's row, not Desa Lok Batu's: a readable kind word before it decides
            kinds = {normalise_partner(" ".join([*tokens[j - k:j], *window])).kind for k in (1, 2) if j >= k}
            if not kinds - {None, name.kind}:
                return True
    return False


def _one_word_cell(lines: list[str], i: int, word: str, kind: str | None) -> bool:
    """Line ``i`` is a wrapped cell holding a one-word name alone ("| Halong"), written as it is; or, for a
    place, written with one OCR slip more than ``within_slips`` allows a name that short, first letter kept,
    when the line above holds the place's kind word itself within one slip more than its own ("Pupatakam
    Keccmatas ..." / "Haloag" is Kecamatan Halong's row; the kind word tells it from Desa Halong's)."""
    line = lines[i]
    got = [w.lower() for w in _WORD.findall(line)]
    if len(got) != 1 or re.search(r"\d", line):
        return False
    above = _WORD.findall(lines[i - 1]) if i else []
    if _other_kind_above(above, kind):  # "Perpustakaan Desa" / "Galumbang" is no pondok pesantren's row
        return False
    if got[0] == word:
        return True
    if kind not in PLACE_KINDS or got[0][0] != word[0] or not within_slips(got[0], word, extra=1):
        return False
    return any(within_slips(w.lower(), kind, extra=1) for w in above)


# Kinds one partner may be written with: a desa or kelurahan and its village library are one partner.
_SAME_PARTNER_KINDS = {"desa": {"perpustakaan_desa"}, "kelurahan": {"perpustakaan_desa"},
                       "perpustakaan_desa": {"desa", "kelurahan"}}


def _other_kind_above(words: list[str], kind: str | None) -> bool:
    """The line above a wrapped cell reads a kind word ("Desa", "SMPN", "Pondok Pesantren") and none of
    ``kind`` (nor of the same partner's other kinds): the cell continues a name of another kind. A bare
    "Perpustakaan" heads every row and tells nothing."""
    read = {normalise_partner(" ".join(words[j:j + 3]) + " X").kind for j in range(len(words))} - {None, "perpustakaan"}
    return bool(read) and not read & ({kind} | _SAME_PARTNER_KINDS.get(kind or "", set()))


# What may stand between two words of one name: spaces (a name cell holds no digit, comma or rule).
_RUN = re.compile(r"[A-Za-z]+(?:[ \t]+[A-Za-z]+)*")


def _runs(lines: list[str]) -> list[list[str]]:
    """The runs of words of each line uninterrupted by digits or punctuation ("Paringin, 29 Mei" is two
    runs), and the last run of a line joined with the first of the next (a wrapped cell)."""
    out = []
    for i, line in enumerate(lines):
        runs = [m.group(0).split() for m in _RUN.finditer(line)]
        out.extend(runs)
        below = _RUN.search(lines[i + 1]) if i + 1 < len(lines) else None
        if runs and below and not re.match(r"\s*\d", lines[i + 1]):  # the next line is no new row
            out.append(runs[-1] + below.group(0).split())
    return out


def cell_lines(pages: Iterable[list[dict]], hand: bool = False) -> str:
    """The text of each cell of a page's ruled table as one line: the stored OCR words that ``ingest.cells``
    read inside one grid cell (``"cell": [table, row, column]``), in reading order. A name wrapped over two
    lines of its cell ("Perpustakaan Desa Ceria" / "Aksara") is one line here, where the page's text lines
    split it, or lose it where the page's own reading garbled the row and the cell's reading did not.
    Cells ingest took for handwriting (their text no sure reading) are left out unless ``hand`` (a
    suggestion for a person, never a link); a page without a ruled grid adds nothing."""
    out: list[str] = []
    for words in pages:
        cells: dict[tuple[int, ...], list[dict]] = {}
        for w in words or []:
            cell, text = w.get("cell"), str(w.get("text") or "").strip()
            if cell and text and (hand or not w.get("hand")) and len(w.get("box") or ()) == 4:
                cells.setdefault(tuple(int(v) for v in cell), []).append(w)
        for key in sorted(cells):
            out.append(" ".join(str(w["text"]).strip() for w in _reading_order(cells[key])))
    return "\n".join(out)


def _reading_order(words: list[dict]) -> list[dict]:
    """A cell's words line by line (a word whose middle lies within the line's first word's height joins
    that line), left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (int(w["box"][1]), int(w["box"][0]))):
        x, y, _, h = (int(v) for v in w["box"])
        first = lines[-1][0]["box"] if lines else None
        if first is not None and int(first[1]) <= y + h / 2 <= int(first[1]) + int(first[3]):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [w for line in lines for w in sorted(line, key=lambda w: int(w["box"][0]))]


def listing_text(text: str, doc_type: str | None, pages: Iterable[list[dict]], hand: bool = False) -> str:
    """The text a document of ``LISTING_TYPES`` is read by for the partners it lists: its pages' text and,
    below it, its table cells one per line (``cell_lines``). Other types: their text as it is."""
    if doc_type not in LISTING_TYPES:
        return text
    cells = cell_lines(pages, hand)
    return f"{text}\n{cells}" if cells else text


def readable_rows(text: str, activities: Iterable[ActivityEvidence]) -> list[str]:
    """The partners of ``activities`` (any period) a readable row of ``text`` names (``lists_partner``): a
    garbled row reading (``fuzzy_lists``) never takes their words for another partner's name."""
    return sorted({a.partner for a in activities if lists_partner(text, a.partner)})


def listed_activities(doc: EvidenceDoc, activities: Iterable[ActivityEvidence], rules: AuditRules,
                      text: str) -> list[ActivityEvidence]:
    """The activities a dated SOP-step document listing several partners (of ``LISTING_TYPES``) is evidence for: per listed
    partner (kind agreeing), its activity whose period holds the date (the nearest by its documents'
    dates when there are two). Empty for a document of no step, undated, or naming one partner."""
    step = rules.type_steps.get(doc.doc_type or "", 0)
    if doc.doc_type not in LISTING_TYPES or not step or doc.tanggal is None:
        return []
    several = names_several_partners(text)
    activities = list(activities)
    taken = readable_rows(text, activities)
    best: dict[str, ActivityEvidence] = {}
    fuzzy: dict[str, set[str]] = {}  # a garbled row's name -> the partners it may be (their kind unread)
    for act in activities:
        if not _in_period(act, doc, rules.tolerance_days):
            continue
        # a readable row (kind agreeing) on a page naming several partners; failing that, a garbled row
        # naming it (fuzzy_lists), and then only for an activity still without evidence of the step
        lacking = not any(doc_step(d, rules) == step for d in act.documents if d.id != doc.id)
        if several and lists_partner(text, act.partner):
            pass
        elif lacking and fuzzy_lists(text, act.partner, taken):
            fuzzy.setdefault(normalise_partner(act.partner).display.lower(), set()).add(
                normalise_partner(act.partner).key)
        else:
            continue
        key = normalise_partner(act.partner).key
        if key not in best or (_nearest_gap(act, doc), act.id) < (_nearest_gap(best[key], doc), best[key].id):
            best[key] = act
    # a garbled row that may be partners of two kinds ("| Halong": the desa or the kecamatan) is neither
    ambiguous = {k for keys in fuzzy.values() if len(keys) > 1 for k in keys}
    return sorted((a for k, a in best.items() if k not in ambiguous), key=lambda a: a.id)


def store_listed(session: Session, doc_id: str, activities: Iterable[ActivityEvidence],
                 own: int | None) -> list[int]:
    """Add a listed link from ``doc_id`` to each of ``activities`` that is not its own link (``own``)
    and has no row yet (a removed row stays removed); audited. Returns the activities added, and those whose
    standing listed link the reading no longer gives (an activity started since shows the row was another
    partner's: ``fuzzy_lists``), which it takes back (audited ``activity.auto_unlink``), so the links do not
    depend on the order the documents arrived in."""
    activities = list(activities)
    rows = list(session.scalars(select(ActivityListedRow).where(ActivityListedRow.document_id == doc_id)))
    have = {r.activity_id for r in rows}
    keep = {a.id for a in activities}
    changed = []
    for row in rows:
        if row.removed_at is None and row.activity_id not in keep and row.activity_id != own:
            db.write_audit(session, "activity.auto_unlink", user=None, doc_id=doc_id,
                           activity_id=str(row.activity_id), detail={"reason": row.reason, "listed": True})
            session.delete(row)
            changed.append(row.activity_id)
    for act in activities:
        if act.id == own or act.id in have:
            continue
        reason = LISTED_IN % {"partner": act.partner, "activity": act.id}
        session.add(ActivityListedRow(document_id=doc_id, activity_id=act.id, confidence=LISTED_CONFIDENCE,
                                      reason=reason, linked_at=db.now_iso()))
        db.write_audit(session, "activity.listed_link", user=None, doc_id=doc_id, activity_id=str(act.id),
                       detail={"confidence": LISTED_CONFIDENCE, "reason": reason})
        changed.append(act.id)
    if changed:
        session.flush()
    return changed


def listed_rows(session: Session, activity_id: int) -> dict[str, ActivityListedRow]:
    """The standing listed links of an activity (document id -> row)."""
    return {r.document_id: r for r in session.scalars(select(ActivityListedRow).where(
        ActivityListedRow.activity_id == activity_id, ActivityListedRow.removed_at.is_(None)))}


def documents_listed(session: Session) -> set[str]:
    """The documents that are evidence of some activity through a standing listed link."""
    return set(session.scalars(select(ActivityListedRow.document_id).where(ActivityListedRow.removed_at.is_(None))))


def remove_listed(session: Session, doc_id: str, activity_id: int, user: str | None) -> bool:
    """Take a listed link away (a person: the schedule is not evidence of that activity); kept as
    removed so it is not added again. False when there is no standing one. Audited."""
    row = session.get(ActivityListedRow, (doc_id, activity_id))
    if row is None or row.removed_at is not None:
        return False
    row.removed_by, row.removed_at = user or "", db.now_iso()
    db.write_audit(session, "activity.listed_unlink", user=user, doc_id=doc_id, activity_id=str(activity_id),
                   detail={"reason": row.reason})
    return True


def move_listed(session: Session, from_id: int, to_id: int) -> None:
    """An activity merged into another: its listed links go with it (one per document)."""
    have = set(session.scalars(select(ActivityListedRow.document_id).where(ActivityListedRow.activity_id == to_id)))
    for row in list(session.scalars(select(ActivityListedRow).where(ActivityListedRow.activity_id == from_id))):
        if row.document_id in have:
            session.delete(row)
        else:
            session.add(ActivityListedRow(document_id=row.document_id, activity_id=to_id, confidence=row.confidence,
                                          reason=row.reason, linked_at=row.linked_at, removed_by=row.removed_by,
                                          removed_at=row.removed_at))
            session.delete(row)
    session.flush()
