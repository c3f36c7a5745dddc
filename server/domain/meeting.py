"""`apply`: the meeting's rules. Commands in, new state and events out.

Pure and synchronous: `now` (epoch ms) is passed in; nothing here reads a
clock or does I/O. Every command is authorized here, from the actor, never
from the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.editing import EDITING_HANDLERS
from floor.domain.errors import DomainError, Refusal
from floor.domain.limits import turn_limit
from floor.domain.model import (
    AgendaItem,
    Floor,
    Hand,
    HandKind,
    HandRaised,
    Interruption,
    IntroRound,
    Meeting,
    Participant,
    Status,
)
from floor.domain.moderation import (
    MODERATION_HANDLERS,
    TAKEN_WHILE_CLOSED,
    check_closed_list,
)
from floor.domain.procedure import PROCEDURE_HANDLERS, known_category, put_question
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
    required_name,
    running,
    set_item,
    spoken_language,
    text_region,
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


def _add_speaker(m: Meeting, cmd: c.AddSpeaker, actor: c.Actor, now: int) -> Result:
    running(m)
    language = spoken_language(m, cmd.language)
    if cmd.participant_id:
        person = m.participants.get(cmd.participant_id)
        if person is None:
            raise DomainError(Refusal.NO_SUCH_PARTICIPANT)
        if language and language != person.language:
            person = replace(person, language=language)
            m = replace(m, participants={**m.participants, person.id: person})
    else:
        person = _known(m, required_name(cmd.name), cmd.organization)
        if person is not None:
            # The same person, joining as the chair says now (a presenter on the phone).
            person = replace(
                person,
                attendance=cmd.attendance,
                region=text_region(m, cmd.region) or person.region,
                organization=person.organization or cmd.organization,
                present=True,
                language=language or person.language,
            )
            m = replace(m, participants={**m.participants, person.id: person})
    if person is None:
        person = Participant(
            id=f"g{m.next_id}",
            name=cmd.name,
            organization=cmd.organization,
            region=text_region(m, cmd.region),
            attendance=cmd.attendance,
            joined_at=now,
            added_by_chair=True,
            language=language,
        )
        m = replace(m, participants={**m.participants, person.id: person}, next_id=m.next_id + 1)
    return _queue_hand(m, person, cmd.kind, cmd.topic, cmd.reply_to, now, by_chair=True)


def _known(m: Meeting, name: str, organization: str) -> Participant | None:
    """A person already in the meeting by that name (and organization, if given): a
    phone caller added again is the same person, not a new one."""
    folded = name.casefold()
    org = organization.casefold()
    same = [
        p for p in m.participants.values()
        if p.name.casefold() == folded and (not org or p.organization.casefold() == org)
    ]
    if len(same) > 1:
        choices = "; ".join(p.organization or "no organization" for p in same)
        raise DomainError(Refusal.AMBIGUOUS_PERSON, count=len(same), name=name, choices=choices)
    return same[0] if same else None


def _queue_hand(
    m: Meeting,
    person: Participant,
    kind: HandKind,
    topic: str,
    reply_to: str,
    now: int,
    *,
    by_chair: bool,
) -> Result:
    """One hand on the current item's list, with the rules every way in shares."""
    index, item = running(m)
    pid = person.id
    if not by_chair and pid in m.blocked:
        raise DomainError(Refusal.BLOCKED)
    question = kind is HandKind.QUESTION
    if question:
        if m.floor is None:
            raise DomainError(Refusal.QUESTION_NEEDS_SPEAKER)
    elif not item.list_open and kind not in TAKEN_WHILE_CLOSED:
        raise DomainError(Refusal.QUEUE_CLOSED)
    if m.floor is not None and m.floor.hand.participant_id == pid:
        if by_chair:
            raise DomainError(Refusal.THEY_HAVE_FLOOR, name=person.name)
        raise DomainError(Refusal.QUESTION_TO_SELF if question else Refusal.HAS_FLOOR)
    # One hand per person on the list, and besides it one question to the speaker.
    if any(
        e.participant_id == pid and (e.kind is HandKind.QUESTION) == question
        for e in item.speakers
    ):
        if by_chair:
            raise DomainError(Refusal.ALREADY_ON_LIST, name=person.name)
        raise DomainError(Refusal.ALREADY_IN_QUEUE)
    if kind is HandKind.RIGHT_OF_REPLY and not reply_to:
        raise DomainError(Refusal.REPLY_TO_REQUIRED)
    if not by_chair:
        # The chair may always add someone; a participant's is counted while closed.
        m = set_item(m, index, check_closed_list(item, pid, kind))
    hand = Hand(
        id=m.next_id,
        participant_id=pid,
        kind=kind,
        topic=topic,
        raised_at=now,
        reply_to=reply_to if kind is HandKind.RIGHT_OF_REPLY else "",
    )
    m = replace(m, next_id=m.next_id + 1)
    if not question and _raises_kept(m, pid, item.id) < MAX_RAISES_KEPT:
        # A question is no turn of its own: not counted among hands raised. Nor
        # is a hand raised again and again on one item (raise, lower, raise...):
        # the record kept for the statistics stays bounded (a loop of 50 pages
        # kept 23,300 of them, and every chair render folded them all).
        raised = HandRaised(participant_id=pid, item_id=item.id, kind=kind, at=now)
        m = replace(m, raised_hands=(*m.raised_hands, raised))
    data = {"participant_id": pid, "kind": kind.value}
    if by_chair:
        data["by"] = "chair"
    return reordered(m, index, [*item.speakers, hand]), [Event("hand_raised", now, data)]


