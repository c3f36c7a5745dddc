"""Speaker-queue ordering: who speaks next, and why.

Points of order come first, then direct replies, then pre-booked
interventions and the introductions round, then the meeting's policy. An
hand the chair moved by hand is pinned: it keeps its place and the rest flow
around it. Each hand gets a `reason` a person can read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import msgspec
from floor.domain.model import Hand, HandKind, Meeting, Participant, Policy


@dataclass(frozen=True)
class Context:
    """What ordering needs to know beyond the hands themselves."""

    participants: dict[str, Participant]
    spoken: set[str]
    last: Participant | None  # whoever spoke last on this item


def context_for(meeting: Meeting, item_id: str) -> Context:
    last: str | None = None
    if meeting.floor is not None and meeting.floor.item_id == item_id:
        last = meeting.floor.hand.participant_id
    else:
        for turn in reversed(meeting.turns):
            if turn.item_id == item_id:
                last = turn.participant_id
                break
    return Context(
        participants=meeting.participants,
        spoken=meeting.spoken(),
        last=meeting.participants.get(last) if last else None,
    )


def order(hands: Sequence[Hand], policy: Policy, ctx: Context) -> tuple[Hand, ...]:
    """The queue in speaking order, each hand with its reason."""
    free = [e for e in hands if not e.pinned]
    if len(free) == len(hands):
        return tuple(_rank(free, policy, ctx))
    slots: list[Hand | None] = [None] * len(hands)
    for index, hand in enumerate(hands):
        if hand.pinned:
            slots[index] = _with_reason(hand, "moved here by the chair")
    ranked = iter(_rank(free, policy, ctx))
    for index, slot in enumerate(slots):
        if slot is None:
            slots[index] = next(ranked)
    return tuple(e for e in slots if e is not None)


def _rank(hands: list[Hand], policy: Policy, ctx: Context) -> list[Hand]:
    """One pass sorts the hands (in raise order) into the groups that go first."""
    orders: list[Hand] = []
    replies: list[Hand] = []
    booked: list[Hand] = []
    intro: list[Hand] = []
    rest: list[Hand] = []
    for e in sorted(hands, key=_raised):
        if e.kind is HandKind.ORDER:
            orders.append(e)
        elif e.kind is HandKind.REPLY:
            replies.append(e)
        elif e.booked:
            booked.append(e)
        elif e.intro:
            intro.append(e)
        else:
            rest.append(e)
    return [
        *_all_with_reason(orders, "point of order"),
        *_all_with_reason(replies, "direct reply"),
        *_all_with_reason(booked, "pre-booked intervention"),
        *_all_with_reason(intro, "introductions round"),
        *_by_policy(rest, policy, ctx),
    ]


def _raised(hand: Hand) -> int:
    return hand.id


def _by_policy(hands: list[Hand], policy: Policy, ctx: Context) -> list[Hand]:
    if policy is Policy.FIRST_TIME:
        first = [e for e in hands if e.participant_id not in ctx.spoken]
        again = [e for e in hands if e.participant_id in ctx.spoken]
        return _all_with_reason(first, "first-time speaker") + _all_with_reason(
            again, "has spoken before; first-time speakers go ahead"
        )
    if policy is Policy.BALANCE_REGIONS:
        return _interleave(
            hands,
            ctx,
            lambda p: p.region or "no region",
            "balancing regions",
        )
    if policy is Policy.ALTERNATE:
        return _interleave(
            hands, ctx, lambda p: p.side, "alternating room and remote"
        )
    return _all_with_reason(hands, "in order of hands raised")


def _interleave(
    hands: Iterable[Hand],
    ctx: Context,
    group_of: Callable[[Participant], str],
    aim: str,
) -> list[Hand]:
    """Take the earliest hand from a group other than the previous speaker's.

    Hands wait in one line per group (in raise order), so each pick looks at
    the few lines' first hands, not at every waiting hand.
    """
    lines: dict[str, deque[Hand]] = {}
    for hand in hands:  # already in raise order
        person = ctx.participants.get(hand.participant_id)
        lines.setdefault(group_of(person) if person else "unknown", deque()).append(hand)
    result: list[Hand] = []
    previous = group_of(ctx.last) if ctx.last else None
    while lines:
        others = [g for g in lines if g != previous]
        if others:
            group = min(others, key=lambda g: lines[g][0].id)
            why = f"{group} after {previous}: {aim}" if previous else "in order of hands raised"
        else:
            group = next(iter(lines))
            why = f"only {group} hands are waiting"
        pick = lines[group].popleft()
        if not lines[group]:
            del lines[group]
        result.append(_with_reason(pick, why))
        previous = group
    return result


def _all_with_reason(hands: list[Hand], reason: str) -> list[Hand]:
    return [e if e.reason == reason else msgspec.structs.replace(e, reason=reason) for e in hands]


def _with_reason(hand: Hand, reason: str) -> Hand:
    if hand.reason == reason:
        return hand
    return msgspec.structs.replace(hand, reason=reason)
