"""`python -m bench.durability`: what a synced commit costs on the embedded store.

Applies the same run of commands (a participant raising and lowering a hand,
the chair showing messages) to a fresh data directory with SQLite's
synchronous=FULL (Floor's setting: a commit is on disk before the command is
acknowledged) and with NORMAL (survives a crash of the process, not a power
loss), and prints the cost per command of each. The data directory is on the
disk the test machine writes to (a temporary directory under the working
directory unless --dir is given): a RAM-backed /tmp would sync for free.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from floor.domain.agenda import meeting_from_data
from floor.domain.commands import (
    Actor,
    LowerHand,
    RaiseHand,
    Register,
    Role,
    SetListOpen,
    ShowMessage,
    StartMeeting,
)
from floor.record.agenda_yaml import load_agenda_yaml
from floor.resources import REFERENCE_MEETING
from floor.store import embedded


async def run(directory: Path, level: str, commands: int) -> list[float]:
    embedded.SYNCHRONOUS = level
    store = embedded.EmbeddedStore(directory)
    meeting = meeting_from_data(load_agenda_yaml(REFERENCE_MEETING.read_text()))
    await store.create(meeting, "k" * 32)
    slug = meeting.slug
    chair = Actor(Role.CHAIR)
    person = Actor(Role.PARTICIPANT, "p1")
    await store.apply(slug, StartMeeting(), chair, 0)
    await store.apply(slug, SetListOpen(open=True), chair, 0)
    await store.apply(slug, Register(name="Ada"), person, 0)
    costs = []
    for n in range(commands):
        command, actor = (
            (RaiseHand(), person) if n % 3 == 0 else
            (LowerHand(), person) if n % 3 == 1 else
            (ShowMessage(text=f"m{n}"), chair)
        )
        start = time.perf_counter()
        await store.apply(slug, command, actor, 1_000 + n)
        costs.append(time.perf_counter() - start)
    await store.close()
    return costs


async def burst(directory: Path, level: str, rounds: int, size: int = 50) -> float:
    """Seconds per command when `size` participants raise (then lower) hands at once."""
    embedded.SYNCHRONOUS = level
    store = embedded.EmbeddedStore(directory)
    meeting = meeting_from_data(load_agenda_yaml(REFERENCE_MEETING.read_text()))
    await store.create(meeting, "k" * 32)
    slug = meeting.slug
    chair = Actor(Role.CHAIR)
    await store.apply(slug, StartMeeting(), chair, 0)
    await store.apply(slug, SetListOpen(open=True), chair, 0)
    people = [Actor(Role.PARTICIPANT, f"p{n}") for n in range(size)]
    for person in people:
        await store.apply(slug, Register(name=person.participant_id or ""), person, 0)
    start = time.perf_counter()
    for n in range(rounds):
        command = RaiseHand() if n % 2 == 0 else LowerHand()
        await asyncio.gather(*(store.apply(slug, command, p, 1_000 + n) for p in people))
    elapsed = time.perf_counter() - start
    await store.close()
    return elapsed / (rounds * size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=3000)
    parser.add_argument("--dir", type=Path, default=Path.cwd())
    args = parser.parse_args()
    print(f"{args.commands} commands, data directory under {args.dir}")
    for level in ("NORMAL", "FULL"):
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            costs = asyncio.run(run(Path(tmp), level, args.commands))
        costs.sort()
        p50 = statistics.median(costs) * 1e6
        p99 = costs[int(len(costs) * 0.99)] * 1e6
        print(f"synchronous={level:6}  one at a time: median {p50:6.0f} us  p99 {p99:6.0f} us"
              f"  {len(costs) / sum(costs):6.0f} commands/s")
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            each = asyncio.run(burst(Path(tmp), level, args.commands // 50))
        print(f"synchronous={level:6}  50 at once:    {each * 1e6:6.0f} us a command"
              f"  {1 / each:6.0f} commands/s")


if __name__ == "__main__":
    main()
