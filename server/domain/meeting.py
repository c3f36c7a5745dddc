"""`apply`: the meeting's rules. Commands in, new state and events out.

Pure and synchronous: `now` (epoch ms) is passed in; nothing here reads a
clock or does I/O. Every command is authorized here, from the actor, never
from the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from server.domain import commands as c
from server.domain.errors import DomainError
from server.domain.model import (
    AgendaItem,
    Entry,
    EntryKind,
    Floor,
    Meeting,
    Participant,
    Status,
    Turn,
)
from server.domain.ordering import context_for, order
from server.domain.timer import new_timer

replace = msgspec.structs.replace


class Event(msgspec.Struct, frozen=True):
    """Something that happened, for the event log and the minutes."""

    kind: str
    at: int
    data: dict[str, Any] = {}


Result = tuple[Meeting, list[Event]]


def authorize(command: c.Command, actor: c.Actor) -> None:
    """The one place where roles are checked. Raises DomainError("forbidden")."""
    if actor.role is c.Role.CHAIR:
        if type(command) in c.PARTICIPANT_COMMANDS:
            raise DomainError(
                "forbidden", "The chair acts for others with “add speaker”, not as a participant."
            )
        return
    if actor.role is c.Role.PARTICIPANT and type(command) in c.PARTICIPANT_COMMANDS:
        if actor.participant_id is None:
            raise DomainError("forbidden", "Join the meeting first.")
        return
    raise DomainError("forbidden", "Only the chair can do that.")


def apply(meeting: Meeting, command: c.Command, actor: c.Actor, now: int) -> Result:
    """Apply one command; raise DomainError if the rules refuse it.

    The returned meeting has `version` one higher than the given one.
    """
    authorize(command, actor)
    handler = _HANDLERS[type(command)]
    new, events = handler(meeting, command, actor, now)
    return replace(new, version=meeting.version + 1), events


# helpers ------------------------------------------------------------------


def _running(m: Meeting) -> tuple[int, AgendaItem]:
    """The current item's index and value; DomainError unless the meeting runs."""
    if m.status is Status.DRAFT:
        raise DomainError("not_started", "The meeting has not started yet.")
    if m.status is Status.ENDED or m.current is None:
        raise DomainError("ended", "The meeting has ended.")
    return m.current, m.items[m.current]


def _set_item(m: Meeting, index: int, item: AgendaItem) -> Meeting:
    items = list(m.items)
    items[index] = item
    return replace(m, items=tuple(items))


def _reordered(m: Meeting, index: int, entries: tuple[Entry, ...] | list[Entry]) -> Meeting:
    item = m.items[index]
    ordered = order(entries, m.policy, context_for(m, item.id))
    return _set_item(m, index, replace(item, queue=ordered))


def _reorder_current(m: Meeting) -> Meeting:
    if m.current is None:
        return m
    return _reordered(m, m.current, m.items[m.current].queue)


def _finish_turn(m: Meeting, now: int, events: list[Event]) -> Meeting:
    if m.floor is None:
        return m
    turn = Turn(
        participant_id=m.floor.entry.participant_id,
        item_id=m.floor.item_id,
        kind=m.floor.entry.kind,
        started_at=m.floor.started_at,
        ended_at=now,
    )
    events.append(Event("turn_finished", now, msgspec.to_builtins(turn)))
    return replace(m, floor=None, turns=(*m.turns, turn))


def _enter_item(m: Meeting, index: int, now: int, events: list[Event]) -> Meeting:
    """Leave the current item (finishing any turn) and make `index` current."""
    m = _finish_turn(m, now, events)
    if m.current is not None and m.current != index:
        old = m.items[m.current]
        m = _set_item(m, m.current, replace(old, timer=old.timer.pause(now), ended_at=now))
    item = m.items[index]
    first_visit = item.started_at is None
    queue = item.queue
    if first_visit and item.bookings:
        queue = (
            *queue,
            *(
                Entry(id=m.next_id + i, participant_id=b.participant_id, raised_at=now, booked=True)
                for i, b in enumerate(item.bookings)
            ),
        )
        m = replace(m, next_id=m.next_id + len(item.bookings))
    item = replace(
        item,
        timer=item.timer.start(now),
        started_at=now if first_visit else item.started_at,
        ended_at=None,
    )
    m = replace(_set_item(m, index, item), current=index)
    events.append(Event("item_started", now, {"item_id": item.id, "title": item.title}))
    return _reordered(m, index, queue)


