"""Lines read from non-text marks (a QR code, a stamp, a signature) are dropped by their
confidence and the absence of any real word; real lines, numbers and dates stay."""
from __future__ import annotations

from pagegen import LINES, encode, qr_block, render_page, words_in_order

from ingest import ocr
from ingest.model import Word
from ingest.options import IngestOptions
from ingest.pipeline import ingest_file

WORDS = ocr.dictionary("ind")


def _line(text: str, conf: float) -> list[Word]:
    return [Word(t, conf, (0, 0, 10, 10)) for t in text.split()]


def test_low_confidence_line_without_words_or_digits_is_dropped():
    lines = [_line("Dengan hormat, kami mengundang", 93), _line("Pe aa Tn", 30), _line("NIP 19650312", 40),
             _line("kegiatan desa", 40), _line("7 AS 5", 30)] + [_line("surat ini kami sampaikan", 95)] * 4
    keys = [(0, i, 1, 1) for i in range(len(lines))]
    kept, kept_keys = ocr._drop_mark_lines(lines, keys, WORDS)
    texts = [" ".join(w.text for w in line) for line in kept]
    assert "Pe aa Tn" not in texts
    assert "NIP 19650312" in texts and "7 AS 5" in texts and "kegiatan desa" in texts
    assert len(kept_keys) == len(kept) == len(lines) - 1


def test_garbage_words_go_but_a_low_confidence_number_stays():
    """Tesseract scores a printed nomor with a Roman month near 0 ("I!1" for "III"): dropping it as
    garbage lost the letter's number; a speck of one or no digit still goes."""
    lines = [_line("Nomor :", 93) + [Word("045/12/DS-LB/I!1/2024", 4.2, (0, 0, 10, 10))],
             _line("Sifat : Biasa", 92) + [Word("~y", 3.0, (0, 0, 10, 10)), Word("a1", 5.0, (0, 0, 10, 10))]]
    lines += [_line("surat ini kami sampaikan", 95)] * 4
    kept, keys = ocr._drop_garbage(lines, [(0, i, 1, 1) for i in range(len(lines))])
    texts = [" ".join(w.text for w in line) for line in kept]
    assert texts[0] == "Nomor : 045/12/DS-LB/I!1/2024"
    assert texts[1] == "Sifat : Biasa"
    assert len(keys) == len(kept)


def test_poor_page_keeps_its_unsure_lines():
    lines = [_line("Pe aa Tn", 30)] * 3 + [_line("hormat", 50)]
    kept, _ = ocr._drop_mark_lines(lines, [(0, i, 1, 1) for i in range(4)], WORDS)
    assert len(kept) == 4  # median confidence under 60: these may be all the page has


def test_qr_code_beside_the_text_leaves_no_garbage_line(tmp_path):
    page = qr_block(render_page(), x=900, y=700)
    path = tmp_path / "qr.png"
    path.write_bytes(encode(page, "PNG", dpi=(150, 150)))
    result = ingest_file(path, IngestOptions(workers=1))
    assert words_in_order(result.text, [line.split()[0] for line in LINES])
    expected = {w.strip(".,:").lower() for line in LINES for w in line.split()}
    for line in result.text.splitlines():
        tokens = [t.strip(".,:;'|()" + '"').lower() for t in line.split()]
        tokens = [t for t in tokens if t]
        assert not tokens or any(t in expected for t in tokens), line


