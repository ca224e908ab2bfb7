"""The in-memory sliding windows behind the login throttle and the API write limit."""
from __future__ import annotations

from web.limits import LoginThrottle, SlidingWindow


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_window_counts_only_recent_events():
    clock = Clock()
    window = SlidingWindow(3, 60, clock)
    assert [window.allow("ani") for _ in range(4)] == [True, True, True, False]
    assert window.allow("budi")
    clock.now += 61
    assert window.allow("ani") and window.count("ani") == 1


def test_throttle_locks_a_name_then_lets_it_go():
    clock = Clock()
    throttle = LoginThrottle(max_failures=2, minutes=15, clock=clock)
    assert not throttle.failed("Ani", "10.0.0.1")
    assert throttle.failed("ani", "10.0.0.2")  # the second failure starts the lockout (names ignore case)
    assert throttle.locked("ANI", "10.0.0.3") and not throttle.locked("budi", "10.0.0.3")
    clock.now += 15 * 60 + 1
    assert not throttle.locked("ani", "10.0.0.3")


def test_memory_stays_bounded_under_an_address_scan():
    clock = Clock()
    window = SlidingWindow(5, 60, clock)
    window.MAX_KEYS = 100
    for i in range(1000):
        window.hit(f"10.0.{i // 256}.{i % 256}")
        clock.now += 0.001
    assert len(window._events) <= 101
    assert window.count("10.0.3.231") == 1  # the newest address is still counted
