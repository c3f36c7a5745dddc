"""The interpreters' booth in real Chromium: its own read-only link follows the chair's
calls live (who speaks, in which language, the next three with theirs, a ticking
countdown), calmly, in the reader's language; the room screen says "in French"."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

MMSS = re.compile(r"^\+?\d+:\d\d$")
PEOPLE = (  # name, organization, the language they will speak, topic
    ("Ana Lima", "Migrant Forum in Asia", "fr", "Labour migration"),
    ("Bo Svensson", "NGO Committee on Migration", "es", ""),
    ("Chen Jie", "Asia Pacific Mission for Migrants", "zh", "Remittances"),
    ("Dina Haddad", "Arab Network for Migrants' Rights", "ar", ""),
    ("Emil Petrov", "Eurasian Migration Forum", "ru", ""),
)


async def seconds_left(page: Page) -> int:
    text = (await page.locator("#booth .countdown-value").inner_text()).strip()
    assert MMSS.match(text), text
    minutes, seconds = text.lstrip("+").split(":")
    return int(minutes) * 60 + int(seconds)


async def test_the_interpreter_view_follows_the_chairs_call(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    for name, organization, language, topic in PEOPLE:
        await join(floor_server, name, organization=organization, language=language,
                   topic=topic)
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    form = chair.locator(".team-links form:has(input[name=role][value=interpreter])")
    await form.get_by_role("button", name="Make a link").click()
    link = await chair.locator("[data-team-link=interpreter]").get_attribute("href")
    assert link and "/team?key=" in link
    booth = await open_page(link, 1280, 800)
    screen = await open_page(floor_server.links["screen"], 1920, 1080)
    await live(booth)
    await live(screen)

    # Before a call: nobody speaks; the booth can prepare for the next three.
    await expect(booth.locator("#booth .booth-nobody")).to_have_text("Nobody has the floor.")
    await expect(booth.locator("#nextup li .name")).to_have_text(
        ["Ana Lima", "Bo Svensson", "Chen Jie"])
    await expect(booth.locator("#nextup li .language-name")).to_have_text(
        ["French", "Spanish", "Chinese"])
    await expect(booth.locator("#nextup .more")).to_have_text("and 2 more")
    # The chair's list says each one's language too.
    await expect(chair.locator("#speakers .speakers-list .spoken")).to_have_text(
        ["French", "Spanish", "Chinese", "Arabic", "Russian"])

    # The chair calls the next speaker: the booth follows, and the screen says "in French".
    await chair.locator("#speakers").get_by_role("button", name="Call next ▶").click()
    await expect(booth.locator("#booth .booth-name")).to_have_text("Ana Lima")
    await expect(booth.locator("#booth .booth-org")).to_have_text("Migrant Forum in Asia")
    await expect(booth.locator("#booth .booth-language .language-name")).to_have_text("French")
    await expect(booth.locator("#booth .booth-topic")).to_contain_text("Labour migration")
    await expect(booth.locator("#nextup li .name")).to_have_text(
        ["Bo Svensson", "Chen Jie", "Dina Haddad"])
    await expect(booth.locator("#nextup li .language-name")).to_have_text(
        ["Spanish", "Chinese", "Arabic"])
    await expect(screen.locator("#stage .stage-speaker .name")).to_have_text("Ana Lima")
    await expect(screen.locator("#stage .stage-speaker .spoken-in")).to_have_text("in French")
    await screenshot(screen, "screen-speaker-in-french-1920x1080")

    # The countdown ticks in the browser (no push from the server), and calmly: still.
    first = await seconds_left(booth)
    await expect(booth.locator("#booth .countdown-value")).not_to_have_text(
        re.compile(rf"^{first // 60}:{first % 60:02d}$"), timeout=4_000)
    assert 0 < await seconds_left(booth) < first
    for part in ("#booth .countdown", "#booth .countdown-value"):
        assert await booth.locator(part).evaluate(
            "el => getComputedStyle(el).animationName") == "none"

    # Called next: Bo, in Spanish; the list moves up.
    await chair.locator("#speakers").get_by_role("button", name="Call next ▶").click()
    await expect(booth.locator("#booth .booth-name")).to_have_text("Bo Svensson")
    await expect(booth.locator("#booth .booth-language .language-name")).to_have_text("Spanish")
    await expect(booth.locator("#booth .booth-topic")).to_have_count(0)
    await expect(booth.locator("#nextup li .name")).to_have_text(
        ["Chen Jie", "Dina Haddad", "Emil Petrov"])
    await expect(booth.locator("#nextup li .language-name")).to_have_text(
        ["Chinese", "Arabic", "Russian"])
    await expect(booth.locator("#nextup .more")).to_have_count(0)
    await expect(screen.locator("#stage .stage-speaker .spoken-in")).to_have_text("in Spanish")
    await screenshot(booth, "interpreter-1280x800")

    # In Arabic, with the switcher: right to left, the countdown left to right.
    await booth.get_by_role("link", name="العربية").click()
    await expect(booth.locator(".connection-text")).to_have_text("مباشر", timeout=15_000)
    assert await booth.locator("html").get_attribute("dir") == "rtl"
    await expect(booth.locator("#booth .booth-language .language-name")).to_have_text("الإسبانية")
    assert await booth.locator("#booth .countdown").evaluate(
        "el => getComputedStyle(el).direction") == "ltr"
    # ...and it stands on the page's own side, the right, as the name above it does.
    name = await booth.locator("#booth .booth-name bdi").bounding_box()
    countdown = await booth.locator("#booth .countdown-value").bounding_box()
    assert name and countdown
    assert abs((name["x"] + name["width"]) - (countdown["x"] + countdown["width"])) < 40
    await expect(booth.locator("#booth .booth-name")).to_have_text("Bo Svensson")
    await screenshot(booth, "interpreter-ar-1280x800")
    assert page_errors == []
