"""Slow clients and logs: `floor serve` itself closes slow headers and keeps keys out of its log."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from tests.servers import SLUG, FloorServer


@pytest.fixture
def chatty_server(tmp_path: Path) -> Iterator[FloorServer]:
    server = FloorServer(tmp_path / "data").start("--log-level", "info")
    try:
        yield server
    finally:
        server.stop()


def test_a_connection_that_sends_headers_slowly_is_closed(floor_server: FloorServer) -> None:
    with socket.create_connection(("127.0.0.1", floor_server.port), timeout=1) as slow:
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        opened = time.monotonic()
        closed_after = None
        while time.monotonic() - opened < 12:
            try:
                slow.sendall(b"X-Slow: 1\r\n")  # one header line a second, never the end
                if slow.recv(1024) == b"":
                    closed_after = time.monotonic() - opened
                    break
            except TimeoutError:
                continue
            except OSError:  # reset by the server
                closed_after = time.monotonic() - opened
                break
    assert closed_after is not None, "still open after 12 s"
    assert 4 < closed_after < 8
    # Everyone else is served as before.
    assert httpx.get(f"{floor_server.base}/healthz").status_code == 200


async def test_a_page_keeps_its_socket_past_the_header_deadline(floor_server: FloorServer) -> None:
    async with websockets.connect(f"{floor_server.ws_base}/m/{SLUG}/ws?role=screen") as ws:
        await ws.recv()
        await asyncio.sleep(6)
        await ws.ping()  # still open, past the 5 s the headers had
    with httpx.Client(base_url=floor_server.base) as http:  # keep-alive: two requests
        assert http.get("/healthz").status_code == 200
        time.sleep(1)
        assert http.get("/healthz").status_code == 200


async def test_the_log_shows_no_chair_key(chatty_server: FloorServer) -> None:
    key = chatty_server.chair_key
    assert httpx.get(chatty_server.links["chair"]).status_code == 200
    async with websockets.connect(f"{chatty_server.ws_base}/m/{SLUG}/ws?key={key}") as ws:
        await ws.recv()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        logged = "".join(chatty_server.output[3:])  # after the links printed at start
        if "WebSocket" in logged and "/chair?key=[redacted]" in logged:
            break
        await asyncio.sleep(0.1)
    assert "/chair?key=[redacted]" in logged and "/ws?key=[redacted]" in logged, logged
    assert key not in logged
