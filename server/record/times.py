"""Times on the record: epoch milliseconds shown in a time zone, durations in words.

A zone of `None` means the server's local time (the `TZ` convention); the record's
times are the meeting's zone's (`meeting_zone`) unless a reader asks for another.
Times of day in words are written by floor.i18n (CLDR), in the reader's language.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from floor.domain.errors import DomainError, Refusal


def zone(name: str | None) -> ZoneInfo | None:
    """A time zone by IANA name ("America/New_York", "UTC"); None or "" is local time."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        raise DomainError(Refusal.UNKNOWN_ZONE, zone=repr(name[:60])) from None


def meeting_zone(name: str) -> ZoneInfo | None:
    """The meeting's own time zone, which its times of day are written in; None (the
    server's local time) when it names none, or one this system does not know."""
    try:
        return zone(name)
    except DomainError:
        return None


def moment(ms: int, tz: tzinfo | None) -> datetime:
    """An aware datetime for epoch ms, in `tz` (or local time)."""
    if tz is None:
        return datetime.fromtimestamp(ms / 1000).astimezone()
    return datetime.fromtimestamp(ms / 1000, tz)


def iso(ms: int, tz: tzinfo | None) -> str:
    return moment(ms, tz).isoformat(timespec="seconds")


def zone_label(ms: int, tz: tzinfo | None) -> str:
    """"EDT (UTC-04:00)": the zone the record's times are in, at that moment."""
    at = moment(ms, tz)
    offset = at.strftime("%z")
    name = at.tzname() or ""
    utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return utc if name in ("UTC", utc) else f"{name} ({utc})"


def mmss(ms: int) -> str:
    """A turn's length: "1:35"; an hour or more: "1:02:35"."""
    seconds = max(0, round(ms / 1000))
    hours, rest = divmod(seconds, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"


def minutes_text(ms: int) -> str:
    """An item's length: "45 min", "1 h 05 min"."""
    minutes = max(0, round(ms / 60_000))
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"
