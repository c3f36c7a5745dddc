"""A small meeting driver for the record's folds: commands through `apply`, explicit times."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.meeting import apply
from floor.domain.model import Attendance, Meeting

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
SECOND = 1_000
MINUTE = 60 * SECOND
T0 = 1_492_452_000_000  # 17 April 2017, 2:00pm in New York (18:00 UTC)
CHAIR = c.Actor(c.Role.CHAIR)


class Driver:
    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting

    def chair(self, command: c.Command, at: int) -> Driver:
        self.meeting, _ = apply(self.meeting, command, CHAIR, at)
        return self

    def join(
        self, pid: str, at: int, *, region: str = "", organization: str = "",
        attendance: Attendance = Attendance.ROOM,
    ) -> Driver:
        command = c.Register(
            name=pid.title(), region=region, organization=organization, attendance=attendance
        )
        self.meeting, _ = apply(self.meeting, command, c.Actor(c.Role.PARTICIPANT, pid), at)
        return self

    def hand(self, pid: str, at: int) -> Driver:
        actor = c.Actor(c.Role.PARTICIPANT, pid)
        self.meeting, _ = apply(self.meeting, c.RaiseHand(), actor, at)
        return self

    def lower(self, pid: str, at: int) -> Driver:
        actor = c.Actor(c.Role.PARTICIPANT, pid)
        self.meeting, _ = apply(self.meeting, c.LowerHand(), actor, at)
        return self

    def turn(self, at: int, seconds: int) -> Driver:
        """The chair calls the head of the queue at `at`; the turn lasts `seconds`."""
        self.chair(c.CallNext(), at)
        return self.chair(c.FinishTurn(), at + seconds * SECOND)


@pytest.fixture
def reference() -> Meeting:
    return meeting_from_data(yaml.safe_load(AGENDA.read_text(encoding="utf-8")))


@pytest.fixture
def welcome(reference: Meeting) -> Driver:
    """Started at 2:00pm; "Welcome" (i2) taken up at 2:17pm, two minutes behind."""
    driver = Driver(reference).chair(c.StartMeeting(), T0)
    return driver.chair(c.NextItem(), T0 + 17 * MINUTE)
