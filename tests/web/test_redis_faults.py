"""Redis killed and restarted under a running meeting; writers racing each other.

First the Redis store alone, then two `floor serve` processes with pages
open on both while redis-server is killed (SIGKILL) and started again on its
append-only file.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import yaml

from floor.access import participant_id
from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.errors import DomainError, Unavailable
from floor.domain.model import Meeting
from floor.store import redis_scripts, redis_watch
from floor.store.redis import RedisStore
from tests.redis_server import RedisServer
from tests.servers import SLUG, FloorServer
from tests.web.many_pages import (
    Pages,
    answers,
    command,
    region,
    start_on_welcome,
)
from tests.wsclient import Client

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
T0 = 1_492_452_000_000
CHAIR = c.Actor(c.Role.CHAIR)


def person(n: int) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, f"p{n}")


@pytest.fixture
def redis_server(aof_redis: RedisServer) -> RedisServer:
    """Every Redis here keeps its append-only file (the two-process fixtures too)."""
    return aof_redis


@pytest.fixture
async def store(redis_server: RedisServer) -> AsyncIterator[RedisStore]:
    opened = RedisStore(redis_server.url)
    data = yaml.safe_load(AGENDA.read_text(encoding="utf-8"))
    await opened.create(meeting_from_data(data), "chair-key")
    await opened.apply(SLUG, c.StartMeeting(), CHAIR, T0)
    await opened.apply(SLUG, c.NextItem(), CHAIR, T0 + 1)  # "Welcome": the list is open
    try:
        yield opened
    finally:
        await opened.close()


async def raise_hand(store: RedisStore, n: int) -> Meeting:
    await store.apply(SLUG, c.Register(name=f"Person {n}"), person(n), T0 + 10 * n)
    return await store.apply(SLUG, c.RaiseHand(), person(n), T0 + 10 * n + 1)


def waiting(meeting: Meeting) -> list[str]:
    item = meeting.items[meeting.current or 0]
    return [hand.participant_id for hand in item.speakers]


# the store -------------------------------------------------------------------


async def test_two_stores_writing_at_once_lose_nothing(
    store: RedisStore, redis_server: RedisServer
) -> None:
    other = RedisStore(redis_server.url)  # as if in another process
    try:
        await other.load(SLUG)  # both start from the same state: the second write conflicts
        await asyncio.gather(*(raise_hand((store, other)[n % 2], n) for n in range(200)))
        final = await other.load(SLUG)
    finally:
        await other.close()
    assert final is not None
    assert sorted(waiting(final)) == sorted(f"p{n}" for n in range(200))
    assert store.conflicts + other.conflicts > 0, "the stores never raced; a weak test"
    assert [e.kind for e in await store.events(SLUG)].count("hand_raised") == 200


async def test_a_burst_on_one_process_shares_writes_and_answers_each_command(
    store: RedisStore, redis_server: RedisServer
) -> None:
    for n in range(100):
        await store.apply(SLUG, c.Register(name=f"Person {n}"), person(n), T0 + n)
    client = redis_server.client()
    client.config_resetstat()

    stranger = c.Actor(c.Role.PARTICIPANT, "p-unregistered")
    outcomes = await asyncio.gather(
        *(store.apply(SLUG, c.RaiseHand(), person(n), T0 + 1000 + n) for n in range(100)),
        store.apply(SLUG, c.RaiseHand(), stranger, T0 + 2000),
        return_exceptions=True,
    )

    *raised, refused = outcomes
    assert isinstance(refused, DomainError) and refused.code == "not_registered"
    for n, state in enumerate(raised):
        assert isinstance(state, Meeting), state
        assert f"p{n}" in waiting(state)  # each caller gets the state its own command made
    versions = sorted(state.version for state in raised if isinstance(state, Meeting))
    assert versions == list(range(versions[0], versions[0] + 100))
    writes = client.info("commandstats")["cmdstat_evalsha"]["calls"]
    assert writes < 20, f"{writes} writes for 100 hands"


async def test_a_command_while_redis_is_down_is_refused_and_changes_nothing(
    store: RedisStore, redis_server: RedisServer
) -> None:
    before = await raise_hand(store, 1)
    log = await store.events(SLUG)
    redis_server.kill()

    started = time.monotonic()
    with pytest.raises(Unavailable) as refused:
        await store.apply(SLUG, c.CallNext(), CHAIR, T0 + 100)
    assert refused.value.code == "unavailable"
    assert refused.value.message == Unavailable.message == (
        "Floor is temporarily unavailable; please try again."
    )
    assert time.monotonic() - started < 2, "a refusal should not keep the chair waiting"
    with pytest.raises(Unavailable):
        await store.set_chair_key(SLUG, "new-key")

    redis_server.start()
    assert await store.load(SLUG) == before
    assert await store.events(SLUG) == log
    assert await store.chair_key(SLUG) == "chair-key"
    called = await store.apply(SLUG, c.CallNext(), CHAIR, T0 + 200)
    assert called.floor is not None and called.floor.hand.participant_id == "p1"


async def test_pages_keep_the_last_state_while_redis_is_down(
    store: RedisStore, redis_server: RedisServer
) -> None:
    seen = await raise_hand(store, 1)
    redis_server.kill()
    assert await store.load(SLUG) == seen
    with pytest.raises(Unavailable) as refused:
        await store.load("never-seen-here")
    assert refused.value.code == "unavailable"


async def test_a_watch_catches_up_on_what_changed_while_it_was_away(
    store: RedisStore, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The watcher waits a good while before reconnecting: long enough for a
    # change to land while it is not subscribed, which only catching up brings.
    monkeypatch.setattr(redis_watch, "BACKOFF_FIRST", 2.0)
    other = RedisStore(redis_server.url)
    try:
        async with store.watch(SLUG) as states:
            redis_server.kill()
            redis_server.start()
            assert redis_server.client().pubsub_numsub(redis_scripts.channel(SLUG)) == [
                (redis_scripts.channel(SLUG).encode(), 0)
            ]
            changed = await other.apply(SLUG, c.ShowMessage(text="While you were away"), CHAIR, T0)
            async with asyncio.timeout(10):
                seen = await anext(aiter(states))
    finally:
        await other.close()
    assert seen == changed
    assert store.reconnects == 1


def test_a_retried_write_whose_reply_was_lost_is_applied_once(
    redis_server: RedisServer,
) -> None:
    client = redis_server.client()
    client.hset(redis_scripts.meeting_key("m"), mapping={"version": 1, "state": "{}"})
    cas = client.register_script(redis_scripts.COMPARE_AND_SET)
    keys = [redis_scripts.meeting_key("m"), redis_scripts.log_key("m"), redis_scripts.op_key("x")]
    args = [1, 2, '{"v":2}', redis_scripts.channel("m"), 1, 2, T0, "{}", "{}", "[]"]

    assert cas(keys=keys, args=args) == [redis_scripts.APPLIED]
    assert cas(keys=keys, args=args) == [redis_scripts.APPLIED_BEFORE]  # the same call again
    assert client.xlen(redis_scripts.log_key("m")) == 1
    assert client.hget(redis_scripts.meeting_key("m"), "version") == b"2"


# two processes -----------------------------------------------------------------


async def until_applied(client: Client, deadline: float = 15, **fields: object) -> None:
    """Send a command again and again until it is applied (Redis is coming back)."""
    async with asyncio.timeout(deadline):
        while (answer := await command(client, **fields)) is not None:
            assert answer == "unavailable", answer
            await asyncio.sleep(0.1)


async def test_both_processes_recover_from_a_redis_crash_and_lose_nothing_acknowledged(
    processes: tuple[FloorServer, FloorServer], pages: Pages, redis_server: RedisServer
) -> None:
    a, b = processes
    chair = await pages.chair(a)
    screen_a = await pages.follow(await pages.screen(a))
    screen_b = await pages.follow(await pages.screen(b))
    await start_on_welcome(chair)
    people = [await pages.connect((a, b)[n % 2], token=f"token-{n}") for n in range(6)]

    # Before the crash: six hands through both processes, the first one called.
    for n, page in enumerate(people):
        await page.send(type="register", name=f"Person {n}")
        await page.send(type="raise_hand")
        assert await answers(page, 2) == [None, None]
    assert await command(chair, type="call_next") is None
    await screen_b.wait_for(r'id="stage".*Person 0')

    redis_server.kill()

    # While Redis is away: refused, clearly, on both processes; pages stay open.
    for page, fields in ((chair, {"type": "next_item"}), (people[1], {"type": "lower_hand"})):
        page.received.clear()
        await page.send(**fields)
        refused = await page.wait_for(r'data-code="unavailable"')
        assert "Floor is temporarily unavailable; please try again." in refused

    redis_server.start()

    # Both processes recover: a command through each is applied, and every
    # page, on either process, catches up with both.
    await until_applied(people[3], type="lower_hand")  # on B
    await until_applied(chair, type="show_message", text="We are back")  # on A
    for screen in (screen_a, screen_b):
        shown = await screen.wait_for(r"We are back")
        assert "Person 3" not in region(shown, "upnext")
        assert "Person 1" in region(shown, "upnext")
    for server in (a, b):
        health = httpx.get(f"{server.base}/healthz")
        assert health.status_code == 200 and health.json()["ok"] is True

    # Every acknowledged command is still there, and nothing refused crept in.
    store = RedisStore(redis_server.url)
    try:
        meeting = await store.load(SLUG)
        kinds = [event.kind for event in await store.events(SLUG)]
    finally:
        await store.close()
    assert meeting is not None
    ids = {n: participant_id(SLUG, f"token-{n}") for n in range(6)}
    assert all(ids[n] in meeting.participants for n in range(6))
    assert meeting.floor is not None and meeting.floor.hand.participant_id == ids[0]
    assert waiting(meeting) == [ids[1], ids[2], ids[4], ids[5]]
    assert meeting.items[meeting.current or 0].title == "Welcome"  # next_item was refused
    assert meeting.banner == "We are back"
    assert kinds.count("hand_raised") == 6
    assert kinds.count("hand_lowered") == 1
