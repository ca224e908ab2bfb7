"""Written letter text as Tesseract's words, for metadata tests that need word confidences without a page image."""
from __future__ import annotations

from dataclasses import replace

from ingest import fieldread
from ingest.model import PageText, StageRecord, Word

HEAD = "PEMERINTAH KABUPATEN BALANGAN\nDINAS PERPUSTAKAAN DAN KEARSIPAN\n"


def words_read(text: str, doubted: dict[str, float]) -> tuple[Word, ...]:
    """Every token of ``text`` as Tesseract's word, read at 95 unless ``doubted`` names its confidence."""
    out, y = [], 0
    for n, line in enumerate(text.splitlines()):
        for k, token in enumerate(line.split()):
            out.append(Word(token, doubted.get(token, 95.0), (k * 60, y, 50, 20), n))
        y += 30
    return tuple(out)


def dated_letter(date_line: str, nomor: str = "045/112/DISPERSIP/VI/2024") -> str:
    """A short letter under ``HEAD`` with the number ``nomor`` and ``date_line`` as its place-date row."""
    return (HEAD + f"Nomor : {nomor}\nLampiran : -\nPerihal : Undangan\n{date_line}\nKepada Yth.\n"
            "Ketua TBM Cahaya Ilmu\ndi-\nTempat\nDengan hormat, kami mengundang Saudara.\n")


def checked_date_row(page_line: str, readings: list[str]) -> PageText:
    """A page whose field re-reading stage checked its date row: the page's ``page_line`` and the row's
    ``readings``, voted as ``fieldread`` votes them."""
    values, votes = fieldread.vote([page_line] + readings)
    line = replace(fieldread.LineReading("tanggal", page_line, tuple(readings), values, votes, 1 + len(readings)),
                   field=fieldread.CHECKED).to_json()
    return PageText(number=1, text="", words=(), confidence=80.0, width=100, height=100,
                    steps=(StageRecord(fieldread.STAGE, 1.0, {"wanted": [], "lines": [line]}),))


def boxed_number_page(boxes: dict, head: str, label: str, number: str, read: str, conf: float,
                      rows: tuple[str, ...]) -> PageText:
    """A rendered letter head as its own reading gave it: ``head`` (its first word standing for the line),
    the number row ``label : number`` with the value read ``read`` at ``conf``, then ``rows`` read at 95,
    each word boxed by splitting its row's box (``boxes``: rendered text -> (x, y, w, h))."""
    words = [Word(head.split()[0], 95.0, boxes[head], 0), Word(label, 93.0, boxes[label], 1),
             Word(":", 90.0, boxes[":"], 1), Word(read, conf, boxes[number], 1)]
    for line, row in enumerate(rows, start=2):
        x, y, w, h = boxes[row]
        parts = row.split()
        words += [Word(t, 95.0, (x + i * w // len(parts), y, w // len(parts), h), line) for i, t in enumerate(parts)]
    text = "\n".join([head, f"{label} : {read}", *rows])
    return PageText(number=1, text=text, words=tuple(words), confidence=85.0, width=2000, height=700)
