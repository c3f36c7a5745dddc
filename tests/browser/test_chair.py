"""The chair's console at 1366x768: keyboard, confirmations, the queue by drag and drop."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Dialog, Page, expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

async def chair_at_welcome(  # type: ignore[no-untyped-def]
    floor_server: FloorServer, open_page, *names: str, **options: Any
) -> Page:
    """The chair's page, the meeting running at "Welcome", `names` waiting to speak;
    `options` for the page's context (`has_touch`...)."""
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    for name in names:
        await join(floor_server, name, organization=f"{name} Org", region="Asia")
    chair = await open_page(floor_server.links["chair"], 1366, 768, **options)
    await live(chair)
    await expect(chair.locator("#current h3")).to_have_text("Welcome")
    await expect(chair.locator("#speakers .hand")).to_have_count(len(names))
    return chair


def names(chair: Page):  # type: ignore[no-untyped-def]
    return chair.locator("#speakers .hand .name")


async def test_keyboard_runs_speakers_timers_and_items(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await chair_at_welcome(floor_server, open_page, "Ana", "Kofi")
    hints = chair.locator(".key-hints")
    await expect(hints).to_be_in_viewport()
    for hint in ("N", "Space", "F", "+", "−", "→", "←"):
        await expect(hints.locator("kbd", has_text=hint).first).to_be_visible()

    speaker = chair.locator("#current .speaker")
    state = chair.locator('[data-timer="speaker"] .countdown-state')
    countdown = chair.locator('[data-timer="speaker"] .countdown')
    await chair.keyboard.press("n")
    await expect(speaker).to_contain_text("Ana")
    await expect(names(chair)).to_have_text(["Kofi"])
    await expect(state).to_have_text("running")
    await chair.keyboard.press(" ")
    await expect(state).to_have_text("paused")
    await chair.keyboard.press(" ")
    await expect(state).to_have_text("running")
    await chair.keyboard.press("+")
    await expect(countdown).to_have_attribute("data-duration", "240000")
    await chair.keyboard.press("-")
    await chair.keyboard.press("-")
    await expect(countdown).to_have_attribute("data-duration", "120000")
    await chair.keyboard.press("f")
    await expect(chair.locator("#current")).to_contain_text("Nobody has the floor.")

    # With nobody speaking, Space and +/− work on the item's timer.
    item_state = chair.locator('[data-timer="item"] .countdown-state')
    await expect(item_state).to_have_text("running")
    await chair.keyboard.press(" ")
    await expect(item_state).to_have_text("paused")
    await chair.keyboard.press("+")
    await expect(chair.locator('[data-timer="item"] .countdown')).to_have_attribute(
        "data-duration", str(16 * 60_000)
    )
    await chair.keyboard.press(" ")
    await expect(item_state).to_have_text("running")

    asked: list[str] = []
    chair.on("dialog", lambda dialog: asked.append(dialog.message) or dialog.accept())
    await chair.keyboard.press("ArrowLeft")  # Kofi still waits: it asks first
    await expect(chair.locator("#current h3")).to_have_text("Entrance and Registration")
    assert asked == ["1 speaker is still waiting. Go back to the previous item?"]
    await chair.keyboard.press("ArrowRight")  # nobody waits on this one
    await expect(chair.locator("#current h3")).to_have_text("Welcome")
    assert len(asked) == 1
    assert page_errors == []


async def test_keys_are_ignored_while_typing_and_on_a_button_reached_by_keyboard(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await chair_at_welcome(floor_server, open_page, "Ana", "Kofi")
    name = chair.get_by_role("textbox", name="Name")
    await name.click()
    await chair.keyboard.type("n f+- ")
    await chair.keyboard.press("ArrowRight")
    await expect(name).to_have_value("n f+- ")
    await chair.locator("#speakers .speakers-head").get_by_role("button", name="Close list").focus()
    await chair.keyboard.press(" ")  # presses the focused button, not "start / pause"
    await expect(chair.locator("#speakers .pill")).to_have_text("List closed")
    await chair.locator("#agenda li.current").get_by_role("button", name="Edit").click()
    title = chair.locator("#item-dialog").get_by_label("Title", exact=True)
    await expect(title).to_be_focused()
    await chair.keyboard.press("n")
    await chair.keyboard.press("Escape")
    await expect(chair.locator("#item-dialog")).to_be_hidden()
    # Nothing above reached the meeting: nobody called, the same item, the timer running.
    await expect(chair.locator("#current")).to_contain_text("Nobody has the floor.")
    await expect(chair.locator("#current h3")).to_have_text("Welcome")
    await expect(names(chair)).to_have_text(["Ana", "Kofi"])
    await expect(chair.locator('[data-timer="item"] .countdown-state')).to_have_text("running")

    # A button clicked with the mouse keeps the focus, but Space is the shortcut there.
    await chair.get_by_text("Speaking order and time per turn").click()
    await chair.get_by_role("button", name="Set order").click()
    await chair.keyboard.press(" ")
    await expect(chair.locator('[data-timer="item"] .countdown-state')).to_have_text("paused")
    assert page_errors == []


async def test_destructive_actions_ask_first_and_dismissing_changes_nothing(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await chair_at_welcome(floor_server, open_page, "Ana", "Kofi")
    asked: list[str] = []

    async def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.message)
        await dialog.dismiss()

    chair.on("dialog", dismiss)
    await chair.locator("#speakers .hand").first.get_by_role("button", name="✕").click()
    await chair.keyboard.press("ArrowRight")  # skips an item with two speakers waiting
    await chair.keyboard.press("ArrowLeft")
    await chair.locator("#agenda li", has_text="Participant Introductions").get_by_role(
        "button", name="Go"
    ).click()
    last = chair.locator("#agenda li", has_text="Next Steps")
    await last.get_by_title("Remove this item").click()
    await chair.get_by_text("Speaking order and time per turn").click()
    await chair.get_by_role("button", name="End the meeting").click()
    assert asked == [
        "Remove Ana from the list of speakers?",
        "2 speakers are still waiting. Move on to the next item?",
        "2 speakers are still waiting. Go back to the previous item?",
        "Speakers are still waiting on the current item. Go to “Participant Introductions”?",
        "Remove “Next Steps and Timeline” from the agenda?",
        "End the meeting now? Timers stop and the list closes.",
    ]
    # A round trip later nothing has changed.
    await chair.get_by_role("button", name="Close list").click()
    await expect(chair.locator("#speakers .pill")).to_have_text("List closed")
    await expect(names(chair)).to_have_text(["Ana", "Kofi"])
    await expect(chair.locator("#current h3")).to_have_text("Welcome")
    await expect(chair.locator("#agenda li")).to_have_count(7)
    await expect(chair.locator("#status .live-pill")).to_have_text("Live")

    chair.remove_listener("dialog", dismiss)
    chair.on("dialog", lambda dialog: dialog.accept())
    await chair.locator("#speakers .hand").first.get_by_role("button", name="✕").click()
    await expect(names(chair)).to_have_text(["Kofi"])
    await chair.keyboard.press("ArrowRight")
    await expect(chair.locator("#current h3")).to_have_text("Participant Introductions")
    await last.get_by_title("Remove this item").click()
    await expect(chair.locator("#agenda li")).to_have_count(6)
    await chair.get_by_role("button", name="End the meeting").click()
    await expect(chair.locator("#status")).to_contain_text("The meeting has ended.")
    assert page_errors == []


async def drag(page: Page, source, target, *, below: bool) -> None:  # type: ignore[no-untyped-def]
    """Press on `source` (a drag handle), move in steps onto `target`, release."""
    start = await source.bounding_box()
    end = await target.bounding_box()
    assert start and end
    y = end["y"] + end["height"] * (0.8 if below else 0.2)
    await page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    await page.mouse.down()
    await page.mouse.move(start["x"] + start["width"] / 2, y, steps=12)
    await page.mouse.up()


async def test_queue_reorders_by_mouse_drag_and_by_buttons(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    chair = await chair_at_welcome(floor_server, open_page, "Ana", "Kofi", "Lena", "Maria")
    hands = chair.locator("#speakers .hand")
    await drag(chair, hands.nth(3).locator(".drag-handle"), hands.nth(0), below=False)
    await expect(names(chair)).to_have_text(["Maria", "Ana", "Kofi", "Lena"])
    await expect(hands.nth(0).locator(".reason")).to_have_text("moved here by the chair")
    await drag(chair, hands.nth(0).locator(".drag-handle"), hands.nth(2), below=True)
    await expect(names(chair)).to_have_text(["Ana", "Kofi", "Maria", "Lena"])

    await hands.nth(3).get_by_role("button", name="↑").click()
    await expect(names(chair)).to_have_text(["Ana", "Kofi", "Lena", "Maria"])
    await hands.nth(0).get_by_role("button", name="↓").click()
    await expect(names(chair)).to_have_text(["Kofi", "Ana", "Lena", "Maria"])
    await screenshot(chair, "chair-1366x768-full-queue")
    assert page_errors == []


async def touch_drag(page: Page, source, target, *, below: bool) -> None:  # type: ignore[no-untyped-def]
    """A finger on `source`, moved onto `target` and lifted: real touch input."""
    start = await source.bounding_box()
    end = await target.bounding_box()
    assert start and end
    x = start["x"] + start["width"] / 2
    y0 = start["y"] + start["height"] / 2
    y1 = end["y"] + end["height"] * (0.8 if below else 0.2)
    cdp = await page.context.new_cdp_session(page)
    touch = {"x": x, "y": y0, "id": 1}
    await cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [touch]})
    for step in range(1, 13):
        touch = {"x": x, "y": y0 + (y1 - y0) * step / 12, "id": 1}
        await cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [touch]})
    await cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    await cdp.detach()


