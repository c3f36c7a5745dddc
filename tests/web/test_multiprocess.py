"""Several `floor serve` processes on one real redis-server serve one meeting.

No sticky sessions: a page may talk to either process, and what one process
accepts every page on the other shows.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from floor.access import participant_id
from floor.domain.model import Policy
from floor.domain.ordering import context_for, order
from floor.store.redis import RedisStore
from tests.forms import post_form
from tests.redis_server import RedisServer
from tests.servers import SLUG, FloorServer, free_port
from tests.web.many_pages import (
    Pages,
    answers,
    command,
    healthy,
    region,
    start_on_welcome,
)
from tests.wsclient import Client

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
HANDS = 500
IN_FLIGHT = 50  # participants connected and sending at any moment


def test_both_processes_serve_one_meeting_with_one_chair_link(
    processes: tuple[FloorServer, FloorServer],
) -> None:
    a, b = processes
    assert a.chair_key == b.chair_key
    assert sum(line.lstrip().startswith("chair:") for line in a.output) == 1


async def test_a_hand_raised_through_one_process_appears_on_a_screen_of_the_other(
    processes: tuple[FloorServer, FloorServer], pages: Pages
) -> None:
    a, b = processes
    screen_b = await pages.screen(b)
    await screen_b.wait_for(r'id="stage"')
    await start_on_welcome(await pages.chair(a))
    await screen_b.wait_for(r'id="stage"[^>]*>\s*<h1 class="stage-item">Welcome</h1>')

    ada = await pages.connect(a, token="ada-token")
    assert await command(ada, type="register", name="Ada Lovelace") is None
    assert await command(ada, type="raise_hand") is None

    shown = await screen_b.wait_for(r'id="upnext".*Ada Lovelace')
    assert "Ada Lovelace" in region(shown, "upnext")


async def test_a_chair_link_replaced_on_one_process_stops_working_on_the_other(
    processes: tuple[FloorServer, FloorServer], pages: Pages
) -> None:
    a, b = processes
    chair_b = await pages.chair(b)
    silent_b = await pages.chair(b)  # opened with the same key, and never sends anything
    await silent_b.wait_for(r'id="status"')
    # Process B has checked (and keeps) the key for this chair's commands.
    assert await command(chair_b, type="show_message", text="Before") is None
    async with httpx.AsyncClient() as http:
        # The form comes from B and goes to A: a token is good on every process.
        response = await post_form(
            http, f"{b.base}/m/{SLUG}/chair?key={a.chair_key}",
            f"{a.base}/m/{SLUG}/chair/rotate", {"key": a.chair_key},
        )
    assert response.status_code == 303
    # B hears of the new key from Redis and closes both its old-key chair pages itself,
    # the one that had sent commands and the silent one, telling each why.
    for page in (chair_b, silent_b):
        await page.wait_for(r'data-code="link_replaced"')
        with pytest.raises(ConnectionClosed):
            async with asyncio.timeout(5):
                while True:
                    await page.ws.recv()
    new_key = response.headers["location"].split("key=", 1)[1]
    chair_b_again = await pages.connect(b, f"?key={new_key}")
    assert await command(chair_b_again, type="show_message", text="Again") is None


async def test_a_chair_on_each_process_and_pages_moving_between_them(
    processes: tuple[FloorServer, FloorServer], pages: Pages
) -> None:
    a, b = processes
    await start_on_welcome(await pages.chair(a))
    chair_b = await pages.chair(b)
    bo_on_b = await pages.connect(b, token="bo-token")
    assert await command(bo_on_b, type="register", name="Bo Svensson") is None
    assert await command(bo_on_b, type="raise_hand") is None

    assert await command(chair_b, type="call_next") is None

    # Bo's page reconnects, to the other process this time: it is the same meeting.
    await bo_on_b.close()
    bo_on_a = await pages.connect(a, token="bo-token")
    assert await command(bo_on_a, type="raise_hand") == "has_floor"
    first = await (await pages.screen(a)).wait_for(r'id="stage"')
    assert '<bdi class="name">Bo Svensson</bdi>' in region(first, "stage")


async def participant(pages: Pages, server: FloorServer, number: int, regions: list[str]) -> None:
    """Register and raise a hand, as fast as a page can send; both must be applied."""
    client = await pages.connect(server, token=f"token-{number}")
    try:
        region_name = regions[number % len(regions)]
        attendance = "room" if number % 3 else "remote"
        await client.send(
            type="register", name=f"Person {number:03d}", region=region_name, attendance=attendance
        )
        await client.send(type="raise_hand")
        assert await answers(client, 2) == [None, None], f"person {number} was refused"
    finally:
        await client.close()
        pages.open.remove(client)


async def chair_calls_speakers(chair: Client, turns: int) -> int:
    """Give the floor and take it back, `turns` times, as hands keep coming; the turns given."""
    given = 0
    while given < turns:
        answer = await command(chair, type="call_next")
        if answer == "queue_empty":
            await asyncio.sleep(0.05)
            continue
        assert answer is None, answer
        given += 1
        assert await command(chair, type="finish_turn") is None
        await asyncio.sleep(0.1)  # spread over the burst
    return given


async def chair_runs_the_item(chair: Client, rounds: int) -> None:
    """Every speaking order in turn, the time limit and the screen's message; then FCFS."""
    policies = [Policy.FIRST_TIME, Policy.BALANCE_REGIONS, Policy.ALTERNATE, Policy.FCFS]
    for i in range(rounds):
        policy = policies[i % len(policies)].value
        assert await command(chair, type="set_policy", policy=policy) is None
        assert await command(chair, type="set_speaker_limit", seconds=60 + i) is None
        assert await command(chair, type="show_message", text=f"Round {i}") is None
        await asyncio.sleep(0.2)  # spread over the burst
    assert await command(chair, type="set_policy", policy="fcfs") is None


