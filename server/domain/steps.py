"""The building blocks of the meeting's rules, shared by the command handlers."""

from __future__ import annotations

import unicodedata
from typing import Any

import msgspec

from floor.domain.errors import DomainError, Refusal
from floor.domain.limits import turn_limit
from floor.domain.model import (
    AgendaItem,
    Floor,
    Hand,
    HandKind,
    Meeting,
    Question,
    Status,
    Turn,
)
from floor.domain.ordering import context_for, order
from floor.domain.timer import new_timer

replace = msgspec.structs.replace


class Event(msgspec.Struct, frozen=True):
    """Something that happened, for the event log and the minutes."""

    kind: str
    at: int
    data: dict[str, Any] = {}


Result = tuple[Meeting, list[Event]]


def running(m: Meeting) -> tuple[int, AgendaItem]:
    """The current item's index and value; DomainError unless the meeting runs."""
    if m.status is Status.DRAFT:
        raise DomainError(Refusal.NOT_STARTED)
    if m.status is Status.ENDED or m.current is None:
        raise DomainError(Refusal.ENDED)
    return m.current, m.items[m.current]


def set_item(m: Meeting, index: int, item: AgendaItem) -> Meeting:
    items = list(m.items)
    items[index] = item
    return replace(m, items=tuple(items))


def reordered(m: Meeting, index: int, hands: tuple[Hand, ...] | list[Hand]) -> Meeting:
    item = m.items[index]
    ordered = order(hands, m.policy, context_for(m, item.id))
    return set_item(m, index, replace(item, speakers=ordered))


def reorder_current(m: Meeting) -> Meeting:
    if m.current is None:
        return m
    return reordered(m, m.current, m.items[m.current].speakers)


def turn_of(floor: Floor, now: int, *, struck: str = "") -> Turn:
    """The turn on the floor as it stands at `now`: an open pause or question ends there."""
    if floor.question is not None:
        floor = end_question(floor, now)
    floor = floor.resume(now)
    return Turn(
        participant_id=floor.hand.participant_id,
        item_id=floor.item_id,
        kind=floor.hand.kind,
        started_at=floor.started_at,
        ended_at=now,
        pauses=floor.pauses,
        questions=floor.questions,
        intro=floor.hand.intro,
        topic=floor.hand.topic,
        struck=struck,
        language=floor.language,
    )


def end_question(floor: Floor, now: int) -> Floor:
    """The interposed question is over: it goes on the record inside the turn."""
    question = floor.question
    if question is None:
        return floor
    asked = Question(question.hand.participant_id, question.started_at, now)
    floor = replace(floor, question=None, questions=(*floor.questions, asked))
    return floor.resume(now)


def finish_turn(m: Meeting, now: int, events: list[Event]) -> Meeting:
    if m.floor is None:
        return m
    turn = turn_of(m.floor, now)
    events.append(Event("turn_finished", now, msgspec.to_builtins(turn)))
    m = replace(m, floor=None, turns=(*m.turns, turn))
    return drop_questions(m, now, events)


def drop_questions(m: Meeting, now: int, events: list[Event]) -> Meeting:
    """Questions asked of a speaker whose turn has ended have nobody to go to."""
    if m.current is None:
        return m
    item = m.items[m.current]
    rest = tuple(h for h in item.speakers if h.kind is not HandKind.QUESTION)
    if len(rest) == len(item.speakers):
        return m
    events.append(Event("questions_dropped", now))
    return set_item(m, m.current, replace(item, speakers=rest))


def enter_item(m: Meeting, index: int, now: int, events: list[Event]) -> Meeting:
    """Leave the current item (finishing any turn) and make `index` current."""
    m = finish_turn(m, now, events)
    if m.current is not None and m.current != index:
        old = m.items[m.current]
        m = set_item(m, m.current, replace(old, timer=old.timer.pause(now), ended_at=now))
    item = m.items[index]
    first_visit = item.started_at is None
    queue = item.speakers
    if first_visit and item.bookings:
        queue = (
            *queue,
            *(
                Hand(id=m.next_id + i, participant_id=b.participant_id, raised_at=now, booked=True)
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
    m = replace(set_item(m, index, item), current=index, highlight="")
    events.append(Event("item_started", now, {"item_id": item.id, "title": item.title}))
    return reordered(m, index, queue)


def find_entry(item: AgendaItem, hand_id: int) -> Hand:
    for hand in item.speakers:
        if hand.id == hand_id:
            return hand
    raise DomainError(Refusal.NO_SUCH_HAND)


def give_floor(m: Meeting, hand: Hand, now: int, events: list[Event]) -> Meeting:
    if hand.kind is HandKind.QUESTION:
        raise DomainError(Refusal.QUESTION_NOT_A_TURN)
    m = finish_turn(m, now, events)
    index, item = running(m)
    rest = [e for e in item.speakers if e.id != hand.id]
    timer = new_timer(turn_limit(m, item, hand) * 1000).start(now)
    # The language is taken now, with the turn: the record keeps what was said then.
    person = m.participants.get(hand.participant_id)
    language = person.language if person is not None else ""
    m = replace(m, floor=Floor(
        hand=hand, item_id=item.id, started_at=now, timer=timer, language=language,
    ))
    events.append(
        Event("turn_started", now, {"participant_id": hand.participant_id, "item_id": item.id})
    )
    return reordered(m, index, rest)


def text_region(m: Meeting, region: str) -> str:
    if region and m.regions and region not in m.regions:
        choices = ", ".join(m.regions)
        raise DomainError(Refusal.UNKNOWN_REGION, choices=choices)
    return region


def meeting_languages(m: Meeting) -> tuple[str, ...]:
    """The languages a participant may say they speak: the meeting's (English alone for
    a meeting that names none)."""
    return m.languages or ("en",)


def spoken_language(m: Meeting, code: str) -> str:
    """A language a participant will speak: "" (unsaid) or one of the meeting's."""
    if code and code not in meeting_languages(m):
        raise DomainError(Refusal.UNKNOWN_LANGUAGE)
    return code


def required_name(name: str) -> str:
    """A person's name as shown to the room: it must show something."""
    if not name:
        raise DomainError(Refusal.NAME_REQUIRED)
    if not any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in name):
        raise DomainError(Refusal.NAME_INVISIBLE)  # zero-width characters only
    return name
