"""The chair's live edits: agenda items, the screen's highlight, notes and action items."""

from __future__ import annotations

import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from tests.domain.conftest import MINUTE, Room


def titles(room: Room) -> list[str]:
    return [item.title for item in room.meeting.items]


def refused(room: Room, command: c.Command) -> str:
    before = room.meeting
    with pytest.raises(DomainError) as caught:
        room.chair(command)
    assert room.meeting == before
    return caught.value.code


def test_added_item_goes_last_and_starts_where_the_last_one_ends(room: Room) -> None:
    room.chair(c.AddItem(title="Closing remarks", duration=10, presenters="Colin Rajah"))
    item = room.meeting.items[-1]
    assert (item.title, item.duration, item.presenters) == ("Closing remarks", 10, ("Colin Rajah",))
    assert item.planned_start == 18 * 60  # after "Next Steps" (5:15pm + 45 min)
    assert item.timer.duration == 10 * MINUTE


def test_added_item_after_a_given_item(room: Room) -> None:
    room.chair(c.AddItem(title="Coffee break", duration=15, after="i4"))
    assert titles(room)[4] == "Coffee break"
    assert room.meeting.items[4].planned_start == 15 * 60 + 45  # 2:45pm + 60 min


def test_adding_keeps_the_current_item_current(room: Room) -> None:
    room.chair(c.AddItem(title="Opening", after="", duration=5))
    room.chair(c.MoveItem(item_id=room.meeting.items[-1].id, to=0))
    assert room.item.id == "i4"
    assert titles(room)[0] == "Opening"


def test_edit_changes_title_duration_presenters_and_limit(room: Room) -> None:
    room.chair(
        c.EditItem(
            item_id="i5",
            title="RCSCs",
            duration=30,
            presenters="Colin Rajah, Ana",
            speaker_limit=90,
        )
    )
    item = room.meeting.items[4]
    assert (item.title, item.duration, item.presenters, item.speaker_limit) == (
        "RCSCs", 30, ("Colin Rajah", "Ana"), 90,
    )
    assert item.timer.duration == 30 * MINUTE


def test_editing_the_running_item_keeps_its_elapsed_time(room: Room) -> None:
    room.now += 10 * MINUTE
    room.chair(c.EditItem(item_id="i4", title=room.item.title, duration=50))
    assert room.item.timer.remaining(room.now) == 40 * MINUTE


def test_move_item_reorders_the_agenda(room: Room) -> None:
    room.chair(c.MoveItem(item_id="i7", to=4))
    assert titles(room)[4] == "Next Steps and Timeline"
    assert room.item.id == "i4"


def test_remove_an_item_not_yet_started(room: Room) -> None:
    room.chair(c.RemoveItem(item_id="i6"))
    assert "Preview Civil Society Interventions in IDM" not in titles(room)
    assert len(room.meeting.items) == 6


def test_an_item_that_has_started_cannot_be_removed(room: Room) -> None:
    assert refused(room, c.RemoveItem(item_id="i4")) == "item_started"
    assert refused(room, c.RemoveItem(item_id="i1")) == "item_started"


def test_unknown_item_is_refused(room: Room) -> None:
    assert refused(room, c.EditItem(item_id="zz", title="x", duration=5)) == "no_such_item"
    assert refused(room, c.MoveItem(item_id="zz", to=0)) == "no_such_item"
    assert refused(room, c.AddItem(title="x", after="zz")) == "no_such_item"


def test_an_item_needs_a_title(room: Room) -> None:
    assert refused(room, c.AddItem(title="")) == "title_required"


def test_the_last_item_cannot_be_removed(draft: Room) -> None:
    for item_id in ("i1", "i2", "i3", "i4", "i5", "i6"):
        draft.chair(c.RemoveItem(item_id=item_id))
    assert refused(draft, c.RemoveItem(item_id="i7")) == "last_item"


def test_highlight_a_discussion_question_and_clear_it(room: Room) -> None:
    question = room.item.questions[0]
    room.chair(c.Highlight(text=question))
    assert room.meeting.highlight == question
    room.chair(c.Highlight(text=""))
    assert room.meeting.highlight == ""


def test_highlight_a_nested_sub_point(room: Room) -> None:
    room.chair(c.GotoItem(item_id="i5"))
    room.chair(c.Highlight(text="Latin America"))
    assert room.meeting.highlight == "Latin America"


def test_only_the_current_items_points_can_be_highlighted(room: Room) -> None:
    assert refused(room, c.Highlight(text="Africa")) == "no_such_point"


def test_moving_to_another_item_clears_the_highlight(room: Room) -> None:
    room.chair(c.Highlight(text=room.item.sub_points[0].text))
    room.chair(c.NextItem())
    assert room.meeting.highlight == ""


def test_notes_are_recorded_on_the_current_item_and_can_be_removed(room: Room) -> None:
    text = "Prioritize the thematic sessions.\nShare a calendar."
    room.chair(c.AddNote(text=text))
    note = room.meeting.notes[-1]
    assert (note.item_id, note.text) == ("i4", text)
    room.chair(c.RemoveNote(note_id=note.id))
    assert room.meeting.notes == ()
    assert refused(room, c.RemoveNote(note_id=note.id)) == "no_such_note"


def test_a_note_may_name_another_item(room: Room) -> None:
    room.chair(c.AddNote(text="Regional leads to report back", item_id="i5"))
    assert room.meeting.notes[-1].item_id == "i5"


def test_empty_note_is_refused(room: Room) -> None:
    assert refused(room, c.AddNote(text="")) == "text_required"


def test_action_items_record_what_who_and_when(room: Room) -> None:
    room.chair(c.GotoItem(item_id="i7"))
    room.chair(c.AddAction(what="Circulate the timeline", who="Colin Rajah", due="1 May 2017"))
    action = room.meeting.actions[-1]
    assert (action.item_id, action.what, action.who, action.due) == (
        "i7", "Circulate the timeline", "Colin Rajah", "1 May 2017",
    )
    room.chair(c.RemoveAction(action_id=action.id))
    assert room.meeting.actions == ()
    assert refused(room, c.RemoveAction(action_id=action.id)) == "no_such_action"
    assert refused(room, c.AddAction(what="")) == "text_required"


def test_a_note_needs_a_running_meeting_or_a_named_item(draft: Room) -> None:
    assert refused(draft, c.AddNote(text="x")) == "not_started"
    draft.chair(c.AddNote(text="Prepared before the start", item_id="i1"))
    assert draft.meeting.notes[-1].item_id == "i1"


def test_every_hand_raised_is_kept_for_the_statistics(room: Room) -> None:
    room.queue_up("ana", "kofi")
    room.lower("ana")
    room.chair(c.AddSpeaker(name="Caller on the line"))
    assert [h.item_id for h in room.meeting.raised_hands] == ["i4", "i4", "i4"]
    assert room.meeting.raised_hands[0].participant_id == "ana"
