"""The agenda in each reader's language, and times in the meeting's zone, in real Chromium."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

ON_WELCOME = ({"type": "start_meeting"}, {"type": "next_item"})
# The reference meeting is in New York; these browsers are in Tokyo.
BROWSER_ZONE = "Asia/Tokyo"
MEETING_ZONE = "America/New_York"


async def connected(page: Page, text: str) -> None:
    await expect(page.locator(".connection-text")).to_have_text(text, timeout=15_000)


async def time_in(page: Page, zone: str, minutes_ago: int = 0) -> str:
    """Now (less `minutes_ago`) as the page's language writes a time of day in `zone`."""
    text: str = await page.evaluate(
        """([zone, ago]) => new Intl.DateTimeFormat(document.documentElement.lang,
             {hour: "numeric", minute: "2-digit", timeZone: zone})
             .format(new Date(Date.now() - ago * 60000))""",
        [zone, minutes_ago],
    )
    return text


async def test_a_french_phone_and_an_english_screen_show_the_item_each_in_its_language(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    phone = await open_page(
        floor_server.links["join"], 360, 740, locale="fr-FR", timezone_id=BROWSER_ZONE
    )
    screen = await open_page(
        floor_server.links["screen"], 1920, 1080, locale="en-US", timezone_id=BROWSER_ZONE
    )
    await connected(phone, "En direct")
    await connected(screen, "Live")
    # Before the start: the agenda, each in its own language.
    await expect(phone.locator(".plan-title").nth(1)).to_have_text("Allocution de bienvenue")
    await expect(screen.locator(".plan-title").nth(1)).to_have_text("Welcome")

    await chair_says(floor_server, *ON_WELCOME)
    await expect(phone.locator("#current h2")).to_have_text("Allocution de bienvenue")
    await expect(screen.locator("#stage h1")).to_have_text("Welcome")
    await expect(phone.locator("h1")).to_have_text(
        "Réunion informelle de la société civile sur le pacte mondial sur les migrations"
    )

    # The screen's clock tells the meeting's time, not the browser's.
    clock = screen.locator("[data-time-of-day]")
    await expect(clock).not_to_have_text("")
    shown = (await clock.inner_text()).strip()
    meeting_times = {await time_in(screen, MEETING_ZONE, ago) for ago in (0, 1)}
    assert shown in meeting_times, (shown, meeting_times)
    assert shown not in {await time_in(screen, BROWSER_ZONE, ago) for ago in (0, 1)}
    assert page_errors == []


async def test_the_chair_gives_an_item_its_french_title_and_the_french_phone_shows_it(
    floor_server: FloorServer, open_page, page_errors: list[str]  # type: ignore[no-untyped-def]
) -> None:
    await chair_says(floor_server, *ON_WELCOME)
    phone = await open_page(floor_server.links["join"], 360, 740, locale="fr-FR")
    screen = await open_page(floor_server.links["screen"] + "?lang=fr&also=en", 1920, 1080)
    chair = await open_page(floor_server.links["chair"], 1920, 1080, locale="en-US")
    await connected(chair, "Live")
    await expect(screen.locator("#stage h1")).to_have_text("Allocution de bienvenue / Welcome")

    await chair.locator("#agenda li.current").get_by_role("button", name="Edit").click()
    dialog = chair.locator("#item-dialog")
    # The dialog shows each language's own text, whatever the chair's page reads.
    await expect(dialog.get_by_label("Title", exact=True)).to_have_value("Welcome")
    await dialog.get_by_text("This item in French").click()
    french = dialog.get_by_label("Title in French")
    await expect(french).to_have_value("Allocution de bienvenue")
    await french.fill("Mot de bienvenue")
    await dialog.get_by_role("button", name="Save").click()
    await expect(dialog).to_be_hidden()

    await expect(phone.locator("#current h2")).to_have_text("Mot de bienvenue")
    await expect(screen.locator("#stage h1")).to_have_text("Mot de bienvenue / Welcome")
    await expect(chair.locator("#current h3")).to_have_text("Welcome")
    assert page_errors == []
