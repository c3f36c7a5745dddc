"""The chair's (and the secretariat's) commands on the list of speakers: opening it,
calling, moving and removing hands, undoing a mistake, interposed questions and the
introductions round."""

from __future__ import annotations

from typing import Annotated

import msgspec

from floor.domain.commands.base import Command, LanguageCode, Name, Short
from floor.domain.model import Attendance, HandKind, Policy


class SetListOpen(Command, tag="set_list_open"):
    open: bool


class CallNext(Command, tag="call_next"):
    pass


class CallHand(Command, tag="call_hand"):
    hand_id: int


class FinishTurn(Command, tag="finish_turn"):
    pass


class MoveHand(Command, tag="move_hand"):
    hand_id: int
    to: Annotated[int, msgspec.Meta(ge=0)]  # 0-based position in the queue


class RemoveHand(Command, tag="remove_hand"):
    hand_id: int


class SetPolicy(Command, tag="set_policy"):
    policy: Policy


class AddSpeaker(Command, tag="add_speaker"):
    """The chair puts someone on the list: a person present (by `participant_id`), a
    known phone caller again (matched by name and organization), or someone new by name."""

    name: Name = ""
    organization: Short = ""
    region: Short = ""
    attendance: Attendance = Attendance.PHONE
    kind: HandKind = HandKind.SPEAK
    topic: Short = ""
    participant_id: Short = ""
    reply_to: Short = ""  # for a right of reply: to whom
    language: LanguageCode = ""  # the language they will speak ("" leaves it as it is)


class PutBack(Command, tag="put_back"):
    """The speaker just called was called by mistake: their turn is struck and they
    go back to the top of the list."""


class DeferTurn(Command, tag="defer_turn"):
    """The speaker just called is away: skip them for now. Their turn is struck, their
    hand keeps its place, marked deferred, and is passed over until they are back."""


class WithdrawSpeaker(Command, tag="withdraw_speaker"):
    """The current speech is struck from the record and the clock stopped."""


class SetHandKind(Command, tag="set_hand_kind"):
    hand_id: int
    kind: HandKind


class ClearList(Command, tag="clear_list"):
    pass


class EndQuestion(Command, tag="end_question"):
    """The interposed question is over: the speaker resumes with the time they had."""


class StartIntroductions(Command, tag="start_introductions"):
    seconds: Annotated[int, msgspec.Meta(ge=10, le=600)] = 60


class StopIntroductions(Command, tag="stop_introductions"):
    pass


class SetClosedPoints(Command, tag="set_closed_points"):
    """Whether points of order and rights of reply are taken while the current item's
    list is closed."""

    allowed: bool
