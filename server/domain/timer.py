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
        left = self.remaining(now)
        if left < 0:
            return Level.OVERTIME
        if left <= self.danger:
            return Level.DANGER
        if left <= self.warning:
            return Level.WARNING
        return Level.NORMAL

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
