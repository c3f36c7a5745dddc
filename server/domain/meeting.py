"""`apply`: the meeting's rules. Commands in, new state and events out.

Pure and synchronous: `now` (epoch ms) is passed in; nothing here reads a
clock or does I/O. Every command is authorized here, from the actor, never
from the message.

The handlers here run the meeting: its start and end, the items, the clocks, and
calling from the list of speakers. Hands raised and added are in `hands`, a
participant's profile in `profile`, agenda editing in `editing`, points of order and
the like in `procedure`, the chair against abuse in `moderation`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.editing import EDITING_HANDLERS
from floor.domain.errors import DomainError, Refusal
from floor.domain.hands import HANDS_HANDLERS
from floor.domain.limits import turn_limit
from floor.domain.model import (
    AgendaItem,
    Floor,
    HandKind,
    Interruption,
    Meeting,
    Status,
)
from floor.domain.moderation import (
    MODERATION_HANDLERS,
)
from floor.domain.procedure import PROCEDURE_HANDLERS, put_question
from floor.domain.profile import PROFILE_HANDLERS
from floor.domain.steps import (
    Event,
    Result,
    enter_item,
    find_entry,
    finish_turn,
    give_floor,
    reorder_current,
    reordered,
    replace,
    running,
    set_item,
)

__all__ = ["Event", "Result", "apply", "authorize"]


def authorize(command: c.Command, actor: c.Actor) -> None:
    """The one place where roles are checked. Raises DomainError("forbidden")."""
    if actor.role is c.Role.CHAIR:
        if type(command) in c.PARTICIPANT_COMMANDS:
            raise DomainError(Refusal.CHAIR_NOT_PARTICIPANT)
        return
    if actor.role is c.Role.PARTICIPANT and type(command) in c.PARTICIPANT_COMMANDS:
        if actor.participant_id is None:
            raise DomainError(Refusal.JOIN_FIRST)
        return
    allowed = c.TEAM_COMMANDS.get(actor.role)
    if allowed is not None:
        if type(command) in allowed:
            return
        raise DomainError(
            Refusal.TEAM_LINK_CANNOT,
            role=c.TEAM_LABELS[actor.role].lower(), powers=c.TEAM_POWERS[actor.role],
        )
    raise DomainError(Refusal.CHAIR_ONLY)


def apply(meeting: Meeting, command: c.Command, actor: c.Actor, now: int) -> Result:
    """Apply one command; raise DomainError if the rules refuse it.

    The returned meeting has `version` one higher than the given one.
    """
    authorize(command, actor)
    handler = _HANDLERS[type(command)]
    new, events = handler(meeting, command, actor, now)
    return replace(new, version=meeting.version + 1), events


# handlers -----------------------------------------------------------------


def _start(m: Meeting, cmd: c.StartMeeting, actor: c.Actor, now: int) -> Result:
    if m.status is not Status.DRAFT:
        raise DomainError(Refusal.ALREADY_STARTED)
    if not m.items:
        raise DomainError(Refusal.NO_ITEMS)
    events = [Event("meeting_started", now)]
    m = replace(m, status=Status.RUNNING, started_at=now)
    return enter_item(m, 0, now, events), events


def _end(m: Meeting, cmd: c.EndMeeting, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    events: list[Event] = []
    m = finish_turn(m, now, events)
    m = set_item(m, index, replace(item, timer=item.timer.pause(now), ended_at=now))
    events.append(Event("meeting_ended", now))
    return replace(m, status=Status.ENDED, ended_at=now), events


def _reopen(m: Meeting, cmd: c.ReopenMeeting, actor: c.Actor, now: int) -> Result:
    if m.status is not Status.ENDED or m.ended_at is None:
        raise DomainError(Refusal.NOT_ENDED)
    index = m.current if m.current is not None else len(m.items) - 1
    item = m.items[index]
    pause = Interruption(ended_at=m.ended_at, reopened_at=now)
    m = replace(
        m, status=Status.RUNNING, ended_at=None, interruptions=(*m.interruptions, pause),
        current=index,
    )
    m = set_item(m, index, replace(item, timer=item.timer.start(now), ended_at=None))
    return m, [Event("meeting_reopened", now, {"ended_at": pause.ended_at})]


def _thanks(m: Meeting, cmd: c.SetThanks, actor: c.Actor, now: int) -> Result:
    return replace(m, thanks=cmd.text), [Event("thanks_set", now, {"text": cmd.text})]


def _goto(m: Meeting, cmd: c.GotoItem, actor: c.Actor, now: int) -> Result:
    current, _ = running(m)
    index = m.item_index(cmd.item_id)
    if index is None:
        raise DomainError(Refusal.NO_SUCH_ITEM)
    if index == current:
        raise DomainError(Refusal.SAME_ITEM)
    events: list[Event] = []
    return enter_item(m, index, now, events), events


def _next(m: Meeting, cmd: c.NextItem, actor: c.Actor, now: int) -> Result:
    index, _ = running(m)
    if index + 1 >= len(m.items):
        raise DomainError(Refusal.NO_NEXT_ITEM)
    events: list[Event] = []
    return enter_item(m, index + 1, now, events), events


def _prev(m: Meeting, cmd: c.PrevItem, actor: c.Actor, now: int) -> Result:
    index, _ = running(m)
    if index == 0:
        raise DomainError(Refusal.NO_PREVIOUS_ITEM)
    events: list[Event] = []
    return enter_item(m, index - 1, now, events), events


def _timer(m: Meeting, cmd: c.TimerControl, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    event = Event("timer", now, {"timer": cmd.timer, "action": cmd.action, "seconds": cmd.seconds})
    if cmd.timer == "speaker":
        return replace(m, floor=_speaker_clock(m, item, cmd, now)), [event]
    timer = item.timer
    if cmd.action == "start":
        timer = timer.start(now)
    elif cmd.action == "pause":
        timer = timer.pause(now)
    elif cmd.action == "reset":
        # Back to the full allotment: added or taken-away time is dropped.
        timer = timer.reset(item.duration * 60_000)
    else:
        timer = timer.adjust(cmd.seconds * 1000)
    return set_item(m, index, replace(item, timer=timer)), [event]


def _speaker_clock(m: Meeting, item: AgendaItem, cmd: c.TimerControl, now: int) -> Floor:
    """The speaker's clock: every stop and start is kept, so that the record can count
    speaking time without the pauses."""
    floor = m.floor
    if floor is None:
        raise DomainError(Refusal.NO_CURRENT_SPEAKER)
    if floor.question is not None and cmd.action == "start":
        raise DomainError(Refusal.QUESTION_IN_PROGRESS)
    if cmd.action == "start":
        return floor.resume(now)
    if cmd.action == "pause":
        return floor.pause(now)
    if cmd.action == "reset":
        # Back to the full allotment, stopped: the pause runs from now.
        full = turn_limit(m, item, floor.hand) * 1000
        floor = floor.pause(now)
        return replace(floor, timer=floor.timer.reset(full))
    return replace(floor, timer=floor.timer.adjust(cmd.seconds * 1000))


def _list_open(m: Meeting, cmd: c.SetListOpen, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    m = set_item(m, index, replace(item, list_open=cmd.open))
    return m, [Event("queue_opened" if cmd.open else "queue_closed", now)]


def _call_next(m: Meeting, cmd: c.CallNext, actor: c.Actor, now: int) -> Result:
    """The next speaker on the list; questions to the speaker are allowed one by one."""
    index, item = running(m)
    speakers = [h for h in item.speakers if h.kind is not HandKind.QUESTION]
    if not speakers:
        raise DomainError(Refusal.QUEUE_EMPTY)
    # Those skipped for now while away are passed over until they are back.
    speakers = [h for h in speakers if h.deferred_at is None] or speakers
    events: list[Event] = []
    return give_floor(m, speakers[0], now, events), events


def _call_entry(m: Meeting, cmd: c.CallHand, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    events: list[Event] = []
    hand = find_entry(item, cmd.hand_id)
    if hand.kind is HandKind.QUESTION:
        return put_question(m, hand, now, events), events
    return give_floor(m, hand, now, events), events


def _finish(m: Meeting, cmd: c.FinishTurn, actor: c.Actor, now: int) -> Result:
    running(m)
    if m.floor is None:
        raise DomainError(Refusal.NO_CURRENT_SPEAKER)
    events: list[Event] = []
    m = finish_turn(m, now, events)
    return reorder_current(m), events


def _move(m: Meeting, cmd: c.MoveHand, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    hand = find_entry(item, cmd.hand_id)
    rest = [e for e in item.speakers if e.id != hand.id]
    rest.insert(min(cmd.to, len(rest)), replace(hand, pinned=True))
    event = Event("entry_moved", now, {"hand_id": hand.id, "to": cmd.to})
    return reordered(m, index, rest), [event]


def _remove(m: Meeting, cmd: c.RemoveHand, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    hand = find_entry(item, cmd.hand_id)
    rest = [e for e in item.speakers if e.id != hand.id]
    event = Event("hand_removed", now, {"participant_id": hand.participant_id})
    return reordered(m, index, rest), [event]


def _policy(m: Meeting, cmd: c.SetPolicy, actor: c.Actor, now: int) -> Result:
    m = reorder_current(replace(m, policy=cmd.policy))
    return m, [Event("policy_set", now, {"policy": cmd.policy.value})]


def _limit(m: Meeting, cmd: c.SetSpeakerLimit, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    m = set_item(m, index, replace(item, speaker_limit=cmd.seconds))
    return m, [Event("speaker_limit_set", now, {"seconds": cmd.seconds})]


def _message(m: Meeting, cmd: c.ShowMessage, actor: c.Actor, now: int) -> Result:
    return replace(m, banner=cmd.text), [Event("message", now, {"text": cmd.text})]



_HANDLERS: dict[type[c.Command], Callable[[Meeting, Any, c.Actor, int], Result]] = {
    c.StartMeeting: _start,
    c.EndMeeting: _end,
    c.ReopenMeeting: _reopen,
    c.SetThanks: _thanks,
    c.GotoItem: _goto,
    c.NextItem: _next,
    c.PrevItem: _prev,
    c.TimerControl: _timer,
    c.SetListOpen: _list_open,
    c.CallNext: _call_next,
    c.CallHand: _call_entry,
    c.FinishTurn: _finish,
    c.MoveHand: _move,
    c.RemoveHand: _remove,
    c.SetPolicy: _policy,
    c.SetSpeakerLimit: _limit,
    c.ShowMessage: _message,
    **HANDS_HANDLERS,
    **PROFILE_HANDLERS,
    **EDITING_HANDLERS,
    **PROCEDURE_HANDLERS,
    **MODERATION_HANDLERS,
}
