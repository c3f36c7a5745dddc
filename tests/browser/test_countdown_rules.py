"""The countdown the pages tick in Chromium follows the core's rules, case for case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import chair_says
from tests.servers import FloorServer

pytestmark = pytest.mark.browser

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "countdown_cases.json").read_text()
)


async def test_the_browser_counts_down_as_the_core_does(
    floor_server: FloorServer, open_page: Any, page_errors: list[str]
) -> None:
    page = await open_page(floor_server.links["screen"], 1280, 720)
    seen = await page.evaluate(
        """async (cases) => {
            const c = await import("/static/js/countdown.js");
            return cases.map((k) => {
                const timer = {duration: k.duration, startedAt: k.started_at ?? "",
                               elapsed: k.elapsed_before};
                const left = c.remaining(timer, k.now);
                return {remaining: left, text: c.text(left),
                        level: c.level(left, k.warning, k.danger)};
            });
        }""",
        CASES,
    )
    expected = [{k: case[k] for k in ("remaining", "text", "level")} for case in CASES]
    assert seen == expected
    assert page_errors == []


async def test_the_first_render_shows_what_the_browser_will_tick_from(
    floor_server: FloorServer, open_page: Any
) -> None:
    await chair_says(floor_server, {"type": "start_meeting"}, {"type": "next_item"},
                     {"type": "timer", "timer": "item", "action": "start"})
    page = await open_page(floor_server.links["screen"], 1280, 720)
    await page.wait_for_selector(".countdown[data-duration]")
    served = await page.evaluate(
        """async () => {
            const c = await import("/static/js/countdown.js");
            const el = document.querySelector(".countdown[data-duration]");
            const d = el.dataset;
            const left = c.remaining({duration: d.duration, startedAt: d.startedAt,
                                      elapsed: d.elapsed}, Date.now());
            return [el.querySelector(".countdown-value").textContent.trim(), c.text(left)];
        }"""
    )
    assert served[0] == served[1]
