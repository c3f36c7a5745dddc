"""The chair's record region with a long history: a chair command that does not touch the
record folds nothing again (a flood left a chair render at 252 ms for 100,000 hands)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.meeting import apply
from floor.domain.model import HandKind, HandRaised, Meeting, Participant, Turn
from floor.live.render import Renderer
from floor.record import stats

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
T0 = 1_492_452_000_000
CHAIR = c.Actor(c.Role.CHAIR)
HISTORY = 20_000


def long_meeting() -> Meeting:
    """The reference meeting under way, with 20,000 turns and 20,000 hands on record."""
    m = meeting_from_data(yaml.safe_load(AGENDA.read_text(encoding="utf-8")))
    m, _ = apply(m, c.StartMeeting(), CHAIR, T0)
    m, _ = apply(m, c.GotoItem(item_id="i4"), CHAIR, T0)
    people = {f"p{n}": Participant(id=f"p{n}", name=f"Person {n}") for n in range(200)}
    turns = tuple(
        Turn(participant_id=f"p{n % 200}", item_id="i4", kind=HandKind.SPEAK,
             started_at=T0 + n * 1000, ended_at=T0 + n * 1000 + 900)
        for n in range(HISTORY)
    )  # fmt: skip
    hands = tuple(
        HandRaised(participant_id=f"p{n % 200}", item_id="i4", kind=HandKind.SPEAK, at=T0 + n)
        for n in range(HISTORY)
    )
    return msgspec.structs.replace(m, participants=people, turns=turns, raised_hands=hands)


@pytest.fixture
def folds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the statistics were folded, and over how many turns."""
    calls: list[int] = []
    fold = stats.fold

    def counted(meeting: Meeting) -> Any:
        calls.append(len(meeting.turns))
        return fold(meeting)

    monkeypatch.setattr(stats, "fold", counted)
    return calls


def test_an_unrelated_chair_command_does_not_fold_the_record_again(folds: list[int]) -> None:
    renderer = Renderer(clock=lambda: T0)
    m = long_meeting()
    first = renderer.regions(c.Role.CHAIR, m)
    assert folds == [HISTORY]
    assert "20000 turns" in first
    at = T0 + HISTORY * 1000
    for command in (
        c.ShowMessage(text="Coffee at four"),
        c.TimerControl(timer="item", action="pause"),
        c.SetSpeakerLimit(seconds=90),
        c.SetListOpen(open=False),
    ):
        new, _ = apply(m, command, CHAIR, at)
        html = renderer.regions(c.Role.CHAIR, new)
        assert "20000 turns" in html
        m = new
    assert folds == [HISTORY], "the record was folded again for nothing"
    # A finished turn is the record's business: folded once more, and shown.
    m, _ = apply(m, c.SetListOpen(open=True), CHAIR, at)
    m, _ = apply(m, c.AddSpeaker(name="Caller on the line"), CHAIR, at)
    m, _ = apply(m, c.CallNext(), CHAIR, at)
    m, _ = apply(m, c.FinishTurn(), CHAIR, at + 60_000)
    assert "20001 turns" in renderer.regions(c.Role.CHAIR, m)
    assert folds[-1] == HISTORY + 1


def test_the_team_pages_share_the_rule(folds: list[int]) -> None:
    renderer = Renderer(clock=lambda: T0)
    m = long_meeting()
    renderer.regions(c.Role.SECRETARIAT, m)
    new, _ = apply(m, c.ShowMessage(text="Lunch"), CHAIR, T0 + HISTORY * 1000)
    renderer.regions(c.Role.SECRETARIAT, new)
    assert len(folds) == 1
