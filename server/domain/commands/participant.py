"""A participant's own commands: their profile and their hand."""

from __future__ import annotations

from floor.domain.commands.base import Command, LanguageCode, Name, Short
from floor.domain.model import Attendance, HandKind


class Register(Command, tag="register"):
    name: Name
    organization: Short = ""
    region: Short = ""
    focus: Short = ""
    attendance: Attendance = Attendance.ROOM
    category: Short = ""
    language: LanguageCode = ""  # the language they will speak: one of the meeting's


class RaiseHand(Command, tag="raise_hand"):
    kind: HandKind = HandKind.SPEAK
    topic: Short = ""
    reply_to: Short = ""  # for a right of reply: to whom


class LowerHand(Command, tag="lower_hand"):
    pass


class Back(Command, tag="back"):
    """A participant whose hand was deferred while they were away is back (their page
    says so when it reconnects): the hand is called again in its turn."""
