"""Agenda files: the schema of a meeting's YAML and its conversion to a Meeting.

Parsing the YAML text happens at the edge; this module takes the parsed data.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec

from floor.domain.errors import DomainError, Refusal
from floor.domain.model import (
    AgendaItem,
    Attendance,
    Booking,
    Category,
    ItemText,
    Meeting,
    MeetingText,
    Participant,
    SubPoint,
)
from floor.domain.timer import new_timer

# Caps on what an agenda may hold: it comes from anyone who can reach `/`.
Text = Annotated[str, msgspec.Meta(max_length=500)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
MAX_MEETING_BYTES = 512 * 1024  # the encoded meeting, checked before it is stored
LangCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$")]
MAX_LANGUAGES = 12

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_CLOCK = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)


class SubPointSpec(msgspec.Struct, forbid_unknown_fields=True):
    text: Text
    points: Annotated[list[Text], msgspec.Meta(max_length=20)] = []


class ItemTextSpec(msgspec.Struct, forbid_unknown_fields=True):
    """An item's texts in one more language: the lists run beside the item's own."""

    title: Annotated[str, msgspec.Meta(max_length=200)] = ""
    sub_points: Annotated[list[Text | SubPointSpec], msgspec.Meta(max_length=30)] = []
    questions: Annotated[list[Text], msgspec.Meta(max_length=20)] = []


class MeetingTextSpec(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(max_length=200)] = ""
    subtitle: Text = ""


class BookingSpec(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    organization: Annotated[str, msgspec.Meta(max_length=200)] = ""
    region: Annotated[str, msgspec.Meta(max_length=100)] = ""


class ItemSpec(msgspec.Struct, forbid_unknown_fields=True):
    title: Title
    start: Annotated[str, msgspec.Meta(max_length=20)]
    duration: Annotated[int, msgspec.Meta(ge=1, le=24 * 60)]  # minutes
    presenters: Annotated[list[Text], msgspec.Meta(max_length=20)] = []
    sub_points: Annotated[list[Text | SubPointSpec], msgspec.Meta(max_length=30)] = []
    questions: Annotated[list[Text], msgspec.Meta(max_length=20)] = []
    bookings: Annotated[list[BookingSpec], msgspec.Meta(max_length=50)] = []
    speaker_limit: Annotated[int, msgspec.Meta(ge=10, le=3600)] = 180  # seconds
    introductions: bool = False
    list_open: bool = msgspec.field(default=True, name="queue_open")
    fixed: bool = False  # keeps its start when the items before it move
    # the texts in the meeting's other languages: written in a file as
    # `title: {en: Welcome, fr: Bienvenue}` (see agenda_languages), kept here by language
    translations: Annotated[
        dict[LangCode, ItemTextSpec], msgspec.Meta(max_length=MAX_LANGUAGES)
    ] = {}


class CategorySpec(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    seconds: Annotated[int, msgspec.Meta(ge=10, le=3600)] | None = None  # per speech


class AgendaSpec(msgspec.Struct, forbid_unknown_fields=True):
    slug: Annotated[str, msgspec.Meta(max_length=200)]  # checked against SLUG below
    title: Title
    items: Annotated[list[ItemSpec], msgspec.Meta(min_length=1, max_length=100)]
    subtitle: Text = ""
    organizer: Text = ""
    date: Annotated[str, msgspec.Meta(max_length=100)] = ""
    venue: Text = ""
    remote: Text = ""
    timezone: Annotated[str, msgspec.Meta(max_length=64)] = ""  # IANA, e.g. America/New_York
    dial_in: Annotated[str, msgspec.Meta(max_length=200)] = ""  # the conference line's number
    remote_link: Annotated[str, msgspec.Meta(max_length=500)] = ""  # the video call's link
    regions: Annotated[list[Annotated[str, msgspec.Meta(max_length=100)]],
                       msgspec.Meta(max_length=30)] = []
    # the meeting's languages (codes such as "en", "fr"), its first the default
    languages: Annotated[list[LangCode], msgspec.Meta(max_length=MAX_LANGUAGES)] = []
    # speaker categories, in their order of precedence
    categories: Annotated[list[CategorySpec], msgspec.Meta(max_length=20)] = []
    # the title and subtitle in the meeting's other languages
    translations: Annotated[
        dict[LangCode, MeetingTextSpec], msgspec.Meta(max_length=MAX_LANGUAGES)
    ] = {}


def parse_clock(text: str) -> int:
    """"2:15pm", "14:15" or "2pm" -> minutes after midnight."""
    match = _CLOCK.match(text)
    if not match:
        raise DomainError(Refusal.BAD_TIME, text=repr(text))
    hours, minutes, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half and not 1 <= hours <= 12:
        raise DomainError(Refusal.BAD_TIME, text=repr(text))
    if half.startswith("p") and hours < 12:
        hours += 12
    elif half.startswith("a") and hours == 12:
        hours = 0
    if hours > 23 or minutes > 59:
        raise DomainError(Refusal.BAD_TIME, text=repr(text))
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Minutes after midnight -> "2:15pm", the way the agenda prints times."""
    hours, mins = divmod(minutes % (24 * 60), 60)
    half = "am" if hours < 12 else "pm"
    return f"{(hours % 12) or 12}:{mins:02d}{half}"


