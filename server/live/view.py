"""What the pages show, derived from the meeting once per version.

Nothing here depends on the wall clock, so a rendering can be cached per
(meeting, role, version); countdowns carry absolute times and tick in the
browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from floor.domain import names
from floor.domain.budget import BudgetUse, budget_use, forecast_ends
from floor.domain.limits import SHORT_KINDS, kind_limit, turn_limit
from floor.domain.model import (
    ATTENDANCE_LABELS,
    KIND_LABELS,
    POLICY_LABELS,
    AgendaItem,
    Hand,
    HandKind,
    ItemText,
    Meeting,
    Participant,
    Status,
    drift_kind,
)
from floor.domain.text import N_
from floor.domain.timer import Timer
from floor.live.presence import NOBODY, Seen
from floor.live.record import Record

if TYPE_CHECKING:
    from floor.live.booth import NextUp


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


# The values below are what one region shows (see render.PAGES). Each is
# compared by what it is made of, the meeting's own immutable parts, which
# stay the same objects from one version to the next until they change, so
# comparing them is quick; the rows are made only for a region rendered again.


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


@dataclass(frozen=True)
class IntroProgress:
    """The introductions round of the current item, as the chair's button shows it."""

    state: str  # "ready" (not held yet), "running", "done" or "stopped"
    introduced: int
    total: int
    seconds: int


@dataclass(frozen=True)
class QuestionNow:
    """An interposed question being put: who asks, and their clock."""

    person: Participant
    timer: Timer
    speaker_left: int  # ms the speaker still has: their clock stands still meanwhile


@dataclass(frozen=True)
class ScheduleRow:
    """One agenda item as the chair's agenda shows it, and nothing more."""

    index: int
    item_id: str
    title: str
    duration: int  # planned minutes
    presenters: tuple[str, ...]
    speaker_limit: int
    started_at: int | None
    ended_at: int | None
    current: bool
    planned: int  # minutes after midnight, as printed (each page writes it in its language)
    drift_min: int | None  # actual start against the re-anchored plan
    ahead_ms: int | None  # for an item still to come: planned time of the items between
    up_to: int | None  # where "move up" puts it (None: it is first)
    down_to: int | None  # where "move down" puts it (None: it is last)
    removable: bool  # an item that has started stays on the record
    can_go: bool  # the chair may make it current now

    @property
    def drift_kind(self) -> str | None:
        return None if self.drift_min is None else drift_kind(self.drift_min)
    fixed: bool = False
    fields: str = "{}"  # every field the item dialog edits, as JSON for the dialog


@dataclass(frozen=True)
class Agenda:
    """Everything the chair's agenda region shows: a value, so that an equal
    agenda need not be rendered again (it changes a few times an hour, while
    every hand changes the meeting; rendering it was 60% of the chair's page)."""

    rows: tuple[ScheduleRow, ...]
    running: bool
    waiting: bool  # hands are waiting on the current item


@dataclass(frozen=True)
class PlanRow:
    """One item of the printed plan, as the join page and the screen list it before the start."""

    title: str
    planned: int  # minutes after midnight in the meeting's time zone (pages write it)
    at: int | None  # the same moment in epoch ms, when the day and the zone are known
    duration: int
    presenters: tuple[str, ...]


