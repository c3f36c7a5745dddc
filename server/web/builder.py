"""The meeting builder at `/`: a form for every field an agenda file knows.

The form round-trips through the server: adding, moving or removing an item
and importing a file are buttons of the one form, so the page works without
a line of script and from the keyboard, and nothing typed is lost. Creating
the meeting answers with a redirect to its card (reload-safe), and the
browser that made it finds it again on `/` ("your meetings": kept by the
store against a cookie, nothing secret in the page's storage).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markupsafe import Markup
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from floor.access import OWNER_COOKIE, new_chair_key, new_token, owner_id
from floor.domain.agenda import meeting_from_data, parse_clock
from floor.domain.agenda_input import normalize
from floor.domain.agenda_lines import (
    bookings_to_text,
    lines,
    sub_points_from_text,
    sub_points_to_text,
)
from floor.domain.agenda_problems import Problem, problems_of
from floor.domain.errors import DomainError
from floor.domain.model import Meeting
from floor.domain.text import N_
from floor.record.agenda_text import decode, kind_of, read_agenda
from floor.record.agenda_yaml import load_agenda_yaml
from floor.resources import REFERENCE_MEETING

MEETING_FIELDS = (
    "title", "subtitle", "organizer", "date", "start", "timezone", "venue", "remote",
    "dial_in", "remote_link", "regions", "languages", "slug",
)  # fmt: skip
# The texts a form gives in the meeting's other languages, as "title.fr" and so on.
MEETING_TEXTS = ("title", "subtitle")
ITEM_TEXTS = ("title", "sub_points", "questions")
MAX_FORM_LANGUAGES = 12
ITEM_FIELDS = (
    "title", "start", "duration", "presenters", "sub_points", "questions", "bookings",
    "speaker_limit", "queue_open", "introductions", "fixed",
)  # fmt: skip
FLAGS = ("introductions", "fixed")  # checkboxes: absent means no
MAX_FORM_ITEMS = 100
OWNER_MAX_AGE = 365 * 24 * 3600
UNTITLED = "Untitled meeting"


@dataclass
class Form:
    meeting: dict[str, str] = field(default_factory=dict)
    items: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    agenda: str = ""  # the import box, kept as typed
    import_problems: list[Problem] = field(default_factory=list)

    def value(self, name: str) -> str:
        return self.meeting.get(name, "")

    @property
    def languages(self) -> list[str]:
        """The meeting's languages as typed (valid codes only), its first the default."""
        return form_languages(self.meeting.get("languages", ""))

    @property
    def others(self) -> list[str]:
        """The languages a text may be given in besides the first."""
        return self.languages[1:]

    def errors(self, item: int | None, name: str) -> list[Problem]:
        """The problems of one field (item is 1-based), for the form to show beside it."""
        return [p for p in self.problems if p.item == item and p.field == name]

    @property
    def general(self) -> list[Problem]:
        """Problems that belong to no one field of the form."""
        known = set(MEETING_FIELDS) | {"items"}
        shown = {
            f"{name}.{code}" for name in (*ITEM_TEXTS, *MEETING_TEXTS) for code in self.others
        }
        return [
            p for p in self.problems
            if (p.item is None and p.field not in known | shown) or p.field == "items"
            or (p.item is not None and p.field not in set(ITEM_FIELDS) | shown)
        ]


def form_languages(text: str) -> list[str]:
    codes = [c.strip().lower() for c in text.replace(";", ",").split(",")]
    valid = [c for c in codes if len(c) in (2, 3) and c.isascii() and c.isalpha()]
    return list(dict.fromkeys(valid))[:MAX_FORM_LANGUAGES]


def blank_item() -> dict[str, str]:
    return {"queue_open": "yes", "duration": "15"}


def blank() -> Form:
    return Form(meeting={"start": "", "timezone": ""}, items=[blank_item()])


def form_from_post(data: FormData) -> Form:
    def text(name: str) -> str:
        value = data.get(name)
        return value.strip() if isinstance(value, str) else ""

    form = Form(meeting={name: text(name) for name in MEETING_FIELDS})
    others = form.others
    form.meeting.update({
        f"{name}.{code}": text(f"{name}.{code}") for name in MEETING_TEXTS for code in others
    })
    count = min(MAX_FORM_ITEMS, _int(text("item_count")))
    for i in range(count):
        item = {name: text(f"items-{i}-{name}") for name in ITEM_FIELDS}
        item.update({
            f"{name}.{code}": text(f"items-{i}-{name}.{code}")
            for name in ITEM_TEXTS for code in others
        })
        for name in FLAGS:
            item[name] = "yes" if item[name] else ""
        form.items.append(item)
    agenda = data.get("agenda")
    form.agenda = agenda if isinstance(agenda, str) else ""
    return form


