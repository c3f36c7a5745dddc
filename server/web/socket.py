"""The websocket endpoint: decode, authorize, apply, publish. No rules here."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from urllib.parse import urlsplit

from starlette.status import WS_1008_POLICY_VIOLATION, WS_1013_TRY_AGAIN_LATER
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from floor import i18n, metrics
from floor.access import TOKEN_COOKIE, key_matches, participant_id
from floor.clock import now_ms
from floor.domain.commands import TEAM_ROLES, Actor, Register, Role, decode
from floor.domain.errors import DomainError, FloorError, Refusal, Unavailable
from floor.live.health import parse_report
from floor.live.hub import Connection
from floor.web.keys import role_of_key
from floor.web.state import PARTICIPANT_LIMITS, AppState

log = logging.getLogger("floor.ws")

# The page's heartbeat: a socket that stops answering is dead to the page even
# when no close came (a phone in a lift), and the page reconnects.
PING = '{"type":"ping"}'
PONG = "pong"
CLEAN_CLOSES = (1000, 1001)  # closed by the page (a tab closed, a page left), not lost

# Refusals the page must not retry: the socket is accepted, then closed with one of
# these, so that the page hears the code (a refused handshake reaches it only as
# 1006, which looks like a network failure) and says why instead of retrying.
WS_4403_LINK_INVALID = 4403  # a chair or team key that is wrong, replaced or withdrawn
WS_4404_MEETING_GONE = 4404  # no such meeting (any more)


class RateLimit:
    """A token bucket: `rate` messages a second, bursts up to `burst`."""

    __slots__ = ("rate", "burst", "tokens", "at")

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.at = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def origin_allowed(ws: WebSocket) -> bool:
    """Refuse cross-site websocket hijacking: a browser's Origin must be this host."""
    origin = ws.headers.get("origin")
    if origin is None:
        return True  # not a browser; it carries no victim's cookies
    return urlsplit(origin).netloc == ws.headers.get("host")


async def _actor(ws: WebSocket, state: AppState, slug: str) -> Actor | None:
    key = ws.query_params.get("key")
    if key is not None:
        role = await role_of_key(state.store, slug, key)
        return None if role is None else Actor(role)
    if ws.query_params.get("role") == "screen":
        return Actor(Role.SCREEN)
    token = ws.cookies.get(TOKEN_COOKIE)
    return Actor(Role.PARTICIPANT, participant_id(slug, token) if token else None)


class ChairLinkReplaced(Exception):
    """The chair key this connection opened with has been rotated away."""


async def meeting_socket(ws: WebSocket) -> None:
    state: AppState = ws.app.state.floor
    slug = ws.path_params["slug"]
    address = ws.client.host if ws.client else "unknown"
    # Refused at the handshake (the page sees 1006 and retries with backoff): another
    # site's page, and an address over its share, which a later try may get.
    if not origin_allowed(ws) or state.connections[address] >= state.limits.connections_per_address:
        await ws.close(code=WS_1008_POLICY_VIOLATION)
        return
    try:
        room = await state.hub.room(slug)
        actor = await _actor(ws, state, slug) if room else None
    except Unavailable:  # the page retries with backoff
        await ws.close(code=WS_1013_TRY_AGAIN_LATER)
        return
    if room is None or actor is None:
        # Final: no retry will change it. Said after the handshake, so the page hears it.
        await ws.accept()
        if room is None:
            await ws.close(code=WS_4404_MEETING_GONE, reason="no such meeting")
        else:
            await ws.close(code=WS_4403_LINK_INVALID, reason="link no longer valid")
        return
    await ws.accept()
    state.connections[address] += 1
    lang = i18n.audience(ws.query_params.get("lang")) or i18n.DEFAULT
    conn = Connection(actor.role, ws.send_text, actor.participant_id, lang=lang)
    if actor.role is Role.CHAIR:
        conn.key = ws.query_params.get("key")
        conn.end = lambda: _end_replaced(ws, state, conn.lang)
    room.add(conn)
    pages = metrics.PAGES.labels(actor.role.value)
    pages.inc()
    try:
        if actor.role is Role.CHAIR:
            await _still_chair(ws, state, slug)  # replaced while this page was joining?
        await _serve(ws, state, slug, actor, conn)
    except (WebSocketDisconnect, ChairLinkReplaced):
        pass
    finally:
        state.connections[address] -= 1
        if state.connections[address] <= 0:
            del state.connections[address]
        room.discard(conn)
        pages.dec()