def meeting_from_data(data: Any, *, slug: str | None = None) -> Meeting:
    """Build a fresh meeting from parsed agenda data; raise DomainError if invalid.

    The data is read as people write it (see `agenda_input`): an
    `agenda_problems.AgendaInvalid` lists every problem with its place.
    """
    from floor.domain.agenda_input import check_spec, normalize

    if isinstance(data, dict) and slug is not None:
        data = {**data, "slug": slug}
    spec = check_spec(normalize(data))
    if not SLUG.match(spec.slug):
        raise DomainError(Refusal.INVALID_SLUG)
    participants: dict[str, Participant] = {}
    items: list[AgendaItem] = []
    for number, item in enumerate(spec.items, start=1):
        bookings = []
        for booking in item.bookings:
            pid = f"b{len(participants) + 1}"
            participants[pid] = Participant(
                id=pid,
                name=booking.name,
                organization=booking.organization,
                region=booking.region,
                attendance=Attendance.ROOM,
                present=False,
            )
            bookings.append(Booking(participant_id=pid))
        items.append(
            AgendaItem(
                id=f"i{number}",
                title=item.title,
                planned_start=parse_clock(item.start),
                duration=item.duration,
                timer=new_timer(item.duration * 60_000),
                presenters=tuple(item.presenters),
                sub_points=_sub_points(item.sub_points),
                questions=tuple(item.questions),
                translations={
                    code: ItemText(t.title, _sub_points(t.sub_points), tuple(t.questions))
                    for code, t in item.translations.items()
                },
                bookings=tuple(bookings),
                speaker_limit=item.speaker_limit,
                introductions=item.introductions,
                list_open=item.list_open,
                fixed=item.fixed,
            )
        )
    meeting = Meeting(
        slug=spec.slug,
        title=spec.title,
        subtitle=spec.subtitle,
        organizer=spec.organizer,
        date=spec.date,
        venue=spec.venue,
        remote=spec.remote,
        timezone=spec.timezone,
        dial_in=spec.dial_in,
        remote_link=spec.remote_link,
        regions=tuple(spec.regions),
        languages=tuple(dict.fromkeys(spec.languages)),
        translations={
            code: MeetingText(t.title, t.subtitle) for code, t in spec.translations.items()
        },
        categories=tuple(Category(name=k.name, seconds=k.seconds) for k in spec.categories),
        items=tuple(items),
        participants=participants,
    )
    if len(msgspec.json.encode(meeting)) > MAX_MEETING_BYTES:
        raise DomainError(Refusal.AGENDA_TOO_LARGE)
    return meeting


