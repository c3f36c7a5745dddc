"""axe-core on the three pages, in the states people see most: no serious or critical
violations. axe is injected by the tests only (tests/browser/vendor), never served."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import axe_violations, chair_says, join, live

pytestmark = pytest.mark.browser

UPDATE = {"type": "goto_item", "item_id": "i4"}  # Update on GCM Preparatory Process


async def a_busy_meeting(floor_server) -> None:  # type: ignore[no-untyped-def]
    await chair_says(floor_server, {"type": "start_meeting"}, UPDATE)
    await join(floor_server, "Ana Souza", organization="Migrant Forum in Asia", region="Asia")
    await join(floor_server, "Kofi Mensah", hand="order", topic="Time keeping")
    await join(floor_server, "Lena Berg", hand="reply")
    await chair_says(
        floor_server,
        {"type": "call_next"},
        {"type": "highlight", "text": "Thematic sessions"},
        {"type": "show_message", "text": "Coffee at 4:00pm"},
    )


async def no_violations(page: Page, what: str) -> None:
    violations = await axe_violations(page)
    assert violations == [], f"{what}:\n" + "\n".join(violations)


async def test_chair_page_has_no_serious_violations(floor_server, open_page) -> None:  # type: ignore[no-untyped-def]
    chair = await open_page(floor_server.links["chair"], 1366, 768, bypass_csp=True)
    await live(chair)
    await no_violations(chair, "chair before the start")
    await a_busy_meeting(floor_server)
    await expect(chair.locator("#speakers .hand")).to_have_count(2)
    await expect(chair.locator("#health tbody tr")).to_have_count(0)
    await no_violations(chair, "chair with a speaker and a queue")
    await chair.locator("#agenda li.current").get_by_role("button", name="Edit").click()
    await no_violations(chair, "chair with the item dialog open")


async def test_screen_has_no_serious_violations(floor_server, open_page) -> None:  # type: ignore[no-untyped-def]
    screen = await open_page(floor_server.links["screen"], 1920, 1080, bypass_csp=True)
    await live(screen)
    await no_violations(screen, "screen before the start")
    await a_busy_meeting(floor_server)
    await expect(screen.locator(".stage-speaker")).to_contain_text("Kofi Mensah")
    await no_violations(screen, "screen with a speaker, a banner and a highlight")
    floor_server.kill()
    await expect(screen.locator(".connection-text")).to_have_text("Reconnecting…")
    await no_violations(screen, "screen while reconnecting")


async def test_participant_page_has_no_serious_violations(floor_server, open_page) -> None:  # type: ignore[no-untyped-def]
    phone = await open_page(floor_server.links["join"], 360, 740, bypass_csp=True)
    await live(phone)
    await no_violations(phone, "participant before registering")
    await a_busy_meeting(floor_server)
    await phone.get_by_label("Name").fill("Maria")
    await phone.get_by_role("button", name="Register").click()
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(phone.locator("#my-status")).to_contain_text("You are #3")  # after Lena, Ana
    await no_violations(phone, "participant waiting in the queue")
