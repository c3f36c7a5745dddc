"""Chair, screen and participant pages open at once, used as people use them."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import screenshot
from tests.servers import SLUG, FloorServer

pytestmark = pytest.mark.browser


async def live(page: Page) -> None:
    await expect(page.locator(".connection-text")).to_have_text("Live")


async def test_participant_raises_hand_chair_calls_screen_shows_ticking_countdown(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    screen = await open_page(floor_server.links["screen"], 1920, 1080)
    phone = await open_page(floor_server.links["join"], 360, 740)
    for page in (chair, screen, phone):
        await live(page)

    await chair.get_by_role("button", name="Start the meeting").click()
    await expect(screen.locator("#stage h1")).to_have_text("Entrance and Registration")
    await chair.get_by_role("button", name="Next item ▶").click()
    await expect(phone.locator("#current h2")).to_have_text("Welcome")

    await phone.get_by_label("Name").fill("Ana Souza")
    await phone.get_by_label("Organization").fill("Migrant Forum in Asia")
    await phone.get_by_label("Regional scope").select_option("Asia")
    await phone.get_by_label("Thematic focus").fill("Labour migration")
    await phone.get_by_label("Remote", exact=True).check()
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text("Ana Souza")

    await phone.get_by_label("Topic (optional)").fill("Regional consultations")
    await phone.get_by_role("button", name="Raise my hand").click()
    hand = chair.locator("#speakers .hand")
    await expect(hand).to_contain_text("Ana Souza")
    await expect(hand).to_contain_text("Remote")
    await expect(phone.locator("#my-status")).to_have_text("You're next.")
    await expect(screen.locator("#upnext")).to_contain_text("Ana Souza")

    await chair.get_by_role("button", name="Call next ▶").click()
    speaker = screen.locator(".stage-speaker")
    await expect(speaker).to_contain_text("Ana Souza")
    await expect(speaker).to_contain_text("Migrant Forum in Asia")
    await expect(speaker).to_contain_text("Asia")
    await expect(phone.locator("#my-status")).to_have_text("You have the floor.")

    countdown = screen.locator("#stage .countdown-value")
    first = await countdown.inner_text()
    await asyncio.sleep(1.6)
    later = await countdown.inner_text()
    assert first != later, "the screen's countdown does not tick"
    assert later.startswith("2:5"), later  # a 3-minute turn, seconds in

    await chair.get_by_role("button", name="Finish turn").click()
    await expect(screen.locator(".stage-speaker")).to_have_count(0)

    await screenshot(chair, "chair-1366x768")
    await screenshot(screen, "screen-1920x1080")
    await screenshot(phone, "participant-360x740")
    assert page_errors == []


async def test_refused_command_shows_error_to_its_sender_only(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(chair)
    await live(phone)
    await chair.get_by_role("button", name="Start the meeting").click()
    await phone.get_by_label("Name").fill("Kofi")
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text("Kofi")
    # The first item's list of speakers is closed in the reference meeting.
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(phone.locator("#notice .error")).to_have_text("The list of speakers is closed.")
    await expect(chair.locator("#notice .error")).to_have_count(0)
    await expect(chair.locator("#speakers")).to_contain_text("No hands raised.")
    assert page_errors == []


async def test_pages_show_reconnecting_and_resync_after_a_restart(
    floor_server: FloorServer, open_page
) -> None:
    screen = await open_page(floor_server.links["screen"], 1280, 720)
    await live(screen)
    floor_server.kill()
    await expect(screen.locator(".connection-text")).to_have_text("Reconnecting…")
    assert await screen.evaluate("document.body.classList.contains('offline')")
    floor_server.start()
    await live(screen)
    # A command made while the page was away reaches it: the page has the full state.
    async with asyncio.timeout(10):
        from tests.wsclient import Client

        chair = await Client.connect(
            f"{floor_server.ws_base}/m/{SLUG}/ws?key={floor_server.chair_key}"
        )
        await chair.send(type="start_meeting")
        await chair.close()
    await expect(screen.locator("#stage h1")).to_have_text("Entrance and Registration")
    await screenshot(screen, "screen-1280x720")
