"""A replay of the reference meeting through the pure core, with explicit times.

Forty simulated participants across the six regions, 40% of them remote
(twelve on the web, four on the phone line), live through the agenda of
17 April 2017: they register during "Entrance and Registration", introduce
themselves, raise hands during the presentations and discussions, give up
on a long wait now and then, and speak for a random share of the time
allowed. The chair calls the next speaker a few seconds after each turn,
lets the four booked interventions go first, and moves on at each item's
planned end. Everything is drawn from one seeded random generator, so a
replay is the same every time.

The replay keeps its own ledger of the turns it gave and the hands it
raised, independent of the meeting's record, to check the minutes against.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.meeting import apply
from floor.domain.model import Attendance, Meeting, Participant, Policy

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
SECOND = 1_000
MINUTE = 60 * SECOND
T0 = 1_492_452_000_000  # 17 April 2017, 2:00pm in New York
CHAIR = c.Actor(c.Role.CHAIR)

REGION_SIZES = {
    "Africa": 8,
    "Asia": 8,
    "Europe": 7,
    "Latin America": 7,
    "Middle-East": 4,
    "North America": 6,
}
ORGANIZATIONS = [
    "ICMC", "MFA", "NGO Committee on Migration", "IMUMI", "PICUM", "Caritas",
    "Migrant Rights Centre", "Women in Migration Network", "Diaspora Forum", "CLACSO",
]
# How long after an item opens its presentation ends and the chair opens the floor.
PRESENTATION = {"i2": 8 * MINUTE, "i4": 20 * MINUTE, "i5": 10 * MINUTE, "i7": 5 * MINUTE}
HAND_RATE = 0.022  # hands a person raises per minute of an item, when not waiting
GIVE_UP = 0.25  # the chance that a raised hand is lowered after a long wait


@dataclass(frozen=True)
class Person:
    pid: str
    name: str
    organization: str
    region: str
    attendance: Attendance

    @property
    def remote(self) -> bool:
        return self.attendance is not Attendance.ROOM


@dataclass(frozen=True)
class Given:
    """A turn the replay gave, as the replay saw it."""

    participant_id: str
    item_id: str
    started_at: int
    ended_at: int

    @property
    def duration(self) -> int:
        return self.ended_at - self.started_at


@dataclass(frozen=True)
class Call:
    """What the queue held when the chair called a raised hand."""

    item_id: str
    called: str  # participant id
    previous: str | None  # whoever spoke before on this item
    waiting_regions: frozenset[str]  # regions with a raised hand up, the called one included


def people(rng: random.Random) -> list[Person]:
    regions = [region for region, size in REGION_SIZES.items() for _ in range(size)]
    remote = rng.sample(range(len(regions)), 16)
    web, phone = set(remote[:12]), set(remote[12:])
    result = []
    for number, region in enumerate(regions):
        attendance = (
            Attendance.REMOTE if number in web
            else Attendance.PHONE if number in phone
            else Attendance.ROOM
        )
        result.append(
            Person(
                pid=f"p{number + 1:02d}",
                name=f"Participant {number + 1}",
                organization=rng.choice(ORGANIZATIONS),
                region=region,
                attendance=attendance,
            )
        )
    return result


@dataclass
class Replay:
    policy: Policy
    seed: int = 2017
    meeting: Meeting = field(init=False)
    now: int = T0
    given: list[Given] = field(default_factory=list)
    raised: list[tuple[str, str, int]] = field(default_factory=list)  # pid, item, at
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.people = people(self.rng)
        self.by_pid = {p.pid: p for p in self.people}
        data = yaml.safe_load(AGENDA.read_text(encoding="utf-8"))
        self.meeting = meeting_from_data(data)
        self._floor: tuple[str, str, int] | None = None  # pid, item, since

    # driving the core ------------------------------------------------------

    def chair(self, command: c.Command, at: int) -> None:
        self._apply(command, CHAIR, at)

    def _apply(self, command: c.Command, actor: c.Actor, at: int) -> None:
        assert at >= self.now, "the replay never goes back in time"
        self.meeting, _ = apply(self.meeting, command, actor, at)
        self.now = at

    def participant(self, pid: str, command: c.Command, at: int) -> None:
        self._apply(command, c.Actor(c.Role.PARTICIPANT, pid), at)

    def _end_turn(self, at: int) -> None:
        if self._floor is not None:
            pid, item_id, since = self._floor
            self.given.append(Given(pid, item_id, since, at))
            self._floor = None

    def _call_next(self, at: int) -> int:
        """Call the head of the queue; returns how long they will speak (ms)."""
        item = self.meeting.item
        assert item is not None and item.speakers
        head = item.speakers[0]
        if not head.intro and not head.booked:
            previous = next(
                (g.participant_id for g in reversed(self.given) if g.item_id == item.id), None
            )
            regions = frozenset(
                self.meeting.participants[e.participant_id].region
                for e in item.speakers
                if not e.intro and not e.booked
            )
            self.calls.append(Call(item.id, head.participant_id, previous, regions))
        self.chair(c.CallNext(), at)
        self._floor = (head.participant_id, item.id, at)
        limit = item.speaker_limit * SECOND
        if head.intro:
            return self.rng.randint(15, 40) * SECOND
        if head.booked:
            return self.rng.randint(240, 420) * SECOND
        return round(limit * self.rng.uniform(0.35, 1.1))

    # the meeting -------------------------------------------------------------

    def run(self) -> Replay:
        self.chair(c.StartMeeting(), T0)
        self.chair(c.SetPolicy(policy=self.policy), T0 + 5 * SECOND)
        self._registration()
        plan = {item.id: item for item in self.meeting.items}
        for item_id in ("i2", "i3", "i4", "i5", "i6", "i7"):
            item = plan[item_id]
            opens = T0 + (item.planned_start - 14 * 60) * MINUTE
            self.chair(c.GotoItem(item_id=item_id), max(self.now, opens))
            closes = opens + item.duration * MINUTE
            if item.introductions:
                self.chair(c.StartIntroductions(seconds=item.speaker_limit), self.now + MINUTE)
                self._discussion(item_id, self.now, closes, hands=False)
            else:
                floor_from = opens + PRESENTATION.get(item_id, 0)
                self._discussion(item_id, floor_from, closes, hands=True)
            if item_id == "i4":
                self.chair(c.AddNote(text="Thematic sessions: civil society asks for "
                                     "earlier notice of the modalities."), self.now)
            if item_id == "i7":
                self._next_steps()
        self.chair(c.EndMeeting(), max(self.now, T0 + 240 * MINUTE))
        return self

    def _registration(self) -> None:
        times = sorted(T0 + self.rng.randint(10, 14 * 60) * SECOND for _ in self.people)
        for person, at in zip(self.people, times, strict=True):
            self.participant(
                person.pid,
                c.Register(
                    name=person.name,
                    organization=person.organization,
                    region=person.region,
                    attendance=person.attendance,
                ),
                at,
            )

    def _next_steps(self) -> None:
        at = self.now
        for what, who, due in (
            ("Circulate the concept notes of the six regional consultations",
             "Colin Rajah", "1 May 2017"),
            ("Share the civil society interventions for the IDM workshop", "ICMC", "18 April"),
            ("Set up a monthly call of the regional focal points", "", "June 2017"),
        ):
            self.chair(c.AddAction(what=what, who=who, due=due), at)
        self.chair(c.AddNote(text="Next informal meeting in conjunction with the second IDM "
                             "workshop.\nTimeline to be circulated."), at)

    def _discussion(self, item_id: str, floor_from: int, closes: int, *, hands: bool) -> None:
        """Hands rise and fall; the chair gives the floor in the queue's order until `closes`."""
        events: list[tuple[int, int, str, str]] = []  # at, tie-break, what, who
        tie = count()
        last_call = closes - MINUTE  # no new speaker in the item's last minute
        if hands:
            for person in self.people:
                at = self.now
                while True:
                    at += round(self.rng.expovariate(HAND_RATE) * MINUTE)
                    if at >= last_call:
                        break
                    heapq.heappush(events, (at, next(tie), "raise", person.pid))
        heapq.heappush(events, (max(self.now, floor_from), next(tie), "chair", ""))
        speaking_until: int | None = None
        while events:
            at, _, what, who = heapq.heappop(events)
            if at >= closes:
                break
            item = self.meeting.item
            assert item is not None
            waiting = {e.participant_id for e in item.speakers}
            if what == "raise":
                speaking = self._floor is not None and self._floor[0] == who
                if who in waiting or speaking:
                    continue
                self.participant(who, c.RaiseHand(), at)
                self.raised.append((who, item_id, at))
                if self.rng.random() < GIVE_UP:
                    patience = round(self.rng.uniform(6, 15) * MINUTE)
                    heapq.heappush(events, (at + patience, next(tie), "lower", who))
            elif what == "lower":
                if who in waiting:
                    self.participant(who, c.LowerHand(), at)
            elif what == "finish":
                if speaking_until == at:
                    self._end_turn(at)
                    self.chair(c.FinishTurn(), at)
                    speaking_until = None
                    gap = self.rng.randint(3, 8) * SECOND
                    heapq.heappush(events, (at + gap, next(tie), "chair", ""))
            elif what == "chair":
                if speaking_until is not None:
                    continue
                if at < last_call and item.speakers:
                    length = self._call_next(at)
                    speaking_until = min(at + length, closes)
                    heapq.heappush(events, (speaking_until, next(tie), "finish", ""))
                elif at < last_call:
                    heapq.heappush(events, (at + 5 * SECOND, next(tie), "chair", ""))
        if self._floor is not None:
            self._end_turn(closes)
            self.chair(c.FinishTurn(), closes)
        self.now = max(self.now, closes)

    # what the replay knows, for the checks --------------------------------------

    def person(self, pid: str) -> Participant:
        return self.meeting.participants[pid]

    def summary(self) -> dict[str, Any]:
        remote_turns = sum(1 for g in self.given if self.person(g.participant_id).side == "remote")
        remote_hands = sum(1 for pid, _, _ in self.raised if self.person(pid).side == "remote")
        return {
            "policy": self.policy.value,
            "turns": len(self.given),
            "hands": len(self.raised),
            "remote_turn_share": remote_turns / len(self.given),
            "remote_hand_share": remote_hands / len(self.raised),
        }
