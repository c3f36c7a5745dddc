"""Presence on Redis: each process says which participants have pages open on it.

Every process serving a meeting keeps one field of the meeting's pages hash up
to date: the participants with a page open on it; and one of its alive hash:
when it last said so (Redis's clock). It writes its pages when they change (and
tells the others on the meeting's channel), and every few seconds says it is
alive, a heartbeat that costs no list. A process that stops (a crash, a machine
gone) stops writing: the first reader to find it silent for SILENT_AFTER_MS
moves its participants to the left hash, lost since its last heartbeat, so that
they show as away on every chair page.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any

import msgspec
from redis.asyncio import Redis

from floor.store import redis_scripts as scripts
from floor.store.base import Elsewhere

Call = Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]

# A process that said nothing for this long has stopped: three of its heartbeats
# (floor.live.sharing.HEARTBEAT_SECONDS) missed.
SILENT_AFTER_MS = 6_000

_encode = msgspec.json.Encoder().encode
_decode_pids = msgspec.json.Decoder(list[str]).decode


class RedisPresence:
    """The presence board of the processes sharing one Redis."""

    def __init__(self, redis: Redis, call: Call) -> None:
        """`call` runs a Redis call, retrying a lost connection, raising Unavailable."""
        self.process = secrets.token_hex(8)  # this process, for as long as it runs
        self._call = call
        self._write = redis.register_script(scripts.WRITE_PAGES)
        self._read = redis.register_script(scripts.READ_PAGES)
        self._listeners: list[Callable[[str], None]] = []

    async def write(
        self, slug: str, pages: Collection[str] | None, left: Mapping[str, tuple[int, bool]],
        *, announce: bool,
    ) -> bool:
        said: str | bytes = scripts.UNCHANGED if pages is None else ""
        if pages:
            said = _encode(sorted(pages))
        args: list[str | int | bytes] = [self.process, said, scripts.channel(slug), int(announce)]
        for pid, (at, lost) in left.items():
            args += [pid, at, int(lost)]
        keys = [scripts.pages_key(slug), scripts.alive_key(slug), scripts.left_key(slug)]
        done = await self._call(lambda: self._write(keys=keys, args=args))
        return bool(done)

    async def read(self, slug: str, *, full: bool) -> Elsewhere | None:
        keys = [scripts.pages_key(slug), scripts.alive_key(slug), scripts.left_key(slug)]
        args: list[str | int] = [SILENT_AFTER_MS, self.process, scripts.channel(slug), int(full)]
        reply = await self._call(lambda: self._read(keys=keys, args=args))
        if not reply[0]:
            return None
        _, live, left = reply
        present: set[str] = set()
        for pids in live[1::2]:
            present.update(_decode_pids(pids))
        gone: dict[str, tuple[int, bool]] = {}
        for pid, value in zip(left[::2], left[1::2], strict=True):
            at, _, lost = bytes(value).partition(b":")
            gone[bytes(pid).decode()] = (int(at), lost == b"1")
        return Elsewhere(frozenset(present), gone)

    def on_news(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def heard(self, slug: str, message: bytes) -> None:
        """A presence message on the meeting's channel (see redis_watch)."""
        if message[len(scripts.PRESENCE) :].decode() == self.process:
            return  # this process's own: it knows
        for listener in self._listeners:
            listener(slug)
