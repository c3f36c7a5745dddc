"""The web layer's defences, against a real `floor serve`."""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.forms import post_form
from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients
from tests.web.test_live import closed_with, notice


async def test_pages_carry_a_content_security_policy_without_inline_scripts(
    floor_server: FloorServer,
) -> None:
    async with httpx.AsyncClient() as http:
        for url in floor_server.links.values():
            csp = (await http.get(url)).headers["content-security-policy"]
            assert "script-src 'self'" in csp
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


async def test_only_the_chair_page_refuses_to_be_framed(floor_server: FloorServer) -> None:
    async with httpx.AsyncClient() as http:
        chair = await http.get(floor_server.links["chair"])
        screen = await http.get(floor_server.links["screen"])
    assert chair.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in chair.headers["content-security-policy"]
    assert "x-frame-options" not in screen.headers


async def test_participant_cookie_is_secure_behind_https(floor_server: FloorServer) -> None:
    async with httpx.AsyncClient() as http:
        # A proxy on this machine says the visitor came over https.
        response = await http.get(
            floor_server.links["join"], headers={"X-Forwarded-Proto": "https"}
        )
    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


async def test_chair_key_is_long_and_random(tmp_path: Path) -> None:
    keys = set()
    for n in range(2):
        server = FloorServer(tmp_path / f"data{n}").start()
        keys.add(server.chair_key)
        server.stop()
    assert len(keys) == 2
    assert all(len(key) >= 32 for key in keys)


async def test_rotating_the_chair_key_stops_every_old_link(
    floor_server: FloorServer, clients: Clients
) -> None:
    old_key = floor_server.chair_key
    old_chair = await clients.chair()
    await old_chair.wait_for(r'id="status"')
    silent = await clients.chair()  # opened with the old key, and never sends anything
    await silent.wait_for(r'id="status"')
    async with httpx.AsyncClient() as http:
        response = await post_form(
            http, floor_server.links["chair"], f"{floor_server.base}/m/{SLUG}/chair/rotate",
            {"key": old_key},
        )
        assert response.status_code == 303
        new_url = response.headers["location"]
        assert old_key not in new_url
        assert (await http.get(floor_server.links["chair"])).status_code == 403
        assert (await http.get(new_url)).status_code == 200
    # Every chair page with the old key, even one that never sends anything, is told
    # and closed at once by the server: it hears nothing more (private notes, action
    # items, page health).
    for page in (old_chair, silent):
        await page.wait_for(notice("link_replaced"))
        with pytest.raises(ConnectionClosed):
            async with asyncio.timeout(5):
                while True:
                    message = str(await page.ws.recv())
                    assert 'id="status"' not in message, "a push after the rotation"
    # And a new socket with the old key is closed for good (the page does not retry).
    assert (await closed_with(f"{floor_server.ws_base}/m/{SLUG}/ws?key={old_key}"))[0] == 4403
    new_key = new_url.split("key=", 1)[1]
    chair = await clients.connect(f"?key={new_key}")
    await chair.send(type="start_meeting")
    await chair.wait_for(r'class="pill live-pill"')


async def test_rotation_needs_the_current_key(floor_server: FloorServer) -> None:
    async with httpx.AsyncClient() as http:
        response = await post_form(
            http, floor_server.links["chair"], f"{floor_server.base}/m/{SLUG}/chair/rotate",
            {"key": "guess"},
        )
        assert response.status_code == 403
        assert (await http.get(floor_server.links["chair"])).status_code == 200


@pytest.fixture
def limited_server(tmp_path: Path) -> Iterator[FloorServer]:
    server = FloorServer(tmp_path / "data", env={"FLOOR_MAX_CONNECTIONS_PER_ADDRESS": "3"})
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_connections_per_address_are_limited(limited_server: FloorServer) -> None:
    url = f"{limited_server.ws_base}/m/{SLUG}/ws?role=screen"
    first = [await websockets.connect(url) for _ in range(3)]
    with pytest.raises(InvalidStatus):
        await websockets.connect(url)
    await first[0].close()
    await asyncio.sleep(0.2)  # the server notices the close
    again = await websockets.connect(url)  # a freed place can be taken again
    for ws in [*first[1:], again]:
        await ws.close()


async def test_random_bytes_and_json_never_break_the_connection(clients: Clients) -> None:
    chair = await clients.chair()
    rng = random.Random(7)
    junk: list[str | bytes] = [os.urandom(rng.randint(1, 300)) for _ in range(30)]
    junk += ['{"type":', "[]", "null", '{"type":"call_next","hand_id":"x"}', "\x00\x01"]
    junk += ['{"type":"register","name":"' + "é" * 5000 + '"}']
    for message in junk:
        await chair.send_raw(message)
        await asyncio.sleep(0.02)  # stay under the rate limit
    await chair.send(type="start_meeting")
    await chair.wait_for(r'class="pill live-pill"', timeout=10)
