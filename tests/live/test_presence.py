"""Presence across processes, merged: present anywhere is present; otherwise away
since the latest page to go, wherever it was."""

from __future__ import annotations

from floor.domain.presence import GONE_AFTER_MS
from floor.live.presence import Shared
from floor.store.base import Elsewhere

T0 = 1_700_000_000_000


def test_a_participant_with_a_page_on_another_process_is_present_here() -> None:
    shared = Shared()
    assert shared.update(Elsewhere(frozenset({"p-ana"})), T0)
    seen = shared.snapshot()
    assert seen.state("p-ana") == "present"
    assert not shared.update(Elsewhere(frozenset({"p-ana"})), T0)  # the same: no new render
    assert shared.snapshot() is seen


def test_away_since_the_page_went_on_the_other_process_and_lost_for_the_health_table() -> None:
    shared = Shared()
    shared.update(Elsewhere(frozenset({"p-ana"})), T0)
    assert shared.update(Elsewhere(left={"p-ana": (T0 + 5_000, True)}), T0 + 6_000)
    seen = shared.snapshot()
    assert (seen.state("p-ana"), seen.since("p-ana")) == ("away", T0 + 5_000)
    assert shared.lost() == {"p-ana": T0 + 5_000}
    # Ten minutes on, gone.
    assert shared.settle(T0 + 5_000 + GONE_AFTER_MS)
    assert shared.snapshot().state("p-ana") == "gone"


def test_a_page_here_and_none_elsewhere_and_the_reverse() -> None:
    shared = Shared()
    assert shared.opened("p-kofi")
    assert shared.snapshot().state("p-kofi") == "present"
    # His page here goes with a goodbye; the board still lists an older loss elsewhere.
    assert shared.closed("p-kofi", T0 + 9_000, lost=False)
    shared.update(Elsewhere(left={"p-kofi": (T0, True)}), T0 + 9_000)
    seen = shared.snapshot()
    assert (seen.state("p-kofi"), seen.since("p-kofi")) == ("away", T0 + 9_000)  # the latest
    assert shared.lost() == {}  # he said goodbye
    assert shared.take_left() == {"p-kofi": (T0 + 9_000, False)}  # for the board, once
    assert shared.take_left() == {}
    # He opens a page on another process: present, whatever this one last saw.
    shared.update(Elsewhere(frozenset({"p-kofi"}), {"p-kofi": (T0 + 9_000, False)}), T0 + 10_000)
    assert shared.snapshot().state("p-kofi") == "present"


def test_a_second_page_is_no_change() -> None:
    shared = Shared()
    assert shared.opened("p-ana")
    version = shared.version
    assert not shared.opened("p-ana")
    assert not shared.closed("p-ana", T0)
    assert shared.version == version
