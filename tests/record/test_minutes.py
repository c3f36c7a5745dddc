"""Minutes: planned against actual, speakers in order, the record of notes and actions."""

from __future__ import annotations

from floor.domain import commands as c
from floor.domain.model import Attendance, Meeting
from floor.record.minutes import build
from tests.record.conftest import MINUTE, SECOND, T0, Driver


def test_before_the_start_every_item_is_planned_only(reference: Meeting) -> None:
    minutes = build(reference, now=T0)
    assert minutes.status == "Not started"
    assert minutes.duration is None
    assert [r.planned for r in minutes.items][:3] == ["2:00pm", "2:15pm", "2:30pm"]
    assert all(r.started_at is None and r.duration is None for r in minutes.items)


def test_an_item_shows_its_drift_and_its_duration(welcome: Driver) -> None:
    welcome.chair(c.NextItem(), T0 + 35 * MINUTE)
    minutes = build(welcome.meeting, now=T0 + 40 * MINUTE)
    registration, hello, intros = minutes.items[:3]
    assert registration.drift_min == 0 and registration.duration == 17 * MINUTE
    assert registration.overrun_min == 2
    assert hello.drift_min == 2 and hello.duration == 18 * MINUTE
    assert intros.drift_min == 5 and intros.current
    assert intros.duration == 5 * MINUTE  # up to `now`: it is still running
    assert minutes.duration == 40 * MINUTE


def test_speakers_are_listed_in_order_with_first_and_repeat_turns(welcome: Driver) -> None:
    at = T0 + 18 * MINUTE
    welcome.join("ana", at, region="Asia", attendance=Attendance.REMOTE)
    welcome.join("kofi", at, region="Africa").hand("ana", at).hand("kofi", at + SECOND)
    welcome.turn(at + 10 * SECOND, 90).turn(at + 2 * MINUTE, 45)
    welcome.hand("ana", at + 3 * MINUTE).turn(at + 4 * MINUTE, 30)
    minutes = build(welcome.meeting, now=at + 5 * MINUTE)
    hello = minutes.items[1]
    assert [(s.number, s.person.name, s.first_time) for s in hello.speeches] == [
        (1, "Ana", True), (2, "Kofi", True), (3, "Ana", False)
    ]
    assert [s.duration for s in hello.speeches] == [90 * SECOND, 45 * SECOND, 30 * SECOND]
    assert hello.speeches[0].attendance == "Remote"
    assert hello.speaking_time == 165 * SECOND
    assert minutes.speakers == 2


def test_the_turn_in_progress_is_shown_apart_and_counted_nowhere(welcome: Driver) -> None:
    at = T0 + 18 * MINUTE
    welcome.join("ana", at).hand("ana", at).chair(c.CallNext(), at + SECOND)
    minutes = build(welcome.meeting, now=at + MINUTE)
    assert minutes.speeches == ()
    assert minutes.speaking is not None and minutes.speaking.person.name == "Ana"


def test_going_back_to_an_item_is_flagged(welcome: Driver) -> None:
    welcome.chair(c.NextItem(), T0 + 30 * MINUTE)
    welcome.chair(c.GotoItem(item_id="i2"), T0 + 40 * MINUTE)
    welcome.chair(c.GotoItem(item_id="i4"), T0 + 45 * MINUTE)
    records = {r.item.id: r for r in build(welcome.meeting, now=T0 + 50 * MINUTE).items}
    assert records["i2"].returned
    assert records["i2"].duration == 28 * MINUTE  # first start to last end
    assert not records["i3"].returned


def test_notes_and_actions_sit_under_their_items(welcome: Driver) -> None:
    at = T0 + 20 * MINUTE
    welcome.chair(c.AddNote(text="Opening words."), at)
    welcome.chair(c.AddNote(text="For the intros.", item_id="i3"), at)
    welcome.chair(c.AddAction(what="Send the slides", who="IOM", due="Friday"), at)
    minutes = build(welcome.meeting, now=at)
    assert [n.text for n in minutes.items[1].notes] == ["Opening words."]
    assert [n.text for n in minutes.items[2].notes] == ["For the intros."]
    assert [a.what for a in minutes.items[1].actions] == ["Send the slides"]
    assert minutes.item_title(minutes.actions[0].item_id) == "Welcome"


def test_a_note_on_an_item_removed_later_is_kept(welcome: Driver) -> None:
    at = T0 + 20 * MINUTE
    welcome.chair(c.AddNote(text="Park this.", item_id="i7"), at)
    welcome.chair(c.RemoveItem(item_id="i7"), at)
    minutes = build(welcome.meeting, now=at)
    assert [n.text for n in minutes.notes_elsewhere] == ["Park this."]
