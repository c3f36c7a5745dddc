"""The load generator: its own process, uvloop, the `websockets` client.

Run as `python -m bench.load SPEC_JSON`; prints one JSON line with the
results. Each scenario talks to a server described by `urls` (Floor or the
baseline: both take a chair's {"type": "show_message"} and push fragments in
which the banner text is the marker pages wait for).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import random
import re
import socket
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import uvloop
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.frames import Frame, Opcode

from bench.servers import cpu_seconds, rss_bytes
from floor.access import participant_id

SLUG = "iom-gcm-2017"
CONNECT_AT_ONCE = 200  # handshakes in flight while a scenario sets up
ADDRESSES = 16  # 127.0.0.1-16: room for many connections and their TIME_WAITs
NOTICE = b'<div id="notice"'
NOTICE_OK = b'<div id="notice" hx-swap-oob="true" role="alert"></div>'
ORDER = re.compile(rb'data-order="([^"]*)"')  # every waiting hand's id, in order
PIDS = re.compile(rb'<li data-pid="([^"]+)"')  # pages that list every name instead

Hook = Callable[["Page", bytes, float], None]
DATA = (Opcode.TEXT, Opcode.BINARY)


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


class Page:
    """One open page: a websocket whose every message goes to `hook` as it arrives."""

    def __init__(self, index: int, url: str, token: str | None) -> None:
        self.index = index
        self.url = url
        self.token = token
        self.ws: ClientConnection | None = None
        self.hook: Hook | None = None
        self.acks = 0
        self.acked_at = 0.0
        self.errors: list[bytes] = []
        self.received = 0
        self.done = False
        self.latest = b""

    @property
    def pid(self) -> str:
        assert self.token is not None
        return participant_id(SLUG, self.token)

    async def open(self, *, compression: str | None = None, rcvbuf: int | None = None) -> None:
        headers = {"Cookie": f"floor_token={self.token}"} if self.token else {}
        sock = socket.socket()
        sock.setblocking(False)
        if rcvbuf is not None:  # a slow link: a small window fills the server's buffers
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.bind((f"127.0.0.{1 + self.index % ADDRESSES}", 0))
        host, port = self.url.split("//", 1)[1].split("/", 1)[0].split(":")
        await asyncio.get_running_loop().sock_connect(sock, (host, int(port)))

        def direct(*args: Any, **kwargs: Any) -> ClientConnection:
            return _Direct(self, *args, **kwargs)

        self.ws = await connect(
            self.url, sock=sock, additional_headers=headers, compression=compression,
            ping_interval=None, max_size=2**24, open_timeout=120, close_timeout=1,
            max_queue=None, create_connection=direct,  # type: ignore[arg-type]
        )

    def arrived(self, message: bytes) -> None:
        self.received += 1
        if message.startswith(NOTICE):
            if message == NOTICE_OK:
                self.acks += 1
                self.acked_at = time.perf_counter()
            else:
                self.errors.append(message)
            return
        self.latest = message
        if self.hook is not None:
            self.hook(self, message, time.perf_counter())

    async def send(self, **command: Any) -> None:
        assert self.ws is not None
        await self.ws.send(json.dumps(command))

    async def command(self, timeout: float = 30, **command: Any) -> None:
        """Send a command and wait for Floor's acknowledgement (or error notice)."""
        acks, errors = self.acks, len(self.errors)
        await self.send(**command)
        async with asyncio.timeout(timeout):
            while self.acks == acks and len(self.errors) == errors:
                await asyncio.sleep(0.002)
        if len(self.errors) > errors:
            raise RuntimeError(f"{command} refused: {self.errors[-1]!r}")

    def abort(self) -> None:
        """Drop the connection at once, as a lost network would."""
        if self.ws is not None:
            self.ws.transport.abort()

    async def close(self) -> None:
        self.abort()


