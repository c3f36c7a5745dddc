"""Websocket clients on a real `floor serve`, closed after each test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.redis_server import RedisServer
from tests.servers import SLUG, FloorServer
from tests.web.many_pages import Pages, start_both
from tests.wsclient import Client


class Clients:
    """Opens websocket clients on one server, and closes them after the test."""

    def __init__(self, server: FloorServer) -> None:
        self.server = server
        self.open: list[Client] = []

    async def connect(self, query: str = "", **kwargs: Any) -> Client:
        url = f"{self.server.ws_base}/m/{SLUG}/ws{query}"
        client = await Client.connect(url, **kwargs)
        self.open.append(client)
        return client

    async def chair(self) -> Client:
        return await self.connect(f"?key={self.server.chair_key}")

    async def screen(self) -> Client:
        return await self.connect("?role=screen")

    async def participant(self, token: str) -> Client:
        return await self.connect(additional_headers={"Cookie": f"floor_token={token}"})

    async def close(self) -> None:
        for client in self.open:
            await client.close()


@pytest.fixture
async def clients(floor_server: FloorServer) -> AsyncIterator[Clients]:
    opened = Clients(floor_server)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def processes(
    tmp_path: Path, redis_server: RedisServer
) -> Iterator[tuple[FloorServer, FloorServer]]:
    """Two `floor serve` processes, A and B, on one Redis."""
    env = {"FLOOR_REDIS_URL": redis_server.url}
    a = FloorServer(tmp_path / "a", env=env)
    b = FloorServer(tmp_path / "b", env=env)
    try:
        start_both(a, b)
        yield a, b
    finally:
        a.stop()
        b.stop()


@pytest.fixture
async def pages() -> AsyncIterator[Pages]:
    opened = Pages()
    try:
        yield opened
    finally:
        await opened.close()
