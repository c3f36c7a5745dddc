"""Time counted right: a turn keeps every pause, and speaking time leaves them out."""

from __future__ import annotations

import msgspec

from floor.domain import commands as c
from floor.domain.model import Meeting, Pause, Turn
from tests.domain.conftest import SECOND, Room


def _speaker(room: Room, action: str, at: int) -> None:
    room.chair(c.TimerControl(timer="speaker", action=action), at=at)  # type: ignore[arg-type]


def test_sixty_seconds_spoken_and_120_paused_is_60_seconds_of_speaking(room: Room) -> None:
    room.queue_up("ana")
    t = room.now
    room.chair(c.CallNext(), at=t)
    _speaker(room, "pause", t + 60 * SECOND)
    room.chair(c.FinishTurn(), at=t + 180 * SECOND)
    [turn] = room.meeting.turns
    assert turn.duration == 60 * SECOND
    assert turn.paused == 120 * SECOND
    assert turn.span == 180 * SECOND
    assert turn.pauses == (Pause(t + 60 * SECOND, t + 180 * SECOND),)


def test_every_pause_and_resume_is_kept(room: Room) -> None:
    room.queue_up("ana")
    t = room.now
    room.chair(c.CallNext(), at=t)
    _speaker(room, "pause", t + 10 * SECOND)
    _speaker(room, "start", t + 40 * SECOND)
    _speaker(room, "pause", t + 50 * SECOND)
    _speaker(room, "pause", t + 55 * SECOND)  # twice: still one pause
    _speaker(room, "start", t + 60 * SECOND)
    room.chair(c.FinishTurn(), at=t + 90 * SECOND)
    [turn] = room.meeting.turns
    assert [(p.start - t, p.end - t) for p in turn.pauses] == [
        (10 * SECOND, 40 * SECOND),
        (50 * SECOND, 60 * SECOND),
    ]
    assert (turn.duration, turn.paused) == (50 * SECOND, 40 * SECOND)


def test_a_reset_stops_the_clock_and_the_pause_runs_from_there(room: Room) -> None:
    room.queue_up("ana")
    t = room.now
    room.chair(c.CallNext(), at=t)
    _speaker(room, "reset", t + 30 * SECOND)
    floor = room.meeting.floor
    assert floor is not None and not floor.timer.running
    assert floor.timer.remaining(t + 100 * SECOND) == 120 * SECOND
    _speaker(room, "start", t + 40 * SECOND)
    room.chair(c.FinishTurn(), at=t + 70 * SECOND)
    assert room.meeting.turns[0].duration == 60 * SECOND


def test_moving_on_while_paused_closes_the_pause(room: Room) -> None:
    room.queue_up("ana", "ben")
    t = room.now
    room.chair(c.CallNext(), at=t)
    _speaker(room, "pause", t + 20 * SECOND)
    room.chair(c.CallNext(), at=t + 50 * SECOND)  # Ben is given the floor
    ana = room.meeting.turns[0]
    assert (ana.duration, ana.paused) == (20 * SECOND, 30 * SECOND)


def test_turns_stored_before_pauses_were_kept_still_load() -> None:
    old = b'{"participant_id":"ana","item_id":"i4","kind":"speak","started_at":0,"ended_at":95000}'
    turn = msgspec.json.decode(old, type=Turn)
    assert (turn.duration, turn.paused, turn.pauses, turn.intro) == (95_000, 0, (), False)


def test_a_whole_stored_meeting_from_before_still_loads(room: Room) -> None:
    room.queue_up("ana")
    room.chair(c.CallNext())
    data = msgspec.to_builtins(room.meeting)
    for key in ("struck", "categories", "kind_limits"):
        data.pop(key)
    for key in ("pauses", "paused_at", "questions", "question"):
        data["floor"].pop(key)
    again = msgspec.convert(data, type=Meeting)
    assert again.floor is not None and again.floor.pauses == ()
