"""Rules of procedure: undoing a mistake, interposed questions, time per kind,
categories, presence and the private notice to the speaker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.errors import DomainError, Refusal
from floor.domain.limits import kind_limit
from floor.domain.model import (
    KIND_LABELS,
    Hand,
    HandKind,
    Interjection,
    Meeting,
)
from floor.domain.steps import (
    Event,
    Result,
    drop_questions,
    end_question,
    find_entry,
    reorder_current,
    reordered,
    replace,
    running,
    set_item,
    turn_of,
)
from floor.domain.timer import new_timer


def strike(m: Meeting, now: int, why: str, events: list[Event]) -> tuple[Meeting, Hand]:
    """Take the current turn off the record (kept, marked, among the struck turns)."""
    floor = m.floor
    if floor is None:
        raise DomainError(Refusal.NO_CURRENT_SPEAKER)
    turn = turn_of(floor, now, struck=why)
    events.append(Event("turn_struck", now, {"participant_id": turn.participant_id, "why": why}))
    m = replace(m, floor=None, struck=(*m.struck, turn))
    return drop_questions(m, now, events), floor.hand


def _put_back(m: Meeting, cmd: c.PutBack, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    events: list[Event] = []
    m, hand = strike(m, now, "put_back", events)
    item = m.items[index]
    back = replace(hand, pinned=True, put_back=True)
    return reordered(m, index, [back, *item.speakers]), events


def _defer(m: Meeting, cmd: c.DeferTurn, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    events: list[Event] = []
    called_at = m.floor.started_at if m.floor is not None else now
    m, hand = strike(m, now, "deferred", events)
    item = m.items[index]
    back = replace(hand, pinned=True, deferred_at=called_at)
    events.append(Event("hand_deferred", now, {"participant_id": hand.participant_id}))
    return reordered(m, index, [back, *item.speakers]), events


def _back(m: Meeting, cmd: c.Back, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    pid = actor.participant_id
    mine = [h for h in item.speakers if h.participant_id == pid and h.deferred_at is not None]
    if not mine:
        raise DomainError(Refusal.NOT_DEFERRED)
    rest = [replace(h, deferred_at=None) if h in mine else h for h in item.speakers]
    return reordered(m, index, rest), [Event("hand_back", now, {"participant_id": pid})]


def _withdraw(m: Meeting, cmd: c.WithdrawSpeaker, actor: c.Actor, now: int) -> Result:
    running(m)
    events: list[Event] = []
    m, _ = strike(m, now, "withdrawn", events)
    return reorder_current(m), events


def _set_kind(m: Meeting, cmd: c.SetHandKind, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    hand = find_entry(item, cmd.hand_id)
    if hand.kind is cmd.kind:
        raise DomainError(Refusal.SAME_KIND, kind=KIND_LABELS[cmd.kind].lower())
    if cmd.kind is HandKind.QUESTION:
        _question_allowed(m, hand.participant_id)
    changed = replace(hand, kind=cmd.kind, pinned=False, put_back=False)
    rest = [changed if h.id == hand.id else h for h in item.speakers]
    data = {"hand_id": hand.id, "from": hand.kind.value, "to": cmd.kind.value}
    return reordered(m, index, rest), [Event("hand_kind_changed", now, data)]


def _clear(m: Meeting, cmd: c.ClearList, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    if not item.speakers:
        raise DomainError(Refusal.QUEUE_EMPTY)
    m = set_item(m, index, replace(item, speakers=()))
    return m, [Event("list_cleared", now, {"removed": len(item.speakers)})]


def _question_allowed(m: Meeting, pid: str) -> None:
    if m.floor is None:
        raise DomainError(Refusal.QUESTION_NEEDS_SPEAKER)
    if m.floor.hand.participant_id == pid:
        raise DomainError(Refusal.QUESTION_TO_SELF)


def put_question(m: Meeting, hand: Hand, now: int, events: list[Event]) -> Meeting:
    """The chair allows an interposed question: the speaker's clock waits for it."""
    index, item = running(m)
    floor = m.floor
    if floor is None:
        raise DomainError(Refusal.QUESTION_NEEDS_SPEAKER)
    if floor.question is not None:
        raise DomainError(Refusal.QUESTION_ALREADY)
    timer = new_timer(kind_limit(m, item, HandKind.QUESTION) * 1000).start(now)
    floor = replace(floor.pause(now), question=Interjection(hand, now, timer))
    events.append(Event("question_started", now, {"participant_id": hand.participant_id}))
    rest = [h for h in item.speakers if h.id != hand.id]
    return reordered(replace(m, floor=floor), index, rest)


