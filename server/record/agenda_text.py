"""An agenda file as uploaded or pasted: YAML, CSV or iCalendar, told apart and read.

`read_agenda` gives normalized agenda data (see `floor.domain.agenda_input`)
or an `AgendaInvalid` whose problems name the line, the item and the field,
and say what to write instead; never a parser's own words.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import icalendar

from floor.domain.agenda_input import normalize
from floor.domain.agenda_problems import AgendaInvalid, Problem
from floor.domain.agenda_values import slugify
from floor.domain.errors import DomainError, Refusal
from floor.domain.text import N_
from floor.record.agenda_csv import agenda_from_csv, looks_like_csv
from floor.record.agenda_yaml import line_finder, load_agenda_yaml

MAX_AGENDA_BYTES = 256 * 1024


def decode(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); AgendaInvalid for anything else."""
    if len(raw) > MAX_AGENDA_BYTES:
        raise AgendaInvalid([Problem(
            N_("The file is too large ({size} KB): an agenda is at most {limit} KB."),
            code="too_large", params={"size": len(raw) // 1024, "limit": MAX_AGENDA_BYTES // 1024},
        )])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AgendaInvalid([Problem(
            N_("The file is not UTF-8 text: save it again as UTF-8 (in a spreadsheet, choose"
               " “CSV UTF-8”; in a text editor, the encoding UTF-8)."), line=line,
        )]) from None


def kind_of(text: str, filename: str = "") -> str:
    """"ics", "csv" or "yaml": by the file's name, else by what the text looks like."""
    name = filename.lower()
    if name.endswith((".ics", ".ical")) or text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return "ics"
    if name.endswith((".csv", ".tsv")) or (not name.endswith((".yaml", ".yml"))
                                          and looks_like_csv(text)):
        return "csv"
    return "yaml"


def read_agenda(
    text: str, *, filename: str = "", fields: dict[str, str] | None = None
) -> dict[str, Any]:
    """Agenda data from a file's text. `fields` (title, slug, date, regions...) fill in
    what a CSV or calendar does not hold, and are kept for a YAML that lacks them."""
    fields = {k: v for k, v in (fields or {}).items() if v}
    if len(text.encode()) > MAX_AGENDA_BYTES:
        raise AgendaInvalid([Problem(
            N_("The text is too large: an agenda is at most {limit} KB."),
            code="too_large", params={"limit": MAX_AGENDA_BYTES // 1024},
        )])
    if "\t" in text and kind_of(text, filename) == "yaml":
        line = text[: text.index("\t")].count("\n") + 1
        raise AgendaInvalid([Problem(
            N_("YAML indents with spaces, not tabs: replace the tab with spaces."), line=line
        )])
    kind = kind_of(text, filename)
    if kind == "ics":
        data = agenda_from_ics(text)
        data.update({k: v for k, v in fields.items() if k != "regions"})
        return normalize(_with_regions(data, fields))
    if kind == "csv":
        if not text.strip():
            raise AgendaInvalid([Problem.of(DomainError(Refusal.CSV_EMPTY))])
        try:
            data = agenda_from_csv(
                text,
                title=fields.get("title") or "Untitled meeting",
                slug=fields.get("slug", ""),
                regions=[r.strip() for r in fields.get("regions", "").split(",") if r.strip()],
                **{k: v for k, v in fields.items() if k not in ("title", "slug", "regions")},
            )
        except AgendaInvalid:
            raise
        except DomainError as exc:
            raise AgendaInvalid([Problem.of(exc)]) from None
        return normalize(data)
    try:
        data = load_agenda_yaml(text)
    except DomainError as exc:
        raise AgendaInvalid([Problem.of(exc, code="invalid_agenda")]) from None
    if isinstance(data, dict):
        data = {**{k: v for k, v in fields.items() if k != "regions"}, **data}
    try:
        return normalize(data)
    except AgendaInvalid as exc:
        raise exc.with_lines(line_finder(text)) from None


def _with_regions(data: dict[str, Any], fields: dict[str, str]) -> dict[str, Any]:
    if fields.get("regions"):
        data["regions"] = fields["regions"]
    return data


def agenda_from_ics(text: str) -> dict[str, Any]:
    """One item per VEVENT, in time order: title, start, duration; the calendar's name
    is the meeting's title, its first day the date, its zone the time zone."""
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError:
        raise AgendaInvalid([Problem(
            N_("The calendar file cannot be read: export it again from the calendar as .ics.")
        )]) from None
    events = []
    for event in calendar.walk("VEVENT"):
        start = event.get("dtstart")
        if start is None or not isinstance(start.dt, datetime):
            continue  # an all-day event is no agenda item
        end = event.get("dtend")
        begins: datetime = start.dt
        if end is not None and isinstance(end.dt, datetime):
            minutes = round((end.dt - begins) / timedelta(minutes=1))
        elif event.get("duration") is not None:
            minutes = round(event.get("duration").dt / timedelta(minutes=1))
        else:
            minutes = 15
        events.append((begins, str(event.get("summary") or "Untitled item"), minutes, event))
    if not events:
        raise AgendaInvalid([Problem(
            N_("The calendar has no timed events: each agenda item is an event with a start"
               " and an end time.")
        )])
    events.sort(key=lambda e: e[0].timestamp() if e[0].tzinfo else e[0].timestamp())
    first = events[0][0]
    name = str(calendar.get("x-wr-calname") or "") or events[0][1]
    zone = getattr(first.tzinfo, "key", "") if first.tzinfo is not None else ""
    day: date = first.date()
    data: dict[str, Any] = {
        "title": name,
        "slug": slugify(name),
        "date": day.isoformat(),
        "items": [
            {"title": title, "start": f"{begins.hour:02d}:{begins.minute:02d}",
             "duration": max(1, minutes)}
            for begins, title, minutes, _ in events
        ],
    }
    if zone:
        data["timezone"] = zone
    location = events[0][3].get("location")
    if location:
        data["venue"] = str(location)
    return data
