"""Agenda files: the schema of a meeting's YAML and its conversion to a Meeting.

Parsing the YAML text happens at the edge; this module takes the parsed data.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec

from server.domain.errors import DomainError
from server.domain.model import (
    AgendaItem,
    Attendance,
    Booking,
    Meeting,
    Participant,
    SubPoint,
)
from server.domain.timer import new_timer

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_CLOCK = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)


class SubPointSpec(msgspec.Struct, forbid_unknown_fields=True):
    text: str
    points: list[str] = []


class BookingSpec(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    organization: str = ""
    region: str = ""


class ItemSpec(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    start: str
    duration: Annotated[int, msgspec.Meta(ge=1, le=24 * 60)]  # minutes
    presenters: list[str] = []
    sub_points: list[str | SubPointSpec] = []
    questions: list[str] = []
    bookings: list[BookingSpec] = []
    speaker_limit: Annotated[int, msgspec.Meta(ge=10, le=3600)] = 180  # seconds
    introductions: bool = False
    queue_open: bool = True


class AgendaSpec(msgspec.Struct, forbid_unknown_fields=True):
    slug: str
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    items: Annotated[list[ItemSpec], msgspec.Meta(min_length=1, max_length=100)]
    subtitle: str = ""
    organizer: str = ""
    date: str = ""
    venue: str = ""
    remote: str = ""
    regions: list[str] = []


def parse_clock(text: str) -> int:
    """"2:15pm", "14:15" or "2pm" -> minutes after midnight."""
    match = _CLOCK.match(text)
    if not match:
        raise DomainError("invalid_agenda", f"Cannot read the time {text!r}.")
    hours, minutes, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half and not 1 <= hours <= 12:
        raise DomainError("invalid_agenda", f"Cannot read the time {text!r}.")
    if half.startswith("p") and hours < 12:
        hours += 12
    elif half.startswith("a") and hours == 12:
        hours = 0
    if hours > 23 or minutes > 59:
        raise DomainError("invalid_agenda", f"Cannot read the time {text!r}.")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Minutes after midnight -> "2:15pm", the way the agenda prints times."""
    hours, mins = divmod(minutes % (24 * 60), 60)
    half = "am" if hours < 12 else "pm"
    return f"{(hours % 12) or 12}:{mins:02d}{half}"


def meeting_from_data(data: Any, *, slug: str | None = None) -> Meeting:
    """Build a fresh meeting from parsed agenda data; raise DomainError if invalid."""
    if isinstance(data, dict) and slug is not None:
        data = {**data, "slug": slug}
    try:
        spec = msgspec.convert(data, AgendaSpec)
    except msgspec.ValidationError as exc:
        raise DomainError("invalid_agenda", f"The agenda is not valid: {exc}.") from None
    if not SLUG.match(spec.slug):
        raise DomainError(
            "invalid_slug", "A meeting's short name uses a-z, 0-9 and dashes (2 to 63 characters)."
        )
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
                sub_points=tuple(
                    SubPoint(text=p) if isinstance(p, str) else SubPoint(p.text, tuple(p.points))
                    for p in item.sub_points
                ),
                questions=tuple(item.questions),
                bookings=tuple(bookings),
                speaker_limit=item.speaker_limit,
                introductions=item.introductions,
                queue_open=item.queue_open,
            )
        )
    return Meeting(
        slug=spec.slug,
        title=spec.title,
        subtitle=spec.subtitle,
        organizer=spec.organizer,
        date=spec.date,
        venue=spec.venue,
        remote=spec.remote,
        regions=tuple(spec.regions),
        items=tuple(items),
        participants=participants,
    )