def test_speck_read_off_a_logo_beside_the_letterhead_goes_but_the_letterhead_stays():
    """A logo left of the letterhead gives a low-confidence non-word far from the line's text
    ("nasa PEJABAT PENGADAAN"); it goes, the letterhead words, a far date and a far number stay."""
    def word(text, conf, x, h=34):
        return Word(text, conf, (x, 0, 30 * len(text), h))

    # "nasa" is in Tesseract's word list, but twice as tall as the letters beside it
    lines = [[word("nasa", 32, 557, 68), word("PEJABAT", 92, 1188), word("PENGADAAN", 95, 1450)],
             [word("Nomor", 93, 200), word(":", 90, 400), word("045/12", 30, 450), word("Paringin,", 90, 1500),
              word("Senin", 30, 1900)],
             [word("Kepala", 35, 200), word("Desa", 93, 1200), word("Xq", 20, 1335)],
             [word("Dengan", 93, 200), word("hormat,", 90, 420), word("Ujrt", 30, 1400)]]
    lines += [_line("surat ini kami sampaikan", 95)] * 4
    kept, keys = ocr._drop_mark_lines(lines, [(0, i, 1, 1) for i in range(len(lines))], WORDS)
    texts = [" ".join(w.text for w in line) for line in kept]
    assert texts[0] == "PEJABAT PENGADAAN"
    assert texts[1] == "Nomor : 045/12 Paringin, Senin"  # a number and a dictionary word stay, however far
    assert texts[2] == "Kepala Desa Xq"  # "Xq" is not far from "Desa": only far words go
    assert texts[3] == "Dengan hormat,"  # a far non-word of the letters' height (a signature's edge)
    assert len(keys) == len(kept)



def _row(y: int, *read: tuple[str, float]) -> list[Word]:
    """Words of one line laid out left to right at height ``y``, each 20 px per letter wide."""
    out, x = [], 0
    for text, conf in read:
        out.append(Word(text, conf, (x, y, 20 * len(text), 30)))
        x += 20 * len(text) + 15
    return out


def test_a_long_word_of_the_word_list_read_unsure_stays_but_short_and_unknown_ones_go():
    """On a blurred 72 dpi photocopy Tesseract scores whole, rightly read words near 0
    ("menindaklanjuti", "penyebaran", "kasus-kasus"); dropped as garbage, each cost its every letter.
    Marks are read as short words ("dn", "mi" are in the word list too) or as no word at all, and those
    still go, as does a long word read from a mark that the word list does not know, a second, unsure
    reading of letters a sure word was already read from, and a long word that does not stand like print
    among sure print (taller than its line's sure words, or on a line with no sure print: a stamp's
    "KELUAR", a messenger photo's background read as office words)."""
    lines = [_row(0, ("Dengan", 90), ("hormat,", 90), ("dalam", 90), ("rangka", 90), ("menindaklanjuti", 0.0)),
             _row(50, ("antisipasi", 90), ("penyebaran", 3.0), ("dn", 2.0), ("pandemi", 92)),
             _row(100, ("kasus-kasus", 0.0), ("mi", 5.0), ("terkait", 88), ("dengan", 88)),
             _row(150, ("Sifat", 92), (":", 92), ("Biasa", 92), ("Sereatitinisge", 0.0), ("kasus-nasus", 1.0))]
    twice = Word("Sertifikasi:", 0.0, (24, 200, 139, 30))
    lines.append(_row(200, ("Sertifikasi:", 96), ("4", 96)) + [twice])
    lines.append(_row(220, ("Kabupaten", 40), ("laporan", 30), ("KELUAR", 5.0)))  # no sure print beside it
    tall = Word("Pembina", 0.0, (900, 300, 140, 70))  # twice the height of its line's sure words
    lines.append(_row(300, ("Utama", 92), ("Muda", 92)) + [tall])
    lines += [_row(400 + 50 * n, ("surat", 95), ("ini", 95), ("kami", 95), ("sampaikan", 95)) for n in range(4)]
    kept, _ = ocr._drop_garbage(lines, [(0, i, 1, 1) for i in range(len(lines))], words=WORDS)
    texts = [" ".join(w.text for w in line) for line in kept]
    assert texts[0] == "Dengan hormat, dalam rangka menindaklanjuti"
    assert texts[1] == "antisipasi penyebaran pandemi"
    assert texts[2] == "kasus-kasus terkait dengan"
    assert texts[3] == "Sifat : Biasa"
    assert texts[4] == "Sertifikasi: 4"
    assert texts[5] == "Kabupaten laporan"
    assert texts[6] == "Utama Muda"
