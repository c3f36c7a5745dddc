"""Minutes: each agenda item as planned and as it ran, who spoke, notes and action items.

A fold over the meeting's finished turns; the turn in progress (if any) is
shown apart and counted nowhere until it ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from floor.domain.agenda import format_clock
from floor.domain.budget import BudgetUse, budget_use
from floor.domain.model import (
    ATTENDANCE_LABELS,
    KIND_LABELS,
    Action,
    AgendaItem,
    Meeting,
    Note,
    Participant,
    Status,
    Turn,
    drift_kind,
)
from floor.domain.text import N_

UNKNOWN = "(unknown)"


def person_of(meeting: Meeting, participant_id: str) -> Participant:
    return meeting.participants.get(participant_id) or Participant(id=participant_id, name=UNKNOWN)


@dataclass(frozen=True)
class Speech:
    """One finished turn, as the minutes show it."""

    number: int  # 1-based, in the order the meeting heard them
    turn: Turn
    person: Participant
    first_time: bool  # the person's first turn in the meeting

    @property
    def duration(self) -> int:
        """Speaking time: pauses and interposed questions are not counted."""
        return self.turn.duration

    @property
    def paused(self) -> int:
        return self.turn.paused

    @property
    def kind(self) -> str:
        return KIND_LABELS[self.turn.kind]

    @property
    def attendance(self) -> str:
        return ATTENDANCE_LABELS[self.person.attendance]


class _Spoken:
    """What speeches add up to: the time spoken, and the time paused within them."""

    speeches: tuple[Speech, ...]

    @property
    def speaking_time(self) -> int:
        return sum(s.duration for s in self.speeches)

    @property
    def paused_time(self) -> int:
        return sum(s.paused for s in self.speeches)


@dataclass(frozen=True)
class ItemRecord(_Spoken):
    """One agenda item: planned against actual, and what was said and decided."""

    number: int  # 1-based position on the agenda
    item: AgendaItem
    planned: str  # "2:45pm", as printed
    planned_ms: int
    started_at: int | None
    ended_at: int | None  # None while it is the current item
    duration: int | None  # ms from its first start to its last end (or to `now`)
    drift_min: int | None  # start against the plan re-anchored at the meeting's start
    returned: bool  # the chair took it up again later: its span includes other items
    speeches: tuple[Speech, ...]
    notes: tuple[Note, ...]
    actions: tuple[Action, ...]
    budgets: tuple[BudgetUse, ...] = ()  # speaking-time budgets and what was used

    @property
    def drift_kind(self) -> str | None:
        return None if self.drift_min is None else drift_kind(self.drift_min)

    @property
    def current(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @property
    def overrun_min(self) -> int | None:
        """Minutes over (positive) or under (negative) the planned duration."""
        if self.duration is None:
            return None
        return round((self.duration - self.planned_ms) / 60_000)


STRUCK_LABELS = {
    "put_back": "called by mistake and put back on the list",
    "withdrawn": "withdrawn by the chair",
}


@dataclass(frozen=True)
class Struck:
    """A turn the chair struck from the record: not counted, but not hidden."""

    turn: Turn
    person: Participant

    @property
    def why(self) -> str:
        return STRUCK_LABELS.get(self.turn.struck, self.turn.struck)


@dataclass(frozen=True)
class InProgress:
    person: Participant
    item_id: str
    started_at: int


@dataclass(frozen=True)
class Minutes(_Spoken):
    meeting: Meeting
    now: int
    items: tuple[ItemRecord, ...]
    speeches: tuple[Speech, ...]
    notes_elsewhere: tuple[Note, ...]  # on items since removed from the agenda
    actions: tuple[Action, ...]
    speaking: InProgress | None
    struck: tuple[Struck, ...] = ()  # turns the chair took back, as they happened

    @property
    def started_at(self) -> int | None:
        return self.meeting.started_at

    @property
    def ended_at(self) -> int | None:
        return self.meeting.ended_at

    @property
    def duration(self) -> int | None:
        if self.meeting.started_at is None:
            return None
        end = self.meeting.ended_at if self.meeting.ended_at is not None else self.now
        paused = self.meeting.paused_between(self.meeting.started_at, end)
        return max(0, end - self.meeting.started_at - paused)

    @property
    def status(self) -> str:
        return {
            Status.DRAFT: N_("Not started"),
            Status.RUNNING: N_("In progress"),
            Status.ENDED: N_("Ended"),
        }[self.meeting.status]

    @property
    def speakers(self) -> int:
        return len({s.turn.participant_id for s in self.speeches})

    def name_of(self, participant_id: str) -> str:
        return person_of(self.meeting, participant_id).name

    def item_title(self, item_id: str) -> str:
        for record in self.items:
            if record.item.id == item_id:
                return record.item.title
        return "(removed item)"


def speeches(meeting: Meeting) -> tuple[Speech, ...]:
    """Every finished turn in order, with who spoke and whether it was their first turn."""
    seen: set[str] = set()
    result = []
    for number, turn in enumerate(meeting.turns, start=1):
        first = turn.participant_id not in seen
        seen.add(turn.participant_id)
        result.append(Speech(number, turn, person_of(meeting, turn.participant_id), first))
    return tuple(result)


def build(meeting: Meeting, now: int) -> Minutes:
    """The minutes as of `now` (epoch ms; it only ends the current item's span)."""
    said = speeches(meeting)
    spans = [
        (item.started_at, _end_of(meeting, item, now))
        for item in meeting.items
        if item.started_at is not None
    ]
    records = []
    for number, item in enumerate(meeting.items, start=1):
        end = _end_of(meeting, item, now) if item.started_at is not None else None
        drift = meeting.drift(item)
        returned = item.started_at is not None and end is not None and any(
            item.started_at < other_start < end for other_start, _ in spans
        )
        records.append(
            ItemRecord(
                number=number,
                item=item,
                planned=format_clock(item.planned_start),
                planned_ms=item.duration * 60_000,
                started_at=item.started_at,
                ended_at=item.ended_at if item.started_at is not None else None,
                duration=None if item.started_at is None or end is None
                else max(0, end - item.started_at - meeting.paused_between(item.started_at, end)),
                drift_min=drift,
                returned=returned,
                speeches=tuple(s for s in said if s.turn.item_id == item.id),
                notes=tuple(n for n in meeting.notes if n.item_id == item.id),
                actions=tuple(a for a in meeting.actions if a.item_id == item.id),
                budgets=tuple(budget_use(meeting, item)),
            )
        )
    ids = {item.id for item in meeting.items}
    floor = meeting.floor
    return Minutes(
        meeting=meeting,
        now=now,
        items=tuple(records),
        speeches=said,
        notes_elsewhere=tuple(n for n in meeting.notes if n.item_id not in ids),
        actions=meeting.actions,
        speaking=None if floor is None else InProgress(
            person_of(meeting, floor.hand.participant_id), floor.item_id, floor.started_at
        ),
        struck=tuple(Struck(t, person_of(meeting, t.participant_id)) for t in meeting.struck),
    )


def _end_of(meeting: Meeting, item: AgendaItem, now: int) -> int:
    if item.ended_at is not None:
        return item.ended_at
    return meeting.ended_at if meeting.ended_at is not None else now
