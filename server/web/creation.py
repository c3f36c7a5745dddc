"""Who may create meetings at `/`, and how fast.

Anyone who can reach `/` may create a meeting unless FLOOR_CREATE_KEY is
set (organizers only: the form then asks for that key). Either way, each
address may create at most `per_address` meetings in a burst, refilled at
`per_address_rate` a second, and the site holds at most `total` meetings
(FLOOR_MAX_MEETINGS). Counts are kept per process: with several processes
each allows its share.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from floor.access import key_matches
from floor.domain.errors import DomainError, Refusal

MAX_ADDRESSES = 10_000  # addresses remembered; the fullest buckets are forgotten first


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class CreationLimits:
    per_address: int = 10
    per_address_rate: float = 1 / 60  # one more a minute
    total: int = 5_000
    key: str | None = None
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> CreationLimits:
        total = os.environ.get("FLOOR_MAX_MEETINGS")
        per_address = os.environ.get("FLOOR_CREATE_PER_ADDRESS")
        return cls(
            per_address=int(per_address) if per_address else cls.per_address,
            total=int(total) if total else cls.total,
            key=os.environ.get("FLOOR_CREATE_KEY") or None,
        )

    def check(self, address: str, given_key: str, meetings: int) -> None:
        """Raise DomainError (in plain words) if this address may not create one now."""
        if self.key is not None and not key_matches(given_key, self.key):
            raise DomainError(Refusal.CREATE_KEY_REQUIRED)
        if meetings >= self.total:
            raise DomainError(Refusal.TOO_MANY_MEETINGS)
        now = time.monotonic()
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) >= MAX_ADDRESSES:
                self._forget(now)
            bucket = self._buckets[address] = _Bucket(float(self.per_address), now)
        bucket.tokens = min(
            self.per_address, bucket.tokens + (now - bucket.at) * self.per_address_rate
        )
        bucket.at = now
        if bucket.tokens < 1:
            wait = int((1 - bucket.tokens) / self.per_address_rate) + 1
            raise DomainError(Refusal.CREATE_RATE_LIMITED, wait=wait)
        bucket.tokens -= 1

    def _forget(self, now: float) -> None:
        """Drop the addresses whose bucket has refilled (they lose nothing), or the oldest."""
        full = [
            a for a, b in self._buckets.items()
            if b.tokens + (now - b.at) * self.per_address_rate >= self.per_address
        ]
        for address in full or sorted(self._buckets, key=lambda a: self._buckets[a].at)[:1000]:
            del self._buckets[address]