async def test_queue_reorders_by_touch_drag(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    for name in ("Ana", "Kofi", "Lena"):
        await join(floor_server, name)
    tablet = await open_page(floor_server.links["chair"], 1366, 1024, has_touch=True)
    await live(tablet)
    pointer_types: list[str] = await tablet.evaluate("""() => {
        window.pointerTypes = [];
        document.addEventListener("pointerdown", e => window.pointerTypes.push(e.pointerType));
        return window.pointerTypes; }""")
    hands = tablet.locator("#speakers .hand")
    await expect(hands).to_have_count(3)
    await touch_drag(tablet, hands.nth(2).locator(".drag-handle"), hands.nth(0), below=False)
    await expect(names(tablet)).to_have_text(["Lena", "Ana", "Kofi"])
    pointer_types = await tablet.evaluate("window.pointerTypes")
    assert pointer_types == ["touch"]
    assert page_errors == []


LOWEST_IN_VIEW = """() => {
  let lowest = 0;
  document.querySelectorAll("#speakers .hand").forEach((row, i) => {
    if (row.getBoundingClientRect().bottom < innerHeight - 50) lowest = i;
  });
  return lowest;
}"""


async def test_a_hand_low_in_a_long_list_is_dragged_to_the_top_and_the_list_scrolls(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    people = [f"Speaker {i:02d}" for i in range(1, 25)]
    chair = await chair_at_welcome(floor_server, open_page, *people)
    listing = chair.locator("#speakers .speakers-list")
    await listing.evaluate("l => { l.scrollTop = l.scrollHeight; }")
    assert await listing.evaluate("l => l.scrollTop") > 0  # longer than its panel
    row = await chair.evaluate(LOWEST_IN_VIEW)
    assert row >= 12  # far down the list: its top rows are scrolled out of sight
    moved = await names(chair).nth(row).inner_text()
    handle = chair.locator("#speakers .hand").nth(row).locator(".drag-handle")
    start = await handle.bounding_box()
    box = await listing.bounding_box()
    assert start and box
    x = start["x"] + start["width"] / 2
    await chair.mouse.move(x, start["y"] + start["height"] / 2)
    await chair.mouse.down()
    await chair.mouse.move(x, box["y"] + 12, steps=15)
    for step in range(60):  # held at the list's top edge: the list scrolls under the hand
        await chair.mouse.move(x, box["y"] + 10 + step % 2)
        if await listing.evaluate("l => l.scrollTop") == 0:
            break
        await chair.wait_for_timeout(50)
    assert await listing.evaluate("l => l.scrollTop") == 0
    first = await chair.locator("#speakers .hand").nth(0).bounding_box()
    assert first
    await chair.mouse.move(x, first["y"] + first["height"] * 0.2, steps=5)
    await chair.mouse.up()
    await expect(names(chair).first).to_have_text(moved)
    assert page_errors == []


async def test_a_hand_low_in_a_long_list_is_dragged_to_the_top_by_touch_as_the_list_scrolls(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    """A finger on a tablet, real touch input (CDP Input.dispatchTouchEvent): held at the
    list's top edge, the list scrolls under it until the top row is reached."""
    people = [f"Speaker {i:02d}" for i in range(1, 25)]
    tablet = await chair_at_welcome(floor_server, open_page, *people, has_touch=True)
    await tablet.evaluate("""() => {
        window.pointerTypes = new Set();
        document.addEventListener("pointermove", e => window.pointerTypes.add(e.pointerType));
    }""")
    listing = tablet.locator("#speakers .speakers-list")
    await listing.evaluate("l => { l.scrollTop = l.scrollHeight; }")
    assert await listing.evaluate("l => l.scrollTop") > 0
    row = await tablet.evaluate(LOWEST_IN_VIEW)
    assert row >= 12
    moved = await names(tablet).nth(row).inner_text()
    start = await tablet.locator("#speakers .hand").nth(row).locator(".drag-handle").bounding_box()
    box = await listing.bounding_box()
    assert start and box
    x = start["x"] + start["width"] / 2
    y0 = start["y"] + start["height"] / 2
    cdp = await tablet.context.new_cdp_session(tablet)

    async def finger(kind: str, y: float | None = None) -> None:
        points = [] if y is None else [{"x": x, "y": y, "id": 1}]
        await cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    await finger("touchStart", y0)
    for step in range(1, 16):
        await finger("touchMove", y0 + (box["y"] + 12 - y0) * step / 15)
    for step in range(80):  # held at the list's top edge
        await finger("touchMove", box["y"] + 10 + step % 2)
        if await listing.evaluate("l => l.scrollTop") == 0:
            break
        await tablet.wait_for_timeout(50)
    assert await listing.evaluate("l => l.scrollTop") == 0
    first = await tablet.locator("#speakers .hand").nth(0).bounding_box()
    assert first
    top, target = box["y"] + 10, first["y"] + first["height"] * 0.2
    for step in range(1, 6):
        await finger("touchMove", top + (target - top) * step / 5)
    await finger("touchEnd")
    await cdp.detach()
    await expect(names(tablet).first).to_have_text(moved)
    await expect(tablet.locator("#speakers .hand").first.locator(".reason")).to_have_text(
        "moved here by the chair"
    )
    assert await tablet.evaluate("[...window.pointerTypes]") == ["touch"]
    assert page_errors == []
