"""HTTP pages: create a meeting, the three role pages, clock, health, QR code."""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any

import msgspec
import segno
from floor import i18n, metrics
from floor.access import TOKEN_COOKIE, key_matches, new_chair_key, new_token, participant_id
from floor.clock import now_ms
from floor.domain.agenda import meeting_from_data
from floor.domain.commands import Role
from floor.domain.errors import DomainError, Refusal, Unavailable
from floor.domain.model import Meeting
from floor.record.agenda_csv import agenda_from_csv
from floor.record.agenda_yaml import load_agenda_yaml
from floor.resources import static_url
from floor.web.csrf import csrf_token, refused
from floor.web.errors import forbidden, not_found
from floor.web.language import localized, page_language, switcher, ws_query
from floor.web.state import AppState
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

MAX_AGENDA_BYTES = 256 * 1024


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.floor
    return state


async def _meeting(request: Request) -> Meeting:
    meeting = await app_state(request).store.load(request.path_params["slug"])
    if meeting is None:
        raise not_found()
    return meeting


def links(base: URL | str, slug: str, key: str) -> dict[str, str]:
    root = str(base).rstrip("/")
    return {
        "chair": f"{root}/m/{slug}/chair?key={key}",
        "screen": f"{root}/m/{slug}/screen",
        "join": f"{root}/m/{slug}",
    }


