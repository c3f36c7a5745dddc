"""The chair's page at 1366x768 on the discussion item: the speaker's controls and
eight rows of the list of speakers in view without scrolling."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import chair_says, join, live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

NAMES = [
    "Ana Lima", "Kofi Mensah", "Mei Chen", "Olga Petrova", "Samir Haddad", "Lucia Torres",
    "Amina Yusuf", "Jonas Berg", "Priya Nair", "Carlos Ruiz", "Fatou Diop",
]


async def test_on_the_discussion_item_the_speakers_controls_and_eight_rows_are_in_view(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    # "Update on GCM Preparatory Process": five sub-points and two discussion questions.
    discussion = {"type": "goto_item", "item_id": "i4"}
    await chair_says(floor_server, {"type": "start_meeting"}, discussion)
    for name in NAMES:
        await join(floor_server, name, topic="Regional priorities for the zero draft")
    await chair_says(floor_server, {"type": "call_next"})
    chair = await open_page(floor_server.links["chair"], 1366, 768)
    await live(chair)
    await expect(chair.locator(".points > li")).to_have_count(5)
    await expect(chair.locator(".questions > li")).to_have_count(2)
    await screenshot(chair, "chair-1366x768-discussion")
    box = chair.locator(".speaker-box")
    for name in ("Pause", "+1 min", "−1 min", "Finish turn"):
        await expect(box.get_by_role("button", name=name, exact=True)).to_be_in_viewport()
    rows = chair.locator("#speakers .hand")
    await expect(rows).to_have_count(10)
    in_view = 0
    for i in range(10):
        if await rows.nth(i).evaluate(
            "li => { const r = li.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }"
        ):
            in_view += 1
    assert in_view >= 8, in_view
    await screenshot(chair, "chair-1366x768-discussion")
    assert page_errors == []
