"""The one place the edges read the wall clock (the core is handed `now`)."""

from __future__ import annotations

import time


def now_ms() -> int:
    return time.time_ns() // 1_000_000
