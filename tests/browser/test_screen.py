"""The room screen on a projector: legible from the back, loud in overtime, honest offline."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1280, 720)]
UPDATE = {"type": "goto_item", "item_id": "i4"}  # Update on GCM Preparatory Process
QUESTION = (
    "Where can we find opportunities to streamline our efforts across the range of "
    "activities within the preparatory process?"
)


async def busiest_meeting(floor_server: FloorServer) -> None:
    """The most a screen has to show at once: a long item with a presenter, the longest
    question highlighted, a two-line banner, a speaker from a long-named organization,
    and more than three hands."""
    await chair_says(floor_server, {"type": "start_meeting"}, UPDATE)
    people = [
        ("Maria Pia Belloni Mignatti", "NGO Committee on Migration", "Europe"),
        ("Berenice Valdez Rivera", "IMUMI / COMPA", "Latin America"),
        ("William Gois", "Migrant Forum in Asia", "Asia"),
        ("Robert Vitillo", "International Catholic Migration Commission", "Europe"),
        ("Kofi Mensah", "Africa Migration Network", "Africa"),
    ]
    for name, organization, region in people:
        await join(floor_server, name, organization=organization, region=region)
    await chair_says(
        floor_server,
        {"type": "call_next"},
        {"type": "highlight", "text": QUESTION},
        {"type": "show_message", "text": "Lunch is served on the 48th floor at 1:00pm; "
         "the conference line stays open during the break for remote participants."},
    )


async def fits(screen: Page, width: int, height: int) -> None:
    size = await screen.evaluate(
        "() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth,"
        " innerHeight, innerWidth]"
    )
    assert size[0] <= size[2] and size[1] <= size[3], f"the screen scrolls at {width}x{height}"
    countdown = await screen.locator("#stage .countdown").bounding_box()
    assert countdown and countdown["height"] >= height / 5, countdown
    # Everything the room reads is inside the viewport, none of it cut off.
    for selector in (".stage-item", ".stage-presenter", ".stage-highlight", ".stage-speaker",
                     "#upnext li >> nth=2", "#upnext .more", ".join img", ".join-url",
                     ".banner", ".time-of-day"):
        box = await screen.locator(selector).bounding_box()
        assert box, selector
        assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5, (selector, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (selector, box)
        clipped = await screen.locator(selector).evaluate(
            "el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1"
        )
        assert not clipped, f"{selector} is clipped at {width}x{height}"


@pytest.mark.parametrize(("width", "height"), SIZES)
async def test_screen_fits_and_is_legible_with_the_most_it_shows(
    floor_server: FloorServer, open_page, page_errors: list[str], width: int, height: int
) -> None:
    await busiest_meeting(floor_server)
    screen = await open_page(floor_server.links["screen"], width, height)
    await live(screen)
    await expect(screen.locator(".stage-item")).to_have_text("Update on GCM Preparatory Process")
    await expect(screen.locator(".stage-presenter")).to_have_text("Michele Klein-Solomon")
    speaker = screen.locator(".stage-speaker")
    await expect(speaker.locator(".name")).to_have_text("Maria Pia Belloni Mignatti")
    await expect(speaker.locator(".org")).to_have_text("NGO Committee on Migration")
    await expect(speaker.locator(".region")).to_have_text("Europe")
    await expect(screen.locator("#upnext li .name")).to_have_text(
        ["Berenice Valdez Rivera", "William Gois", "Robert Vitillo"]
    )
    await expect(screen.locator("#upnext .more")).to_have_text("and 1 more")
    await expect(screen.locator(".stage-highlight")).to_have_text(QUESTION)
    await expect(screen.locator(".time-of-day")).to_have_text(
        re.compile(r"^\d{1,2}:\d\d\s?(AM|PM)$")
    )
    await expect(screen.locator(".join-url")).to_have_text(
        floor_server.links["join"].removeprefix("http://")
    )
    assert await screen.locator(".join img").evaluate("img => img.naturalWidth > 0")
    await screenshot(screen, f"screen-{width}x{height}-busy")
    await fits(screen, width, height)
    # High contrast: white on black for the countdown and the speaker.
    colours = await screen.evaluate("""() => [
        getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('#stage .countdown-value')).color,
        getComputedStyle(document.querySelector('.stage-speaker .name')).color]""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(255, 255, 255)"]
    assert page_errors == []


async def level(screen: Page) -> str | None:
    return await screen.locator("#stage .countdown").get_attribute("data-level")


