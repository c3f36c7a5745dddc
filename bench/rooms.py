"""`python -m bench.rooms`: the memory 5,000 meetings cost once their pages have left.

Each meeting's room is opened by one participant page and one room screen
(their first states rendered), which then leave. Measured twice, each in a
fresh process: with rooms kept until the process ends (as before rooms were
freed), and with the hub's grace period (short here) letting them go. The
figures are the process's resident memory and the Python heap traced from
just before the first room opened, both after the pages left; the meetings
themselves sit in the embedded store's memory in both runs and are not
counted (the store is filled before the measure starts, its disk writes
unsynced: durability is not what this measures).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import msgspec

from floor.domain.agenda import meeting_from_data
from floor.domain.commands import Role
from floor.live.hub import Connection, Hub
from floor.live.render import Renderer
from floor.record.agenda_yaml import load_agenda_yaml
from floor.resources import REFERENCE_MEETING
from floor.store import embedded

GRACE = 0.5  # seconds: the hub's grace period in the freeing run (a minute when serving)


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _nothing(message: str) -> None:
    return None


async def measure(meetings: int, free: bool, directory: Path) -> dict[str, float]:
    embedded.SYNCHRONOUS = "OFF"
    store = embedded.EmbeddedStore(directory)
    base = meeting_from_data(load_agenda_yaml(REFERENCE_MEETING.read_text()))
    slugs = [f"m{n}" for n in range(meetings)]
    for slug in slugs:
        await store.create(msgspec.structs.replace(base, slug=slug), "k" * 32)
    renderer = Renderer()
    renderer.warm()
    hub = Hub(store, renderer, idle_after=GRACE if free else None)
    gc.collect()
    rss_before = rss_kib()
    tracemalloc.start()
    started = time.perf_counter()
    for slug in slugs:
        room = await hub.room(slug)
        assert room is not None
        pages = [Connection(Role.PARTICIPANT, _nothing, "p1"), Connection(Role.SCREEN, _nothing)]
        for page in pages:
            room.add(page)
        await asyncio.sleep(0)  # the first states go out
        for page in pages:
            room.discard(page)
    opened = time.perf_counter() - started
    await asyncio.sleep(GRACE * 2 + 0.5 if free else 0.5)
    while hub._ending:  # the dropped rooms' tasks wind down
        await asyncio.sleep(0.05)
    gc.collect()
    heap, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {
        "meetings": meetings,
        "rooms_left": len(hub.rooms),
        "rooms_dropped": hub.dropped,
        "heap_mib": round(heap / 2**20, 1),
        "rss_growth_mib": round((rss_kib() - rss_before) / 1024, 1),
        "seconds_to_open": round(opened, 1),
    }
    await hub.close()
    await store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--mode", choices=("kept", "freed"), help="one run, in this process")
    args = parser.parse_args()
    if args.mode:
        with tempfile.TemporaryDirectory(dir=".") as tmp:
            figures = asyncio.run(measure(args.meetings, args.mode == "freed", Path(tmp)))
        print(json.dumps(figures))
        return
    for mode in ("kept", "freed"):
        out = subprocess.run(
            [sys.executable, "-m", "bench.rooms", "--mode", mode, "--meetings", str(args.meetings)],
            check=True, capture_output=True, text=True,
        ).stdout
        print(mode, out.strip())


if __name__ == "__main__":
    main()
