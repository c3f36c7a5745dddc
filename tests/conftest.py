from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.redis_server import RedisServer
from tests.servers import FloorServer


@pytest.fixture
def floor_server(tmp_path: Path) -> Iterator[FloorServer]:
    """A real `floor serve` on a free port, with the reference meeting loaded."""
    server = FloorServer(tmp_path / "data").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def aof_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own with its append-only file: a kill keeps its data."""
    server = RedisServer(tmp_path / "redis", appendonly=True).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own (a module may override it, e.g. with AOF on)."""
    server = RedisServer(tmp_path / "redis").start()
    try:
        yield server
    finally:
        server.stop()
