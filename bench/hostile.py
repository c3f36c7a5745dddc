"""`python -m bench.hostile`: a hostile room against a chair running the reference meeting.

Two runs of SECONDS each on fresh `floor serve` processes (server on one core,
this load on the other): the same chair and 200 watching pages, first alone,
then with attackers:

- hand floods: 50 participant pages raising and lowering their hands as fast
  as the server lets them (it answers "slow down" past 20 a second);
- meeting spam at `/`: 4 loops fetching the form and posting a new agenda;
- 500 slow-header connections, each sending one header line every 2 s and
  opening again when closed;
- oversized agendas: a 2 MiB body and a YAML alias bomb, in a loop.

The chair runs the meeting (start, go to "Update on GCM Preparatory Process",
then a message to the room every 100 ms); each message's round trip to the
chair and its arrival on each watching page are timed. Printed: the chair's
and the pages' p50/p99, the server's memory before and after, what the
attackers got, and whether the server survived.

The attackers run in a process of their own (`--attack`), on the load's core
beside the measuring process: in one event loop, the 5,000 flood messages a
second the load itself has to write delayed the chair's own reads, and the
figures then measured the load generator as much as the server. Real
attackers are on other machines; the operating system's scheduler sharing
one core between two processes is the nearest this machine comes to that.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets

from bench.servers import LOAD_CORE, Server, pinned, rss_bytes, start_floor

SECONDS = 60
WATCHERS = 200
FLOODERS = 50
SPAMMERS = 4
SLOW = 500
ITEM = "{title: X, start: 2pm, duration: 5}"
MESSAGE = re.compile(r"Message \d+ to the room")


class Sent(dict[str, float]):
    """When each message was sent; each page times a message once."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, int]] = set()

    def pop_seen(self, text: str, page: object) -> float | None:
        at = self.get(text)
        key = (text, id(page))
        if at is None or key in self.seen:
            return None
        self.seen.add(key)
        return at
NOTICE = re.compile(
    r'<div id="notice" hx-swap-oob="true" role="alert">'
    r'(?:<p class="notice error" data-code="([a-z_]+)")?'
)


@dataclass
class Figures:
    chair: list[float] = field(default_factory=list)  # seconds, command to its answer
    pages: list[float] = field(default_factory=list)  # seconds, command to each page
    attacks: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.attacks[what] = self.attacks.get(what, 0) + 1


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else float("nan")


async def _watch(url: str, sent: Sent, figures: Figures, stop: asyncio.Event) -> None:
    async with websockets.connect(url, max_size=None, ping_interval=None) as ws:
        while not stop.is_set():
            try:
                message = str(await asyncio.wait_for(ws.recv(), 1))
            except TimeoutError:
                continue
            # One search a message: scanning each for every text sent cost the load
            # more than the server (pages with 50 hands are tens of kilobytes).
            match = MESSAGE.search(message)
            if match and (at := sent.pop_seen(match[0], ws)) is not None:
                figures.pages.append(time.perf_counter() - at)


async def _chair(url: str, sent: Sent, figures: Figures, stop: asyncio.Event) -> None:
    async with websockets.connect(url, max_size=None, ping_interval=None) as ws:
        async def send(**command: Any) -> str | None:
            await ws.send(json.dumps(command))
            while True:
                match = NOTICE.search(str(await ws.recv()))
                if match:
                    return match[1] or None

        await send(type="start_meeting")
        await send(type="goto_item", item_id="i4")
        n = 0
        while not stop.is_set():
            n += 1
            text = f"Message {n} to the room"
            start = time.perf_counter()
            sent[text] = start
            await send(type="show_message", text=text)
            figures.chair.append(time.perf_counter() - start)
            await asyncio.sleep(0.1)


