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


__all__ = ["GONE_AFTER_MS", "NOBODY", "Seen", "Tracker"]
