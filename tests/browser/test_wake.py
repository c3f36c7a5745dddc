"""The page tries again at once when the person comes back, not when its backoff says.

Each test breaks the page's line and keeps the server out of reach until the page
waits seconds between tries (its next one 4 to 8 s away), makes the server
reachable again, then does what a browser does when a person comes back to the
page; the page must be live again within 2 s, with one new socket.

Real browser mechanisms where headless Chromium has them: focus (focus emulation
off, another page brought to the front, then this one) and the back/forward cache
(a browser launched without Playwright's --disable-back-forward-cache, a navigation
away and back). Headless Chromium has no way to hide a page alone (a minimized
window, Page.setWebLifecycleState and switching tabs all leave it "visible"), and a
cache restore fires `visibilitychange` and `pageshow` together; so each of those two
is also dispatched alone, as a synthetic event, to show that each one suffices.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.browser.conftest import ARGS, CHROMIUM, chair_says, join, live
from tests.browser.test_reconnect import WELCOME, Relay, phone_through
from tests.browser.test_reconnect import relay as relay  # the fixture
from tests.servers import SLUG, FloorServer

pytestmark = pytest.mark.browser

# Which of the events that wake the page fired, in order.
RECORD = """() => {
    window.woke = [];
    for (const [target, name] of [[window, "focus"], [window, "pageshow"],
                                  [document, "visibilitychange"], [window, "online"]]) {
        target.addEventListener(name, (e) => window.woke.push(
            name === "visibilitychange" ? name + ":" + document.visibilityState
            : name === "pageshow" ? name + (e.persisted ? ":persisted" : "") : name));
    }
}"""


async def waiting_long(phone: Page, relay: Relay) -> int:
    """The line dropped and the server out of reach until the page's next try is at
    least 4 s away; then the server is back, and the page does not know it yet. The
    sockets the page opened so far."""
    relay.refusing = True
    relay.close_latest(None)
    await expect(phone.locator(".connection-text")).to_have_text("Reconnecting…")
    started = time.monotonic()
    # After the fifth failed try the next waits 4 to 8 s (jittered, doubling from 0.5 s).
    while await phone.evaluate("window.floorLine.failures") < 5:
        assert time.monotonic() - started < 30
        await phone.wait_for_timeout(50)
    relay.refusing = False
    await phone.evaluate(RECORD)
    tries: int = await phone.evaluate("window.floorLine.connects")
    return tries


async def live_within_two_seconds(phone: Page, tries: int, since: float) -> None:
    await expect(phone.locator(".connection-text")).to_have_text("Live", timeout=2_000)
    assert time.monotonic() - since < 2.0
    assert await phone.evaluate("window.floorLine.connects") == tries + 1


async def test_focus_back_on_the_page_reconnects_at_once(
    relay: Relay, floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_through(relay, floor_server, open_page)
    cdp = await phone.context.new_cdp_session(phone)
    # Playwright makes every page believe it has the focus; a real browser does not.
    await cdp.send("Emulation.setFocusEmulationEnabled", {"enabled": False})
    other = await phone.context.new_page()
    await other.bring_to_front()  # the person switched to another app
    tries = await waiting_long(phone, relay)
    since = time.monotonic()
    await phone.bring_to_front()  # and back
    await live_within_two_seconds(phone, tries, since)
    assert await phone.evaluate("window.woke") == ["focus"]
    assert page_errors == []


async def test_visible_again_the_page_reconnects_at_once(
    relay: Relay, floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_through(relay, floor_server, open_page)
    tries = await waiting_long(phone, relay)
    since = time.monotonic()
    # Synthetic (see the module's docstring): the page is visible, and is told so.
    await phone.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    await live_within_two_seconds(phone, tries, since)
    assert await phone.evaluate("window.woke") == ["visibilitychange:visible"]
    assert page_errors == []


async def test_a_persisted_pageshow_reconnects_at_once(
    relay: Relay, floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_through(relay, floor_server, open_page)
    tries = await waiting_long(phone, relay)
    since = time.monotonic()
    # Synthetic (see the module's docstring); the real restore is the next test.
    await phone.evaluate(
        "window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))"
    )
    await live_within_two_seconds(phone, tries, since)
    assert await phone.evaluate("window.woke") == ["pageshow:persisted"]
    assert page_errors == []


@pytest.fixture
async def caching_browser() -> AsyncIterator[Browser]:
    """Chromium with its back/forward cache, as people's browsers have it."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, args=ARGS,
            ignore_default_args=["--disable-back-forward-cache"],
        )
        try:
            yield browser
        finally:
            await browser.close()


async def test_back_to_the_page_from_the_back_forward_cache_it_reconnects_at_once(
    relay: Relay, floor_server: FloorServer, caching_browser: Browser
) -> None:
    await chair_says(floor_server, *WELCOME)
    await join(floor_server, "Ana Lima", region="Latin America")
    context = await caching_browser.new_context(viewport={"width": 360, "height": 740})
    phone = await context.new_page()
    await phone.goto(f"http://127.0.0.1:{relay.port}/m/{SLUG}")
    await live(phone)
    tries = await waiting_long(phone, relay)
    await phone.goto(f"{floor_server.base}/")  # the person follows a link away...
    since = time.monotonic()
    await phone.go_back(wait_until="commit")  # ...and comes back
    await live_within_two_seconds(phone, tries, since)
    # The same page, restored with its state (a fresh load would have counted from 1).
    assert await phone.evaluate("window.woke") == [
        "visibilitychange:hidden", "visibilitychange:visible", "pageshow:persisted"
    ]