async def _flood(url: str, n: int, figures: Figures, stop: asyncio.Event) -> None:
    """One participant raising and lowering as fast as it can, opening its page again
    each time the server closes it (as a real attacker would)."""
    headers = {"Cookie": f"floor_token=flooder-token-{n:04d}-padding-xx"}
    while not stop.is_set():
        try:
            async with websockets.connect(url, additional_headers=headers,
                                          ping_interval=None) as ws:
                figures.count("flood connections opened")
                await ws.send(json.dumps({"type": "register", "name": f"Flooder {n}"}))
                reader = asyncio.create_task(_discard(ws, figures))
                try:
                    while not stop.is_set():
                        for kind in ("raise_hand", "lower_hand"):
                            await ws.send(json.dumps({"type": kind}))
                            figures.count("flood messages sent")
                        await asyncio.sleep(0.02)
                finally:
                    reader.cancel()
        except (OSError, websockets.ConnectionClosed, websockets.InvalidStatus):
            figures.count("flood connections closed by the server")
            await asyncio.sleep(0.1)


async def _discard(ws: Any, figures: Figures) -> None:
    while True:
        message = str(await ws.recv())
        if 'data-code="rate_limited"' in message:
            figures.count("flood messages refused: slow down")


async def _spam(base: str, n: int, figures: Figures, stop: asyncio.Event) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        i = 0
        while not stop.is_set():
            i += 1
            page = await http.get("/")
            token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
            agenda = f"slug: spam-{n}-{i}\ntitle: Spam\nitems: [{ITEM}]\n"
            answer = await http.post("/", data={"csrftoken": token[1] if token else "",
                                                "agenda": agenda})
            figures.count(f"meeting spam answered {answer.status_code}")


async def _oversized(base: str, figures: Figures, stop: asyncio.Event) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        while not stop.is_set():
            page = await http.get("/")
            token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
            data = {"csrftoken": token[1] if token else ""}
            try:
                big = await http.post("/", data={**data, "agenda": "x" * (2 * 1024 * 1024)})
                figures.count(f"2 MiB agenda answered {big.status_code}")
            except httpx.TransportError:
                # The server answers 413 and closes before the body is read: while the
                # client is still sending, that may reach it as a reset, not the answer.
                figures.count("2 MiB agenda: connection reset while sending")
            alias = await http.post("/", data={**data, "agenda": bomb})
            figures.count(f"alias bomb answered {alias.status_code}")
            await asyncio.sleep(0.2)


