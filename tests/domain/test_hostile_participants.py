"""Participants against the room: renamed mid-speech, invisible or reversed names, look-alikes."""

from __future__ import annotations

import json

import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from floor.domain.model import Attendance
from floor.live.view import build
from tests.domain.conftest import Room

SPOOF = c.Register(name="THE CHAIR HAS RESIGNED", organization="Secretariat — official notice")


def _as(pid: str) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, pid)


def test_a_speaker_cannot_rename_themselves_while_holding_the_floor(room: Room) -> None:
    room.queue_up("ana")
    room.chair(c.CallNext())
    before = room.meeting
    with pytest.raises(DomainError) as refused:
        room._apply(SPOOF, _as("ana"), None)
    assert refused.value.code == "profile_locked"
    assert room.meeting == before
    assert room.meeting.participants["ana"].name == "Ana"


def test_nor_while_their_hand_is_up_but_after_they_may(room: Room) -> None:
    room.queue_up("ana")
    with pytest.raises(DomainError) as refused:
        room._apply(SPOOF, _as("ana"), None)
    assert refused.value.code == "profile_locked"
    # Their attendance (moving from the room to the line) is not what the room reads.
    room._apply(c.Register(name="Ana", attendance=Attendance.REMOTE), _as("ana"), None)
    room.lower("ana")
    room._apply(c.Register(name="Ana Lima"), _as("ana"), None)
    assert room.meeting.participants["ana"].name == "Ana Lima"


@pytest.mark.parametrize(
    "name", ["\u200b\u200b", "\u2060", " \u200d "], ids=["zero-width", "word-joiner", "zwj"]
)
def test_a_name_of_invisible_characters_only_is_refused(room: Room, name: str) -> None:
    raw = json.dumps({"type": "register", "name": name})
    with pytest.raises(DomainError) as refused:
        room._apply(c.decode(raw), _as("ghost"), None)
    assert refused.value.code == "name_required"
    assert "ghost" not in room.meeting.participants


@pytest.mark.parametrize("text", ["Ana\u202eamil", "\u2066Ana\u2069", "Ana\u200f"])
def test_direction_overrides_are_refused_in_any_text(text: str) -> None:
    for field in ("name", "organization"):
        raw = json.dumps({"type": "register", "name": "Ana", field: text})
        with pytest.raises(DomainError) as refused:
            c.decode(raw)
        assert refused.value.code == "invalid" and "reverse or reorder" in refused.value.message


def test_identical_and_look_alike_names_are_flagged_to_the_chair(room: Room) -> None:
    room.join("ana", "Ana Lima")
    room.join("fake", "\u0410n\u0430 Lima")  # Cyrillic А and а
    room.join("twin", "ana  lima")
    room.join("bo", "Bo Svensson")
    flagged = build(room.meeting).people.lookalikes
    assert flagged == {"fake": "Ana Lima", "twin": "Ana Lima"}


def test_raising_and_lowering_in_a_loop_keeps_the_record_bounded(room: Room) -> None:
    from floor.domain.hands import MAX_RAISES_KEPT

    room.join("ana")
    for _ in range(200):
        room.hand("ana")
        room.lower("ana")
    room.hand("ana")  # the hand itself is raised as ever
    assert room.waiting() == ["ana"]
    kept = [h for h in room.meeting.raised_hands if h.participant_id == "ana"]
    assert len(kept) == MAX_RAISES_KEPT
    # On the next item they count afresh.
    room.lower("ana")
    room.chair(c.NextItem())
    room.hand("ana")
    assert len([h for h in room.meeting.raised_hands if h.participant_id == "ana"]) == 6


def test_live_agenda_edits_have_the_caps_of_an_uploaded_agenda(room: Room) -> None:
    from floor.domain.editing import MAX_ITEMS, MAX_PRESENTERS

    with pytest.raises(DomainError) as refused:
        room.chair(c.AddItem(title="Many", presenters=",".join("p" * (MAX_PRESENTERS + 1))))
    assert refused.value.code == "too_large"
    while len(room.meeting.items) < MAX_ITEMS:
        room.chair(c.AddItem(title="Another item"))
    before = room.meeting
    with pytest.raises(DomainError):
        room.chair(c.AddItem(title="One too many"))
    assert room.meeting == before


def test_look_alikes_are_flagged_in_the_chairs_list_of_speakers_too(room: Room) -> None:
    from floor.live.render import Renderer

    room.join("ana", "Ana Lima")
    room.join("fake", "\u0410n\u0430 Lima")
    room.queue_up("fake", "ana")
    view = build(room.meeting)
    assert view.chair_speakers.lookalikes == view.people.lookalikes == {"fake": "Ana Lima"}
    html = Renderer().regions(c.Role.CHAIR, room.meeting, only=frozenset({"speakers"}))
    rows = html.split('class="hand ')[1:]
    fake, ana = (row for row in rows)
    assert 'data-pid="fake"' in fake and "looks like <bdi>Ana Lima</bdi>" in fake
    assert 'data-pid="ana"' in ana and "looks like" not in ana
