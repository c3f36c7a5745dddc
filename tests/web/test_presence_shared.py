"""Presence with several processes on one Redis: a chair page on one process shows who
has a page open on any of them, and who went, and since when."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.servers import FloorServer
from tests.web.many_pages import Pages, command, region, start_on_welcome
from tests.wsclient import Client

PRESENT = r'id="speakers".*presence-present">present<'
AWAY = r'id="speakers".*presence-away">away since <time data-at="\d+"'


async def ana_on(pages: Pages, server: FloorServer) -> Client:
    ana = await pages.connect(server, token="ana-token")
    assert await command(ana, type="register", name="Ana Lima") is None
    assert await command(ana, type="raise_hand") is None
    return ana


async def nothing_comes(client: Client, seconds: float) -> None:
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(seconds):
            await client.ws.recv()


async def drain(*clients: Client) -> None:
    """Read what was sent until now (until nothing comes for a moment), and forget it."""
    for client in clients:
        with pytest.raises(TimeoutError):
            while True:
                async with asyncio.timeout(0.5):
                    await client.ws.recv()
        client.received.clear()


async def test_a_participant_on_process_b_is_present_then_away_on_a_chair_of_process_a(
    processes: tuple[FloorServer, FloorServer], pages: Pages
) -> None:
    a, b = processes
    chair_a = await pages.chair(a)
    await start_on_welcome(chair_a)
    screen_a = await pages.screen(a)
    await screen_a.wait_for(r'id="stage"')
    ana = await ana_on(pages, b)
    shown = await chair_a.wait_for(PRESENT)
    assert "Ana Lima" in region(shown, "speakers")
    await drain(chair_a, screen_a)  # every push of her hand

    await ana.close()  # her page on B goes
    started = time.monotonic()
    shown = await chair_a.wait_for(AWAY)
    assert time.monotonic() - started < 2.0
    # Only the chair's regions that show presence were rendered and sent, and only to
    # the chair: the screen heard nothing of it.
    assert 'id="agenda"' not in shown and 'id="people"' in shown
    await nothing_comes(screen_a, 1.0)

    # Back, on process A this time: present again.
    await drain(chair_a)
    await pages.connect(a, token="ana-token")
    await chair_a.wait_for(PRESENT + r"(?!.*presence-away)")


async def test_the_participants_of_a_process_that_crashes_are_away_within_seconds(
    processes: tuple[FloorServer, FloorServer], pages: Pages
) -> None:
    a, b = processes
    chair_a = await pages.chair(a)
    await start_on_welcome(chair_a)
    await ana_on(pages, b)
    await chair_a.wait_for(PRESENT)
    await drain(chair_a)

    b.kill()  # no goodbye from B or from Ana's page
    started = time.monotonic()
    await chair_a.wait_for(AWAY, timeout=15)
    assert time.monotonic() - started < 10.0
    # Her page stopped answering rather than closing: the health table says so.
    health = await chair_a.wait_for(r'id="health".*Ana Lima', timeout=10)
    assert "connection lost" in region(health, "health")


async def test_a_chair_page_opened_later_sees_who_is_present_elsewhere(
    processes: tuple[FloorServer, FloorServer], pages: Pages
) -> None:
    a, b = processes
    await start_on_welcome(await pages.chair(b))
    await ana_on(pages, b)
    chair_a = await pages.chair(a)  # process A had no chair page until now
    shown = await chair_a.wait_for(PRESENT)
    assert "Ana Lima" in region(shown, "speakers")
