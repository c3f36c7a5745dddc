"""Hands on the list of speakers: raised by a participant, added by the chair (a person
present, a phone caller again, or someone new), lowered, and queued all at once for
the introductions round. Every way in shares the rules of `_queue_hand`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import Hand, HandKind, HandRaised, IntroRound, Meeting, Participant
from floor.domain.moderation import TAKEN_WHILE_CLOSED, check_closed_list
from floor.domain.steps import (
    Event,
    Result,
    reordered,
    replace,
    required_name,
    running,
    set_item,
    spoken_language,
    text_region,
)

MAX_RAISES_KEPT = 5  # hands raised one person's on one item that the record keeps


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



def _raises_kept(m: Meeting, pid: str, item_id: str) -> int:
    return sum(1 for h in m.raised_hands if h.participant_id == pid and h.item_id == item_id)



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



HANDS_HANDLERS: dict[type[c.Command], Callable[[Meeting, Any, c.Actor, int], Result]] = {
    c.AddSpeaker: _add_speaker,
    c.StartIntroductions: _introductions,
    c.RaiseHand: _raise,
    c.LowerHand: _lower,
}