def _find_entry(item: AgendaItem, entry_id: int) -> Entry:
    for entry in item.queue:
        if entry.id == entry_id:
            return entry
    raise DomainError("no_such_entry", "That speaker is no longer in the queue.")


def _give_floor(m: Meeting, entry: Entry, now: int, events: list[Event]) -> Meeting:
    m = _finish_turn(m, now, events)
    index, item = _running(m)
    rest = [e for e in item.queue if e.id != entry.id]
    timer = new_timer(item.speaker_limit * 1000).start(now)
    m = replace(m, floor=Floor(entry=entry, item_id=item.id, started_at=now, timer=timer))
    events.append(
        Event("turn_started", now, {"participant_id": entry.participant_id, "item_id": item.id})
    )
    return _reordered(m, index, rest)


def _text_region(m: Meeting, region: str) -> str:
    if region and m.regions and region not in m.regions:
        choices = ", ".join(m.regions)
        raise DomainError("unknown_region", f"Choose a region from the list: {choices}.")
    return region


def _required_name(name: str) -> str:
    if not name:
        raise DomainError("name_required", "Please give a name.")
    return name


# handlers -----------------------------------------------------------------


def _start(m: Meeting, cmd: c.StartMeeting, actor: c.Actor, now: int) -> Result:
    if m.status is not Status.DRAFT:
        raise DomainError("already_started", "The meeting has already started.")
    if not m.items:
        raise DomainError("no_items", "The agenda has no items.")
    events = [Event("meeting_started", now)]
    m = replace(m, status=Status.RUNNING, started_at=now)
    return _enter_item(m, 0, now, events), events


