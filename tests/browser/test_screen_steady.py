"""A steady room screen: nothing moves when live data arrives, and the connection
pill covers nothing, at the projector sizes."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import live, screenshot
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

SHIFTS = """
window.shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts.push(e.value);
}).observe({ type: "layout-shift", buffered: true });
"""

OVERLAPS = """() => {
  const pill = document.querySelector(".connection").getBoundingClientRect();
  const hits = [];
  for (const el of document.querySelectorAll(".screen *")) {
    if (!el.children.length || el.matches("img, .countdown, .join-url")) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
      if (r.left < pill.right && pill.left < r.right && r.top < pill.bottom && pill.top < r.bottom)
        hits.push(el.className || el.tagName);
    }
  }
  return hits;
}"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
async def test_the_screen_does_not_shift_and_the_pill_covers_nothing(
    floor_server: FloorServer, browser, page_errors: list[str], size: tuple[int, int]  # type: ignore[no-untyped-def]
) -> None:
    width, height = size
    context = await browser.new_context(viewport={"width": width, "height": height})
    await context.add_init_script(SHIFTS)
    screen = await context.new_page()
    screen.on("pageerror", lambda exc: page_errors.append(str(exc)))
    await screen.goto(floor_server.links["screen"])
    await live(screen)
    await expect(screen.locator(".time-of-day")).not_to_be_empty()
    await screen.wait_for_timeout(1_500)
    assert sum(await screen.evaluate("window.shifts")) < 0.05
    assert await screen.evaluate(OVERLAPS) == []
    await screenshot(screen, f"screen-{width}x{height}-steady")
    assert page_errors == []
