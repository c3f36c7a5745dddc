"""Rate allowances: token buckets counted where the meetings are kept.

The per-address creation limit and the participants' allowance per meeting
must hold for the site, not per process: with four processes behind one
proxy, each counting its own, an address created four times its share. So
the store keeps the buckets. The embedded store serves one process and
counts in it; the Redis store counts in Redis, one short Lua script a take
(read, refill, take, write back, with Redis's own clock so that processes on
machines whose clocks differ agree), so every process shares one count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from redis.asyncio import Redis

MAX_KEYS = 10_000  # buckets kept in a process; the refilled ones are forgotten first
PREFIX = "floor:allow:"


class Allowance(Protocol):
    async def take(self, key: str, rate: float, burst: int) -> float:
        """Take one from the bucket `key` (at most `burst`, refilled at `rate` a second):
        0.0 if taken, else the seconds until one will be there (nothing is taken)."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float
    rate: float
    burst: int

    def full(self, now: float) -> bool:
        return self.tokens + (now - self.at) * self.rate >= self.burst


class LocalAllowance:
    """The buckets in this process (the embedded store: one process serves it)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    async def take(self, key: str, rate: float, burst: int) -> float:
        return self.take_now(key, rate, burst)

    def take_now(self, key: str, rate: float, burst: int) -> float:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_KEYS:
                self._forget(now)
            bucket = self._buckets[key] = _Bucket(float(burst), now, rate, burst)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens < 1:
            return (1 - bucket.tokens) / rate
        bucket.tokens -= 1
        return 0.0

    def _forget(self, now: float) -> None:
        """Drop the buckets that have refilled (they lose nothing), else the oldest."""
        full = [k for k, b in self._buckets.items() if b.full(now)]
        for key in full or sorted(self._buckets, key=lambda k: self._buckets[k].at)[:1000]:
            del self._buckets[key]


# KEYS[1]: the bucket; ARGV: rate (a second), burst. Returns the wait in seconds, as
# text (Redis would cut a Lua number to an integer). The bucket expires once it
# would be full again, so idle addresses and meetings leave nothing behind.
TAKE = """#!lua
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1]) or burst
local at = tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens < 1 then
  wait = (1 - tokens) / rate
else
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class RedisAllowance:
    """The buckets in Redis: every process that serves the meetings shares them."""

    def __init__(self, redis: Redis, call: Callable[[Callable[[], Awaitable[Any]]], Any]) -> None:
        self._script = redis.register_script(TAKE)
        self._call = call  # the store's: a lost connection retried, then Unavailable

    async def take(self, key: str, rate: float, burst: int) -> float:
        args = [repr(float(rate)), str(int(burst))]
        reply = await self._call(lambda: self._script(keys=[PREFIX + key], args=args))
        wait = float(reply.decode() if isinstance(reply, bytes) else reply)
        return 0.0 if wait <= 0 or math.isnan(wait) else wait