def _end_question(m: Meeting, cmd: c.EndQuestion, actor: c.Actor, now: int) -> Result:
    running(m)
    if m.floor is None or m.floor.question is None:
        raise DomainError(Refusal.NO_QUESTION)
    m = replace(m, floor=end_question(m.floor, now))
    return m, [Event("question_ended", now)]


def _kind_limits(m: Meeting, cmd: c.SetKindLimits, actor: c.Actor, now: int) -> Result:
    limits = {
        HandKind.REPLY: cmd.reply,
        HandKind.ORDER: cmd.order,
        HandKind.RIGHT_OF_REPLY: cmd.right_of_reply,
        HandKind.QUESTION: cmd.question,
    }
    event = Event("kind_limits_set", now, {"item_id": cmd.item_id})
    if not cmd.item_id:
        return replace(m, kind_limits=limits), [event]
    index = m.item_index(cmd.item_id)
    if index is None:
        raise DomainError(Refusal.NO_SUCH_ITEM)
    return set_item(m, index, replace(m.items[index], kind_limits=limits)), [event]


def _set_budget(m: Meeting, cmd: c.SetBudget, actor: c.Actor, now: int) -> Result:
    if cmd.item_id:
        index = m.item_index(cmd.item_id)
        if index is None:
            raise DomainError(Refusal.NO_SUCH_ITEM)
    else:
        index, _ = running(m)
    groups = [*m.regions, *(k.name for k in m.categories)]
    if cmd.group not in groups:
        raise DomainError(Refusal.UNKNOWN_BUDGET_GROUP, choices=", ".join(groups) or "none")
    item = m.items[index]
    budgets = {g: s for g, s in item.budgets.items() if g != cmd.group}
    if cmd.seconds:
        budgets[cmd.group] = cmd.seconds
    m = set_item(m, index, replace(item, budgets=budgets))
    data = {"item_id": item.id, "group": cmd.group, "seconds": cmd.seconds}
    return m, [Event("budget_set", now, data)]


def known_category(m: Meeting, category: str) -> str:
    names = [cat.name for cat in m.categories]
    if category and category not in names:
        raise DomainError(Refusal.UNKNOWN_CATEGORY, choices=", ".join(names) or "none defined")
    return category


def _person(m: Meeting, pid: str) -> Any:
    person = m.participants.get(pid)
    if person is None:
        raise DomainError(Refusal.NO_SUCH_PARTICIPANT)
    return person


def _set_category(m: Meeting, cmd: c.SetCategory, actor: c.Actor, now: int) -> Result:
    person = _person(m, cmd.participant_id)
    person = replace(person, category=known_category(m, cmd.category))
    m = replace(m, participants={**m.participants, person.id: person})
    data = {"participant_id": person.id, "category": cmd.category}
    return reorder_current(m), [Event("category_set", now, data)]


def _set_present(m: Meeting, cmd: c.SetPresent, actor: c.Actor, now: int) -> Result:
    person = replace(_person(m, cmd.participant_id), present=cmd.present)
    m = replace(m, participants={**m.participants, person.id: person})
    kind = "checked_in" if cmd.present else "checked_out"
    return m, [Event(kind, now, {"participant_id": person.id})]


def _stop_introductions(m: Meeting, cmd: c.StopIntroductions, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    round_ = item.intro_round
    if round_ is None or round_.stopped or not any(h.intro for h in item.speakers):
        raise DomainError(Refusal.NO_INTRODUCTIONS_RUNNING)
    rest = [h for h in item.speakers if not h.intro]
    item = replace(item, intro_round=replace(round_, stopped=True))
    m = set_item(m, index, item)
    left = len(m.items[index].speakers) - len(rest)
    return reordered(m, index, rest), [Event("introductions_stopped", now, {"left": left})]


def _nudge(m: Meeting, cmd: c.Nudge, actor: c.Actor, now: int) -> Result:
    running(m)
    if m.floor is None:
        raise DomainError(Refusal.NO_CURRENT_SPEAKER)
    m = replace(m, floor=replace(m.floor, nudge=cmd.what, nudged_at=now))
    return m, [Event("nudged", now, {"what": cmd.what})]


PROCEDURE_HANDLERS: dict[type[c.Command], Callable[[Meeting, Any, c.Actor, int], Result]] = {
    c.PutBack: _put_back,
    c.DeferTurn: _defer,
    c.Back: _back,
    c.WithdrawSpeaker: _withdraw,
    c.SetHandKind: _set_kind,
    c.ClearList: _clear,
    c.EndQuestion: _end_question,
    c.SetKindLimits: _kind_limits,
    c.SetBudget: _set_budget,
    c.SetCategory: _set_category,
    c.SetPresent: _set_present,
    c.StopIntroductions: _stop_introductions,
    c.Nudge: _nudge,
}
