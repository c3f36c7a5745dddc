"""Rules of procedure in real Chromium: undo a call, an interposed question seen
everywhere, the private nudge, picking a person present, the introductions round."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.browser.test_participant import ALERTS, register
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

WELCOME = ({"type": "start_meeting"}, {"type": "next_item"})


def minutes_url(floor_server: FloorServer) -> str:
    return floor_server.links["chair"].replace("/chair?", "/minutes?")


async def chair_page(floor_server: FloorServer, open_page) -> Page:  # type: ignore[no-untyped-def]
    chair = await open_page(floor_server.links["chair"], 1366, 900)
    await live(chair)
    return chair


async def phone(floor_server: FloorServer, open_page, name: str, org: str = "") -> Page:  # type: ignore[no-untyped-def]
    page = await open_page(floor_server.links["join"], 360, 740)
    await page.add_init_script(ALERTS)
    await page.reload()
    await live(page)
    await register(page, name, org)
    return page


async def test_undo_a_call_by_key_and_by_button(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    for name in ("Ana", "Kofi", "Mei"):
        await join(floor_server, name, organization=f"{name} Org")
    chair = await chair_page(floor_server, open_page)
    waiting = chair.locator("#speakers .hand .name")
    speaker = chair.locator("#current .speaker")
    await expect(waiting).to_have_text(["Ana", "Kofi", "Mei"])

    await chair.keyboard.press("n")
    await expect(speaker).to_contain_text("Ana")
    await chair.keyboard.press("u")  # the call was a mistake
    await expect(chair.locator("#current")).to_contain_text("Nobody has the floor.")
    await expect(chair.locator("#current .struck-note")).to_contain_text("Ana")
    await expect(waiting).to_have_text(["Ana", "Kofi", "Mei"])
    await expect(chair.locator("#speakers .hand").first).to_contain_text(
        "put back on the list by the chair"
    )

    await chair.get_by_role("button", name="Call", exact=True).nth(1).click()  # Kofi
    await expect(speaker).to_contain_text("Kofi")
    await chair.get_by_role("button", name="Undo the call: back on the list").click()
    await expect(waiting).to_have_text(["Kofi", "Ana", "Mei"])
    # No turn on the record: the struck ones are not counted.
    await expect(chair.locator("#record .record-figures")).to_contain_text("0 turns by 0 speakers")
    await screenshot(chair, "procedure-undo-chair")

    minutes = await open_page(minutes_url(floor_server), 1280, 900)
    await expect(minutes.locator("#struck-h")).to_have_text("Struck from the record")
    await expect(minutes.locator(".minutes-struck li")).to_have_count(2)
    await expect(minutes.locator(".minutes-struck")).to_contain_text(
        "called by mistake and put back on the list"
    )
    assert page_errors == []


async def test_an_interposed_question_on_the_screen_and_both_phones(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    chair = await chair_page(floor_server, open_page)
    screen = await open_page(floor_server.links["screen"], 1280, 720)
    await live(screen)
    ana = await phone(floor_server, open_page, "Ana Souza", "Migrant Forum")
    mei = await phone(floor_server, open_page, "Mei Tan", "Asia Caucus")
    await ana.get_by_role("button", name="Raise my hand").click()
    await expect(chair.locator("#speakers .hand")).to_have_count(1)
    await chair.keyboard.press("n")
    await expect(ana.locator("#my-status")).to_have_text("You have the floor.")

    await mei.get_by_label("Ask the speaker a question").check()
    await mei.get_by_role("button", name="Raise my hand").click()
    row = chair.locator("#speakers .hand.kind-question")
    await expect(row).to_contain_text("Mei Tan")
    await expect(row).to_contain_text("interposed question to the current speaker")
    await row.get_by_role("button", name="Allow the question").click()

    question = chair.locator("#current .question-now")
    await expect(question).to_contain_text("Mei Tan")
    await expect(chair.locator('[data-timer="speaker"] .countdown-state')).to_have_text("paused")
    await expect(chair.locator('[data-timer="question"] .countdown')).to_have_attribute(
        "data-duration", "30000"
    )
    await expect(screen.locator(".stage-question")).to_contain_text("Mei Tan")
    await expect(screen.locator(".stage-speaker")).to_contain_text("Ana Souza")
    await expect(screen.locator(".stage-label").first).to_have_text("Question time")
    await expect(mei.locator("#my-status")).to_have_text(
        "Put your question now: the speaker's clock waits."
    )
    await expect(ana.locator("#my-status")).to_have_text("You have the floor.")
    await expect(chair.locator("#current .kind-times")).to_contain_text("Interposed question 0:30")
    for page in (ana, mei):
        await expect(page.locator("#current .question-now")).to_contain_text("Mei Tan")
        await expect(page.locator("#current .speaker")).to_contain_text("Ana Souza")
    await screenshot(screen, "procedure-question-screen")
    await screenshot(mei, "procedure-question-phone")

    await chair.keyboard.press("q")
    await expect(question).to_have_count(0)
    await expect(chair.locator('[data-timer="speaker"] .countdown-state')).to_have_text("running")
    await expect(screen.locator(".stage-question")).to_have_count(0)
    await chair.keyboard.press("f")
    minutes = await open_page(minutes_url(floor_server), 1280, 900)
    turns = minutes.locator("table.speakers tbody tr")
    await expect(turns).to_have_count(1)  # one turn, the question inside it
    await expect(turns).to_contain_text("interposed question by Mei Tan")
    assert page_errors == []


async def test_the_wrap_up_nudge_shows_on_the_speakers_phone_only(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    chair = await chair_page(floor_server, open_page)
    screen = await open_page(floor_server.links["screen"], 1280, 720)
    await live(screen)
    ana = await phone(floor_server, open_page, "Ana Souza")
    kofi = await phone(floor_server, open_page, "Kofi Mensah")
    await ana.get_by_role("button", name="Raise my hand").click()
    await expect(chair.locator("#speakers .hand")).to_have_count(1)
    await chair.keyboard.press("n")
    await expect(ana.locator("#my-status")).to_have_text("You have the floor.")
    before = await ana.evaluate("window.vibrations.length")

    await chair.get_by_role("button", name="Please wrap up").click()
    await expect(chair.locator(".nudge-sent")).to_be_visible()
    await expect(ana.locator(".nudge")).to_be_visible()
    await expect(ana.locator(".nudge")).to_contain_text("Please wrap up.")
    await ana.wait_for_function(f"window.vibrations.length > {before}", timeout=5000)
    await expect(kofi.locator(".nudge")).to_be_hidden()
    assert await kofi.evaluate("window.vibrations.length") == 0
    await expect(screen.locator("body")).not_to_contain_text("wrap up")
    await screenshot(ana, "procedure-nudge-phone")

    await chair.get_by_role("button", name="30 seconds").click()
    await expect(ana.locator(".nudge")).to_contain_text("30 seconds left.")
    await expect(kofi.locator(".nudge")).to_be_hidden()
    assert page_errors == []


async def test_the_chair_adds_a_person_present_from_the_list(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, *WELCOME)
    await join(floor_server, "Ana Souza", hand=None, organization="Migrant Forum")
    await join(floor_server, "Kofi Mensah", hand=None, organization="Pan-African Network")
    chair = await chair_page(floor_server, open_page)
    people = chair.locator("#people > ul.people > li[data-pid]")  # present, not the absent
    await expect(people).to_have_count(2)
    await chair.get_by_label("Find a person (name, organization)").fill("pan-african")
    await expect(people.filter(has_text="Kofi Mensah")).to_be_visible()
    await expect(people.filter(has_text="Ana Souza")).to_be_hidden()
    await people.filter(has_text="Kofi Mensah").get_by_role("button", name="Add to list").click()
    await expect(chair.locator("#speakers .hand .name")).to_have_text(["Kofi Mensah"])
    # The filter holds across the push that followed.
    await expect(people.filter(has_text="Ana Souza")).to_be_hidden()
    await screenshot(chair, "procedure-add-present")

    await chair.locator("#people li", has_text="Kofi Mensah").get_by_role(
        "button", name="Add to list"
    ).click()
    await expect(chair.locator("#notice")).to_contain_text(
        "Kofi Mensah is already on the list of speakers."
    )

    # The chair rules on a hand's kind from its row.
    hand = chair.locator("#speakers .hand", has_text="Kofi Mensah")
    await hand.get_by_role("button", name="Kind").click()
    dialog = chair.locator("#kind-dialog")
    await dialog.get_by_label("Kind").select_option("order")
    await dialog.get_by_role("button", name="Change").click()
    await expect(hand.locator(".kind")).to_have_text("Point of order")
    await expect(hand.locator(".reason")).to_have_text("point of order")
    assert page_errors == []


async def test_the_introductions_round_shows_its_progress_and_can_be_stopped(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, WELCOME[0], {"type": "goto_item", "item_id": "i3"})
    for name in ("Ana", "Kofi", "Mei"):
        await join(floor_server, name, hand=None)
    chair = await chair_page(floor_server, open_page)
    start = chair.get_by_role("button", name="Start the introductions round")
    await start.click()
    progress = chair.locator("#intro-round .intro-progress")
    await expect(progress).to_have_text("Introductions: 0 of 3 introduced")
    await expect(start).to_have_count(0)  # no second round from the same button
    await chair.keyboard.press("n")
    await chair.keyboard.press("n")
    await expect(progress).to_have_text("Introductions: 1 of 3 introduced")
    await screenshot(chair, "procedure-introductions")
    chair.on("dialog", lambda dialog: dialog.accept())
    await chair.get_by_role("button", name="Stop the round").click()
    await expect(chair.locator("#intro-round")).to_contain_text("stopped by the chair")
    await expect(chair.locator("#speakers")).to_contain_text("No hands raised.")
    assert page_errors == []
