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

import re
from typing import Any

import msgspec

from floor.domain.agenda import AgendaSpec, parse_clock
from floor.domain.agenda_item_input import NOT_A_TIME, check_item
from floor.domain.agenda_languages import capped, split_meeting
from floor.domain.agenda_problems import (
    AgendaInvalid,
    Checker,
    Problem,
    spec_problem,
    unknown_field,
)
from floor.domain.agenda_values import slugify, text_list
from floor.domain.errors import DomainError
from floor.domain.text import N_

MAX_ITEMS = 100

# The field names the YAML knows ("translations" is where the other languages' texts
# are kept: a file writes them beside each text, `title: {en: Welcome, fr: Bienvenue}`).
MEETING_FIELDS = tuple(
    name for name in AgendaSpec.__struct_encode_fields__ if name not in ("items", "translations")
) + ("items",)


def normalize(data: Any) -> dict[str, Any]:
    """Agenda data in its canonical shape; AgendaInvalid listing every problem.

    Canonical: a slug (derived from the title if missing), every item with a
    start ("2:15pm") and a duration in minutes, lists as lists.
    """
    check = Checker()
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
            unknown_field(check, key, (*MEETING_FIELDS, "start"), "meeting", field=str(key))
            continue
        out[key] = value
    if out.get("languages") not in (None, ""):
        languages = text_list(out.get("languages"), ",")
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
    regions = text_list(out.get("regions"), ",")
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
            check.fail(NOT_A_TIME, field="start", value=out["start"])
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
        item = check_item(check, number, raw, follows, out["regions"], spoken)
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


def check_spec(data: dict[str, Any]) -> AgendaSpec:
    """The normalized data held to the one schema and its caps."""
    try:
        return msgspec.convert(data, AgendaSpec)
    except msgspec.ValidationError as exc:
        raise AgendaInvalid([spec_problem(exc)]) from None

