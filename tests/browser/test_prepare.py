"""Before and after the meeting, in Chromium: the builder, the card, team links, the
screen and phones before the start and after the end, reopening."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, live, screenshot
from tests.servers import SLUG, FloorServer

pytestmark = pytest.mark.browser


def CLOCK(text: str) -> re.Pattern[str]:  # noqa: N802 - reads like the text it matches
    """A time as CLDR writes it in English ("2:15 PM", a narrow space before PM)."""
    return re.compile(re.escape(text) + r"\s?(AM|PM|am|pm)")

ITEMS = [
    # title, start, duration
    ("Welcome", "", "10 min"),
    ("Regional round", "", "1h"),
    ("Lunch", "1:00pm", "45", ),
    ("Working groups", "", "30"),
    ("Next steps", "", "15 min"),
]


async def build_meeting(page: Page) -> None:
    """A meeting typed into the builder from nothing: 5 items, 3 regions, one booking."""
    await page.fill("input[name=title]", "Regional consultation on remittances")
    await page.fill("input[name=start]", "11:30")
    await page.fill("input[name=timezone]", "Europe/Zurich")
    await page.fill("input[name=regions]", "Africa, Asia, Europe")
    await page.fill("input[name=venue]", "Palais des Nations, Room XVII")
    await page.fill("input[name=dial_in]", "+41 22 555 0100, code 4711")
    for n, (title, start, duration) in enumerate(ITEMS):
        if n:  # a new row: the page comes back with everything typed so far
            await page.get_by_role("button", name="+ Add an item").click()
        await page.fill(f"input[name='items-{n}-title']", title)
        await page.fill(f"input[name='items-{n}-start']", start)
        await page.fill(f"input[name='items-{n}-duration']", duration)
    await page.check("input[name='items-2-fixed']")
    await page.fill("textarea[name='items-1-bookings']", "Amina Diallo, West Africa Network")


async def test_a_meeting_built_in_the_form_runs_and_its_chair_link_survives(
    floor_server: FloorServer, open_page, browser, page_errors: list[str]
) -> None:
    page = await open_page(floor_server.base + "/", 1366, 768)
    await build_meeting(page)
    await screenshot(page, "builder-1366x768")
    # A mistake is shown next to its field, and nothing typed is lost.
    await page.fill("input[name='items-3-duration']", "half an hour")
    await page.get_by_role("button", name="Create the meeting").last.click()
    error = page.locator("label:has(input[name='items-3-duration']) .field-error")
    await expect(error).to_contain_text("15 min or 1h30")
    await expect(page.locator("input[name='items-0-title']")).to_have_value("Welcome")
    await expect(page.locator("textarea[name='items-1-bookings']")).to_have_value(
        "Amina Diallo, West Africa Network")
    await page.fill("input[name='items-3-duration']", "30")
    await page.get_by_role("button", name="Create the meeting").last.click()
    await page.wait_for_load_state()
    problems = await page.locator(".field-error, .builder .notice.error").all_inner_texts()
    assert problems == [], problems

    # The card: after a redirect, so a reload shows it again.
    card = re.compile(r"/m/regional-consultation-on-remittances/card\?key=")
    await expect(page).to_have_url(card)
    await page.reload()
    chair_link = page.locator(".chair-link a")
    await expect(chair_link).to_contain_text("/chair?key=")
    await expect(page.locator(".card-facts")).to_contain_text(re.compile(r"11:30\s?(am|AM)"))
    await expect(page.locator(".card-facts")).to_contain_text("+41 22 555 0100")
    assert await page.locator(".card-qr svg").count() == 1
    await screenshot(page, "card")
    chair_url = await chair_link.get_attribute("href")
    assert chair_url

    # "Your meetings" on / for this browser, and for no other.
    await page.goto(floor_server.base + "/")
    yours = page.locator(".yours")
    await expect(yours).to_contain_text("Regional consultation on remittances")
    assert await yours.locator(f"a[href='{chair_url}']").count() == 1
    stranger = await open_page(floor_server.base + "/", 1366, 768)
    assert await stranger.locator(".yours").count() == 0

    # The plan: items follow each other, the lunch keeps its time.
    chair = await open_page(chair_url, 1366, 768)
    await live(chair)
    planned = await chair.locator("#agenda .planned").all_inner_texts()
    assert [re.sub(r"\s+", "", p.replace("⚓", "")).lower() for p in planned] == [
        "11:30am", "11:40am", "1:00pm", "1:45pm", "2:15pm"], planned
    await chair.get_by_role("button", name="Start the meeting").click()
    await expect(chair.locator("#current h3")).to_have_text("Welcome")
    await chair.get_by_role("button", name="Next item ▶").click()  # its booking is queued
    await expect(chair.locator("#current h3")).to_have_text("Regional round")
    await expect(chair.locator("#speakers .speakers-list")).to_contain_text("Amina Diallo")
    # The form sent back with a problem is a 400 answer, which the browser logs as such.
    assert [e for e in page_errors if "status of 400" not in e] == []


async def test_each_team_link_can_do_its_part_and_nothing_else(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    links = {}
    for role in ("secretariat", "timekeeper", "rapporteur"):
        form = chair.locator(f".team-links form:has(input[name=role][value={role}])")
        await form.get_by_role("button", name="Make a link").click()
        links[role] = await chair.locator(f"[data-team-link={role}]").get_attribute("href")
    assert len(set(links.values())) == 3

    # The secretariat closes the list of speakers; it may not move to another item.
    sec = await open_page(links["secretariat"], 1366, 768)
    await live(sec)
    await expect(sec.locator(".team-banner")).to_contain_text("Secretariat")
    await sec.locator("#speakers").get_by_role("button", name="Close list").click()
    await expect(chair.locator("#speakers .pill")).to_have_text("List closed")
    await sec.get_by_role("button", name="Next item ▶").click()
    await expect(sec.locator("#notice")).to_contain_text("ask the chair")
    await expect(chair.locator("#current h3")).to_have_text("Welcome")

    # The timekeeper adds a minute; the list of speakers is not theirs.
    tk = await open_page(links["timekeeper"], 1366, 768)
    await live(tk)
    before = await chair.locator("[data-timer=item] .countdown").get_attribute("data-duration")
    await tk.locator(".timer-box").first.get_by_role("button", name="+1 min").click()
    await expect(chair.locator("[data-timer=item] .countdown")).not_to_have_attribute(
        "data-duration", before or "")
    await tk.locator("#speakers").get_by_role("button", name="Open list").click()
    await expect(tk.locator("#notice")).to_contain_text("the timers only")
    await expect(chair.locator("#speakers .pill")).to_have_text("List closed")

    # The rapporteur takes a note; the timers are not theirs.
    rap = await open_page(links["rapporteur"], 1366, 768)
    await live(rap)
    await rap.fill("textarea[name=text]", "Welcome given by the Director-General")
    await rap.get_by_role("button", name="Add note").click()
    await expect(chair.locator("#record")).to_contain_text("Welcome given by the Director")
    await rap.locator(".timer-box").first.get_by_role("button", name="+1 min").click()
    await expect(rap.locator("#notice")).to_contain_text("notes and action items only")

    # Withdrawn: the open page loses its powers on its next command.
    form = chair.locator(".team-links form:has(input[name=role][value=secretariat])")
    chair.once("dialog", lambda d: d.accept())
    await form.get_by_role("button", name="Withdraw").click()
    await expect(chair.locator("[data-team-link=secretariat]")).to_have_count(0)
    await sec.locator("#speakers").get_by_role("button", name="Open list").click()
    await expect(sec.locator("#notice")).to_contain_text("replaced or withdrawn")
    await expect(chair.locator("#speakers .pill")).to_have_text("List closed")
    assert page_errors == []


async def test_an_item_added_and_moved_is_re_planned_and_the_minutes_drift_is_right(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"})
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await chair.get_by_role("button", name="+ Add item").click()
    dialog = chair.locator("#item-dialog")
    await dialog.locator("input[name=title]").fill("Message from the Special Representative")
    await dialog.locator("input[name=duration]").fill("10")
    await dialog.get_by_role("button", name="Save").click()
    row = chair.locator("#agenda li", has_text="Special Representative")
    await expect(row.locator(".planned")).to_have_text(CLOCK("6:00"))  # after the last item
    for place in range(6, 0, -1):  # up to second place, right after the registration
        await row.get_by_role("button", name="↑").click()
        # Each move lands before the next click: a click on the old list would ask for
        # the same place again.
        await expect(chair.locator("#agenda li").nth(place)).to_contain_text(
            "Special Representative")
    await expect(chair.locator("#agenda li").nth(1)).to_contain_text("Special Representative")
    await expect(row.locator(".planned")).to_have_text(CLOCK("2:15"))
    await expect(chair.locator("#agenda li", has_text="Welcome").locator(".planned")).to_have_text(
        CLOCK("2:25"))
    await chair.keyboard.press("ArrowRight")  # it starts at once: 15 minutes early
    await expect(chair.locator("#current h3")).to_contain_text("Special Representative")
    await expect(row.locator(".drift")).to_have_text(re.compile(r"15 min (early|ahead)"))
    minutes = await open_page(floor_server.links["chair"].replace("/chair?", "/minutes?"),
                              1366, 768)
    text = await minutes.locator("body").inner_text()
    assert "228" not in text
    assert re.search(r"15 min (early|ahead)", text), text[:2000]
    assert page_errors == []


async def test_the_screen_and_phones_before_the_start_and_after_the_end(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    screens = []
    for width, height in ((1920, 1080), (1280, 720)):
        screen = await open_page(floor_server.links["screen"], width, height)
        await live(screen)
        await expect(screen.locator(".stage-start")).to_contain_text(CLOCK("Starts at 2:00"))
        await expect(screen.locator(".stage-plan li")).to_have_count(7)
        box = await screen.locator(".join img").bounding_box()
        assert box and box["height"] >= 0.25 * height  # a large QR code
        await screenshot(screen, f"screen-before-{width}x{height}")
        screens.append((screen, width, height))
    phone = await open_page(floor_server.links["join"], 390, 844)
    await live(phone)
    await expect(phone.locator("#plan .plan li")).to_have_count(7)
    await expect(phone.locator("#plan")).to_contain_text("IOM New York Office")
    await expect(phone.locator("#current .hands-later")).to_contain_text("once it has started")
    await expect(phone.get_by_role("button", name="Raise my hand")).to_be_hidden()

    await chair_says(floor_server, {"type": "start_meeting"})
    await expect(phone.get_by_role("button", name="Raise my hand")).to_be_visible()
    await chair_says(floor_server, {"type": "end_meeting"},
                     {"type": "set_thanks", "text": "Thank you, see you in Geneva"})
    for screen, width, height in screens:
        await expect(screen.locator(".stage-ended h1")).to_have_text("The meeting has ended")
        await expect(screen.locator(".stage-thanks")).to_have_text("Thank you, see you in Geneva")
        await expect(screen.locator(".stage-ended time")).not_to_be_empty()
        assert await screen.locator(".countdown").count() == 0
        await screenshot(screen, f"screen-ended-{width}x{height}")
    await expect(phone.locator("#current")).to_contain_text("The meeting has ended")
    await expect(phone.get_by_role("button", name="Raise my hand")).to_be_hidden()
    await expect(phone.get_by_role("button", name="Lower my hand")).to_be_hidden()

    # Reopened: the chair goes on where the meeting ended; hands come back.
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await expect(chair.locator("#status")).to_contain_text("The meeting has ended.")
    await expect(chair.locator("#current a", has_text="read and print")).to_be_visible()
    chair.once("dialog", lambda d: d.accept())
    await chair.get_by_role("button", name="Reopen the meeting").click()
    await expect(chair.locator("#current h3")).to_have_text("Entrance and Registration")
    await expect(screens[0][0].locator(".stage-item")).to_have_text("Entrance and Registration")
    await expect(phone.get_by_role("button", name="Raise my hand")).to_be_visible()
    assert page_errors == []


def test_the_screens_qr_code_is_the_public_url_even_when_loaded_from_127_0_0_1(
    tmp_path,
) -> None:
    import httpx
    import segno

    public = "https://floor.example.org"
    server = FloorServer(tmp_path / "data", env={"FLOOR_PUBLIC_URL": public}).start()
    try:
        join = f"{public}/m/{SLUG}"
        screen = httpx.get(f"{server.base}/m/{SLUG}/screen")  # loaded from 127.0.0.1
        assert "floor.example.org<wbr>" in screen.text
        assert "127.0.0.1" not in screen.text
        served = httpx.get(f"{server.base}/m/{SLUG}/qr.svg").content
        expected = segno.make(join, error="m")
        import io

        buffer = io.BytesIO()
        expected.save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
        assert served == buffer.getvalue()  # the very code of the public join link
        # and not the code of the address the page was loaded from
        local = io.BytesIO()
        segno.make(f"{server.base}/m/{SLUG}", error="m").save(
            local, kind="svg", scale=8, border=2, xmldecl=False)
        assert served != local.getvalue()
    finally:
        server.stop()
