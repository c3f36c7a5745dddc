"""The record in real Chromium: the minutes page with its charts, the chair's live record."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Dialog, Page, expect

from floor.access import new_chair_key
from floor.domain.model import Policy
from floor.store.embedded import EmbeddedStore
from tests.browser.conftest import screenshot
from tests.record.replay import Replay
from tests.servers import SLUG, FloorServer
from tests.wsclient import Client

pytestmark = pytest.mark.browser


@pytest.fixture
def replayed_server(tmp_path: Path) -> Iterator[FloorServer]:
    """`floor serve` on a data directory holding the reference meeting as replayed:
    forty participants, four hours, balancing regions."""
    data = tmp_path / "data"

    async def seed() -> None:
        store = EmbeddedStore(data)
        await store.create(Replay(Policy.BALANCE_REGIONS).run().meeting, new_chair_key())
        await store.close()

    asyncio.run(seed())
    server = FloorServer(data).start()
    try:
        yield server
    finally:
        server.stop()


def minutes_url(server: FloorServer, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"key": server.chair_key, **params}.items())
    return f"{server.base}/m/{SLUG}/minutes?{query}"


async def test_the_minutes_page_shows_the_record_and_its_charts(
    replayed_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    page: Page = await open_page(minutes_url(replayed_server, tz="America/New_York"), 1366, 768)
    await expect(page.locator("h1")).to_have_text(
        "Civil Society Informal Meeting on the Global Compact on Migration"
    )
    await expect(page.locator(".figures")).to_contain_text("Ended")
    await expect(page.locator(".figures")).to_contain_text("2:00\u202fPM – 6:00\u202fPM")
    plan = page.locator("table.plan tbody tr")
    await expect(plan).to_have_count(7)
    await expect(plan.nth(3)).to_contain_text("2:45\u202fPM · 60 min")
    await expect(plan.nth(3)).to_contain_text("on time")

    charts = page.locator("svg.chart")
    await expect(charts).to_have_count(4)
    region_chart = charts.first
    await expect(region_chart).to_be_visible()
    box = await region_chart.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150, box
    # Seven region groups (six regions and the booked speakers without one), three bars each.
    assert await region_chart.locator("rect.bar").count() == 7 * 3
    widths = [
        float(w) for w in await region_chart.locator("rect.bar-turns").evaluate_all(
            "bars => bars.map(b => b.getAttribute('width'))"
        )
    ]
    assert all(w > 0 for w in widths[:6]), widths  # every region spoke
    await expect(region_chart.locator("text", has_text="Middle-East")).to_be_visible()

    next_steps = page.locator(".next-steps tbody tr")
    await expect(next_steps).to_have_count(3)
    await expect(next_steps.first).to_contain_text("Colin Rajah")

    await screenshot(page, "minutes-1366x768")
    await page.locator(".floor-stats").scroll_into_view_if_needed()
    await screenshot(page, "minutes-charts-1366x768")

    # Printing drops the tool bar and keeps the charts.
    await page.emulate_media(media="print")
    await expect(page.locator(".minutes-bar")).to_be_hidden()
    await expect(charts.first).to_be_visible()
    await page.evaluate("window.scrollTo(0, 0)")
    await screenshot(page, "minutes-print-1366x768")
    assert page_errors == []


async def test_a_download_link_gives_the_file(
    replayed_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    page: Page = await open_page(minutes_url(replayed_server), 1366, 768)
    async with page.expect_download() as info:
        await page.get_by_role("link", name="Turns (CSV)").click()
    download = await info.value
    assert download.suggested_filename == f"{SLUG}-turns.csv"
    path = await download.path()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("turn,item_number,item,speaker")
    assert len(lines) > 80
    assert page_errors == []


async def chair_command(server: FloorServer, **fields: Any) -> None:
    client = await Client.connect(f"{server.ws_base}/m/{SLUG}/ws?key={server.chair_key}")
    try:
        await client.send(**fields)
        answer = await client.wait_for(r'id="notice"')
        assert "data-code" not in answer, answer
    finally:
        await client.close()


async def speak(server: FloorServer, name: str, **profile: str) -> None:
    """A participant registers and raises a hand; the chair gives and ends the turn."""
    client = await Client.connect(
        f"{server.ws_base}/m/{SLUG}/ws", additional_headers={"Cookie": f"floor_token={name}-tok"}
    )
    try:
        for fields in ({"type": "register", "name": name, **profile}, {"type": "raise_hand"}):
            client.received.clear()
            await client.send(**fields)
            assert "data-code" not in await client.wait_for(r'id="notice"')
    finally:
        await client.close()
    await chair_command(server, type="call_next")
    await chair_command(server, type="finish_turn")


async def test_the_chair_records_notes_and_action_items_live(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_command(floor_server, type="start_meeting")
    await chair_command(floor_server, type="goto_item", item_id="i7")
    await speak(floor_server, "Ana", organization="MFA", region="Asia", attendance="remote")
    await speak(floor_server, "Kofi", organization="ICMC", region="Africa")
    chair: Page = await open_page(floor_server.links["chair"], 1366, 768)
    await expect(chair.locator(".connection-text")).to_have_text("Live", timeout=15_000)
    record = chair.locator("#record")
    await expect(record.locator("svg.chart")).to_have_count(2)
    await expect(record.locator(".record-figures")).to_contain_text("2 turns by 2 speakers")

    forms = chair.locator(".record-tools")
    await forms.get_by_label("Note").fill("Timeline: the regional consultations run May to July.")
    await forms.get_by_role("button", name="Add note").click()
    await expect(record.locator(".notes li")).to_contain_text(["regional consultations run May"])
    await expect(forms.get_by_label("Note")).to_have_value("")  # the form was reset

    await forms.get_by_label("Action item: what").fill("Circulate the draft timeline")
    await forms.get_by_label("Who").fill("Colin Rajah")
    await forms.get_by_label("By when").fill("1 May 2017")
    await forms.get_by_role("button", name="Add action item").click()
    action = record.locator(".actions li")
    await expect(action).to_have_count(1)
    await expect(action).to_contain_text("Circulate the draft timeline")
    await expect(action).to_contain_text("Colin Rajah")
    await expect(action).to_contain_text("by 1 May 2017")
    await expect(record.locator(".record-item.current")).to_have_text("Next Steps and Timeline")

    await chair.locator(".record-panel").evaluate("el => el.scrollIntoView({block: 'start'})")
    await screenshot(chair, "chair-record-1366x768")

    async def accept(dialog: Dialog) -> None:
        await dialog.accept()

    chair.on("dialog", accept)
    await record.locator(".notes li").get_by_role("button", name="✕").click()
    await expect(record.locator(".notes li")).to_have_count(0)
    await expect(record).to_contain_text("No notes yet.")

    async with chair.context.expect_page() as opened:
        await chair.get_by_role("link", name="Minutes, statistics and downloads").click()
    minutes = await opened.value
    await expect(minutes.locator(".next-steps")).to_contain_text("Circulate the draft timeline")
    await expect(minutes.locator("svg.chart")).to_have_count(4)
    assert page_errors == []
