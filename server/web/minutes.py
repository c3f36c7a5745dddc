"""The chair's record after (or during) the meeting: the minutes page and the downloads.

Everything here needs the chair key (`?key=`), checked as the chair page
checks it. Times are shown in the meeting's time zone (the server's local
time if it names none) unless `?tz=` names another IANA zone; the agenda's
iCalendar keeps floating times unless given one. The minutes are in the
reader's language (`?lang=`, else the negotiated one), agenda texts included.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from floor import i18n
from floor.clock import now_ms
from floor.domain import wording
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import Meeting
from floor.record import minutes as minutes_mod
from floor.record import stats as stats_mod
from floor.record import times
from floor.record.files import AGENDA_FORMATS, MINUTES_FORMATS, Format, render
from floor.web.errors import not_found
from floor.web.language import localized, page_language, switcher
from floor.web.pages import app_state, chair_meeting


def _zone(request: Request, meeting: Meeting) -> ZoneInfo | None:
    asked = request.query_params.get("tz")
    if asked:
        return times.zone(asked)  # DomainError: a 400 (floor.web.errors)
    return times.meeting_zone(meeting.timezone)


async def minutes_page(request: Request) -> Response:
    meeting, key = await chair_meeting(request)
    tz = _zone(request, meeting)
    now = now_ms()
    lang = page_language(request)
    meeting = wording.localized(meeting, lang)
    record = minutes_mod.build(meeting, now)
    query: dict[str, str] = {"key": key}
    if request.query_params.get("tz"):
        query["tz"] = request.query_params["tz"]
    context: dict[str, Any] = {
        "m": record,
        "s": stats_mod.fold(meeting),
        "at": lambda ms: i18n.time_of_day(ms, tz, lang),
        "iso": lambda ms: times.iso(ms, tz),
        "zone_label": times.zone_label(record.started_at or now, tz),
        "tz_name": request.query_params.get("tz", ""),
        "query": urlencode(query),
        "chair_query": urlencode({"key": key}),
        "key": key,
    }
    body = app_state(request).renderer.template(
        "minutes.html", lang=lang, switch=switcher(request), **context
    )
    return localized(request, HTMLResponse(body), lang)


async def minutes_download(request: Request) -> Response:
    return await _download(request, MINUTES_FORMATS)


async def agenda_download(request: Request) -> Response:
    return await _download(request, AGENDA_FORMATS)


async def _download(request: Request, formats: dict[str, Format]) -> Response:
    fmt = request.path_params["format"]
    if fmt not in formats:
        raise not_found("There is no such file.")
    meeting, _ = await chair_meeting(request)
    text = request.query_params.get("date")
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        raise DomainError(Refusal.INVALID_DATE) from None
    if fmt in MINUTES_FORMATS:  # the reader's language and the meeting's zone
        lang = page_language(request)
        body = render(
            wording.localized(meeting, lang), fmt, tz=_zone(request, meeting), now=now_ms(),
            day=day, lang=lang,
        )
    else:  # the agenda as it is kept: every language, times as printed
        tz = times.zone(request.query_params.get("tz"))
        body = render(meeting, fmt, tz=tz, now=now_ms(), day=day)
    headers = {
        "Content-Disposition": f'attachment; filename="{meeting.slug}-{formats[fmt].suffix}"',
    }
    return Response(body, media_type=formats[fmt].media_type, headers=headers)
