"""Who may create meetings at `/`, and how fast.

Anyone who can reach `/` may create a meeting unless FLOOR_CREATE_KEY is
set (organizers only: the form then asks for that key). Either way, each
address may create at most `per_address` meetings in a burst, refilled at
`per_address_rate` a second, and the site holds at most `total` meetings
(FLOOR_MAX_MEETINGS). The counts are the store's (floor.store.allowance): in
the process on the embedded store, in Redis for every process on Redis.

Before any of that, every request to the builder (GET or POST `/`) takes one
from its address's `BuilderAllowance`: a person clicks a few times a second at
most, a script looping on `/` is answered a small 429 page, rendered once per
language, before its form is read (the builder's page cost 6 ms a view).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from floor.access import key_matches
from floor.domain.errors import DomainError, Refusal
from floor.store.allowance import Allowance, LocalAllowance


@dataclass
class CreationLimits:
    per_address: int = 10
    per_address_rate: float = 1 / 60  # one more a minute
    total: int = 5_000
    key: str | None = None

    @classmethod
    def from_env(cls) -> CreationLimits:
        total = os.environ.get("FLOOR_MAX_MEETINGS")
        per_address = os.environ.get("FLOOR_CREATE_PER_ADDRESS")
        return cls(
            per_address=int(per_address) if per_address else cls.per_address,
            total=int(total) if total else cls.total,
            key=os.environ.get("FLOOR_CREATE_KEY") or None,
        )

    async def check(
        self, address: str, given_key: str, meetings: int, allowance: Allowance
    ) -> None:
        """Raise DomainError (in plain words) if this address may not create one now."""
        if self.key is not None and not key_matches(given_key, self.key):
            raise DomainError(Refusal.CREATE_KEY_REQUIRED)
        if meetings >= self.total:
            raise DomainError(Refusal.TOO_MANY_MEETINGS)
        wait = await allowance.take(f"create:{address}", self.per_address_rate, self.per_address)
        if wait > 0:
            raise DomainError(Refusal.CREATE_RATE_LIMITED, wait=int(wait) + 1)


@dataclass
class BuilderAllowance:
    """Requests to the builder at `/` per address: `burst` at once, then a tenth of it
    a second (FLOOR_BUILDER_PER_ADDRESS sets `burst`). Counted in each process, in
    memory: a store's round trip for every request would cost what it saves. The
    meetings' own pages are not counted: a venue's whole room may share one address."""

    burst: int = 30
    buckets: LocalAllowance = field(default_factory=LocalAllowance)

    @property
    def rate(self) -> float:
        return self.burst / 10

    @classmethod
    def from_env(cls) -> BuilderAllowance:
        value = os.environ.get("FLOOR_BUILDER_PER_ADDRESS")
        return cls(burst=max(1, int(value))) if value else cls()

    def wait(self, address: str) -> float:
        """0.0 if the address may have the builder now (one is taken), else the seconds
        until it may."""
        return self.buckets.take_now(f"builder:{address}", self.rate, self.burst)
