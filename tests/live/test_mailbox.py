"""The latest-wins mailbox: a slow reader skips ahead, memory never grows."""

from __future__ import annotations

import asyncio

from floor.mailbox import MAX_NOTICES, Mailbox


async def test_get_returns_only_the_last_of_many_values() -> None:
    box: Mailbox[int] = Mailbox()
    for value in range(1000):
        box.put(value)
    async with asyncio.timeout(1):
        assert await box.get() == [999]


async def test_a_value_is_delivered_once() -> None:
    box: Mailbox[str] = Mailbox()
    box.put("state 1")
    async with asyncio.timeout(1):
        assert await box.get() == ["state 1"]
    waiting = asyncio.create_task(box.get())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    box.put("state 2")
    async with asyncio.timeout(1):
        assert await waiting == ["state 2"]


async def test_a_waiting_get_wakes_on_put() -> None:
    box: Mailbox[str] = Mailbox()
    waiting = asyncio.create_task(box.get())
    await asyncio.sleep(0)
    box.put("news")
    async with asyncio.timeout(1):
        assert await waiting == ["news"]


async def test_notices_come_first_then_the_latest_value() -> None:
    box: Mailbox[str] = Mailbox()
    box.put("old state")
    box.notify("saved")
    box.put("new state")
    async with asyncio.timeout(1):
        assert await box.get() == ["saved", "new state"]


async def test_notices_are_bounded_keeping_the_newest() -> None:
    box: Mailbox[str] = Mailbox()
    for i in range(MAX_NOTICES * 10):
        box.notify(f"notice {i}")
    async with asyncio.timeout(1):
        got = await box.get()
    assert len(got) == MAX_NOTICES
    assert got == [f"notice {i}" for i in range(MAX_NOTICES * 9, MAX_NOTICES * 10)]


async def test_close_wakes_a_waiting_get_with_nothing() -> None:
    box: Mailbox[str] = Mailbox()
    waiting = asyncio.create_task(box.get())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    box.close()
    async with asyncio.timeout(1):
        assert await waiting == []


async def test_get_after_close_returns_nothing_even_with_news_pending() -> None:
    box: Mailbox[str] = Mailbox()
    box.put("state")
    box.notify("notice")
    box.close()
    async with asyncio.timeout(1):
        assert await box.get() == []


def test_idle_means_open_with_nothing_waiting() -> None:
    box: Mailbox[str] = Mailbox()
    assert box.idle
    box.put("a")
    assert not box.idle
    assert box.take() == ["a"] and box.idle
    box.notify("n")
    assert not box.idle
    box.take()
    box.close()
    assert not box.idle and box.take() == []