async def test_500_hands_over_both_processes_with_chairs_on_both(
    processes: tuple[FloorServer, FloorServer], pages: Pages, redis_server: RedisServer
) -> None:
    a, b = processes
    screen_a = await pages.follow(await pages.screen(a))
    screen_b = await pages.follow(await pages.screen(b))
    chair_a, chair_b = await pages.chair(a), await pages.chair(b)
    await start_on_welcome(chair_a)
    store = RedisStore(redis_server.url)
    try:
        before = await store.load(SLUG)
        assert before is not None
        regions = list(before.regions) or ["Africa", "Asia", "Europe"]
        slots = asyncio.Semaphore(IN_FLIGHT)

        async def one(number: int) -> None:
            async with slots:
                await participant(pages, (a, b)[number % 2], number, regions)

        async with asyncio.timeout(240):
            _, turns, _ = await asyncio.gather(
                asyncio.gather(*(one(n) for n in range(HANDS))),
                chair_calls_speakers(chair_a, 20),
                chair_runs_the_item(chair_b, 12),
            )
        assert await command(chair_a, type="show_message", text="All hands in") is None

        meeting = await store.load(SLUG)
        log = await store.events(SLUG)
        log_length = redis_server.client().xlen(f"floor:log:{SLUG}")
    finally:
        await store.close()

    assert meeting is not None
    people = {participant_id(SLUG, f"token-{n}") for n in range(HANDS)}
    assert people <= set(meeting.participants)
    item = meeting.items[meeting.current or 0]
    assert item.title == "Welcome"

    # Every hand once: still waiting, or called and done.
    waiting = [e.participant_id for e in item.speakers if e.participant_id in people]
    spoke = [t.participant_id for t in meeting.turns if t.participant_id in people]
    assert turns == 20 and len(spoke) == 20 and meeting.floor is None
    assert sorted(waiting + spoke) == sorted(people)
    raised = [h.participant_id for h in meeting.raised_hands if h.participant_id in people]
    assert sorted(raised) == sorted(people)

    # In a valid order: the core's own order, which under FCFS is the order hands were raised.
    assert meeting.policy is Policy.FCFS
    expected = order(item.speakers, meeting.policy, context_for(meeting, item.id))
    assert [e.id for e in item.speakers] == [e.id for e in expected]
    mine = [e for e in item.speakers if e.participant_id in people and not (e.booked or e.intro)]
    assert [e.id for e in mine] == sorted(e.id for e in mine)

    # The log holds every applied command once: one hand per version since creation (0).
    assert log_length == meeting.version
    assert [e.kind for e in log].count("hand_raised") == HANDS

    # Both screens and both chairs converge on the same final state.
    shown_a = await screen_a.wait_for(r"All hands in")
    shown_b = await screen_b.wait_for(r"All hands in")
    assert region(shown_a, "upnext") == region(shown_b, "upnext")
    chair_b.received.clear()
    queue_a = region(await chair_a.wait_for(r"All hands in", timeout=30), "speakers")
    queue_b = region(await chair_b.wait_for(r"All hands in", timeout=30), "speakers")
    assert queue_a == queue_b
    assert all(meeting.participants[pid].name in queue_a for pid in waiting)


