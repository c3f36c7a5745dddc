"""The chair against a hostile room, in the browser: hands ticked and removed at once,
people blocked (their phone says so beside the raise button) and unblocked, and
points of order refused while the list is closed."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, command, join, live
from tests.servers import SLUG, FloorServer
from tests.wsclient import Client

pytestmark = pytest.mark.browser

UPDATE = ({"type": "start_meeting"}, {"type": "goto_item", "item_id": "i4"})


async def phone_of(floor_server: FloorServer, open_page, name: str) -> Page:  # type: ignore[no-untyped-def]
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    await phone.get_by_label("Name").fill(name)
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text(name)
    return phone


async def test_the_chair_removes_ticked_hands_at_once_and_blocks_then_unblocks(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *UPDATE)
    for name in ("Ana Souza", "Kofi Mensah", "Bo Lind"):
        await join(floor_server, name)
    phone = await phone_of(floor_server, open_page, "Mallory")
    await phone.get_by_role("button", name="Raise my hand").click()
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    asked: list[str] = []
    chair.on("dialog", lambda dialog: asked.append(dialog.message) or dialog.accept())
    hands = chair.locator("#speakers .hand .name")
    await expect(hands).to_have_text(["Ana Souza", "Kofi Mensah", "Bo Lind", "Mallory"])

    # Until the chair asks to select several, the rows show no tick boxes.
    await expect(chair.locator("#speakers input.pick").first).to_be_hidden()
    await chair.locator(".pick-mode summary").click()
    remove = chair.get_by_role("button", name="Remove selected")
    await expect(remove).to_be_disabled()
    await chair.get_by_label("Select Kofi Mensah").check()
    # A push (another hand) replaces the list: the tick stays.
    await join(floor_server, "Cy Young")
    await expect(hands).to_have_count(5)
    await expect(chair.get_by_label("Select Kofi Mensah")).to_be_checked()
    await chair.get_by_label("Select Mallory").check()
    await chair.get_by_label("and block them").check()
    await remove.click()
    await expect(hands).to_have_text(["Ana Souza", "Bo Lind", "Cy Young"])
    assert asked == ["Remove the selected hands from the list of speakers?"]
    await expect(remove).to_be_disabled()
    await expect(chair.get_by_label("and block them")).not_to_be_checked()

    # Mallory's phone says so beside the raise button, which raises nothing now.
    blocked = phone.locator("#my-blocked")
    await expect(blocked).to_have_text(
        "You cannot ask for the floor in this meeting: the chair has blocked your hand."
    )
    await expect(phone.get_by_role("button", name="Raise my hand")).to_be_disabled()
    person = chair.locator("#people li", has_text="Mallory")
    await expect(person.locator(".blocked-mark")).to_have_text("blocked")
    ana = chair.locator("#people li", has_text="Ana Souza")
    await expect(ana.locator(".blocked-mark")).to_have_count(0)

    await person.get_by_role("button", name="Unblock").click()
    await expect(blocked).to_be_hidden()
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(hands).to_have_text(["Ana Souza", "Bo Lind", "Cy Young", "Mallory"])

    # Blocked from its row: the hand goes at once.
    await chair.locator("#speakers .hand", has_text="Mallory").get_by_role(
        "button", name="Block"
    ).click()
    await expect(hands).to_have_text(["Ana Souza", "Bo Lind", "Cy Young"])
    await expect(blocked).to_be_visible()
    assert page_errors == []


async def test_points_of_order_while_the_list_is_closed_once_each_or_not_at_all(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *UPDATE, {"type": "set_list_open", "open": False})
    phone = await phone_of(floor_server, open_page, "Kofi Mensah")
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await expect(phone.locator(".speakers-state")).to_have_text(
        "The list of speakers is closed: one point of order and one right of reply each."
    )
    beside = phone.locator(".raise-form + .control-error")
    await phone.get_by_label("Point of order").check()
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(chair.locator("#speakers .hand .name")).to_have_text(["Kofi Mensah"])
    await phone.get_by_role("button", name="Lower my hand").click()
    await expect(chair.locator("#speakers .hand")).to_have_count(0)
    await phone.get_by_label("Point of order").check()
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(beside).to_have_text(
        "You have already raised a point of order on this item while the list is closed."
    )

    await chair.get_by_role("button", name="Refuse points of order and replies").click()
    await expect(chair.locator("#speakers .closed-points")).to_have_text(
        "No points of order or replies"
    )
    await expect(phone.locator(".speakers-state")).to_have_text("The list of speakers is closed.")
    await phone.get_by_label("Right of reply", exact=True).check()
    await phone.get_by_label("Right of reply: to whom").fill("Ana Souza")
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(beside).to_have_text(
        "The list of speakers is closed, and the chair is not taking points of order"
        " or rights of reply now."
    )
    await expect(phone.get_by_label("Right of reply: to whom")).to_have_value("Ana Souza")
    assert page_errors == []


async def test_a_look_alike_is_flagged_in_the_chairs_list_of_speakers(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *UPDATE, {"type": "set_policy", "policy": "first_time"})
    await join(floor_server, "Ana Souza")
    await chair_says(floor_server, {"type": "call_next"}, {"type": "finish_turn"})
    await join(floor_server, "Kofi Mensah")
    # Another browser, named with a Cyrillic "А".
    impostor = await Client.connect(
        f"{floor_server.ws_base}/m/{SLUG}/ws",
        additional_headers={"Cookie": "floor_token=impostor-token"},
    )
    await command(impostor, type="register", name="\u0410na Souza")
    await command(impostor, type="raise_hand", kind="speak")
    await impostor.close()
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    rows = chair.locator("#speakers .hand")
    await expect(rows.locator(".name")).to_have_text(["Kofi Mensah", "\u0410na Souza"])
    await expect(rows.nth(1).locator(".lookalike")).to_have_text("looks like Ana Souza")
    await expect(rows.nth(1).locator(".reason")).to_have_text(
        "looks like a name already heard; first-time speakers go ahead"
    )
    await expect(rows.nth(0).locator(".lookalike")).to_have_count(0)
    assert page_errors == []
