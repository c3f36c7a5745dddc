"""The embedded store: meetings in memory, written through to SQLite.

No set-up: one file under the data directory. Every applied command is one
row of the log, written in one transaction with its events, so killing the
process loses nothing that was acknowledged. The whole state is written as a
snapshot in a quiet moment (no command for QUIET seconds) once SNAPSHOT_AFTER
versions have gone by, at the latest after SNAPSHOT_AT_LATEST, and on close;
on start each meeting is its snapshot with the commands logged since replayed
through the pure core, which gives the same state again because `apply`
depends on nothing but its arguments. Writing the whole state on every
command cost 1.3 ms per hand at 1,000 participants (470 KB of JSON), and a
snapshot amid a run of commands holds up the pages waiting for the next; a
logged command is a few hundred bytes and one page of one B-tree (a separate
events table, indexed, was three more: 37 us a command against 16). Commands
on one meeting are serialized by a per-meeting lock.

Data directories from before the log keep their events in the `events`
table; they are read first.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from floor.domain.commands import Actor, AnyCommand, Command, upgrade_logged
from floor.domain.errors import DomainError, Refusal, Unavailable
from floor.domain.meeting import Event, apply
from floor.domain.model import Meeting
from floor.mailbox import Mailbox
from floor.store.allowance import Allowance, LocalAllowance
from floor.store.base import PresenceBoard

SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings (
    slug TEXT PRIMARY KEY,
    chair_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    state BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    slug TEXT NOT NULL,
    version INTEGER NOT NULL,
    event BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
    slug TEXT NOT NULL,
    version INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor BLOB NOT NULL,
    command BLOB NOT NULL,
    events BLOB NOT NULL,
    PRIMARY KEY (slug, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS team_keys (
    slug TEXT NOT NULL,
    role TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (slug, role)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS owners (
    owner TEXT NOT NULL,
    slug TEXT NOT NULL
);
"""

LOG_INSERT = (
    "INSERT INTO log (slug, version, at, actor, command, events) VALUES (?, ?, ?, ?, ?, ?)"
)

SNAPSHOT_AFTER = 100  # versions since the last snapshot before a quiet moment takes one
SNAPSHOT_AT_LATEST = 1000  # ... before one is taken at once, quiet or not
QUIET = 1.0  # seconds without a command on the meeting
CHECKPOINT_EVERY = 500  # writes of any kind (creations too) between two WAL checkpoints
WAL_SIZE_LIMIT = 16 * 1024 * 1024
SYNCHRONOUS = "FULL"  # bench/durability.py sets NORMAL to measure the difference

log = logging.getLogger("floor.store")

_encode = msgspec.json.Encoder().encode
_decode_meeting = msgspec.json.Decoder(Meeting).decode
_decode_event = msgspec.json.Decoder(Event).decode
_decode_events = msgspec.json.Decoder(list[Event]).decode
_decode_actor = msgspec.json.Decoder(Actor).decode
_decode_command = msgspec.json.Decoder(AnyCommand).decode

LOCK_FILE = "floor.lock"


class DataDirError(Exception):
    """The data directory cannot be used (missing rights, full disk...)."""


