"""What people type into an agenda, read leniently and checked in plain words.

The builder form, a pasted YAML file and a CSV all end up here as agenda data
(the YAML's shape). `normalize` reads times as people write them ("2:00pm",
"14:00", "2pm"), durations ("15", "15 min", "1h30"), fills in starts that
follow the previous item and a short name derived from the title, and reports
every problem with where it is (item 3, "start"; line 7 when the text came
from a file) and what to write instead. The result is then held to
`agenda.AgendaSpec`, the one schema with the caps on every string and list.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any

import msgspec
from floor.domain.agenda import (
    AgendaSpec,
    BookingSpec,
    ItemSpec,
    SubPointSpec,
    format_clock,
    parse_clock,
)
from floor.domain.agenda_languages import aligned, capped, is_texts, split_item, split_meeting
from floor.domain.agenda_problems import AgendaInvalid, Problem, spec_problem
from floor.domain.errors import DomainError
from floor.domain.text import N_

__all__ = ["AgendaInvalid", "Problem", "normalize", "check_spec", "spec_problem"]

MAX_ITEMS = 100

# The field names the YAML knows, and a few a person might write instead.
# ("translations" is where the other languages' texts are kept: a file writes them
# beside each text, `title: {en: Welcome, fr: Bienvenue}`.)
MEETING_FIELDS = tuple(
    name for name in AgendaSpec.__struct_encode_fields__ if name not in ("items", "translations")
) + ("items",)
ITEM_FIELDS = tuple(name for name in ItemSpec.__struct_encode_fields__ if name != "translations")
BOOKING_FIELDS = BookingSpec.__struct_encode_fields__
_ITEM_ALIASES = {"list_open": "queue_open", "time": "start", "minutes": "duration"}

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d{1,2})\s*(?:h|hr|hrs|hours?)\s*(?P<hm>\d{1,2})?\s*(?:m|min|mins|minutes?)?"
    r"|(?P<hh>\d{1,2}):(?P<mm>\d{2})"
    r"|(?P<m>\d{1,4})\s*(?:m|min|mins|minutes?|′|')?)\s*$",
    re.IGNORECASE,
)
_SECONDS = re.compile(
    r"^\s*(?:(?P<s>\d{1,4})\s*(?:s|sec|secs|seconds?)?"
    r"|(?P<m>\d{1,2})\s*(?:m|min|mins|minutes?)"
    r"|(?P<mm>\d{1,2}):(?P<ss>\d{2}))\s*$",
    re.IGNORECASE,
)
_TRUE = {"yes", "y", "true", "on", "1", "open"}
_FALSE = {"no", "n", "false", "off", "0", "closed", ""}


def slugify(text: str) -> str:
    """A meeting's short name from its title: "Next Steps (2017)" -> "next-steps-2017"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 63:  # cut between words
        slug = slug[:64].rsplit("-", 1)[0] if "-" in slug[:64] else slug[:63]
    return slug if len(slug) >= 2 else "meeting"


def parse_duration(value: Any) -> int:
    """15, "15", "15 min", "1h30", "1:30" -> minutes; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = _DURATION.match(str(value)) if isinstance(value, str) else None
    if not match:
        raise ValueError(value)
    if match["h"] is not None:
        return int(match["h"]) * 60 + int(match["hm"] or 0)
    if match["hh"] is not None:
        return int(match["hh"]) * 60 + int(match["mm"])
    return int(match["m"])


def parse_seconds(value: Any) -> int:
    """180, "180", "90 s", "3 min", "2:30" -> seconds; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    match = _SECONDS.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(value)
    if match["s"] is not None:
        return int(match["s"])
    if match["m"] is not None:
        return int(match["m"]) * 60
    return int(match["mm"]) * 60 + int(match["ss"])


def parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(value)


# An unknown field, by what it was found in: a meeting, an agenda item, a booking.
_UNKNOWN = {
    "meeting": (
        N_("“{name}” is not a field of a meeting; did you mean “{guess}”?"),
        N_("“{name}” is not a field of a meeting; the fields are: {known}"),
    ),
    "item": (
        N_("“{name}” is not a field of an agenda item; did you mean “{guess}”?"),
        N_("“{name}” is not a field of an agenda item; the fields are: {known}"),
    ),
    "booking": (
        N_("“{name}” is not a field of a booking; did you mean “{guess}”?"),
        N_("“{name}” is not a field of a booking; the fields are: {known}"),
    ),
}


def _unknown(
    check: _Checker, name: Any, known: tuple[str, ...], what: str, **where: Any
) -> None:
    guess = difflib.get_close_matches(str(name).lower(), known, n=1, cutoff=0.6)
    if guess:
        check.fail(_UNKNOWN[what][0], name=name, guess=guess[0], **where)
    else:
        check.fail(_UNKNOWN[what][1], name=name, known=", ".join(known), **where)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(
        self, message: str, item: int | None = None, field: str = "",
        code: str = "invalid_agenda", **params: Any,
    ) -> None:
        self.problems.append(
            Problem(message, item=item, field=field, code=code, params=params)
        )


