"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright, expect

from tests.servers import SLUG, FloorServer
from tests.wsclient import Client

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = next((Path(__file__).resolve().parent / "vendor").glob("axe-core-*.min.js"))

pytestmark = pytest.mark.browser


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
def page_errors() -> list[str]:
    """JavaScript errors seen on any page opened with `open_page`; tests assert it is empty."""
    return []


@pytest.fixture
def open_page(browser: Browser, page_errors: list[str]):  # type: ignore[no-untyped-def]
    async def open_page(
        url: str, width: int, height: int, *, skew: float = 0.0, **options: Any
    ) -> Page:
        """A page in a context of its own; `skew`: seconds its clock is ahead (or behind)
        of the real one; `options`: for the context (`has_touch`, `reduced_motion`...)."""
        context = await browser.new_context(viewport={"width": width, "height": height}, **options)
        if skew:
            await context.clock.install(time=time.time() + skew)
        page = await context.new_page()
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))

        def console(message: ConsoleMessage) -> None:
            # A failed reconnect while the server is down is expected: the browser
            # reports it ("WebSocket connection ... failed") and so does the ws
            # extension, which logs the error event itself ("[object Event]").
            # A test that takes the browser offline sees it refuse requests too.
            expected = (
                "WebSocket" in message.text
                or message.text == "[object Event]"
                or "net::ERR_INTERNET_DISCONNECTED" in message.text
            )
            if message.type == "error" and not expected:
                page_errors.append(message.text)

        page.on("console", console)
        await page.goto(url)
        return page

    return open_page


async def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path))
    return path


async def live(page: Page) -> None:
    """Wait until the page's websocket is open and it shows the live state."""
    await expect(page.locator(".connection-text")).to_have_text("Live", timeout=15_000)


async def command(client: Client, **fields: Any) -> None:
    """Send one command and wait until the server has answered it without an error."""
    client.received.clear()
    await client.send(**fields)
    answer = await client.wait_for(r'id="notice"', timeout=10)
    assert "data-code" not in answer, (fields, answer)


async def chair_says(server: FloorServer, *commands: dict[str, Any]) -> None:
    """Commands from a chair's websocket: the set-up a test is not about."""
    client = await Client.connect(f"{server.ws_base}/m/{SLUG}/ws?key={server.chair_key}")
    try:
        for fields in commands:
            await command(client, **fields)
    finally:
        await client.close()


async def join(
    server: FloorServer, name: str, *, hand: str | None = "speak", topic: str = "", **profile: str
) -> None:
    """A participant registers from a browser of their own (a websocket with its own
    token) and, unless `hand` is None, raises their hand."""
    token = re.sub(r"\W", "-", name.lower()) + "-token"
    client = await Client.connect(
        f"{server.ws_base}/m/{SLUG}/ws", additional_headers={"Cookie": f"floor_token={token}"}
    )
    try:
        await command(client, type="register", name=name, **profile)
        if hand is not None:
            await command(client, type="raise_hand", kind=hand, topic=topic)
    finally:
        await client.close()


async def axe_violations(
    page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")
) -> list[str]:
    """axe-core's violations of the given impacts on the page as it is now, one line each.
    The page's context needs `bypass_csp=True`: the script is injected inline."""
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + json.dumps([n["target"] for n in v["nodes"]][:5])
        for v in result
        if v["impact"] in impacts
    ]
