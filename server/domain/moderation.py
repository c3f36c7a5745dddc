"""The chair against abuse of the list of speakers: hands removed in bulk, people
blocked, and what is taken while the list is closed.

With the list closed, 100 fresh pages each raised a point of order in 1.5 s
and pushed the real speaker to #101. Three answers, each a rule here: a person
asks for at most one point of order and one right of reply per item while the
list is closed; the chair can refuse both altogether on the item while it is
closed; and the chair (or the secretariat) takes any number of hands off in
one command, blocking the people who raised them if need be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import AgendaItem, HandKind, Meeting, PointRaised
from floor.domain.steps import Event, Result, reordered, replace, running, set_item

# What a closed list still takes from a participant: once each per person and item.
TAKEN_WHILE_CLOSED = {
    HandKind.ORDER: Refusal.ORDER_ONCE_WHILE_CLOSED,
    HandKind.RIGHT_OF_REPLY: Refusal.REPLY_ONCE_WHILE_CLOSED,
}


def check_closed_list(item: AgendaItem, pid: str, kind: HandKind) -> AgendaItem:
    """A participant's hand on a closed list: refused unless it is a point of order or
    a right of reply that the chair takes and the person has not asked for yet on this
    item; the item with the request counted. A list that is open takes any hand."""
    if item.list_open or kind is HandKind.QUESTION:
        return item
    once = TAKEN_WHILE_CLOSED.get(kind)
    if once is None:
        raise DomainError(Refusal.QUEUE_CLOSED)
    if not item.closed_points:
        raise DomainError(Refusal.CLOSED_POINTS_REFUSED)
    if any(r.participant_id == pid and r.kind is kind for r in item.raised_while_closed):
        raise DomainError(once)
    raised = PointRaised(participant_id=pid, kind=kind)
    return replace(item, raised_while_closed=(*item.raised_while_closed, raised))


def _remove_hands(m: Meeting, cmd: c.RemoveHands, actor: c.Actor, now: int) -> Result:
    """One command and one event for the whole selection; hands gone meanwhile (called,
    lowered) are passed over, and only a selection of which none is left is refused."""
    index, item = running(m)
    chosen = set(cmd.hand_ids)
    gone = [h for h in item.speakers if h.id in chosen]
    if not gone:
        raise DomainError(Refusal.HANDS_GONE)
    people = list(dict.fromkeys(h.participant_id for h in gone))
    if cmd.block:
        m = _block(m, people)
        item = m.items[index]
    rest = [h for h in item.speakers if h.id not in chosen]
    data = {"participant_ids": people, "removed": len(gone), "blocked": cmd.block}
    return reordered(m, index, rest), [Event("hands_removed", now, data)]


def _block(m: Meeting, pids: list[str]) -> Meeting:
    """Block `pids`, and take every hand of theirs off every item's list."""
    new = [pid for pid in pids if pid not in m.blocked]
    m = replace(m, blocked=(*m.blocked, *new))
    out = set(pids)
    for index, item in enumerate(m.items):
        if any(h.participant_id in out for h in item.speakers):
            rest = [h for h in item.speakers if h.participant_id not in out]
            if index == m.current:
                m = reordered(m, index, rest)
            else:
                m = set_item(m, index, replace(item, speakers=tuple(rest)))
    return m


def _block_participant(m: Meeting, cmd: c.BlockParticipant, actor: c.Actor, now: int) -> Result:
    person = m.participants.get(cmd.participant_id)
    if person is None:
        raise DomainError(Refusal.NO_SUCH_PARTICIPANT)
    blocked = person.id in m.blocked
    if cmd.blocked:
        if blocked:
            raise DomainError(Refusal.ALREADY_BLOCKED, name=person.name)
        return _block(m, [person.id]), [
            Event("participant_blocked", now, {"participant_id": person.id})
        ]
    if not blocked:
        raise DomainError(Refusal.NOT_BLOCKED, name=person.name)
    m = replace(m, blocked=tuple(pid for pid in m.blocked if pid != person.id))
    return m, [Event("participant_unblocked", now, {"participant_id": person.id})]


def _closed_points(m: Meeting, cmd: c.SetClosedPoints, actor: c.Actor, now: int) -> Result:
    index, item = running(m)
    m = set_item(m, index, replace(item, closed_points=cmd.allowed))
    return m, [Event("closed_points_set", now, {"item_id": item.id, "allowed": cmd.allowed})]


MODERATION_HANDLERS: dict[type[c.Command], Callable[[Meeting, Any, c.Actor, int], Result]] = {
    c.RemoveHands: _remove_hands,
    c.BlockParticipant: _block_participant,
    c.SetClosedPoints: _closed_points,
}
