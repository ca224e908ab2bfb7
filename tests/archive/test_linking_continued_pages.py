"""A document whose pages arrived as separate files (issue 17): a two-page agreement photographed page by
page gives two documents; page 2 (the later articles and the signatures, its partner unreadable) joins page
1's activity when it was uploaded next to it and its articles continue page 1's numbering
(``archive.continuation``, ``linking._continued_upload``). Agreements from the harder generator, every
partner kind, both modes, both upload orders, on a real archive; the partner's name on page 2 is garbled
here, the same way each time."""
from __future__ import annotations

import random
import re

import pytest

from archive import db
from archive.activities import audit
from archive.continuation import MAX_LOST, article_run, continues
from archive.linking import CONTINUES_UPLOAD, read_reason
from archive.partners import mentions_partner, normalise_partner
from samples.generate import make_activity_v2, make_document
from tests.archive.test_activities_world import add_document

BOTH_BACKENDS = True
KINDS = ["desa", "kelurahan", "kecamatan", "sekolah", "pondok_pesantren", "perpustakaan_desa", "tbm", "komunitas"]
MOU = "nota_kesepahaman"


def _agreement(kind: str, seed: int, tag: str = ""):
    """A generated agreement of two pages or more: partner, date, page 1's text, page 2's text with every word of the
    partner's name garbled (what a blurred photo of page 2 gives: no partner to read)."""
    held_out = seed % 2 == 1
    act = make_activity_v2(random.Random(f"continued-{tag}{kind}-{seed}"), held_out, kind)
    spec = make_document(MOU, random.Random(f"continued-doc-{tag}{kind}-{seed}"), held_out, act, harder=True)
    pages = spec.page_texts()
    first, second = pages[0], "\n".join(pages[1:])  # page 1 photographed alone, the rest in one file
    words = {w for w in re.findall(r"[A-Za-z]{3,}", act.partner.name)} - {"Desa", "Kelurahan", "Kecamatan"}
    for word in sorted(words, key=len, reverse=True):
        second = re.sub(rf"\b{word}\b", "Xx" + "z" * (len(word) - 2), second, flags=re.IGNORECASE)
    assert not mentions_partner(second, act.partner.name)
    return act.partner.name, spec.meta["tanggal"], first, second


def _arrive(settings, doc_id: str, text: str, *, tanggal=None, partner=None) -> None:
    """A document as ingest stores it, with its "document.ingest" entry (the archive's order of arrival)."""
    with db.session_scope(settings) as session:
        add_document(session, doc_id, MOU, tanggal=tanggal, partner=partner, text=text)
        db.write_audit(session, "document.ingest", user=None, doc_id=doc_id, detail={"file": f"{doc_id}.jpg"})


def _link(settings, doc_id: str) -> int | None:
    with db.session_scope(settings) as session:
        row = session.get(db.ActivityLinkRow, doc_id)
        return row.activity_id if row is not None else None


def _reason(settings, doc_id: str) -> str | None:
    with db.session_scope(settings) as session:
        row = session.get(db.ActivityLinkRow, doc_id)
        return row.reason if row is not None else None


@pytest.mark.parametrize("kind", KINDS)
def test_the_articles_of_page_two_continue_page_ones(kind):
    for seed in range(2):
        _, _, first, second = _agreement(kind, seed)
        one, two = article_run(first), article_run(second)
        assert one is not None and two is not None and one.first == 1 and two.first == one.last + 1
        assert continues(second, first) and not continues(first, second) and not continues(first, first)
        # one article number misread ("Pasal 3" for the first of page 2) or unread ("Pasal ?") is outvoted
        heads = re.findall(r"^Pasal (\d+)$", second, flags=re.MULTILINE)
        misread = re.sub(rf"^Pasal {heads[0]}$", "Pasal 3", second, count=1, flags=re.MULTILINE)
        unread = re.sub(rf"^Pasal {heads[1]}$", "Pasal ?", second, count=1, flags=re.MULTILINE)
        assert continues(misread, first) and continues(unread, first)
        # page 2's first heading lost, its second read with dust ("'Pasal 5"), page 1's first glued ("Pasal1l")
        lost = re.sub(rf"^Pasal {heads[0]}\n", "", second, count=1, flags=re.MULTILINE)
        lost = re.sub(rf"^Pasal {heads[1]}$", f"'Pasal {heads[1]}", lost, count=1, flags=re.MULTILINE)
        glued = re.sub(r"^Pasal 1$", "Pasal1l", first, count=1, flags=re.MULTILINE)
        assert continues(lost, glued) and not continues(glued, lost)
        # a whole agreement (Pasal 1 to its end) is continued by no other one's page 2, nor continues one
        whole = first + "\n" + second
        assert not continues(second, whole) and not continues(whole, first)