async def test_floor_serve_workers_share_the_meeting(
    tmp_path: Path, redis_server: RedisServer, pages: Pages
) -> None:
    server = FloorServer(tmp_path / "w", env={"FLOOR_REDIS_URL": redis_server.url})
    server.start("--workers", "2")
    try:
        # The kernel spreads connections over the workers; each screen must see the hand.
        screens = [await pages.screen(server) for _ in range(6)]
        await start_on_welcome(await pages.chair(server))
        ada = await pages.connect(server, token="ada-token")
        assert await command(ada, type="register", name="Ada Lovelace") is None
        assert await command(ada, type="raise_hand") is None
        for screen in screens:
            await screen.wait_for(r'id="upnext".*Ada Lovelace')
    finally:
        server.stop()


async def test_uvicorn_workers_serve_a_meeting_imported_into_redis(
    tmp_path: Path, redis_server: RedisServer, pages: Pages
) -> None:
    env = {**os.environ, "FLOOR_REDIS_URL": redis_server.url}
    imported = run_cli("floor.cli", "import", str(AGENDA), env=env)
    assert imported.returncode == 0, imported.stderr
    chair_link = re.search(r"chair: (\S+)", imported.stdout)
    assert chair_link
    # Not started as `floor serve`: only for its address and the chair link.
    server = FloorServer(tmp_path / "unused", links={"chair": chair_link[1]})
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "floor.web.app:create_app_from_env",
         "--workers", "2", "--port", str(server.port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        assert (await healthy(server.base))["meetings"] == 1
        screens = [await pages.screen(server) for _ in range(4)]
        await start_on_welcome(await pages.chair(server))
        for screen in screens:
            await screen.wait_for(r'id="stage"[^>]*>\s*<h1 class="stage-item">Welcome</h1>')
    finally:
        process.terminate()
        process.wait(20)


# without Redis, one process -------------------------------------------------


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_floor_serve_refuses_several_workers_without_redis(tmp_path: Path) -> None:
    done = run_cli("floor.cli", "serve", "--workers", "2", "--data", str(tmp_path / "d"))
    assert done.returncode == 2
    assert "--workers 2 needs Redis" in done.stderr
    assert "--redis URL or FLOOR_REDIS_URL" in done.stderr


def test_uvicorn_workers_without_redis_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLOOR_REDIS_URL", raising=False)
    monkeypatch.setenv("FLOOR_DATA_DIR", str(tmp_path / "d"))
    done = run_cli(
        "uvicorn", "--factory", "floor.web.app:create_app_from_env",
        "--workers", "2", "--port", str(free_port()),
    )  # fmt: skip
    assert "in use by another Floor process or worker" in done.stderr
    assert "share a Redis instead (--redis URL or FLOOR_REDIS_URL)" in done.stderr


def test_a_second_floor_serve_on_one_data_dir_is_refused(floor_server: FloorServer) -> None:
    second = run_cli(
        "floor.cli", "serve", "--data", str(floor_server.data_dir), "--port", str(free_port())
    )
    assert second.returncode == 1
    assert "is in use by another Floor process" in second.stderr
    assert "FLOOR_REDIS_URL" in second.stderr
