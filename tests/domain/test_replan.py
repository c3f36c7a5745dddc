"""Planned times follow the order; ending is undone by reopening, the pause left out."""

from __future__ import annotations

import msgspec
import pytest

from floor.domain import commands as c
from floor.domain.agenda import format_clock, meeting_from_data
from floor.domain.errors import DomainError
from floor.domain.meeting import apply
from floor.domain.model import Meeting, Status
from floor.record import minutes
from tests.domain.conftest import CHAIR, MINUTE, T0


def agenda(*items: dict[str, object]) -> Meeting:
    return meeting_from_data({"title": "T", "start": "2pm", "items": list(items)})


def plan(m: Meeting) -> list[tuple[str, str]]:
    return [(i.title, format_clock(i.planned_start)) for i in m.items]


def run(m: Meeting, *commands: c.Command, at: int = T0) -> Meeting:
    for command in commands:
        m, _ = apply(m, command, CHAIR, at)
    return m


FOUR = [
    {"title": "A", "duration": 15},
    {"title": "B", "duration": 30},
    {"title": "Lunch", "start": "3:30pm", "duration": 60, "fixed": True},
    {"title": "C", "duration": 20},
]


def test_an_added_item_is_planned_right_after_the_one_it_follows() -> None:
    m = run(agenda(*FOUR), c.AddItem(title="New", duration=10, after="i1"))
    assert plan(m) == [("A", "2:00pm"), ("New", "2:15pm"), ("B", "2:25pm"),
                       ("Lunch", "3:30pm"), ("C", "4:30pm")]


def test_moving_an_item_up_re_plans_it_and_those_after_it_but_not_a_fixed_time() -> None:
    m = run(agenda(*FOUR), c.MoveItem(item_id="i4", to=0))
    assert plan(m) == [("C", "2:00pm"), ("A", "2:20pm"), ("B", "2:35pm"), ("Lunch", "3:30pm")]


def test_removing_an_item_pulls_the_next_ones_forward() -> None:
    m = run(agenda(*FOUR), c.RemoveItem(item_id="i1"))
    assert plan(m) == [("B", "2:00pm"), ("Lunch", "3:30pm"), ("C", "4:30pm")]


def test_a_longer_item_leaves_the_plan_alone_so_running_over_shows_as_drift() -> None:
    m = run(agenda(*FOUR), c.EditItem(item_id="i1", title="A", duration=45, start="2:00pm"))
    assert plan(m)[:2] == [("A", "2:00pm"), ("B", "2:15pm")]


def test_a_new_start_moves_the_items_that_follow_it() -> None:
    m = run(agenda(*FOUR), c.EditItem(item_id="i1", title="A", duration=15, start="1:30pm"))
    assert plan(m) == [("A", "1:30pm"), ("B", "1:45pm"), ("Lunch", "3:30pm"), ("C", "4:30pm")]


def test_moving_a_held_item_reorders_the_record_not_the_plan() -> None:
    m = run(agenda(*FOUR), c.StartMeeting(), c.NextItem())
    m = run(m, c.MoveItem(item_id="i1", to=1))
    assert plan(m) == [("B", "2:15pm"), ("A", "2:00pm"), ("Lunch", "3:30pm"), ("C", "4:30pm")]


def test_an_item_added_and_moved_during_the_meeting_keeps_the_drift_honest() -> None:
    m = agenda(*FOUR)
    m = run(m, c.StartMeeting(), at=T0)
    m = run(m, c.AddItem(title="Late", duration=10), at=T0 + MINUTE)  # planned last
    assert plan(m)[-1] == ("Late", "4:50pm")
    m = run(m, c.MoveItem(item_id=m.items[-1].id, to=1), at=T0 + 2 * MINUTE)
    assert plan(m)[1] == ("Late", "2:15pm")
    m = run(m, c.NextItem(), at=T0 + 15 * MINUTE)  # "Late" starts on time
    assert m.drift(m.items[1]) == 0
    record = minutes.build(m, T0 + 16 * MINUTE)
    assert record.items[1].drift_min == 0


def test_the_dialog_s_boxes_keep_one_entry_per_line_as_sent_by_a_browser() -> None:
    raw = ('{"type": "edit_item", "item_id": "i2", "title": "B", "duration": "30",'
           ' "sub_points": "One\\r\\n- one a", "questions": "Why?\\nHow?"}')
    m = run(agenda(*FOUR), c.decode(raw))
    assert [(p.text, p.points) for p in m.items[1].sub_points] == [("One", ("one a",))]
    assert m.items[1].questions == ("Why?", "How?")
    with pytest.raises(DomainError):
        c.decode('{"type": "edit_item", "item_id": "i2", "title": "B\\nC", "duration": "3"}')


def test_the_dialog_edits_every_field() -> None:
    m = run(agenda(*FOUR), c.EditItem(
        item_id="i2", title="B2", duration=25, presenters="Ana, Bo", speaker_limit=90,
        start="2:20pm", fixed=True, sub_points="One\n- one a\nTwo", questions="Why?\nHow?",
        bookings="Kofi, Civil Society Org", list_open=False, introductions=True,
    ))
    item = m.items[1]
    assert (item.title, format_clock(item.planned_start), item.fixed, item.duration) == (
        "B2", "2:20pm", True, 25)
    assert item.presenters == ("Ana", "Bo") and item.speaker_limit == 90
    assert [(p.text, p.points) for p in item.sub_points] == [("One", ("one a",)), ("Two", ())]
    assert item.questions == ("Why?", "How?")
    assert not item.list_open and item.introductions
    booked = m.participants[item.bookings[0].participant_id]
    assert (booked.name, booked.organization) == ("Kofi", "Civil Society Org")


def test_reopening_continues_the_item_and_the_pause_counts_for_nobody() -> None:
    m = agenda(*FOUR)
    m = run(m, c.StartMeeting(), at=T0)
    m = run(m, c.EndMeeting(), at=T0 + 5 * MINUTE)
    assert m.status is Status.ENDED
    with pytest.raises(DomainError) as refused:
        apply(m, c.NextItem(), CHAIR, T0 + 6 * MINUTE)
    assert refused.value.code == "ended"
    m = run(m, c.ReopenMeeting(), at=T0 + 25 * MINUTE)  # 20 minutes ended by mistake
    assert m.status is Status.RUNNING and m.current == 0 and m.ended_at is None
    assert m.items[0].timer.running
    m = run(m, c.NextItem(), at=T0 + 35 * MINUTE)  # A took 15 minutes of meeting time
    assert m.drift(m.items[1]) == 0
    record = minutes.build(m, T0 + 40 * MINUTE)
    assert record.items[0].duration == 15 * MINUTE
    assert record.duration == 20 * MINUTE


def test_only_an_ended_meeting_can_be_reopened() -> None:
    m = run(agenda(*FOUR), c.StartMeeting())
    with pytest.raises(DomainError) as refused:
        apply(m, c.ReopenMeeting(), CHAIR, T0)
    assert refused.value.code == "not_ended"


def test_the_thank_you_line_is_the_chairs_to_set() -> None:
    m = run(agenda(*FOUR), c.SetThanks(text="Thank you for coming"))
    assert m.thanks == "Thank you for coming"
    assert msgspec.json.decode(msgspec.json.encode(m), type=Meeting) == m
