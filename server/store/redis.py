"""The Redis store: any number of processes, on any number of machines, serve the same meetings.

Every write is one Lua script (see `redis_scripts`): check the version, write
the state, append each command and its events to the meeting's stream,
publish the new state. Commands computed from an older state than Redis holds
come back as a conflict with the current state, and are applied again to
that, so concurrent chairs and hands on different processes lose nothing.

Within one process, one task per meeting writes: the commands that arrive
while a write is under way go together in the next one. A burst of hands then
costs a few writes (and a few syncs of Redis's append-only file), not one
each, and conflicts only arise between processes.

When Redis cannot be reached, every call raises Unavailable
and nothing is written; `load` serves the last state this process saw, so
pages still open, and the subscriptions reconnect on their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from floor.domain.commands import Actor, Command
from floor.domain.errors import DomainError, Refusal, Unavailable
from floor.domain.meeting import Event, apply
from floor.domain.model import Meeting
from floor.mailbox import Mailbox
from floor.store import redis_scripts as scripts
from floor.store.allowance import Allowance, RedisAllowance
from floor.store.base import PresenceBoard
from floor.store.redis_presence import RedisPresence
from floor.store.redis_scripts import SLUGS, log_key, meeting_key
from floor.store.redis_watch import State, Subscriptions

T = TypeVar("T")
log = logging.getLogger("floor.redis")

_encode = msgspec.json.Encoder().encode
_decode_meeting = msgspec.json.Decoder(Meeting).decode
_decode_events = msgspec.json.Decoder(list[Event]).decode

RETRY_DELAYS = (0.05, 0.2)  # after a lost connection: a restarted Redis, a stale socket
MAX_CONFLICTS = 100  # re-applications to a fresher state before giving up
MAX_BATCH = 100  # commands carried by one write, at most
BATCH_SECONDS = 0.02  # time spent applying the commands of one write, about
CONNECT_TIMEOUT = 1.0
COMMAND_TIMEOUT = 2.0


Outcome = Meeting | DomainError | Unavailable  # of one queued command


def _unavailable(exc: BaseException | None = None) -> Unavailable:
    error = Unavailable(str(exc) if exc else "")
    error.__cause__ = exc
    return error


def _no_such_meeting() -> DomainError:
    return DomainError(Refusal.NO_SUCH_MEETING)


class RedisStore:

    def __init__(self, url: str) -> None:
        """`url` is redis://, rediss:// or unix://; raises ValueError for anything else.

        Nothing connects until the first call.
        """
        # redis-py's own retries are off: a retried script could apply a
        # command twice. `_call` retries instead, and the scripts are idempotent.
        self._redis: Redis = Redis.from_url(
            url,
            retry=Retry(NoBackoff(), 0),
            socket_connect_timeout=CONNECT_TIMEOUT,
            socket_timeout=COMMAND_TIMEOUT,
        )
        self._compare_and_set = self._redis.register_script(scripts.COMPARE_AND_SET)
        self._create = self._redis.register_script(scripts.CREATE)
        self._set_chair_key = self._redis.register_script(scripts.SET_CHAIR_KEY)
        self._set_team_key = self._redis.register_script(scripts.SET_TEAM_KEY)
        self._subscriptions = Subscriptions(self._redis)
        # rate allowances counted in Redis: every process shares them
        self.allowance: Allowance = RedisAllowance(self._redis, self._call)
        # Any number of processes serve each meeting: they share who is present.
        board = RedisPresence(self._redis, self._call)
        self._subscriptions.presence_listeners.append(board.heard)
        self.presence: PresenceBoard | None = board
        # Commands waiting to be written, and the task writing them, per meeting.
        self._queues: dict[str, list[_Queued]] = {}
        self._writers: dict[str, asyncio.Task[None]] = {}
        # The newest state this process has seen of each meeting: the first
        # guess for the next command, and what pages see while Redis is away.
        self._seen: dict[str, Meeting] = {}
        self.conflicts = 0  # commands applied again to a state another process wrote

    @property
    def reconnects(self) -> int:
        """How many times the subscriptions connected again after losing Redis."""
        return max(0, self._subscriptions.connects - 1)

    async def _call(self, call: Callable[[], Awaitable[T]]) -> T:
        """Run a Redis call; retry a lost connection briefly, then refuse as unavailable.

        Only for calls that are safe to repeat.
        """
        for delay in (*RETRY_DELAYS, None):
            try:
                return await call()
            except RedisConnectionError as exc:
                if delay is None:
                    raise _unavailable(exc) from exc
                await asyncio.sleep(delay)
            except (RedisError, OSError) as exc:
                raise _unavailable(exc) from exc
        raise AssertionError("unreachable")

    async def _command(self, *args: str | int) -> Any:
        execute: Callable[..., Awaitable[Any]] = self._redis.execute_command
        return await self._call(lambda: execute(*args))

    def _remember(self, meeting: Meeting) -> Meeting:
        seen = self._seen.get(meeting.slug)
        if seen is None or seen.version < meeting.version:
            self._seen[meeting.slug] = meeting
        return meeting

    async def create(self, meeting: Meeting, chair_key: str) -> None:
        slug = meeting.slug
        args: list[str | int | bytes] = [slug, meeting.version, _encode(meeting), chair_key]
        created = await self._call(
            lambda: self._create(keys=[meeting_key(slug), SLUGS], args=args)
        )
        if not created:
            raise DomainError(Refusal.SLUG_TAKEN, slug=repr(slug))
        self._remember(meeting)

    async def load(self, slug: str) -> Meeting | None:
        """The current state; while Redis is unreachable, the last state this process saw."""
        try:
            return await self._read(slug)
        except Unavailable:
            seen = self._seen.get(slug)
            if seen is None:
                raise
            return seen

    async def _read(self, slug: str) -> Meeting | None:
        state = await self._command("HGET", meeting_key(slug), "state")
        return None if state is None else self._remember(_decode_meeting(state))

    async def _fetch(self, slug: str) -> Meeting:
        meeting = await self._read(slug)
        if meeting is None:
            raise _no_such_meeting()
        return meeting

    async def chair_key(self, slug: str) -> str | None:
        subscriptions = self._subscriptions
        kept = subscriptions.chair_key(slug)
        if kept is not None:
            return kept
        changes, subscribed = subscriptions.key_changes, subscriptions.subscribed(slug)
        key = await self._command("HGET", meeting_key(slug), "chair_key")
        if key is None:
            return None
        key = bytes(key).decode()
        if subscribed:
            subscriptions.keep_chair_key(slug, key, changes)
        return key

    async def set_chair_key(self, slug: str, chair_key: str) -> None:
        self._subscriptions.forget_chair_key(slug)
        done = await self._call(
            lambda: self._set_chair_key(
                keys=[meeting_key(slug)], args=[chair_key, scripts.channel(slug)]
            )
        )
        # A read racing the write may have kept the old key; the channel's
        # announcement would drop it too, but later.
        self._subscriptions.forget_chair_key(slug)
        if not done:
            raise _no_such_meeting()
        self._subscriptions.key_replaced(slug)  # the announcement will say so again: harmless

    def on_chair_key_replaced(self, listener: Callable[[str | None], None]) -> None:
        self._subscriptions.key_listeners.append(listener)

    async def team_key(self, slug: str, role: str) -> str | None:
        # Not kept here: team links are used by a few pages, and a replaced one
        # must stop working on every process at once.
        key = await self._command("HGET", meeting_key(slug), scripts.team_field(role))
        return None if key is None else bytes(key).decode()

    async def set_team_key(self, slug: str, role: str, key: str | None) -> None:
        args = [scripts.team_field(role), key or ""]
        done = await self._call(lambda: self._set_team_key(keys=[meeting_key(slug)], args=args))
        if not done:
            raise _no_such_meeting()

    async def add_owned(self, owner: str, slug: str) -> None:
        owned = await self.owned(owner)
        if slug not in owned:
            await self._command("RPUSH", scripts.owner_key(owner), slug)

    async def owned(self, owner: str) -> list[str]:
        slugs = await self._command("LRANGE", scripts.owner_key(owner), 0, -1)
        return [bytes(slug).decode() for slug in slugs]

    async def slugs(self) -> list[str]:
        slugs = await self._command("LRANGE", SLUGS, 0, -1)
        return [bytes(slug).decode() for slug in slugs]

    async def apply(self, slug: str, command: Command, actor: Actor, now: int) -> Meeting:
        outcome: asyncio.Future[Meeting] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(slug, []).append(_Queued(command, actor, now, outcome))
        if slug not in self._writers:
            writer = self._write_queued(slug)
            self._writers[slug] = asyncio.create_task(writer, name=f"floor-write:{slug}")
        return await outcome

    async def _write_queued(self, slug: str) -> None:
        """Write the meeting's queued commands, all that wait (up to a batch) per write."""
        try:
            while queue := self._queues.get(slug):
                batch, self._queues[slug] = queue[:MAX_BATCH], queue[MAX_BATCH:]
                try:
                    results = await self._write_batch(slug, batch)
                except (DomainError, Unavailable) as exc:
                    results = [exc] * len(batch)
                except Exception:
                    # A bug, not Redis: say so in the log, answer, keep writing.
                    log.exception("Could not write to meeting %s", slug)
                    results = [_unavailable()] * len(batch)
                except BaseException:  # cancelled: the store is closing
                    _answer(batch, [_unavailable()] * len(batch))
                    raise
                # What did not fit in the write goes first in the next one.
                self._queues[slug] = batch[len(results) :] + self._queues[slug]
                _answer(batch[: len(results)], results)
        finally:
            del self._writers[slug]
            left = self._queues.pop(slug, [])  # only when closing: nobody writes them now
            _answer(left, [_unavailable()] * len(left))

    async def _write_batch(self, slug: str, batch: list[_Queued]) -> list[Outcome]:
        """Apply and write the first commands of `batch`; their outcomes, in order."""
        op = secrets.token_urlsafe(12)
        seen = self._seen.get(slug)
        base = seen if seen is not None else await self._fetch(slug)
        fresh = seen is None
        for _ in range(MAX_CONFLICTS):
            applied = _Batch(base, batch)
            if applied.refused_any and not fresh:
                # Only the current state may refuse a command, not one this process remembers.
                base, fresh = await self._fetch(slug), True
                continue
            if not applied.entries:
                return applied.results
            reply = await self._write(slug, applied, op)
            status = reply[0]
            if status in (scripts.APPLIED, scripts.APPLIED_BEFORE):
                # This process's pages need not wait for Redis to echo the change.
                self._subscriptions.deliver(slug, applied.state.version, applied.state)
                self._remember(applied.state)
                return applied.results
            if status == scripts.NO_SUCH_MEETING:
                self._seen.pop(slug, None)
                raise _no_such_meeting()
            self.conflicts += 1
            base, fresh = self._remember(_decode_meeting(reply[1])), True
        raise _unavailable()

    async def _write(self, slug: str, applied: _Batch, op: str) -> list[Any]:
        keys = [meeting_key(slug), log_key(slug), scripts.op_key(op)]
        args: list[str | int | bytes] = [
            applied.base.version,
            applied.state.version,
            _encode(applied.state),
            scripts.channel(slug),
            len(applied.entries) // scripts.ENTRY_FIELDS,
            *applied.entries,
        ]
        # Safe to retry: the script refuses a version that moved on, and
        # recognises this very write (`op`) if an earlier try went through.
        reply: list[Any] = await self._call(lambda: self._compare_and_set(keys=keys, args=args))
        return reply

    async def events(self, slug: str) -> list[Event]:
        entries = await self._command("XRANGE", log_key(slug), "-", "+")
        return [event for _, fields in entries for event in _decode_events(fields[b"events"])]

    @asynccontextmanager
    async def watch(self, slug: str) -> AsyncIterator[AsyncIterator[Meeting]]:
        mailbox: Mailbox[State] = Mailbox()
        await self._subscriptions.add(slug, mailbox)
        try:
            yield self._states(mailbox)
        finally:
            self._subscriptions.discard(slug, mailbox)
            mailbox.close()

    async def _states(self, mailbox: Mailbox[State]) -> AsyncIterator[Meeting]:
        while True:
            batch = await mailbox.get()
            if not batch:
                return
            state = batch[-1]
            yield self._remember(state if isinstance(state, Meeting) else _decode_meeting(state))

    async def close(self) -> None:
        for writer in list(self._writers.values()):
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
        await self._subscriptions.close()
        await self._redis.aclose()


