"""The chair's commands on the people present: checking them in, their categories,
and, against abuse of the list of speakers, removing hands and blocking a person."""

from __future__ import annotations

from typing import Annotated

import msgspec

from floor.domain.commands.base import Command, Short


class SetPresent(Command, tag="set_present"):
    """The chair checks a person in (present) or out."""

    participant_id: Short
    present: bool


class SetCategory(Command, tag="set_category"):
    participant_id: Short
    category: Short  # "" for none


class RemoveHands(Command, tag="remove_hands"):
    """Several waiting hands taken off the list at once (and, with `block`, the people
    who raised them blocked)."""

    hand_ids: Annotated[tuple[int, ...], msgspec.Meta(min_length=1, max_length=500)]
    block: bool = False


class BlockParticipant(Command, tag="block_participant"):
    """A person may no longer ask for the floor in this meeting (`blocked`), or may again."""

    participant_id: Short
    blocked: bool = True