def _text_list(value: Any, split: str | None = None) -> list[Any] | None:
    """A list from a list, or from one string (split on `split` when given)."""
    if value is None:
        return []
    if isinstance(value, str):
        if split is None:
            return [value] if value.strip() else []
        return [part.strip() for part in value.split(split) if part.strip()]
    if isinstance(value, list):
        return value
    return None


def normalize(data: Any) -> dict[str, Any]:
    """Agenda data in its canonical shape; AgendaInvalid listing every problem.

    Canonical: a slug (derived from the title if missing), every item with a
    start ("2:15pm") and a duration in minutes, lists as lists.
    """
    check = _Checker()
    if isinstance(data, dict) and "slug" in data and data["slug"] is not None:
        data = {**data, "slug": str(data["slug"])}
    if data is None or data == "" or data == {}:
        raise AgendaInvalid([Problem(
            N_("The agenda is empty: give the meeting a title and at least one item.")
        )])
    if not isinstance(data, dict):
        raise AgendaInvalid([Problem(
            N_("An agenda starts with the meeting's fields (title:, then items: with one"
               " “- title:” per item), not with a list or a single line of text.")
        )])
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in MEETING_FIELDS and key != "start":
            _unknown(check, key, (*MEETING_FIELDS, "start"), "meeting", field=str(key))
            continue
        out[key] = value
    if out.get("languages") not in (None, ""):
        languages = _text_list(out.get("languages"), ",")
        codes = [str(x).strip().lower() for x in languages or [] if str(x).strip()]
        if languages is None or not all(re.match(r"^[a-z]{2,3}$", x) for x in codes):
            check.fail(
                N_("list the meeting's languages as codes separated by commas, its first"
                   " the default (for example: en, fr, es)."),
                field="languages",
            )
            codes = []
        out["languages"] = list(dict.fromkeys(codes))
    else:
        out.pop("languages", None)
    spoken = out.get("languages") or ["en"]
    texts = split_meeting(check.fail, out, spoken)
    title = out.get("title")
    if not isinstance(title, str) or not title.strip():
        check.fail(N_("The meeting needs a title."), field="title")
        title = ""
    out["title"] = title.strip()
    for name in ("subtitle", "organizer", "date", "venue", "remote", "timezone", "dial_in",
                 "remote_link", "slug"):
        value = out.get(name)
        if value is None:
            out.pop(name, None)
        elif isinstance(value, int | float) and name == "date":
            out[name] = str(value)
        elif not isinstance(value, str):
            check.fail(N_("write plain text here."), field=name)
        else:
            out[name] = value.strip()
    if not out.get("slug"):
        out["slug"] = slugify(title) if title else "meeting"
    elif not re.match(r"^[a-z0-9][a-z0-9-]{1,62}$", out["slug"]):
        check.fail(
            N_("the short name for the links uses a-z, 0-9 and dashes, 2 to 63 characters"
               " (for example “{example}”)."),
            field="slug", code="invalid_slug", example=slugify(out["slug"]),
        )
    zone = out.get("timezone")
    if isinstance(zone, str) and zone and not _known_zone(zone):
        check.fail(
            N_("“{zone}” is not a time zone; write one like Europe/Zurich or"
               " America/New_York."),
            field="timezone", zone=zone,
        )
    regions = _text_list(out.get("regions"), ",")
    if regions is None or not all(isinstance(r, str) for r in regions):
        check.fail(N_("list the regions or groups, separated by commas."), field="regions")
        regions = []
    out["regions"] = [r.strip() for r in regions if r.strip()]
    translated = {
        code: {
            k: v.strip() for k, v in fields.items()
            if isinstance(v, str) and v.strip() and capped(check.fail, None, k, code, [v.strip()])
        }
        for code, fields in texts.items()
    }
    if any(translated.values()):
        out["translations"] = {code: t for code, t in translated.items() if t}
    meeting_start: int | None = None
    if out.get("start") not in (None, ""):
        try:
            meeting_start = parse_clock(str(out["start"]))
        except DomainError:
            check.fail(_NOT_A_TIME, field="start", value=out["start"])
    out.pop("start", None)
    items = out.get("items")
    if items is None:
        check.fail(N_("The agenda has no items: add “items:” with one “- title:” per item."),
                   field="items")
        items = []
    elif not isinstance(items, list):
        check.fail(N_("“items” is a list: one “- title:” line per item."), field="items")
        items = []
    elif not items:
        check.fail(N_("The agenda needs at least one item."), field="items")
    elif len(items) > MAX_ITEMS:
        check.fail(N_("An agenda has at most {limit} items; this one has {count}."),
                   field="items", limit=MAX_ITEMS, count=len(items))
        items = []
    follows = meeting_start
    out_items = []
    for number, raw in enumerate(items, start=1):
        item = _item(check, number, raw, follows, out["regions"], spoken)
        if item is not None:
            follows = parse_clock(item["start"]) + item["duration"] if item["start"] else None
            out_items.append(item)
    out["items"] = out_items
    if check.problems:
        raise AgendaInvalid(check.problems)
    return out


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_NOT_A_TIME = N_("“{value}” is not a time; write a time like 2:00pm or 14:00.")


