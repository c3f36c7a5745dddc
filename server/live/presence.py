"""Who has a page open in this process, and who went away when.

A `Tracker` counts each participant's open pages as they connect and go; a
change is only when the first page opens or the last one goes (a second tab is
none). `snapshot` is an immutable `Seen`, compared by version alone, so the
chair's regions that show presence are rendered again only when it changed,
and no other page ever is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from floor.domain.presence import GONE_AFTER_MS, Presence, presence_of
from floor.store.base import Elsewhere


@dataclass(frozen=True, eq=False, slots=True)
class Seen:
    """Presence as of one version: what the chair's rows show."""

    version: int
    present: frozenset[str] = frozenset()
    away: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    gone: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Seen) and other.version == self.version

    def __hash__(self) -> int:
        return self.version

    def state(self, pid: str) -> str:
        """"present", "away", "gone", or "" (never had a page here)."""
        if pid in self.present:
            return Presence.PRESENT.value
        if pid in self.away:
            return Presence.AWAY.value
        if pid in self.gone:
            return Presence.GONE.value
        return ""

    def since(self, pid: str) -> int | None:
        """When the person's last page went (epoch ms), if it did."""
        return self.away.get(pid, self.gone.get(pid))


NOBODY = Seen(0)


class Tracker:
    def __init__(self) -> None:
        self._pages: dict[str, int] = {}
        self._left: dict[str, int] = {}  # pid -> when their last page went (epoch ms)
        self._gone: set[str] = set()
        self._lost: set[str] = set()  # whose last page went without a goodbye
        self.version = 0
        self._seen = NOBODY

    def opened(self, pid: str) -> bool:
        """A page of `pid` connected; True when that made them present."""
        count = self._pages.get(pid, 0)
        self._pages[pid] = count + 1
        if count:
            return False
        self._left.pop(pid, None)
        self._gone.discard(pid)
        self._lost.discard(pid)
        self.version += 1
        return True

    def closed(self, pid: str, now: int, *, lost: bool = True) -> bool:
        """A page of `pid` went (`lost`: without closing, as a phone off the network
        does); True when it was their last (they are away now)."""
        count = self._pages.get(pid, 0) - 1
        if count > 0:
            self._pages[pid] = count
            return False
        self._pages.pop(pid, None)
        self._left[pid] = now
        if lost:
            self._lost.add(pid)
        self.version += 1
        return True

    def settle(self, now: int) -> bool:
        """Those away for GONE_AFTER_MS are gone now; True if anyone was."""
        if not self._left:
            return False
        newly = {
            pid for pid, since in self._left.items()
            if pid not in self._gone and presence_of(0, since, now) is Presence.GONE
        }
        if not newly:
            return False
        self._gone |= newly
        self.version += 1
        return True

    def pages(self, pid: str) -> int:
        return self._pages.get(pid, 0)

    def present(self) -> frozenset[str]:
        """Those with a page open here."""
        return frozenset(self._pages)

    def left(self, pid: str) -> tuple[int, bool] | None:
        """When `pid`'s last page here went and whether it was lost, if it went."""
        since = self._left.get(pid)
        return None if since is None else (since, pid in self._lost)

    def lost(self) -> dict[str, int]:
        """Those whose last page stopped answering rather than closing, and since when."""
        return {pid: self._left[pid] for pid in self._lost}

    def snapshot(self) -> Seen:
        if self._seen.version != self.version:
            away = {p: t for p, t in self._left.items() if p not in self._gone}
            gone = {p: self._left[p] for p in self._gone}
            self._seen = Seen(
                self.version, frozenset(self._pages), MappingProxyType(away),
                MappingProxyType(gone),
            )
        return self._seen


class Shared:
    """Presence where several processes serve the meeting: this process's pages (a
    `Tracker`, told at once) and the others' (`Elsewhere`, as last read from the
    board), as one `Seen`. Present anywhere is present; otherwise away (or gone)
    since the latest time a page went, on whichever process.

    `opened`, `closed`, `settle`, `snapshot` and `lost` are the Tracker's, so a
    room uses either; `take_left` hands over the goings this process has not
    written to the board yet.
    """

    def __init__(self) -> None:
        self.local = Tracker()
        self.elsewhere = Elsewhere()
        self._now = 0
        self._merged: tuple[int, Elsewhere, int] | None = None  # what _seen was made of
        self._key: tuple[frozenset[str], Mapping[str, int], Mapping[str, int]] | None = None
        self._seen = NOBODY
        self._lost: dict[str, int] = {}
        self._unwritten: dict[str, tuple[int, bool]] = {}

    @property
    def version(self) -> int:
        return self.snapshot().version

    def opened(self, pid: str) -> bool:
        return self.local.opened(pid)

    def closed(self, pid: str, now: int, *, lost: bool = True) -> bool:
        went = self.local.closed(pid, now, lost=lost)
        if went:
            self._unwritten[pid] = (now, lost)
        return went

    def take_left(self) -> dict[str, tuple[int, bool]]:
        """The goings not written to the board yet (put back with `untake` if the
        write fails)."""
        taken, self._unwritten = self._unwritten, {}
        return taken

    def untake(self, left: Mapping[str, tuple[int, bool]]) -> None:
        for pid, went in left.items():
            self._unwritten.setdefault(pid, went)

    def update(self, elsewhere: Elsewhere, now: int) -> bool:
        """The board's latest; True when that changed what the chair sees."""
        before = self.snapshot()
        self.elsewhere = elsewhere
        self._now = now
        return self.snapshot() is not before

    def settle(self, now: int) -> bool:
        before = self.snapshot()
        self.local.settle(now)
        self._now = now
        return self.snapshot() is not before

    def lost(self) -> dict[str, int]:
        self.snapshot()
        return dict(self._lost)

    def snapshot(self) -> Seen:
        merged = self._merged
        if (
            merged is not None and merged[0] == self.local.version
            and merged[1] is self.elsewhere and merged[2] == self._now
        ):
            return self._seen
        self._merged = (self.local.version, self.elsewhere, self._now)
        present = self.local.present() | self.elsewhere.present
        left: dict[str, tuple[int, bool]] = {
            pid: went for pid, went in self.elsewhere.left.items() if pid not in present
        }
        here = self.local.snapshot()
        for pid in here.away.keys() | here.gone.keys():
            went = self.local.left(pid)
            if pid not in present and went is not None and went[0] >= left.get(pid, (0, False))[0]:
                left[pid] = went
        away: dict[str, int] = {}
        gone: dict[str, int] = {}
        for pid, (since, _) in left.items():
            state = presence_of(0, since, max(self._now, since))
            (gone if state is Presence.GONE else away)[pid] = since
        self._lost = {pid: since for pid, (since, lost) in left.items() if lost}
        key = (present, away, gone)
        if key != self._key:
            self._key = key
            self._seen = Seen(
                self._seen.version + 1, present, MappingProxyType(away), MappingProxyType(gone)
            )
        return self._seen


__all__ = ["GONE_AFTER_MS", "NOBODY", "Seen", "Shared", "Tracker"]
