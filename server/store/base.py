"""The store contract: where meetings live. Every store passes the same tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from floor.domain.commands import Actor, Command
from floor.domain.meeting import Event
from floor.domain.model import Meeting
from floor.store.allowance import Allowance


class Store(Protocol):
    # Whether other processes serve the same meetings (Redis): a process then sees only
    # its own pages, so it cannot tell who is present.
    shared: bool
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
