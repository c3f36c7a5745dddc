"""Names, topics and messages that carry markup are shown as text on all three pages."""

from __future__ import annotations

import pytest
from playwright.async_api import Dialog, Page, expect

from tests.servers import FloorServer

pytestmark = pytest.mark.browser

NAME = '<img src=x onerror="window.pwned=1;alert(1)">Eve'
TOPIC = "<script>window.pwned=2;alert(2)</script>"
BANNER = '<b id="injected">Break</b><svg onload="window.pwned=3"></svg>'
ORG = "\"><iframe src=javascript:alert(4)></iframe>"


async def test_markup_in_names_topics_and_banner_stays_text(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    dialogs: list[str] = []
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    screen = await open_page(floor_server.links["screen"], 1280, 720)
    phone = await open_page(floor_server.links["join"], 360, 740)
    pages: list[Page] = [chair, screen, phone]

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)

    for page in pages:
        page.on("dialog", on_dialog)
        await expect(page.locator(".connection-text")).to_have_text("Live")

    await chair.get_by_role("button", name="Start the meeting").click()
    await chair.get_by_role("button", name="Next item ▶").click()
    await phone.get_by_label("Name").fill(NAME)
    await phone.get_by_label("Organization").fill(ORG)
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text(NAME)
    await phone.get_by_label("Topic (optional)").fill(TOPIC)
    await phone.get_by_role("button", name="Raise my hand").click()
    await chair.get_by_text("Message to the screen").click()
    await chair.get_by_label("Message", exact=True).fill(BANNER)
    await chair.get_by_role("button", name="Show", exact=True).click()

    await expect(chair.locator("#speakers .hand")).to_contain_text(NAME)
    await expect(chair.locator("#speakers .hand")).to_contain_text(TOPIC)
    await expect(chair.locator("#speakers .hand")).to_contain_text(ORG)
    await expect(screen.locator("#upnext")).to_contain_text(NAME)
    await expect(screen.locator("#banner")).to_contain_text(BANNER)
    await expect(phone.locator("#speakers")).to_contain_text(NAME)
    await expect(phone.locator("#banner")).to_contain_text(BANNER)

    for page in pages:
        assert await page.evaluate("window.pwned === undefined")
        assert await page.locator("#injected, iframe, img[src='x'], #banner svg").count() == 0
    assert dialogs == []
    assert page_errors == []
