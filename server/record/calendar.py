"""The agenda as an iCalendar file: one event per agenda item, made with `icalendar`.

The printed agenda gives wall-clock times ("2:15pm") and a date in words.
Without a time zone the events keep those as floating local times, which
every calendar shows as printed; with one they carry its TZID and VTIMEZONE.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from floor.domain.model import Meeting

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def day_of(text: str) -> date | None:
    """The day a date line names ("17 April 2017, 2:00pm", "2017-04-17"), or None."""
    if match := _ISO.search(text):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    for pattern, day_first in ((_DAY_MONTH_YEAR, True), (_MONTH_DAY_YEAR, False)):
        for match in pattern.finditer(text):
            day, month = (match[1], match[2]) if day_first else (match[2], match[1])
            number = _MONTHS.get(month.lower())
            if number is None:
                continue
            try:
                return date(int(match[3]), number, int(day))
            except ValueError:
                continue
    return None


def meeting_day(meeting: Meeting) -> date | None:
    """The meeting's date, read from its date line ("17 April 2017, 2:00pm") if it can be.

    Failing that, the UTC day the meeting started, or None.
    """
    day = day_of(meeting.date)
    if day is not None:
        return day
    if meeting.started_at is not None:
        return datetime.fromtimestamp(meeting.started_at / 1000, UTC).date()
    return None


def agenda_ics(meeting: Meeting, *, day: date, tz: ZoneInfo | None, stamp: int) -> bytes:
    """The agenda items as VEVENTs on `day`; `stamp` (epoch ms) is each event's DTSTAMP."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Floor//Live meeting facilitation//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", meeting.title)
    stamped = datetime.fromtimestamp(stamp / 1000, UTC)
    for item in meeting.items:
        # An item may run past midnight of the agenda's day: its start counts from `day`.
        start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=item.planned_start)
        if tz is not None:
            start = start.replace(tzinfo=tz)
        event = icalendar.Event()
        event.add("uid", f"{meeting.slug}-{item.id}@floor")
        event.add("dtstamp", stamped)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=item.duration))
        event.add("summary", item.title)
        if meeting.venue:
            event.add("location", meeting.venue)
        description = _description(meeting, item.id)
        if description:
            event.add("description", description)
        cal.add_component(event)
    if tz is not None:
        # Only the rules around the meeting: a short VTIMEZONE, right for that day.
        cal.add_missing_timezones(
            first_date=day - timedelta(days=366), last_date=day + timedelta(days=366)
        )
    ical: bytes = cal.to_ical()
    return ical


def _description(meeting: Meeting, item_id: str) -> str:
    item = next(i for i in meeting.items if i.id == item_id)
    lines = [meeting.title]
    if item.presenters:
        lines.append("Presenting: " + ", ".join(item.presenters))
    for point in item.sub_points:
        lines.append(f"- {point.text}")
        lines += [f"  - {p}" for p in point.points]
    if item.questions:
        lines.append("Discussion:")
        lines += [f"- {q}" for q in item.questions]
    booked = [meeting.participants.get(b.participant_id) for b in item.bookings]
    for person in booked:
        if person is not None:
            org = f", {person.organization}" if person.organization else ""
            lines.append(f"Intervention: {person.name}{org}")
    if meeting.remote:
        lines.append(f"Remote: {meeting.remote}")
    return "\n".join(lines)
