"""The page tries again at once when the person comes back, not when its backoff says.

Each test breaks the page's line and keeps the server out of reach until the page
waits seconds between tries (its next one 4 to 8 s away), makes the server
reachable again, then does what the browser does when a person comes back to the
page; the page must be live again within 2 s.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.browser.conftest import ARGS, CHROMIUM, live
from tests.browser.test_reconnect import WELCOME, Relay, relay  # noqa: F401 (a fixture)
from tests.browser.conftest import chair_says
from tests.servers import SLUG, FloorServer

pytestmark = pytest.mark.browser


async def waiting_long(phone: Page, relay: Relay) -> None:  # noqa: F811
    """The line dropped, the server out of reach until the page's next try is at least
    4 s away; then the server is back, and the page does not know it yet."""
    relay.refusing = True
    relay.close_latest(None)
    await expect(phone.locator(".connection-text")).to_have_text("Reconnecting…")
    started = time.monotonic()
    # After the fifth failed try the next waits 4 to 8 s (jittered, doubling from 0.5 s).
    while await phone.evaluate("window.floorLine.failures") < 5:
        assert time.monotonic() - started < 30
        await phone.wait_for_timeout(50)
    relay.refusing = False


async def back_within_two_seconds(phone: Page, tries_before: int) -> None:
    started = time.monotonic()
    await expect(phone.locator(".connection-text")).to_have_text("Live", timeout=2_000)
    assert time.monotonic() - started < 2.0
    assert await phone.evaluate("window.floorLine.connects") == tries_before + 1
