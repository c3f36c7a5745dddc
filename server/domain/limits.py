"""Time per turn: a speech gets the item's time (or its category's), every other
kind its own shorter limit, set per item or for the whole meeting."""

from __future__ import annotations

from floor.domain.model import AgendaItem, Hand, HandKind, Meeting

# Seconds per turn when neither the item nor the meeting says otherwise.
DEFAULT_KIND_LIMITS: dict[HandKind, int] = {
    HandKind.REPLY: 60,
    HandKind.ORDER: 60,
    HandKind.RIGHT_OF_REPLY: 120,
    HandKind.QUESTION: 30,
}
SHORT_KINDS = tuple(DEFAULT_KIND_LIMITS)


def kind_limit(m: Meeting, item: AgendaItem, kind: HandKind) -> int:
    """Seconds per turn of a kind other than a speech on this item."""
    if kind is HandKind.SPEAK:
        return item.speaker_limit
    return item.kind_limits.get(kind) or m.kind_limits.get(kind) or DEFAULT_KIND_LIMITS[kind]


def turn_limit(m: Meeting, item: AgendaItem, hand: Hand) -> int:
    """The seconds this hand gets when it is given the floor."""
    if hand.intro and item.intro_round is not None:
        return item.intro_round.seconds
    if hand.kind is not HandKind.SPEAK:
        return kind_limit(m, item, hand.kind)
    person = m.participants.get(hand.participant_id)
    if person is not None and person.category:
        for category in m.categories:
            if category.name == person.category and category.seconds:
                return category.seconds
    return item.speaker_limit
