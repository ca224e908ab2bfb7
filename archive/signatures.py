"""Signature blocks in an agreement's text: which parties signed (read by ``archive.evidence``
for the audit's agreement rule).  Pure text analysis."""
from __future__ import annotations

import re
from typing import Iterable

_SIGN_HEAD = re.compile(r"pihak[ \t]+(\w+)[ \t]*(?:[,:]|$)", re.IGNORECASE | re.MULTILINE)
_CONNECTOR = re.compile(r"\b(dan|oleh|dengan|kepada|antara|bagi|untuk|disebut|sebagai|atau)[ \t]*$", re.IGNORECASE)


def find_signatures(text: str, roles: Iterable[str]) -> dict[str, bool]:
    """Which parties' signature blocks appear in an agreement's closing part.

    The closing part is the text after the last article heading ("Pasal"), or the last
    third when there is none. A signature block heading is "PIHAK <ROLE>" ending its line or
    followed by a comma or colon ("PIHAK KEDUA,"), also when OCR put two columns on one
    line; a sentence that merely names the party ("oleh PIHAK PERTAMA dan PIHAK KEDUA.")
    does not count.
    """
    roles = tuple(r.lower() for r in roles)
    if not text.strip():
        return {}
    heads = [m.start() for m in re.finditer(r"\bpasal\b", text, flags=re.IGNORECASE)]
    tail = text[heads[-1]:] if heads else text[len(text) * 2 // 3:]
    signed = {role: False for role in roles}
    for m in _SIGN_HEAD.finditer(tail):
        role = m.group(1).lower()
        line_start = tail.rfind("\n", 0, m.start()) + 1
        if role in signed and not _CONNECTOR.search(tail[line_start:m.start()]):
            signed[role] = True
    return signed
