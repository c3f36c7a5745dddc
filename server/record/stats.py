"""Speaking-time statistics: who got the floor, against who asked for it.

Turns and speaking time by region, by attendance (room, remote, phone), by
organization and by first-time against repeat speakers, each next to the
hands raised by the same group. A fold over finished turns and every hand
raised (a hand the chair added for a phone caller counts too); introductions
and pre-booked interventions are turns without a hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from floor.domain.model import ATTENDANCE_LABELS, Attendance, Meeting, Participant
from floor.domain.text import N_
from floor.record.minutes import person_of

NO_REGION = N_("No region given")
NO_ORGANIZATION = N_("No organization given")
TOP_ORGANIZATIONS = 8
OTHERS = "(others)"


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    turns: int
    time: int  # ms
    hands: int
    heard: int  # hands that were followed by the person's turn on the same item
    speakers: int  # distinct people who spoke
    turn_share: float  # of all turns, 0..1
    time_share: float
    hand_share: float


@dataclass(frozen=True)
class Breakdown:
    title: str
    groups: tuple[Group, ...]

    def group(self, key: str) -> Group:
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(key)


@dataclass(frozen=True)
class Stats:
    turns: int
    time: int  # ms of speaking: pauses are not counted
    paused: int  # ms the speakers' clocks stood still inside turns
    hands: int
    heard: int
    speakers: int
    by_region: Breakdown
    by_attendance: Breakdown
    by_side: Breakdown  # room against remote (the phone line counts as remote)
    by_organization: Breakdown
    by_experience: Breakdown  # first-time against repeat speakers

    @property
    def breakdowns(self) -> tuple[Breakdown, ...]:
        return (
            self.by_region,
            self.by_attendance,
            self.by_organization,
            self.by_experience,
        )


@dataclass(frozen=True)
class _Mark:
    """One turn or hand, reduced to what grouping needs."""

    person: Participant
    first: bool  # a first turn, or a hand raised before the person had spoken
    time: int = 0
    heard: bool = False


def fold(meeting: Meeting) -> Stats:
    turns, hands = _marks(meeting)

    def breakdown(
        title: str,
        key_of: Callable[[_Mark], str],
        order: Iterable[tuple[str, str]],
        *,
        extra_label: Callable[[str], str] = lambda key: key,
    ) -> Breakdown:
        return _breakdown(title, turns, hands, key_of, list(order), extra_label)

    regions = [(r, r) for r in meeting.regions]
    sides = [("room", N_("In the room")), ("remote", N_("Remote and phone"))]
    return Stats(
        turns=len(turns),
        time=sum(t.time for t in turns),
        paused=sum(t.paused for t in meeting.turns),
        hands=len(hands),
        heard=sum(1 for h in hands if h.heard),
        speakers=len({t.person.id for t in turns}),
        by_region=breakdown(
            N_("Region"),
            lambda m: m.person.region,
            regions,
            extra_label=lambda key: key or NO_REGION,
        ),
        by_attendance=breakdown(
            N_("Attendance"),
            lambda m: m.person.attendance.value,
            [(a.value, ATTENDANCE_LABELS[a]) for a in Attendance],
        ),
        by_side=breakdown(N_("Room and remote"), lambda m: m.person.side, sides),
        by_organization=_by_organization(turns, hands),
        by_experience=breakdown(
            N_("First-time and repeat speakers"),
            lambda m: "first" if m.first else "repeat",
            [("first", N_("First turn")), ("repeat", N_("Repeat turn"))],
        ),
    )


def _marks(meeting: Meeting) -> tuple[list[_Mark], list[_Mark]]:
    """Turns and hands; each turn is matched to the latest unmatched hand before it."""
    first_turn: dict[str, int] = {}
    for turn in meeting.turns:
        first_turn.setdefault(turn.participant_id, turn.started_at)
    waiting: dict[tuple[str, str], list[int]] = defaultdict(list)  # hand indexes
    for index, hand in enumerate(meeting.raised_hands):
        waiting[hand.participant_id, hand.item_id].append(index)
    heard: set[int] = set()
    seen: set[str] = set()
    turns = []
    for turn in meeting.turns:
        pending = waiting[turn.participant_id, turn.item_id]
        earlier = [i for i in pending if meeting.raised_hands[i].at <= turn.started_at]
        if earlier:
            heard.add(earlier[-1])
            pending.remove(earlier[-1])
        first = turn.participant_id not in seen
        seen.add(turn.participant_id)
        person = person_of(meeting, turn.participant_id)
        turns.append(_Mark(person, first, time=turn.duration))
    hands = []
    for index, hand in enumerate(meeting.raised_hands):
        spoke_at = first_turn.get(hand.participant_id)
        hands.append(
            _Mark(
                person_of(meeting, hand.participant_id),
                first=spoke_at is None or hand.at <= spoke_at,
                heard=index in heard,
            )
        )
    return turns, hands


def _breakdown(
    title: str,
    turns: list[_Mark],
    hands: list[_Mark],
    key_of: Callable[[_Mark], str],
    order: list[tuple[str, str]],
    label_of: Callable[[str], str],
) -> Breakdown:
    labels = dict(order)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # turns, ms, hands, heard
    speakers: dict[str, set[str]] = defaultdict(set)
    for mark in turns:
        key = key_of(mark)
        tally[key][0] += 1
        tally[key][1] += mark.time
        speakers[key].add(mark.person.id)
    for mark in hands:
        key = key_of(mark)
        tally[key][2] += 1
        tally[key][3] += mark.heard
    for key in tally:
        if key not in labels:
            labels[key] = label_of(key)
    total_turns, total_hands = len(turns), len(hands)
    total_time = sum(t.time for t in turns)
    groups = []
    for key, label in labels.items():
        count, time, raised, heard = tally.get(key, (0, 0, 0, 0))
        groups.append(
            Group(
                key=key,
                label=label,
                turns=count,
                time=time,
                hands=raised,
                heard=heard,
                speakers=len(speakers.get(key, ())),
                turn_share=_share(count, total_turns),
                time_share=_share(time, total_time),
                hand_share=_share(raised, total_hands),
            )
        )
    return Breakdown(title, tuple(groups))


def _by_organization(turns: list[_Mark], hands: list[_Mark]) -> Breakdown:
    """The organizations with the most speaking time, the rest together."""
    names: dict[str, str] = {}
    time: dict[str, int] = defaultdict(int)
    for mark in (*turns, *hands):
        key = mark.person.organization.strip().casefold()
        names.setdefault(key, mark.person.organization.strip() or NO_ORGANIZATION)
        time[key] += mark.time
    ranked = sorted(names, key=lambda k: (-time[k], names[k].casefold()))
    top = set(ranked[:TOP_ORGANIZATIONS])
    rest = len(ranked) - len(top)
    others = f"{rest} other organization{'s' if rest != 1 else ''}"

    def key_of(mark: _Mark) -> str:
        key = mark.person.organization.strip().casefold()
        return key if key in top else OTHERS

    order = [(k, names[k]) for k in ranked[:TOP_ORGANIZATIONS]]
    if rest:
        order.append((OTHERS, others))
    return _breakdown(N_("Organization"), turns, hands, key_of, order, lambda key: key)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
