"""`python -m bench.redis_latency`: a chair command on one process, seen on a screen on another.

Times each command from the chair's send to the moment a screen receives the
state it produced, one command at a time, in three set-ups:

  one process, embedded store     chair and screen on the same `floor serve`
  one process, Redis store        chair and screen on process A, on Redis
  A -> B, Redis store             chair on process A, screen on process B

Redis runs as docker-compose.yml runs it: append-only file, synced on every
write. Prints the median and the 99th percentile of each. Run by hand; the
numbers depend on the machine and on whatever else it is doing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import websockets

from tests.redis_server import RedisServer
from tests.servers import SLUG, FloorServer

PACE = 0.02  # seconds between commands; each chair sends one every 3 x PACE, under its limit


@contextmanager
def running(server: FloorServer) -> Iterator[FloorServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Probe:
    """A chair page on one process and a screen on another (or the same)."""

    def __init__(self, chair_on: FloorServer, screen_on: FloorServer) -> None:
        self.chair_url = f"{chair_on.ws_base}/m/{SLUG}/ws?key={chair_on.chair_key}"
        self.screen_url = f"{screen_on.ws_base}/m/{SLUG}/ws?role=screen"
        self.times: list[float] = []

    async def open(self) -> None:
        self.chair = await websockets.connect(self.chair_url, max_size=None)
        self.screen = await websockets.connect(self.screen_url, max_size=None)
        await self.screen.recv()  # the page as it is

    async def once(self, marker: str, keep: bool) -> None:
        """Milliseconds from a chair command to the screen showing its outcome."""
        sent = time.perf_counter()
        await self.chair.send(json.dumps({"type": "show_message", "text": marker}))
        while marker not in str(await self.screen.recv()):
            pass
        if keep:
            self.times.append((time.perf_counter() - sent) * 1000)

    async def close(self) -> None:
        await self.chair.close()
        await self.screen.close()


async def measure(probes: list[Probe], samples: int) -> None:
    """Take turns between the set-ups, so that whatever else the machine does
    weighs on each of them alike; the first ten rounds warm up."""
    for probe in probes:
        await probe.open()
    try:
        for i in range(samples + 10):
            for number, probe in enumerate(probes):
                # Probes may share a meeting: each waits for a marker of its own.
                await probe.once(f"Latency probe {number}.{i}", keep=i >= 10)
                await asyncio.sleep(PACE)
    finally:
        for probe in probes:
            await probe.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--samples", type=int, default=300)
    options.add_argument(
        "--no-aof", action="store_true", help="run Redis without its append-only file"
    )
    args = options.parse_args()

    aof = "no append-only file" if args.no_aof else "append-only file synced every write"
    with tempfile.TemporaryDirectory(prefix="floor-latency-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        redis = RedisServer(root / "redis", appendonly=not args.no_aof).start()
        stack.callback(redis.stop)
        env = {"FLOOR_REDIS_URL": redis.url}
        alone = stack.enter_context(running(FloorServer(root / "alone")))
        a = stack.enter_context(running(FloorServer(root / "a", env=env)))
        b = stack.enter_context(running(FloorServer(root / "b", env=env)))

        rows = [
            ("one process, embedded store", Probe(alone, alone)),
            ("one process, Redis store", Probe(a, a)),
            ("A -> B, Redis store", Probe(a, b)),
        ]
        asyncio.run(measure([probe for _, probe in rows], args.samples))

    print(f"chair command to screen, {args.samples} commands each, milliseconds ({aof})")
    print(f"{'':32} {'median':>8} {'p99':>8} {'max':>8}")
    for label, probe in rows:
        times = probe.times
        median, p99 = statistics.median(times), percentile(times, 0.99)
        print(f"{label:32} {median:8.2f} {p99:8.2f} {max(times):8.2f}")


if __name__ == "__main__":
    main()
