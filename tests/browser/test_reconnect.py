"""A phone's page as the network really treats it: it drops, it goes silent, it
comes back; the page says so at once and is live again within seconds."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, live
from tests.servers import SLUG, FloorServer

pytestmark = pytest.mark.browser

WELCOME = ({"type": "start_meeting"}, {"type": "next_item"})


class Relay:
    """A TCP relay between the browser and the server: it can go silent (every byte
    held, both ways, the sockets left open: a phone in a lift), end the page's
    websocket from the server's side with a close frame of a chosen code, or none
    (which the browser reports as 1005), or refuse new connections."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.silent = False
        self.refusing = False  # new connections are closed at once: the server unreachable
        self.sockets: list[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = []
        self.tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> Relay:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self.server.close()
        for task in self.tasks:
            task.cancel()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        first = await reader.read(65536)
        if b"/ws" in first.split(b"\r\n", 1)[0]:
            self.sockets.append((writer, up_writer))
        up_writer.write(first)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.ensure_future(self._pump(source, sink))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await source.read(65536):
                while self.silent:
                    await asyncio.sleep(0.05)
                if sink.is_closing():
                    return
                sink.write(data)
                await sink.drain()
        sink.close()

    def close_latest(self, code: int | None) -> None:
        """Between frames (the page is idle), as a server closing would."""
        to_page, to_server = self.sockets[-1]
        payload = b"" if code is None else code.to_bytes(2, "big")
        to_page.write(bytes([0x88, len(payload)]) + payload)
        to_page.close()
        to_server.close()


@pytest.fixture
async def relay(floor_server: FloorServer) -> AsyncIterator[Relay]:
    relay = await Relay(floor_server.port).start()
    try:
        yield relay
    finally:
        await relay.stop()


async def phone_through(relay: Relay, floor_server: FloorServer, open_page) -> Page:  # type: ignore[no-untyped-def]
    await chair_says(floor_server, *WELCOME)
    await join(floor_server, "Ana Lima", region="Latin America")
    phone = await open_page(f"http://127.0.0.1:{relay.port}/m/{SLUG}", 360, 740)
    await live(phone)
    return phone


async def seconds_until_live(phone: Page) -> float:
    started = time.monotonic()
    await expect(phone.locator(".connection-text")).to_have_text("Live", timeout=15_000)
    return time.monotonic() - started


async def test_back_online_the_page_is_live_within_two_seconds(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    # Offline closes the socket; while it lasts, every retry fails and the backoff grows.
    await phone.context.set_offline(True)
    await expect(phone.locator(".connection-text")).to_have_text("Reconnecting…")
    await phone.wait_for_timeout(9_000)
    tries = await phone.evaluate("window.floorLine.connects")
    assert tries >= 4  # it kept trying, with growing gaps, not once a frame
    assert tries <= 12
    await phone.context.set_offline(False)
    assert await seconds_until_live(phone) < 2.0
    await expect(phone.locator("#current h2")).to_have_text("Welcome")
    assert page_errors == []


async def test_a_silent_socket_shows_reconnecting_within_ten_seconds_and_recovers(
    relay: Relay, floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_through(relay, floor_server, open_page)
    relay.silent = True
    started = time.monotonic()
    await expect(phone.locator(".connection-text")).to_have_text("Reconnecting…", timeout=10_000)
    assert time.monotonic() - started < 10.0
    assert await phone.evaluate("document.body.classList.contains('offline')")
    # Meanwhile the meeting moved on: the page must not show the old state as live.
    await chair_says(floor_server, {"type": "next_item"})
    relay.silent = False
    assert await seconds_until_live(phone) < 2.0 + 1.0  # a retry at most 1 s away
    await expect(phone.locator("#current h2")).not_to_have_text("Welcome")
    assert page_errors == []


@pytest.mark.parametrize("code", [None, 1001, 1011, 1012], ids=["1005", "1001", "1011", "1012"])
async def test_a_socket_closed_without_a_refusal_reconnects_at_once(
    relay: Relay,
    floor_server: FloorServer,
    open_page,  # type: ignore[no-untyped-def]
    page_errors: list[str],
    code: int | None,
) -> None:
    phone = await phone_through(relay, floor_server, open_page)
    relay.close_latest(code)
    seen = await phone.evaluate("window.floorLine.connects")
    assert await seconds_until_live(phone) < 2.0
    assert await phone.evaluate("window.floorLine.closedWith") == (code or 1005)
    assert len(relay.sockets) == 2 and seen <= 2
    assert page_errors == []


async def test_a_refused_socket_is_not_retried(
    relay: Relay, floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_through(relay, floor_server, open_page)
    relay.close_latest(1008)
    await expect(phone.locator(".connection-text")).to_have_text("Not connected")
    await phone.wait_for_timeout(3_000)
    assert len(relay.sockets) == 1
    assert page_errors == []


async def test_a_meeting_gone_is_said_and_not_retried(
    relay: Relay, floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_through(relay, floor_server, open_page)
    relay.close_latest(4404)  # what the server says to a socket of a meeting it does not have
    await expect(phone.locator("#notice .notice.error")).to_have_text(
        "This meeting no longer exists."
    )
    await expect(phone.locator(".connection-text")).to_have_text("Not connected")
    await phone.wait_for_timeout(3_000)
    assert len(relay.sockets) == 1
    assert page_errors == []
