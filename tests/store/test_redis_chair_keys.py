"""The Redis store keeps the chair keys of the meetings it watches, and drops
one the moment another process announces its replacement."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from redis import Redis

from floor.domain.agenda import meeting_from_data
from floor.store.redis import RedisStore
from tests.redis_server import RedisServer

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
SLUG = "iom-gcm-2017"


@pytest.fixture
def redis_server(aof_redis: RedisServer) -> RedisServer:
    return aof_redis


@pytest.fixture
async def stores(stores: tuple[RedisStore, RedisStore]) -> tuple[RedisStore, RedisStore]:
    """Two stores on one Redis, as two processes have; the meeting exists."""
    data = yaml.safe_load(AGENDA.read_text(encoding="utf-8"))
    await stores[0].create(meeting_from_data(data), "first-key")
    return stores


def key_reads(server: RedisServer) -> int:
    """How many HGETs Redis has answered so far."""
    stats = Redis.from_url(server.url).info("commandstats")
    return int(stats.get("cmdstat_hget", {}).get("calls", 0))


async def eventually_key(store: RedisStore, expected: str) -> None:
    async with asyncio.timeout(5):
        while await store.chair_key(SLUG) != expected:
            await asyncio.sleep(0.01)


async def test_a_watching_store_answers_from_memory_and_sees_a_replacement(
    stores: tuple[RedisStore, RedisStore], redis_server: RedisServer
) -> None:
    a, b = stores
    async with a.watch(SLUG):
        assert await a.chair_key(SLUG) == "first-key"  # read once from Redis
        before = key_reads(redis_server)
        for _ in range(20):
            assert await a.chair_key(SLUG) == "first-key"
        assert key_reads(redis_server) == before, "a kept key needs no round trip"

        await b.set_chair_key(SLUG, "second-key")  # another process replaces it
        await eventually_key(a, "second-key")
        await a.chair_key(SLUG)
        after = key_reads(redis_server)
        assert await a.chair_key(SLUG) == "second-key"
        assert key_reads(redis_server) == after, "the new key is kept in turn"


async def test_the_replacing_store_never_answers_the_old_key(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, _ = stores
    async with a.watch(SLUG):
        assert await a.chair_key(SLUG) == "first-key"
        await a.set_chair_key(SLUG, "second-key")
        assert await a.chair_key(SLUG) == "second-key"  # at once, not eventually


async def test_a_store_that_does_not_watch_asks_redis_every_time(
    stores: tuple[RedisStore, RedisStore], redis_server: RedisServer
) -> None:
    a, b = stores
    assert await a.chair_key(SLUG) == "first-key"
    before = key_reads(redis_server)
    assert await a.chair_key(SLUG) == "first-key"
    assert key_reads(redis_server) == before + 1
    await b.set_chair_key(SLUG, "second-key")
    assert await a.chair_key(SLUG) == "second-key"  # no announcement needed


async def test_losing_redis_drops_every_kept_key(
    stores: tuple[RedisStore, RedisStore], redis_server: RedisServer
) -> None:
    a, _ = stores
    async with a.watch(SLUG):
        assert await a.chair_key(SLUG) == "first-key"
        redis_server.kill()
        # Replaced while this store could not hear it: as if written by hand.
        redis_server.start()
        Redis.from_url(redis_server.url).hset(f"floor:meeting:{SLUG}", "chair_key", "by-hand")
        await eventually_key(a, "by-hand")