async def _serve(ws: WebSocket, state: AppState, slug: str, actor: Actor, conn: Connection) -> None:
    """Decode, authorize (in the core), apply, answer the sender; until the page goes."""
    limit = RateLimit(state.limits.messages_per_second, state.limits.message_burst)
    renderer = state.renderer
    # Refusals to slow down, on a bucket of their own: a participant who keeps sending
    # after being told (no page of ours does) empties it within a second or two, and it
    # is the person's, so that a page opened again starts where the last one ended.
    person = actor.participant_id
    allowance = None if person is None else _allowance(state, slug, person)
    patience = allowance.patience if allowance else RateLimit(
        state.limits.messages_per_second, state.limits.message_burst
    )
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            conn.closed_cleanly = message.get("code") in CLEAN_CLOSES
            return
        raw = message.get("text") or message.get("bytes") or b""
        kind = "invalid"  # until the message decodes to a command
        try:
            ping = raw == PING or raw == PING.encode()
            report = None if ping else parse_report(raw)
            if not limit.allow() or (
                allowance is not None and not ping and report is None
                and not allowance.commands.allow()
            ):
                if actor.role is Role.PARTICIPANT and not patience.allow():
                    # An anonymous page flooding on after "slow down" is closed rather
                    # than answered message by message (a keyed page is only told).
                    await ws.close(code=WS_1008_POLICY_VIOLATION, reason="too many messages")
                    return
                raise DomainError(Refusal.RATE_LIMITED)
            if ping:
                conn.outbox.notify(PONG)
                continue
            if report is not None:
                conn.health.report(report)
                continue
            if actor.role is Role.PARTICIPANT and await _meeting_busy(state, slug):
                raise DomainError(Refusal.MEETING_BUSY)
            command = decode(raw)
            kind = str(command.__struct_config__.tag)
            if actor.role is Role.CHAIR:
                await _still_chair(ws, state, slug)
            elif actor.role in TEAM_ROLES:
                await _still_team(ws, state, slug, actor.role)
            started = time.perf_counter()
            meeting = await state.store.apply(slug, command, actor, now_ms())
            metrics.STORE_WRITE.observe(time.perf_counter() - started)
        except FloorError as exc:  # refused by the rules, or the store is unavailable
            outcome = "unavailable" if isinstance(exc, Unavailable) else "refused"
            metrics.COMMANDS.labels(kind, "invalid" if kind == "invalid" else outcome).inc()
            conn.outbox.notify(renderer.notice(exc, lang=conn.lang))
            continue
        metrics.COMMANDS.labels(kind, "applied").inc()
        # The new state is in the room's mailbox: let the room send it to every
        # page before this one is answered (0.1 ms sooner for all of them).
        await asyncio.sleep(0)
        if isinstance(command, Register):
            me = meeting.participants.get(actor.participant_id or "")
            profile = renderer.template(
                "profile.html", lang=conn.lang, me=me, regions=meeting.regions,
                categories=[k.name for k in meeting.categories], spoken=meeting.languages,
                oob=True,
            )
            conn.outbox.notify(profile)
        conn.outbox.notify(renderer.notice(None, lang=conn.lang))


async def _meeting_busy(state: AppState, slug: str) -> bool:
    """The participants' allowance in one meeting, shared by all of them and counted
    by the store (in Redis, for every process together), is spent for now."""
    limits = state.limits
    wait = await state.store.allowance.take(
        f"meeting:{slug}", limits.meeting_messages_per_second, limits.meeting_burst
    )
    return wait > 0


class _Allowance:
    """One participant's allowances, shared by all their pages (per process): commands,
    and how many "slow down" answers they get before a page of theirs is closed."""

    __slots__ = ("commands", "patience")

    def __init__(self, state: AppState) -> None:
        limits = state.limits
        self.commands = RateLimit(
            limits.participant_commands_per_second, limits.participant_command_burst
        )
        self.patience = RateLimit(limits.messages_per_second, limits.message_burst)


def _allowance(state: AppState, slug: str, participant_id: str) -> _Allowance:
    key = (slug, participant_id)
    kept = state.participant_limits
    allowance: _Allowance | None = kept.get(key)
    if allowance is None:
        if len(kept) >= PARTICIPANT_LIMITS:
            del kept[next(iter(kept))]
        allowance = kept[key] = _Allowance(state)
    return allowance


async def _still_chair(ws: WebSocket, state: AppState, slug: str) -> None:
    """Old chair links stop working the moment the key is replaced."""
    if key_matches(ws.query_params.get("key"), await state.store.chair_key(slug)):
        return
    await _end_replaced(ws, state, i18n.known(ws.query_params.get("lang")) or i18n.DEFAULT)
    raise ChairLinkReplaced


async def _end_replaced(ws: WebSocket, state: AppState, lang: str) -> None:
    """Tell a chair page its link was replaced, and close its socket (once)."""
    if ws.client_state is not WebSocketState.CONNECTED:
        return
    error = DomainError(Refusal.LINK_REPLACED)
    with contextlib.suppress(Exception):  # the page may be gone already
        await ws.send_text(state.renderer.template("notice.html", lang=lang, error=error))
        await ws.close(code=WS_4403_LINK_INVALID, reason="link replaced")


async def _still_team(ws: WebSocket, state: AppState, slug: str, role: Role) -> None:
    """A team link replaced or revoked by the chair stops working at once."""
    if key_matches(ws.query_params.get("key"), await state.store.team_key(slug, role.value)):
        return
    error = DomainError(Refusal.TEAM_LINK_REPLACED)
    lang = i18n.known(ws.query_params.get("lang")) or i18n.DEFAULT
    await ws.send_text(state.renderer.template("notice.html", lang=lang, error=error))
    await ws.close(code=WS_4403_LINK_INVALID, reason="link replaced")
    raise ChairLinkReplaced
