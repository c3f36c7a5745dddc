"""Clock sync: every page estimates its offset to the server clock, so that a projector
whose clock is seconds off still shows the same remaining time as everyone else."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from playwright.async_api import Page, Request, Route, expect

from tests.browser.conftest import chair_says, live
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

SKEW = 7.5  # seconds the projector's clock is ahead


async def synced(page: Page) -> None:
    """Wait until the page has made its first estimate (five round trips)."""
    await page.wait_for_function(
        "() => window.floorClock.samples >= 5 && isFinite(window.floorClock.rtt)"
    )


async def read(page: Page, expression: str) -> tuple[float, float]:
    """A number the page computes from its clock, read at a known real time: the page is
    asked up to 20 times, and the answer with the shortest round trip is kept, taken at
    the round trip's midpoint. Returns (value, midpoint in epoch ms) and the precision."""
    best = (0.0, 0.0, float("inf"))
    for _ in range(20):
        before = time.time() * 1000
        value = await page.evaluate(expression)
        after = time.time() * 1000
        if after - before < best[2]:
            best = (value, (before + after) / 2, after - before)
        if best[2] < 8:
            break
    return best


async def deadline(page: Page, selector: str = "#stage .countdown[data-duration]") -> tuple[
    float, float
]:
    """When the page believes the countdown reaches zero, in real (this process's) epoch
    ms, and how precise that reading is."""
    left, at, precision = await read(
        page, f"window.floorRemaining(document.querySelector('{selector}'))"
    )
    return left + at, precision


async def until(check, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until `check()` is true (it is polled: it reads what events collected)."""
    async with asyncio.timeout(timeout):
        while not check():
            await asyncio.sleep(0.1)


async def test_a_skewed_page_shows_the_same_remaining_time_within_50_ms(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"})
    right = await open_page(floor_server.links["screen"], 1280, 720)
    ahead = await open_page(floor_server.links["screen"], 1280, 720, skew=SKEW)
    behind = await open_page(floor_server.links["join"], 360, 740, skew=-4.0)
    for page in (right, ahead, behind):
        await live(page)
        await synced(page)
    # The skew is real: the page's own clock is seconds off (by about SKEW: the fake
    # clock starts when the page's context gets it, a little after it was asked)...
    now, at, precision = await read(ahead, "Date.now()")
    off = now - at
    assert abs(off - SKEW * 1000) < 1000, off
    # ...and the page measured it, to within the round trip it measured it with.
    estimate = await ahead.evaluate("window.floorClock")
    assert abs(estimate["offset"] + off) <= 50 + precision / 2, (estimate, off)

    countdown = right.locator("#stage .countdown")
    true_end = (
        int(await countdown.get_attribute("data-started-at") or 0)
        + int(await countdown.get_attribute("data-duration") or 0)
        - int(await countdown.get_attribute("data-elapsed") or 0)
    )
    ends = {}
    for name, page in (("right", right), ("ahead", ahead)):
        ends[name], precision = await deadline(page)
        assert precision < 40, f"could not read {name} precisely enough ({precision:.0f} ms)"
    ends["behind"], precision = await deadline(behind, "#current .countdown[data-duration]")
    assert precision < 40, f"could not read behind precisely enough ({precision:.0f} ms)"
    assert abs(ends["right"] - ends["ahead"]) <= 50, ends
    for name, end in ends.items():
        assert abs(end - true_end) <= 50, (name, end - true_end)
    # What the room sees agrees too: read together, the two show the same second (a
    # reading may straddle a tick, so one of a few will do).
    for _ in range(5):
        texts = await asyncio.gather(
            *(p.locator(".countdown-value").first.inner_text() for p in (right, ahead))
        )
        if texts[0] == texts[1]:
            break
        await asyncio.sleep(0.3)
    assert texts[0] == texts[1], texts
    assert page_errors == []


async def test_the_offset_comes_from_the_fastest_of_at_least_five_round_trips(
    floor_server: FloorServer, open_page, page_errors: list[str]
) -> None:
    """Slow answers carry a wrong time: only the quickest round trip may be believed."""
    calls: list[float] = []

    async def clock(route: Route) -> None:
        calls.append(time.monotonic())
        if len(calls) % 5 == 3:  # the third of each five answers at once, truthfully
            await route.fulfill(response=await route.fetch())
            return
        await asyncio.sleep(0.4)
        lie = {"now": int(time.time() * 1000) + 30_000}
        await route.fulfill(status=200, content_type="application/json", body=json.dumps(lie))

    screen = await open_page("about:blank", 1280, 720)
    await screen.route("**/clock", clock)
    await screen.goto(floor_server.links["screen"])
    await live(screen)
    await synced(screen)
    assert len(calls) >= 5
    estimate = await screen.evaluate("window.floorClock")
    assert estimate["rtt"] < 200, estimate
    assert abs(estimate["offset"]) < 100, estimate
    assert page_errors == []


async def test_the_offset_is_estimated_again_periodically_and_on_reconnect(
    floor_server: FloorServer, open_page
) -> None:
    screen = await open_page(floor_server.links["screen"], 1280, 720, skew=SKEW)
    clock_requests: list[str] = []

    def seen(request: Request) -> None:
        if request.url.endswith("/clock"):
            clock_requests.append(request.url)

    screen.on("request", seen)
    await live(screen)
    await synced(screen)
    first = await screen.evaluate("window.floorClock.offset")
    assert abs(first + SKEW * 1000) < 1000, first  # about SKEW (see above)

    # Five minutes on, the page measures again, and so follows its own clock's jump.
    before = len(clock_requests)
    await screen.clock.fast_forward("05:01")
    await until(lambda: len(clock_requests) - before >= 5)
    await screen.wait_for_function(
        f"() => Math.abs(window.floorClock.offset - {first} + 301000) < 200", timeout=15_000
    )

    before = len(clock_requests)
    floor_server.kill()
    await expect(screen.locator(".connection-text")).to_have_text("Reconnecting…")
    floor_server.start()
    await live(screen)
    await until(lambda: len(clock_requests) - before >= 5)
