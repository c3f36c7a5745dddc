"""The presence board on Redis: what one process says of its participants' pages,
another reads; a process that stops saying anything has its pages counted lost."""

from __future__ import annotations

import asyncio

import pytest

from floor.store import redis_presence
from floor.store.base import PresenceBoard
from floor.store.redis import RedisStore

SLUG = "iom-gcm-2017"


def board(store: RedisStore) -> PresenceBoard:
    assert store.presence is not None
    return store.presence


async def test_one_process_reads_the_participants_another_has_pages_for(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = map(board, stores)
    await a.write(SLUG, {"p-ana", "p-kofi"}, {}, announce=True)
    seen = await b.read(SLUG, full=True)
    assert seen.present == {"p-ana", "p-kofi"}
    assert (await a.read(SLUG, full=True)).present == frozenset()  # its own it knows already

    # Ana's last page on A goes without a goodbye (her phone is off the network).
    await a.write(SLUG, {"p-kofi"}, {"p-ana": (1_700_000_000_000, True)}, announce=True)
    seen = await b.read(SLUG, full=True)
    assert seen.present == {"p-kofi"}
    assert seen.left == {"p-ana": (1_700_000_000_000, True)}

    # Kofi closes his last page on A (a goodbye), and opens one on B.
    await a.write(SLUG, set(), {"p-kofi": (1_700_000_001_000, False)}, announce=True)
    await b.write(SLUG, {"p-kofi"}, {}, announce=True)
    seen = await a.read(SLUG, full=True)
    assert seen.present == {"p-kofi"}
    assert seen.left["p-kofi"] == (1_700_000_001_000, False)  # present wins, for the reader


async def test_a_process_that_stops_has_its_pages_lost_since_its_last_heartbeat(
    stores: tuple[RedisStore, RedisStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redis_presence, "SILENT_AFTER_MS", 400)
    a, b = map(board, stores)
    await a.write(SLUG, {"p-ana"}, {}, announce=True)
    assert (await b.read(SLUG, full=True)).present == {"p-ana"}
    await asyncio.sleep(0.6)  # A says nothing more: it crashed
    seen = await b.read(SLUG, full=True)
    assert seen.present == frozenset()
    since, lost = seen.left["p-ana"]
    assert lost
    assert 300 <= (await _redis_now(stores[1])) - since <= 2_000
    # A process that was only slow is told, at its next heartbeat, to say it all again.
    assert not await a.write(SLUG, None, {}, announce=False)
    assert await a.write(SLUG, {"p-ana"}, {}, announce=True)
    assert (await b.read(SLUG, full=True)).present == {"p-ana"}


async def test_a_heartbeat_keeps_a_process_alive_and_a_quick_read_says_nothing_changed(
    stores: tuple[RedisStore, RedisStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redis_presence, "SILENT_AFTER_MS", 400)
    a, b = map(board, stores)
    assert await a.write(SLUG, {"p-ana"}, {}, announce=True)
    for _ in range(4):  # 0.8 s, twice the silence that means stopped
        await asyncio.sleep(0.2)
        assert await a.write(SLUG, None, {}, announce=False)  # the same pages: a heartbeat
        assert await b.read(SLUG, full=False) is None  # nobody stopped
    assert (await b.read(SLUG, full=True)).present == {"p-ana"}
    await asyncio.sleep(0.6)
    seen = await b.read(SLUG, full=False)  # a quick read finds who stopped
    assert seen is not None and seen.left["p-ana"][1]


async def _redis_now(store: RedisStore) -> int:
    seconds, micros = await store._redis.time()
    return int(seconds) * 1000 + int(micros) // 1000


async def test_a_change_is_announced_to_the_other_processes_watching_the_meeting(
    stores: tuple[RedisStore, RedisStore],
) -> None:
    a, b = stores
    heard: list[str] = []
    board(b).on_news(heard.append)
    board(a).on_news(lambda slug: pytest.fail("a process is told of its own change"))
    async with a.watch(SLUG), b.watch(SLUG):
        await board(a).write(SLUG, {"p-ana"}, {}, announce=True)
        await board(a).write(SLUG, {"p-ana"}, {}, announce=False)  # a heartbeat: not news
        async with asyncio.timeout(5):
            while not heard:
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
    assert heard == [SLUG]
