"""The countdown's rules in the core, against the table the browser is checked with too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from floor.domain.timer import Timer

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "countdown_cases.json").read_text()
)


def test_the_table_covers_the_edges() -> None:
    assert len(CASES) >= 30
    levels = {case["level"] for case in CASES}
    assert levels == {"normal", "warning", "danger", "overtime"}
    assert any(case["started_at"] is None and case["elapsed_before"] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_remaining_level_and_text(case: dict[str, Any]) -> None:
    timer = Timer(
        duration=case["duration"],
        started_at=case["started_at"],
        elapsed_before=case["elapsed_before"],
        warning=case["warning"],
        danger=case["danger"],
    )
    assert timer.remaining(case["now"]) == case["remaining"]
    assert timer.text(case["now"]) == case["text"]
    assert timer.level(case["now"]).value == case["level"]
