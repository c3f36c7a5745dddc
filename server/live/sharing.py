"""A room's presence, shared with the other processes serving its meeting.

One task per room: it writes this process's participants to the board when
they change, and a heartbeat otherwise; and, while a chair page is open here,
reads what the other processes said when one of them announces a change, and
checks at every heartbeat for a process that stopped. A burst of changes, on
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
FULL_EVERY = 5  # heartbeats: read everything anyway, in case an announcement was lost


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
        self._written: frozenset[str] = frozenset()  # the pages the board has from here
        self._full = True  # read everything next time (news, or a chair page opened)
        self._beats = 0
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
        self._full = True
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
        if not pages and not self._written and not announce:
            return  # nothing to say, and nothing said before
        left = self.presence.take_left()
        same = bool(pages) and pages == self._written
        try:
            kept = await self.board.write(
                self.slug, None if same else pages, left, announce=announce
            )
            if not kept:  # a reader took this process for stopped: say it all again
                await self.board.write(self.slug, pages, {}, announce=True)
        except BaseException:
            self.presence.untake(left)
            self._dirty = self._dirty or announce
            self._written = frozenset()
            raise
        self._written = pages

    async def _read(self) -> None:
        if not self._watched():
            self._full = True  # nobody here sees presence: read all when a chair page opens
            return
        full = self._full or self._beats % FULL_EVERY == 0
        self._full = False
        self._beats += 1
        try:
            elsewhere = await self.board.read(self.slug, full=full)
        except BaseException:
            self._full = True
            raise
        if elsewhere is not None and self.presence.update(elsewhere, now_ms()):
            self._changed()
