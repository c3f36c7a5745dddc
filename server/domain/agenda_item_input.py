"""One agenda item as people type it, read leniently and checked in plain words:
its start (following the previous item's end when unsaid), duration, time per turn,
flags, lists, sub-points and pre-booked speakers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain.agenda import BookingSpec, ItemSpec, SubPointSpec, format_clock, parse_clock
from floor.domain.agenda_languages import aligned, is_texts, split_item
from floor.domain.agenda_lines import booking_from_line
from floor.domain.agenda_problems import Checker, unknown_field
from floor.domain.agenda_values import parse_duration, parse_flag, parse_seconds, text_list
from floor.domain.errors import DomainError
from floor.domain.text import N_

ITEM_FIELDS = tuple(name for name in ItemSpec.__struct_encode_fields__ if name != "translations")
BOOKING_FIELDS = BookingSpec.__struct_encode_fields__
_ITEM_ALIASES = {"list_open": "queue_open", "time": "start", "minutes": "duration"}

NOT_A_TIME = N_("“{value}” is not a time; write a time like 2:00pm or 14:00.")


def check_item(
    check: Checker, number: int, raw: Any, follows: int | None, regions: list[str],
    languages: list[str],
) -> dict[str, Any] | None:
    """Item `number` in its canonical shape, its problems told to `check` (None when it
    is not an item at all); `follows` is when the item before it ends, if known."""
    if (isinstance(raw, str) and raw.strip()) or (isinstance(raw, dict) and is_texts(raw)):
        raw = {"title": raw}
    if not isinstance(raw, dict):
        check.fail(N_("each item starts with “- title:”."), item=number)
        return None
    item: dict[str, Any] = {}
    for key, value in raw.items():
        name = _ITEM_ALIASES.get(key, key)
        if name not in ITEM_FIELDS:
            unknown_field(check, key, ITEM_FIELDS, "item", item=number, field=str(key))
            continue
        item[name] = value
    texts = split_item(check.fail, number, item, languages)
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        check.fail(N_("the item needs a title."), item=number, field="title")
    else:
        item["title"] = title.strip()
    start = item.get("start")
    if start is None or (isinstance(start, str) and not start.strip()):
        if follows is None:
            check.fail(
                N_("the first item needs a start time (or give the meeting one); write a time"
                   " like 2:00pm or 14:00."),
                item=number, field="start",
            )
            item["start"] = ""
        else:
            item["start"] = format_clock(follows)
            item.setdefault("_follows", True)
    else:
        try:
            item["start"] = format_clock(parse_clock(str(start)))
        except DomainError:
            check.fail(NOT_A_TIME, item=number, field="start", value=start)
            item["start"] = ""
    duration = item.get("duration")
    if duration is None or duration == "":
        check.fail(
            N_("give the item a duration; write minutes like 15, 15 min or 1h30."),
            item=number, field="duration",
        )
        item["duration"] = 1
    else:
        try:
            item["duration"] = _within(parse_duration, duration, 1, 24 * 60)
        except ValueError:
            check.fail(
                N_("“{value}” is not a duration from 1 minute to 24 hours; write minutes like"
                   " 15, 15 min or 1h30."),
                item=number, field="duration", value=duration,
            )
            item["duration"] = 1
    if "speaker_limit" in item:
        try:
            item["speaker_limit"] = _within(parse_seconds, item["speaker_limit"], 10, 3600)
        except ValueError:
            check.fail(
                N_("“{value}” is not a time per turn; write seconds from 10 to 3600, like 120,"
                   " 90 s or 2 min."),
                item=number, field="speaker_limit", value=item["speaker_limit"],
            )
            del item["speaker_limit"]
    for name in ("queue_open", "introductions", "fixed"):
        if name in item:
            try:
                item[name] = parse_flag(item[name])
            except ValueError:
                check.fail(N_("write yes or no (not “{value}”)."), item=number, field=name,
                           value=item[name])
                del item[name]
    for name, split in (("presenters", ","), ("questions", None)):
        if name in item:
            values = text_list(item[name], split)
            if values is None or not all(isinstance(v, str) for v in values):
                check.fail(N_("write one line of text per entry."), item=number, field=name)
                values = []
            item[name] = [v.strip() for v in values if v.strip()]
    if "sub_points" in item:
        points = text_list(item["sub_points"])
        if points is None or not all(_sub_point_ok(p) for p in points):
            check.fail(
                N_("write one line per sub-point (a sub-point may have its own “points:”"
                   " list)."),
                item=number, field="sub_points",
            )
            points = []
        item["sub_points"] = points
    if "bookings" in item:
        item["bookings"] = _bookings(check, number, item["bookings"], regions)
    translations = aligned(check.fail, number, item, texts)
    if translations:
        item["translations"] = translations
    item.pop("_follows", None)
    return item


def _within(parse: Callable[[Any], int], value: Any, low: int, high: int) -> int:
    """`value` as `parse` reads it, from `low` to `high`; ValueError otherwise."""
    number = parse(value)
    if not low <= number <= high:
        raise ValueError(number)
    return number


def _sub_point_ok(point: Any) -> bool:
    if isinstance(point, str):
        return True
    if not isinstance(point, dict) or set(point) - set(SubPointSpec.__struct_encode_fields__):
        return False
    return isinstance(point.get("text"), str) and all(
        isinstance(p, str) for p in point.get("points") or []
    )


def _bookings(check: Checker, number: int, value: Any, regions: list[str]) -> list[Any]:
    entries = text_list(value)
    if entries is None:
        check.fail(N_("list one speaker per line: name, organization."), item=number,
                   field="bookings")
        return []
    out = []
    for entry in entries:
        if isinstance(entry, str):
            entry = booking_from_line(entry, regions)
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            check.fail(N_("each pre-booked speaker needs a name (name, organization)."),
                       item=number, field="bookings")
            continue
        extra = set(entry) - set(BOOKING_FIELDS)
        if extra:
            unknown_field(check, sorted(extra)[0], BOOKING_FIELDS, "booking", item=number,
                     field="bookings")
            continue
        out.append({k: str(v).strip() for k, v in entry.items() if v})
    return out

