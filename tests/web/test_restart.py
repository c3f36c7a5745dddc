"""kill -9 and start again on the same data: the room picks up where it was.

Every test runs twice: on the embedded store (the process's data directory)
and on the Redis store (the app process is killed; Redis keeps running).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.redis_server import RedisServer
from tests.servers import SLUG, FloorServer
from tests.wsclient import Client

LIVE = r'class="pill live-pill"'


def region(html: str, region_id: str) -> str:
    """One live region of a pushed message: its tag up to the next region."""
    start = html.find(f'id="{region_id}"')
    assert start >= 0, f"no #{region_id} in {html[:300]!r}"
    end = html.find("hx-swap-oob", html.index(">", start))
    return html[start : end if end >= 0 else len(html)]


def started_at(stage: str) -> str:
    match = re.search(r'class="countdown big"[^>]*data-started-at="(\d+)"', stage)
    assert match, f"no running countdown in {stage!r}"
    return match[1]


async def connect(server: FloorServer, query: str = "", token: str | None = None) -> Client:
    headers = {"Cookie": f"floor_token={token}"} if token else None
    return await Client.connect(f"{server.ws_base}/m/{SLUG}/ws{query}", additional_headers=headers)


@pytest.fixture(params=["embedded", "redis"])
def floor_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FloorServer]:
    redis = None
    env: dict[str, str] = {}
    if request.param == "redis":
        redis = RedisServer(tmp_path / "redis", appendonly=True).start()
        env = {"FLOOR_REDIS_URL": redis.url}
    server = FloorServer(tmp_path / "data", env=env).start()
    try:
        yield server
    finally:
        server.stop()
        if redis is not None:
            redis.stop()


@dataclass
class Before:
    """What the room showed just before the crash."""

    stage: str
    upnext: str
    chair_key: str


@pytest.fixture
async def crashed(floor_server: FloorServer) -> AsyncIterator[Before]:
    """On "Welcome", Bo has the floor and Ada waits; then kill -9 and start again."""
    chair = await connect(floor_server, f"?key={floor_server.chair_key}")
    screen = await connect(floor_server, "?role=screen")
    bo = await connect(floor_server, token="bo-token")
    ada = await connect(floor_server, token="ada-token")
    try:
        await chair.send(type="start_meeting")
        await chair.wait_for(LIVE)
        await chair.send(type="next_item")
        await chair.wait_for(r'<h3 class="item-heading">Welcome</h3>')
        for client, name in ((bo, "Bo Svensson"), (ada, "Ada Lovelace")):
            await client.send(type="register", name=name)
            await client.wait_for(rf'You are registered as <strong class="typed">{name}</strong>')
        await bo.send(type="raise_hand")
        await chair.wait_for(r'class="speakers-list".*Bo Svensson.*id="people"')
        await chair.send(type="call_next")
        await chair.wait_for(r'class="speaker"[^>]*><bdi class="name">Bo Svensson')
        await ada.send(type="raise_hand")
        shown = await screen.wait_for(r'id="upnext".*Ada Lovelace')
        before = Before(region(shown, "stage"), region(shown, "upnext"), floor_server.chair_key)
    finally:
        for client in (chair, screen, bo, ada):
            await client.close()

    floor_server.kill()
    floor_server.links.clear()  # so that start() reads the links printed again
    floor_server.start()
    yield before


async def test_a_restarted_server_shows_the_same_item_and_speaker(
    floor_server: FloorServer, crashed: Before
) -> None:
    screen = await connect(floor_server, "?role=screen")
    try:
        first = await screen.wait_for(r'id="stage"')
    finally:
        await screen.close()
    stage = region(first, "stage")
    assert '<h1 class="stage-item">Welcome</h1>' in stage
    assert '<bdi class="name">Bo Svensson</bdi>' in stage
    # The same stage, but for the countdown's first text, which is the time left at
    # the moment of rendering (the clock kept running through the restart).
    assert without_countdown_text(stage) == without_countdown_text(crashed.stage)


def without_countdown_text(html: str) -> str:
    return re.sub(r'(<span class="countdown-value">)[^<]*(</span>)', r"\1\2", html)


async def test_a_restarted_server_keeps_the_waiting_hand(
    floor_server: FloorServer, crashed: Before
) -> None:
    screen = await connect(floor_server, "?role=screen")
    try:
        first = await screen.wait_for(r'id="upnext"')
    finally:
        await screen.close()
    upnext = region(first, "upnext")
    assert "Ada Lovelace" in upnext
    assert "Bo Svensson" not in upnext
    assert upnext == crashed.upnext


async def test_the_speaker_timer_keeps_its_start_time_across_a_restart(
    floor_server: FloorServer, crashed: Before
) -> None:
    screen = await connect(floor_server, "?role=screen")
    try:
        first = await screen.wait_for(r'id="stage"')
    finally:
        await screen.close()
    assert started_at(region(first, "stage")) == started_at(crashed.stage)
    assert 'data-elapsed="0"' in region(first, "stage")


def test_the_chair_key_printed_after_a_restart_is_the_same(
    floor_server: FloorServer, crashed: Before
) -> None:
    printed = [line for line in floor_server.output if line.lstrip().startswith("chair:")]
    assert len(printed) == 2, "the restarted server printed no chair link"
    assert floor_server.chair_key == crashed.chair_key


async def test_the_chair_link_still_works_after_a_restart(
    floor_server: FloorServer, crashed: Before
) -> None:
    chair = await connect(floor_server, f"?key={crashed.chair_key}")
    try:
        await chair.send(type="finish_turn")
        await chair.wait_for(r'<div id="notice" hx-swap-oob="true" role="alert"></div>')
        await chair.wait_for(r"Nobody has the floor\.")
    finally:
        await chair.close()


async def test_a_participant_is_still_recognised_after_a_restart(
    floor_server: FloorServer, crashed: Before
) -> None:
    ada = await connect(floor_server, token="ada-token")
    try:
        await ada.send(type="raise_hand")
        refused = await ada.wait_for(r'data-code="already_in_queue"')
        assert "Your hand is already raised." in refused
    finally:
        await ada.close()
