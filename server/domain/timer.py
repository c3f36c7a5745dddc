"""The countdown value type, used for the item slot and for the speaker.

Remaining time is derived from `now`; nothing here reads a clock. A timer that
has run past its duration has negative remaining time (overtime).
"""

from __future__ import annotations

import enum

import msgspec


class Level(enum.Enum):
    NORMAL = "normal"
    WARNING = "warning"
    DANGER = "danger"
    OVERTIME = "overtime"


class Timer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    duration: int  # ms
    started_at: int | None = None  # epoch ms while running, else None
    elapsed_before: int = 0  # ms run before the current start
    warning: int = 60_000  # remaining ms at which it turns to "warning"
    danger: int = 15_000  # remaining ms at which it turns to "danger"

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def elapsed(self, now: int) -> int:
        if self.started_at is None:
            return self.elapsed_before
        return self.elapsed_before + max(0, now - self.started_at)

    def remaining(self, now: int) -> int:
        return self.duration - self.elapsed(now)

    def level(self, now: int) -> Level:
        return level_of(self.remaining(now), warning=self.warning, danger=self.danger)

    def text(self, now: int) -> str:
        return countdown_text(self.remaining(now))

    def start(self, now: int) -> Timer:
        """Start or resume; a running timer is returned unchanged."""
        if self.started_at is not None:
            return self
        return msgspec.structs.replace(self, started_at=now)

    def pause(self, now: int) -> Timer:
        """Pause; a paused timer is returned unchanged."""
        if self.started_at is None:
            return self
        return msgspec.structs.replace(
            self, started_at=None, elapsed_before=self.elapsed(now)
        )

    def adjust(self, delta: int) -> Timer:
        """Add (positive) or take away (negative) time; duration stays >= 0."""
        return msgspec.structs.replace(self, duration=max(0, self.duration + delta))

    def reset(self, duration: int | None = None) -> Timer:
        """Back to a full, paused timer (optionally with a new duration)."""
        return msgspec.structs.replace(
            self,
            duration=self.duration if duration is None else duration,
            started_at=None,
            elapsed_before=0,
        )


# The countdown's rules, stated once. The pages tick in the browser with the same
# rules (web/static/js/countdown.js); tests/countdown_cases.json holds the cases
# both are checked against.


def level_of(remaining: int, *, warning: int, danger: int) -> Level:
    """Overtime below zero; danger and warning at or under their thresholds."""
    if remaining < 0:
        return Level.OVERTIME
    if remaining <= danger:
        return Level.DANGER
    if remaining <= warning:
        return Level.WARNING
    return Level.NORMAL


def countdown_text(remaining: int) -> str:
    """"m:ss" as a countdown shows it: whole seconds left rounded up (89,500 ms is
    1:30, 0 is 0:00); overtime as "+m:ss" of whole seconds over, rounded down
    (-1,500 ms is +0:01), so the display never jumps back across zero."""
    if remaining < 0:
        seconds = -remaining // 1000
        sign = "+"
    else:
        seconds = -(-remaining // 1000)
        sign = ""
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def thresholds_for(duration: int) -> tuple[int, int]:
    """Warning and danger points that suit a timer of this length.

    A 45-minute item warns at 5 minutes; a 2-minute turn at 30 seconds.
    """
    warning = min(300_000, max(10_000, duration // 4))
    danger = min(60_000, max(5_000, duration // 10))
    return warning, danger


def new_timer(duration: int) -> Timer:
    warning, danger = thresholds_for(duration)
    return Timer(duration=duration, warning=warning, danger=danger)
