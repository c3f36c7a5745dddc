"""Rate limits counted where the meetings are: in Redis, every process shares one count
(two processes used to allow twice the rate); the embedded store counts in its process."""

from __future__ import annotations

from pathlib import Path

import pytest

from floor.domain.errors import DomainError
from floor.store.allowance import LocalAllowance
from floor.store.embedded import EmbeddedStore
from floor.store.redis import RedisStore
from floor.web.creation import CreationLimits
from tests.redis_server import RedisServer


@pytest.fixture
def redis_server(aof_redis: RedisServer) -> RedisServer:
    return aof_redis


async def test_creation_per_address_is_counted_once_for_every_process(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = stores
    limits = CreationLimits(per_address=3)
    await limits.check("203.0.113.9", "", 0, a.allowance)
    await limits.check("203.0.113.9", "", 0, b.allowance)
    await limits.check("203.0.113.9", "", 0, a.allowance)
    with pytest.raises(DomainError) as refused:
        await limits.check("203.0.113.9", "", 0, b.allowance)
    assert refused.value.code == "rate_limited"
    assert "try again in 60 seconds" in refused.value.message
    await limits.check("198.51.100.7", "", 0, b.allowance)  # another address is not held


async def test_the_participants_allowance_of_a_meeting_is_shared_by_every_process(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = stores
    rate, burst = 0.5, 40  # slow to refill: what the test takes is what is spent
    taken = 0
    for n in range(burst):
        store = a if n % 2 else b
        taken += await store.allowance.take("meeting:flooded", rate, burst) == 0
    assert taken == burst
    # The burst is spent between the two: neither process lets a flood through now.
    assert await a.allowance.take("meeting:flooded", rate, burst) > 0
    assert await b.allowance.take("meeting:flooded", rate, burst) > 0
    # Another meeting has its own allowance.
    assert await a.allowance.take("meeting:quiet", rate, burst) == 0


async def test_redis_forgets_a_bucket_once_it_would_be_full_again(
    stores: tuple[RedisStore, RedisStore], aof_redis: RedisServer
) -> None:
    import redis

    a, _ = stores
    await a.allowance.take("meeting:brief", 200.0, 2000)
    ttl = redis.Redis.from_url(aof_redis.url).pttl("floor:allow:meeting:brief")
    assert 0 < ttl <= 11_000  # 2,000 refilled at 200 a second, and a second more


async def test_the_embedded_store_counts_in_its_process(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "data")
    try:
        assert isinstance(store.allowance, LocalAllowance)
        assert [await store.allowance.take("create:x", 1 / 60, 2) for _ in range(2)] == [0, 0]
        assert await store.allowance.take("create:x", 1 / 60, 2) == pytest.approx(60, abs=1)
    finally:
        await store.close()


async def test_a_local_bucket_refills_with_time() -> None:
    now = [0.0]
    allowance = LocalAllowance(clock=lambda: now[0])
    assert [allowance.take_now("k", 10.0, 2) for _ in range(3)] == [0.0, 0.0, pytest.approx(0.1)]
    now[0] += 0.1
    assert allowance.take_now("k", 10.0, 2) == 0.0
