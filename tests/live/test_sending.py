"""A send run by hand up to its first suspension (floor.live.sending), every branch."""

from __future__ import annotations

import asyncio

import pytest

from floor.live.sending import Begun, begin


async def test_a_send_that_completes_at_once_is_done_in_the_callers_step() -> None:
    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    assert begin(send("hello")) is Begun.DONE
    assert sent == ["hello"]


async def test_a_send_that_is_not_a_coroutine_is_handed_on_as_it_is() -> None:
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    begun = begin(future)
    assert begun is future
    future.set_result(None)
    await begun  # type: ignore[misc]


async def test_a_first_step_that_raises_is_a_failed_send_and_nothing_to_await() -> None:
    async def send(text: str) -> None:
        raise ConnectionResetError("the page is gone")

    assert begin(send("hello")) is Begun.FAILED


async def test_a_send_that_waits_is_finished_by_whoever_awaits_the_rest() -> None:
    room = asyncio.Event()
    sent: list[str] = []

    async def send(text: str) -> None:
        await room.wait()
        sent.append(text)

    begun = begin(send("hello"))
    assert not isinstance(begun, Begun)
    task = asyncio.ensure_future(begun)
    await asyncio.sleep(0)
    assert sent == [] and not task.done()
    room.set()
    await task
    assert sent == ["hello"]


async def test_a_cancel_while_a_send_is_in_flight_reaches_the_send() -> None:
    cleaned_up = asyncio.Event()

    async def send(text: str) -> None:
        try:
            await asyncio.Event().wait()  # a socket that never drains
        finally:
            cleaned_up.set()

    begun = begin(send("hello"))
    assert not isinstance(begun, Begun)
    task = asyncio.ensure_future(begun)
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cleaned_up.is_set()


async def test_a_send_that_fails_after_waiting_raises_to_the_task() -> None:
    room = asyncio.Event()

    async def send(text: str) -> None:
        await room.wait()
        raise ConnectionResetError("gone while waiting")

    begun = begin(send("hello"))
    assert not isinstance(begun, Begun)
    task = asyncio.ensure_future(begun)
    await asyncio.sleep(0)
    room.set()
    with pytest.raises(ConnectionResetError):
        await task