def _html(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    lang = page_language(request)
    body = app_state(request).renderer.template(
        name, lang=lang, switch=switcher(request), **context
    )
    return localized(request, HTMLResponse(body, status_code=status), lang)


def _home(request: Request, status: int = 200, **context: Any) -> Response:
    """The create form, with its CSRF token and, in organizers-only mode, the key field."""
    context = {"error": None, "agenda": "", "csv": {}, **context}
    need_key = app_state(request).creation.key is not None
    return _html(
        request, "home.html", status, csrf=csrf_token(request), need_key=need_key, **context
    )


STATUS = {"rate_limited": 429, "too_many_meetings": 503, "create_key": 403}


async def home(request: Request) -> Response:
    if request.method == "GET":
        return _home(request)
    form = await request.form()
    if (forged := refused(request, form)) is not None:
        return forged
    agenda = str(form.get("agenda") or "")
    upload = form.get("file")
    is_csv = False
    if upload is not None and not isinstance(upload, str):
        agenda = (await upload.read(MAX_AGENDA_BYTES + 1)).decode("utf-8", "replace") or agenda
        is_csv = (upload.filename or "").lower().endswith(".csv")
    csv_fields = {name: str(form.get(name) or "").strip() for name in CSV_FIELDS}
    state = app_state(request)
    try:
        address = request.client.host if request.client else "unknown"
        given_key = str(form.get("create_key") or "")
        state.creation.check(address, given_key, len(await state.store.slugs()))
        if len(agenda) > MAX_AGENDA_BYTES:
            raise DomainError(Refusal.AGENDA_FILE_TOO_LARGE)
        data = _csv_agenda(agenda, csv_fields) if is_csv else load_agenda_yaml(agenda)
        meeting = meeting_from_data(data)
        key = new_chair_key()
        await state.store.create(meeting, key)
    except DomainError as exc:
        pasted = str(form.get("agenda") or "") if is_csv else agenda
        return _home(
            request, STATUS.get(exc.code, 400), error=exc, agenda=pasted, csv=csv_fields
        )
    return _html(
        request, "created.html", meeting=meeting, links=links(request.base_url, meeting.slug, key)
    )


CSV_FIELDS = ("title", "slug", "date", "regions")


def _csv_agenda(text: str, fields: dict[str, str]) -> dict[str, Any]:
    """Agenda data from an uploaded CSV of items and the form's meeting fields."""
    if not fields["title"]:
        raise DomainError(Refusal.CSV_TITLE_REQUIRED)
    regions = [r.strip() for r in fields["regions"].split(",") if r.strip()]
    return agenda_from_csv(
        text, title=fields["title"], slug=fields["slug"], regions=regions, date=fields["date"]
    )


async def participant_page(request: Request) -> Response:
    meeting = await _meeting(request)
    token = request.cookies.get(TOKEN_COOKIE) or new_token()
    pid = participant_id(meeting.slug, token)
    renderer = app_state(request).renderer
    lang = page_language(request)
    body = renderer.page(
        Role.PARTICIPANT, meeting, me=meeting.participants.get(pid),
        lang=lang,
        switch=switcher(request),
        pid=pid,
        regions=meeting.regions,
        categories=[k.name for k in meeting.categories],
        ws_query=ws_query(lang),
    )
    response = localized(request, HTMLResponse(body), lang)
    if TOKEN_COOKIE not in request.cookies:
        response.set_cookie(
            TOKEN_COOKIE,
            token,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


async def screen_page(request: Request) -> Response:
    meeting = await _meeting(request)
    join = str(request.url_for("participant", slug=meeting.slug))
    # A screen's language is in its link (set by the chair), not in a browser's settings;
    # `?also=` adds a second one for a bilingual room: every label in both.
    lang = page_language(request, remember=False)
    both = i18n.audience(f"{lang}+{request.query_params.get('also') or ''}") or lang
    body = app_state(request).renderer.page(
        Role.SCREEN, meeting, lang=both, switch=[], join_url=join,
        qr_url=_qr_url(meeting.slug, join), ws_query=ws_query(both, role="screen"),
    )
    response = HTMLResponse(body)
    response.headers["Content-Language"] = ", ".join(
        i18n.LANGUAGES[code].tag for code in both.split("+")
    )
    return response


async def chair_page(request: Request) -> Response:
    meeting = await _meeting(request)
    key = request.query_params.get("key")
    if not key_matches(key, await app_state(request).store.chair_key(meeting.slug)):
        raise forbidden()
    join = str(request.url_for("participant", slug=meeting.slug))
    lang = page_language(request)
    body = app_state(request).renderer.page(
        Role.CHAIR,
        meeting,
        lang=lang,
        switch=switcher(request),
        join_url=join,
        screen_url=str(request.url_for("screen", slug=meeting.slug)),
        ws_query=ws_query(lang, key=key or ""),
        chair_key=key,
        csrf=csrf_token(request),
    )
    response = localized(request, HTMLResponse(body), lang)
    return response


async def rotate_chair_key(request: Request) -> Response:
    """Replace the chair key: every old chair link stops working at once."""
    meeting = await _meeting(request)
    store = app_state(request).store
    form = await request.form()
    if (forged := refused(request, form)) is not None:
        return forged
    if not key_matches(str(form.get("key") or ""), await store.chair_key(meeting.slug)):
        raise forbidden()
    key = new_chair_key()
    await store.set_chair_key(meeting.slug, key)
    chair = request.url_for("chair", slug=meeting.slug).include_query_params(key=key)
    return RedirectResponse(str(chair), status_code=303)


def _qr_url(slug: str, join: str) -> str:
    """The QR code's URL names what it encodes (a hash of the join link), so that a
    browser may keep it for good: a changed join link is a new URL."""
    return f"/m/{slug}/qr.svg?v={hashlib.sha256(join.encode()).hexdigest()[:12]}"


async def qr_code(request: Request) -> Response:
    meeting = await _meeting(request)
    join = str(request.url_for("participant", slug=meeting.slug))
    buffer = io.BytesIO()
    segno.make(join, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
    current = request.url.path + "?" + request.url.query == _qr_url(meeting.slug, join)
    cache = "public, max-age=31536000, immutable" if current else "no-cache"
    return Response(buffer.getvalue(), media_type="image/svg+xml",
                    headers={"Cache-Control": cache})


async def clock(request: Request) -> Response:
    """The server's time, for the pages' clock-offset estimate."""
    return Response(
        msgspec.json.encode({"now": now_ms()}),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


async def healthz(request: Request) -> Response:
    """200 while the store answers; 503 (not a traceback) while it does not."""
    try:
        meetings = len(await app_state(request).store.slugs())
    except Unavailable as exc:
        return JSONResponse({"ok": False, "error": exc.message}, status_code=503)
    return JSONResponse({"ok": True, "meetings": meetings})


async def metrics_page(request: Request) -> Response:
    """Prometheus' text format, for an operator holding FLOOR_METRICS_TOKEN (else 404)."""
    token = os.environ.get("FLOOR_METRICS_TOKEN")
    if not token:
        raise not_found("There is no such page.")
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not key_matches(given, token):
        return Response("A metrics token is needed.", status_code=401,
                        headers={"WWW-Authenticate": "Bearer"})
    return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


async def favicon(request: Request) -> Response:
    return RedirectResponse(static_url("floor.svg"))
