"""Whether a participant is in the meeting right now, from their pages.

A participant is present while a page of theirs is connected; away from the
moment the last one went (a phone asleep, a lift, a closed tab), with the time
it went; gone once away for GONE_AFTER_MS (they left, or the phone is off for
good). Someone who never had a page (a caller added by the chair) is none of
these. The clock is an input, as everywhere in the core.
"""

from __future__ import annotations

import enum

GONE_AFTER_MS = 10 * 60_000


class Presence(enum.Enum):
    PRESENT = "present"
    AWAY = "away"
    GONE = "gone"


def presence_of(pages: int, away_since: int | None, now: int) -> Presence | None:
    """`pages` connected now; `away_since`: when the last one went (None: never had one)."""
    if pages > 0:
        return Presence.PRESENT
    if away_since is None:
        return None
    return Presence.GONE if now - away_since >= GONE_AFTER_MS else Presence.AWAY
