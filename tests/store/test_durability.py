"""The embedded store on disk: synced commits, a WAL that stays small whatever the load."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from floor.domain.agenda import meeting_from_data
from floor.store import embedded
from floor.store.embedded import EmbeddedStore


def _meeting(n: int) -> object:
    return meeting_from_data({
        "slug": f"call-{n}", "title": f"Call {n}",
        "items": [{"title": "Welcome", "start": "2pm", "duration": 5}],
    })


async def test_commits_are_synced_to_disk_before_they_return(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    try:
        [(level,)] = store._db.execute("PRAGMA synchronous").fetchall()
        assert level == 2  # FULL; NORMAL (1) may lose the last commits on a power loss
    finally:
        await store.close()


async def test_a_flood_of_creations_keeps_the_wal_checkpointed(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    wal = tmp_path / "floor.sqlite3-wal"
    try:
        largest = 0
        for n in range(3 * embedded.CHECKPOINT_EVERY):
            await store.create(_meeting(n), f"key-{n}")  # type: ignore[arg-type]
            await asyncio.sleep(0)  # the request is answered; the loop runs what was due
            largest = max(largest, wal.stat().st_size)
    finally:
        await store.close()
    # Without checkpoints the WAL held every page ever written: 1,500 creations
    # made it 15.7 MB. With them it is reused after each checkpoint.
    assert largest < 6 * 1024 * 1024, largest
    with sqlite3.connect(tmp_path / "floor.sqlite3") as db:
        [(count,)] = db.execute("SELECT count(*) FROM meetings").fetchall()
    assert count == 3 * embedded.CHECKPOINT_EVERY


async def _started(tmp_path: Path) -> tuple[EmbeddedStore, str]:
    from floor.domain.commands import Actor, Register, Role, SetListOpen, StartMeeting

    store = EmbeddedStore(tmp_path)
    meeting = _meeting(0)
    await store.create(meeting, "key")  # type: ignore[arg-type]
    slug = "call-0"
    await store.apply(slug, StartMeeting(), Actor(Role.CHAIR), 1)
    await store.apply(slug, SetListOpen(open=True), Actor(Role.CHAIR), 2)
    for n in range(50):
        await store.apply(slug, Register(name=f"P{n}"), Actor(Role.PARTICIPANT, f"p{n}"), 3)
    return store, slug


async def test_hands_raised_together_share_one_commit_and_all_survive(tmp_path: Path) -> None:
    from floor.domain.commands import Actor, RaiseHand, Role

    store, slug = await _started(tmp_path)
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    hands = [store.apply(slug, RaiseHand(), Actor(Role.PARTICIPANT, f"p{n}"), 10)
             for n in range(50)]
    results = await asyncio.gather(*hands)
    store._db.set_trace_callback(None)
    assert statements.count("COMMIT") == 1  # one wait for the disk ...
    assert sum("INSERT INTO log" in s for s in statements) == 50  # ... for 50 logged commands
    assert len({r.version for r in results}) == 50
    await store.close()
    again = EmbeddedStore(tmp_path)
    try:
        reloaded = await again.load(slug)
        assert reloaded is not None and len(reloaded.items[0].speakers) == 50
    finally:
        await again.close()


async def test_a_turn_that_cannot_be_written_is_refused_whole(tmp_path: Path) -> None:
    from floor.domain.commands import Actor, RaiseHand, Role
    from floor.domain.errors import Unavailable

    store, slug = await _started(tmp_path)
    try:
        state = await store.load(slug)
        store._db.execute("PRAGMA query_only = ON")  # the disk refuses writes
        hands = [store.apply(slug, RaiseHand(), Actor(Role.PARTICIPANT, f"p{n}"), 10)
                 for n in range(5)]
        results = await asyncio.gather(*hands, return_exceptions=True)
        assert all(isinstance(r, Unavailable) for r in results)
        assert await store.load(slug) == state  # nothing acknowledged, nothing kept
        store._db.execute("PRAGMA query_only = OFF")
        await store.apply(slug, RaiseHand(), Actor(Role.PARTICIPANT, "p1"), 11)
    finally:
        await store.close()