class _Direct(ClientConnection):
    """Hands each whole message to its page right where it is parsed.

    No reader task and no message queue per page: one task wake-up less per
    message, which is most of the load generator's cost per message, the
    bottleneck of a fan-out to thousands of pages on one core.
    """

    def __init__(self, page: Page, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page = page

    def process_event(self, event: Any) -> None:
        if isinstance(event, Frame) and event.fin and event.opcode in DATA:
            self.page.arrived(bytes(event.data))
            return
        super().process_event(event)


async def open_pages(
    urls: dict[str, str], n: int, *, kind: str = "page", first: int = 0,
    compression: str | None = None, at_once: int = CONNECT_AT_ONCE, rcvbuf: int | None = None,
) -> list[Page]:
    """`n` pages; Floor participants get a token cookie each (the baseline ignores it)."""
    gate = asyncio.Semaphore(at_once)
    where = urls[kind] if isinstance(urls[kind], list) else [urls[kind]]
    pages = [  # several processes behind one meeting: pages take turns between them
        Page(first + i, where[i % len(where)], f"bench{first + i}" if kind == "page" else None)
        for i in range(n)
    ]

    async def one(page: Page) -> None:
        async with gate:
            for attempt in range(5):
                try:
                    await page.open(compression=compression, rcvbuf=rcvbuf)
                    return
                except (OSError, InvalidStatus, TimeoutError):
                    if attempt == 4:
                        raise
                    await asyncio.sleep(0.2 + random.random())

    await asyncio.gather(*(one(p) for p in pages))
    return pages


async def close_all(pages: Iterable[Page]) -> None:
    await asyncio.gather(*(p.close() for p in pages), return_exceptions=True)


def queue_pids(message: bytes) -> list[bytes]:
    """The participant ids in a participant page's list of speakers, in order."""
    order = ORDER.search(message)
    return order[1].split() if order else PIDS.findall(message)


def tcp_memory() -> int:
    """Bytes the kernel holds in TCP socket buffers, machine-wide (/proc/net/sockstat)."""
    with open("/proc/net/sockstat") as f:
        for line in f:
            if line.startswith("TCP:"):
                fields = line.split()
                return int(fields[fields.index("mem") + 1]) * 4096
    return 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


class Round:
    """One chair action: waits until every watched page has the new banner."""

    def __init__(self, pages: list[Page], marker: str) -> None:
        self.marker = f">{marker}<".encode()
        self.waiting = len(pages)
        self.first = 0.0
        self.last = 0.0
        self.all_in = asyncio.Event()
        for page in pages:
            page.done = False
            page.hook = self._seen

    def _seen(self, page: Page, message: bytes, at: float) -> None:
        if not page.done and self.marker in message:
            page.done = True
            self.first = self.first or at
            self.last = at
            self.waiting -= 1
            if self.waiting == 0:
                self.all_in.set()


async def chair_rounds(
    chair: Page, pages: list[Page], rounds: int, *, tag: str, timeout: float = 10,
    gap: float = 0.05,
) -> dict[str, Any]:
    """Time from each chair action to the last page receiving it, in ms."""
    times: list[float] = []
    firsts: list[float] = []
    stalled = 0
    for k in range(rounds):
        rnd = Round(pages, f"{tag}-{k}")
        started = time.perf_counter()
        await chair.send(type="show_message", text=f"{tag}-{k}")
        try:
            async with asyncio.timeout(timeout):
                await rnd.all_in.wait()
        except TimeoutError:
            stalled += 1
            log(f"  {tag}-{k}: {rnd.waiting} of {len(pages)} pages still waiting")
            if stalled >= 2:
                break
            continue
        times.append((rnd.last - started) * 1000)
        firsts.append((rnd.first - started) * 1000)
        await asyncio.sleep(gap)
    for page in pages:
        page.hook = None
    out: dict[str, Any] = {"rounds": len(times), "stalled": stalled}
    if times:
        out |= {
            "p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99),
            "max_ms": max(times), "first_p50_ms": percentile(firsts, 50),
        }
    return out


async def chair_of(urls: dict[str, str]) -> Page:
    [chair] = await open_pages(urls, 1, kind="chair", first=ADDRESSES * 1000)
    return chair


# scenarios ------------------------------------------------------------------


async def latency(spec: dict[str, Any]) -> dict[str, Any]:
    """Chair action to last page, for each target; their rounds interleaved.

    Taking turns round by round, Floor and the baseline see the same machine
    (other load, frequency changes) and their ratio holds even when the
    absolute figures drift.
    """
    n, rounds = spec["n"], spec["rounds"]
    targets = spec["targets"]
    fleets = []
    for i, target in enumerate(targets):
        chair = await chair_of(target["urls"])
        pages = await open_pages(target["urls"], n, first=i * n)
        fleets.append((target, chair, pages))
    await asyncio.sleep(0.5)
    for _, chair, pages in fleets:
        await chair_rounds(chair, pages, spec.get("warmup", 5), tag="warm")
    gc.collect()
    gc.freeze()  # the load generator's own collections must not show up as latency
    times: dict[str, list[float]] = {t["name"]: [] for t in targets}
    firsts: dict[str, list[float]] = {t["name"]: [] for t in targets}
    stalled = dict.fromkeys(times, 0)
    cpu = {t["name"]: sum(map(cpu_seconds, t["server_pids"])) for t in targets}
    for k in range(rounds):
        for target, chair, pages in fleets:
            one = await chair_rounds(chair, pages, 1, tag=f"bench{k}", gap=0.02)
            if one["rounds"]:
                times[target["name"]].append(one["max_ms"])
                firsts[target["name"]].append(one["first_p50_ms"])
            else:
                stalled[target["name"]] += 1
    out: dict[str, Any] = {}
    for target, chair, pages in fleets:
        name = target["name"]
        used = sum(map(cpu_seconds, target["server_pids"])) - cpu[name]
        got = times[name]
        out[name] = {
            "n": n, "rounds": len(got), "stalled": stalled[name],
            "p50_ms": percentile(got, 50) if got else None,
            "p99_ms": percentile(got, 99) if got else None,
            "max_ms": max(got) if got else None,
            # From the action to the first page: the fixed cost, before fan-out.
            "first_p50_ms": percentile(firsts[name], 50) if got else None,
            # Idle time between rounds costs the server next to nothing.
            "cpu_us_per_frame": used / (len(got) * n) * 1e6 if got else None,
            "pages_missing_last": sum(not p.done for p in pages),
        }
        await close_all([chair, *pages])
    gc.unfreeze()
    return out


async def burst(spec: dict[str, Any]) -> dict[str, Any]:
    """`hands` participants raise hands within one second while `watchers` pages watch."""
    urls, hands, watchers = spec["urls"], spec["hands"], spec["watchers"]
    chair = await chair_of(urls)
    await chair.command(type="start_meeting")
    await chair.command(type="next_item")  # "Welcome": its list of speakers is open
    raisers = await open_pages(urls, hands)
    gate = asyncio.Semaphore(100)

    async def register(page: Page) -> None:
        async with gate:
            await page.command(
                type="register", name=f"Bench {page.index}", region="Asia", attendance="remote"
            )

    await asyncio.gather(*(register(p) for p in raisers))
    watching = await open_pages(urls, watchers, kind="screen" if spec.get("screens") else "page",
                                first=hands)
    await asyncio.sleep(0.5)
    expected = {p.pid for p in raisers}
    converged: dict[int, float] = {}
    everyone = asyncio.Event()

    def seen(page: Page, message: bytes, at: float) -> None:
        if page.index not in converged and len(queue_pids(message)) == hands:
            converged[page.index] = at
            if len(converged) == len(watching):
                everyone.set()

    for page in watching:
        page.hook = seen
    acks_before = {p.index: p.acks for p in raisers}
    order = list(raisers)
    random.Random(7).shuffle(order)
    began = time.perf_counter()
    for i, page in enumerate(order):
        delay = began + i / hands - time.perf_counter()  # spread over one second
        if delay > 0:
            await asyncio.sleep(delay)
        await page.send(type="raise_hand")
    last = time.perf_counter()
    timed_out = False
    try:
        async with asyncio.timeout(spec.get("timeout", 30)):
            await everyone.wait()
    except TimeoutError:
        timed_out = True
    with contextlib.suppress(TimeoutError):  # every hand gets its answer, late or not
        async with asyncio.timeout(spec.get("timeout", 30)):
            while any(p.acks == acks_before[p.index] and not p.errors for p in raisers):
                await asyncio.sleep(0.01)
    final = set(queue_pids(watching[0].latest))
    errors = sum(len(p.errors) for p in raisers)
    acked = sum(p.acks > acks_before[p.index] for p in raisers)
    result = {
        "hands": hands,
        "watchers": watchers,
        "spread_ms": (last - began) * 1000,
        "lost": len(expected - {pid.decode() for pid in final}),
        "refused": errors,
        "acknowledged": acked,
        "converged_pages": len(converged),
        "timed_out": timed_out,
        "converge_ms": (max(converged.values()) - last) * 1000 if converged else None,
        "all_acknowledged_ms": (max(p.acked_at for p in raisers) - last) * 1000,
        "final_push_bytes": len(watching[0].latest),
        "pushes_per_page": sum(p.received for p in watching) / len(watching),
    }
    await close_all([chair, *raisers, *watching])
    return result


async def idle_memory(spec: dict[str, Any]) -> dict[str, Any]:
    urls, n, pid = spec["urls"], spec["n"], spec["server_pid"]
    compression = "deflate" if spec.get("deflate") else None
    # Warm up the server's allocator and code paths with a first wave.
    warm = await open_pages(urls, 200, compression=compression)
    await asyncio.sleep(0.5)
    await close_all(warm)
    await asyncio.sleep(1.5)
    before = rss_bytes(pid)
    pages = await open_pages(urls, n, compression=compression, first=200)
    await asyncio.sleep(2.0)
    after = rss_bytes(pid)
    got_state = sum(p.received > 0 for p in pages)
    negotiated = sum(
        1 for p in pages if p.ws is not None and p.ws.response is not None
        and "permessage-deflate" in p.ws.response.headers.get("Sec-WebSocket-Extensions", "")
    )
    await close_all(pages)
    return {
        "n": n, "kib_per_connection": (after - before) / n / 1024, "pages_with_state": got_state,
        "deflate_negotiated": negotiated, "rss_mib": after / 2**20,
    }


async def storm(spec: dict[str, Any]) -> dict[str, Any]:
    """Every page drops and reconnects at once; time until each has the full state."""
    urls, n = spec["urls"], spec["n"]
    chair = await chair_of(urls)
    pages = await open_pages(urls, n)
    marker = "storm-state"
    rnd = Round(pages, marker)
    await chair.send(type="show_message", text=marker)
    async with asyncio.timeout(30):
        await rnd.all_in.wait()
    for page in pages:
        page.abort()
    started = time.perf_counter()
    again = await open_pages(urls, n, at_once=n, first=n)
    rnd = Round(again, marker)
    for page in again:  # the state may have arrived before the hook was set
        if rnd.marker in page.latest:
            rnd._seen(page, page.latest, time.perf_counter())
    async with asyncio.timeout(60):
        await rnd.all_in.wait()
    took = (max(rnd.last, started) - started) * 1000
    await close_all([chair, *again])
    return {"n": n, "all_state_ms": took, "pages_with_state": n - rnd.waiting}


async def churn(spec: dict[str, Any]) -> dict[str, Any]:
    """Chair action to the last of the steady pages, with and without presence churn.

    `per_minute` of the `n` pages (registered, hands raised: the chair's list shows
    their presence) each drop and reconnect once a minute, spread evenly, during
    every other block of rounds; the rounds of the blocks without it are the figure
    to compare with, measured in the same run on the same pages.
    """
    urls, n, rounds = spec["urls"], spec["n"], spec["rounds"]
    gap, block = spec.get("gap", 0.5), spec.get("block", 10)
    chair = await chair_of(urls)
    await chair.command(type="start_meeting")
    await chair.command(type="next_item")  # "Welcome": its list of speakers is open
    pool_n = max(1, round(n * spec.get("per_minute", 0.05)))
    steady = await open_pages(urls, n - pool_n)
    pool = await open_pages(urls, pool_n, first=n)
    for page in pool:
        await page.command(type="register", name=f"Churn {page.index}")
        await page.command(type="raise_hand")
    await asyncio.sleep(0.5)
    await chair_rounds(chair, steady, 5, tag="warm")
    gc.collect()
    gc.freeze()
    churning = False
    reconnects = 0

    async def churner() -> None:
        nonlocal reconnects
        i = 0
        while True:
            await asyncio.sleep(60.0 / pool_n)
            if not churning:
                continue
            page = pool[i % pool_n]
            i += 1
            page.abort()
            await page.open()
            reconnects += 1

    task = asyncio.ensure_future(churner())
    times: dict[bool, list[float]] = {False: [], True: []}
    stalled = 0
    try:
        for k in range(rounds):
            churning = (k // block) % 2 == 1
            one = await chair_rounds(chair, steady, 1, tag=f"churn{k}", gap=gap)
            if one["rounds"]:
                times[churning].append(one["max_ms"])
            else:
                stalled += 1
    finally:
        task.cancel()
    gc.unfreeze()
    await close_all([chair, *steady, *pool])
    out: dict[str, Any] = {"n": n, "churning_pages": pool_n, "reconnects": reconnects,
                           "stalled": stalled}
    for churned, name in ((False, "quiet"), (True, "churn")):
        got = times[churned]
        out[name] = {"rounds": len(got), "p50_ms": percentile(got, 50) if got else None,
                     "p99_ms": percentile(got, 99) if got else None}
    return out


async def fill_queue(urls: dict[str, Any], chair: Page, hands: int) -> None:
    """Floor only: start the meeting on "Welcome" with `hands` hands raised.

    A long list of speakers makes every push bigger (each page lists them),
    as in a busy meeting; a page that stops reading then fills its buffers in
    a few pushes instead of hundreds.
    """
    await chair.command(type="start_meeting")
    await chair.command(type="next_item")  # "Welcome": its list of speakers is open
    raisers = await open_pages(urls, hands, first=ADDRESSES * 2000)
    gate = asyncio.Semaphore(20)

    async def raise_one(page: Page) -> None:
        async with gate:
            await page.command(type="register", name=f"Speaker {page.index}", region="Asia",
                               attendance="remote")
            await page.command(type="raise_hand")

    await asyncio.gather(*(raise_one(p) for p in raisers))
    await close_all(raisers)


async def slow(spec: dict[str, Any]) -> dict[str, Any]:
    """1% of pages stop reading: the others' latency and the server's memory."""
    urls, n, pid, rounds = spec["urls"], spec["n"], spec["server_pid"], spec["rounds"]
    n_slow = max(1, n // 100)
    chair = await chair_of(urls)
    if spec.get("hands"):
        await fill_queue(urls, chair, spec["hands"])
    fast = await open_pages(urls, n - n_slow)
    # A small receive window: the server's socket buffer fills after a few pushes.
    stalling = await open_pages(urls, n_slow, first=n, rcvbuf=4096)
    await asyncio.sleep(0.5)
    await chair_rounds(chair, fast, 5, tag="warm")
    before = await chair_rounds(chair, fast, rounds, tag="before", timeout=5)
    rss_before, tcp_before = rss_bytes(pid), tcp_memory()
    for page in stalling:
        assert page.ws is not None
        page.ws.transport.pause_reading()
    after = await chair_rounds(chair, fast, rounds, tag="after", timeout=5)
    after_more = await chair_rounds(chair, fast, rounds, tag="later", timeout=5)
    rss_after, tcp_after = rss_bytes(pid), tcp_memory()
    push = len(fast[0].latest)
    await close_all([chair, *fast, *stalling])
    return {
        "n": n, "slow": n_slow, "before": before, "after": after, "later": after_more,
        "rss_before_mib": rss_before / 2**20, "rss_after_mib": rss_after / 2**20,
        # Socket buffers are kernel memory, not in RSS; this is the whole machine's.
        "tcp_before_mib": tcp_before / 2**20, "tcp_after_mib": tcp_after / 2**20,
        "push_bytes": push,
    }


async def capture(spec: dict[str, Any]) -> dict[str, Any]:
    """Floor's real participant push for a chair message, to size the baseline's fragment."""
    urls = spec["urls"]
    chair = await chair_of(urls)
    if spec.get("hands"):
        await fill_queue(urls, chair, spec["hands"])
    [page] = await open_pages(urls, 1)
    rnd = Round([page], "@@TEXT@@")
    got: list[bytes] = []
    page.hook = lambda p, m, t: (got.append(m), rnd._seen(p, m, t))  # type: ignore[func-returns-value]
    await chair.send(type="show_message", text="@@TEXT@@")
    async with asyncio.timeout(10):
        await rnd.all_in.wait()
    await close_all([chair, page])
    fragment = next(m for m in got if rnd.marker in m).decode()
    return {"fragment": fragment, "bytes": len(fragment.encode())}


SCENARIOS = {
    "latency": latency, "burst": burst, "idle_memory": idle_memory, "storm": storm,
    "slow": slow, "capture": capture, "churn": churn,
}


def main() -> None:
    spec = json.loads(sys.argv[1])
    result = uvloop.run(SCENARIOS[spec["scenario"]](spec))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
