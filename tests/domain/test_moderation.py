"""The chair against abuse of the list: bulk removal, blocking, what a closed list takes,
and look-alike names under "first-time speakers first"."""

from __future__ import annotations

import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from floor.domain.model import HandKind, Policy
from tests.domain.conftest import Room

SECRETARIAT = c.Actor(c.Role.SECRETARIAT)


def _as(pid: str) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, pid)


def refused(room: Room, command: c.Command, actor: c.Actor) -> DomainError:
    before = room.meeting
    with pytest.raises(DomainError) as caught:
        room._apply(command, actor, None)
    assert room.meeting == before  # nothing changed
    return caught.value


def ids(room: Room, *pids: str) -> tuple[int, ...]:
    return tuple(room.hand_of(pid).id for pid in pids)


def test_several_hands_go_in_one_command_and_one_event(room: Room) -> None:
    room.queue_up("ana", "kofi", "bo", "cy")
    room.chair(c.RemoveHands(hand_ids=ids(room, "ana", "bo")))
    assert room.waiting() == ["kofi", "cy"]
    assert [e.kind for e in room.events] == ["hands_removed"]
    assert room.events[0].data["participant_ids"] == ["ana", "bo"]
    assert room.meeting.blocked == ()  # removed, not blocked: they may raise again
    room.hand("ana")
    assert room.waiting() == ["kofi", "cy", "ana"]


def test_hands_gone_meanwhile_are_passed_over_and_a_selection_all_gone_is_refused(
    room: Room,
) -> None:
    room.queue_up("ana", "kofi", "bo")
    selection = ids(room, "ana", "kofi")
    room.chair(c.CallNext())  # ana has the floor now: her hand has left the list
    room.chair(c.RemoveHands(hand_ids=selection))
    assert room.waiting() == ["bo"]
    error = refused(room, c.RemoveHands(hand_ids=selection), room_chair())
    assert error.code == "no_such_hand"
    assert error.message == "Those speakers are no longer on the list."


def room_chair() -> c.Actor:
    return c.Actor(c.Role.CHAIR)


def test_a_blocked_person_loses_their_hand_and_is_told_they_cannot_ask_again(room: Room) -> None:
    room.queue_up("ana", "kofi")
    room.chair(c.BlockParticipant(participant_id="ana"))
    assert room.waiting() == ["kofi"]
    assert room.meeting.blocked == ("ana",)
    for kind in (HandKind.SPEAK, HandKind.ORDER, HandKind.RIGHT_OF_REPLY):
        error = refused(room, c.RaiseHand(kind=kind, reply_to="Kofi"), _as("ana"))
        assert error.code == "blocked"
        assert "cannot ask for the floor in this meeting" in error.message
    # The chair may still give them a turn, and may lift the block.
    assert refused(room, c.BlockParticipant(participant_id="ana"), room_chair()).code == (
        "already_blocked"
    )
    room.chair(c.BlockParticipant(participant_id="ana", blocked=False))
    assert room.events[0].kind == "participant_unblocked"
    room.hand("ana")
    assert room.waiting() == ["kofi", "ana"]


def test_the_secretariat_removes_and_blocks_a_selection_at_once(room: Room) -> None:
    room.queue_up("ana", "kofi", "bo")
    room._apply(c.RemoveHands(hand_ids=ids(room, "ana", "bo"), block=True), SECRETARIAT, None)
    assert room.waiting() == ["kofi"]
    assert set(room.meeting.blocked) == {"ana", "bo"}
    assert room.events[0].data == {"participant_ids": ["ana", "bo"], "removed": 2, "blocked": True}
    assert refused(room, c.RaiseHand(), _as("bo")).code == "blocked"


def test_while_closed_one_point_of_order_and_one_right_of_reply_each_per_item(
    room: Room,
) -> None:
    room.join("ana")
    room.chair(c.SetListOpen(open=False))
    assert refused(room, c.RaiseHand(), _as("ana")).code == "queue_closed"
    room.hand("ana", kind=HandKind.ORDER)
    room.lower("ana")
    error = refused(room, c.RaiseHand(kind=HandKind.ORDER), _as("ana"))
    assert error.code == "once_while_closed"
    assert error.message == (
        "You have already raised a point of order on this item while the list is closed."
    )
    reply = c.RaiseHand(kind=HandKind.RIGHT_OF_REPLY, reply_to="Kofi")
    room._apply(reply, _as("ana"), None)
    assert room.waiting() == ["ana"]
    room.lower("ana")
    error = refused(room, reply, _as("ana"))
    assert "already asked for a right of reply" in error.message
    # Someone else still may; and on the next item the count starts again.
    room.join("kofi")
    room.hand("kofi", kind=HandKind.ORDER)
    room.lower("kofi")
    room.chair(c.NextItem())
    room.chair(c.SetListOpen(open=False))
    room.hand("ana", kind=HandKind.ORDER)
    assert room.waiting() == ["ana"]


