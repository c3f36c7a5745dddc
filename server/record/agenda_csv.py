"""Agenda items from a CSV file (a spreadsheet's export), as agenda data.

One row per item. Columns are matched by name, in any order and case:
title, start, end, time ("2:00pm – 2:15pm"), duration (minutes), presenters,
sub_points, questions, speaker_limit (seconds), queue_open, introductions.
Lists in a cell are separated by ";" or line breaks. A row without a start
follows the previous item; a duration can come from end - start. The meeting
itself (title, short name, regions) is given apart, since a CSV holds items.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from floor.domain.agenda import format_clock, parse_clock
from floor.domain.agenda_problems import AgendaInvalid, Problem
from floor.domain.agenda_values import parse_duration, slugify
from floor.domain.errors import DomainError, Refusal
from floor.domain.text import N_

COLUMNS = {
    "title": ("title", "item", "agenda_item", "topic", "session"),
    "start": ("start", "start_time", "from", "begins"),
    "end": ("end", "end_time", "to", "until", "ends"),
    "time": ("time", "times", "slot"),
    "duration": ("duration", "minutes", "duration_minutes", "duration_min", "length", "mins"),
    "presenters": ("presenters", "presenter", "lead", "leads"),
    "sub_points": ("sub_points", "subpoints", "points"),
    "questions": ("questions", "discussion", "discussion_questions"),
    "speaker_limit": ("speaker_limit", "seconds_per_turn", "speaker_seconds"),
    "queue_open": ("queue_open", "list_open"),
    "introductions": ("introductions", "introductions_round"),
    "fixed": ("fixed", "fixed_time"),
}
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_RANGE = re.compile(r"\s*(?:–|—|-|\bto\b)\s*")
_TRUE = {"yes", "y", "true", "1", "x", "open"}
_FALSE = {"no", "n", "false", "0", "", "closed"}
MAX_ROWS = 100


def looks_like_csv(text: str) -> bool:
    """A pasted text is a CSV when its first line is a header with a title column."""
    first = text.lstrip("\ufeff").strip().split("\n", 1)[0]
    if not first or ": " in first or first.rstrip().endswith(":"):
        return False
    cells = re.split(r"[,;\t]", first)
    names = {re.sub(r"[\s\-]+", "_", c.strip().strip('"').lower()) for c in cells}
    return len(cells) >= 2 and len(names & set(_ALIASES)) >= 1 + (len(cells) > 2)


def agenda_from_csv(
    text: str,
    *,
    title: str,
    slug: str = "",
    regions: tuple[str, ...] | list[str] = (),
    **header: str,
) -> dict[str, Any]:
    """Agenda data for `meeting_from_data`; DomainError("invalid_agenda") names the bad row."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise DomainError(Refusal.CSV_EMPTY)
    try:
        return _read(text, title=title, slug=slug, regions=regions, **header)
    except csv.Error as exc:  # a cell over the csv module's 128 KiB, a stray quote...
        raise DomainError(Refusal.CSV_UNREADABLE, problem=str(exc)[:200]) from None


def _read(
    text: str, *, title: str, slug: str, regions: tuple[str, ...] | list[str], **header: str
) -> dict[str, Any]:
    # Only the delimiter is guessed (from the header line); quoting is Excel's, with ""
    # for a quote inside a quoted cell: guessed from a header without quotes, the
    # sniffer turned that off and split "The ""Global"" Compact" wrongly.
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    names = [_column(cell) for cell in next(reader)]
    if "title" not in names:
        raise DomainError(Refusal.CSV_NO_TITLE_COLUMN)
    items: list[dict[str, Any]] = []
    follows: int | None = None  # where the previous item ended, in minutes
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(items) >= MAX_ROWS:
            raise DomainError(Refusal.CSV_TOO_MANY_ITEMS, limit=MAX_ROWS)
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names)}
        item = _item(cells, follows, number)
        follows = item["_end"]
        del item["_end"]
        items.append(item)
    if not items:
        raise DomainError(Refusal.CSV_NO_ITEMS)
    data: dict[str, Any] = {"slug": slug or slugify(title), "title": title, "items": items}
    data.update({k: v for k, v in header.items() if v})
    if regions:
        data["regions"] = list(regions)
    return data


def _column(cell: str) -> str:
    key = re.sub(r"[\s\-]+", "_", cell.strip().lower().lstrip("\ufeff"))
    key = re.sub(r"[^a-z_]", "", key)
    if key not in _ALIASES:
        known = ", ".join(COLUMNS)
        raise DomainError(Refusal.CSV_UNKNOWN_COLUMN, column=cell.strip()[:80], known=known)
    return _ALIASES[key]


def _item(cells: dict[str, str], follows: int | None, number: int) -> dict[str, Any]:
    def fail(message: str, **params: Any) -> AgendaInvalid:
        return AgendaInvalid([Problem(message, params={"row": number, **params})])

    title = cells.get("title", "")
    if not title:
        raise fail(N_("Row {row}: the item has no title."))
    start_text, end_text = cells.get("start", ""), cells.get("end", "")
    if cells.get("time"):
        parts = _RANGE.split(cells["time"], maxsplit=1)
        start_text = start_text or parts[0]
        end_text = end_text or (parts[1] if len(parts) > 1 else "")
    try:
        start = parse_clock(start_text) if start_text else follows
        end = parse_clock(end_text) if end_text else None
    except DomainError as exc:
        raise fail(
            N_("Row {row}: Cannot read the time {text}: write a time like 2:00pm or 14:00."),
            text=exc.params.get("text", ""),
        ) from None
    if start is None:
        raise fail(N_("Row {row}: the first item needs a start time."))
    duration = _minutes(cells.get("duration", ""), fail)
    if duration is None:
        if end is None:
            raise fail(N_("Row {row}: give a duration in minutes, or an end time."))
        duration = (end - start) % (24 * 60)
    if not 1 <= duration <= 24 * 60:
        raise fail(N_("Row {row}: the duration must be between 1 and 1440 minutes."))
    item: dict[str, Any] = {
        "title": title,
        "start": format_clock(start),
        "duration": duration,
        "_end": start + duration,
    }
    for name in ("presenters", "sub_points", "questions"):
        values = _list(cells.get(name, ""))
        if values:
            item[name] = values
    limit = _number(cells.get("speaker_limit", ""), "speaker_limit", fail)
    if limit is not None:
        item["speaker_limit"] = limit
    for name in ("queue_open", "introductions", "fixed"):
        if cells.get(name, ""):
            item[name] = _flag(cells[name], name, fail)
    return item


def _list(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", cell) if part.strip()]


def _minutes(cell: str, fail: Any) -> int | None:
    if not cell:
        return None
    try:
        return parse_duration(cell)
    except ValueError:
        raise fail(
            N_("Row {row}: the duration {cell} is not a duration; write minutes like 15,"
               " 15 min or 1h30."),
            cell=repr(cell),
        ) from None


def _number(cell: str, name: str, fail: Any) -> int | None:
    if not cell:
        return None
    try:
        return int(cell)
    except ValueError:
        raise fail(N_("Row {row}: the {name} {cell} is not a whole number."), name=name,
                   cell=repr(cell)) from None


def _flag(cell: str, name: str, fail: Any) -> bool:
    value = cell.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise fail(N_("Row {row}: the {name} {cell} is not yes or no."), name=name, cell=repr(cell))