class EmbeddedStore:
    presence: PresenceBoard | None = None  # one process: its pages are all the pages

    def __init__(self, data_dir: Path | str) -> None:
        path = Path(data_dir)
        self._lock_fd = -1
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._lock_fd = _hold(path)
            self._db = sqlite3.connect(path / "floor.sqlite3", isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: each commit is synced to disk before it returns, so an
            # acknowledged command survives a power loss too (NORMAL would
            # survive a crash of the process only). Its cost: bench/durability.py.
            self._db.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
            # A checkpoint that finds the WAL grown past this cuts it back.
            self._db.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
            # This process alone opens the file (the lock above): SQLite need not
            # take and drop file locks around every transaction.
            self._db.execute("PRAGMA locking_mode=EXCLUSIVE")
            # The log goes back into the main file with the snapshots (below),
            # not in the middle of a command.
            self._db.execute("PRAGMA wal_autocheckpoint=0")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            self._release()
            raise DataDirError(f"Cannot use the data directory {path}: {exc}") from exc
        # rate allowances (creation per address, participants per meeting): this
        # process alone serves the data directory, so it counts them
        self.allowance: Allowance = LocalAllowance()
        self._meetings: dict[str, Meeting] = {}
        self._keys: dict[str, str] = {}
        self._team_keys: dict[tuple[str, str], str] = {}
        self._owners: dict[str, list[str]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._watchers: dict[str, set[Mailbox[Meeting]]] = {}
        self._snapshots: dict[str, int] = {}  # the version of each meeting's snapshot
        self._last_command: dict[str, float] = {}  # monotonic time, per meeting
        self._waiting: dict[str, asyncio.TimerHandle] = {}  # quiet snapshots to come
        self._writes = 0  # since the last WAL checkpoint
        self._key_listeners: list[Callable[[str | None], None]] = []
        self._pending: list[_Pending] = []  # commands applied, to be written this turn
        self._flush_due = False
        self._checkpoint_due = False
        try:
            for slug, key, state in self._db.execute(
                "SELECT slug, chair_key, state FROM meetings ORDER BY rowid"
            ).fetchall():
                meeting = _decode_meeting(state)
                self._snapshots[slug] = meeting.version
                self._meetings[slug] = self._replay(meeting)
                self._keys[slug] = key
            for slug, role, key in self._db.execute("SELECT slug, role, key FROM team_keys"):
                self._team_keys[slug, role] = key
            for owner, slug in self._db.execute("SELECT owner, slug FROM owners ORDER BY rowid"):
                self._owners.setdefault(owner, []).append(slug)
        except (sqlite3.Error, msgspec.DecodeError, DomainError, DataDirError) as exc:
            self._db.close()
            self._release()
            raise DataDirError(f"Cannot read the meetings in {path}: {exc}") from exc

    def _replay(self, meeting: Meeting) -> Meeting:
        """The snapshot brought up to date with the commands logged after it."""
        rows = self._db.execute(
            "SELECT version, at, actor, command FROM log"
            " WHERE slug = ? AND version > ? ORDER BY version",
            (meeting.slug, meeting.version),
        ).fetchall()
        for version, at, actor, command in rows:
            meeting, _ = apply(
                meeting, _decode_command(upgrade_logged(command)), _decode_actor(actor), at
            )
            if meeting.version != version:
                raise DataDirError(
                    f"replaying {meeting.slug!r} gave version {meeting.version},"
                    f" the log says {version}"
                )
        return meeting

    async def create(self, meeting: Meeting, chair_key: str) -> None:
        if meeting.slug in self._meetings:
            raise DomainError(Refusal.SLUG_TAKEN, slug=repr(meeting.slug))
        with _saving():
            self._db.execute(
                "INSERT INTO meetings (slug, chair_key, version, state) VALUES (?, ?, ?, ?)",
                (meeting.slug, chair_key, meeting.version, _encode(meeting)),
            )
        self._meetings[meeting.slug] = meeting
        self._keys[meeting.slug] = chair_key
        self._snapshots[meeting.slug] = meeting.version
        self._wrote()

    async def load(self, slug: str) -> Meeting | None:
        return self._meetings.get(slug)

    async def chair_key(self, slug: str) -> str | None:
        return self._keys.get(slug)

    async def set_chair_key(self, slug: str, chair_key: str) -> None:
        if slug not in self._meetings:
            raise DomainError(Refusal.NO_SUCH_MEETING)
        with _saving():
            self._db.execute("UPDATE meetings SET chair_key = ? WHERE slug = ?", (chair_key, slug))
        self._keys[slug] = chair_key
        for listener in self._key_listeners:
            listener(slug)

    def on_chair_key_replaced(self, listener: Callable[[str | None], None]) -> None:
        self._key_listeners.append(listener)

    async def team_key(self, slug: str, role: str) -> str | None:
        return self._team_keys.get((slug, role))

    async def set_team_key(self, slug: str, role: str, key: str | None) -> None:
        if slug not in self._meetings:
            raise DomainError(Refusal.NO_SUCH_MEETING)
        with _saving():
            if key is None:
                self._db.execute(
                    "DELETE FROM team_keys WHERE slug = ? AND role = ?", (slug, role)
                )
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO team_keys (slug, role, key) VALUES (?, ?, ?)",
                    (slug, role, key),
                )
        if key is None:
            self._team_keys.pop((slug, role), None)
        else:
            self._team_keys[slug, role] = key
        self._wrote()

    async def add_owned(self, owner: str, slug: str) -> None:
        if slug in self._owners.get(owner, ()):
            return
        with _saving():
            self._db.execute("INSERT INTO owners (owner, slug) VALUES (?, ?)", (owner, slug))
        self._owners.setdefault(owner, []).append(slug)
        self._wrote()

    async def owned(self, owner: str) -> list[str]:
        return [slug for slug in self._owners.get(owner, ()) if slug in self._meetings]

    async def slugs(self) -> list[str]:
        return list(self._meetings)

    async def apply(self, slug: str, command: Command, actor: Actor, now: int) -> Meeting:
        lock = self._locks.setdefault(slug, asyncio.Lock())
        async with lock:
            meeting = self._meetings.get(slug)
            if meeting is None:
                raise DomainError(Refusal.NO_SUCH_MEETING)
            new, events = apply(meeting, command, actor, now)
            row = (slug, new.version, now, _encode(actor), _encode(command), _encode(events))
            written = self._queue(_Pending(row, meeting, new))
            self._meetings[slug] = new
        await written  # acknowledged once on disk (DomainError if it could not be saved)
        for mailbox in self._watchers.get(slug, ()):
            mailbox.put(new)
        return new

    def _queue(self, pending: _Pending) -> asyncio.Future[None]:
        """Group commit: the commands of one turn of the event loop share one transaction.

        With synchronous=FULL a commit waits for the disk (0.4 ms here, tens
        of ms at worst); a burst of hands then costs one wait per turn of the
        loop, not one per hand. Commands on the same meeting queued behind
        one another build on each other's state, and all of a turn's commands
        are written, or refused, together.
        """
        self._pending.append(pending)
        if not self._flush_due:
            self._flush_due = True
            asyncio.get_running_loop().call_soon(self._flush)
        return pending.done

    def _flush(self) -> None:
        batch, self._pending, self._flush_due = self._pending, [], False
        if not batch:
            return
        latest = {p.new.slug: p.new for p in batch}
        due = [m for m in latest.values()
               if m.version - self._snapshots.get(m.slug, 0) >= SNAPSHOT_AT_LATEST]
        try:
            with _saving(), self._transaction():
                self._db.executemany(LOG_INSERT, [p.row for p in batch])
                for meeting in due:
                    self._snapshot(meeting)
        except Unavailable as exc:
            # Nothing of the turn was written: each meeting goes back to what is on disk.
            for p in reversed(batch):
                self._meetings[p.new.slug] = p.before
            for p in batch:
                p.done.set_exception(exc)
            return
        now = time.monotonic()
        for meeting in latest.values():
            self._last_command[meeting.slug] = now
        for p in batch:
            p.done.set_result(None)
        self._writes += len(batch) - 1
        self._wrote()
        for meeting in due:
            self._snapshot_taken(meeting)
        for meeting in latest.values():
            behind = meeting.version - self._snapshots.get(meeting.slug, 0)
            if behind >= SNAPSHOT_AFTER and meeting.slug not in self._waiting:
                self._wait_for_quiet(meeting.slug, QUIET)

    def _wrote(self) -> None:
        """Checkpoint the WAL every CHECKPOINT_EVERY writes, whatever they are.

        Snapshots checkpoint too, but a flood of creations (or of commands
        spread over many meetings) takes none; the WAL then grew without end.
        The checkpoint runs once the current command has been answered.
        """
        self._writes += 1
        if self._writes >= CHECKPOINT_EVERY and not self._checkpoint_due:
            self._checkpoint_due = True
            asyncio.get_running_loop().call_soon(self._checkpoint)

    def _checkpoint(self) -> None:
        self._checkpoint_due = False
        self._writes = 0
        with contextlib.suppress(sqlite3.Error):  # the next one tries again
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _wait_for_quiet(self, slug: str, delay: float) -> None:
        loop = asyncio.get_running_loop()
        self._waiting[slug] = loop.call_later(delay, self._when_quiet, slug)

    def _when_quiet(self, slug: str) -> None:
        del self._waiting[slug]
        still = self._last_command[slug] + QUIET - time.monotonic()
        if still > 0:
            self._wait_for_quiet(slug, still)
            return
        meeting = self._meetings[slug]
        if meeting.version <= self._snapshots.get(slug, 0):
            return
        try:
            with self._transaction():
                self._snapshot(meeting)
            self._snapshot_taken(meeting)
        except sqlite3.Error as exc:  # the log keeps it all; the next try may succeed
            log.warning("Could not write a snapshot of %s: %s", slug, exc)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _snapshot(self, meeting: Meeting) -> None:
        """Write the whole state (inside a transaction); the log stays, for the record."""
        self._db.execute(
            "UPDATE meetings SET version = ?, state = ? WHERE slug = ?",
            (meeting.version, _encode(meeting), meeting.slug),
        )

    def _snapshot_taken(self, meeting: Meeting) -> None:
        self._snapshots[meeting.slug] = meeting.version
        self._checkpoint()

    async def events(self, slug: str) -> list[Event]:
        db = self._db
        older = db.execute("SELECT event FROM events WHERE slug = ? ORDER BY rowid", (slug,))
        out = [_decode_event(row[0]) for row in older]
        for (events,) in db.execute(
            "SELECT events FROM log WHERE slug = ? ORDER BY version", (slug,)
        ):
            out += _decode_events(events)
        return out

    @asynccontextmanager
    async def watch(self, slug: str) -> AsyncIterator[AsyncIterator[Meeting]]:
        mailbox: Mailbox[Meeting] = Mailbox()
        self._watchers.setdefault(slug, set()).add(mailbox)
        try:
            yield _states(mailbox)
        finally:
            self._watchers[slug].discard(mailbox)
            mailbox.close()

    async def close(self) -> None:
        self._flush()
        for watchers in self._watchers.values():
            for mailbox in watchers:
                mailbox.close()
        for handle in self._waiting.values():
            handle.cancel()
        self._waiting.clear()
        with contextlib.suppress(sqlite3.Error):  # the log keeps what a snapshot would
            for slug, meeting in self._meetings.items():
                if meeting.version > self._snapshots.get(slug, 0):
                    with self._transaction():
                        self._snapshot(meeting)
        self._db.close()
        self._release()

    def _release(self) -> None:
        if self._lock_fd >= 0:
            os.close(self._lock_fd)  # closing the file lets go of the lock
            self._lock_fd = -1


@dataclass(slots=True)
class _Pending:
    """A command applied in memory, waiting for its turn's commit."""

    row: tuple[str, int, int, bytes, bytes, bytes]
    before: Meeting
    new: Meeting
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


def _hold(path: Path) -> int:
    """Lock the data directory for this process, or raise DataDirError.

    Each process keeps every meeting in memory: two processes on one
    directory would each serve their own copy and overwrite the other's.
    """
    fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DataDirError(
            f"The data directory {path} is in use by another Floor process or worker."
            " One data directory serves one process; to run several, share a Redis"
            " instead (--redis URL or FLOOR_REDIS_URL)."
        ) from None
    return fd


@contextmanager
def _saving() -> Iterator[None]:
    """Turn a failed write (full disk, read-only file...) into a clear refusal."""
    try:
        yield
    except sqlite3.Error as exc:
        raise Unavailable(f"the meeting could not be saved; nothing was changed: {exc}") from exc


async def _states(mailbox: Mailbox[Meeting]) -> AsyncIterator[Meeting]:
    while True:
        batch = await mailbox.get()
        if not batch:
            return
        yield batch[-1]