def _item(
    check: _Checker, number: int, raw: Any, follows: int | None, regions: list[str],
    languages: list[str],
) -> dict[str, Any] | None:
    if (isinstance(raw, str) and raw.strip()) or (isinstance(raw, dict) and is_texts(raw)):
        raw = {"title": raw}
    if not isinstance(raw, dict):
        check.fail(N_("each item starts with “- title:”."), item=number)
        return None
    item: dict[str, Any] = {}
    for key, value in raw.items():
        name = _ITEM_ALIASES.get(key, key)
        if name not in ITEM_FIELDS:
            _unknown(check, key, ITEM_FIELDS, "item", item=number, field=str(key))
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
            check.fail(_NOT_A_TIME, item=number, field="start", value=start)
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
            minutes = parse_duration(duration)
            if not 1 <= minutes <= 24 * 60:
                raise ValueError(minutes)
            item["duration"] = minutes
        except ValueError:
            check.fail(
                N_("“{value}” is not a duration from 1 minute to 24 hours; write minutes like"
                   " 15, 15 min or 1h30."),
                item=number, field="duration", value=duration,
            )
            item["duration"] = 1
    if "speaker_limit" in item:
        try:
            seconds = parse_seconds(item["speaker_limit"])
            if not 10 <= seconds <= 3600:
                raise ValueError(seconds)
            item["speaker_limit"] = seconds
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
            values = _text_list(item[name], split)
            if values is None or not all(isinstance(v, str) for v in values):
                check.fail(N_("write one line of text per entry."), item=number, field=name)
                values = []
            item[name] = [v.strip() for v in values if v.strip()]
    if "sub_points" in item:
        points = _text_list(item["sub_points"])
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


def _sub_point_ok(point: Any) -> bool:
    if isinstance(point, str):
        return True
    if not isinstance(point, dict) or set(point) - set(SubPointSpec.__struct_encode_fields__):
        return False
    return isinstance(point.get("text"), str) and all(
        isinstance(p, str) for p in point.get("points") or []
    )


def _bookings(check: _Checker, number: int, value: Any, regions: list[str]) -> list[Any]:
    entries = _text_list(value)
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
            _unknown(check, sorted(extra)[0], BOOKING_FIELDS, "booking", item=number,
                     field="bookings")
            continue
        out.append({k: str(v).strip() for k, v in entry.items() if v})
    return out


def booking_from_line(line: str, regions: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """"Name, Organization[, Region]" -> a booking; the region only if it is a known one."""
    parts = [p.strip() for p in line.split(",")]
    booking = {"name": parts[0]}
    if len(parts) > 2 and parts[-1] in regions:
        booking["region"] = parts.pop()
    if len(parts) > 1:
        booking["organization"] = ", ".join(parts[1:])
    return booking


def check_spec(data: dict[str, Any]) -> AgendaSpec:
    """The normalized data held to the one schema and its caps."""
    try:
        return msgspec.convert(data, AgendaSpec)
    except msgspec.ValidationError as exc:
        raise AgendaInvalid([spec_problem(exc)]) from None


# The builder's and the chair's item dialog's text boxes: one entry per line.


def lines(text: str, *, keep_blank: bool = False) -> list[str]:
    """One entry per line. `keep_blank`: an empty line is an entry left empty (another
    language's text, line by line beside the first's: it falls back there)."""
    if keep_blank:
        return _blank_kept([line.strip() for line in text.splitlines()])
    return [line.strip() for line in text.splitlines() if line.strip()]


def _blank_kept(entries: list[Any]) -> list[Any]:
    while entries and not entries[-1]:
        entries.pop()
    return entries


def sub_points_from_text(text: str, *, keep_blank: bool = False) -> list[str | dict[str, Any]]:
    """One sub-point per line; a line starting with "-" (or indented) is a point of the last.
    `keep_blank`: an empty line is a sub-point left empty (see `lines`)."""
    out: list[str | dict[str, Any]] = []
    for raw in text.splitlines():
        if not raw.strip():
            if keep_blank:
                out.append("")
            continue
        nested = raw[:1].isspace() or raw.lstrip().startswith(("-", "•"))
        text_ = raw.strip().lstrip("-•").strip()
        if nested and out:
            last = out[-1]
            if isinstance(last, str):
                last = {"text": last, "points": []}
                out[-1] = last
            last["points"].append(text_)
        else:
            out.append(text_)
    return _blank_kept(out) if keep_blank else out


def sub_points_to_text(points: Any) -> str:
    out = []
    for point in points or []:
        if isinstance(point, str):
            out.append(point)
        elif isinstance(point, dict):
            out.append(str(point.get("text", "")))
            out.extend(f"- {p}" for p in point.get("points") or [])
        else:  # a SubPoint
            out.append(point.text)
            out.extend(f"- {p}" for p in point.points)
    return "\n".join(out)


def bookings_to_text(bookings: Any) -> str:
    out = []
    for booking in bookings or []:
        parts = [booking.get("name", "")]
        parts += [booking[k] for k in ("organization", "region") if booking.get(k)]
        out.append(", ".join(parts))
    return "\n".join(out)
