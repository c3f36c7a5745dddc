"""A hand flood (raise, lower, raise...) from many pages: once it stops, the chair is as quick."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from floor.domain.meeting import MAX_RAISES_KEPT

from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients
from tests.web.many_pages import command
from tests.wsclient import Client

FLOODERS = 50
ROUNDS = 25  # raise and lower: 50 messages a page, inside the per-page burst allowance


@pytest.fixture
async def clients(floor_server: FloorServer) -> AsyncIterator[Clients]:
    opened = Clients(floor_server)
    try:
        yield opened
    finally:
        await opened.close()


async def _round_trip(chair: Client, samples: int = 25) -> float:
    times = []
    for n in range(samples):
        start = time.perf_counter()
        assert await command(chair, type="show_message", text=f"m{n}") is None
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def test_a_hand_flood_leaves_the_chair_as_quick_once_it_stops(clients: Clients) -> None:
    chair = await clients.chair()
    assert await command(chair, type="start_meeting") is None
    assert await command(chair, type="goto_item", item_id="i4") is None  # its list is open
    pages = [await clients.participant(f"flooder-{n}") for n in range(FLOODERS)]
    for n, page in enumerate(pages):
        assert await command(page, type="register", name=f"Flooder {n}") is None
        assert await command(page, type="raise_hand") is None
    before = await _round_trip(chair)  # 50 hands up

    async def flood(page: Client) -> None:
        for _ in range(ROUNDS):
            await page.send(type="lower_hand")
            await page.send(type="raise_hand")
        async with asyncio.timeout(60):  # every message answered: 50 notices
            while sum('<div id="notice"' in m for m in page.received) < 2 * ROUNDS:
                page.received.append(str(await page.ws.recv()))

    for page in pages:
        page.received.clear()
    await asyncio.gather(*(flood(page) for page in pages))
    after = await _round_trip(chair)  # the same 50 hands up, after 2,500 commands
    assert after <= 2 * before + 0.002, (before, after)
    # What the record keeps did not grow with the flood.
    server = clients.server
    async with httpx.AsyncClient() as http:
        url = f"{server.base}/m/{SLUG}/minutes.json"
        data = (await http.get(url, params={"key": server.chair_key})).json()
    assert data["statistics"]["hands"] == FLOODERS * MAX_RAISES_KEPT  # not 26 each
