"""Every file the record can be downloaded as, by format name: one place for web and CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from floor.domain.errors import DomainError, Refusal
from floor.domain.model import Meeting
from floor.i18n import DEFAULT
from floor.record import minutes, stats, times
from floor.record.agenda_yaml import agenda_yaml
from floor.record.calendar import agenda_ics, meeting_day
from floor.record.exports import minutes_json, minutes_markdown, turns_csv


@dataclass(frozen=True)
class Format:
    media_type: str
    suffix: str  # the file name after "{slug}-"


MINUTES_FORMATS = {
    "md": Format("text/markdown; charset=utf-8", "minutes.md"),
    "csv": Format("text/csv; charset=utf-8", "turns.csv"),
    "json": Format("application/json", "minutes.json"),
}
AGENDA_FORMATS = {
    "yaml": Format("application/yaml; charset=utf-8", "agenda.yaml"),
    "ics": Format("text/calendar; charset=utf-8", "agenda.ics"),
}
FORMATS = {**MINUTES_FORMATS, **AGENDA_FORMATS}


def render(
    meeting: Meeting, fmt: str, *, tz: ZoneInfo | None, now: int, day: date | None = None,
    lang: str = DEFAULT,
) -> bytes:
    """The file's bytes. `tz`: the zone of the minutes' times (None: local time) and of
    the calendar's events (None: the meeting's zone for the minutes, floating events
    for the calendar); `day`: the calendar's date if the agenda's
    date line gives none; `lang`: the minutes' language (headings and labels; the CSV's
    column names stay English identifiers). Raises DomainError("no_date") when the
    calendar has no date."""
    if fmt == "yaml":
        return agenda_yaml(meeting).encode()
    if fmt == "ics":
        day = day or meeting_day(meeting)
        if day is None:
            raise DomainError(Refusal.NO_DATE)
        return agenda_ics(meeting, day=day, tz=tz, stamp=now)
    if tz is None:  # the minutes' times of day are the meeting's, not the server's
        tz = times.meeting_zone(meeting.timezone)
    record = minutes.build(meeting, now)
    if fmt == "csv":
        return turns_csv(record, tz, lang).encode()
    if fmt == "md":
        return minutes_markdown(record, stats.fold(meeting), tz, lang).encode()
    if fmt == "json":
        return minutes_json(record, stats.fold(meeting), tz, lang)
    raise DomainError(Refusal.UNKNOWN_FORMAT, format=repr(fmt))
