"""The store contract: every store behaves the same.

The suite runs once per hand of STORES: the embedded store, and the Redis
store against a real redis-server of its own. The last tests are about the
embedded store alone (tests/web/test_redis_faults.py has the Redis store's).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import msgspec
import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.errors import DomainError, Unavailable
from floor.domain.meeting import apply
from floor.domain.model import Meeting
from floor.store import embedded as embedded_store
from floor.store.base import Store
from floor.store.embedded import DataDirError, EmbeddedStore
from floor.store.redis import RedisStore
from tests.redis_server import RedisServer

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
SLUG = "iom-gcm-2017"
T0 = 1_492_452_000_000  # 17 April 2017, 2:00pm in New York
CHAIR = c.Actor(c.Role.CHAIR)
ADA = c.Actor(c.Role.PARTICIPANT, "pada")
BO = c.Actor(c.Role.PARTICIPANT, "pbo")


def reference(slug: str | None = None) -> Meeting:
    data = yaml.safe_load(AGENDA.read_text(encoding="utf-8"))
    return meeting_from_data(data, slug=slug)


@contextlib.asynccontextmanager
async def embedded(tmp_path: Path) -> AsyncIterator[Store]:
    store = EmbeddedStore(tmp_path / "data")
    try:
        yield store
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def redis(tmp_path: Path) -> AsyncIterator[Store]:
    server = RedisServer(tmp_path / "redis", unix=True).start()
    store = RedisStore(server.url)
    try:
        yield store
    finally:
        await store.close()
        server.stop()


# Each factory opens an empty store for one test and cleans it up afterwards.
StoreFactory = Callable[[Path], AbstractAsyncContextManager[Store]]
STORES = [pytest.param(embedded, id="embedded"), pytest.param(redis, id="redis")]


@pytest.fixture(params=STORES)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    factory: StoreFactory = request.param
    async with factory(tmp_path) as opened:
        yield opened


@pytest.fixture
async def meeting(store: Store) -> Meeting:
    created = reference()
    await store.create(created, "chair-key-1")
    return created


async def run_to_second_item(store: Store) -> Meeting:
    """Start, move to "Welcome" (queue open), Ada and Bo raise hands, Ada is called."""
    await store.apply(SLUG, c.StartMeeting(), CHAIR, T0)
    await store.apply(SLUG, c.NextItem(), CHAIR, T0 + 60_000)
    for i, actor in enumerate((ADA, BO)):
        at = T0 + 61_000 + 2_000 * i
        await store.apply(SLUG, c.Register(name=f"Person {i}"), actor, at)
        await store.apply(SLUG, c.RaiseHand(), actor, at + 1_000)
    return await store.apply(SLUG, c.CallNext(), CHAIR, T0 + 70_000)


# the contract ----------------------------------------------------------------


async def test_a_created_meeting_loads_back_equal(store: Store, meeting: Meeting) -> None:
    assert await store.load(SLUG) == meeting


async def test_an_unknown_slug_loads_as_none(store: Store, meeting: Meeting) -> None:
    assert await store.load("no-such-meeting") is None
    assert await store.chair_key("no-such-meeting") is None


async def test_the_chair_key_is_kept_with_the_meeting(store: Store, meeting: Meeting) -> None:
    assert await store.chair_key(SLUG) == "chair-key-1"


async def test_set_chair_key_replaces_the_old_key(store: Store, meeting: Meeting) -> None:
    await store.set_chair_key(SLUG, "chair-key-2")
    assert await store.chair_key(SLUG) == "chair-key-2"


async def test_set_chair_key_on_an_unknown_slug_is_refused(store: Store, meeting: Meeting) -> None:
    with pytest.raises(DomainError) as refused:
        await store.set_chair_key("no-such-meeting", "ghost-key")
    assert refused.value.code == "no_such_meeting"
    assert await store.chair_key("no-such-meeting") is None
    assert await store.slugs() == [SLUG]


async def test_team_keys_are_set_replaced_and_revoked_per_role(
    store: Store, meeting: Meeting
) -> None:
    assert await store.team_key(SLUG, "secretariat") is None
    await store.set_team_key(SLUG, "secretariat", "sec-1")
    await store.set_team_key(SLUG, "rapporteur", "rap-1")
    await store.set_team_key(SLUG, "secretariat", "sec-2")
    assert await store.team_key(SLUG, "secretariat") == "sec-2"
    assert await store.team_key(SLUG, "rapporteur") == "rap-1"
    await store.set_team_key(SLUG, "rapporteur", None)
    assert await store.team_key(SLUG, "rapporteur") is None
    assert await store.chair_key(SLUG) == "chair-key-1"  # the chair's own is untouched
    with pytest.raises(DomainError) as refused:
        await store.set_team_key("no-such-meeting", "secretariat", "ghost")
    assert refused.value.code == "no_such_meeting"


async def test_the_meetings_a_browser_made_are_listed_for_it_alone(store: Store) -> None:
    for slug in ("zeta", "alpha", "mu"):
        await store.create(reference(slug), f"key-{slug}")
    await store.add_owned("owner-a", "zeta")
    await store.add_owned("owner-a", "mu")
    await store.add_owned("owner-a", "zeta")  # twice is once
    await store.add_owned("owner-b", "alpha")
    assert await store.owned("owner-a") == ["zeta", "mu"]
    assert await store.owned("owner-b") == ["alpha"]
    assert await store.owned("owner-c") == []


async def test_slugs_lists_every_meeting_oldest_first(store: Store) -> None:
    for slug in ("zeta", "alpha", "mu"):
        await store.create(reference(slug), f"key-{slug}")
    assert await store.slugs() == ["zeta", "alpha", "mu"]


async def test_creating_a_taken_slug_is_refused_and_keeps_the_first(
    store: Store, meeting: Meeting
) -> None:
    impostor = msgspec.structs.replace(reference(), title="Someone else's meeting")
    with pytest.raises(DomainError) as refused:
        await store.create(impostor, "impostor-key")
    assert refused.value.code == "slug_taken"
    assert await store.load(SLUG) == meeting
    assert await store.chair_key(SLUG) == "chair-key-1"
    assert await store.slugs() == [SLUG]


async def test_apply_returns_the_next_version_and_load_sees_it(
    store: Store, meeting: Meeting
) -> None:
    started = await store.apply(SLUG, c.StartMeeting(), CHAIR, T0)
    assert started.version == meeting.version + 1
    assert started.item is not None and started.item.title == "Entrance and Registration"
    assert await store.load(SLUG) == started


async def test_a_refused_command_changes_nothing(store: Store, meeting: Meeting) -> None:
    await store.apply(SLUG, c.StartMeeting(), CHAIR, T0)
    before = await store.load(SLUG)
    log = await store.events(SLUG)
    with pytest.raises(DomainError) as refused:
        await store.apply(SLUG, c.NextItem(), ADA, T0 + 1)
    assert refused.value.code == "forbidden"
    assert await store.load(SLUG) == before
    assert before is not None and before.version == meeting.version + 1
    assert await store.events(SLUG) == log


async def test_a_command_the_rules_refuse_writes_no_event(store: Store, meeting: Meeting) -> None:
    with pytest.raises(DomainError) as refused:
        await store.apply(SLUG, c.NextItem(), CHAIR, T0)
    assert refused.value.code == "not_started"
    assert await store.load(SLUG) == meeting
    assert await store.events(SLUG) == []


async def test_events_are_the_log_in_order(store: Store, meeting: Meeting) -> None:
    await run_to_second_item(store)
    kinds = [event.kind for event in await store.events(SLUG)]
    assert kinds == [
        "meeting_started",
        "item_started",
        "item_started",
        "registered",
        "hand_raised",
        "registered",
        "hand_raised",
        "turn_started",
    ]
    at = [event.at for event in await store.events(SLUG)]
    assert at == sorted(at)


async def test_events_are_kept_per_meeting(store: Store, meeting: Meeting) -> None:
    await store.create(reference("other"), "other-key")
    await store.apply("other", c.ShowMessage(text="Hello"), CHAIR, T0)
    assert await store.events(SLUG) == []
    assert [e.kind for e in await store.events("other")] == ["message"]


async def test_watch_yields_a_new_state(store: Store, meeting: Meeting) -> None:
    async with store.watch(SLUG) as states:
        applied = await store.apply(SLUG, c.ShowMessage(text="Coffee at four"), CHAIR, T0)
        async with asyncio.timeout(5):
            seen = await anext(aiter(states))
    assert seen == applied
    assert seen.banner == "Coffee at four"


async def test_watch_skips_to_the_latest_state(store: Store, meeting: Meeting) -> None:
    async with store.watch(SLUG) as states:
        for i in range(20):
            latest = await store.apply(SLUG, c.ShowMessage(text=f"m{i}"), CHAIR, T0 + i)
        async with asyncio.timeout(5):
            seen = await anext(aiter(states))
    assert seen == latest
    assert seen.version == meeting.version + 20


async def test_watch_sees_only_its_own_meeting(store: Store, meeting: Meeting) -> None:
    await store.create(reference("other"), "other-key")
    async with store.watch(SLUG) as states:
        await store.apply("other", c.ShowMessage(text="elsewhere"), CHAIR, T0)
        mine = await store.apply(SLUG, c.ShowMessage(text="here"), CHAIR, T0 + 1)
        async with asyncio.timeout(5):
            seen = await anext(aiter(states))
    assert seen == mine


async def test_apply_on_an_unknown_slug_is_no_such_meeting(store: Store, meeting: Meeting) -> None:
    with pytest.raises(DomainError) as refused:
        await store.apply("no-such-meeting", c.StartMeeting(), CHAIR, T0)
    assert refused.value.code == "no_such_meeting"
    assert await store.slugs() == [SLUG]


# the embedded store alone ----------------------------------------------------


async def test_reopening_the_data_dir_keeps_team_keys_and_owners(tmp_path: Path) -> None:
    async with embedded(tmp_path) as store:
        await store.create(reference(), "chair-key-1")
        await store.set_team_key(SLUG, "timekeeper", "time-1")
        await store.add_owned("owner-a", SLUG)
    async with embedded(tmp_path) as store:
        assert await store.team_key(SLUG, "timekeeper") == "time-1"
        assert await store.owned("owner-a") == [SLUG]


async def test_reopening_the_data_dir_restores_every_meeting_exactly(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "data")
    await first.create(reference(), "chair-key-1")
    await first.create(reference("other"), "other-key")
    await first.set_chair_key("other", "other-key-2")
    running = await run_to_second_item(first)
    other = await first.apply("other", c.ShowMessage(text="Lunch"), CHAIR, T0)
    log = await first.events(SLUG)
    await first.close()

    again = EmbeddedStore(tmp_path / "data")
    try:
        assert await again.slugs() == [SLUG, "other"]
        assert await again.load(SLUG) == running
        assert await again.load("other") == other
        assert await again.chair_key(SLUG) == "chair-key-1"
        assert await again.chair_key("other") == "other-key-2"
        assert await again.events(SLUG) == log
    finally:
        await again.close()


async def test_reopening_keeps_the_running_speaker_timer(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "data")
    await first.create(reference(), "chair-key-1")
    running = await run_to_second_item(first)
    await first.close()
    assert running.floor is not None and running.floor.timer.started_at == T0 + 70_000

    again = EmbeddedStore(tmp_path / "data")
    try:
        restored = await again.load(SLUG)
        assert restored is not None and restored.floor is not None
        assert restored.floor.timer.started_at == T0 + 70_000
        assert restored.floor.timer.running
        # Commands carry on from the restored version.
        after = await again.apply(SLUG, c.FinishTurn(), CHAIR, T0 + 90_000)
        assert after.version == running.version + 1
        assert after.turns[-1].ended_at - after.turns[-1].started_at == 20_000
    finally:
        await again.close()


async def busy_meeting(store: Store, commands: int) -> Meeting:
    """Start, open "Welcome", then people register, raise and lower hands."""
    await store.apply(SLUG, c.StartMeeting(), CHAIR, T0)
    state = await store.apply(SLUG, c.NextItem(), CHAIR, T0 + 60_000)
    for i in range(commands - 2):
        actor = c.Actor(c.Role.PARTICIPANT, f"p{i // 3}")
        step = (c.Register(name=f"Person {i // 3}", region="Africa"), c.RaiseHand(),
                c.LowerHand())[i % 3]
        if i % 6 == 5:
            step = c.ShowMessage(text=f"Message {i}")
            actor = CHAIR
        with contextlib.suppress(DomainError):
            state = await store.apply(SLUG, step, actor, T0 + 61_000 + i)
    return state


def replayed(store: EmbeddedStore) -> int:
    """How many logged commands come after the snapshot (what opening replayed)."""
    (count,) = store._db.execute(
        "SELECT count(*) FROM log JOIN meetings USING (slug) WHERE log.version > meetings.version"
    ).fetchone()
    return int(count)


def killed(store: EmbeddedStore) -> None:
    """Let go of the data directory the way a killed process does: no last snapshot."""
    store._db.close()
    store._release()


LATEST = 40  # SNAPSHOT_AT_LATEST in these tests


@pytest.fixture
def snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots after 10 versions in a quiet moment of 0.1 s, at the latest after 40."""
    monkeypatch.setattr(embedded_store, "SNAPSHOT_AFTER", 10)
    monkeypatch.setattr(embedded_store, "SNAPSHOT_AT_LATEST", LATEST)
    monkeypatch.setattr(embedded_store, "QUIET", 0.1)