@dataclass(frozen=True)
class View:
    meeting: Meeting
    item: AgendaItem | None
    speaker: Participant | None
    timer: Timer | None  # the countdown to show: the speaker's, else the item's
    timer_label: str
    planned_end: int | None  # the plan's end, re-anchored at the actual start (epoch ms)
    rest_ms: int  # planned time of the items after the current one
    presence: Seen = NOBODY  # the chair's regions show it; no other page does
    # the meeting as stored, when `meeting` is its texts in the page's language
    # (floor.domain.wording): the item dialog edits every language's own text
    source: Meeting | None = None

    kind_labels: ClassVar[dict[str, str]] = {k.value: v for k, v in KIND_LABELS.items()}
    policy_labels: ClassVar[dict[str, str]] = {k.value: v for k, v in POLICY_LABELS.items()}
    attendance_labels: ClassVar[dict[str, str]] = ATTENDANCE

    @cached_property
    def speakers(self) -> PublicSpeakers:
        return PublicSpeakers(
            hands=self.hands,
            participants=self.meeting.participants,
            speaker_limit=self.item.speaker_limit if self.item else 0,
        )

    # Only the chair's page shows these: worked out when first asked for, after
    # the participants and screens have been sent their state.
    @cached_property
    def agenda(self) -> Agenda:
        return Agenda(
            rows=schedule(self.meeting, self.source),
            running=self.meeting.status is Status.RUNNING,
            waiting=self.waiting_count > 0,
        )

    @cached_property
    def chair_speakers(self) -> ChairSpeakers:
        item = self.item
        return ChairSpeakers(
            item=item is not None,
            list_open=item.list_open if item else False,
            closed_points=item.closed_points if item else True,
            speaker_limit=item.speaker_limit if item else 0,
            policy=self.policy_labels[self.meeting.policy.value],
            hands=self.hands,
            participants=self.meeting.participants,
            presence=self.presence,
            question_ready=self.meeting.floor is not None and self.meeting.floor.question is None,
            ends=forecast_ends(self.meeting, item) if item else (),
        )

    @cached_property
    def record(self) -> Record:
        m = self.meeting
        return Record(
            turns=m.turns,
            raised_hands=m.raised_hands,
            participants=m.participants,
            regions=m.regions,
            notes=m.notes,
            actions=m.actions,
            items=tuple((item.id, item.title) for item in m.items),
            current=self.item.id if self.item else None,
            meeting=m,
        )

    @property
    def budgets(self) -> list[BudgetUse]:
        """The current item's speaking-time budgets, counted down across its turns."""
        return budget_use(self.meeting, self.item) if self.item else []

    @property
    def budget_groups(self) -> list[str]:
        """What a budget can be set for: the regions, then the categories."""
        return [*self.meeting.regions, *(k.name for k in self.meeting.categories)]

    @cached_property
    def people(self) -> People:
        return People(
            self.meeting.participants,
            self.presence,
            running=self.running,
            categories=tuple(k.name for k in self.meeting.categories),
            blocked=self.meeting.blocked,
        )

    @property
    def blocked(self) -> str:
        """The ids of the people blocked, for each participant's page to find its own."""
        return " ".join(self.meeting.blocked)

    @property
    def speaker_away(self) -> bool:
        """The person just given the floor has no page open: the chair chooses to wait,
        to skip them for now or to remove them."""
        speaker = self.speaker
        return speaker is not None and self.presence.state(speaker.id) in ("away", "gone")

    @property
    def question(self) -> QuestionNow | None:
        floor = self.meeting.floor
        if floor is None or floor.question is None:
            return None
        person = person_of(self.meeting, floor.question.hand.participant_id)
        left = floor.timer.duration - floor.timer.elapsed_before  # paused while asked
        return QuestionNow(person, floor.question.timer, left)

    @property
    def nudge(self) -> str:
        """The private notice sent to the speaker ("" if none), and when (data attributes:
        only the speaker's own phone shows it)."""
        floor = self.meeting.floor
        return floor.nudge if floor is not None else ""

    @property
    def nudged_at(self) -> int | None:
        floor = self.meeting.floor
        return floor.nudged_at if floor is not None else None

    @property
    def turn_seconds(self) -> int:
        """The current turn's time, by its kind (and the speaker's category)."""
        floor = self.meeting.floor
        if floor is None or self.item is None:
            return 0
        return turn_limit(self.meeting, self.item, floor.hand)

    @property
    def kind_limits(self) -> list[tuple[str, int]]:
        """Each short kind's time per turn on the current item, for the chair to see."""
        if self.item is None:
            return []
        return [(KIND_LABELS[k], kind_limit(self.meeting, self.item, k)) for k in SHORT_KINDS]

    @property
    def limit_values(self) -> dict[str, int]:
        """The short kinds' seconds on the current item, by kind (for the form's fields)."""
        if self.item is None:
            return {}
        return {k.value: kind_limit(self.meeting, self.item, k) for k in SHORT_KINDS}

    @property
    def intro(self) -> IntroProgress | None:
        """The round's progress: shown instead of its button once it has been started."""
        item = self.item
        if item is None or not (item.introductions or item.intro_round):
            return None
        held = item.intro_round
        if held is None:
            return IntroProgress("ready", 0, 0, item.speaker_limit)
        waiting = sum(1 for h in item.speakers if h.intro)
        speaking = self.meeting.floor is not None and self.meeting.floor.hand.intro
        introduced = len(held.queued) - waiting - (1 if speaking else 0)
        if held.stopped:
            state = "stopped"
        elif waiting or speaking:
            state = "running"
        else:
            state = "done"
        return IntroProgress(state, introduced, len(held.queued), held.seconds)

    @property
    def struck_last(self) -> str:
        """Who was last struck from the record, for the chair's confirmation line."""
        if not self.meeting.struck:
            return ""
        return person_of(self.meeting, self.meeting.struck[-1].participant_id).name

    @property
    def hands(self) -> tuple[Hand, ...]:
        return self.item.speakers if self.item else ()

    @property
    def waiting_count(self) -> int:
        return len(self.hands)

    @cached_property
    def next_up(self) -> NextUp:
        """The next speakers with their languages, as the interpreters' booth and the
        room screen list them."""
        from floor.live.booth import next_up

        return next_up(self)

    @property
    def speaker_language(self) -> str:
        """The language the speaker on the floor speaks, as recorded when they were
        called ("" when unsaid, or nobody speaks)."""
        floor = self.meeting.floor
        return floor.language if floor is not None and self.speaker is not None else ""

    @property
    def running(self) -> bool:
        return self.meeting.status is Status.RUNNING

    @property
    def phase(self) -> str:
        """"draft", "running" or "ended": what the pages show, and whether hands can go up."""
        return self.meeting.status.value

    @property
    def hands_usable(self) -> bool:
        """Raising a hand works only while the meeting runs."""
        return self.meeting.status is Status.RUNNING

    @cached_property
    def starts_at(self) -> int | None:
        """The planned start in epoch ms, when the day and the time zone are known."""
        return schedule_start(self.meeting)

    @cached_property
    def plan(self) -> tuple[PlanRow, ...]:
        day_start = self.starts_at
        first = self.meeting.items[0].planned_start if self.meeting.items else 0
        return tuple(
            PlanRow(
                title=item.title,
                planned=item.planned_start,
                at=None if day_start is None
                else day_start + ((item.planned_start - first) % (24 * 60)) * 60_000,
                duration=item.duration,
                presenters=item.presenters,
            )
            for item in self.meeting.items
        )

    @property
    def zone(self) -> str:
        return self.meeting.timezone


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


