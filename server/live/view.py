"""What the pages show, derived from the meeting once per version.

Nothing here depends on the wall clock, so a rendering can be cached per
(meeting, role, version); countdowns carry absolute times and tick in the
browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from server.domain.agenda import format_clock
from server.domain.model import (
    ATTENDANCE_LABELS,
    KIND_LABELS,
    POLICY_LABELS,
    AgendaItem,
    Entry,
    Meeting,
    Participant,
    Status,
)
from server.domain.timer import Timer


@dataclass(frozen=True)
class Row:
    """One waiting hand, with who it is."""

    position: int
    entry: Entry
    person: Participant
    kind: str


@dataclass(frozen=True)
class ScheduleRow:
    """One agenda item as the chair's agenda shows it, and nothing more."""

    index: int
    item_id: str
    title: str
    duration: int  # planned minutes
    presenters: tuple[str, ...]
    speaker_limit: int
    started_at: int | None
    ended_at: int | None
    current: bool
    planned: str  # "2:15pm", as printed
    drift_min: int | None  # actual start against the re-anchored plan
    ahead_ms: int | None  # for an item still to come: planned time of the items between


@dataclass(frozen=True)
class Agenda:
    """Everything the chair's agenda region shows: a value, so that an equal
    agenda need not be rendered again (it changes a few times an hour, while
    every hand changes the meeting; rendering it was 60% of the chair's page)."""

    rows: tuple[ScheduleRow, ...]
    running: bool
    waiting: bool  # hands are waiting on the current item


@dataclass(frozen=True)
class View:
    meeting: Meeting
    item: AgendaItem | None
    speaker: Participant | None
    timer: Timer | None  # the countdown to show: the speaker's, else the item's
    timer_label: str
    queue: list[Row]
    planned_end: int | None  # the plan's end, re-anchored at the actual start (epoch ms)
    rest_ms: int  # planned time of the items after the current one

    chair_rows: int = 40  # waiting hands the chair sees with their controls
    names_shown: int = 20  # names a participant's phone lists
    people_shown: int = 300  # people listed as present on the chair's page

    kind_labels: ClassVar[dict[str, str]] = {k.value: v for k, v in KIND_LABELS.items()}
    policy_labels: ClassVar[dict[str, str]] = {k.value: v for k, v in POLICY_LABELS.items()}
    attendance_labels: ClassVar[dict[str, str]] = {
        k.value: v for k, v in ATTENDANCE_LABELS.items()
    }

    # Only the chair's page shows these: worked out when first asked for, after
    # the participants and screens have been sent their state.
    @cached_property
    def agenda(self) -> Agenda:
        return Agenda(
            rows=schedule(self.meeting),
            running=self.meeting.status is Status.RUNNING,
            waiting=bool(self.queue),
        )

    @cached_property
    def present(self) -> list[Participant]:
        return sorted(
            (p for p in self.meeting.participants.values() if p.present),
            key=lambda p: (p.joined_at, p.id),
        )

    @property
    def queue_order(self) -> str:
        """Every waiting participant's id in speaking order, for each page to find its own."""
        return " ".join(row.entry.participant_id for row in self.queue)

    @property
    def queue_reasons(self) -> list[str]:
        return list(dict.fromkeys(row.entry.reason for row in self.queue))

    @property
    def queue_why(self) -> str:
        """For each waiting hand, the index of its reason in `queue_reasons`."""
        index = {reason: i for i, reason in enumerate(self.queue_reasons)}
        return " ".join(str(index[row.entry.reason]) for row in self.queue)

    @property
    def next_three(self) -> list[Row]:
        return self.queue[:3]

    @property
    def running(self) -> bool:
        return self.meeting.status is Status.RUNNING


def person_of(meeting: Meeting, pid: str) -> Participant:
    return meeting.participants.get(pid) or Participant(id=pid, name="(unknown)")


def build(meeting: Meeting) -> View:
    item = meeting.item
    floor = meeting.floor
    speaker = person_of(meeting, floor.entry.participant_id) if floor else None
    if floor is not None:
        timer: Timer | None = floor.timer
        label = "Speaking time"
    else:
        timer = item.timer if item is not None else None
        label = "Time for this item"
    queue = [
        Row(i + 1, e, person_of(meeting, e.participant_id), KIND_LABELS[e.kind])
        for i, e in enumerate(item.queue if item else ())
    ]
    return View(
        meeting=meeting,
        item=item,
        speaker=speaker,
        timer=timer,
        timer_label=label,
        queue=queue,
        planned_end=planned_end(meeting),
        rest_ms=rest_ms(meeting),
    )


def rest_ms(meeting: Meeting) -> int:
    """Planned time of every item still to start, other than the current one: an item
    already held takes no more time, one skipped may still come back."""
    return 60_000 * sum(
        item.duration
        for index, item in enumerate(meeting.items)
        if item.started_at is None and index != meeting.current
    )


def planned_end(meeting: Meeting) -> int | None:
    """When the meeting should end by its plan, counted from its actual start."""
    if meeting.started_at is None or not meeting.items:
        return None
    end = max(item.planned_start + item.duration for item in meeting.items)
    return meeting.started_at + (end - meeting.planned_start()) * 60_000


def schedule(meeting: Meeting) -> tuple[ScheduleRow, ...]:
    """Planned times as printed, and each started item's drift in minutes.

    The plan is re-anchored at the moment the meeting actually started: an
    item that starts 10 minutes later than its planned offset from the first
    item is 10 minutes behind, whatever the clock on the wall says.
    """
    rows = []
    between = 0  # minutes planned between the current item and this one
    for index, item in enumerate(meeting.items):
        drift = meeting.drift(item)
        ahead = None
        if meeting.current is not None and index > meeting.current and item.started_at is None:
            ahead = between * 60_000
            between += item.duration
        rows.append(
            ScheduleRow(
                index=index,
                item_id=item.id,
                title=item.title,
                duration=item.duration,
                presenters=item.presenters,
                speaker_limit=item.speaker_limit,
                started_at=item.started_at,
                ended_at=item.ended_at,
                current=index == meeting.current,
                planned=format_clock(item.planned_start),
                drift_min=drift,
                ahead_ms=ahead,
            )
        )
    return tuple(rows)
