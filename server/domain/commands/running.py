"""The chair's commands that run the meeting: its start and end, the items in turn,
the clocks, the times per turn, and what the room screen shows."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from floor.domain.commands.base import Command, DeltaSeconds, Seconds, Short, Text, TurnSeconds


class StartMeeting(Command, tag="start_meeting"):
    pass


class EndMeeting(Command, tag="end_meeting"):
    pass


class ReopenMeeting(Command, tag="reopen_meeting"):
    """Undo an end: the meeting runs again on the item it ended on; the pause is logged."""


class SetThanks(Command, tag="set_thanks"):
    """The line the room screen shows once the meeting has ended ("" for none)."""

    text: Annotated[str, msgspec.Meta(max_length=200)]


class GotoItem(Command, tag="goto_item"):
    item_id: Short


class NextItem(Command, tag="next_item"):
    pass


class PrevItem(Command, tag="prev_item"):
    pass


class TimerControl(Command, tag="timer"):
    timer: Literal["item", "speaker"]
    action: Literal["start", "pause", "reset", "adjust"]
    seconds: DeltaSeconds = 0  # for "adjust": added (or, negative, taken away)


class Nudge(Command, tag="nudge"):
    """A private notice to the current speaker's phone."""

    what: Literal["wrap_up", "thirty_seconds"]


class SetSpeakerLimit(Command, tag="set_speaker_limit"):
    seconds: TurnSeconds


class SetKindLimits(Command, tag="set_kind_limits"):
    """Seconds per turn of the short kinds, for one item or ("") for the whole meeting."""

    reply: TurnSeconds
    order: TurnSeconds
    right_of_reply: TurnSeconds
    question: TurnSeconds
    item_id: Short = ""


class SetBudget(Command, tag="set_budget"):
    """A region's (or a category's) speaking-time budget on an item; 0 removes it."""

    group: Short
    seconds: Seconds
    item_id: Short = ""  # "" is the current item


class ShowMessage(Command, tag="show_message"):
    text: Text  # empty clears the banner


class Highlight(Command, tag="highlight"):
    """Show one of the current item's questions or sub-points on the screen ("" clears)."""

    text: Text
