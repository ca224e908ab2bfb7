"""Log lines that cannot be forged: control characters in a message are escaped, and every
line of the server log names the client address of the request it was written in."""
from __future__ import annotations

import logging
import unicodedata
from typing import Callable

FORMAT = "%(asctime)s %(levelname)s [%(client)s] %(name)s: %(message)s"

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def escape_control(text: str) -> str:
    """``text`` with line breaks, other control characters and invisible format characters
    (bidi overrides, zero-width marks) written as escapes, so one call logs one line."""
    out = []
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _no_client() -> str:
    return "-"


class SafeLogFilter(logging.Filter):
    """Escape the formatted message of every record and add ``client`` (the request's address, as
    ``client`` tells it: the web app gives ``web.state.client_address``; the command line has none,
    and this module imports no Flask so that ``burt`` need not)."""

    def __init__(self, client: Callable[[], str] = _no_client) -> None:
        super().__init__()
        self._client = client

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "_burt_escaped", False):
            try:
                message = record.getMessage()
            except (TypeError, ValueError):  # a bad %-format: log what we have, escaped
                message = f"{record.msg!r} {record.args!r}"
            record.msg = escape_control(message)
            record.args = None
            record._burt_escaped = True
        record.client = escape_control(self._client())
        return True


def safe_handler(handler: logging.Handler, client: Callable[[], str] = _no_client) -> logging.Handler:
    """Give ``handler`` the escaping filter and the format with the client address ``client`` tells."""
    handler.addFilter(SafeLogFilter(client))
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler
