"""In-memory limits of one server process: login throttling and API write rate limits.

Both count events in a sliding window per key (a user name, a client address, a user).
They live in memory, so they are per process and start empty after a restart; ``burt serve``
runs one process (waitress threads), so one archive has one set of counters.  docs/security.md
says what that does and does not defend.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

from ingest.errors import BurtError, Fault


class TooManyRequestsError(BurtError):
    """Too many attempts in a short time: wait, then try again. The client's fault (it asked
    too often), not the server's: a 4xx, and nothing is retried on the server's side."""

    fault = Fault.FILE
    code = "rate_limited"
    http_status = 429
    default_message = ("Terlalu banyak permintaan; tunggu sebentar lalu coba lagi. / "
                       "Too many requests; wait a moment and try again.")


class SlidingWindow:
    """Counts events per key over the last ``window`` seconds (thread-safe)."""

    MAX_KEYS = 50_000

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.limit = int(limit)
        self.window = float(window)
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def _forget_stale(self, now: float) -> None:
        """Drop keys with no event in the window; if that is not enough, the oldest half."""
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]
        if len(self._events) > self.MAX_KEYS:
            by_age = sorted(self._events, key=lambda k: self._events[k][-1])
            for key in by_age[: len(by_age) // 2]:
                del self._events[key]

    def count(self, key: str) -> int:
        with self._lock:
            events = self._trim(key, self.clock())
            if not events:
                self._events.pop(key, None)
            return len(events)

    def hit(self, key: str) -> int:
        """Record one event; returns how many there are now in the window."""
        with self._lock:
            now = self.clock()
            if len(self._events) > self.MAX_KEYS:  # bound the memory an address scan could take
                self._forget_stale(now)
            events = self._trim(key, now)
            events.append(now)
            return len(events)

    def allow(self, key: str) -> bool:
        """Record one event if the key is under its limit; False (nothing recorded) when over."""
        with self._lock:
            events = self._trim(key, self.clock())
            if len(events) >= self.limit:
                return False
            if len(self._events) > self.MAX_KEYS:
                self._forget_stale(self.clock())
                events = self._trim(key, self.clock())
            events.append(self.clock())
            return True

    def clear(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)


class LoginThrottle:
    """Failed logins per user name and per client address.  At ``max_failures`` failures for a
    name (or four times that for an address) within ``minutes``, logins for it are refused,
    even with the right password, until the window has passed."""

    def __init__(self, max_failures: int, minutes: int, clock: Callable[[], float] = time.monotonic):
        window = 60.0 * minutes
        self.by_name = SlidingWindow(max_failures, window, clock)
        self.by_address = SlidingWindow(4 * max_failures, window, clock)

    def locked(self, name: str, address: str) -> bool:
        return (self.by_name.count(name.lower()) >= self.by_name.limit
                or self.by_address.count(address) >= self.by_address.limit)

    def failed(self, name: str, address: str) -> bool:
        """Record a failure; True when this failure starts a lockout (for the alert)."""
        n = self.by_name.hit(name.lower())
        a = self.by_address.hit(address)
        return n == self.by_name.limit or a == self.by_address.limit

    def succeeded(self, name: str) -> None:
        self.by_name.clear(name.lower())