@pytest.mark.parametrize("page_two_first", [False, True])
@pytest.mark.parametrize("kind", KINDS)
def test_page_two_uploaded_next_to_page_one_joins_its_activity(settings, kind, page_two_first):
    partner, day, first, second = _agreement(kind, int(page_two_first))
    other, other_day, other_first, other_second = _agreement("tbm" if kind != "tbm" else "desa", 5, "other-")
    # another partner's whole agreement (both pages in one file) arrives just before
    _arrive(settings, "whole", other_first + "\n" + other_second, tanggal=other_day, partner=other)
    order = [("p2", second, None, None), ("p1", first, day, partner)]
    for doc_id, text, tanggal, name in (order if page_two_first else order[::-1]):
        _arrive(settings, doc_id, text, tanggal=tanggal, partner=name)
    audit(settings)  # links what is not linked yet, page 2 again once page 1 is
    assert _link(settings, "p1") is not None and _link(settings, "p2") == _link(settings, "p1"), (kind, partner)
    wording = read_reason(_reason(settings, "p2"))
    assert wording is not None and wording.template == CONTINUES_UPLOAD
    assert _link(settings, "whole") != _link(settings, "p1")


def test_page_two_uploaded_far_from_page_one_is_left_alone(settings):
    partner, day, first, second = _agreement("desa", 0)
    _arrive(settings, "p1", first, tanggal=day, partner=partner)
    for k in range(3):  # three other uploads between: not the same paper's files
        other, other_day, a, b = _agreement("tbm", k, "between-")
        _arrive(settings, f"o{k}", a + "\n" + b, tanggal=other_day, partner=other)
    _arrive(settings, "p2", second)
    audit(settings)
    assert _link(settings, "p1") is not None and _link(settings, "p2") is None


def test_page_two_between_two_page_ones_it_could_continue_is_left_alone(settings):
    """Two agreements split at the same article, both page 1s next to one page 2: its articles cannot tell
    which paper it belongs to."""
    partner, day, first, second = _agreement("kelurahan", 0)
    other, other_day, other_first, _ = _agreement("komunitas", 0, "twin-")
    assert article_run(first) == article_run(other_first)
    _arrive(settings, "p1", first, tanggal=day, partner=partner)
    _arrive(settings, "p2", second)
    _arrive(settings, "q1", other_first, tanggal=other_day, partner=other)
    audit(settings)
    assert _link(settings, "p1") is not None and _link(settings, "q1") is not None
    assert _link(settings, "p2") is None


def test_a_page_whose_articles_do_not_follow_on_is_left_alone(settings):
    partner, day, first, second = _agreement("sekolah", 0)
    # the page 2 of a longer paper: its articles begin more than MAX_LOST after page 1's last
    later = re.sub(r"^Pasal (\d+)$", lambda m: f"Pasal {int(m.group(1)) + MAX_LOST + 1}", second, flags=re.MULTILINE)
    assert article_run(later).first == article_run(first).last + MAX_LOST + 2
    _arrive(settings, "p1", first, tanggal=day, partner=partner)
    _arrive(settings, "p2", later)
    audit(settings)
    assert normalise_partner(partner).kind and _link(settings, "p1") is not None and _link(settings, "p2") is None


def _headings_of(text: str) -> list[str]:
    return re.findall(r"^Pasal (\d+)$", text, flags=re.MULTILINE)


@pytest.mark.parametrize("stroke", ["i", "1", "|", "I"])
@pytest.mark.parametrize("kind", ["desa", "pondok_pesantren", "tbm"])
def test_headings_whose_l_was_read_as_a_stroke_still_continue(settings, kind, stroke):
    """A blurred photo of page 2 reads every "Pasal" with its l as another upright ("Pasai 6", "Pasa1 6"):
    the headings still count, and page 2 joins page 1's activity."""
    partner, day, first, second = _agreement(kind, 0, f"stroke-{stroke}-")
    blurred = re.sub(r"^Pasal ", f"Pasa{stroke} ", second, flags=re.MULTILINE)
    assert continues(blurred, first)
    _arrive(settings, "p1", first, tanggal=day, partner=partner)
    _arrive(settings, "p2", blurred)
    audit(settings)
    assert _link(settings, "p1") is not None and _link(settings, "p2") == _link(settings, "p1"), (kind, partner)
    assert read_reason(_reason(settings, "p2")).template == CONTINUES_UPLOAD


@pytest.mark.parametrize("kind", ["kelurahan", "sekolah", "komunitas"])
def test_headings_too_damaged_to_vote_still_continue_by_their_span(settings, kind):
    """Page 2's second heading lost, its fourth misread ("Pasal 3" for 8) and the numbers of the rest unread
    ("Pasal ?"): the headings' votes tie (``article_run`` gives none), their increasing run (``article_span``)
    still starts where page 1 stopped."""
    for seed in range(4):
        partner, day, first, second = _agreement(kind, seed, "span-")
        if len(_headings_of(second)) >= 5:
            break
    heads = _headings_of(second)
    assert len(heads) >= 5, kind
    damaged = re.sub(rf"^Pasal {heads[1]}\n", "", second, count=1, flags=re.MULTILINE)
    damaged = re.sub(rf"^Pasal {heads[3]}$", "Pasal 3", damaged, count=1, flags=re.MULTILINE)
    for later in heads[5:]:
        damaged = re.sub(rf"^Pasal {later}$", "Pasal ?", damaged, count=1, flags=re.MULTILINE)
    assert article_run(damaged) is None and continues(damaged, first)
    _arrive(settings, "p1", first, tanggal=day, partner=partner)
    _arrive(settings, "p2", damaged)
    audit(settings)
    assert _link(settings, "p1") is not None and _link(settings, "p2") == _link(settings, "p1"), (kind, partner)
