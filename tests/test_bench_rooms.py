"""`python -m bench.rooms` at 40 meetings, so that it cannot rot: with the grace period
every room opened and left is dropped; without it every one stays."""

from __future__ import annotations

from pathlib import Path

from bench.rooms import measure


async def test_rooms_left_by_their_pages_are_freed_and_kept_without_the_grace_period(
    tmp_path: Path,
) -> None:
    freed = await measure(40, True, tmp_path / "freed")
    assert (freed["rooms_left"], freed["rooms_dropped"]) == (0, 40)
    kept = await measure(40, False, tmp_path / "kept")
    assert (kept["rooms_left"], kept["rooms_dropped"]) == (40, 0)
