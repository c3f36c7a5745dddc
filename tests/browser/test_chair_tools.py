"""The chair's tools, seen on the room screen: introductions round, phone callers,
messages, highlighted questions, and the health of every open page."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser


async def pages(floor_server: FloorServer, open_page) -> tuple[Page, Page]:  # type: ignore[no-untyped-def]
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    screen = await open_page(floor_server.links["screen"], 1920, 1080)
    await live(chair)
    await live(screen)
    return chair, screen


async def test_introductions_round_queues_everyone_and_shows_their_profile_card(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"})
    await join(floor_server, "Ana Souza", hand=None, organization="Migrant Forum in Asia",
               region="Asia", focus="Labour migration")
    await join(floor_server, "Kofi Mensah", hand=None, organization="Africa Migration Network",
               region="Africa", focus="Returns and reintegration")
    chair, screen = await pages(floor_server, open_page)
    await chair.locator("#agenda li", has_text="Participant Introductions").get_by_role(
        "button", name="Go"
    ).click()
    await expect(chair.locator("#current h3")).to_have_text("Participant Introductions")
    await chair.get_by_role("button", name="Start the introductions round").click()
    hands = chair.locator("#speakers .hand")
    await expect(hands.locator(".name")).to_have_text(["Ana Souza", "Kofi Mensah"])
    await expect(hands.first.locator(".reason")).to_have_text("introductions round")
    await expect(chair.locator("#current")).to_contain_text("Speaker · 0:30 per turn")

    await chair.keyboard.press("n")
    await expect(chair.locator("#current .speaker")).to_contain_text("Ana Souza")
    await screenshot(chair, "chair-1366x768-introductions")
    card = screen.locator(".profile-card-big")
    await expect(card.locator(".name")).to_have_text("Ana Souza")
    await expect(card.locator("dt")).to_have_text(
        ["Organization", "Regional scope", "Thematic focus"]
    )
    await expect(card.locator("dd")).to_have_text(
        ["Migrant Forum in Asia", "Asia", "Labour migration"]
    )
    await expect(screen.locator("#stage .countdown-value")).to_have_text(re.compile(r"^0:[23]\d$"))
    await screenshot(screen, "screen-1920x1080-introductions")
    await chair.keyboard.press("n")
    await expect(card.locator(".name")).to_have_text("Kofi Mensah")
    assert page_errors == []


async def test_phone_caller_banner_and_highlighted_question_reach_the_screen(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    update = {"type": "goto_item", "item_id": "i4"}  # Update on GCM Preparatory Process
    await chair_says(floor_server, {"type": "start_meeting"}, update)
    chair, screen = await pages(floor_server, open_page)
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)

    tool = chair.locator("form", has=chair.locator("input[name=name]"))
    await tool.get_by_label("Name").fill("Berenice Valdez Rivera")
    await tool.get_by_label("Organization").fill("IMUMI / COMPA")
    await tool.get_by_label("Region").select_option("Latin America")
    await tool.get_by_label("Joining from").select_option("Phone line")
    await tool.get_by_role("button", name="Add to the list").click()
    hand = chair.locator("#speakers .hand")
    await expect(hand.locator(".name")).to_have_text("Berenice Valdez Rivera")
    await expect(hand.locator(".att")).to_have_text("Phone line")
    await expect(tool.get_by_label("Name")).to_have_value("")  # ready for the next caller
    await expect(screen.locator("#upnext")).to_contain_text("Berenice Valdez Rivera")
    await expect(screen.locator("#upnext")).to_contain_text("IMUMI / COMPA")

    await chair.get_by_text("Message to the screen").click()
    await chair.get_by_label("Message").fill("Coffee break until 4:00pm")
    await chair.get_by_role("button", name="Show", exact=True).click()
    await expect(screen.locator(".banner")).to_have_text("Coffee break until 4:00pm")
    await expect(phone.locator(".banner")).to_have_text("Coffee break until 4:00pm")

    question = "how to prioritize focus for maximum effectiveness?"
    row = chair.locator(".questions li", has_text=question)
    await row.get_by_role("button", name="Show on screen").click()
    await expect(screen.locator(".stage-highlight")).to_contain_text(question)
    await expect(phone.locator(".highlight")).to_contain_text(question)
    await expect(row.locator(".on-screen")).to_have_text("on screen")
    await screenshot(screen, "screen-1920x1080-banner-highlight")

    await chair.locator("#banner").get_by_role("button", name="Clear").click()
    await expect(screen.locator(".banner")).to_have_count(0)
    await row.get_by_role("button", name="Hide").click()
    await expect(screen.locator(".stage-highlight")).to_have_count(0)
    # A sub-point can be highlighted too.
    await chair.locator(".points li", has_text="Multi-stakeholder hearings").get_by_role(
        "button", name="Show on screen"
    ).click()
    await expect(screen.locator(".stage-highlight")).to_have_text("Multi-stakeholder hearings")
    assert page_errors == []


async def test_health_lists_every_screen_and_participant_page_and_flags_a_frozen_one(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await join(floor_server, "Ana Souza", hand=None)
    chair, screen = await pages(floor_server, open_page)
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    rows = chair.locator("#health tbody tr")
    # Every open page reports within a few seconds; the chair's table updates every 5 s.
    await expect(rows).to_have_count(2, timeout=20_000)
    screen_row = rows.filter(has_text="Room screen 1")
    cells = screen_row.locator("td")
    await expect(cells.nth(1)).to_have_text(re.compile(r"^[+-]\d+\.\d\d s$"), timeout=20_000)
    await expect(cells.nth(2)).to_have_text(re.compile(r"^\d+ ms$"))
    await expect(cells.nth(3)).to_have_text(re.compile(r"^\d+ s ago$"))
    await expect(rows.filter(has_text="Not registered yet")).to_have_count(1)
    await expect(chair.locator("#health tr.stale")).to_have_count(0)

    # The projector's page freezes: its script stops, its socket stays open.
    cdp = await screen.context.new_cdp_session(screen)
    await cdp.send("Debugger.enable")
    await cdp.send("Debugger.pause")
    await expect(screen_row).to_have_class("stale", timeout=40_000)
    await expect(screen_row.locator(".stale-flag")).to_have_text("not responding")
    background = await screen_row.locator("td").first.evaluate(
        "td => getComputedStyle(td).backgroundColor"
    )
    assert background != "rgba(0, 0, 0, 0)", "a stale row must stand out"
    await expect(rows.first).to_contain_text("Room screen 1")  # stale rows come first
    # The top bar says so too: the table may be scrolled out of sight.
    await expect(chair.locator("#health-alert")).to_have_text("1 page not responding")
    await expect(chair.locator("#health-alert")).to_be_in_viewport()
    await expect(rows.filter(has_text="Not registered yet")).not_to_have_class("stale")
    await chair.locator("#health-alert").click()
    await expect(chair.locator("#health")).to_be_in_viewport()
    await screenshot(chair, "chair-1366x768-health")
    await cdp.send("Debugger.resume")
    await expect(screen_row).not_to_have_class("stale", timeout=40_000)
    await expect(chair.locator("#health-alert")).to_be_hidden()
    assert page_errors == []
