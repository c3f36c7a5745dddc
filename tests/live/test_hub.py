"""The room's fan-out: one render per role and version, slow pages never hold up others."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.commands import Role
from floor.live.hub import HEALTH_ROWS, Connection, Hub, Room
from floor.live.render import Renderer
from floor.store.embedded import EmbeddedStore

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
SLUG = "iom-gcm-2017"
T0 = 1_492_452_000_000
CHAIR = c.Actor(c.Role.CHAIR)


class Page:
    """A fake open page: what its connection has sent it so far."""

    def __init__(self, role: Role) -> None:
        self.messages: list[str] = []
        self.conn = Connection(role, self.send)

    async def send(self, message: str) -> None:
        self.messages.append(message)

    @property
    def last(self) -> str:
        return self.messages[-1] if self.messages else ""


def shows(html: str, text: str) -> bool:
    """`text` appears in `html` as a whole (not "Message 1" inside "Message 12")."""
    return re.search(re.escape(text) + r"\b", html) is not None


class StuckPage(Page):
    """A page whose first send never completes until `release` is set."""

    def __init__(self, role: Role) -> None:
        self.release = asyncio.Event()
        super().__init__(role)

    async def send(self, message: str) -> None:
        await self.release.wait()
        self.messages.append(message)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "data")
    data = yaml.safe_load(AGENDA.read_text(encoding="utf-8"))
    await store.create(meeting_from_data(data), "key")
    try:
        yield store
    finally:
        await store.close()


class Rooms:
    """Starts rooms and joins pages, and stops the rooms after the test."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.rooms: list[Room] = []

    async def open(self) -> Room:
        meeting = await self.store.load(SLUG)
        assert meeting is not None
        room = Room(SLUG, self.store, Renderer())
        room.start(meeting)
        await room.wait_ready()
        self.rooms.append(room)
        return room

    def join(self, room: Room, page: Page) -> Page:
        room.add(page.conn)
        return page

    def join_many(self, room: Room, per_role: int) -> dict[Role, list[Page]]:
        return {role: [self.join(room, Page(role)) for _ in range(per_role)] for role in Role}

    async def close(self) -> None:
        for room in self.rooms:
            await room.stop()


@pytest.fixture
async def rooms(store: EmbeddedStore) -> AsyncIterator[Rooms]:
    opened = Rooms(store)
    try:
        yield opened
    finally:
        await opened.close()


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)


def everyone(pages: dict[Role, list[Page]]) -> list[Page]:
    return [page for group in pages.values() for page in group]


async def test_joining_pages_share_one_render_per_role(rooms: Rooms) -> None:
    room = await rooms.open()
    pages = rooms.join_many(room, per_role=25)
    await until(lambda: all(page.messages for page in everyone(pages)))
    assert room.renders == len(Role)
    for group in pages.values():
        assert len({page.last for page in group}) == 1


async def test_one_change_is_rendered_once_per_role_not_per_page(
    rooms: Rooms, store: EmbeddedStore
) -> None:
    room = await rooms.open()
    pages = rooms.join_many(room, per_role=25)
    await until(lambda: all(page.messages for page in everyone(pages)))
    before = room.renders

    await store.apply(SLUG, c.StartMeeting(), CHAIR, T0)
    # (the screens and phones list the agenda before the start: wait for the live item)
    await until(lambda: all(len(p.messages) == 2 for p in everyone(pages)))
    assert all("Entrance and Registration" in p.last for p in everyone(pages))

    assert room.renders - before == len(Role)
    assert all(len(page.messages) == 2 for page in everyone(pages))


async def test_a_burst_of_200_hands_renders_far_less_than_200_times(
    rooms: Rooms, store: EmbeddedStore
) -> None:
    people = [c.Actor(Role.PARTICIPANT, f"p{i}") for i in range(200)]
    for i, person in enumerate(people):
        await store.apply(SLUG, c.Register(name=f"Person {i}"), person, T0 + i)
    await store.apply(SLUG, c.StartMeeting(), CHAIR, T0 + 1_000)
    await store.apply(SLUG, c.NextItem(), CHAIR, T0 + 2_000)  # "Welcome": the list is open
    room = await rooms.open()
    pages = rooms.join_many(room, per_role=10)
    await until(lambda: all(page.messages for page in everyone(pages)))
    before = room.renders

    # Each hand comes from its own page, as in a room: concurrently. (The embedded
    # store writes the commands of one turn of the event loop together.)
    await asyncio.gather(*(
        store.apply(SLUG, c.RaiseHand(), person, T0 + 3_000 + i)
        for i, person in enumerate(people)
    ))

    def order(html: str) -> list[str]:
        match = re.search(r'data-order="([^"]*)"', html)
        return match[1].split() if match else []

    def shows_all_hands() -> bool:
        # The chair gets the first 40 with their controls and the rest by name; each
        # participant page gets everyone's place in order (and lists the first names).
        return (
            all(p.last.count('class="hand ') == 40 for p in pages[Role.CHAIR])
            and all("and 160 more waiting" in p.last for p in pages[Role.CHAIR])
            and all(len(order(p.last)) == 200 for p in pages[Role.PARTICIPANT])
            and all("and 197 more" in p.last for p in pages[Role.SCREEN])
        )

    await until(shows_all_hands)
    assert room.renders - before < 200 // 10
    assert order(pages[Role.PARTICIPANT][0].last) == [f"p{i}" for i in range(200)]
    assert "Person 199" in pages[Role.CHAIR][0].last


