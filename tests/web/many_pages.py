"""Pages on several Floor processes at once, for the multi-process and Redis tests."""

from __future__ import annotations

import asyncio
import contextlib
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from websockets.exceptions import ConnectionClosed

from tests.servers import SLUG, FloorServer
from tests.wsclient import Client

WELCOME = r'id="current".*<h3 class="item-heading">Welcome</h3>'
NOTICE = re.compile(
    r'<div id="notice" hx-swap-oob="true" role="alert">'
    r'(?:<p class="notice error" data-code="([a-z_]+)")?'
)


def region(html: str, region_id: str) -> str:
    """One live region of a pushed message: its tag up to the next region."""
    start = html.find(f'id="{region_id}"')
    assert start >= 0, f"no #{region_id} in {html[:300]!r}"
    end = html.find("hx-swap-oob", html.index(">", start))
    return html[start : end if end >= 0 else len(html)]


async def command(client: Client, timeout: float = 30, **fields: Any) -> str | None:
    """Send a command and wait for its answer: None when applied, else the refusal's code."""
    client.received.clear()  # every earlier command was answered already
    await client.send(**fields)
    answer = await client.wait_for(r'<div id="notice"', timeout=timeout)
    match = NOTICE.search(answer)
    assert match, answer
    return match[1]


async def answers(client: Client, count: int, timeout: float = 60) -> list[str | None]:
    """The answers to the last `count` commands sent, in order: None for applied, else the code."""
    codes: list[str | None] = []
    async with asyncio.timeout(timeout):
        while len(codes) < count:
            match = NOTICE.search(str(await client.ws.recv()))
            if match:
                codes.append(match[1])
    return codes


class Pages:
    """Websocket clients on either process, closed after the test."""

    def __init__(self) -> None:
        self.open: list[Client] = []
        self.followers: list[Follower] = []

    async def connect(
        self, server: FloorServer, query: str = "", token: str | None = None
    ) -> Client:
        headers = {"Cookie": f"floor_token={token}"} if token else None
        url = f"{server.ws_base}/m/{SLUG}/ws{query}"
        # No keepalive pings: a page the test is not reading holds back their pongs.
        client = await Client.connect(
            url, additional_headers=headers, max_size=None, ping_interval=None
        )
        self.open.append(client)
        return client

    async def chair(self, server: FloorServer) -> Client:
        return await self.connect(server, f"?key={server.chair_key}")

    async def screen(self, server: FloorServer) -> Client:
        return await self.connect(server, "?role=screen")

    async def follow(self, client: Client) -> Follower:
        """Keep reading `client` in the background (see Follower)."""
        follower = Follower(client)
        self.followers.append(follower)
        return follower

    async def close(self) -> None:
        for client in self.open:
            await client.close()
        for follower in self.followers:
            follower.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await follower.task


class Follower:
    """Reads a page as its messages come, so that it never stalls, and keeps the last."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.last = ""
        self.changed = asyncio.Event()
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for message in self.client.ws:
                self.last = str(message)
                self.changed.set()

    async def wait_for(self, pattern: str, timeout: float = 30) -> str:
        """The last message, once it matches `pattern`."""
        regex = re.compile(pattern, re.S)
        async with asyncio.timeout(timeout):
            while not regex.search(self.last):
                self.changed.clear()
                await self.changed.wait()
        return self.last


def start_both(*servers: FloorServer) -> None:
    """Start the processes at once: they race to load the reference meeting."""
    with ThreadPoolExecutor(len(servers)) as pool:
        for started in [pool.submit(server.start) for server in servers]:
            started.result()


async def start_on_welcome(chair: Client) -> None:
    """Start the meeting and move to "Welcome", whose list of speakers is open."""
    assert await command(chair, type="start_meeting") is None
    assert await command(chair, type="next_item") is None
    await chair.wait_for(WELCOME)


async def healthy(base: str, timeout: float = 20) -> dict[str, Any]:
    """/healthz's answer once the server gives one."""
    async with asyncio.timeout(timeout), httpx.AsyncClient() as client:
        while True:
            with contextlib.suppress(httpx.TransportError):
                response = await client.get(f"{base}/healthz")
                if response.status_code == 200:
                    answer: dict[str, Any] = response.json()
                    return answer
            await asyncio.sleep(0.05)
