"""What the pages show, derived from the meeting once per version.

Nothing here depends on the wall clock, so a rendering can be cached per
(meeting, role, version); countdowns carry absolute times and tick in the
browser. The list of speakers and the people present are worked out in
`floor.live.speakers`, the agenda in `floor.live.schedule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from floor.domain.budget import BudgetUse, budget_use, forecast_ends
from floor.domain.limits import SHORT_KINDS, kind_limit, turn_limit
from floor.domain.model import (
    KIND_LABELS,
    POLICY_LABELS,
    AgendaItem,
    Hand,
    Meeting,
    Participant,
    Status,
)
from floor.domain.text import N_
from floor.domain.timer import Timer
from floor.live.presence import NOBODY, Seen
from floor.live.record import Record
from floor.live.schedule import (
    Agenda,
    PlanRow,
    Preview,
    planned_end,
    rest_ms,
    schedule,
    schedule_start,
)
from floor.live.speakers import (
    ATTENDANCE,
    ChairSpeakers,
    People,
    PublicSpeakers,
    person_of,
)

if TYPE_CHECKING:
    from floor.live.booth import NextUp


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

    @cached_property
    def preview(self) -> Preview | None:
        """The participant's page before the start (None once an item is current, and
        once ended): a kept region, rendered again only when it changes."""
        m = self.meeting
        if self.item is not None or m.status is Status.ENDED:
            return None
        return Preview(
            date=m.date, venue=m.venue, remote=m.remote, dial_in=m.dial_in,
            remote_link=m.remote_link, zone=m.timezone, rows=self.plan,
        )



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

