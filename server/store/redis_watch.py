"""One pub/sub connection per process, for every meeting the process watches.

Each meeting's new states arrive on its channel and go to the local
latest-wins mailboxes still encoded: a burst of changes costs one decode per
state a reader actually takes. A state written by this very process is handed
over at once, before Redis echoes it; the echo, like anything older than what
a mailbox was given, is dropped.

When the connection drops (Redis restarted, network gone), it reconnects with
backoff and jitter, subscribes again, then hands over each watched meeting's
current state, so that whatever changed while it was away reaches every page.

It also keeps the chair keys of the meetings it is subscribed to: a chair's
every command is checked against the key, and asking Redis each time cost a
round trip (0.4 ms with Redis on the same core). A replaced key is announced
on the meeting's channel and dropped here; a lost connection drops them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from floor import metrics
from floor.domain.model import Meeting
from floor.mailbox import Mailbox
from floor.store.redis_scripts import (
    KEY_CHANGED,
    PRESENCE,
    channel,
    meeting_key,
    parse_change,
    slug_of,
)

log = logging.getLogger("floor.redis")

BACKOFF_FIRST = 0.05  # seconds before the first reconnect
BACKOFF_MAX = 2.0
SUBSCRIBE_WAIT = 2.0  # how long entering a watch waits for Redis to confirm it

LOST = (RedisError, OSError)

# A state as handed over: decoded already (written here) or still JSON (from Redis).
State = Meeting | bytes


class Subscriptions:
    """Channels subscribed on one connection, states handed to mailboxes."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._mailboxes: dict[str, set[Mailbox[State]]] = {}
        self._versions: dict[str, int] = {}  # the newest version handed over, per meeting
        self._confirmed: dict[str, asyncio.Event] = {}
        self._pubsub: PubSub | None = None
        self._task: asyncio.Task[None] | None = None
        self.connects = 0  # how many times the connection was made
        self._keys: dict[str, str] = {}
        self.key_changes = 0  # bumped whenever a kept key may have gone stale
        self.key_listeners: list[Callable[[str | None], None]] = []
        # Told of presence messages: (slug, message).
        self.presence_listeners: list[Callable[[str, bytes], None]] = []

    async def add(self, slug: str, mailbox: Mailbox[State]) -> None:
        """Hand the meeting's new states to `mailbox`.

        Returns once Redis has confirmed the subscription, so that a state
        loaded afterwards is never newer than the next one handed over. If
        Redis is unreachable it returns anyway: the reconnect catches up.
        """
        boxes = self._mailboxes.setdefault(slug, set())
        boxes.add(mailbox)
        confirmed = self._confirmed.setdefault(slug, asyncio.Event())
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="floor-redis-subscriptions")
        elif len(boxes) == 1 and self._pubsub is not None:
            # Otherwise the connection being made subscribes to every watched meeting.
            with contextlib.suppress(*LOST):
                await self._pubsub.subscribe(channel(slug))
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(SUBSCRIBE_WAIT):
                await confirmed.wait()

    def discard(self, slug: str, mailbox: Mailbox[State]) -> None:
        # The channel stays subscribed: rooms live as long as the process, and
        # unsubscribing could race a new watch on the same meeting.
        self._mailboxes.get(slug, set()).discard(mailbox)

    def chair_key(self, slug: str) -> str | None:
        """The meeting's chair key if kept here (its replacement would be announced)."""
        return self._keys.get(slug)

    def subscribed(self, slug: str) -> bool:
        confirmed = self._confirmed.get(slug)
        return confirmed is not None and confirmed.is_set()

    def keep_chair_key(self, slug: str, key: str, changes: int) -> None:
        """Keep a key read from Redis while subscribed, if no change came in the meantime.

        `changes` is `key_changes` from before the read, which was sent while
        subscribed: any replacement after the read is then announced to us.
        """
        if changes == self.key_changes and self.subscribed(slug):
            self._keys[slug] = key

    def forget_chair_key(self, slug: str) -> None:
        self._keys.pop(slug, None)
        self.key_changes += 1

    def key_replaced(self, slug: str | None) -> None:
        """Tell the listeners (the hub ends the chair pages of the old key)."""
        for listener in self.key_listeners:
            listener(slug)

    def deliver(self, slug: str, version: int, state: State, *, force: bool = False) -> None:
        """Hand a state to the meeting's mailboxes, unless they were given a newer one."""
        if not force and version <= self._versions.get(slug, -1):
            return
        self._versions[slug] = version
        for mailbox in self._mailboxes.get(slug, ()):
            mailbox.put(state)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for boxes in self._mailboxes.values():
            for mailbox in boxes:
                mailbox.close()

    async def _run(self) -> None:
        delay = BACKOFF_FIRST
        while True:
            pubsub = self._redis.pubsub()
            try:
                connect: Callable[[], Awaitable[None]] = pubsub.connect
                await connect()
                self._pubsub = pubsub
                self.connects += 1
                await self._subscribe_all(pubsub)
                if self.connects > 1:
                    # Whoever watched before the first connection loads for themselves.
                    log.warning("Redis is back; catching up on every watched meeting")
                    await self._catch_up()
                    self.key_replaced(None)  # one may have been replaced while away
                delay = BACKOFF_FIRST
                while True:
                    self._dispatch(await pubsub.get_message(timeout=None))
            except LOST as exc:
                metrics.REDIS_RECONNECTS.inc()
                log.warning("Redis connection lost (%s); reconnecting in %.2fs", exc, delay)
            except Exception:
                # Never let the meetings' live updates die with one bad message.
                log.exception("Redis subscriptions failed; reconnecting in %.2fs", delay)
            finally:
                self._pubsub = None
                for event in self._confirmed.values():
                    event.clear()
                self._keys.clear()  # a replacement may go unannounced while away
                self.key_changes += 1
                close: Callable[[], Awaitable[None]] = pubsub.aclose
                with contextlib.suppress(Exception):
                    await close()
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, BACKOFF_MAX)

    async def _subscribe_all(self, pubsub: PubSub) -> None:
        """Subscribe to every watched meeting and wait until Redis confirms."""
        slugs = list(self._mailboxes)
        if not slugs:
            return
        await pubsub.subscribe(*(channel(slug) for slug in slugs))
        while not all(self._confirmed[slug].is_set() for slug in slugs):
            self._dispatch(await pubsub.get_message(timeout=None))

    async def _catch_up(self) -> None:
        """Hand over every watched meeting's current state, even if not newer.

        Not newer happens when Redis restarted without its append-only file;
        the current state is then the truth all the same.
        """
        execute: Callable[..., Awaitable[Any]] = self._redis.execute_command
        for slug in list(self._mailboxes):
            version, state = await execute("HMGET", meeting_key(slug), "version", "state")
            if version is not None and state is not None:
                self.deliver(slug, int(version), state, force=True)

    def _dispatch(self, message: dict[str, Any] | None) -> None:
        if message is None or not isinstance(message.get("channel"), bytes):
            return
        slug = slug_of(message["channel"])
        if message["type"] == "message" and message["data"] == KEY_CHANGED:
            self.forget_chair_key(slug)
            self.key_replaced(slug)
        elif message["type"] == "message" and message["data"].startswith(PRESENCE):
            for listener in self.presence_listeners:
                listener(slug, message["data"])
        elif message["type"] == "message":
            version, state = parse_change(message["data"])
            self.deliver(slug, version, state)
        elif message["type"] == "subscribe" and slug in self._confirmed:
            self._confirmed[slug].set()
