"""Time budgets and the forecast: how much speaking time a region (or a category)
has left on an item, and when each waiting hand would finish at the time per turn."""

from __future__ import annotations

from dataclasses import dataclass

from floor.domain.limits import turn_limit
from floor.domain.model import AgendaItem, HandKind, Meeting


@dataclass(frozen=True)
class BudgetUse:
    """One group's speaking-time budget on an item, and what its speakers have used."""

    group: str  # a region or a category
    budget: int  # ms
    used: int  # ms of finished turns (pauses not counted)

    @property
    def left(self) -> int:
        """Negative once the group has spoken past its budget."""
        return self.budget - self.used


def budget_use(m: Meeting, item: AgendaItem) -> list[BudgetUse]:
    """Each budget of the item, counted down across the group's finished turns."""
    result = []
    for group, seconds in item.budgets.items():
        used = 0
        for turn in m.turns:
            if turn.item_id != item.id:
                continue
            person = m.participants.get(turn.participant_id)
            if person is not None and group in (person.region, person.category):
                used += turn.duration
        result.append(BudgetUse(group, seconds * 1000, used))
    return result


def forecast_ends(m: Meeting, item: AgendaItem) -> tuple[int, ...]:
    """For each waiting turn in the list's order (questions to the speaker aside), the
    ms from the end of the current turn at which it would end, each at its own time per
    turn: the page compares them with the item's time left."""
    ends = []
    total = 0
    for hand in item.speakers:
        if hand.kind is HandKind.QUESTION:
            continue
        total += turn_limit(m, item, hand) * 1000
        ends.append(total)
    return tuple(ends)


def fitting_limit(room: int, waiting: int) -> int:
    """The time per turn (s, in tens, at least 10) at which `waiting` speeches fit in
    `room` ms."""
    if waiting <= 0:
        return 10
    return max(10, room // 1000 // waiting // 10 * 10)
