"""What a file is, from its bytes alone, and whether it is *only* that.

``sniff_kind`` names the format from the first bytes (never from the file name).
``find_polyglot`` looks for a second identity hidden in the same bytes: a program or a
script in front of ``%PDF``, HTML in the header, a ZIP archive (or an OOXML/JAR/APK,
which are ZIPs) whose directory ends the file, or a program or script after the
format's own end marker. Such a file displays as a document but is something else to
another reader (a browser, an unzipper, Windows), so the archive refuses it rather than
keeping and serving it.

The rules are structural (where the bytes sit), not a list of bad files:

* ``%PDF-`` must start the file; only up to ``PDF_PREFIX_TOLERANCE`` bytes of
  whitespace, NUL or a UTF-8 byte-order mark may come first (some exporters emit them).
  Readers accept ``%PDF-`` anywhere in the first KiB, which is what makes PDF polyglots
  possible; the archive does not.
* HTML/script markup in the first KiB of any accepted file (browsers sniff there).
* A ZIP end-of-central-directory record that ends exactly at the end of the file (what
  every unzipper looks for). A chance match inside compressed image data would also have
  to get the comment length right, which random bytes do not.
* The text of a Windows program's DOS stub or an ELF header anywhere (``PROGRAM_INSIDE``;
  ``open_source`` looks through the whole file): compressed page data never spells them,
  an uncompressed program hidden in a document does.
* After the format's end (the last ``%%EOF`` of a PDF, the ``IEND`` chunk of a PNG, the
  last end-of-image marker of a JPEG): markers of programs, scripts or ZIP entries.
"""
from __future__ import annotations

import re
import struct

HEAD_BYTES = 4096  # what open_source reads for sniffing
TAIL_BYTES = 65536 + 22  # a ZIP's end record plus the longest comment it may carry
PDF_PREFIX_TOLERANCE = 16
_PREFIX_FILLER = frozenset(b" \t\r\n\x0c\x00")
_BOM = b"\xef\xbb\xbf"

# executable or script headers, by what they are (for the log)
_PROGRAMS = (
    (b"MZ", "Windows program (MZ)"),
    (b"\x7fELF", "Linux program (ELF)"),
    (b"#!", "script (#!)"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O program"),
    (b"\xcf\xfa\xed\xfe", "Mach-O program"),
    (b"\xce\xfa\xed\xfe", "Mach-O program"),
    (b"\xfe\xed\xfa\xcf", "Mach-O program"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"GIF8", "GIF image"),
)
_MARKUP = re.compile(rb"<\s*(script|html|iframe|svg|body|object|embed|!doctype\s+html|\?php)\b", re.IGNORECASE)
# markers of a program anywhere near the end (an uncompressed program never belongs in a scan)
PROGRAM_INSIDE = re.compile(rb"This program cannot be run in DOS mode|\x7fELF[\x01\x02][\x01\x02]\x01")
# markers looked for after a format's end; short magic numbers (MZ) only where a file starts
_HIDDEN = re.compile(rb"PK\x03\x04|\x7fELF|This program cannot be run in DOS mode|#!/|<\s*(script|html|iframe|\?php)\b",
                     re.IGNORECASE)
_ZIP_END = b"PK\x05\x06"


def sniff_kind(head: bytes) -> str | None:
    """The file kind from its first bytes ("pdf", "jpeg", "png", "tiff", "heic") or None.

    A PDF must start with ``%PDF-`` (after at most a few bytes of whitespace)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
        return "heic"
    at = _pdf_offset(head)
    if at is not None and at <= PDF_PREFIX_TOLERANCE and _harmless_prefix(head[:at]):
        return "pdf"
    return None


def _pdf_offset(head: bytes) -> int | None:
    at = head.find(b"%PDF-", 0, 1024 + 5)
    return None if at < 0 else at


def _harmless_prefix(prefix: bytes) -> bool:
    if prefix.startswith(_BOM):
        prefix = prefix[len(_BOM):]
    return all(b in _PREFIX_FILLER for b in prefix)


def _program(data: bytes) -> str | None:
    start = data.lstrip(bytes(_PREFIX_FILLER))
    for magic, what in _PROGRAMS:
        if start.startswith(magic):
            return what
    if _MARKUP.search(data[:1024]):
        return "HTML or script"
    return None


def find_polyglot(head: bytes, tail: bytes, size: int) -> str | None:
    """Why these bytes are more than one kind of file, or None when they are only one.

    ``head`` is the file's first bytes (``HEAD_BYTES``), ``tail`` its last (``TAIL_BYTES``,
    the whole file when it is shorter), ``size`` the file's length."""
    kind = sniff_kind(head)
    at = _pdf_offset(head)
    if kind is None:
        if at is not None:  # a PDF behind something else: what a PDF reader would still open
            what = _program(head[:at]) or "other data"
            return f"{what} before %PDF at offset {at}"
        return None  # not a document at all: unsupported, not a polyglot
    markup = _MARKUP.search(head[:1024])
    if markup:
        return f"HTML or script markup ({markup.group(0)[:20]!r}) in the first KiB"
    zip_end = _zip_end(tail, size)
    if zip_end is not None:
        return f"a ZIP archive ends the file (directory record at offset {zip_end})"
    program = PROGRAM_INSIDE.search(tail) or PROGRAM_INSIDE.search(head)
    if program:
        return f"a program ({program.group(0)[:20]!r}) inside the {kind.upper()} file"
    after = _after_end(kind, tail)
    hidden = _HIDDEN.search(after) if after else None
    if hidden:
        return f"{hidden.group(0)[:20]!r} after the end of the {kind.upper()} data"
    return None


def _zip_end(tail: bytes, size: int) -> int | None:
    """File offset of a ZIP end-of-central-directory record near the end of the file: one whose
    comment runs to the end (what unzippers look for), or one right behind the central
    directory it describes (a lying comment length does not hide it)."""
    base = size - len(tail)
    end = len(tail.rstrip(b"\x00\r\n \t"))
    at = tail.rfind(_ZIP_END)
    while at >= 0:
        if at + 22 <= len(tail):
            cd_size, _, comment_len = struct.unpack_from("<IIH", tail, at + 12)
            if at + 22 + comment_len in (end, len(tail)):
                return base + at
            if 0 < cd_size <= at and tail[at - cd_size:at - cd_size + 4] == b"PK\x01\x02":
                return base + at
        at = tail.rfind(_ZIP_END, 0, at)
    return None


def _after_end(kind: str, tail: bytes) -> bytes:
    """The bytes after the format's own end marker within ``tail`` (empty when none is found)."""
    if kind == "pdf":
        end = tail.rfind(b"%%EOF")
        return tail[end + 5:] if end >= 0 else b""
    if kind == "png":
        end = tail.rfind(b"IEND")
        return tail[end + 8:] if end >= 0 else b""
    if kind == "jpeg":
        end = tail.rfind(b"\xff\xd9")
        return tail[end + 2:] if end >= 0 else b""
    return b""


def describe_unknown(head: bytes) -> str:
    """A short guess of what an unsupported file is, for the log."""
    program = _program(head)
    if program:
        return program
    try:
        head[:512].decode("utf-8")
        return "plain text"
    except UnicodeDecodeError:
        return "unknown binary"


__all__ = ["HEAD_BYTES", "TAIL_BYTES", "PROGRAM_INSIDE", "sniff_kind", "find_polyglot", "describe_unknown"]
