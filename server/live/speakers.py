"""The list of speakers and the people present, as the pages show them.

Each value is what one region shows (see render.PAGES), compared by what it is made
of: the meeting's own immutable parts, which stay the same objects from one version
to the next until they change, so comparing them is quick; the rows are made only
for a region rendered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, NamedTuple

from floor.domain import names
from floor.domain.model import (
    ATTENDANCE_LABELS,
    KIND_LABELS,
    Hand,
    HandKind,
    Meeting,
    Participant,
)
from floor.live.presence import NOBODY, Seen


class Row(NamedTuple):
    """One waiting hand, with who it is (a tuple: a thousand are made per version).

    `up_to` and `down_to`: the list index the hand moves to with "move up" and
    "move down" (None where it cannot go further)."""

    position: int
    hand: Hand
    person: Participant
    kind: str
    up_to: int | None
    down_to: int | None


ATTENDANCE = {k.value: v for k, v in ATTENDANCE_LABELS.items()}

@dataclass(frozen=True)
class _SpeakerList:
    """The waiting hands and who they are; the rows made when first asked for."""

    hands: tuple[Hand, ...]
    participants: dict[str, Participant]

    @cached_property
    def rows(self) -> list[Row]:
        return rows_of(self.hands, self.participants)


@dataclass(frozen=True)
class PublicSpeakers(_SpeakerList):
    """The list of speakers as a participant's page shows it."""

    speaker_limit: int

    names_shown: ClassVar[int] = 20  # names a participant's phone lists

    @property
    def order(self) -> str:
        """Every waiting participant's id in speaking order, for each page to find its own."""
        return " ".join(row.hand.participant_id for row in self.rows)

    @property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(row.hand.reason for row in self.rows))

    @property
    def deferred(self) -> str:
        """"pid:called_at" for each hand skipped for now while its person was away: their
        page, back, says when they were called (and tells the server they are back)."""
        return " ".join(
            f"{row.hand.participant_id}:{row.hand.deferred_at}"
            for row in self.rows if row.hand.deferred_at is not None
        )

    @property
    def why(self) -> str:
        """For each waiting hand, the index of its reason in `reasons`."""
        index = {reason: i for i, reason in enumerate(self.reasons)}
        return " ".join(str(index[row.hand.reason]) for row in self.rows)


@dataclass(frozen=True)
class ChairSpeakers(_SpeakerList):
    """The list of speakers as the chair's page shows it."""

    item: bool  # an item is current
    list_open: bool
    speaker_limit: int
    policy: str  # the speaking order, as a person reads it
    presence: Seen = NOBODY  # who has a page open: every row says so

    closed_points: bool = True  # points of order and rights of reply taken while closed
    question_ready: bool = False  # someone has the floor and no question is being put
    # when each waiting speech would end after the current turn, at its time per turn (ms)
    ends: tuple[int, ...] = ()

    chair_rows: ClassVar[int] = 40  # waiting hands the chair sees with their controls
    attendance_labels: ClassVar[dict[str, str]] = ATTENDANCE
    # the kinds a waiting hand can be changed to (a question goes only to a speaker)
    kind_choices: ClassVar[tuple[tuple[str, str], ...]] = tuple(
        (k.value, v) for k, v in KIND_LABELS.items() if k is not HandKind.QUESTION
    )

    def call(self, row: Row) -> str | None:
        """The button that gives a waiting hand its turn: "call", "allow" for an
        interposed question when it can be put now, or None."""
        if row.hand.kind is not HandKind.QUESTION:
            return "call"
        return "allow" if self.question_ready else None

    @cached_property
    def lookalikes(self) -> dict[str, str]:
        """Waiting people whose name is identical or confusable with that of someone
        present who joined earlier: that name (the rule of the people present)."""
        return {pid: p.name for pid, p in names.present_lookalikes(self.participants).items()}

    @property
    def speeches_waiting(self) -> bool:
        """Someone other than a questioner waits: "call next" has someone to call."""
        return any(h.kind is not HandKind.QUESTION for h in self.hands)


@dataclass(frozen=True)
class People:
    """Who is present, as the chair's page lists them; and who is not, to check in."""

    participants: dict[str, Participant]
    presence: Seen = NOBODY
    running: bool = False  # people can be added to the list
    categories: tuple[str, ...] = ()  # the meeting's speaker categories, if any
    blocked: tuple[str, ...] = ()  # who the chair has blocked from asking for the floor

    shown: ClassVar[int] = 300  # people listed by name
    attendance_labels: ClassVar[dict[str, str]] = ATTENDANCE

    @cached_property
    def present(self) -> list[Participant]:
        return sorted(
            (p for p in self.participants.values() if p.present),
            key=lambda p: (p.joined_at, p.id),
        )

    @cached_property
    def lookalikes(self) -> dict[str, str]:
        """Who is present under a name identical or confusable with an earlier one's."""
        return {pid: p.name for pid, p in names.present_lookalikes(self.participants).items()}

    @cached_property
    def absent(self) -> list[Participant]:
        return sorted(
            (p for p in self.participants.values() if not p.present),
            key=lambda p: (p.name.casefold(), p.id),
        )



def person_of(meeting: Meeting, pid: str) -> Participant:
    return _person(meeting.participants, pid)


def _person(participants: dict[str, Participant], pid: str) -> Participant:
    return participants.get(pid) or Participant(id=pid, name="(unknown)")


def rows_of(hands: tuple[Hand, ...], participants: dict[str, Participant]) -> list[Row]:
    last = len(hands) - 1
    return [
        Row(
            i + 1,
            e,
            _person(participants, e.participant_id),
            KIND_LABELS[e.kind],
            i - 1 if i > 0 else None,
            i + 1 if i < last else None,
        )
        for i, e in enumerate(hands)
    ]

