"""A participant's page closed for flooding, opened again and again: each new page costs
a handshake and the role's render already made, and leaves nothing behind.

The server is uvicorn in this test's own event loop, so that the test can look
into the room it serves between the pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
import websockets
import yaml

from floor.domain.agenda import meeting_from_data
from floor.domain.commands import Role
from floor.store.embedded import EmbeddedStore
from floor.web.app import create_app
from floor.web.state import AppState
from tests.servers import free_port

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
SLUG = "iom-gcm-2017"
FLOOD = json.dumps({"type": "raise_hand"})


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[AppState, str]]:
    store = EmbeddedStore(tmp_path / "data")
    meeting = meeting_from_data(yaml.safe_load(AGENDA.read_text(encoding="utf-8")))
    await store.create(meeting, "chair-key")
    app = create_app(lambda: store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        app, host="127.0.0.1", port=port, ws="websockets-sansio", log_level="warning",
        ws_per_message_deflate=False,
    ))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield app.state.floor, f"ws://127.0.0.1:{port}/m/{SLUG}/ws"
    finally:
        server.should_exit = True
        await task


async def _flood_until_closed(url: str, cookie: str) -> str:
    """Open a participant's page, take its first state, flood it (reading what comes) until
    the server closes it; the first state."""
    async with websockets.connect(url, additional_headers={"Cookie": cookie}) as ws:
        first = str(await ws.recv())

        async def read() -> None:
            with contextlib.suppress(websockets.ConnectionClosed):
                async for _ in ws:
                    pass

        reader = asyncio.create_task(read())
        async with asyncio.timeout(10):
            while not reader.done():
                with contextlib.suppress(websockets.ConnectionClosed):
                    await ws.send(FLOOD)
                await asyncio.sleep(0)
        assert ws.close_code == 1008
        return first


async def test_a_flooders_new_pages_cost_no_render_and_leave_nothing_behind(
    served: tuple[AppState, str],
) -> None:
    state, url = served
    async with websockets.connect(url + "?role=screen") as screen:
        await screen.recv()
        room = state.hub.rooms[SLUG]
        cookie = "floor_token=flooder-token-0001-padding-xxxxxxxx"
        first = await _flood_until_closed(url, cookie)
        renders = room.renders
        assert room.meeting is not None
        version = room.meeting.version
        for _ in range(5):
            assert await _flood_until_closed(url, cookie) == first  # the same first state
        assert room.meeting.version == version  # every command of theirs refused
        assert room.renders == renders, "a new page of the flooder was rendered for"
        # Nothing of the six pages is left: not a connection, an audience or a count.
        await asyncio.sleep(0.1)  # the server's side of the last close
        assert not room.connections[Role.PARTICIPANT]
        assert (Role.PARTICIPANT, "en") not in room.audiences
        assert dict(state.connections) == {"127.0.0.1": 1}  # the screen's
        assert len(state.participant_limits) == 1  # one person, one allowance
        # And the room serves a newcomer the same first state at once.
        newcomer = {"Cookie": "floor_token=a-real-person-token-xxxxxxxxxxxxx"}
        async with websockets.connect(url, additional_headers=newcomer) as page:
            assert str(await page.recv()) == first
        assert room.renders == renders
