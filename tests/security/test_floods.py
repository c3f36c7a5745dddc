"""A hand flood (raise, lower, raise...) from many pages: once it stops, the chair is as quick."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import websockets

from floor.domain.hands import MAX_RAISES_KEPT
from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients
from tests.web.many_pages import command
from tests.wsclient import Client

FLOODERS = 50
ROUNDS = 25  # raise and lower: 50 messages a page, inside the page's burst allowance; past
# the person's own allowance (10 at once), so most are refused "slow down"


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
        # A page's messages are handled in order: its pong comes after the flood.
        await page.send_raw('{"type":"ping"}')
        await page.wait_for("^pong$", timeout=60)

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


async def test_a_page_that_ignores_slow_down_is_closed(clients: Clients) -> None:
    """One participant's commands are a trickle (10 at once, then 1 a second) whatever the
    page sends; a page that keeps sending after "slow down" is closed, not answered."""
    chair = await clients.chair()
    assert await command(chair, type="start_meeting") is None
    assert await command(chair, type="goto_item", item_id="i4") is None
    page = await clients.participant("flooder")
    assert await command(page, type="register", name="Flooder") is None
    answers = [await command(page, type=kind) for kind in ("raise_hand", "lower_hand") * 6]
    assert answers[:9] == [None] * 9  # register and nine more: the person's burst
    assert "rate_limited" in answers[9:]  # then "slow down", in plain words
    for _ in range(200):  # no page of ours sends like this
        try:
            await page.send(type="raise_hand")
        except websockets.ConnectionClosed:
            break
        await asyncio.sleep(0)
    async with asyncio.timeout(10):
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                await page.ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    assert closed.value.rcvd.reason == "too many messages"
    # A page opened again by the same person starts where the last one ended: its
    # first message past the allowance closes it, instead of buying another 60.
    again = await clients.participant("flooder")
    for _ in range(3):
        with contextlib.suppress(websockets.ConnectionClosed):
            await again.send(type="raise_hand")
    async with asyncio.timeout(10):
        with pytest.raises(websockets.ConnectionClosed) as closed_again:
            while True:
                await again.ws.recv()
    assert closed_again.value.rcvd is not None and closed_again.value.rcvd.code == 1008
    # The chair and the room are untouched: the chair's command still goes through.
    assert await command(chair, type="show_message", text="still here") is None
