"""Rooms nobody watches are freed: dropped a grace period after their last page left, and
made again from the store, with the full current state, when a page comes back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.commands import Role
from floor.live.hub import Hub
from floor.live.render import Renderer
from floor.store.embedded import EmbeddedStore
from tests.live.test_hub import SLUG, Page, until

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
T0 = 1_492_452_000_000
CHAIR = c.Actor(c.Role.CHAIR)
GRACE = 0.1  # seconds (a minute when serving)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "data")
    await store.create(meeting_from_data(yaml.safe_load(AGENDA.read_text(encoding="utf-8"))), "k")
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def hub(store: EmbeddedStore) -> AsyncIterator[Hub]:
    hub = Hub(store, Renderer(), idle_after=GRACE)
    try:
        yield hub
    finally:
        await hub.close()


async def test_a_room_left_by_its_last_page_is_dropped_and_made_again_on_demand(
    hub: Hub, store: EmbeddedStore
) -> None:
    room = await hub.room(SLUG)
    assert room is not None
    chair, phone = Page(Role.CHAIR), Page(Role.PARTICIPANT)
    room.add(chair.conn)
    room.add(phone.conn)
    await until(lambda: bool(chair.messages and phone.messages))
    assert SLUG in hub.renderer._last  # the chair's kept regions
    room.discard(phone.conn)
    await asyncio.sleep(GRACE * 3)
    assert hub.rooms.get(SLUG) is room, "one page is still there"
    room.discard(chair.conn)
    # Meanwhile, with nobody watching here, the meeting moves on.
    await store.apply(SLUG, c.StartMeeting(), CHAIR, T0)
    await store.apply(SLUG, c.ShowMessage(text="Back at four"), CHAIR, T0 + 1)
    await until(lambda: SLUG not in hub.rooms, timeout=2)
    assert hub.dropped == 1
    assert SLUG not in hub.renderer._last  # its renders went with it
    await until(lambda: room._task is not None and room._task.done(), timeout=2)

    again = await hub.room(SLUG)
    assert again is not None and again is not room
    page = Page(Role.SCREEN)
    again.add(page.conn)
    await until(lambda: bool(page.messages))
    assert "Back at four" in page.last
    assert "Entrance and Registration" in page.last
    # And it hears what happens next.
    await store.apply(SLUG, c.ShowMessage(text="Lunch"), CHAIR, T0 + 2)
    await until(lambda: "Lunch" in page.last)


async def test_a_page_back_within_the_grace_period_keeps_the_room(hub: Hub) -> None:
    room = await hub.room(SLUG)
    assert room is not None
    first = Page(Role.SCREEN)
    room.add(first.conn)
    room.discard(first.conn)
    await asyncio.sleep(GRACE / 2)
    assert await hub.room(SLUG) is room  # a reload: the page is on its way in
    second = Page(Role.SCREEN)
    room.add(second.conn)
    await asyncio.sleep(GRACE * 3)
    assert hub.rooms.get(SLUG) is room
    assert hub.dropped == 0


async def test_a_room_nobody_connects_to_is_dropped_too(hub: Hub) -> None:
    """A page view that never opened its socket (or a refused handshake) asked for it."""
    assert await hub.room(SLUG) is not None
    await until(lambda: SLUG not in hub.rooms, timeout=2)


async def test_without_a_grace_period_rooms_stay(store: EmbeddedStore) -> None:
    hub = Hub(store, Renderer(), idle_after=None)
    try:
        room = await hub.room(SLUG)
        assert room is not None
        page = Page(Role.SCREEN)
        room.add(page.conn)
        room.discard(page.conn)
        await asyncio.sleep(0.2)
        assert hub.rooms.get(SLUG) is room
    finally:
        await hub.close()
