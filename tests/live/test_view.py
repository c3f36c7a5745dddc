"""What the pages show is decided in the view: drift, move targets, which buttons appear."""

from __future__ import annotations

import yaml

from floor import i18n
from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.meeting import apply
from floor.domain.model import Meeting
from floor.live.speakers import rows_of
from floor.live.view import build
from floor.resources import REFERENCE_MEETING

T0 = 1_492_452_000_000  # 17 April 2017, 2:00pm in New York
CHAIR = c.Actor(c.Role.CHAIR)


def reference() -> Meeting:
    return meeting_from_data(yaml.safe_load(REFERENCE_MEETING.read_text(encoding="utf-8")))


def run(m: Meeting, *steps: tuple[c.Command, c.Actor, int]) -> Meeting:
    for command, actor, at in steps:
        m, _ = apply(m, command, actor, at)
    return m


def test_drift_is_worded_once_for_every_page_and_language() -> None:
    assert i18n.drift(5, "en") == "5 min behind"
    assert i18n.drift(-3, "en") == "3 min ahead"
    assert i18n.drift(0, "en") == "on time"
    for lang in i18n.LANGUAGES:
        assert "5" in i18n.drift(5, lang) and "3" in i18n.drift(-3, lang)


def test_the_agenda_rows_say_how_late_each_item_started() -> None:
    m = run(reference(), (c.StartMeeting(), CHAIR, T0),
            (c.NextItem(), CHAIR, T0 + 20 * 60_000))  # Welcome planned at +15 min
    rows = build(m).agenda.rows
    assert (rows[0].drift_min, rows[0].drift_kind) == (0, "on_time")
    assert (rows[1].drift_min, rows[1].drift_kind) == (5, "behind")
    assert rows[2].drift_kind is None  # not started


def test_agenda_move_targets_and_buttons_follow_the_rules() -> None:
    before = build(reference()).agenda.rows
    assert before[0].up_to is None and before[0].down_to == 1
    assert before[-1].down_to is None and before[-1].up_to == len(before) - 2
    assert not any(row.can_go for row in before)  # not started: nothing to go to
    assert all(row.removable for row in before)
    m = run(reference(), (c.StartMeeting(), CHAIR, T0))
    rows = build(m).agenda.rows
    assert not rows[0].can_go and all(row.can_go for row in rows[1:])  # the current one is not
    assert not rows[0].removable and all(row.removable for row in rows[1:])


def test_a_hands_move_targets_are_its_neighbours_places() -> None:
    m = run(reference(), (c.StartMeeting(), CHAIR, T0), (c.NextItem(), CHAIR, T0 + 1))
    for n in range(3):
        pid = f"p{n}"
        m = run(m, (c.Register(name=f"Person {n}"), c.Actor(c.Role.PARTICIPANT, pid), T0 + 2),
                (c.RaiseHand(), c.Actor(c.Role.PARTICIPANT, pid), T0 + 3 + n))
    rows = rows_of(m.items[m.current or 0].speakers, m.participants)
    assert [(r.up_to, r.down_to) for r in rows] == [(None, 1), (0, 2), (1, None)]
    moved = run(m, (c.MoveHand(hand_id=rows[2].hand.id, to=rows[2].up_to or 0), CHAIR, T0 + 9))
    order = [h.participant_id for h in moved.items[moved.current or 0].speakers]
    assert order == ["p0", "p2", "p1"]


def test_the_preview_before_the_start_changes_with_the_plan_alone() -> None:
    m = reference()
    before = build(m).preview
    assert before is not None
    assert [row.title for row in before.rows] == [item.title for item in m.items]
    assert before.venue == m.venue and before.where
    # A message and a registration change the meeting, not what the preview shows.
    later = run(m, (c.ShowMessage(text="Doors open at nine"), CHAIR, T0),
                (c.Register(name="Dee"), c.Actor(c.Role.PARTICIPANT, "p4"), T0))
    assert build(later).preview == before
    edited = run(later, (c.EditItem(item_id=m.items[1].id, title="Opening"), CHAIR, T0))
    assert build(edited).preview != before
    # Once an item is current, and once ended, the page shows the meeting instead.
    started = run(edited, (c.StartMeeting(), CHAIR, T0))
    assert build(started).preview is None
    assert build(run(started, (c.EndMeeting(), CHAIR, T0 + 1))).preview is None
