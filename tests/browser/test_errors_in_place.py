"""A refused command is said beside the control that sent it, where the person is
looking, and announced; a form keeps what was typed until its command is done."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import chair_says, live
from tests.servers import FloorServer

pytestmark = pytest.mark.browser


async def test_the_phone_caller_form_says_why_beside_it_and_keeps_the_name(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    form = chair.locator("form:has(input[name=name])").filter(
        has=chair.get_by_label("Organization")
    )
    await form.get_by_label("Name").fill("Aminata Diallo")
    await form.get_by_label("Organization").fill("West Africa Migrants Network")
    await form.get_by_role("button", name="Add to the list").click()
    beside = form.locator("xpath=following-sibling::*[1]")
    await expect(beside).to_have_text("The meeting has not started yet.")
    await expect(beside).to_have_attribute("role", "alert")
    await expect(beside).to_be_in_viewport()
    await expect(chair.locator("#notice")).to_be_hidden()  # said once, where it was sent from
    await expect(form.get_by_label("Name")).to_have_value("Aminata Diallo")
    await expect(form.get_by_label("Organization")).to_have_value("West Africa Migrants Network")

    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    await form.get_by_role("button", name="Add to the list").click()
    await expect(chair.locator("#speakers .hand")).to_contain_text(["Aminata Diallo"])
    await expect(form.get_by_label("Name")).to_have_value("")  # done: cleared for the next caller
    error_after = "xpath=following-sibling::*[1][contains(@class, 'control-error')]"
    await expect(form.locator(error_after)).to_have_count(0)
    assert page_errors == []


async def test_a_refused_hand_keeps_the_typed_topic_and_says_why_under_the_form(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    # The first item's list of speakers is closed in the reference meeting.
    await chair_says(floor_server, {"type": "start_meeting"})
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    await phone.get_by_label("Name").fill("Kofi Mensah")
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text("Kofi Mensah")
    await phone.get_by_label("Topic (optional)").fill("Return and reintegration")
    await phone.get_by_role("button", name="Raise my hand").click()
    beside = phone.locator(".raise-form + .control-error")
    await expect(beside).to_have_text("The list of speakers is closed.")
    await expect(phone.get_by_label("Topic (optional)")).to_have_value("Return and reintegration")
    assert page_errors == []