async def _slow(port: int, figures: Figures, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            figures.count("slow connections refused at connect")
            await asyncio.sleep(1)
            continue
        writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        opened = time.monotonic()
        try:
            while not stop.is_set():
                await asyncio.sleep(2 * random.uniform(0.8, 1.2))
                writer.write(b"X-Slow: 1\r\n")
                await writer.drain()
                if reader.at_eof():
                    raise ConnectionResetError
        except (OSError, RuntimeError):  # RuntimeError: writing to a transport closed under it
            figures.count("slow connections closed by the server")
            figures.attacks["slow connection lived, s (last)"] = int(time.monotonic() - opened)
        finally:
            writer.close()


async def _run(server: Server, hostile: bool, seconds: float) -> Figures:
    figures = Figures()
    stop = asyncio.Event()
    sent = Sent()
    page_url = server.urls["page"]
    tasks = []
    for n in range(WATCHERS):
        url = server.urls["screen"] if n % 4 == 0 else page_url
        tasks.append(asyncio.create_task(_watch(url, sent, figures, stop)))
    await asyncio.sleep(2)  # every page open
    attackers = None
    if hostile:
        argv = [sys.executable, "-m", "bench.hostile", "--attack", page_url,
                "--seconds", str(seconds)]
        attackers = subprocess.Popen(pinned(LOAD_CORE, argv), stdout=subprocess.PIPE, text=True)
        await asyncio.sleep(1)  # the attack under way before the chair starts
    tasks.append(asyncio.create_task(_chair(server.urls["chair"], sent, figures, stop)))
    await asyncio.sleep(seconds)
    await _stop(tasks, stop, figures, "load task")
    if attackers is not None:
        out, _ = await asyncio.to_thread(attackers.communicate, timeout=60)
        for what, count in json.loads(out.strip().splitlines()[-1]).items():
            figures.attacks[what] = count
    return figures


async def _attack(page_url: str, seconds: float) -> Figures:
    """The attackers alone, for `seconds`: what they got, counted."""
    figures = Figures()
    stop = asyncio.Event()
    base = page_url.replace("ws://", "http://").split("/m/")[0]
    port = int(base.rsplit(":", 1)[1])
    tasks = [asyncio.create_task(_flood(page_url, n, figures, stop)) for n in range(FLOODERS)]
    tasks += [asyncio.create_task(_spam(base, n, figures, stop)) for n in range(SPAMMERS)]
    tasks += [asyncio.create_task(_slow(port, figures, stop)) for _ in range(SLOW)]
    tasks.append(asyncio.create_task(_oversized(base, figures, stop)))
    await asyncio.sleep(seconds + 1)
    await _stop(tasks, stop, figures, "attack task")
    return figures


async def _stop(
    tasks: list[asyncio.Task[None]], stop: asyncio.Event, figures: Figures, what: str
) -> None:
    """Stop the tasks (10 s to finish, then cancelled) and count those that failed."""
    stop.set()
    done, pending = await asyncio.wait(tasks, timeout=10)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception() is not None and not isinstance(task.exception(), OSError):
            figures.count(f"{what} failed: {type(task.exception()).__name__}")


def _healthy_within(server: Server, seconds: float) -> tuple[bool, float]:
    """Whether /healthz answers 200 within `seconds` after the run, and how soon."""
    url = server.urls["page"].replace("ws://", "http://").split("/m/")[0] + "/healthz"
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True, time.monotonic() - start
        except httpx.HTTPError:
            pass
    return False, time.monotonic() - start


def _loop_run(coroutine: Any) -> Figures:
    """With uvloop where it is installed: a load without it is slower than the server."""
    try:
        import uvloop
    except ImportError:
        result: Figures = asyncio.run(coroutine)
        return result
    figures: Figures = uvloop.run(coroutine)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--attack", metavar="PAGE_URL",
                        help="only attack that page's server, then print the counts as JSON")
    args = parser.parse_args()
    if args.attack:
        print(json.dumps(_loop_run(_attack(args.attack, args.seconds)).attacks))
        return
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {LOAD_CORE})  # the server has the other core
    rows = []
    for hostile in (False, True):
        server = start_floor()
        try:
            before = rss_bytes(server.pid)
            figures = _loop_run(_run(server, hostile, args.seconds))
            after = rss_bytes(server.pid)
            alive = server.process.poll() is None
            healthy, recovered = _healthy_within(server, 30.0) if alive else (False, 0.0)
            figures.attacks["s until /healthz answered after the run"] = round(recovered)
        finally:
            server.stop()
        rows.append((hostile, figures, before, after, alive and healthy))
    print(f"hostile room: {args.seconds:.0f} s a run, {WATCHERS} pages watching, one chair")
    print(f"{'run':12} {'chair p50':>10} {'chair p99':>10} {'pages p50':>10} {'pages p99':>10}"
          f" {'msgs':>6} {'RSS before':>11} {'RSS after':>10}  server")
    for hostile, f, before, after, ok in rows:
        print(f"{'attackers' if hostile else 'alone':12} {_pct(f.chair, .5):8.1f}ms"
              f" {_pct(f.chair, .99):8.1f}ms {_pct(f.pages, .5):8.1f}ms {_pct(f.pages, .99):8.1f}ms"
              f" {len(f.chair):6} {before / 2**20:9.1f}MB {after / 2**20:8.1f}MB"
              f"  {'alive and healthy' if ok else 'DOWN or not answering'}")
    print(f"  alone: s until /healthz answered after the run:"
          f" {rows[0][1].attacks.get('s until /healthz answered after the run')}")
    for what, count in sorted(rows[1][1].attacks.items()):
        print(f"  {what}: {count}")
    quiet, loud = rows[0][1], rows[1][1]
    chair = _pct(loud.chair, .99) / _pct(quiet.chair, .99)
    pages = _pct(loud.pages, .99) / _pct(quiet.pages, .99)
    print(f"chair p99 with attackers / alone: {chair:.2f}x; pages p99: {pages:.2f}x")


if __name__ == "__main__":
    main()
