"""Letter numbers (nomor surat) as OCR leaves them, put back together.

Numbers are free-form (``045.2/123/DISPERPUS/2024``, ``000.4.7.1/05/DISPERSIP/II/2025``, ``35/SK/SDITMUH/X/2015``):
they are normalised, not validated against one grammar. The repairs undo what Tesseract does inside them
(``|``/``l``/``I`` for '/', ',' for '.', 'O' for '0', Roman months read as digits, spaces around '/'), and a
number that is visibly broken is given up: missing is better than wrong.
"""
from __future__ import annotations

import re

_NOMOR_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,/|!\-]*[0-9A-Za-z]")


def normalise_nomor(raw: str) -> tuple[str | None, bool]:
    """A letter number cleaned of OCR damage: spaces around '/', ``|``/``l``/``I`` read for '/', ',' for '.'
    in the classification code, 'O' for '0' in numeric parts. Returns (nomor or None, repaired)."""
    s = raw.strip()
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"(?<=\w)-\s+(?=\w)|(?<=\w)\s+-(?=\w)", "-", s)  # "SMPN1- PRG" broken at the hyphen
    s = re.sub(r"(?<=[A-Za-z])\s(?=\d{1,2}-[A-Za-z])", "", s)  # "SMPN 1-JUAI"
    s = re.sub(r"(?<=\d)\s*[.,]\s*(?=\d)", ".", s)
    m = _NOMOR_TOKEN.search(s)
    if not m:
        return None, False
    token = m.group(0)
    rest = s[m.end():]
    chunks = rest.split()
    if any("/" in c for c in chunks[:2]) and not re.search(r"/\d{4}$", token):
        if len(chunks) >= 2 and chunks[0] in (".", "-"):
            token = _NOMOR_TOKEN.match(token + chunks[0] + chunks[1]).group(0)  # "Bid. LPP/DISPERSIP/…"
        else:
            return None, False  # broken by OCR spaces ("SMPN 1 JUAN/…"): missing rather than wrong
    fixed = token.replace("|", "/")
    fixed = re.sub(r"(?<=\d)[lI](?=\d{2,}(?:/|$))", "/", fixed)  # "045l123/..." : l between digit groups
    fixed = re.sub(r"(?<=\d)[lI](?=[A-Z]{2,})", "/", fixed)  # "123lDISPERSIP"
    fixed = re.sub(r"(?<=\d),(?=\d)", ".", fixed)
    parts = [_fix_mixed_case_code(_fix_numeric_part(p)) for p in fixed.split("/")]
    if len(parts) >= 3 and re.fullmatch(r"\d{4}", parts[-1]):
        parts[-2] = _fix_roman_month(parts[-2])
    fixed = "/".join(parts)
    if not re.search(r"\d", fixed) or len(fixed) < 3 or re.fullmatch(r"\d+[a-z]{2,}.*", parts[-1]):
        return None, False  # "…/202aringin": the year ran into the place-date
    if len(parts) < 2 or re.fullmatch(r"\d[\d.]*\.[A-Za-z].*", parts[0]) or re.search(r"-\d+$", parts[-1]):
        return None, False  # no '/' at all ("000.4.6"), letters in the code ("400.San-…"), cut short ("…-29")
    return fixed, fixed != token


def _fix_numeric_part(part: str) -> str:
    """'O'→'0' and 'l'/'I'→'1' in a segment that is otherwise digits and dots (e.g. '0O4.2', '2O24')."""
    if re.fullmatch(r"[0-9.OolI]+", part) and re.search(r"\d", part) and not re.fullmatch(r"[IVX]+", part):
        return part.replace("O", "0").replace("o", "0").replace("l", "1").replace("I", "1")
    if re.fullmatch(r"[IVXl1]+", part) and re.search(r"[IVX]", part):
        return part.replace("l", "I").replace("1", "I")  # Roman month: "Il" → "II"
    return part


def _fix_mixed_case_code(part: str) -> str:
    """In a mixed-case unit code ("Dispersip-B1g", "Dispersip-B19") a '1' or '9' inside a letter group is the
    OCR reading of 'l' or 'g': "Blg". Upper-case codes with real digits ("SMPN1-JUAI") are left alone."""
    if not re.search(r"[a-z]", part):
        return part
    out = []
    for piece in part.split("-"):
        if re.fullmatch(r"[A-Za-z][A-Za-z19]*", piece) and re.search(r"[19]", piece) and re.search(r"[A-Za-z]{1}", piece):
            candidate = piece.replace("1", "l").replace("9", "g")
            piece = candidate if re.fullmatch(r"[A-Za-z]+", candidate) else piece
        out.append(piece)
    return "-".join(out)


def _fix_roman_month(part: str) -> str:
    """The month before the year is written in Roman numerals; OCR reads "III" as "111" or "Il"."""
    if re.fullmatch(r"[1lI|!]{1,3}", part) or re.fullmatch(r"[1lI|!]{0,3}[VX][1lI|!]{0,3}", part) and len(part) <= 4:
        return re.sub(r"[1l|!]", "I", part)
    return part
