"""Per-process fan-out: one watch per meeting, one render per role, language and version.

Each connection owns a latest-wins mailbox and, while something waits to be
sent, a sender task, so a slow client only ever skips to the newest state; it
never holds up the others and never makes memory grow.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from floor import i18n, metrics
from floor.access import key_matches
from floor.clock import now_ms
from floor.domain.commands import Role
from floor.domain.errors import Unavailable
from floor.domain.model import Meeting
from floor.live.collector import COLLECTOR
from floor.live.health import Health, away_row
from floor.live.health import row as health_row
from floor.live.presence import Shared, Tracker
from floor.live.render import Renderer
from floor.live.sending import Begun, begin
from floor.live.sharing import Sharing
from floor.live.view import build
from floor.mailbox import Mailbox
from floor.store.base import Store

log = logging.getLogger("floor.live")

Send = Callable[[str], Awaitable[None]]

HEALTH_EVERY = 5.0  # seconds between the chair's page-health updates
HEALTH_ROWS = 50  # participant pages listed by name, of those fine and of those stale
PRESENCE_PUSH_AFTER = 0.25  # seconds: presence changes within this go to the chair as one
PRESENCE_REGIONS = frozenset({"current", "speakers", "people"})  # the chair's that show it
# Seconds a room is kept once its last page has gone (a reload, a phone waking up
# comes back within it); then it is dropped, and made again from the store when a
# page comes. FLOOR_ROOM_IDLE_SECONDS sets it.
IDLE_AFTER = 60.0


@dataclass(eq=False, slots=True)
class Connection:
    """One open page: its role, its outbox and, while sending, its sender task.

    An idle page has no task: a state is sent right in `deliver` when nothing
    is queued or in flight, in the caller's step; a send that does not block
    (the usual case) costs no task switch, which was most of the per-page cost
    of a fan-out, and no task waits per idle page (1.1 KB each). A send that
    blocks (the page's socket is full), or a notice, starts a sender task that
    works until the outbox is empty; meanwhile newer states wait there, latest
    wins. `send` must not depend on which task runs it.
    """

    role: Role
    send: Send
    participant_id: str | None = None
    lang: str = i18n.DEFAULT  # the page's language: pages of one role and language share a render
    key: str | None = None  # the chair key the page opened with
    end: Callable[[], Awaitable[None]] | None = None  # closes the page's socket, with a notice
    outbox: Mailbox[str] = field(default_factory=Mailbox)
    health: Health = field(default_factory=Health)
    closed_cleanly: bool = False  # the page said goodbye (closed its socket) before it went
    _sender: asyncio.Task[None] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.outbox.on_news = self._news

    def deliver(self, html: str, now: float | None = None) -> None:
        """Hand the page a new state (replacing any it has not been sent yet); `now`, the
        monotonic clock, read once for a whole fan-out."""
        if self._sender is not None or not self.outbox.idle:
            self.health.queued()
            self.outbox.put(html)
            return
        begun = begin(self.send(html))
        if begun is Begun.DONE:
            self.health.delivered(now)
        elif begun is not Begun.FAILED:
            self.health.queued()
            self._sender = asyncio.ensure_future(self._drain(begun))

    def _news(self) -> None:
        """Something waits in the outbox (a notice, or a state put while sending)."""
        if self._sender is None and not self.outbox.closed:
            self._sender = asyncio.ensure_future(self._drain(None))

    async def _drain(self, in_flight: Awaitable[None] | None) -> None:
        try:
            if in_flight is not None:
                await in_flight
                self.health.delivered()
            while batch := self.outbox.take():
                for message in batch:
                    await self.send(message)
                self.health.delivered()
        except Exception:  # the page is gone; its socket handler will discard it
            log.debug("send failed", exc_info=True)
        finally:
            self._sender = None

    def close(self) -> None:
        """Stop sending: the page is gone."""
        self.outbox.close()
        if self._sender is not None:
            self._sender.cancel()


class Room:
    """One meeting as this process serves it."""

    def __init__(self, slug: str, store: Store, renderer: Renderer) -> None:
        self.slug = slug
        self.store = store
        self.renderer = renderer
        self.connections: dict[Role, set[Connection]] = {role: set() for role in Role}
        # The same pages by role and language: each audience shares one render.
        self.audiences: dict[tuple[Role, str], set[Connection]] = {}
        self.meeting: Meeting | None = None
        self._cache: dict[tuple[Role, str], tuple[int, int, str]] = {}
        # Presence comes from this process's pages and, where other processes serve
        # the meeting too (Redis), from theirs, through the store's board.
        self.presence: Tracker | Shared = Tracker()
        self.sharing: Sharing | None = None
        if store.presence is not None:
            self.presence = shared = Shared()
            self.sharing = Sharing(
                slug, store.presence, shared,
                watched=lambda: bool(self.connections[Role.CHAIR]),
                changed=self._presence_push_soon,
            )
        self._presence_push: asyncio.TimerHandle | None = None
        self.presence_pushes = 0  # chair renders for presence alone (for tests and benches)
        self._task: asyncio.Task[None] | None = None
        self._health: asyncio.Task[None] | None = None
        self.renders = 0  # how many role renders were made (for tests and benches)
        self.on_empty: Callable[[Room], None] | None = None  # the last page went

    def start(self, meeting: Meeting) -> None:
        self.meeting = meeting
        ready = asyncio.Event()
        self._task = asyncio.create_task(self._watch(ready), name=f"watch:{self.slug}")
        self._health = asyncio.create_task(self._report_health(), name=f"health:{self.slug}")
        self._ready = ready
        if self.sharing is not None:
            self.sharing.start()

    async def wait_ready(self) -> None:
        await self._ready.wait()

    async def stop(self) -> None:
        if self._presence_push is not None:
            self._presence_push.cancel()
        if self.sharing is not None:
            await self.sharing.stop()
        for task in (self._task, self._health):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def end_replaced_chairs(self) -> None:
        """Close the chair pages whose key was replaced: they hear nothing more."""
        try:
            key = await self.store.chair_key(self.slug)
        except Unavailable:
            return  # their next command is checked again; the key is asked for then
        for conn in list(self.connections[Role.CHAIR]):
            if not key_matches(conn.key, key):
                self.discard(conn)  # no more pushes, from now on
                if conn.end is not None:
                    await conn.end()

    @property
    def empty(self) -> bool:
        return not any(self.connections.values())

    def fragments(self, role: Role, lang: str = i18n.DEFAULT) -> str:
        """The role's regions in `lang` for the current version, rendered at most once."""
        assert self.meeting is not None
        # Only the chair's page shows presence: no other page is rendered again for it.
        seen = self.presence.version if role is Role.CHAIR else 0
        cached = self._cache.get((role, lang))
        if cached is not None and cached[0] == self.meeting.version and cached[1] == seen:
            return cached[2]
        view = build(self.meeting, self.presence.snapshot()) if seen else None
        html = self.renderer.regions(role, self.meeting, view, lang=lang)
        self._cache[(role, lang)] = (self.meeting.version, seen, html)
        self.renders += 1
        return html

    def add(self, conn: Connection) -> None:
        self.connections[conn.role].add(conn)
        self.audiences.setdefault((conn.role, conn.lang), set()).add(conn)
        if conn.role is Role.PARTICIPANT and conn.participant_id:
            if self.presence.opened(conn.participant_id):
                self._presence_changed()
        elif conn.role is Role.CHAIR and self.sharing is not None:
            self.sharing.elsewhere_changed()  # read what the others say, for this page
        conn.deliver(self.fragments(conn.role, conn.lang))

    def discard(self, conn: Connection) -> None:
        if conn.role is Role.PARTICIPANT and conn.participant_id and (
            conn in self.connections[Role.PARTICIPANT]
        ):
            if self.presence.closed(conn.participant_id, now_ms(), lost=not conn.closed_cleanly):
                self._presence_changed()
        self.connections[conn.role].discard(conn)
        audience = self.audiences.get((conn.role, conn.lang))
        if audience is not None:
            audience.discard(conn)
            if not audience:
                del self.audiences[(conn.role, conn.lang)]
        conn.close()
        if self.on_empty is not None and self.empty:
            self.on_empty(self)

    def publish(self, meeting: Meeting) -> None:
        if self.meeting is not None and meeting.version <= self.meeting.version:
            return
        self.meeting = meeting
        started = time.perf_counter()
        now = time.monotonic()
        view = build(meeting, self.presence.snapshot())
        # The largest audience first: the many pages should not wait for the
        # chair's page, by far the longest to render, when one chair is watching.
        # One render per role and language, never per page.
        for (role, lang), conns in sorted(self.audiences.items(), key=lambda rc: -len(rc[1])):
            if not conns:
                continue
            html = self.renderer.regions(role, meeting, view, lang=lang)
            seen = view.presence.version if role is Role.CHAIR else 0
            self._cache[(role, lang)] = (meeting.version, seen, html)
            self.renders += 1
            for conn in conns:
                conn.deliver(html, now)
        metrics.FANOUT.observe(time.perf_counter() - started)
        COLLECTOR.soon()  # the frames are with the sockets: a moment nobody waits for

    def _presence_changed(self) -> None:
        """Someone's first page here opened or last one went: the other processes
        and the chair hear of it soon."""
        if self.sharing is not None:
            self.sharing.here_changed()
        self._presence_push_soon()

    def _presence_push_soon(self) -> None:
        """The chair hears of a change of presence soon, with every other change of
        that moment (a reconnect storm is one push)."""
        if self._presence_push is None:
            loop = asyncio.get_running_loop()
            self._presence_push = loop.call_later(PRESENCE_PUSH_AFTER, self._push_presence)

    def _push_presence(self) -> None:
        """The chair's regions that show presence, to the chair's pages alone. Sent as a
        notice: it must not replace a state still waiting to go (latest wins)."""
        self._presence_push = None
        chairs = [(lang, conns) for (role, lang), conns in self.audiences.items()
                  if role is Role.CHAIR and conns]
        if self.meeting is None or not chairs:
            return
        view = build(self.meeting, self.presence.snapshot())
        for lang, conns in chairs:
            html = self.renderer.regions(
                Role.CHAIR, self.meeting, view, lang=lang, only=PRESENCE_REGIONS
            )
            self.presence_pushes += 1
            for conn in conns:
                conn.outbox.notify(html)

    def health_report(self, lang: str = i18n.DEFAULT) -> str:
        """The chair's view of the open screens and participant pages (not cached: ages).

        Every screen is listed; participant pages, the stale ones first, up to
        HEALTH_ROWS of each kind, the rest as counts: with 5,000 pages open a
        full table cost 36 ms and 517 KiB every 5 seconds, and in a real room
        hundreds of phones go to sleep (their pages stop reporting).
        """
        now = time.monotonic()
        people = self.meeting.participants if self.meeting else {}
        rows = []
        _ = i18n.text(lang).gettext
        for number, conn in enumerate(self.connections[Role.SCREEN], start=1):
            label = _("Room screen %(number)d", number=number)
            rows.append(health_row(label, "screen", conn.health, now))
        stale = fine = 0
        for conn in self.connections[Role.PARTICIPANT]:
            if conn.health.stale(now):
                stale += 1
                if stale > HEALTH_ROWS:
                    continue
            else:
                fine += 1
                if fine > HEALTH_ROWS:
                    continue
            person = people.get(conn.participant_id or "")
            label = person.name if person else _("Not registered yet")
            rows.append(health_row(label, "participant", conn.health, now))
        # Pages that stopped answering without closing: the people behind them are
        # away, and the chair should know since when (a phone asleep or off the
        # network never says goodbye).
        wall = now_ms()
        left = [(pid, since) for pid, since in self.presence.lost().items() if pid in people]
        left.sort(key=lambda pt: -pt[1])
        for pid, since in left[:HEALTH_ROWS]:
            rows.append(away_row(people[pid].name, wall - since, lang))
        away_more = max(0, len(left) - HEALTH_ROWS)
        rows.sort(key=lambda r: (not r.stale, r.kind != "screen", r.label))
        return self.renderer.template(
            "health.html",
            lang=lang,
            rows=rows,
            more=max(0, fine - HEALTH_ROWS),
            more_stale=max(0, stale - HEALTH_ROWS) + away_more,
            stale_count=sum(r.stale for r in rows if r.kind == "screen") + stale + len(left),
        )

    async def _report_health(self) -> None:
        while True:
            await asyncio.sleep(HEALTH_EVERY)
            if self.presence.settle(now_ms()):
                self._presence_push_soon()
            for (role, lang), chairs in list(self.audiences.items()):
                if role is Role.CHAIR and chairs:
                    html = self.health_report(lang)
                    for conn in chairs:
                        conn.outbox.notify(html)

    async def _watch(self, ready: asyncio.Event) -> None:
        async with self.store.watch(self.slug) as states:
            # A change may have landed between the first load and the subscription.
            latest = await self.store.load(self.slug)
            if latest is not None:
                self.publish(latest)
            ready.set()
            async for meeting in states:
                self.publish(meeting)


class Hub:
    """Every room this process serves, created on first use and dropped once no page
    has watched it for `idle_after` seconds (None: kept until the process ends).

    A room holds a subscription, two tasks and its regions' renders: kept for every
    meeting ever opened, 5,561 meetings left 52 MB behind. A dropped room loses
    nothing: the store has the meeting, and the next page gets a room made afresh.
    """

    def __init__(
        self, store: Store, renderer: Renderer, *, idle_after: float | None = IDLE_AFTER
    ) -> None:
        self.store = store
        self.renderer = renderer
        self.idle_after = idle_after
        self.rooms: dict[str, Room] = {}
        self.dropped = 0  # rooms dropped for want of pages (for tests and benches)
        self._drops: dict[str, asyncio.TimerHandle] = {}
        self._ending: set[asyncio.Task[None]] = set()
        store.on_chair_key_replaced(self._chair_key_replaced)
        if store.presence is not None:
            store.presence.on_news(self._presence_news)

    def _presence_news(self, slug: str) -> None:
        """Another process's participants came or went."""
        room = self.rooms.get(slug)
        if room is not None and room.sharing is not None:
            room.sharing.elsewhere_changed()

    def _idle_soon(self, room: Room) -> None:
        """(Re)start the room's grace period: dropped at its end if no page is there."""
        if self.idle_after is None:
            return
        pending = self._drops.pop(room.slug, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self._drops[room.slug] = loop.call_later(self.idle_after, self._drop_if_idle, room)

    def _drop_if_idle(self, room: Room) -> None:
        self._drops.pop(room.slug, None)
        if not room.empty or self.rooms.get(room.slug) is not room:
            return  # a page came meanwhile (its leaving starts the grace period again)
        del self.rooms[room.slug]
        self.renderer.forget(room.slug)
        self.dropped += 1
        self._background(room.stop())

    def _background(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._ending.add(task)
        task.add_done_callback(self._ending.discard)

    def _chair_key_replaced(self, slug: str | None) -> None:
        """End, at once, every chair page that opened with a key no longer the meeting's."""
        rooms = self.rooms.values() if slug is None else filter(None, [self.rooms.get(slug)])
        for room in list(rooms):
            if room.connections[Role.CHAIR]:
                self._background(room.end_replaced_chairs())

    async def room(self, slug: str) -> Room | None:
        room = self.rooms.get(slug)
        if room is None:
            meeting = await self.store.load(slug)
            if meeting is None:
                return None
            room = self.rooms.get(slug)  # another task may have won the race
            if room is None:
                room = Room(slug, self.store, self.renderer)
                room.on_empty = self._idle_soon
                room.start(meeting)
                self.rooms[slug] = room
        if room.empty:
            # A page on its way in (its handshake still to finish), or a page view
            # that never connects: either way the room waits a grace period for it.
            self._idle_soon(room)
        await room.wait_ready()
        return room

    async def close(self) -> None:
        for pending in self._drops.values():
            pending.cancel()
        self._drops.clear()
        for room in self.rooms.values():
            await room.stop()
        self.rooms.clear()
        for task in list(self._ending):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