def _int(text: str) -> int:
    try:
        return max(0, int(text))
    except ValueError:
        return 0


def form_to_data(form: Form) -> dict[str, Any]:
    """The form as agenda data (the YAML's shape), for `meeting_from_data`."""
    data: dict[str, Any] = {k: v for k, v in form.meeting.items() if v and "." not in k}
    first, others = (form.languages or ["en"])[0], form.others
    for name in MEETING_TEXTS:
        texts = {c: form.meeting.get(f"{name}.{c}", "") for c in others}
        if any(texts.values()):
            data[name] = {first: form.meeting.get(name, ""), **texts}
    items = []
    for row in form.items:
        item: dict[str, Any] = {"title": row.get("title", "")}
        titles = {c: row.get(f"title.{c}", "") for c in others}
        if any(titles.values()):
            item["title"] = {first: item["title"], **titles}
        for name in ("start", "duration", "speaker_limit", "presenters"):
            if row.get(name):
                item[name] = row[name]
        item["queue_open"] = row.get("queue_open") or "yes"
        for name in FLAGS:
            item[name] = bool(row.get(name))
        if row.get("sub_points"):
            item["sub_points"] = sub_points_from_text(row["sub_points"])
        if row.get("questions"):
            item["questions"] = lines(row["questions"])
        for name in ("sub_points", "questions"):
            given: dict[str, list[Any]] = {
                c: _entries(name, row[f"{name}.{c}"]) for c in others if row.get(f"{name}.{c}")
            }
            if given:
                item[name] = {first: item.get(name, []), **given}
        if row.get("bookings"):
            item["bookings"] = lines(row["bookings"])
        items.append(item)
    data["items"] = items
    return data


def _entries(name: str, text: str) -> list[Any]:
    """Another language's sub-points or questions, line by line beside the first's."""
    if name == "sub_points":
        return sub_points_from_text(text, keep_blank=True)
    return lines(text, keep_blank=True)


def form_from_data(data: dict[str, Any]) -> Form:
    """A form filled from normalized agenda data (an import, or the reference meeting)."""
    meeting = {
        name: str(data.get(name) or "") for name in MEETING_FIELDS
        if name not in ("regions", "languages")
    }
    meeting["regions"] = ", ".join(data.get("regions") or [])
    meeting["languages"] = ", ".join(data.get("languages") or [])
    for code, texts in (data.get("translations") or {}).items():
        for name in MEETING_TEXTS:
            meeting[f"{name}.{code}"] = texts.get(name, "")
    # The file's slug is kept only if it is not the one the title gives anyway.
    items = []
    for item in data.get("items") or []:
        own: dict[str, str] = {}
        for code, tr in (item.get("translations") or {}).items():
            own[f"title.{code}"] = tr.get("title", "")
            own[f"sub_points.{code}"] = sub_points_to_text(tr.get("sub_points"))
            own[f"questions.{code}"] = "\n".join(tr.get("questions") or [])
        items.append({
            **own,
            "title": item.get("title", ""),
            "start": item.get("start", ""),
            "duration": str(item.get("duration", "")),
            "presenters": ", ".join(item.get("presenters") or []),
            "sub_points": sub_points_to_text(item.get("sub_points")),
            "questions": "\n".join(item.get("questions") or []),
            "bookings": bookings_to_text(item.get("bookings")),
            "speaker_limit": str(item.get("speaker_limit", "")),
            "queue_open": "yes" if item.get("queue_open", True) else "no",
            "introductions": "yes" if item.get("introductions") else "",
            "fixed": "yes" if item.get("fixed") else "",
        })
    return Form(meeting=meeting, items=items or [blank_item()])


def _follow_starts(form: Form) -> None:
    """The first item's start becomes the meeting's; later items that simply follow the
    one before them show "follows" (a blank start), so re-planning keeps them in step."""
    try:
        starts = [parse_clock(r["start"]) if r.get("start") else None for r in form.items]
        minutes = [int(r.get("duration") or 0) for r in form.items]
        meeting_start = parse_clock(form.meeting["start"]) if form.meeting.get("start") else None
    except (DomainError, ValueError):
        return
    if meeting_start is None and starts and starts[0] is not None:
        meeting_start = starts[0]
        form.meeting["start"] = form.items[0]["start"]
    ends = meeting_start
    for row, start, duration in zip(form.items, starts, minutes, strict=True):
        begins = start if start is not None else ends
        if start is not None and start == ends and not row.get("fixed"):
            row["start"] = ""
        ends = None if begins is None else (begins + duration) % (24 * 60)


