"""Each person's own language, in real Chromium: right to left, and one state in two languages."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

MMSS = re.compile(r"^\+?\d+:\d\d$")
ON_WELCOME = ({"type": "start_meeting"}, {"type": "next_item"})


async def connected(page: Page, text: str) -> None:
    """The page's socket is open and it shows the live state, in its language."""
    await expect(page.locator(".connection-text")).to_have_text(text, timeout=15_000)


async def direction(page: Page, selector: str) -> str:
    value: str = await page.locator(selector).first.evaluate("el => getComputedStyle(el).direction")
    return value


async def test_a_participant_switches_to_arabic_and_the_page_is_right_to_left(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    await chair_says(floor_server, *ON_WELCOME)
    await join(floor_server, "Amina Diallo", organization="Migrant Forum", region="Africa")
    await chair_says(floor_server, {"type": "call_next"})
    phone = await open_page(floor_server.links["join"], 360, 740)
    await connected(phone, "Live")
    assert await direction(phone, "body") == "ltr"

    await phone.get_by_role("link", name="العربية").click()
    await connected(phone, "مباشر")  # the script's words come in the page's language too
    assert await phone.locator("html").get_attribute("dir") == "rtl"
    assert await direction(phone, "body") == "rtl"
    await expect(phone.get_by_role("button", name="طلب الكلمة")).to_be_visible()
    # The countdown, a time, reads left to right inside the right-to-left page.
    countdown = phone.locator("#current .countdown")
    assert await direction(phone, "#current .countdown") == "ltr"
    assert MMSS.match((await countdown.locator(".countdown-value").inner_text()).strip())
    # The layout is mirrored: the item's label starts at the card's right edge.
    card = await phone.locator("#current").bounding_box()
    label = await phone.locator("#current .label").first.bounding_box()
    assert card and label
    assert card["x"] + card["width"] - (label["x"] + label["width"]) < 40
    # The name someone typed is isolated, in its own direction.
    assert await phone.locator("#current bdi.name").inner_text() == "Amina Diallo"
    await screenshot(phone, "participant-ar-360x740")

    # The switcher's choice is remembered by this browser.
    await phone.goto(floor_server.links["join"])
    await connected(phone, "مباشر")
    assert await phone.locator("html").get_attribute("lang") == "ar"
    assert page_errors == []


async def test_a_participant_page_in_chinese(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    await chair_says(floor_server, *ON_WELCOME)
    for name in ("Li Wei", "Bo Svensson"):
        await join(floor_server, name, region="Asia")
    await chair_says(floor_server, {"type": "call_next"})
    phone = await open_page(floor_server.links["join"], 360, 740, locale="zh-CN")
    await connected(phone, "直播中")
    assert await phone.locator("html").get_attribute("lang") == "zh-Hans"
    await expect(phone.locator("#current .label").first).to_have_text("当前")
    await expect(phone.get_by_role("button", name="请求发言")).to_be_visible()
    await screenshot(phone, "participant-zh-360x740")
    assert page_errors == []


async def test_a_french_phone_and_an_english_screen_show_the_same_state(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    screen = await open_page(floor_server.links["screen"], 1920, 1080, locale="fr-FR")
    phone = await open_page(floor_server.links["join"], 360, 740, locale="fr-FR")
    await connected(phone, "En direct")
    await connected(screen, "Live")  # a screen follows its link, not its browser
    await chair_says(floor_server, *ON_WELCOME)
    await join(floor_server, "Bo Svensson", organization="Church World Service", region="Europe")
    await chair_says(floor_server, {"type": "call_next"})
    await join(floor_server, "Li Wei", hand="order", region="Asia")

    await expect(screen.locator(".stage-label")).to_have_text("Speaking time")
    await expect(phone.locator("#current .speaker .label")).to_have_text("A la parole")
    for page in (screen, phone):
        await expect(page.locator("[data-speaker-pid] .name")).to_have_text("Bo Svensson")
    # The same list: Li Wei is next, with the point of order in each page's words.
    await expect(screen.locator("#upnext li").first).to_contain_text("Li Wei")
    await expect(screen.locator("#upnext .kind").first).to_have_text("Point of order")
    await expect(phone.locator("#speakers li").first).to_contain_text("Motion d'ordre")
    # One countdown, ticking in both.
    texts = []
    for page in (screen, phone):
        value = page.locator(".countdown[data-started-at] .countdown-value").first
        texts.append((await value.inner_text()).strip())
    assert all(MMSS.match(t) for t in texts), texts
    minutes_seconds = [int(m) * 60 + int(s) for m, s in (t.split(":") for t in texts)]
    assert abs(minutes_seconds[0] - minutes_seconds[1]) <= 1
    assert page_errors == []


async def test_the_screen_in_french(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    await chair_says(floor_server, *ON_WELCOME)
    for name, region in (("Bo Svensson", "Europe"), ("Amina Diallo", "Africa"), ("Li Wei", "Asia")):
        await join(floor_server, name, region=region, organization="ICMC")
    await chair_says(floor_server, {"type": "call_next"})
    screen = await open_page(floor_server.links["screen"] + "?lang=fr", 1920, 1080)
    await connected(screen, "En direct")
    await expect(screen.locator(".stage-label")).to_have_text("Temps de parole")
    await expect(screen.locator("#upnext h2")).to_have_text("Orateurs suivants")
    assert MMSS.match((await screen.locator(".countdown .countdown-value").inner_text()).strip())
    await screenshot(screen, "screen-fr-1920x1080")
    assert page_errors == []


async def test_a_bilingual_screen_shows_both_languages(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    await chair_says(floor_server, *ON_WELCOME)
    for name, region in (("Bo Svensson", "Europe"), ("Amina Diallo", "Africa"), ("Li Wei", "Asia")):
        await join(floor_server, name, region=region, organization="ICMC")
    await chair_says(floor_server, {"type": "call_next"})
    # The chair opens the screen from its page, French and English.
    chair = await open_page(floor_server.links["chair"], 1366, 900)
    await connected(chair, "Live")
    await chair.get_by_text("Room screen in one or two languages").click()
    await chair.locator(".screen-language select[name=lang]").select_option("fr")
    await chair.locator(".screen-language select[name=also]").select_option("en")
    async with chair.context.expect_page() as opened:
        await chair.get_by_role("button", name="Open the room screen").click()
    screen = await opened.value
    await screen.set_viewport_size({"width": 1920, "height": 1080})
    await connected(screen, "En direct")
    await expect(screen.locator(".stage-label")).to_have_text("Temps de parole / Speaking time")
    await expect(screen.locator("#upnext h2")).to_have_text("Orateurs suivants / Next")
    await chair_says(floor_server, {"type": "call_next"})  # and it follows the meeting
    await expect(screen.locator("[data-speaker-pid] .name")).to_have_text("Amina Diallo")
    await screenshot(screen, "screen-fr-en-1920x1080")
    assert page_errors == []