def _end(m: Meeting, cmd: c.EndMeeting, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    events: list[Event] = []
    m = _finish_turn(m, now, events)
    m = _set_item(m, index, replace(item, timer=item.timer.pause(now), ended_at=now))
    events.append(Event("meeting_ended", now))
    return replace(m, status=Status.ENDED, ended_at=now), events


def _goto(m: Meeting, cmd: c.GotoItem, actor: c.Actor, now: int) -> Result:
    current, _ = _running(m)
    index = m.item_index(cmd.item_id)
    if index is None:
        raise DomainError("no_such_item", "There is no such agenda item.")
    if index == current:
        raise DomainError("same_item", "That item is already current.")
    events: list[Event] = []
    return _enter_item(m, index, now, events), events


def _next(m: Meeting, cmd: c.NextItem, actor: c.Actor, now: int) -> Result:
    index, _ = _running(m)
    if index + 1 >= len(m.items):
        raise DomainError("no_next_item", "This is the last agenda item.")
    events: list[Event] = []
    return _enter_item(m, index + 1, now, events), events


def _prev(m: Meeting, cmd: c.PrevItem, actor: c.Actor, now: int) -> Result:
    index, _ = _running(m)
    if index == 0:
        raise DomainError("no_previous_item", "This is the first agenda item.")
    events: list[Event] = []
    return _enter_item(m, index - 1, now, events), events


def _timer(m: Meeting, cmd: c.TimerControl, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    if cmd.timer == "speaker":
        if m.floor is None:
            raise DomainError("no_current_speaker", "Nobody has the floor.")
        timer = m.floor.timer
    else:
        timer = item.timer
    if cmd.action == "start":
        timer = timer.start(now)
    elif cmd.action == "pause":
        timer = timer.pause(now)
    elif cmd.action == "reset":
        # Back to the full allotment: added or taken-away time is dropped.
        full = item.speaker_limit * 1000 if cmd.timer == "speaker" else item.duration * 60_000
        timer = timer.reset(full)
    else:
        timer = timer.adjust(cmd.seconds * 1000)
    event = Event("timer", now, {"timer": cmd.timer, "action": cmd.action, "seconds": cmd.seconds})
    if cmd.timer == "speaker":
        assert m.floor is not None
        return replace(m, floor=replace(m.floor, timer=timer)), [event]
    return _set_item(m, index, replace(item, timer=timer)), [event]


def _queue_open(m: Meeting, cmd: c.SetQueueOpen, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    m = _set_item(m, index, replace(item, queue_open=cmd.open))
    return m, [Event("queue_opened" if cmd.open else "queue_closed", now)]


def _call_next(m: Meeting, cmd: c.CallNext, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    if not item.queue:
        raise DomainError("queue_empty", "Nobody is waiting to speak.")
    events: list[Event] = []
    return _give_floor(m, item.queue[0], now, events), events


def _call_entry(m: Meeting, cmd: c.CallEntry, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    events: list[Event] = []
    return _give_floor(m, _find_entry(item, cmd.entry_id), now, events), events


def _finish(m: Meeting, cmd: c.FinishTurn, actor: c.Actor, now: int) -> Result:
    _running(m)
    if m.floor is None:
        raise DomainError("no_current_speaker", "Nobody has the floor.")
    events: list[Event] = []
    m = _finish_turn(m, now, events)
    return _reorder_current(m), events


def _move(m: Meeting, cmd: c.MoveEntry, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    entry = _find_entry(item, cmd.entry_id)
    rest = [e for e in item.queue if e.id != entry.id]
    rest.insert(min(cmd.to, len(rest)), replace(entry, pinned=True))
    event = Event("entry_moved", now, {"entry_id": entry.id, "to": cmd.to})
    return _reordered(m, index, rest), [event]


def _remove(m: Meeting, cmd: c.RemoveEntry, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    entry = _find_entry(item, cmd.entry_id)
    rest = [e for e in item.queue if e.id != entry.id]
    event = Event("hand_removed", now, {"participant_id": entry.participant_id})
    return _reordered(m, index, rest), [event]


def _policy(m: Meeting, cmd: c.SetPolicy, actor: c.Actor, now: int) -> Result:
    m = _reorder_current(replace(m, policy=cmd.policy))
    return m, [Event("policy_set", now, {"policy": cmd.policy.value})]


def _limit(m: Meeting, cmd: c.SetSpeakerLimit, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    m = _set_item(m, index, replace(item, speaker_limit=cmd.seconds))
    return m, [Event("speaker_limit_set", now, {"seconds": cmd.seconds})]


def _message(m: Meeting, cmd: c.ShowMessage, actor: c.Actor, now: int) -> Result:
    return replace(m, banner=cmd.text), [Event("message", now, {"text": cmd.text})]


def _add_speaker(m: Meeting, cmd: c.AddSpeaker, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    if not item.queue_open and cmd.kind is not EntryKind.ORDER:
        raise DomainError("queue_closed", "The list of speakers is closed.")
    pid = f"g{m.next_id}"
    person = Participant(
        id=pid,
        name=_required_name(cmd.name),
        organization=cmd.organization,
        region=_text_region(m, cmd.region),
        attendance=cmd.attendance,
        joined_at=now,
        added_by_chair=True,
    )
    entry = Entry(
        id=m.next_id + 1, participant_id=pid, kind=cmd.kind, topic=cmd.topic, raised_at=now
    )
    m = replace(m, participants={**m.participants, pid: person}, next_id=m.next_id + 2)
    data = {"participant_id": pid, "kind": cmd.kind.value, "by": "chair"}
    event = Event("hand_raised", now, data)
    return _reordered(m, index, [*item.queue, entry]), [event]


def _introductions(m: Meeting, cmd: c.StartIntroductions, actor: c.Actor, now: int) -> Result:
    index, item = _running(m)
    waiting = {e.participant_id for e in item.queue}
    if m.floor is not None:
        waiting.add(m.floor.entry.participant_id)
    people = sorted(
        (p for p in m.participants.values() if p.present and p.id not in waiting),
        key=lambda p: (p.joined_at, p.id),
    )
    if not people:
        raise DomainError("nobody_present", "Nobody present is left to introduce.")
    new = [
        Entry(id=m.next_id + i, participant_id=p.id, raised_at=now, intro=True)
        for i, p in enumerate(people)
    ]
    m = replace(m, next_id=m.next_id + len(new))
    m = _set_item(m, index, replace(item, speaker_limit=cmd.seconds))
    event = Event("introductions", now, {"queued": len(new), "seconds": cmd.seconds})
    return _reordered(m, index, [*item.queue, *new]), [event]


def _register(m: Meeting, cmd: c.Register, actor: c.Actor, now: int) -> Result:
    pid = actor.participant_id
    assert pid is not None
    old = m.participants.get(pid)
    person = Participant(
        id=pid,
        name=_required_name(cmd.name),
        organization=cmd.organization,
        region=_text_region(m, cmd.region),
        focus=cmd.focus,
        attendance=cmd.attendance,
        joined_at=old.joined_at if old else now,
    )
    m = replace(m, participants={**m.participants, pid: person})
    kind = "profile_updated" if old else "registered"
    return _reorder_current(m), [Event(kind, now, {"participant_id": pid})]


def _raise(m: Meeting, cmd: c.RaiseHand, actor: c.Actor, now: int) -> Result:
    pid = actor.participant_id
    assert pid is not None
    if pid not in m.participants:
        raise DomainError("not_registered", "Register with your name before raising your hand.")
    index, item = _running(m)
    if not item.queue_open and cmd.kind is not EntryKind.ORDER:
        raise DomainError("queue_closed", "The list of speakers is closed.")
    if m.floor is not None and m.floor.entry.participant_id == pid:
        raise DomainError("has_floor", "You have the floor.")
    if any(e.participant_id == pid for e in item.queue):
        raise DomainError("already_in_queue", "Your hand is already raised.")
    entry = Entry(id=m.next_id, participant_id=pid, kind=cmd.kind, topic=cmd.topic, raised_at=now)
    m = replace(m, next_id=m.next_id + 1)
    event = Event("hand_raised", now, {"participant_id": pid, "kind": cmd.kind.value})
    return _reordered(m, index, [*item.queue, entry]), [event]


def _lower(m: Meeting, cmd: c.LowerHand, actor: c.Actor, now: int) -> Result:
    pid = actor.participant_id
    index, item = _running(m)
    rest = [e for e in item.queue if e.participant_id != pid]
    if len(rest) == len(item.queue):
        raise DomainError("not_in_queue", "Your hand is not raised.")
    return _reordered(m, index, rest), [Event("hand_lowered", now, {"participant_id": pid})]


_HANDLERS: dict[type[c.Command], Callable[[Meeting, Any, c.Actor, int], Result]] = {
    c.StartMeeting: _start,
    c.EndMeeting: _end,
    c.GotoItem: _goto,
    c.NextItem: _next,
    c.PrevItem: _prev,
    c.TimerControl: _timer,
    c.SetQueueOpen: _queue_open,
    c.CallNext: _call_next,
    c.CallEntry: _call_entry,
    c.FinishTurn: _finish,
    c.MoveEntry: _move,
    c.RemoveEntry: _remove,
    c.SetPolicy: _policy,
    c.SetSpeakerLimit: _limit,
    c.ShowMessage: _message,
    c.AddSpeaker: _add_speaker,
    c.StartIntroductions: _introductions,
    c.Register: _register,
    c.RaiseHand: _raise,
    c.LowerHand: _lower,
}
