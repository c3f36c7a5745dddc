"""The store contract: where meetings live. Every store passes the same tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

from floor.domain.commands import Actor, Command
from floor.domain.meeting import Event
from floor.domain.model import Meeting
from floor.store.allowance import Allowance


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """Participants' pages on the other processes serving a meeting, as a board says."""

    present: frozenset[str] = frozenset()  # with a page open on a live process
    # Whose page went (closed, lost, or on a process that stopped), when, and whether
    # it went without a goodbye: pid -> (epoch ms, lost).
    left: Mapping[str, tuple[int, bool]] = field(default_factory=dict)


class PresenceBoard(Protocol):
    """Where the processes that serve a meeting say which participants have pages open
    on them, so that every chair page sees everyone's presence."""

    async def write(
        self, slug: str, pages: Collection[str] | None, left: Mapping[str, tuple[int, bool]],
        *, announce: bool,
    ) -> bool:
        """This process's participants with pages open now (None: the same as written
        last), which also says it is alive, and whose last page here went since the
        last write; `announce`: tell the other processes at once. False when the
        board no longer had this process's pages for None (a reader took it for
        stopped): write them again. Raises Unavailable."""

    async def read(self, slug: str, *, full: bool) -> Elsewhere | None:
        """What the other processes said; not `full`: None unless a process was found
        stopped since (cheaper, for a heartbeat). A process that has not said
        anything for a few seconds has stopped: its participants' pages are lost.
        Raises Unavailable."""

    def on_news(self, listener: Callable[[str], None]) -> None:
        """Call `listener(slug)` when another process announces a change."""


class Store(Protocol):
    # Where several processes serve the same meetings (Redis), the board on which they
    # share who is present; None when this process's pages are all the pages.
    presence: PresenceBoard | None
    # Rate allowances (creation per address, participants per meeting), counted where
    # every process that serves the meetings shares them.
    allowance: Allowance

    async def create(self, meeting: Meeting, chair_key: str) -> None:
        """Add a new meeting; DomainError("slug_taken") if the slug is in use."""

    async def load(self, slug: str) -> Meeting | None:
        """The current state, or None for an unknown slug."""

    async def chair_key(self, slug: str) -> str | None:
        """The chair's secret for the meeting, or None for an unknown slug."""

    async def set_chair_key(self, slug: str, chair_key: str) -> None:
        """Replace the chair's secret (old links stop working); DomainError for an unknown slug."""

    def on_chair_key_replaced(self, listener: Callable[[str | None], None]) -> None:
        """Call `listener(slug)` whenever a meeting's chair key is replaced, here or elsewhere.

        `listener(None)`: any key may have been replaced (the store lost touch
        with other processes for a while).
        """
    async def team_key(self, slug: str, role: str) -> str | None:
        """The secret of a team link ("secretariat", "timekeeper"...), None if there is none."""

    async def set_team_key(self, slug: str, role: str, key: str | None) -> None:
        """Give a team role a new secret, or none (the link is revoked); DomainError for an
        unknown slug."""

    async def add_owned(self, owner: str, slug: str) -> None:
        """Remember that the browser known by `owner` (a hash of its cookie) made `slug`."""

    async def owned(self, owner: str) -> list[str]:
        """The meetings made by the browser known by `owner`, oldest first."""

    async def slugs(self) -> list[str]:
        """Every meeting's slug, oldest first."""

    async def apply(self, slug: str, command: Command, actor: Actor, now: int) -> Meeting:
        """Apply a command atomically, persist it with its events, publish the new state.

        Raises DomainError for a refused command (nothing is written) and
        DomainError("no_such_meeting") for an unknown slug.
        """

    async def events(self, slug: str) -> list[Event]:
        """The meeting's event log, oldest first."""

    def watch(self, slug: str) -> AbstractAsyncContextManager[AsyncIterator[Meeting]]:
        """Subscribe to a meeting's new states (latest wins; versions may be skipped)."""

    async def close(self) -> None:
        """Release connections and files."""