def _sub_points(points: list[str | SubPointSpec]) -> tuple[SubPoint, ...]:
    return tuple(
        SubPoint(text=p) if isinstance(p, str) else SubPoint(p.text, tuple(p.points))
        for p in points
    )


def agenda_to_data(meeting: Meeting) -> dict[str, Any]:
    """The agenda as it stands, in the shape `meeting_from_data` reads back.

    Defaults are left out so that the file reads like one written by hand;
    `meeting_from_data(agenda_to_data(m))` rebuilds the same agenda (fresh
    item ids, nothing of the meeting's run).
    """
    data: dict[str, Any] = {"slug": meeting.slug}
    for name in (
        "organizer", "title", "subtitle", "date", "venue", "remote", "timezone", "dial_in",
        "remote_link",
    ):
        value = getattr(meeting, name)
        if value or name == "title":
            data[name] = value
    first = meeting.default_language
    for name in ("title", "subtitle"):
        texts = {code: getattr(t, name) for code, t in meeting.translations.items()}
        if name in data and any(texts.values()):
            data[name] = in_languages(first, data[name], texts)
    if meeting.regions:
        data["regions"] = list(meeting.regions)
    if meeting.languages:
        data["languages"] = list(meeting.languages)
    if meeting.categories:
        data["categories"] = [
            {"name": k.name, **({"seconds": k.seconds} if k.seconds else {})}
            for k in meeting.categories
        ]
    data["items"] = [_item_data(meeting, item) for item in meeting.items]
    return data


def in_languages(first: str, text: str, others: dict[str, str]) -> str | dict[str, str]:
    """A text as a file writes it: plain, or `{en: Welcome, fr: Bienvenue}`."""
    texts = {code: value for code, value in others.items() if value and code != first}
    return {first: text, **texts} if texts else text


def _item_data(meeting: Meeting, item: AgendaItem) -> dict[str, Any]:
    first = meeting.default_language
    tr = item.translations

    def texts(pick: Any) -> dict[str, Any]:
        return {code: pick(t) for code, t in tr.items()}

    def entry(side: tuple[Any, ...], i: int) -> Any:
        return side[i] if i < len(side) else None

    data: dict[str, Any] = {
        "title": in_languages(first, item.title, texts(lambda t: t.title)),
        "start": format_clock(item.planned_start),
        "duration": item.duration,
    }
    if not item.list_open:
        data["queue_open"] = False
    if item.presenters:
        data["presenters"] = list(item.presenters)
    if item.sub_points:
        points = []
        for i, p in enumerate(item.sub_points):
            sides: dict[str, SubPoint] = texts(
                lambda t, i=i: entry(t.sub_points, i) or SubPoint("")
            )
            text = in_languages(first, p.text, {c: s.text for c, s in sides.items()})
            points.append({"text": text, "points": [
                in_languages(first, sub, {c: entry(s.points, j) or "" for c, s in sides.items()})
                for j, sub in enumerate(p.points)
            ]} if p.points else text)
        data["sub_points"] = points
    if item.questions:
        data["questions"] = [
            in_languages(first, q, texts(lambda t, i=i: entry(t.questions, i) or ""))
            for i, q in enumerate(item.questions)
        ]
    if item.introductions:
        data["introductions"] = True
    if item.fixed:
        data["fixed"] = True
    if item.bookings:
        data["bookings"] = [_booking_data(meeting, b.participant_id) for b in item.bookings]
    if item.speaker_limit != _DEFAULT_LIMIT:
        data["speaker_limit"] = item.speaker_limit
    return data


_DEFAULT_LIMIT = ItemSpec(title="-", start="", duration=1).speaker_limit


def _booking_data(meeting: Meeting, participant_id: str) -> dict[str, str]:
    person = meeting.participants.get(participant_id)
    if person is None:
        return {"name": "(unknown)"}
    data = {"name": person.name}
    if person.organization:
        data["organization"] = person.organization
    if person.region:
        data["region"] = person.region
    return data
