"""A latest-wins mailbox: holds only the newest value, never grows.

A slow reader skips to the newest value instead of working through a backlog;
a fast writer never waits. Personal notices (errors, acknowledgements) ride
along in a small bounded queue so a flood of them cannot grow memory either.

Every open page has one, so it is kept small: no asyncio.Event (a future
and a deque of waiters each), the notice queue made on first use.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_NOTICES = 8


class Mailbox(Generic[T]):
    """One writer side, one reader: a single task waits at a time, or `on_news`."""

    __slots__ = ("_latest", "_notices", "_waiter", "_ready", "_closed", "on_news")

    def __init__(self) -> None:
        # Called when news arrives and no reader waits: a reader that runs
        # only when there is something to read needs no task in between.
        self.on_news: Callable[[], None] | None = None
        self._latest: T | None = None
        self._notices: deque[T] | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._ready = False
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def idle(self) -> bool:
        """Open, and nothing waits to be taken: what a sender may go ahead on (one look
        per page of a fan-out)."""
        return self._latest is None and not self._notices and not self._closed

    def put(self, value: T) -> None:
        """Replace whatever is waiting with `value`."""
        self._latest = value
        self._wake()

    def notify(self, value: T) -> None:
        """Queue a personal notice; the oldest is dropped past MAX_NOTICES."""
        if self._notices is None:
            self._notices = deque(maxlen=MAX_NOTICES)
        self._notices.append(value)
        self._wake()

    def close(self) -> None:
        self._closed = True
        self._wake()

    def _wake(self) -> None:
        self._ready = True
        waiter = self._waiter
        if waiter is not None:
            if not waiter.done():
                waiter.set_result(None)
        elif self.on_news is not None:
            self.on_news()

    async def get(self) -> list[T]:
        """Wait for news; return the notices, then the latest value, or [] when closed."""
        await self.wait()
        return self.take()

    async def wait(self) -> None:
        """Wait until there is news to `take` or the mailbox is closed."""
        if self._ready:
            return
        waiter = self._waiter = asyncio.get_running_loop().create_future()
        try:
            await waiter
        finally:
            self._waiter = None

    def take(self) -> list[T]:
        """The notices, then the latest value, without waiting; [] when closed."""
        self._ready = False
        if self._closed:
            return []
        out = list(self._notices) if self._notices else []
        if self._notices:
            self._notices.clear()
        if self._latest is not None:
            out.append(self._latest)
            self._latest = None
        return out
