"""Issue 17: a social-media post photographed so that only its body survived (the site's header, the
reaction counts and the comments cut off or unread) still shows two signs of a post: its hashtags, and the
question or call it puts to its readers just before them ("Siapa yang sudah pinjam buku minggu ini? #BuRT
#PerpustakaanBalangan"). It is ``lainnya``, not an abstention. A letter with a row of tags in its footer, or
a question far from any tags, is no post. Generated posts of the harder generator, both modes, clean and with
OCR-like damage; text in, result out."""
from __future__ import annotations

import random
import re

from ingest.classify import social_media_post, structural_rules
from ingest.metadata import extract_metadata
from samples.generate import DOC_TYPES, make_activity_v2, make_document
from samples.partners import PARTNER_KINDS
from tests.ingest.test_classify_outsiders import damaged

# A line of a printed post that a photo cut to its body loses: the page header and link, the reaction counts,
# the comments under it (a commenter's name, then the comment).
_FRAME = re.compile(r"beranda|https?:|\bsuka\b|komentar|dibagikan", re.IGNORECASE)


def _body_only(text: str) -> str:
    """The post's date line and its body with its tags: everything from the date line to the tags' line."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if "pukul" in ln)
    end = next(i for i, ln in enumerate(lines) if "#" in ln)
    return "\n".join(ln for ln in lines[start:end + 1] if not _FRAME.search(ln))


def _posts():
    for seed in range(16):
        spec = make_document("lainnya", random.Random(f"post-body-{seed}"), seed % 2 == 1, harder=True,
                             other_kind="postingan_medsos")
        yield seed, "\n".join(spec.page_texts())


def test_a_posts_body_with_its_tags_and_its_call_to_readers_is_a_post(judge):
    told = 0
    for seed, text in _posts():
        body = _body_only(text)
        assert "#" in body and not re.search(r"suka|komentar|beranda", body, re.IGNORECASE), body
        signs = social_media_post(body)
        if "ajakan kepada pembaca" not in signs:  # a body with no question or call: the tags alone tell nothing
            assert len(signs) < 2, (seed, signs)
            continue
        told += 1
        assert signs == ["tagar", "ajakan kepada pembaca"], (seed, signs)
        result = judge(body)
        assert result.doc_type == "lainnya" and not result.abstained, (seed, result.reasons[:2], body)
        rough = damaged(body, random.Random(seed))
        if "#" in rough and "ajakan kepada pembaca" in social_media_post(rough):
            assert judge(rough).doc_type == "lainnya", (seed, rough)
    assert told >= 8


def test_tags_in_a_letters_footer_or_a_question_far_from_them_make_no_post():
    """Every BuRT document type of every partner kind, both modes, with a footer of campaign tags: no post.
    A question in a letter's body with the tags lines away: no call to readers either."""
    fired = []
    for kind in PARTNER_KINDS:
        for held_out in (False, True):
            act = make_activity_v2(random.Random(f"post-footer-{kind}-{held_out}"), held_out, kind)
            for doc_type in (t for t in DOC_TYPES if t != "lainnya"):
                spec = make_document(doc_type, random.Random(f"post-footer-{kind}-{doc_type}-{held_out}"),
                                     held_out, act, harder=True)
                text = "\n".join(spec.page_texts()) + "\n#BanggaMelayaniBangsa #LiterasiBalangan"
                asked = "Apakah buku program sudah diterima dengan baik?\n" + text
                for page in (text, asked):
                    rules = [r for r in structural_rules(page, extract_metadata(page)) if r[0] == "lainnya"
                             and "media sosial" in r[2]]
                    if rules or "ajakan kepada pembaca" in social_media_post(page):
                        fired.append((kind, held_out, doc_type, rules))
    assert not fired, fired


def test_noise_marks_are_no_call_to_readers():
    """OCR noise makes a "#" or a "?" in a garbled table; capitals and figures around them are no sentence."""
    page = ("20 Tea | Mean Pendidikan Kata. Paten WA GA | #vemmedarasan data KPT Ad Kepala\n"
            "Pal BIAR RIAS EKA? Kado. Meahanpan | OOG UNA AL YAN #venggrwaran garsawsa | Kambing\n")
    assert "ajakan kepada pembaca" not in social_media_post(page)
    # the same tags after a sentence asking the readers, on one line: a call to readers
    assert "ajakan kepada pembaca" in social_media_post(page + "siapa yang mau ikut? #vemmedarasan #venggrwaran\n")


def test_a_call_whose_last_word_ocr_read_with_a_capital_is_still_a_call(judge):
    """A messenger photo read "minggu ini?" as "minggu Ini?": the question still stands before the tags, and the
    post is ``lainnya``. A sentence of capitals ("RIAS EKA?") is still no call."""
    told = 0
    for seed, text in _posts():
        body = _body_only(text)
        if "ajakan kepada pembaca" not in social_media_post(body):
            continue
        capital = re.sub(r"\b([a-z])([a-z]+)([?!])", lambda m: m.group(1).upper() + m.group(2) + m.group(3), body)
        assert capital != body, seed
        assert social_media_post(capital) == ["tagar", "ajakan kepada pembaca"], (seed, capital)
        assert judge(capital).doc_type == "lainnya", (seed, capital)
        told += 1
    assert told >= 8
    assert "ajakan kepada pembaca" not in social_media_post("Pal BIAR RIAS EKA? #vemmedarasan #venggrwaran\n")
