"""A real `floor serve`: its pages, and its websocket as each role sees it."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients
from tests.wsclient import Client

STARTED = r'id="stage"[^>]*>\s*<h1 class="stage-item">Entrance and Registration</h1>'
WELCOME = r'id="stage"[^>]*>\s*<h1 class="stage-item">Welcome</h1>'
LIVE = r'class="pill live-pill"'
OK = r'<div id="notice" hx-swap-oob="true" role="alert"></div>'


def notice(code: str) -> str:
    return rf'id="notice".*data-code="{code}"'


def region(html: str, region_id: str) -> str:
    """One live region of a pushed message: its tag up to the next region."""
    start = html.find(f'id="{region_id}"')
    assert start >= 0, f"no #{region_id} in {html[:300]!r}"
    end = html.find("hx-swap-oob", html.index(">", start))
    return html[start : end if end >= 0 else len(html)]


async def start_on_welcome(chair: Client) -> None:
    """Start the meeting and move to "Welcome", whose list of speakers is open."""
    await chair.send(type="start_meeting")
    await chair.wait_for(LIVE)
    await chair.send(type="next_item")
    await chair.wait_for(r'id="current".*<h3 class="item-heading">Welcome</h3>')


# pages -----------------------------------------------------------------------


def test_the_join_page_opens_and_sets_a_private_cookie(floor_server: FloorServer) -> None:
    response = httpx.get(f"{floor_server.base}/m/{SLUG}")
    assert response.status_code == 200
    assert "Register to take part" in response.text
    [cookie] = response.headers.get_list("set-cookie")
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert attributes[0].startswith("floor_token=") and len(attributes[0]) > 20
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_a_returning_participant_keeps_their_cookie(floor_server: FloorServer) -> None:
    response = httpx.get(f"{floor_server.base}/m/{SLUG}", cookies={"floor_token": "abc"})
    assert response.status_code == 200
    assert "set-cookie" not in response.headers


def test_the_screen_page_opens(floor_server: FloorServer) -> None:
    response = httpx.get(f"{floor_server.base}/m/{SLUG}/screen")
    assert response.status_code == 200
    assert "Civil Society Informal Meeting" in response.text
    assert f"/m/{SLUG}/qr.svg" in response.text


@pytest.mark.parametrize("query", ["", "?key=", "?key=not-the-key"], ids=["none", "empty", "wrong"])
def test_the_chair_page_needs_the_chair_key(floor_server: FloorServer, query: str) -> None:
    response = httpx.get(f"{floor_server.base}/m/{SLUG}/chair{query}")
    assert response.status_code == 403
    assert "This page needs the chair link" in response.text
    assert "Start the meeting" not in response.text


def test_the_chair_page_opens_with_the_chair_key(floor_server: FloorServer) -> None:
    response = httpx.get(floor_server.links["chair"])
    assert response.status_code == 200
    assert "Start the meeting" in response.text
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("page", ["participant", "screen", "chair"])
def test_each_page_loads_its_own_script_and_no_other_pages(
    floor_server: FloorServer, page: str
) -> None:
    url = {
        "participant": f"{floor_server.base}/m/{SLUG}",
        "screen": f"{floor_server.base}/m/{SLUG}/screen",
        "chair": floor_server.links["chair"],
    }[page]
    scripts = re.findall(r'<script[^>]*src="(/static/[^"]*js/[^"]+)"', httpx.get(url).text)
    assert [path.rsplit("/", 2)[-2:] for path in scripts] == [["js", f"{page}.js"]]
    module = httpx.get(floor_server.base + scripts[0])
    assert module.headers["content-type"].startswith("text/javascript")
    assert re.findall(r'from "\./([a-z]+)\.js"|import "\./([a-z]+)\.js"', module.text) in (
        [("common", "")],
        [("", "common")],
    )


@pytest.mark.parametrize(
    "path", ["/m/nope", "/m/nope/screen", "/m/nope/chair?key=x", "/m/nope/qr.svg"]
)
def test_an_unknown_meeting_is_not_found(floor_server: FloorServer, path: str) -> None:
    assert httpx.get(floor_server.base + path).status_code == 404


def test_healthz_reports_ok_and_the_meeting_count(floor_server: FloorServer) -> None:
    response = httpx.get(f"{floor_server.base}/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "meetings": 1}


def test_the_clock_is_the_servers_time_in_ms(floor_server: FloorServer) -> None:
    before = time.time() * 1000
    response = httpx.get(f"{floor_server.base}/clock")
    after = time.time() * 1000
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    assert before - 1000 <= response.json()["now"] <= after + 1000


def test_the_qr_code_is_an_svg(floor_server: FloorServer) -> None:
    response = httpx.get(f"{floor_server.base}/m/{SLUG}/qr.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.lstrip().startswith("<svg")
    assert response.text.rstrip().endswith("</svg>")


# live updates ----------------------------------------------------------------


async def test_a_chair_command_reaches_the_screen_and_participants(clients: Clients) -> None:
    screen = await clients.screen()
    participant = await clients.participant("ada-token")
    chair = await clients.chair()
    await screen.wait_for(r'id="stage"')
    await participant.wait_for(r'id="current"')

    await chair.send(type="start_meeting")

    await screen.wait_for(STARTED)
    # (before the start the page lists the agenda: wait for the running item)
    shown = await participant.wait_for(r'id="current"[^>]*data-phase="running".*Entrance and')
    assert "<h2>Entrance and Registration</h2>" in region(shown, "current")


async def test_a_raised_hand_appears_in_the_chairs_queue(clients: Clients) -> None:
    chair = await clients.chair()
    await start_on_welcome(chair)
    ada = await clients.participant("ada-token")

    await ada.send(type="register", name="Ada Lovelace", organization="ICMC")
    await ada.wait_for(
        r'id="profile".*You are registered as <strong class="typed">Ada Lovelace</strong>'
    )
    await ada.send(type="raise_hand")

    pushed = await chair.wait_for(
        r'id="speakers".*?class="speakers-list".*?Ada Lovelace.*?id="people"'
    )
    assert region(pushed, "speakers").count('class="hand ') == 1
    await ada.wait_for(r'id="speakers".*?class="speakers-names".*?Ada Lovelace')


async def test_a_participant_cannot_move_the_agenda(clients: Clients) -> None:
    chair = await clients.chair()
    await chair.send(type="start_meeting")
    await chair.wait_for(LIVE)
    ada = await clients.participant("ada-token")

    await ada.send(type="next_item")

    refused = await ada.wait_for(notice("forbidden"))
    assert "Only the chair can do that." in refused
    late_screen = await clients.screen()
    first = await late_screen.wait_for(r'id="stage"')
    assert "Entrance and Registration" in region(first, "stage")


async def test_a_participant_without_a_cookie_cannot_register(clients: Clients) -> None:
    stranger = await clients.connect()
    await stranger.send(type="register", name="Nobody")
    refused = await stranger.wait_for(notice("forbidden"))
    assert "Join the meeting first." in refused


@pytest.mark.parametrize(
    "raw",
    ["{not json", '{"type": "dance"}', '{"type": "start_meeting", "force": true}', "[]", "",
     "[" * 2000 + "]" * 2000,
     '{"type": "raise_hand", "topic": ' + "[" * 1990 + "]" * 1990 + "}",
     '{"report": ' + "[" * 1990 + "]" * 1990 + "}"],
    ids=["not-json", "unknown-type", "unknown-field", "not-an-object", "empty",
         "2000-deep-array", "deep-field", "deep-report"],
)
async def test_a_malformed_message_is_invalid_and_the_socket_keeps_working(
    clients: Clients, raw: str
) -> None:
    chair = await clients.chair()
    await chair.wait_for(r'id="status"')

    await chair.ws.send(raw)
    await chair.wait_for(notice("invalid"))

    await chair.send(type="start_meeting")
    await chair.wait_for(LIVE)


@pytest.mark.parametrize(
    "command",
    [{"type": "start_meeting"}, {"type": "register", "name": "Screen"}, {"type": "raise_hand"}],
    ids=["chair-command", "register", "raise-hand"],
)
async def test_the_screen_cannot_send_commands(clients: Clients, command: dict[str, Any]) -> None:
    screen = await clients.screen()
    await screen.send(**command)
    await screen.wait_for(notice("forbidden"))
    late_screen = await clients.screen()
    stage = await late_screen.wait_for(r'id="stage"')
    assert "stage-before" in stage and "Starts at" in stage  # still before the start


async def test_a_ping_is_answered_at_once_and_changes_nothing(clients: Clients) -> None:
    screen = await clients.screen()
    await screen.wait_for(r'id="stage"')
    screen.received.clear()
    await screen.send_raw('{"type":"ping"}')
    assert await screen.wait_for(r"^pong$") == "pong"
    assert screen.received == ["pong"]  # no notice, no state


# handshakes ------------------------------------------------------------------


async def test_a_cross_site_origin_is_refused(floor_server: FloorServer) -> None:
    url = f"{floor_server.ws_base}/m/{SLUG}/ws"
    with pytest.raises(InvalidStatus) as refused:
        await websockets.connect(url, origin="http://evil.example")
    assert refused.value.response.status_code == 403


async def test_a_same_host_origin_is_accepted(clients: Clients) -> None:
    screen = await clients.connect("?role=screen", origin=clients.server.base)
    await screen.wait_for(r'id="stage"')


async def closed_with(url: str) -> tuple[int, str, list[str]]:
    """Open a socket; once the server has closed it, the close's code and reason, and
    what was sent before."""
    received: list[str] = []
    async with websockets.connect(url) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            async with asyncio.timeout(5):
                while True:
                    received.append(str(await ws.recv()))
    frame = closed.value.rcvd
    assert frame is not None
    return frame.code, frame.reason, received


async def test_the_chair_socket_refuses_a_wrong_key_for_good(floor_server: FloorServer) -> None:
    # Said after the handshake, with a code of its own: the page must not retry (a
    # refused handshake reaches a browser only as 1006, which it retries).
    url = f"{floor_server.ws_base}/m/{SLUG}/ws?key=not-the-key"
    code, reason, received = await closed_with(url)
    assert (code, reason) == (4403, "link no longer valid")
    assert received == []  # nothing of the meeting


async def test_the_socket_of_an_unknown_meeting_is_refused_for_good(
    floor_server: FloorServer,
) -> None:
    code, reason, received = await closed_with(f"{floor_server.ws_base}/m/nope/ws?role=screen")
    assert (code, reason) == (4404, "no such meeting")
    assert received == []


async def test_a_flood_is_rate_limited_and_the_socket_stays_open(clients: Clients) -> None:
    chair = await clients.chair()
    await chair.wait_for(r'id="status"')

    for _ in range(200):
        await chair.ws.send('{"type": "dance"}')

    limited = await chair.wait_for(notice("rate_limited"))
    assert "Too many messages" in limited
    await asyncio.sleep(0.5)  # the bucket refills
    await chair.send(type="start_meeting")
    await chair.wait_for(LIVE)