@pytest.mark.usefixtures("snapshots")
@pytest.mark.parametrize("commands", [3, LATEST - 1, LATEST, 2 * LATEST + 7])
async def test_a_killed_process_loses_no_command_whatever_the_snapshot(
    tmp_path: Path, commands: int
) -> None:
    first = EmbeddedStore(tmp_path / "data")
    await first.create(reference(), "chair-key-1")
    state = await busy_meeting(first, commands)  # never quiet: snapshots at the latest only
    log = await first.events(SLUG)
    killed(first)

    again = EmbeddedStore(tmp_path / "data")
    try:
        assert await again.load(SLUG) == state
        assert await again.events(SLUG) == log
        # The log since the snapshot is short, and commands carry on after it.
        assert replayed(again) == state.version % LATEST
        after = await again.apply(SLUG, c.ShowMessage(text="After"), CHAIR, T0 + 900_000)
        assert after.version == state.version + 1
    finally:
        await again.close()
    third = EmbeddedStore(tmp_path / "data")
    try:
        assert await third.load(SLUG) == after
        assert replayed(third) == 0  # closing wrote a snapshot
    finally:
        await third.close()


class Clock:
    """The store's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


async def test_a_quiet_moment_takes_the_snapshot_and_a_busy_one_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(embedded_store, "time", clock)
    monkeypatch.setattr(embedded_store, "SNAPSHOT_AFTER", 10)
    monkeypatch.setattr(embedded_store, "QUIET", 60.0)  # the loop's own timers stay out of it
    first = EmbeddedStore(tmp_path / "data")
    await first.create(reference(), "chair-key-1")
    await busy_meeting(first, 25)
    assert replayed(first) == 25 and SLUG in first._waiting
    clock.now = 50.0
    await first.apply(SLUG, c.ShowMessage(text="Still busy"), CHAIR, T0 + 800_000)
    clock.now = 100.0  # the timer set at 0 goes off: not quiet for 60 s yet
    first._waiting[SLUG].cancel()
    first._when_quiet(SLUG)
    assert replayed(first) == 26 and SLUG in first._waiting  # waiting 10 s more
    clock.now = 110.0
    first._waiting[SLUG].cancel()
    first._when_quiet(SLUG)
    assert replayed(first) == 0 and SLUG not in first._waiting
    state = await first.apply(SLUG, c.ShowMessage(text="After"), CHAIR, T0 + 900_000)
    killed(first)
    again = EmbeddedStore(tmp_path / "data")
    try:
        assert await again.load(SLUG) == state
        assert replayed(again) == 1
    finally:
        await again.close()


async def test_a_log_that_does_not_replay_is_a_clear_data_dir_error(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "data")
    await first.create(reference(), "chair-key-1")
    await busy_meeting(first, 10)
    first._db.execute("DELETE FROM log WHERE version = 2")  # a gap in the log
    killed(first)
    with pytest.raises(DataDirError) as refused:
        EmbeddedStore(tmp_path / "data")
    assert "Cannot read the meetings" in str(refused.value)
    assert "version" in str(refused.value)


async def test_a_data_dir_from_before_the_log_opens_with_its_events_first(
    tmp_path: Path,
) -> None:
    """Earlier versions wrote the whole state and an events table on every command."""
    data = tmp_path / "data"
    data.mkdir()
    earlier = reference()
    earlier, started = apply(earlier, c.StartMeeting(), CHAIR, T0)
    db = sqlite3.connect(data / "floor.sqlite3")
    db.executescript(
        "CREATE TABLE meetings (slug TEXT PRIMARY KEY, chair_key TEXT NOT NULL,"
        " version INTEGER NOT NULL, state BLOB NOT NULL);"
        "CREATE TABLE events (slug TEXT NOT NULL, version INTEGER NOT NULL, event BLOB NOT NULL);"
        "CREATE INDEX events_by_meeting ON events (slug, version);"
    )
    db.execute(
        "INSERT INTO meetings VALUES (?, ?, ?, ?)",
        (SLUG, "chair-key-1", earlier.version, msgspec.json.encode(earlier)),
    )
    db.executemany(
        "INSERT INTO events VALUES (?, ?, ?)",
        [(SLUG, earlier.version, msgspec.json.encode(e)) for e in started],
    )
    db.commit()
    db.close()

    store = EmbeddedStore(data)
    try:
        assert await store.load(SLUG) == earlier
        later = await store.apply(SLUG, c.NextItem(), CHAIR, T0 + 60_000)
        log = await store.events(SLUG)
        _, moved_on = apply(earlier, c.NextItem(), CHAIR, T0 + 60_000)
        assert moved_on and log == started + moved_on
    finally:
        await store.close()
    again = EmbeddedStore(data)
    try:
        assert await again.load(SLUG) == later
        assert await again.events(SLUG) == log
    finally:
        await again.close()


def test_a_data_dir_that_cannot_be_created_raises_data_dir_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    data_dir = blocker / "data"
    with pytest.raises(DataDirError) as failed:
        EmbeddedStore(data_dir)
    message = str(failed.value)
    assert "Cannot use the data directory" in message
    assert str(data_dir) in message


async def test_a_failed_write_changes_nothing_and_says_unavailable(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "data")
    try:
        created = reference()
        await store.create(created, "chair-key-1")
        store._db.execute("PRAGMA query_only = ON")  # the database now refuses writes
        with pytest.raises(Unavailable) as refused:
            await store.apply(SLUG, c.StartMeeting(), CHAIR, T0)
        assert refused.value.code == "unavailable"
        assert await store.load(SLUG) == created
    finally:
        await store.close()


async def test_a_failed_create_is_refused_as_unavailable(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "data")
    try:
        store._db.execute("PRAGMA query_only = ON")  # the database now refuses writes
        with pytest.raises(Unavailable) as refused:
            await store.create(reference(), "chair-key-1")
        assert refused.value.code == "unavailable"
        assert await store.slugs() == []
    finally:
        await store.close()


async def test_a_second_store_on_the_same_data_dir_is_refused_and_points_to_redis(
    tmp_path: Path,
) -> None:
    first = EmbeddedStore(tmp_path / "data")
    try:
        with pytest.raises(DataDirError) as refused:
            EmbeddedStore(tmp_path / "data")
        assert "in use by another Floor process" in str(refused.value)
        assert "FLOOR_REDIS_URL" in str(refused.value)
    finally:
        await first.close()
    again = EmbeddedStore(tmp_path / "data")  # closing let go of the directory
    await again.close()