def build(meeting: Meeting, presence: Seen = NOBODY, source: Meeting | None = None) -> View:
    # Once ended, no item is current: no frozen countdown, no list of speakers.
    item = meeting.item if meeting.status is Status.RUNNING else None
    floor = meeting.floor
    speaker = person_of(meeting, floor.hand.participant_id) if floor else None
    if floor is not None and item is not None and floor.question is not None:
        timer: Timer | None = floor.question.timer
        label = N_("Question time")
    elif floor is not None and item is not None:
        timer = floor.timer
        label = N_("Speaking time")
    else:
        timer = item.timer if item is not None else None
        label = N_("Time for this item")
    return View(
        meeting=meeting,
        item=item,
        speaker=speaker,
        timer=timer,
        timer_label=label,
        planned_end=planned_end(meeting),
        rest_ms=rest_ms(meeting),
        presence=presence,
        source=source,
    )


def rest_ms(meeting: Meeting) -> int:
    """Planned time of every item still to start, other than the current one: an item
    already held takes no more time, one skipped may still come back."""
    return 60_000 * sum(
        item.duration
        for index, item in enumerate(meeting.items)
        if item.started_at is None and index != meeting.current
    )


def planned_end(meeting: Meeting) -> int | None:
    """When the meeting should end by its plan, counted from its actual start."""
    if meeting.started_at is None or not meeting.items:
        return None
    end = max(item.planned_start + item.duration for item in meeting.items)
    return meeting.started_at + (end - meeting.planned_start()) * 60_000


