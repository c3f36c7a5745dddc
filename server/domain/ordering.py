"""Speaker-queue ordering: who speaks next, and why.

Interposed questions to the current speaker come first, then points of
order, then direct replies, then pre-booked interventions and the
introductions round, then the meeting's speaker categories in their order of
precedence (the policy applies within each), and rights of reply wait to the
end of the list. A hand the chair moved by hand is pinned: it keeps its place
and the rest flow around it. Each hand gets a `reason` a person can read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import msgspec

from floor.domain import names
from floor.domain.model import Hand, HandKind, Meeting, Participant, Policy


@dataclass(frozen=True)
class Context:
    """What ordering needs to know beyond the hands themselves."""

    participants: dict[str, Participant]
    spoken: set[str]
    last: Participant | None  # whoever spoke last on this item
    categories: tuple[str, ...] = ()  # in order of precedence
    meeting: Meeting | None = None  # for the policies that weigh what has been heard
    item_id: str = ""
    ahead: tuple[Participant, ...] = ()  # placed by the chair at the head of the list

    def tally(self, group_of: Callable[[Participant], str], *, item_only: bool) -> Tally:
        """Turns, speaking time and hands raised so far, per group."""
        tally = Tally()
        m = self.meeting
        if m is None:
            return tally
        for turn in m.turns:
            if item_only and turn.item_id != self.item_id:
                continue
            person = self.participants.get(turn.participant_id)
            key = group_of(person) if person else "unknown"
            tally.turns[key] = tally.turns.get(key, 0) + 1
            tally.time[key] = tally.time.get(key, 0) + turn.duration
        for hand in m.raised_hands:
            if item_only and hand.item_id != self.item_id:
                continue
            person = self.participants.get(hand.participant_id)
            key = group_of(person) if person else "unknown"
            tally.hands[key] = tally.hands.get(key, 0) + 1
        # Those the chair placed at the head will speak first: counted as heard.
        for person in self.ahead:
            key = group_of(person)
            tally.turns[key] = tally.turns.get(key, 0) + 1
            tally.time[key] = tally.time.get(key, 0) + _expected_turn(self)
        return tally


@dataclass
class Tally:
    turns: dict[str, int] = field(default_factory=dict)
    time: dict[str, int] = field(default_factory=dict)  # ms
    hands: dict[str, int] = field(default_factory=dict)


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
        categories=tuple(category.name for category in meeting.categories),
        meeting=meeting,
        item_id=item_id,
    )


def order(hands: Sequence[Hand], policy: Policy, ctx: Context) -> tuple[Hand, ...]:
    """The queue in speaking order, each hand with its reason."""
    free = [e for e in hands if not e.pinned]
    if len(free) == len(hands):
        return tuple(_rank(free, policy, ctx))
    head = []
    for hand in hands:
        if not hand.pinned:
            break
        if hand.participant_id in ctx.participants:
            head.append(ctx.participants[hand.participant_id])
    if head:
        ctx = replace(ctx, last=head[-1], ahead=tuple(head))
    slots: list[Hand | None] = [None] * len(hands)
    for index, hand in enumerate(hands):
        if hand.pinned:
            why = "put back on the list by the chair" if hand.put_back else _MOVED
            slots[index] = _with_reason(hand, why)
    ranked = iter(_rank(free, policy, ctx))
    for index, slot in enumerate(slots):
        if slot is None:
            slots[index] = next(ranked)
    return tuple(e for e in slots if e is not None)


_MOVED = "moved here by the chair"


def _rank(hands: list[Hand], policy: Policy, ctx: Context) -> list[Hand]:
    """One pass sorts the hands (in raise order) into the groups that go first."""
    questions: list[Hand] = []
    orders: list[Hand] = []
    replies: list[Hand] = []
    booked: list[Hand] = []
    intro: list[Hand] = []
    rest: list[Hand] = []
    last: list[Hand] = []
    for e in sorted(hands, key=_raised):
        if e.kind is HandKind.QUESTION:
            questions.append(e)
        elif e.kind is HandKind.ORDER:
            orders.append(e)
        elif e.kind is HandKind.REPLY:
            replies.append(e)
        elif e.kind is HandKind.RIGHT_OF_REPLY:
            last.append(e)
        elif e.booked:
            booked.append(e)
        elif e.intro:
            intro.append(e)
        else:
            rest.append(e)
    return [
        *_all_with_reason(questions, "interposed question to the current speaker"),
        *_all_with_reason(orders, "point of order"),
        *_all_with_reason(replies, "direct reply"),
        *_all_with_reason(booked, "pre-booked intervention"),
        *_all_with_reason(intro, "introductions round"),
        *_by_category(rest, policy, ctx),
        *_all_with_reason(last, "right of reply: at the end of the list"),
    ]


def _by_category(hands: list[Hand], policy: Policy, ctx: Context) -> list[Hand]:
    """The categories in their order of precedence, the policy within each."""
    if not ctx.categories:
        return _by_policy(hands, policy, ctx)
    rank = {name: i for i, name in enumerate(ctx.categories)}
    groups: dict[int, list[Hand]] = {}
    for hand in hands:
        person = ctx.participants.get(hand.participant_id)
        key = rank.get(person.category, len(rank)) if person else len(rank)
        groups.setdefault(key, []).append(hand)
    if len(groups) < 2:
        return _by_policy(hands, policy, ctx)
    result: list[Hand] = []
    for key in sorted(groups):
        ordered = _by_policy(groups[key], policy, ctx)
        if key < len(rank):
            head = f"{ctx.categories[key]} (precedence {key + 1})"
        else:
            head = "no category: after the categories"
        result += [_with_reason(h, f"{head}; {h.reason}") for h in ordered]
    return result


def _raised(hand: Hand) -> int:
    return hand.id


def _by_policy(hands: list[Hand], policy: Policy, ctx: Context) -> list[Hand]:
    if policy is Policy.FIRST_TIME:
        return _first_time(hands, ctx)
    if policy is Policy.BALANCE_REGIONS:
        return _interleave(
            hands,
            ctx,
            lambda p: p.region or "no region",
            "balancing regions",
        )
    if policy is Policy.ALTERNATE:
        return _proportional(hands, ctx)
    if policy is Policy.BALANCE_TIME:
        return _balance_time(hands, ctx)
    return _all_with_reason(hands, "in order of hands raised")


def _first_time(hands: list[Hand], ctx: Context) -> list[Hand]:
    """Those who have not spoken in this meeting first, each part in raise order.

    A newcomer whose name is identical or confusable with that of someone present
    who joined earlier and has spoken is no first-time speaker to the room: it has
    heard that name already and cannot tell the two apart. Being new must not buy a
    place ahead (a second browser under "Ana Lima" jumped from #4 to #1): such a
    hand waits with those who have spoken, in raise order, and the chair sees it
    flagged "looks like ...". Whoever joined first keeps their place whatever a
    look-alike who joined later does.
    """
    new = [e for e in hands if e.participant_id not in ctx.spoken]
    heard = names.heard_alike(ctx.participants, ctx.spoken, (e.participant_id for e in new))
    first = [e for e in new if e.participant_id not in heard]
    firsts = {e.id for e in first}
    later = [
        _with_reason(e, _LOOKS_HEARD if e.participant_id in heard else _SPOKEN)
        for e in hands if e.id not in firsts
    ]
    return _all_with_reason(first, "first-time speaker") + later


_SPOKEN = "has spoken before; first-time speakers go ahead"
_LOOKS_HEARD = "looks like a name already heard; first-time speakers go ahead"


def _lines(
    hands: Iterable[Hand], ctx: Context, group_of: Callable[[Participant], str]
) -> dict[str, deque[Hand]]:
    lines: dict[str, deque[Hand]] = {}
    for hand in hands:  # already in raise order
        person = ctx.participants.get(hand.participant_id)
        lines.setdefault(group_of(person) if person else "unknown", deque()).append(hand)
    return lines


def _side(person: Participant) -> str:
    return person.side


def _proportional(hands: list[Hand], ctx: Context) -> list[Hand]:
    """Room and remote in proportion to the hands each side has raised in the meeting:
    the next turn goes to the side furthest behind its share of the turns (on a tie, the
    side that did not speak last, then the earlier hand)."""
    lines = _lines(hands, ctx, _side)
    tally = ctx.tally(_side, item_only=False) if len(lines) > 1 else Tally()
    turns = dict(tally.turns)
    total_hands = sum(tally.hands.values())
    previous = ctx.last.side if ctx.last else None
    result: list[Hand] = []
    while lines:
        if len(lines) == 1:
            side = next(iter(lines))
            why = f"only {_SIDE_NAMES[side]} hands are waiting"
        else:
            total = sum(turns.values()) + 1
            side = min(
                lines,
                key=lambda g: (
                    round(turns.get(g, 0) - _share(tally, g, total_hands) * total, 6),  # noqa: B023
                    g == previous,  # noqa: B023
                    lines[g][0].id,  # noqa: B023
                ),
            )
            why = f"{_SIDE_NAMES[side]}: turns in proportion to hands raised, room and remote"
        pick = lines[side].popleft()
        if not lines[side]:
            del lines[side]
        result.append(_with_reason(pick, why))
        turns[side] = turns.get(side, 0) + 1
        previous = side
    return result


def _share(tally: Tally, group: str, total: int) -> float:
    """The group's share of the hands raised; equal shares before any hand."""
    return tally.hands.get(group, 0) / total if total else 0.5


_SIDE_NAMES = {"room": "in the room", "remote": "remote", "unknown": "unknown"}


def _region(person: Participant) -> str:
    return person.region or "no region"


def _balance_time(hands: list[Hand], ctx: Context) -> list[Hand]:
    """The next hand from the region with the least speaking time so far on this item
    for the hands it has raised (the earlier hand on a tie)."""
    lines = _lines(hands, ctx, _region)
    if len(lines) < 2:
        return _all_with_reason(hands, "in order of hands raised")
    tally = ctx.tally(_region, item_only=True)
    time = dict(tally.time)
    limit = _expected_turn(ctx)
    result: list[Hand] = []
    while lines:

        region = min(
            lines,
            key=lambda g: (
                time.get(g, 0) / max(1, tally.hands.get(g, 0)),  # noqa: B023
                lines[g][0].id,  # noqa: B023
            ),
        )
        pick = lines[region].popleft()
        if not lines[region]:
            del lines[region]
        result.append(_with_reason(pick, f"{region}: least speaking time on this item"))
        time[region] = time.get(region, 0) + limit
    return result


def _expected_turn(ctx: Context) -> int:
    """The length a waiting turn is counted at when ordering ahead: the item's time."""
    m = ctx.meeting
    if m is not None:
        for item in m.items:
            if item.id == ctx.item_id:
                return item.speaker_limit * 1000
    return 180_000


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