def test_an_open_list_counts_nothing(room: Room) -> None:
    room.join("ana")
    for _ in range(3):
        room.hand("ana", kind=HandKind.ORDER)
        room.lower("ana")
    assert room.item.raised_while_closed == ()


def test_the_chair_can_refuse_points_of_order_and_replies_while_closed(room: Room) -> None:
    room.join("ana")
    room.chair(c.SetListOpen(open=False))
    room.chair(c.SetClosedPoints(allowed=False))
    for kind in (HandKind.ORDER, HandKind.RIGHT_OF_REPLY):
        error = refused(room, c.RaiseHand(kind=kind, reply_to="Kofi"), _as("ana"))
        assert error.code == "queue_closed"
        assert "not taking points of order or rights of reply" in error.message
    # The chair still adds one; and an open list takes them again.
    room.chair(c.AddSpeaker(participant_id="ana", kind=HandKind.ORDER))
    room.chair(c.RemoveHand(hand_id=room.hand_of("ana").id))
    room.chair(c.SetListOpen(open=True))
    room.hand("ana", kind=HandKind.ORDER)
    assert room.waiting() == ["ana"]


def test_a_hundred_fresh_pages_raising_points_of_order_are_answered(room: Room) -> None:
    """The attack: with the list closed, 100 fresh cookies each raised a point of order
    and pushed the real speaker to #101."""
    room.queue_up("speaker")
    room.chair(c.SetListOpen(open=False))
    flood = [f"fresh{n}" for n in range(100)]
    for pid in flood:
        room.join(pid, "Point of order")
        room.hand(pid, kind=HandKind.ORDER)
    assert room.waiting().index("speaker") == 100
    # Each fresh page has had its one: a second is refused.
    room.lower("fresh0")
    assert refused(room, c.RaiseHand(kind=HandKind.ORDER), _as("fresh0")).code == (
        "once_while_closed"
    )
    # The chair stops any more, and takes the rest off, blocked, in one command.
    room.chair(c.SetClosedPoints(allowed=False))
    assert room.item.closed_points is False
    waiting = tuple(h.id for h in room.item.speakers if h.participant_id in flood)
    room.chair(c.RemoveHands(hand_ids=waiting, block=True))
    assert room.waiting() == ["speaker"]
    assert len(room.events) == 1 and room.events[0].data["removed"] == 99
    assert set(flood[1:]) <= set(room.meeting.blocked)


def test_a_look_alike_newcomer_does_not_jump_ahead_as_a_first_time_speaker(room: Room) -> None:
    """Under "first-time speakers first" a new cookie named like Ana, who has spoken,
    jumped from #4 to #1."""
    room.chair(c.SetPolicy(policy=Policy.FIRST_TIME))
    room.join("ana", "Ana Lima")
    room.queue_up("ana", "kofi")
    room.chair(c.CallNext())
    room.chair(c.CallNext())
    room.chair(c.FinishTurn())
    room.hand("ana")
    room.hand("kofi")
    room.join("bo", "Bo Svensson")
    room.hand("bo")
    room.join("fake", "\u0410n\u0430 Lima")  # Cyrillic А and а
    room.hand("fake")
    assert room.waiting() == ["bo", "ana", "kofi", "fake"]
    reasons = dict(zip(room.waiting(), room.reasons(), strict=True))
    assert reasons["bo"] == "first-time speaker"
    assert reasons["fake"] == "looks like a name already heard; first-time speakers go ahead"


def test_whoever_joined_first_keeps_being_a_first_time_speaker(room: Room) -> None:
    room.chair(c.SetPolicy(policy=Policy.FIRST_TIME))
    room.join("ana", "Ana Lima")
    room.join("fake", "ana lima")
    room.queue_up("kofi", "fake")
    room.chair(c.CallNext())
    room.chair(c.CallNext())  # the look-alike has spoken; Ana has not
    room.chair(c.FinishTurn())
    room.hand("kofi")
    room.hand("ana")
    assert room.waiting() == ["ana", "kofi"]
    assert room.reasons()[0] == "first-time speaker"
    # Two newcomers alike, neither heard: both are first-time speakers.
    room.join("twin", "Bo Svensson")
    room.join("twin2", "bo  svensson")
    room.hand("twin")
    room.hand("twin2")
    assert room.waiting()[:3] == ["ana", "twin", "twin2"]


def test_a_name_heard_from_any_earlier_look_alike_counts(room: Room) -> None:
    """Ana joined first and has not spoken; a look-alike who joined after her has: a
    third under that name, newer still, is not a first-time speaker, and Ana is."""
    room.chair(c.SetPolicy(policy=Policy.FIRST_TIME))
    room.join("ana", "Ana Lima")
    room.join("second", "ANA LIMA")
    room.queue_up("second")
    room.chair(c.CallNext())
    room.chair(c.FinishTurn())
    room.join("third", "Ana  Lima")
    room.hand("third")
    room.hand("ana")
    assert room.waiting() == ["ana", "third"]
    assert room.reasons()[1].startswith("looks like a name already heard")