async def test_a_stuck_page_does_not_delay_the_others(rooms: Rooms, store: EmbeddedStore) -> None:
    room = await rooms.open()
    stuck = rooms.join(room, StuckPage(Role.SCREEN))
    others = [rooms.join(room, Page(role)) for role in Role for _ in range(3)]

    for i in range(30):
        await store.apply(SLUG, c.ShowMessage(text=f"Message {i}"), CHAIR, T0 + i)
        # The chair's banner carries a "Clear" button after the text: match the text alone.
        await until(lambda i=i: all(shows(p.last, f"Message {i}") for p in others), timeout=2)

    assert stuck.messages == []
    assert all(len(page.messages) == 31 for page in others)


async def test_a_stuck_page_is_left_with_only_the_newest_state(
    rooms: Rooms, store: EmbeddedStore
) -> None:
    room = await rooms.open()
    stuck = rooms.join(room, StuckPage(Role.SCREEN))
    fast = rooms.join(room, Page(Role.SCREEN))
    await until(lambda: bool(fast.messages))

    for i in range(30):
        await store.apply(SLUG, c.ShowMessage(text=f"Message {i}"), CHAIR, T0 + i)
        await until(lambda i=i: shows(fast.last, f"Message {i}"), timeout=2)

    # It is still blocked on the first state; the rest collapsed into one.
    stuck.release.set()
    await until(lambda: len(stuck.messages) >= 2)
    await asyncio.sleep(0.05)
    assert len(stuck.messages) == 2
    assert "Message" not in stuck.messages[0]
    assert stuck.messages[1] == fast.last
    assert shows(stuck.messages[1], "Message 29")


async def test_the_hub_serves_one_room_per_meeting(store: EmbeddedStore) -> None:
    hub = Hub(store, Renderer())
    try:
        first = await hub.room(SLUG)
        assert first is not None
        assert await hub.room(SLUG) is first
        assert await hub.room("no-such-meeting") is None
    finally:
        await hub.close()


async def test_the_health_table_lists_every_screen_and_stale_page_and_counts_the_rest(
    rooms: Rooms,
) -> None:
    room = await rooms.open()
    rooms.join(room, Page(Role.SCREEN))
    fine = [rooms.join(room, Page(Role.PARTICIPANT)) for _ in range(HEALTH_ROWS + 10)]
    silent = rooms.join(room, Page(Role.PARTICIPANT))
    silent.conn.health.opened -= 3600  # an hour without a report
    html = room.health_report()
    assert html.count("<tr class=") == 1 + HEALTH_ROWS + 1
    assert "Room screen 1" in html
    assert html.count('class="stale"') == 1
    assert f"and {len(fine) - HEALTH_ROWS} more participant pages, all responding" in html
    assert ">1 page not responding<" in html
    assert "more participant pages not responding" not in html


async def test_the_health_table_names_a_bounded_number_of_stale_pages_and_counts_them_all(
    rooms: Rooms,
) -> None:
    """Phones asleep stop their pages reporting: hundreds of them must not fill the table."""
    room = await rooms.open()
    rooms.join(room, Page(Role.PARTICIPANT))
    asleep = [rooms.join(room, Page(Role.PARTICIPANT)) for _ in range(HEALTH_ROWS + 25)]
    for page in asleep:
        page.conn.health.opened -= 3600
    html = room.health_report()
    assert html.count('class="stale"') == HEALTH_ROWS
    assert html.count("<tr class=") == HEALTH_ROWS + 1
    assert "and 25 more participant pages not responding" in html
    assert f">{HEALTH_ROWS + 25} pages not responding<" in html


async def test_a_fan_out_asks_for_a_collection_once_its_frames_are_sent(
    rooms: Rooms, store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from floor.live import hub

    room = await rooms.open()
    pages = [rooms.join(room, Page(Role.PARTICIPANT)) for _ in range(3)]
    asked: list[int] = []  # how many pages had the message when the collection was asked for

    class Spy:
        def soon(self) -> None:
            asked.append(sum(shows(page.last, "Quiet now") for page in pages))

    monkeypatch.setattr(hub, "COLLECTOR", Spy())
    await store.apply(SLUG, c.ShowMessage(text="Quiet now"), CHAIR, T0)
    await until(lambda: bool(asked))
    assert asked == [3]
