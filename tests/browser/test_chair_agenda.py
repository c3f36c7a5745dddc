"""The chair's agenda during the meeting: live edits, the schedule and the slot budget."""

from __future__ import annotations

import json
import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser


async def running_chair(  # type: ignore[no-untyped-def]
    floor_server: FloorServer, open_page, width: int = 1366, height: int = 768
) -> Page:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    chair = await open_page(floor_server.links["chair"], width, height)
    await live(chair)
    await expect(chair.locator("#current h3")).to_have_text("Welcome")
    return chair


def titles(chair: Page):  # type: ignore[no-untyped-def]
    return chair.locator("#agenda .item-title")


SEED = [
    "Entrance and Registration",
    "Welcome",
    "Participant Introductions",
    "Update on GCM Preparatory Process",
    "Regional Civil Society Consultations (RCSCs)",
    "Preview Civil Society Interventions in IDM",
    "Next Steps and Timeline",
]


async def test_agenda_items_are_added_edited_reordered_and_removed_live(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await running_chair(floor_server, open_page, 1920, 1080)  # "and up"
    screen = await open_page(floor_server.links["screen"], 1280, 720)
    await live(screen)
    dialog = chair.locator("#item-dialog")

    await chair.get_by_role("button", name="+ Add item").click()
    await expect(dialog).to_be_visible()
    await dialog.get_by_label("Title", exact=True).fill("Coffee break")
    await dialog.get_by_label("Minutes").fill("20")
    await dialog.get_by_label("Seconds per turn").fill("60")
    await dialog.get_by_label("Presenters").fill("Colin Rajah, Ana Souza")
    await screenshot(chair, "chair-1920x1080-item-dialog")
    await dialog.get_by_role("button", name="Save").click()
    await expect(dialog).to_be_hidden()
    await expect(titles(chair)).to_have_text([*SEED, "Coffee break"])
    added = chair.locator("#agenda li", has_text="Coffee break")
    await expect(added.locator(".mins")).to_have_text("20 min")
    fields = json.loads(await added.get_attribute("data-fields") or "{}")
    assert (fields["presenters"], fields["speaker_limit"]) == ("Colin Rajah, Ana Souza", 60)

    # Edit the current item: the dialog opens filled in, and every page follows.
    await chair.locator("#agenda li.current").get_by_role("button", name="Edit").click()
    await expect(dialog.get_by_label("Title", exact=True)).to_have_value("Welcome")
    await expect(dialog.get_by_label("Minutes")).to_have_value("15")
    await expect(dialog.get_by_label("Seconds per turn")).to_have_value("180")
    await expect(dialog.get_by_label("Presenters")).to_have_value(
        "Director-General William Lacy Swing"
    )
    await dialog.get_by_label("Title", exact=True).fill("Welcome and opening")
    await dialog.get_by_label("Minutes").fill("20")
    await dialog.get_by_label("Seconds per turn").fill("90")
    await dialog.get_by_label("Presenters").fill("William Lacy Swing, Colin Rajah")
    await dialog.get_by_role("button", name="Save").click()
    await expect(chair.locator("#current h3")).to_have_text("Welcome and opening")
    await expect(chair.locator("#current .presenters")).to_have_text(
        "William Lacy Swing, Colin Rajah"
    )
    await expect(chair.locator("#current")).to_contain_text("Item · 20 min planned")
    await expect(chair.locator("#current")).to_contain_text("Speaker · 1:30 per turn")
    await expect(chair.locator('[data-timer="item"] .countdown')).to_have_attribute(
        "data-duration", str(20 * 60_000)
    )
    await expect(screen.locator("#stage h1")).to_have_text("Welcome and opening")
    await expect(screen.locator(".stage-presenter")).to_have_text(
        "William Lacy Swing, Colin Rajah"
    )

    # Cancel leaves the item alone.
    await added.get_by_role("button", name="Edit").click()
    await dialog.get_by_label("Title", exact=True).fill("Lunch")
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_be_hidden()

    await added.get_by_title("Move up").click()
    await expect(titles(chair).nth(6)).to_have_text("Coffee break")
    await chair.locator("#agenda li", has_text="Coffee break").get_by_title("Move up").click()
    await expect(titles(chair).nth(5)).to_have_text("Coffee break")
    entrance = chair.locator("#agenda li", has_text="Entrance")
    await entrance.get_by_title("Move down").click()
    await expect(titles(chair).nth(0)).to_have_text("Welcome and opening")
    # Held already: still on time against the plan, and no time left to project for it.
    await expect(entrance.locator(".drift")).to_have_text("on time")
    await expect(entrance.locator(".expected")).to_have_count(0)

    chair.on("dialog", lambda d: d.accept())
    await chair.locator("#agenda li", has_text="Coffee break").get_by_title(
        "Remove this item"
    ).click()
    await expect(titles(chair)).to_have_count(7)
    await expect(chair.locator("#agenda")).not_to_contain_text("Coffee break")
    # 20 minutes of Welcome and 210 of the five items to come, against a 240-minute plan.
    await expect(chair.locator("#status .projection")).to_have_text(
        re.compile(r"^Running 10 min ahead · ")
    )
    # Started items stay on the record: they offer no remove button.
    current = chair.locator("#agenda li.current")
    await expect(current.get_by_title("Remove this item")).to_have_count(0)
    await screenshot(chair, "chair-1920x1080")
    assert page_errors == []


async def test_schedule_shows_planned_and_actual_starts_and_projects_the_end(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await running_chair(floor_server, open_page)
    first = chair.locator("#agenda li").nth(0)
    welcome = chair.locator("#agenda li.current")
    later = chair.locator("#agenda li", has_text="Update on GCM")
    await expect(first.locator(".planned")).to_have_text("2:00\u202fPM")
    await expect(welcome.locator(".planned")).to_have_text("2:15\u202fPM")
    clock = re.compile(r"^\d{1,2}:\d\d\s?(AM|PM)$")
    await expect(first.locator(".sched-actual time")).to_have_text(clock)
    await expect(first.locator(".drift")).to_have_text("on time")
    # Welcome began right after the start: a quarter of an hour early.
    await expect(welcome.locator(".drift")).to_have_text("15 min ahead")
    await expect(later.locator(".sched-actual")).to_contain_text("not started")
    expected = re.compile(r"^expected \d{1,2}:\d\d\s?(AM|PM)$")
    await expect(later.locator(".expected")).to_have_text(expected)

    projection = chair.locator("#status .projection")
    ahead = re.compile(r"^Running 15 min ahead · projected end \d{1,2}:\d\d\s?(AM|PM)$")
    await expect(projection).to_have_text(ahead)
    await expect(projection).to_have_attribute("data-drift", "ahead")
    # Half an hour more for the update: the meeting will now end late.
    await later.get_by_role("button", name="Edit").click()
    await chair.locator("#item-dialog").get_by_label("Minutes").fill("90")
    await chair.locator("#item-dialog").get_by_role("button", name="Save").click()
    await expect(projection).to_have_text(re.compile(r"^Running 15 min behind · projected end "))
    await expect(projection).to_have_attribute("data-drift", "behind")
    # Five minutes taken from Welcome's slot: the projection follows the item's timer.
    for _ in range(5):
        await chair.get_by_role("button", name="−1 min").first.click()
    await expect(projection).to_have_text(re.compile(r"^Running 10 min behind · "))
    assert page_errors == []


async def test_slot_budget_warns_and_offers_to_close_the_list_or_shorten_turns(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await running_chair(floor_server, open_page)
    budget = chair.locator("#speakers .budget")
    for name in ("Ana", "Kofi", "Lena", "Maria"):
        await join(floor_server, name)
    await expect(chair.locator("#speakers .hand")).to_have_count(4)
    await expect(budget).to_be_hidden()  # 4 × 3:00 fits in 15 minutes
    for name in ("Omar", "Pilar"):
        await join(floor_server, name)
    await expect(budget).to_be_visible()
    # 6 × 3:00 end at 3, 6, ... 18 minutes: with 14:xx left the last two are not heard.
    await expect(budget).to_contain_text(
        "At this pace the last 2 of 6 will not speak before the item's time runs out."
    )
    await screenshot(chair, "chair-1366x768-budget")
    shorten = budget.get_by_role("button", name=re.compile("Shorten turns to"))
    await expect(shorten).to_have_text("Shorten turns to 2:20")
    await shorten.click()
    await expect(chair.locator("#current")).to_contain_text("Speaker · 2:20 per turn")
    await expect(budget).to_be_hidden()

    for name in ("Rui", "Sami"):
        await join(floor_server, name)
    await expect(budget).to_be_visible()
    await budget.get_by_role("button", name="Close the list").click()
    await expect(chair.locator("#speakers .pill")).to_have_text("List closed")
    await expect(budget.get_by_role("button", name="Close the list")).to_have_count(0)
    assert page_errors == []
