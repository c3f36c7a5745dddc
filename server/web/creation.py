"""Who may create meetings at `/`, and how fast.

Anyone who can reach `/` may create a meeting unless FLOOR_CREATE_KEY is
set (organizers only: the form then asks for that key). Either way, each
address may create at most `per_address` meetings in a burst, refilled at
`per_address_rate` a second, and the site holds at most `total` meetings
(FLOOR_MAX_MEETINGS). The counts are the store's (floor.store.allowance): in
the process on the embedded store, in Redis for every process on Redis.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from floor.access import key_matches
from floor.domain.errors import DomainError, Refusal
from floor.store.allowance import Allowance


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