@cache
def time_zones() -> Markup:
    """The time zones the builder suggests, as the options of its datalist: made once
    (600 names escaped on every view of the form were a third of its cost)."""
    return Markup("").join(
        Markup('<option value="{}">').format(z) for z in sorted(zoneinfo.available_timezones())
    )


def reference_form() -> Form:
    data = normalize(load_agenda_yaml(REFERENCE_MEETING.read_text(encoding="utf-8")))
    data.pop("slug", None)
    data.setdefault("timezone", "America/New_York")
    form = form_from_data(data)
    _follow_starts(form)
    return form


async def imported(form: Form, data: FormData) -> Form:
    """The form filled from an uploaded or pasted file, or kept with the file's problems."""
    upload = data.get("file")
    filename = ""
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            filename = upload.filename
            text = decode(await upload.read(300 * 1024))
        else:
            text = form.agenda
        fields = {k: form.meeting.get(k, "") for k in ("title", "slug", "date", "regions")}
        untitled = not fields["title"] and kind_of(text, filename) != "yaml"
        if untitled:
            fields["title"] = UNTITLED
        parsed = read_agenda(text, filename=filename, fields=fields)
    except DomainError as exc:
        form.import_problems = problems_of(exc)
        return form
    new = form_from_data(parsed)
    new.agenda = form.agenda  # the import box keeps what was pasted
    _follow_starts(new)
    if untitled and new.meeting.get("title") == UNTITLED:
        new.meeting["title"] = ""
        new.meeting["slug"] = ""
        new.problems = [Problem(
            N_("a CSV agenda holds only the items: give the meeting a title."), field="title",
            code="title_required",
        )]
    return new


def apply_op(form: Form, op: str) -> Form:
    """Add, move or remove an item row; the rest of the form as typed."""
    verb, _, arg = op.partition(":")
    index = _int(arg)
    items = form.items
    if verb == "add" and len(items) < MAX_FORM_ITEMS:
        position = index + 1 if arg else len(items)
        items.insert(position, blank_item())
    elif verb == "remove" and 0 <= index < len(items):
        del items[index]
        if not items:
            items.append(blank_item())
    elif verb == "up" and 0 < index < len(items):
        items[index - 1], items[index] = items[index], items[index - 1]
    elif verb == "down" and 0 <= index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]
    return form


def build_meeting(form: Form) -> Meeting:
    """The meeting the form describes; AgendaInvalid with each problem at its field."""
    return meeting_from_data(form_to_data(form))


async def create(request: Request, form: Form) -> Response | Form:
    """Create the meeting and redirect to its card; or the form with its problems."""
    from floor.web.pages import app_state

    store = app_state(request).store
    try:
        meeting = build_meeting(form)
    except DomainError as exc:
        form.problems = problems_of(exc)
        return form
    key = new_chair_key()
    chosen = bool(form.value("slug"))
    base = meeting.slug
    for attempt in range(1, 21):
        try:
            await store.create(meeting, key)
            break
        except DomainError as exc:
            if exc.code != "slug_taken" or chosen or attempt == 20:
                if exc.code == "slug_taken":
                    form.problems = [Problem(
                        N_("a meeting called “{slug}” exists already: choose another short"
                           " name for the links."),
                        field="slug", code="slug_taken", params={"slug": meeting.slug},
                    )]
                else:
                    form.problems = [Problem.of(exc)]
                return form
            meeting = _with_slug(meeting, f"{base[:59]}-{attempt + 1}")
    token = request.cookies.get(OWNER_COOKIE) or new_token()
    await store.add_owned(owner_id(token), meeting.slug)
    card = request.url_for("card", slug=meeting.slug).include_query_params(key=key)
    response = RedirectResponse(str(card), status_code=303)
    if OWNER_COOKIE not in request.cookies:
        response.set_cookie(
            OWNER_COOKIE, token, max_age=OWNER_MAX_AGE, httponly=True, samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


def _with_slug(meeting: Meeting, slug: str) -> Meeting:
    import msgspec

    return msgspec.structs.replace(meeting, slug=slug)
