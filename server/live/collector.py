"""Garbage collection at quiet moments, not in the middle of a fan-out.

CPython collects when enough objects have been allocated, wherever that
happens to be: in the middle of a fan-out to a thousand pages, a pass of the
middle generation took up to 32 ms and a full pass 19 to 37 ms (bench/,
presence churn), and that round became the p99. Here the youngest
generations are collected just after a fan-out has handed its frames to the
sockets, and on a timer when nothing else happens, when no page waits for
anything; the automatic collection stays, with a threshold five times
higher, as a backstop for a burst of allocations between two quiet moments.

A full pass walks every object of every open page (40 ms at 1,000 pages,
hundreds at 5,000): once ten passes of the middle generation have gone by
(CPython's own rule), at most once every FULL_EVERY seconds, and only just
after a fan-out (when the next chair action is furthest away), or on the
timer when no fan-out has come for IDLE seconds.
"""

from __future__ import annotations

import asyncio
import gc
import time

# Allocations that make a collection due at the next quiet moment: 10,000 rather
# than CPython's 700 lets a fan-out's short-lived objects die before a pass.
YOUNGEST = 10_000
BACKSTOP = 5 * YOUNGEST  # ... and CPython's own, wherever it falls
EVERY = 1.0  # seconds between two looks when no fan-out calls for one
FULL_EVERY = 60.0  # seconds at least between two full passes
IDLE = 5.0  # seconds without a fan-out after which the timer may make a full pass


class QuietCollector:
    """Collects when asked (`soon`, after a fan-out) and every EVERY seconds, between
    `start` and `stop`; does nothing outside them (tests that make no app)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._due = False
        self._timer: asyncio.TimerHandle | None = None
        self._last_full = self._last_fanout = time.monotonic()
        self._apps = 0  # started and not yet stopped (tests run several apps at once)
        self.passes = [0, 0, 0]  # collections made here, by generation (for tests)

    def start(self) -> None:
        """Take over from CPython's thresholds: what start-up made lives as long as the
        process, so it is collected once and frozen (kept out of every later pass)."""
        self._apps += 1
        self._loop = asyncio.get_running_loop()
        if self._timer is not None:
            self._timer.cancel()
        gc.collect()
        gc.freeze()
        self._last_full = time.monotonic()
        gc.set_threshold(BACKSTOP, *gc.get_threshold()[1:])
        self._timer = self._loop.call_later(EVERY, self._tick)

    def stop(self) -> None:
        self._apps = max(0, self._apps - 1)
        if self._apps:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop = None

    def soon(self) -> None:
        """A fan-out has just been sent: collect, if due, once the loop has a moment."""
        self._last_fanout = time.monotonic()
        if self._loop is not None and not self._due:
            self._due = True
            self._loop.call_soon(self.collect)

    def _tick(self) -> None:
        self.collect(timer=True)
        if self._loop is not None:
            self._timer = self._loop.call_later(EVERY, self._tick)

    def collect(self, *, timer: bool = False) -> None:
        """The generation CPython would collect next, if YOUNGEST allocations wait (from
        the `timer`: a full pass only when no fan-out has come for a while)."""
        if not timer:
            self._due = False
        young, middle, old = gc.get_count()
        if young < YOUNGEST:
            return
        _, middle_threshold, old_threshold = gc.get_threshold()
        generation = 0
        if middle + 1 >= middle_threshold:
            generation = 1
            now = time.monotonic()
            idle = not timer or now - self._last_fanout >= IDLE
            if old + 1 >= old_threshold and now - self._last_full >= FULL_EVERY and idle:
                generation = 2
                self._last_full = now
        gc.collect(generation)
        self.passes[generation] += 1


COLLECTOR = QuietCollector()
