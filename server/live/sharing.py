"""A room's presence, shared with the other processes serving its meeting.

One task per room: it writes this process's participants to the board when
they change (and as a heartbeat), and, while a chair page is open here, reads
what the other processes said when one of them announces a change (and at
every heartbeat, which finds a process that stopped). A burst of changes, on
any process, is one write and one read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from floor.clock import now_ms
from floor.domain.errors import Unavailable
from floor.live.presence import Shared
from floor.store.base import PresenceBoard

log = logging.getLogger("floor.live")

HEARTBEAT_SECONDS = 2.0  # a board takes a process silent for three beats as stopped
GATHER_SECONDS = 0.05  # changes within this go to the board together


class Sharing:
    def __init__(
        self,
        slug: str,
        board: PresenceBoard,
        presence: Shared,
        *,
        watched: Callable[[], bool],
        changed: Callable[[], None],
    ) -> None:
        """`watched()`: whether a page here shows presence (a chair's); `changed()`:
        what the chair sees changed, from the board."""
        self.slug = slug
        self.board = board
        self.presence = presence
        self._watched = watched
        self._changed = changed
        self._news = asyncio.Event()
        self._dirty = False  # this process's pages changed since the last write
        self._on_board = False  # this process has a field on the board
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"presence:{self.slug}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def here_changed(self) -> None:
        """A participant's first page here opened, or their last one went."""
        self._dirty = True
        self._news.set()

    def elsewhere_changed(self) -> None:
        """Another process announced a change (or a chair page opened here)."""
        self._news.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(HEARTBEAT_SECONDS):
                    await self._news.wait()
            await asyncio.sleep(GATHER_SECONDS)
            self._news.clear()
            try:
                await self._write()
                await self._read()
            except Unavailable as exc:  # Redis is away: the next beat tries again
                log.debug("presence not shared: %s", exc)
            except Exception:
                log.exception("presence not shared")

    async def _write(self) -> None:
        pages = self.presence.local.present()
        announce, self._dirty = self._dirty, False
        if not pages and not self._on_board and not announce:
            return  # nothing to say, and nothing said before
        left = self.presence.take_left()
        try:
            await self.board.write(self.slug, pages, left, announce=announce)
        except BaseException:
            self.presence.untake(left)
            self._dirty = self._dirty or announce
            raise
        self._on_board = bool(pages)

    async def _read(self) -> None:
        if not self._watched():
            return  # nobody here sees presence: read when a chair page opens
        if self.presence.update(await self.board.read(self.slug), now_ms()):
            self._changed()
