"""A page refused for good says why and stops: a replaced chair link is not a network
failure to retry every ten seconds for the rest of the day."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import live
from tests.forms import post_form
from tests.servers import SLUG, FloorServer

pytestmark = pytest.mark.browser

LINK_INVALID = "This link is no longer valid: ask the chair for the new one."


async def replace_the_chair_link(floor_server: FloorServer) -> str:
    """What a co-chair does from the chair page's "Replace the chair link"; the new link."""
    async with httpx.AsyncClient() as http:
        response = await post_form(
            http, floor_server.links["chair"], f"{floor_server.base}/m/{SLUG}/chair/rotate",
            {"key": floor_server.chair_key},
        )
    assert response.status_code == 303
    return str(response.headers["location"])


async def connects_over(page: Page, seconds: float) -> int:
    """The sockets the page opens in the next `seconds`."""
    before: int = await page.evaluate("window.floorLine.connects")
    await page.wait_for_timeout(seconds * 1000)
    after: int = await page.evaluate("window.floorLine.connects")
    return after - before


async def test_a_chair_link_replaced_while_the_page_was_offline_is_refused_for_good(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await chair.context.set_offline(True)  # a laptop closed, or the venue's Wi-Fi gone
    await expect(chair.locator(".connection-text")).to_have_text("Reconnecting…")
    await replace_the_chair_link(floor_server)
    # Back: the page tries at once, with the old key; the server refuses it for good.
    await chair.context.set_offline(False)
    message = chair.locator("#notice .notice.error")
    await expect(message).to_have_text(LINK_INVALID, timeout=5_000)
    await expect(message).to_be_in_viewport()
    await expect(chair.locator(".connection-text")).to_have_text("Not connected")
    assert await chair.evaluate("window.floorLine.closedWith") == 4403
    assert await connects_over(chair, 15) == 0  # no retry loop
    await expect(message).to_have_text(LINK_INVALID)
    assert page_errors == []


async def test_a_chair_page_open_when_its_link_is_replaced_says_so_and_stops(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await chair.mouse.wheel(0, 2000)  # scrolled down to the list of speakers
    new_link = await replace_the_chair_link(floor_server)
    # The server says why as it closes the page's socket; the page keeps its words.
    message = chair.locator("#notice .notice.error")
    await expect(message).to_have_text("This chair link has been replaced; ask for the new one.")
    await expect(chair.locator(".connection-text")).to_have_text("Not connected")
    await expect(message).to_be_in_viewport()
    assert await chair.evaluate("window.floorLine.closedWith") == 4403
    assert await connects_over(chair, 5) == 0
    # The new link works.
    again = await open_page(new_link, 1366, 768)
    await live(again)
    assert page_errors == []


async def test_the_refusal_is_said_in_the_page_language(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await open_page(floor_server.links["chair"], 1366, 768, locale="fr-FR")
    await expect(chair.locator("html")).to_have_attribute("lang", "fr")
    await expect(chair.locator(".connection-text")).to_have_text("En direct", timeout=15_000)
    await chair.context.set_offline(True)
    await expect(chair.locator(".connection-text")).to_have_text("Reconnexion…")
    await replace_the_chair_link(floor_server)
    await chair.context.set_offline(False)
    message = chair.locator("#notice .notice.error")
    await expect(message).to_have_text(
        "Ce lien n'est plus valide : demandez le nouveau lien à la présidence."
    )
    await expect(chair.locator(".connection-text")).to_have_text("Non connecté")
    assert page_errors == []
