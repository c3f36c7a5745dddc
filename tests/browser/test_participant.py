"""A participant's phone (360x740): register, raise a hand, wait, get the floor."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

REGIONS = ["Africa", "Asia", "Europe", "Latin America", "Middle-East", "North America"]
WELCOME = ({"type": "start_meeting"}, {"type": "next_item"})

# Records what the page asks of the phone: vibrations and the tones it plays.
ALERTS = """
window.vibrations = [];
navigator.vibrate = pattern => { window.vibrations.push(pattern); return true; };
window.tones = [];
const Audio = window.AudioContext;
window.AudioContext = class extends Audio {
  createOscillator() {
    const oscillator = super.createOscillator();
    const start = oscillator.start.bind(oscillator);
    oscillator.start = (...args) => {
      window.tones.push(oscillator.frequency.value);
      start(...args);
    };
    return oscillator;
  }
};
"""


async def register(phone: Page, name: str, organization: str = "", region: str = "") -> None:
    await phone.get_by_label("Name").fill(name)
    await phone.get_by_label("Organization").fill(organization)
    if region:
        await phone.get_by_label("Regional scope").select_option(region)
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text(name)


async def phone_at_welcome(floor_server: FloorServer, open_page) -> Page:  # type: ignore[no-untyped-def]
    await chair_says(floor_server, *WELCOME)
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    return phone


async def test_register_with_the_seed_fields_and_edit_the_profile_later(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_at_welcome(floor_server, open_page)
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await expect(phone.locator("#my-status")).to_have_text("Register to raise your hand.")
    await expect(phone.get_by_label("Regional scope").locator("option")).to_have_text(
        ["—", *REGIONS]
    )
    # Registration comes first on the page until it is done.
    form = await phone.locator("#profile").bounding_box()
    hand = await phone.locator(".hand-card").bounding_box()
    assert form and hand and form["y"] < hand["y"]
    await screenshot(phone, "participant-360x740-register")

    await phone.get_by_label("Name").fill("Ana Souza")
    await phone.get_by_label("Organization").fill("Migrant Forum in Asia")
    await phone.get_by_label("Regional scope").select_option("Asia")
    await phone.get_by_label("Thematic focus").fill("Labour migration")
    await phone.get_by_label("Remote", exact=True).check()
    await phone.get_by_role("button", name="Register").click()
    await expect(phone.locator("#profile .welcome")).to_have_text(
        "You are registered as Ana Souza, Migrant Forum in Asia."
    )
    person = chair.locator("#people li", has_text="Ana Souza")
    await expect(person).to_contain_text("Migrant Forum in Asia")
    await expect(person).to_contain_text("Asia")
    await expect(person.locator(".att")).to_have_text("Remote")
    await expect(phone.locator("#my-status")).to_have_text("")

    await phone.get_by_text("Edit my profile").click()
    await expect(phone.get_by_label("Name")).to_have_value("Ana Souza")
    await expect(phone.get_by_label("Regional scope")).to_have_value("Asia")
    await expect(phone.get_by_label("Thematic focus")).to_have_value("Labour migration")
    await expect(phone.get_by_label("Remote", exact=True)).to_be_checked()
    await phone.get_by_label("Organization").fill("Migrant Forum in Asia (MFA)")
    await phone.get_by_label("Regional scope").select_option("Middle-East")
    await phone.get_by_label("In the room").check()
    await phone.get_by_role("button", name="Save").click()
    await expect(phone.locator("#profile .welcome")).to_contain_text("(MFA)")
    await expect(person).to_contain_text("Middle-East")
    await expect(person.locator(".att")).to_have_text("In the room")
    present = chair.locator("#people > ul.people > li")  # not the list of those absent
    await expect(present).to_have_count(1)  # the same person, edited
    assert page_errors == []


async def test_raise_hand_with_kind_and_topic_and_withdraw_it(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    phone = await phone_at_welcome(floor_server, open_page)
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await register(phone, "Kofi Mensah", "Africa Migration Network", "Africa")
    hand = chair.locator("#speakers .hand")
    for kind, label in (("Point of order", "Point of order"), ("Direct reply", "Direct reply")):
        await phone.get_by_label(kind).check()
        await phone.get_by_label("Topic (optional)").fill("Timing of the consultations")
        await phone.get_by_role("button", name="Raise my hand").click()
        await expect(hand.locator(".name")).to_have_text("Kofi Mensah")
        await expect(hand.locator(".kind")).to_have_text(label)
        await expect(hand.locator(".meta")).to_contain_text("“Timing of the consultations”")
        await expect(phone.locator("#speakers li")).to_have_text(f"Kofi Mensah ({label})")
        await expect(phone.get_by_role("button", name="Raise my hand")).to_be_hidden()
        await phone.get_by_role("button", name="Lower my hand").click()
        await expect(hand).to_have_count(0)
        await expect(phone.get_by_role("button", name="Raise my hand")).to_be_visible()
    # A plain hand, no topic: the form was reset to "speak".
    await expect(phone.get_by_label("Speak", exact=True)).to_be_checked()
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(hand.locator(".meta")).to_have_text("in order of hands raised")
    assert page_errors == []


async def test_own_position_estimated_wait_and_why(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME, {"type": "set_policy", "policy": "first_time"})
    for name in ("Ana", "Kofi", "Lena"):
        await join(floor_server, name)
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    await register(phone, "Maria")
    await phone.get_by_role("button", name="Raise my hand").click()
    status, why = phone.locator("#my-status"), phone.locator("#my-why")
    await expect(status).to_have_text("You are #4, about 9 min.")  # three 3-minute turns
    await expect(why).to_have_text("Why: first-time speaker")
    await expect(phone.locator("#speakers li.me")).to_have_text("Maria")
    await screenshot(phone, "participant-360x740-waiting")

    await chair_says(floor_server, {"type": "call_next"})  # Ana speaks, 3:00 to go
    await expect(status).to_have_text("You are #3, about 9 min.")
    await phone.get_by_role("button", name="Lower my hand").click()
    await phone.get_by_label("Point of order").check()
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(status).to_have_text("You're next.")
    await expect(why).to_have_text("Why: point of order")
    assert page_errors == []


async def test_alerts_when_next_and_on_the_floor(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    await join(floor_server, "Ana")
    phone = await open_page(floor_server.links["join"], 360, 740)
    await phone.add_init_script(ALERTS)
    await phone.reload()
    await live(phone)
    await register(phone, "Kofi Mensah", "Africa Migration Network", "Africa")
    await phone.get_by_role("button", name="Raise my hand").click()
    await expect(phone.locator("#my-status")).to_have_text("You are #2, about 3 min.")
    alert = phone.locator("#my-alert")
    await expect(alert).to_have_attribute("aria-live", "assertive")
    await expect(alert).to_have_text("")
    assert await phone.evaluate("window.vibrations") == []

    await chair_says(floor_server, {"type": "call_next"})
    await expect(phone.locator("#my-status")).to_have_text("You're next.")
    await expect(alert).to_have_text("You're next.")
    await expect(phone.locator("body")).to_have_class(re.compile(r"\bis-next\b"))
    ring = await phone.locator(".hand-card").evaluate("el => getComputedStyle(el).boxShadow")
    assert ring != "none", "being next shows on the hand card"
    assert await phone.evaluate("window.vibrations") == [200]
    assert await phone.evaluate("window.tones") == []  # sound is opt-in
    await screenshot(phone, "participant-360x740-next")

    await phone.get_by_label("Sound when I'm next").check()
    await chair_says(floor_server, {"type": "call_next"})
    await expect(phone.locator("#my-status")).to_have_text("You have the floor.")
    await expect(alert).to_have_text("You have the floor.")
    await expect(phone.locator("body")).to_have_class(re.compile(r"\bhas-floor\b"))
    assert await phone.evaluate("window.vibrations") == [200, [200, 100, 200]]
    assert await phone.evaluate("window.tones") == [880]
    await screenshot(phone, "participant-360x740-floor")
    await phone.reload()
    await live(phone)
    await expect(phone.get_by_label("Sound when I'm next")).to_be_checked()  # remembered
    assert page_errors == []


async def test_now_card_and_the_queue_with_names_only(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    await join(floor_server, "Ana Souza", organization="Migrant Forum in Asia", region="Asia")
    await join(floor_server, "Kofi Mensah", organization="Africa Migration Network")
    await join(floor_server, "Lena Berg", hand="order", organization="Nordic Network")
    phone = await open_page(floor_server.links["join"], 360, 740)
    await live(phone)
    now = phone.locator("#current")
    await expect(now.locator("h2")).to_have_text("Welcome")
    await expect(now.locator(".presenters")).to_have_text("Director-General William Lacy Swing")
    await expect(now.locator(".countdown-value")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    await expect(phone.locator("#speakers li")).to_have_text(
        ["Lena Berg (Point of order)", "Ana Souza", "Kofi Mensah"]
    )
    await expect(phone.locator("#speakers")).not_to_contain_text("Migrant Forum")

    await chair_says(floor_server, {"type": "call_next"}, {"type": "call_next"})
    await expect(now.locator(".speaker .name")).to_have_text("Ana Souza")
    await expect(now.locator(".speaker")).to_contain_text("Migrant Forum in Asia")
    value = now.locator(".countdown-value")
    await expect(value).to_have_text(re.compile(r"^2:5\d$"))
    first = await value.inner_text()
    await expect(value).not_to_have_text(first, timeout=5_000)  # it ticks
    await expect(phone.locator("#speakers li")).to_have_text(["Kofi Mensah"])
    await screenshot(phone, "participant-360x740-listening")
    assert page_errors == []


async def test_a_disconnected_phone_says_so_and_greys_its_countdown(
    floor_server: FloorServer, open_page
) -> None:
    phone = await phone_at_welcome(floor_server, open_page)
    value = phone.locator("#current .countdown-value")
    ink = await value.evaluate("el => getComputedStyle(el).color")
    floor_server.kill()
    connection = phone.locator(".connection")
    await expect(connection).to_have_text("Reconnecting…")
    await expect(connection).to_be_in_viewport()
    grey = await value.evaluate("el => getComputedStyle(el).color")
    assert grey != ink and grey == "rgb(134, 139, 148)"
    floor_server.start()
    await live(phone)
    await expect(phone.locator("#current h2")).to_have_text("Welcome")
    assert await value.evaluate("el => getComputedStyle(el).color") == ink
