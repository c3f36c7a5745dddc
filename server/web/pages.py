"""HTTP pages: the role pages, the meeting card, clock, health, QR code (`/`: floor.web.home)."""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any

import msgspec
import segno
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import URL, FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from floor import i18n, metrics
from floor.access import (
    TOKEN_COOKIE,
    key_matches,
    new_chair_key,
    new_token,
    participant_id,
)
from floor.clock import now_ms
from floor.domain import wording
from floor.domain.commands import TEAM_LABELS, TEAM_POWERS, TEAM_ROLES, Role
from floor.domain.errors import DomainError, Refusal, Unavailable
from floor.domain.model import Meeting
from floor.live.schedule import schedule_start
from floor.resources import static_url
from floor.web.csrf import csrf_token, refused
from floor.web.errors import forbidden, not_found
from floor.web.keys import role_of_key
from floor.web.language import localized, page_language, switcher, ws_query
from floor.web.state import AppState
from floor.web.urls import is_loopback, public_base


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.floor
    return state


async def _meeting(request: Request) -> Meeting:
    meeting = await app_state(request).store.load(request.path_params["slug"])
    if meeting is None:
        raise not_found()
    return meeting


async def chair_meeting(request: Request, key: str | None = None) -> tuple[Meeting, str]:
    """The meeting and the chair key the request carries (`?key=`, or `key` from a
    form); the "chair link needed" page (403) when it is not the meeting's."""
    meeting = await _meeting(request)
    key = request.query_params.get("key") if key is None else key
    if not key_matches(key, await app_state(request).store.chair_key(meeting.slug)):
        raise forbidden()
    return meeting, str(key)


def links(base: URL | str, slug: str, key: str) -> dict[str, str]:
    root = str(base).rstrip("/")
    return {
        "chair": f"{root}/m/{slug}/chair?key={key}",
        "screen": f"{root}/m/{slug}/screen",
        "join": f"{root}/m/{slug}",
    }


def page_html(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    lang = page_language(request)
    body = app_state(request).renderer.template(
        name, lang=lang, switch=switcher(request), **context
    )
    return localized(request, HTMLResponse(body, status_code=status), lang)


async def card_page(request: Request) -> Response:
    """The chair's printable meeting card: the links, the QR code, the line, the start."""
    meeting, key = await chair_meeting(request)
    base = public_base(request)
    found = links(base, meeting.slug, key)
    return page_html(
        request, "card.html", meeting=wording.localized(meeting, page_language(request)),
        links=found, qr=_qr_svg(found["join"]),
        start=schedule_start(meeting), loopback=is_loopback(base),
    )


def _qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False,
                                    svgns=True, title="QR code: " + url)
    return buffer.getvalue().decode()


def join_url(request: Request, slug: str) -> str:
    """The join link as phones must see it: never the projector browser's localhost."""
    return f"{public_base(request)}/m/{slug}"


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
        spoken=meeting.languages,
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
    join = join_url(request, meeting.slug)
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
    meeting, key = await chair_meeting(request)
    store = app_state(request).store
    lang = page_language(request)
    base = public_base(request)
    team = []
    for role in TEAM_ROLES:
        team_key = await store.team_key(meeting.slug, role.value)
        team.append({
            "role": role.value, "label": TEAM_LABELS[role], "powers": TEAM_POWERS[role],
            "link": f"{base}/m/{meeting.slug}/team?key={team_key}" if team_key else "",
        })
    body = app_state(request).renderer.page(
        Role.CHAIR,
        meeting,
        lang=lang,
        switch=switcher(request),
        join_url=join_url(request, meeting.slug),
        screen_url=f"{base}/m/{meeting.slug}/screen",
        card_url=f"{base}/m/{meeting.slug}/card?key={key}",
        ws_query=ws_query(lang, key=key or ""),
        chair_key=key,
        csrf=csrf_token(request),
        team=team,
        team_role=None,
        unreachable=is_loopback(base),
    )
    return localized(request, HTMLResponse(body), lang)


async def team_page(request: Request) -> Response:
    """A team link: the chair's page with the role's own powers (the core refuses the
    rest); the interpreter's is the booth's read-only view of the speaker."""
    meeting = await _meeting(request)
    key = request.query_params.get("key")
    role = await role_of_key(app_state(request).store, meeting.slug, key)
    if role is None or role is Role.CHAIR:
        raise forbidden()
    lang = page_language(request)
    base = public_base(request)
    if role is Role.INTERPRETER:
        body = app_state(request).renderer.page(
            Role.INTERPRETER, meeting, lang=lang, switch=switcher(request),
            join_url=join_url(request, meeting.slug), ws_query=ws_query(lang, key=key or ""),
        )
    else:
        body = app_state(request).renderer.page(
            role, meeting, lang=lang, switch=switcher(request),
            join_url=join_url(request, meeting.slug),
            screen_url=f"{base}/m/{meeting.slug}/screen", card_url="",
            ws_query=ws_query(lang, key=key or ""), chair_key="", csrf=csrf_token(request),
            team=[], team_role={"label": TEAM_LABELS[role], "powers": TEAM_POWERS[role]},
            unreachable=False,
        )
    return localized(request, HTMLResponse(body), lang)


async def replace_team_link(request: Request) -> Response:
    """The chair gives a team role a new link (the old one stops at once) or withdraws it."""
    posted = await _chair_form(request)
    if isinstance(posted, Response):
        return posted
    meeting, form, key = posted
    store = app_state(request).store
    roles = {role.value: role for role in TEAM_ROLES}
    role = roles.get(str(form.get("role") or ""))
    if role is None:
        raise DomainError(Refusal.NO_SUCH_TEAM_ROLE)
    withdraw = form.get("action") == "revoke"
    await store.set_team_key(meeting.slug, role.value, None if withdraw else new_chair_key())
    chair = request.url_for("chair", slug=meeting.slug).include_query_params(key=key)
    return RedirectResponse(f"{chair}#team-h", status_code=303)


async def rotate_chair_key(request: Request) -> Response:
    """Replace the chair key: every old chair link stops working at once."""
    posted = await _chair_form(request)
    if isinstance(posted, Response):
        return posted
    meeting = posted[0]
    store = app_state(request).store
    key = new_chair_key()
    await store.set_chair_key(meeting.slug, key)
    chair = request.url_for("chair", slug=meeting.slug).include_query_params(key=key)
    return RedirectResponse(str(chair), status_code=303)


async def _chair_form(request: Request) -> tuple[Meeting, FormData, str] | Response:
    """A form the chair posts: its meeting, its fields and the chair key, once its CSRF
    token (a forged form gets its answer) and the chair key (else forbidden) are checked."""
    meeting = await _meeting(request)
    form = await request.form()
    if (forged := refused(request, form)) is not None:
        return forged
    key = str(form.get("key") or "")
    if not key_matches(key, await app_state(request).store.chair_key(meeting.slug)):
        raise forbidden()
    return meeting, form, key


def _qr_url(slug: str, join: str) -> str:
    """The QR code's URL names what it encodes (a hash of the join link), so that a
    browser may keep it for good: a changed join link is a new URL."""
    return f"/m/{slug}/qr.svg?v={hashlib.sha256(join.encode()).hexdigest()[:12]}"


async def qr_code(request: Request) -> Response:
    meeting = await _meeting(request)
    join = join_url(request, meeting.slug)
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
