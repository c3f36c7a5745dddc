from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from floor.store.redis import RedisStore
from tests.redis_server import RedisServer


@pytest.fixture
async def stores(redis_server: RedisServer) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    """Two stores on one Redis, as two app processes have."""
    a, b = RedisStore(redis_server.url), RedisStore(redis_server.url)
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()