async def test_warning_danger_and_overtime_with_a_flash(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    await join(floor_server, "Ana Souza", organization="Migrant Forum in Asia", region="Asia")
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    screen = await open_page(floor_server.links["screen"], 1920, 1080)
    calm = await open_page(floor_server.links["screen"], 1280, 720, reduced_motion="reduce")
    for page in (chair, screen, calm):
        await live(page)
    await chair.get_by_text("Speaking order and time per turn").click()
    await chair.get_by_label("Seconds per turn").first.fill("70")
    await chair.get_by_role("button", name="Set time").click()
    await expect(chair.locator("#current")).to_contain_text("Speaker · 1:10 per turn")
    await chair.keyboard.press("n")
    await expect(chair.locator("#current .speaker")).to_contain_text("Ana Souza")
    countdown = screen.locator("#stage .countdown")
    value = screen.locator("#stage .countdown-value")
    await expect(countdown).to_have_attribute("data-level", "normal")
    await expect(value).to_have_text(re.compile(r"^1:[01]\d$"))
    # Paused between the steps, so that a slow machine cannot miss a short window.
    state = chair.locator('[data-timer="speaker"] .countdown-state')
    await chair.keyboard.press(" ")
    await expect(state).to_have_text("paused")
    await chair.keyboard.press("-")  # about 0:09 left: past the warning mark (a quarter)
    await expect(countdown).to_have_attribute("data-level", "warning")
    warning = await value.evaluate("el => getComputedStyle(el).color")
    await chair.keyboard.press(" ")
    await expect(state).to_have_text("running")
    await expect(countdown).to_have_attribute("data-level", "danger", timeout=10_000)
    await chair.keyboard.press(" ")  # paused in danger (the last tenth)
    await expect(state).to_have_text("paused")
    await expect(countdown).to_have_attribute("data-level", "danger")
    danger = await value.evaluate("el => getComputedStyle(el).color")
    await chair.keyboard.press(" ")
    await expect(countdown).to_have_attribute("data-level", "overtime", timeout=20_000)
    await expect(value).to_have_text(re.compile(r"^\+0:0\d$"))
    assert len({"rgb(255, 255, 255)", warning, danger}) == 3, (warning, danger)
    # It flashes: over a second and a half the digits are red on black and white on red.
    seen = set()
    for _ in range(10):
        seen.add(await value.evaluate("el => getComputedStyle(el).color"))
        await asyncio.sleep(0.15)
    assert seen == {"rgb(255, 92, 92)", "rgb(255, 255, 255)"}, seen
    assert await value.evaluate("el => getComputedStyle(el).animationName") == "flash"
    assert await countdown.evaluate("el => getComputedStyle(el).animationName") == "flash-block"
    framed = await screen.locator(".screen").evaluate("el => getComputedStyle(el).boxShadow")
    assert framed != "none", "overtime frames the whole screen"
    await screenshot(screen, "screen-1920x1080-overtime")

    calm_value = calm.locator("#stage .countdown-value")
    await expect(calm.locator("#stage .countdown")).to_have_attribute("data-level", "overtime")
    assert await calm_value.evaluate("el => getComputedStyle(el).animationName") == "none"
    calm_block = calm.locator("#stage .countdown")
    assert await calm_block.evaluate("el => getComputedStyle(el).animationName") == "none"
    # Still loud, but steady: white digits on a red block.
    assert await calm_value.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    assert await calm_block.evaluate("el => getComputedStyle(el).backgroundColor") == (
        "rgb(220, 38, 38)"
    )
    await expect(calm_value).to_have_text(re.compile(r"^\+0:\d\d$"))
    await screenshot(calm, "screen-1280x720-overtime-reduced-motion")

    # Offline, even an overtime countdown stops flashing and turns grey: it may be stale.
    floor_server.kill()
    await expect(screen.locator(".connection-text")).to_have_text("Reconnecting…")
    assert await value.evaluate("el => getComputedStyle(el).animationName") == "none"
    assert await countdown.evaluate("el => getComputedStyle(el).animationName") == "none"
    assert await value.evaluate("el => getComputedStyle(el).color") == "rgb(118, 118, 118)"

    assert page_errors == []


async def test_disconnected_screen_dims_its_timer_and_resyncs_on_reconnect(
    floor_server: FloorServer, open_page
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    screen = await open_page(floor_server.links["screen"], 1920, 1080)
    await live(screen)
    value = screen.locator("#stage .countdown-value")
    await expect(value).to_have_text(re.compile(r"^14:\d\d$"))
    floor_server.kill()
    await expect(screen.locator(".connection-text")).to_have_text("Reconnecting…")
    await expect(screen.locator("body")).to_have_class(re.compile(r"\boffline\b"))
    colour = await value.evaluate("el => getComputedStyle(el).color")
    assert colour == "rgb(118, 118, 118)", "a timer that may be stale must not look live"
    # The state is on the stage, large, not in a corner.
    await expect(screen.locator(".connection")).to_be_in_viewport(ratio=0.99)  # subpixels: scaled
    notice = await screen.locator(".connection").bounding_box()
    assert notice and notice["height"] >= 1080 / 25 and notice["y"] > 1080 / 4, notice
    frozen = await value.inner_text()
    await asyncio.sleep(2.2)  # two ticks: a live countdown would have moved
    assert await value.inner_text() == frozen
    await screenshot(screen, "screen-1920x1080-reconnecting")

    floor_server.start()
    # While the screen was away the chair moved on and a hand went up: it gets all of it.
    await chair_says(floor_server, {"type": "next_item"}, {"type": "show_message", "text": "Back"})
    await join(floor_server, "Kofi Mensah", organization="Africa Migration Network")
    await live(screen)
    await expect(screen.locator(".stage-item")).to_have_text("Participant Introductions")
    await expect(screen.locator(".banner")).to_have_text("Back")
    await expect(screen.locator("#upnext")).to_contain_text("Kofi Mensah")
    assert await value.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    await expect(value).to_have_text(re.compile(r"^14:\d\d$"))
