"""Garbage collection at quiet moments (floor.live.collector)."""

from __future__ import annotations

import asyncio
import gc

import pytest

from floor.live import collector
from floor.live.collector import BACKSTOP, YOUNGEST, QuietCollector


class FakeGc:
    """gc's counts and thresholds, set by the test; collections recorded."""

    def __init__(self, count: tuple[int, int, int]) -> None:
        self.count = count
        self.collected: list[int] = []

    def get_count(self) -> tuple[int, int, int]:
        return self.count

    def get_threshold(self) -> tuple[int, int, int]:
        return (BACKSTOP, 10, 10)

    def collect(self, generation: int = 2) -> int:
        self.collected.append(generation)
        return 0


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGc:
    fake = FakeGc((0, 0, 0))
    monkeypatch.setattr(collector, "gc", fake)
    return fake


def test_nothing_is_collected_before_youngest_allocations_wait(fake: FakeGc) -> None:
    fake.count = (YOUNGEST - 1, 9, 9)
    QuietCollector().collect()
    assert fake.collected == []


def test_the_youngest_generation_when_it_alone_is_due(fake: FakeGc) -> None:
    fake.count = (YOUNGEST, 3, 9)
    quiet = QuietCollector()
    quiet.collect()
    assert fake.collected == [0]
    assert quiet.passes == [1, 0, 0]


def test_the_middle_generation_on_the_tenth_pass(fake: FakeGc) -> None:
    fake.count = (YOUNGEST, 9, 3)
    QuietCollector().collect()
    assert fake.collected == [1]


def test_a_full_pass_at_most_every_full_every_seconds(
    fake: FakeGc, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    quiet = QuietCollector()  # its last full pass: now
    fake.count = (YOUNGEST, 9, 9)
    quiet.collect()
    assert fake.collected == [1]  # due by the counts, too soon by the clock
    clock[0] += collector.FULL_EVERY
    quiet.collect()
    assert fake.collected == [1, 2]
    clock[0] += 1
    quiet.collect()
    assert fake.collected == [1, 2, 1]


def test_the_timer_makes_a_full_pass_only_once_no_fan_out_has_come_for_a_while(
    fake: FakeGc, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    quiet = QuietCollector()
    clock[0] += collector.FULL_EVERY
    fake.count = (YOUNGEST, 9, 9)
    quiet.soon()  # a fan-out (no loop here: nothing is scheduled)
    clock[0] += collector.IDLE / 2
    quiet.collect(timer=True)
    assert fake.collected == [1]  # a chair action may come at any moment
    clock[0] += collector.IDLE
    quiet.collect(timer=True)
    assert fake.collected == [1, 2]


async def test_start_freezes_and_raises_the_backstop_stop_lets_go() -> None:
    before = gc.get_threshold()
    quiet = QuietCollector()
    try:
        quiet.start()
        assert gc.get_threshold()[0] == BACKSTOP
        assert gc.get_freeze_count() > 0
        # soon() collects once the loop has a moment, when enough allocations wait
        garbage = [[] for _ in range(YOUNGEST + 1000)]  # tracked objects: they count
        assert gc.get_count()[0] >= YOUNGEST
        quiet.soon()
        assert sum(quiet.passes) == 0  # not in the caller's step
        await asyncio.sleep(0)
        assert sum(quiet.passes) == 1
        assert gc.get_count()[0] < YOUNGEST
        del garbage
    finally:
        quiet.stop()
        gc.unfreeze()
        gc.set_threshold(*before)
    quiet.soon()  # stopped: asks for nothing
    await asyncio.sleep(0)
    assert sum(quiet.passes) == 1
