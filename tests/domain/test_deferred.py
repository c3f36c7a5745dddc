"""Called while away: the chair skips the person for now; their hand keeps its
place, marked, passed over by "call next" until they are back."""

from __future__ import annotations

import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from tests.domain.conftest import SECOND, Room


def person(pid: str) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, pid)


def test_skip_for_now_keeps_the_place_marks_the_hand_and_strikes_the_turn(room: Room) -> None:
    room.queue_up("ana", "kofi", "mei")
    room.chair(c.CallNext())
    called_at = room.now
    room.now += 20 * SECOND
    meeting = room.chair(c.DeferTurn())
    assert meeting.floor is None
    assert room.waiting() == ["ana", "kofi", "mei"]
    top = meeting.items[meeting.current or 0].speakers[0]
    assert top.deferred_at == called_at
    [struck] = meeting.struck
    assert (struck.participant_id, struck.struck) == ("ana", "deferred")
    assert meeting.turns == ()
    assert [e.kind for e in room.events] == ["turn_struck", "hand_deferred"]


def test_call_next_passes_over_a_deferred_hand_until_the_person_is_back(room: Room) -> None:
    room.queue_up("ana", "kofi", "mei")
    room.chair(c.CallNext())
    room.chair(c.DeferTurn())
    meeting = room.chair(c.CallNext())
    assert meeting.floor is not None and meeting.floor.hand.participant_id == "kofi"
    room.chair(c.FinishTurn())
    room._apply(c.Back(), person("ana"), None)
    assert room.waiting()[0] == "ana"
    meeting = room.chair(c.CallNext())
    assert meeting.floor is not None and meeting.floor.hand.participant_id == "ana"


def test_when_everyone_waiting_is_away_call_next_calls_the_first_anyway(room: Room) -> None:
    room.queue_up("ana")
    room.chair(c.CallNext())
    room.chair(c.DeferTurn())
    meeting = room.chair(c.CallNext())
    assert meeting.floor is not None and meeting.floor.hand.participant_id == "ana"


def test_back_without_a_deferred_hand_is_refused_and_changes_nothing(room: Room) -> None:
    room.queue_up("ana")
    before = room.meeting
    with pytest.raises(DomainError) as caught:
        room._apply(c.Back(), person("ana"), None)
    assert caught.value.code == "not_deferred"
    assert room.meeting is before


def test_skip_for_now_needs_someone_on_the_floor(room: Room) -> None:
    room.queue_up("ana")
    with pytest.raises(DomainError) as caught:
        room.chair(c.DeferTurn())
    assert caught.value.code == "no_current_speaker"
