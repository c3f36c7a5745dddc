"""The chair's record region as a value: what it shows, compared by its parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from floor.domain.model import Action, HandRaised, Meeting, Note, Participant, Turn
from floor.record import stats as speaking


@dataclass(frozen=True, eq=False)
class Record:
    """What the chair's record region shows: speaking-time statistics, notes and action
    items. Equal while its parts are the same: a chair command that touches none of them
    (a message, a timer, with 20,000 turns on the record) folds nothing again."""

    turns: tuple[Turn, ...]
    raised_hands: tuple[HandRaised, ...]
    participants: dict[str, Participant]
    regions: tuple[str, ...]
    notes: tuple[Note, ...]
    actions: tuple[Action, ...]
    items: tuple[tuple[str, str], ...]  # (id, title) of every agenda item
    current: str | None  # the current item's id
    meeting: Meeting = field(repr=False)  # what the statistics are folded from

    _PARTS: ClassVar[tuple[str, ...]] = (
        "turns", "raised_hands", "participants", "regions", "notes", "actions", "items",
        "current",
    )

    def __eq__(self, other: object) -> bool:
        # The meeting's parts stay the same objects until they change: `is` first, so
        # that 20,000 turns are not compared one by one.
        if not isinstance(other, Record):
            return NotImplemented
        return all(
            getattr(self, name) is getattr(other, name)
            or getattr(self, name) == getattr(other, name)
            for name in self._PARTS
        )

    @cached_property
    def stats(self) -> speaking.Stats:
        return speaking.fold(self.meeting)
