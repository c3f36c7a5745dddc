"""Per-process fan-out: one watch per meeting, one render per role and version.

Each connection owns a latest-wins mailbox and a sender task, so a slow
client only ever skips to the newest state; it never holds up the others and
never makes memory grow.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from server.domain.commands import Role
from server.domain.model import Meeting
from server.live.render import Renderer
from server.live.view import build
from server.mailbox import Mailbox
from server.store.base import Store

log = logging.getLogger("floor.live")

Send = Callable[[str], Awaitable[None]]


@dataclass(eq=False)
class Connection:
    """One open page: its role, its outbox and its sender."""

    role: Role
    send: Send
    participant_id: str | None = None
    outbox: Mailbox[str] = field(default_factory=Mailbox)

    async def pump(self) -> None:
        """Send what the mailbox holds until it is closed or sending fails."""
        while True:
            batch = await self.outbox.get()
            if not batch:
                return
            for message in batch:
                await self.send(message)


class Room:
    """One meeting as this process serves it."""

    def __init__(self, slug: str, store: Store, renderer: Renderer) -> None:
        self.slug = slug
        self.store = store
        self.renderer = renderer
        self.connections: dict[Role, set[Connection]] = {role: set() for role in Role}
        self.meeting: Meeting | None = None
        self._cache: dict[Role, tuple[int, str]] = {}
        self._task: asyncio.Task[None] | None = None
        self.renders = 0  # how many role renders were made (for tests and benches)

    def start(self, meeting: Meeting) -> None:
        self.meeting = meeting
        ready = asyncio.Event()
        self._task = asyncio.create_task(self._watch(ready), name=f"watch:{self.slug}")
        self._ready = ready

    async def wait_ready(self) -> None:
        await self._ready.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def empty(self) -> bool:
        return not any(self.connections.values())

    def fragments(self, role: Role) -> str:
        """The role's regions for the current version, rendered at most once."""
        assert self.meeting is not None
        cached = self._cache.get(role)
        if cached is not None and cached[0] == self.meeting.version:
            return cached[1]
        html = self.renderer.regions(role, self.meeting)
        self._cache[role] = (self.meeting.version, html)
        self.renders += 1
        return html

    def add(self, conn: Connection) -> None:
        self.connections[conn.role].add(conn)
        conn.outbox.put(self.fragments(conn.role))

    def discard(self, conn: Connection) -> None:
        self.connections[conn.role].discard(conn)
        conn.outbox.close()

    def publish(self, meeting: Meeting) -> None:
        if self.meeting is not None and meeting.version <= self.meeting.version:
            return
        self.meeting = meeting
        view = build(meeting)
        for role, conns in self.connections.items():
            if not conns:
                continue
            html = self.renderer.regions(role, meeting, view)
            self._cache[role] = (meeting.version, html)
            self.renders += 1
            for conn in conns:
                conn.outbox.put(html)

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
    """Every room this process serves, created on first use."""

    def __init__(self, store: Store, renderer: Renderer) -> None:
        self.store = store
        self.renderer = renderer
        self.rooms: dict[str, Room] = {}

    async def room(self, slug: str) -> Room | None:
        room = self.rooms.get(slug)
        if room is None:
            meeting = await self.store.load(slug)
            if meeting is None:
                return None
            room = self.rooms.get(slug)  # another task may have won the race
            if room is None:
                room = Room(slug, self.store, self.renderer)
                room.start(meeting)
                self.rooms[slug] = room
        await room.wait_ready()
        return room

    async def close(self) -> None:
        for room in self.rooms.values():
            await room.stop()
        self.rooms.clear()
