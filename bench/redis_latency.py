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

PACE = 0.06  # seconds between commands: under the chair's rate limit of 20 a second


@contextmanager
def running(server: FloorServer) -> Iterator[FloorServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def measure(chair_on: FloorServer, screen_on: FloorServer, samples: int) -> list[float]:
    """Milliseconds from each chair command to the screen showing its outcome."""
    chair_url = f"{chair_on.ws_base}/m/{SLUG}/ws?key={chair_on.chair_key}"
    screen_url = f"{screen_on.ws_base}/m/{SLUG}/ws?role=screen"
    async with (
        websockets.connect(chair_url, max_size=None) as chair,
        websockets.connect(screen_url, max_size=None) as screen,
    ):
        await screen.recv()  # the page as it is
        times: list[float] = []
        for i in range(samples + 10):  # the first ten warm up
            marker = f"Latency probe {i}"
            sent = time.perf_counter()
            await chair.send(json.dumps({"type": "show_message", "text": marker}))
            while marker not in str(await screen.recv()):
                pass
            if i >= 10:
                times.append((time.perf_counter() - sent) * 1000)
            await asyncio.sleep(PACE)
        return times


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

    with tempfile.TemporaryDirectory(prefix="floor-latency-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        redis = RedisServer(root / "redis", appendonly=not args.no_aof).start()
        stack.callback(redis.stop)
        env = {"FLOOR_REDIS_URL": redis.url}
        alone = stack.enter_context(running(FloorServer(root / "alone")))
        a = stack.enter_context(running(FloorServer(root / "a", env=env)))
        b = stack.enter_context(running(FloorServer(root / "b", env=env)))

        rows = [
            ("one process, embedded store", alone, alone),
            ("one process, Redis store", a, a),
            ("A -> B, Redis store", a, b),
        ]
        aof = "no append-only file" if args.no_aof else "append-only file synced every write"
        print(f"chair command to screen, {args.samples} commands each, milliseconds ({aof})")
        print(f"{'':32} {'median':>8} {'p99':>8} {'max':>8}")
        for label, chair_on, screen_on in rows:
            times = asyncio.run(measure(chair_on, screen_on, args.samples))
            median, p99 = statistics.median(times), percentile(times, 0.99)
            print(f"{label:32} {median:8.2f} {p99:8.2f} {max(times):8.2f}", flush=True)


if __name__ == "__main__":
    main()