@dataclass(eq=False)
class _Queued:
    """A command waiting for its meeting's next write, and its caller."""

    command: Command
    actor: Actor
    now: int
    outcome: asyncio.Future[Meeting]


class _Batch:
    """Queued commands applied in turn to one state: what one write carries.

    A refused command is left out; the others apply as if it had not been sent.
    Applying stops once it has taken BATCH_SECONDS: the longer a write takes
    to prepare, the likelier another process writes first, and it all has to
    be done again.
    """

    def __init__(self, base: Meeting, batch: list[_Queued]) -> None:
        self.base = base
        self.state = base
        self.results: list[Outcome] = []
        self.entries: list[str | int | bytes] = []
        deadline = time.perf_counter() + BATCH_SECONDS
        for queued in batch:
            if self.results and time.perf_counter() > deadline:
                break
            try:
                new, events = apply(self.state, queued.command, queued.actor, queued.now)
            except DomainError as exc:
                self.results.append(exc)
                continue
            self.results.append(new)
            self.entries += [
                new.version,
                queued.now,
                _encode(queued.actor),
                _encode(queued.command),
                _encode(events),
            ]
            self.state = new

    @property
    def refused_any(self) -> bool:
        return any(isinstance(result, DomainError) for result in self.results)


def _answer(batch: list[_Queued], results: list[Outcome]) -> None:
    for queued, result in zip(batch, results, strict=True):
        if queued.outcome.done():  # the caller has gone
            continue
        if isinstance(result, DomainError):
            # One error value per caller: each raises it with its own traceback.
            queued.outcome.set_exception(DomainError(result.refusal, **result.params))
        elif isinstance(result, Unavailable):
            queued.outcome.set_exception(Unavailable(result.detail))
        else:
            queued.outcome.set_result(result)
