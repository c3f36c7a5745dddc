"""Fixtures for the core: the reference meeting and a small driver for `apply`.

Time is plain epoch milliseconds; nothing here sleeps or reads a clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.meeting import Event, apply
from floor.domain.model import Attendance, HandKind, Meeting

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"

SECOND = 1_000
MINUTE = 60 * SECOND
T0 = 1_492_452_000_000  # 17 April 2017, 2:00pm in New York (18:00 UTC)
CHAIR = c.Actor(c.Role.CHAIR)


class Room:
    """Drives one meeting through `apply`, keeping the latest state and events.

    Every call takes an explicit `at` (epoch ms) or uses `now`, which tests
    move forward by hand.
    """

    def __init__(self, meeting: Meeting, now: int) -> None:
        self.meeting = meeting
        self.now = now
        self.events: list[Event] = []

    def _apply(self, command: c.Command, actor: c.Actor, at: int | None) -> Meeting:
        when = self.now if at is None else at
        self.meeting, self.events = apply(self.meeting, command, actor, when)
        self.now = max(self.now, when)
        return self.meeting

    def chair(self, command: c.Command, at: int | None = None) -> Meeting:
        return self._apply(command, CHAIR, at)

    def join(
        self,
        pid: str,
        name: str | None = None,
        *,
        region: str = "",
        attendance: Attendance = Attendance.ROOM,
        at: int | None = None,
    ) -> Meeting:
        command = c.Register(name=name or pid.title(), region=region, attendance=attendance)
        return self._apply(command, c.Actor(c.Role.PARTICIPANT, pid), at)

    def hand(
        self,
        pid: str,
        kind: HandKind = HandKind.SPEAK,
        topic: str = "",
        at: int | None = None,
    ) -> Meeting:
        command = c.RaiseHand(kind=kind, topic=topic)
        return self._apply(command, c.Actor(c.Role.PARTICIPANT, pid), at)

    def queue_up(self, *pids: str) -> Meeting:
        """Register each participant (if new), then raise their hands in this order."""
        for pid in pids:
            if pid not in self.meeting.participants:
                self.join(pid)
            self.hand(pid)
        return self.meeting

    def lower(self, pid: str, at: int | None = None) -> Meeting:
        return self._apply(c.LowerHand(), c.Actor(c.Role.PARTICIPANT, pid), at)

    @property
    def item(self) -> Any:
        return self.meeting.item

    def waiting(self) -> list[str]:
        """Participant ids in the current item's queue, in speaking order."""
        assert self.meeting.item is not None
        return [e.participant_id for e in self.meeting.item.speakers]

    def reasons(self) -> list[str]:
        assert self.meeting.item is not None
        return [e.reason for e in self.meeting.item.speakers]

    def hand_of(self, pid: str) -> Any:
        assert self.meeting.item is not None
        return next(e for e in self.meeting.item.speakers if e.participant_id == pid)


@pytest.fixture
def reference_data() -> dict[str, Any]:
    """The parsed YAML of the reference meeting (a fresh copy per test)."""
    return yaml.safe_load(AGENDA.read_text(encoding="utf-8"))


@pytest.fixture
def reference(reference_data: dict[str, Any]) -> Meeting:
    """The IOM civil society meeting of 17 April 2017, not yet started."""
    return meeting_from_data(reference_data)


@pytest.fixture
def started(reference: Meeting) -> Meeting:
    """The reference meeting started by the chair at 2:00pm (on "Entrance and Registration")."""
    meeting, _ = apply(reference, c.StartMeeting(), CHAIR, T0)
    return meeting


@pytest.fixture
def room(started: Meeting) -> Room:
    """The started meeting moved on to item i4, "Update on GCM Preparatory Process".

    Its queue is open and its speaker limit is 120 seconds.
    """
    driver = Room(started, T0)
    driver.chair(c.GotoItem(item_id="i4"), at=T0 + 45 * MINUTE)
    return driver


@pytest.fixture
def lobby(started: Meeting) -> Room:
    """The started meeting, still on item i1 (whose queue is closed)."""
    return Room(started, T0)


@pytest.fixture
def draft(reference: Meeting) -> Room:
    """The reference meeting before the chair has started it."""
    return Room(reference, T0 - 10 * MINUTE)