def _introductions(m: Meeting, cmd: c.StartIntroductions, actor: c.Actor, now: int) -> Result:
    """Queue each person present once; the round is held once per item."""
    index, item = running(m)
    if item.intro_round is not None:
        raise DomainError(Refusal.INTRODUCTIONS_HELD)
    waiting = {e.participant_id for e in item.speakers}
    if m.floor is not None:
        waiting.add(m.floor.hand.participant_id)
    people = sorted(
        (p for p in m.participants.values() if p.present and p.id not in waiting),
        key=lambda p: (p.joined_at, p.id),
    )
    if not people:
        raise DomainError(Refusal.NOBODY_PRESENT)
    new = [
        Hand(id=m.next_id + i, participant_id=p.id, raised_at=now, intro=True)
        for i, p in enumerate(people)
    ]
    m = replace(m, next_id=m.next_id + len(new))
    held = IntroRound(seconds=cmd.seconds, queued=tuple(p.id for p in people))
    m = set_item(m, index, replace(item, intro_round=held))
    event = Event("introductions", now, {"queued": len(new), "seconds": cmd.seconds})
    return reordered(m, index, [*item.speakers, *new]), [event]


def _register(m: Meeting, cmd: c.Register, actor: c.Actor, now: int) -> Result:
    pid = actor.participant_id
    assert pid is not None
    old = m.participants.get(pid)
    if old is not None and _shown_to_the_room(m, pid) and (
        (cmd.name, cmd.organization, cmd.region) != (old.name, old.organization, old.region)
    ):
        # The room screen and the list show them now: a new name there would be
        # believed (a speaker renamed "THE CHAIR HAS RESIGNED" mid-speech).
        raise DomainError(Refusal.PROFILE_LOCKED)
    person = Participant(
        id=pid,
        name=required_name(cmd.name),
        organization=cmd.organization,
        region=text_region(m, cmd.region),
        focus=cmd.focus,
        attendance=cmd.attendance,
        joined_at=old.joined_at if old else now,
        category=known_category(m, cmd.category),
        language=spoken_language(m, cmd.language),
    )
    m = replace(m, participants={**m.participants, pid: person})
    kind = "profile_updated" if old else "registered"
    return reorder_current(m), [Event(kind, now, {"participant_id": pid})]


MAX_RAISES_KEPT = 5  # hands raised one person's on one item that the record keeps


def _raises_kept(m: Meeting, pid: str, item_id: str) -> int:
    return sum(1 for h in m.raised_hands if h.participant_id == pid and h.item_id == item_id)


def _shown_to_the_room(m: Meeting, pid: str) -> bool:
    """Whether the person has the floor or a hand on the current item's list."""
    if m.floor is not None and m.floor.hand.participant_id == pid:
        return True
    if m.current is None:
        return False
    return any(h.participant_id == pid for h in m.items[m.current].speakers)


def _raise(m: Meeting, cmd: c.RaiseHand, actor: c.Actor, now: int) -> Result:
    pid = actor.participant_id
    assert pid is not None
    person = m.participants.get(pid)
    if person is None:
        raise DomainError(Refusal.NOT_REGISTERED)
    return _queue_hand(m, person, cmd.kind, cmd.topic, cmd.reply_to, now, by_chair=False)


def _lower(m: Meeting, cmd: c.LowerHand, actor: c.Actor, now: int) -> Result:
    pid = actor.participant_id
    index, item = running(m)
    rest = [e for e in item.speakers if e.participant_id != pid]
    if len(rest) == len(item.speakers):
        raise DomainError(Refusal.NOT_IN_QUEUE)
    return reordered(m, index, rest), [Event("hand_lowered", now, {"participant_id": pid})]


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
    c.AddSpeaker: _add_speaker,
    c.StartIntroductions: _introductions,
    c.Register: _register,
    c.RaiseHand: _raise,
    c.LowerHand: _lower,
    **EDITING_HANDLERS,
    **PROCEDURE_HANDLERS,
    **MODERATION_HANDLERS,
}
