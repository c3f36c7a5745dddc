"""The agenda as the chair's page, the join page and the screen show it: each item's
planned time, its drift, and what the item dialog edits.

Nothing here depends on the wall clock: the plan is re-anchored at the meeting's
actual start.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from floor.domain.model import AgendaItem, ItemText, Meeting, Status, drift_kind


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
    planned: int  # minutes after midnight, as printed (each page writes it in its language)
    drift_min: int | None  # actual start against the re-anchored plan
    ahead_ms: int | None  # for an item still to come: planned time of the items between
    up_to: int | None  # where "move up" puts it (None: it is first)
    down_to: int | None  # where "move down" puts it (None: it is last)
    removable: bool  # an item that has started stays on the record
    can_go: bool  # the chair may make it current now

    @property
    def drift_kind(self) -> str | None:
        return None if self.drift_min is None else drift_kind(self.drift_min)
    fixed: bool = False
    fields: str = "{}"  # every field the item dialog edits, as JSON for the dialog


@dataclass(frozen=True)
class Agenda:
    """Everything the chair's agenda region shows: a value, so that an equal
    agenda need not be rendered again (it changes a few times an hour, while
    every hand changes the meeting; rendering it was 60% of the chair's page)."""

    rows: tuple[ScheduleRow, ...]
    running: bool
    waiting: bool  # hands are waiting on the current item


@dataclass(frozen=True)
class PlanRow:
    """One item of the printed plan, as the join page and the screen list it before the start."""

    title: str
    planned: int  # minutes after midnight in the meeting's time zone (pages write it)
    at: int | None  # the same moment in epoch ms, when the day and the zone are known
    duration: int
    presenters: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    """What a participant's page shows before the start: when and where, and the plan.
    A value, so that an equal preview is not rendered again: every message and every
    registration before the start changes the meeting, not this."""

    date: str
    venue: str
    remote: str
    dial_in: str
    remote_link: str
    zone: str
    rows: tuple[PlanRow, ...]

    @property
    def where(self) -> bool:
        return bool(self.venue or self.remote or self.dial_in or self.remote_link)


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


def schedule(meeting: Meeting, source: Meeting | None = None) -> tuple[ScheduleRow, ...]:
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
                planned=item.planned_start,
                drift_min=drift,
                ahead_ms=ahead,
                up_to=index - 1 if index > 0 else None,
                down_to=index + 1 if index < len(meeting.items) - 1 else None,
                removable=item.started_at is None,
                can_go=meeting.status is Status.RUNNING and index != meeting.current,
                fixed=item.fixed,
                fields=dialog_fields(meeting, (source or meeting).items[index]),
            )
        )
    return tuple(rows)


def dialog_fields(meeting: Meeting, item: AgendaItem) -> str:
    """The item as the chair's dialog (and the builder) show it: text boxes, one per line."""
    import msgspec

    from floor.domain.agenda import format_clock
    from floor.domain.agenda_lines import bookings_to_text, sub_points_to_text

    booked = [meeting.participants.get(b.participant_id) for b in item.bookings]
    return msgspec.json.encode({
        "title": item.title,
        "start": format_clock(item.planned_start),
        "fixed": item.fixed,
        "duration": item.duration,
        "presenters": ", ".join(item.presenters),
        "speaker_limit": item.speaker_limit,
        "sub_points": sub_points_to_text(item.sub_points),
        "questions": "\n".join(item.questions),
        "bookings": bookings_to_text([
            {"name": p.name, "organization": p.organization, "region": p.region}
            for p in booked if p is not None
        ]),
        "list_open": "true" if item.list_open else "false",
        "introductions": item.introductions,
        **{
            f"translations.{code}.{name}": value
            for code in meeting.languages[1:]
            for name, value in _texts(item.translations.get(code)).items()
        },
    }).decode()


def _texts(text: ItemText | None) -> dict[str, str]:
    """An item's texts in one more language, as the dialog's boxes show them: line by
    line beside the first language's, an empty line where it has none."""
    if text is None:
        return {"title": "", "sub_points": "", "questions": ""}
    points = []
    for point in text.sub_points:
        points.append(point.text)
        points += [f"- {sub}" for sub in _trimmed(list(point.points))]
    return {
        "title": text.title,
        "sub_points": "\n".join(_trimmed(points)),
        "questions": "\n".join(_trimmed(list(text.questions))),
    }


def _trimmed(lines: list[str]) -> list[str]:
    """Without the empty entries at the end: they show the first language anyway."""
    while lines and not lines[-1]:
        lines.pop()
    return lines


def schedule_start(meeting: Meeting) -> int | None:
    """When the meeting is planned to start (epoch ms): its day, its first item's time,
    in its time zone; None unless all three are known, and once it has started."""
    if not meeting.items or not meeting.timezone or meeting.started_at is not None:
        return None
    return _planned_start(meeting.date, meeting.timezone, meeting.items[0].planned_start)


@functools.lru_cache(maxsize=256)
def _planned_start(date_line: str, timezone: str, minutes: int) -> int | None:
    """Worked out once per date line, zone and time, not on every version (a page
    before the start is rendered on every message and registration)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from floor.record.calendar import day_of

    day = day_of(date_line)
    if day is None:
        return None
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    start = datetime.combine(day, datetime.min.time(), zone) + timedelta(minutes=minutes)
    return int(start.timestamp() * 1000)
