"""Names that the room could take for one another: identical, or alike to the eye.

"Ana Lima" typed with a Cyrillic "А" and "а" looks like Ana Lima on every
screen; under "first-time speakers first" a second browser under her name
would jump the list. Such names are not refused (two people may share a
name) but flagged to the chair. The look-alike test is Unicode's confusables
data, through the `confusables` library, not a table of our own.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import confusables


@lru_cache(maxsize=20_000)
def skeleton(name: str) -> str:
    """What a name looks like: look-alike letters, case and spacing folded together."""
    folded = " ".join(name.split())
    forms = confusables.normalize(folded, prioritize_alpha=True)
    return forms[0] if forms else folded.casefold()


def lookalikes(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For each (id, name) whose name looks like an earlier one's: that earlier name."""
    first: dict[str, str] = {}
    alike: dict[str, str] = {}
    for pid, name in people:
        key = skeleton(name)
        if key in first:
            alike[pid] = first[key]
        else:
            first[key] = name
    return alike
