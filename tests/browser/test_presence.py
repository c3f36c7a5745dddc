"""Presence on every hand: the chair sees who is away, and since when; a person
called while away is waited for, skipped for now or removed; back, their page
says when they were called and what the chair did."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

WELCOME = ({"type": "start_meeting"}, {"type": "next_item"})


async def ana_raises_her_hand(floor_server: FloorServer, open_page) -> Page:  # type: ignore[no-untyped-def]
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    await phone.get_by_label("Name").fill("Ana Lima")
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text("Ana Lima")
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(phone.locator("#my-status")).to_have_text(re.compile("You're next|You are #"))
    return phone


async def test_called_while_away_skip_for_now_and_the_return(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    phone = await ana_raises_her_hand(floor_server, open_page)
    row = chair.locator("#speakers .hand", has_text="Ana Lima")
    await expect(row.locator(".presence")).to_have_text("present")
    in_people = chair.locator("#people li", has_text="Ana Lima")
    await expect(in_people.locator(".presence")).to_have_text("present")

    # Her phone drops off the network: the chair sees it on her hand, with the time.
    await phone.context.set_offline(True)
    await expect(row.locator(".presence")).to_have_text(re.compile(r"^away since \d"))
    await expect(chair.locator("#health tr.stale", has_text="Ana Lima")).to_contain_text(
        "connection lost"
    )

    await row.get_by_role("button", name="Call").click()
    choice = chair.locator(".away-call")
    await expect(choice).to_contain_text("Ana Lima is away")
    await expect(choice.get_by_role("button")).to_have_text(["Wait", "Skip for now", "Remove"])
    await screenshot(chair, "chair-called-while-away")
    await choice.get_by_role("button", name="Skip for now").click()
    await expect(chair.locator(".speaker-box")).to_contain_text("Nobody has the floor.")
    await expect(row.locator(".deferred")).to_have_text(
        re.compile(r"^skipped for now: called at \d{1,2}:\d\d\s?(AM|PM|am|pm)? while away$")
    )
    called = (await row.locator(".deferred time").inner_text()).strip()

    # Back online: her page says when she was called and what the chair did; she is
    # back in the list, no longer passed over.
    await phone.context.set_offline(False)
    await live(phone)
    note = phone.locator("#my-called")
    await expect(note).to_contain_text(f"You were called at {called} while you were offline.")
    await expect(note).to_contain_text("The chair skipped you for now")
    await expect(row.locator(".deferred")).to_have_count(0)
    await expect(row.locator(".presence")).to_have_text("present")
    await screenshot(phone, "participant-back-after-a-call")
    assert page_errors == []


async def test_called_while_away_the_chair_waits_and_her_page_says_she_has_the_floor(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    phone = await ana_raises_her_hand(floor_server, open_page)
    row = chair.locator("#speakers .hand", has_text="Ana Lima")
    await phone.context.set_offline(True)
    await expect(row.locator(".presence")).to_have_text(re.compile("^away since"))
    await row.get_by_role("button", name="Call").click()
    await chair.locator(".away-call").get_by_role("button", name="Wait").click()
    await expect(chair.locator('[data-timer="speaker"] .countdown')).to_have_class(
        re.compile("paused")
    )
    await phone.context.set_offline(False)
    await live(phone)
    await expect(phone.locator("#my-called")).to_contain_text(
        "while you were offline. The chair waited: you have the floor."
    )
    await expect(phone.locator("#my-status")).to_have_text("You have the floor.")
    await expect(chair.locator(".away-call")).to_have_count(0)  # she is back
    assert page_errors == []
