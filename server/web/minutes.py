"""The chair's record after (or during) the meeting: the minutes page and the downloads.

Everything here needs the chair key (`?key=`), checked as the chair page
checks it. Times are shown in the server's local time unless `?tz=` names
an IANA zone; the agenda's iCalendar keeps floating times unless given one.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from floor.access import key_matches
from floor.clock import now_ms
from floor.domain.errors import DomainError
from floor.domain.model import Meeting
from floor.record import minutes as minutes_mod
from floor.record import stats as stats_mod
from floor.record import times
from floor.record.files import AGENDA_FORMATS, MINUTES_FORMATS, Format, render
from floor.web.pages import _html, _meeting, app_state
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


async def _chair_meeting(request: Request) -> tuple[Meeting, str]:
    meeting = await _meeting(request)
    key = request.query_params.get("key") or ""
    if not key_matches(key, await app_state(request).store.chair_key(meeting.slug)):
        raise _Refused(_html(request, "forbidden.html", status=403))
    return meeting, key


def _zone(request: Request) -> ZoneInfo | None:
    try:
        return times.zone(request.query_params.get("tz"))
    except DomainError as exc:
        raise _Refused(PlainTextResponse(exc.message, status_code=400)) from None


async def minutes_page(request: Request) -> Response:
    try:
        meeting, key = await _chair_meeting(request)
        tz = _zone(request)
    except _Refused as refused:
        return refused.response
    now = now_ms()
    record = minutes_mod.build(meeting, now)
    query: dict[str, str] = {"key": key}
    if request.query_params.get("tz"):
        query["tz"] = request.query_params["tz"]
    context: dict[str, Any] = {
        "m": record,
        "s": stats_mod.fold(meeting),
        "at": lambda ms: times.clock(ms, tz),
        "iso": lambda ms: times.iso(ms, tz),
        "zone_label": times.zone_label(record.started_at or now, tz),
        "tz_name": request.query_params.get("tz", ""),
        "query": urlencode(query),
        "chair_query": urlencode({"key": key}),
        "key": key,
    }
    body = app_state(request).renderer.template("minutes.html", **context)
    return HTMLResponse(body, headers={**PRIVATE})


async def minutes_download(request: Request) -> Response:
    return await _download(request, MINUTES_FORMATS)


async def agenda_download(request: Request) -> Response:
    return await _download(request, AGENDA_FORMATS)


async def _download(request: Request, formats: dict[str, Format]) -> Response:
    fmt = request.path_params["format"]
    if fmt not in formats:
        return PlainTextResponse("There is no such file.", status_code=404)
    try:
        meeting, _ = await _chair_meeting(request)
        tz = _zone(request)
    except _Refused as refused:
        return refused.response
    text = request.query_params.get("date")
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return PlainTextResponse("The date must read YYYY-MM-DD.", status_code=400)
    try:
        body = render(meeting, fmt, tz=tz, now=now_ms(), day=day)
    except DomainError as exc:
        return PlainTextResponse(exc.message, status_code=400)
    headers = {
        **PRIVATE,
        "Content-Disposition": f'attachment; filename="{meeting.slug}-{formats[fmt].suffix}"',
    }
    return Response(body, media_type=formats[fmt].media_type, headers=headers)