def schedule(meeting: Meeting, source: Meeting | None = None) -> tuple[ScheduleRow, ...]:
    """Planned times as printed, and each started item's drift in minutes.

    The plan is re-anchored at the moment the meeting actually started: an
    item that starts 10 minutes later than its planned offset from the first
    item is 10 minutes behind, whatever the clock on the wall says.
    """
    rows = []
    between = 0  # minutes planned between the current item and this one
    for index, item in enumerate(meeting.items):
        drift = meeting.drift(item)
        ahead = None
        if meeting.current is not None and index > meeting.current and item.started_at is None:
            ahead = between * 60_000
            between += item.duration
        rows.append(
            ScheduleRow(
                index=index,
                item_id=item.id,
                title=item.title,
                duration=item.duration,
                presenters=item.presenters,
                speaker_limit=item.speaker_limit,
                started_at=item.started_at,
                ended_at=item.ended_at,
                current=index == meeting.current,
                planned=item.planned_start,
                drift_min=drift,
                ahead_ms=ahead,
                up_to=index - 1 if index > 0 else None,
                down_to=index + 1 if index < len(meeting.items) - 1 else None,
                removable=item.started_at is None,
                can_go=meeting.status is Status.RUNNING and index != meeting.current,
                fixed=item.fixed,
                fields=dialog_fields(meeting, (source or meeting).items[index]),
            )
        )
    return tuple(rows)


def dialog_fields(meeting: Meeting, item: AgendaItem) -> str:
    """The item as the chair's dialog (and the builder) show it: text boxes, one per line."""
    import msgspec
    from floor.domain.agenda import format_clock
    from floor.domain.agenda_input import bookings_to_text, sub_points_to_text

    booked = [meeting.participants.get(b.participant_id) for b in item.bookings]
    return msgspec.json.encode({
        "title": item.title,
        "start": format_clock(item.planned_start),
        "fixed": item.fixed,
        "duration": item.duration,
        "presenters": ", ".join(item.presenters),
        "speaker_limit": item.speaker_limit,
        "sub_points": sub_points_to_text(item.sub_points),
        "questions": "\n".join(item.questions),
        "bookings": bookings_to_text([
            {"name": p.name, "organization": p.organization, "region": p.region}
            for p in booked if p is not None
        ]),
        "list_open": "true" if item.list_open else "false",
        "introductions": item.introductions,
        **{
            f"translations.{code}.{name}": value
            for code in meeting.languages[1:]
            for name, value in _texts(item.translations.get(code)).items()
        },
    }).decode()


def _texts(text: ItemText | None) -> dict[str, str]:
    """An item's texts in one more language, as the dialog's boxes show them: line by
    line beside the first language's, an empty line where it has none."""
    if text is None:
        return {"title": "", "sub_points": "", "questions": ""}
    points = []
    for point in text.sub_points:
        points.append(point.text)
        points += [f"- {sub}" for sub in _trimmed(list(point.points))]
    return {
        "title": text.title,
        "sub_points": "\n".join(_trimmed(points)),
        "questions": "\n".join(_trimmed(list(text.questions))),
    }


def _trimmed(lines: list[str]) -> list[str]:
    """Without the empty entries at the end: they show the first language anyway."""
    while lines and not lines[-1]:
        lines.pop()
    return lines


def schedule_start(meeting: Meeting) -> int | None:
    """When the meeting is planned to start (epoch ms): its day, its first item's time,
    in its time zone; None unless all three are known."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from floor.record.calendar import meeting_day

    if not meeting.items or not meeting.timezone:
        return None
    day = meeting_day(meeting) if meeting.started_at is None else None
    if day is None:
        return None
    try:
        zone = ZoneInfo(meeting.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    start = datetime.combine(day, datetime.min.time(), zone) + timedelta(
        minutes=meeting.items[0].planned_start
    )
    return int(start.timestamp() * 1000)
