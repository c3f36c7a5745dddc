"""Names that the room could take for one another: identical, or alike to the eye.

"Ana Lima" typed with a Cyrillic "А" and "а" looks like Ana Lima on every
screen; under "first-time speakers first" a second browser under her name
would jump the list. Such names are not refused (two people may share a
name) but flagged to the chair, among the people present and in the list of
speakers; and such a newcomer is not put ahead as a first-time speaker when
the name it looks like has been heard (floor.domain.ordering). The look-alike
test is Unicode's confusables data, through the `confusables` library, not a
table of our own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import confusables

from floor.domain.model import Participant


@lru_cache(maxsize=20_000)
def skeleton(name: str) -> str:
    """What a name looks like: look-alike letters, case and spacing folded together."""
    folded = " ".join(name.split())
    forms = confusables.normalize(folded, prioritize_alpha=True)
    return forms[0] if forms else folded.casefold()


def present_lookalikes(participants: Mapping[str, Participant]) -> dict[str, Participant]:
    """The one rule, wherever names are shown: for each person present whose name is
    identical or confusable with that of someone present who joined earlier, that
    earlier person."""
    present = sorted(
        (p for p in participants.values() if p.present), key=lambda p: (p.joined_at, p.id)
    )
    first: dict[str, Participant] = {}
    alike: dict[str, Participant] = {}
    for person in present:
        key = skeleton(person.name)
        if key in first:
            alike[person.id] = first[key]
        else:
            first[key] = person
    return alike


def heard_alike(
    participants: Mapping[str, Participant], spoken: set[str], newcomers: Iterable[str]
) -> set[str]:
    """Those of `newcomers` (present, not spoken yet) whose name is identical or
    confusable with that of someone present who joined earlier and has spoken: the
    room has heard that name already.

    Looks at the speakers and the newcomers only, not at everyone present: it runs
    on every hand raised under "first-time speakers first"."""
    voices: dict[str, tuple[int, str]] = {}  # a name's look, and who said it first
    for pid in spoken:
        person = participants.get(pid)
        if person is not None and person.present:
            key, rank = skeleton(person.name), (person.joined_at, person.id)
            if key not in voices or rank < voices[key]:
                voices[key] = rank
    heard = set()
    for pid in newcomers:
        person = participants.get(pid)
        if person is None or not person.present or not voices:
            continue
        first = voices.get(skeleton(person.name))
        if first is not None and first < (person.joined_at, person.id):
            heard.add(pid)
    return heard
