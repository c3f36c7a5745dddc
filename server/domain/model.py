"""The meeting aggregate: plain frozen values, changed only by `apply`."""

from __future__ import annotations

import enum

import msgspec

from floor.domain.text import N_
from floor.domain.timer import Timer


class Attendance(enum.Enum):
    ROOM = "room"
    REMOTE = "remote"
    PHONE = "phone"


class HandKind(enum.Enum):
    SPEAK = "speak"
    REPLY = "reply"  # direct reply to the current speaker
    ORDER = "order"  # point of order
    RIGHT_OF_REPLY = "right_of_reply"  # waits to the end of the item's list (UN practice)
    QUESTION = "question"  # an interposed question to the current speaker


class Policy(enum.Enum):
    FCFS = "fcfs"
    FIRST_TIME = "first_time"
    BALANCE_REGIONS = "balance_regions"
    ALTERNATE = "alternate"
    BALANCE_TIME = "balance_time"


class Status(enum.Enum):
    DRAFT = "draft"
    RUNNING = "running"
    ENDED = "ended"


KIND_LABELS = {
    HandKind.SPEAK: N_("Speak"),
    HandKind.REPLY: N_("Direct reply"),
    HandKind.ORDER: N_("Point of order"),
    HandKind.RIGHT_OF_REPLY: N_("Right of reply"),
    HandKind.QUESTION: N_("Interposed question"),
}
POLICY_LABELS = {
    Policy.FCFS: N_("First come, first served"),
    Policy.FIRST_TIME: N_("First-time speakers first"),
    Policy.BALANCE_REGIONS: N_("Balance regions"),
    Policy.ALTERNATE: N_("Alternate room and remote"),
    Policy.BALANCE_TIME: N_("Balance speaking time"),
}
ATTENDANCE_LABELS = {
    Attendance.ROOM: N_("In the room"),
    Attendance.REMOTE: N_("Remote"),
    Attendance.PHONE: N_("Phone line"),
}


class Category(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A speaker category ("group statement", "member state", "observer"): the
    meeting's categories are listed in their order of precedence."""

    name: str
    seconds: int | None = None  # time per speech; None: the item's


def drift_kind(minutes: int) -> str:
    """How an item's start compares with the plan: "behind", "ahead" or "on_time"."""
    return "behind" if minutes > 0 else "ahead" if minutes < 0 else "on_time"


class Participant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    name: str
    organization: str = ""
    region: str = ""
    focus: str = ""  # thematic focus
    attendance: Attendance = Attendance.ROOM
    present: bool = True
    joined_at: int = 0
    added_by_chair: bool = False
    category: str = ""  # one of the meeting's categories, or ""
    language: str = ""  # the language they will speak (one of the meeting's), or "" unsaid

    @property
    def side(self) -> str:
        """"room" or "remote": the phone line counts as remote."""
        return "room" if self.attendance is Attendance.ROOM else "remote"


class Booking(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A pre-booked intervention on an agenda item."""

    participant_id: str


class SubPoint(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    text: str
    points: tuple[str, ...] = ()


class ItemText(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An agenda item's texts in one more of the meeting's languages. The lists run
    beside the item's own, entry by entry; "" (or a missing entry) is not translated,
    and a page shows the meeting's first language there (floor.domain.wording)."""

    title: str = ""
    sub_points: tuple[SubPoint, ...] = ()
    questions: tuple[str, ...] = ()


class MeetingText(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The meeting's title and subtitle in one more of its languages ("": not translated)."""

    title: str = ""
    subtitle: str = ""


class Hand(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A hand waiting on an item's list of speakers; `id` grows with every hand (raise order)."""

    id: int
    participant_id: str
    kind: HandKind = HandKind.SPEAK
    topic: str = ""
    raised_at: int = 0
    pinned: bool = False  # placed by the chair; ordering leaves it where it is
    booked: bool = False  # a pre-booked intervention
    intro: bool = False  # queued by the introductions round
    reason: str = ""  # why it stands where it stands (set by ordering)
    reply_to: str = ""  # a right of reply: to whom
    put_back: bool = False  # called by mistake and put back by the chair
    # Called while their page was away, and skipped for now by the chair (when, epoch
    # ms): the hand keeps its place and is passed over until the person is back.
    deferred_at: int | None = None


class PointRaised(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A point of order or a right of reply asked for while the item's list was closed:
    one of each a person and item (100 fresh pages each raising one pushed the speaker
    to #101)."""

    participant_id: str
    kind: HandKind


class IntroRound(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The introductions round of an item: held once, for the people present then."""

    seconds: int  # per introduction
    queued: tuple[str, ...]  # participant ids, in the order queued
    stopped: bool = False


class AgendaItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One agenda item. `planned_start` and `duration` are as printed on the agenda."""

    id: str
    title: str
    planned_start: int  # minutes after midnight, as on the printed agenda
    duration: int  # planned minutes
    timer: Timer
    presenters: tuple[str, ...] = ()
    sub_points: tuple[SubPoint, ...] = ()
    questions: tuple[str, ...] = ()
    bookings: tuple[Booking, ...] = ()
    speaker_limit: int = 180  # seconds per turn
    list_open: bool = msgspec.field(default=True, name="queue_open")
    introductions: bool = False  # the item is an introductions round
    fixed: bool = False  # a fixed time (a lunch, a guest's slot): re-planning leaves it
    # the list of speakers; stored as "queue" by data written before the rename
    speakers: tuple[Hand, ...] = msgspec.field(default=(), name="queue")
    started_at: int | None = None  # first time it became current
    ended_at: int | None = None  # last time it stopped being current
    # seconds per turn of the other kinds, for this item (the meeting's where absent)
    kind_limits: dict[HandKind, int] = {}
    intro_round: IntroRound | None = None
    budgets: dict[str, int] = {}  # speaking-time budget (s) by region or category
    # while the list is closed: are points of order and rights of reply taken (the
    # chair's switch), and who has asked for one already
    closed_points: bool = True
    raised_while_closed: tuple[PointRaised, ...] = ()
    # the texts above in the meeting's other languages, by language code; the fields
    # above stay in its first language, which every page falls back to
    translations: dict[str, ItemText] = {}


class Pause(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A stretch of a turn while the speaker's clock stood still."""

    start: int
    end: int


class Question(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An interposed question put to the speaker inside their turn."""

    participant_id: str
    started_at: int
    ended_at: int


class Interjection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The interposed question being put now: the speaker's clock waits for it."""

    hand: Hand
    started_at: int
    timer: Timer


class Floor(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Who has the floor now, and since when; with every pause so far."""

    hand: Hand = msgspec.field(name="entry")
    item_id: str
    started_at: int
    timer: Timer
    pauses: tuple[Pause, ...] = ()
    paused_at: int | None = None  # the speaker's clock stands still since then
    questions: tuple[Question, ...] = ()
    question: Interjection | None = None
    nudge: str = ""  # the private notice last sent to the speaker's phone
    nudged_at: int | None = None
    # the language the speaker said they speak, as it stood when they were called
    language: str = ""

    def pause(self, now: int) -> Floor:
        """Stop the speaker's clock (no change if it already stands still)."""
        if self.paused_at is not None:
            return self
        return msgspec.structs.replace(self, timer=self.timer.pause(now), paused_at=now)

    def resume(self, now: int) -> Floor:
        """Start the speaker's clock again, recording the pause that ends now."""
        if self.paused_at is None:
            return msgspec.structs.replace(self, timer=self.timer.start(now))
        pause = Pause(self.paused_at, now)
        return msgspec.structs.replace(
            self, timer=self.timer.start(now), paused_at=None, pauses=(*self.pauses, pause)
        )

    def paused_time(self, now: int) -> int:
        """Milliseconds the clock has stood still in this turn, as of `now`."""
        open_pause = 0 if self.paused_at is None else max(0, now - self.paused_at)
        return sum(p.end - p.start for p in self.pauses) + open_pause


class Turn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A finished turn: the record minutes and statistics are folded from.

    Turns stored before pauses were kept have none: their speaking time is
    their span, as it was recorded then.
    """

    participant_id: str
    item_id: str
    kind: HandKind
    started_at: int
    ended_at: int
    pauses: tuple[Pause, ...] = ()
    questions: tuple[Question, ...] = ()
    intro: bool = False  # an introductions-round turn: not "having spoken"
    topic: str = ""
    struck: str = ""  # why the chair struck it from the record ("" if it stands)
    # the language it was spoken in, as the speaker's profile said when the turn was
    # taken: a later change of profile does not rewrite the record ("" unsaid)
    language: str = ""

    @property
    def span(self) -> int:
        """From the call to the end, pauses included."""
        return self.ended_at - self.started_at

    @property
    def paused(self) -> int:
        return sum(p.end - p.start for p in self.pauses)

    @property
    def duration(self) -> int:
        """Speaking time: the span less every pause."""
        return max(0, self.span - self.paused)


class HandRaised(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A hand raised (by the person, or for them by the chair): fairness statistics."""

    participant_id: str
    item_id: str
    kind: HandKind
    at: int


class Note(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: int
    item_id: str
    text: str
    at: int


class Action(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An action item: what, who, by when."""

    id: int
    item_id: str
    what: str
    who: str = ""
    due: str = ""
    at: int = 0


class Interruption(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The meeting was ended and reopened: the time between is no one's."""

    ended_at: int
    reopened_at: int


class Meeting(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    slug: str
    title: str
    items: tuple[AgendaItem, ...]
    subtitle: str = ""
    organizer: str = ""
    date: str = ""
    venue: str = ""
    remote: str = ""  # how remote participants join (e.g. a conference line)
    timezone: str = ""  # IANA zone of the planned times; "" is the server's
    dial_in: str = ""  # the conference line's number
    remote_link: str = ""  # the video call's link
    thanks: str = ""  # the room screen's line once the meeting has ended
    regions: tuple[str, ...] = ()
    # the languages spoken and read in the meeting ("en", "fr"), its first the default
    # for pages and the agenda's texts; () is English alone
    languages: tuple[str, ...] = ()
    # the title and subtitle in the meeting's other languages (by language code)
    translations: dict[str, MeetingText] = {}
    categories: tuple[Category, ...] = ()  # in order of precedence
    # meeting-wide seconds per turn of the kinds other than a speech
    kind_limits: dict[HandKind, int] = {}
    participants: dict[str, Participant] = {}
    status: Status = Status.DRAFT
    current: int | None = None  # index into items
    started_at: int | None = None
    ended_at: int | None = None
    policy: Policy = Policy.FCFS
    floor: Floor | None = None
    banner: str = ""
    highlight: str = ""  # a question or sub-point of the current item, shown on the screen
    turns: tuple[Turn, ...] = ()
    struck: tuple[Turn, ...] = ()  # turns the chair took back: kept, marked, not counted
    raised_hands: tuple[HandRaised, ...] = msgspec.field(default=(), name="hands")
    notes: tuple[Note, ...] = ()
    actions: tuple[Action, ...] = ()
    interruptions: tuple[Interruption, ...] = ()  # ended, then reopened
    # participants the chair has blocked: their hands are refused for the whole meeting
    blocked: tuple[str, ...] = ()
    next_id: int = 1
    version: int = 0

    @property
    def item(self) -> AgendaItem | None:
        return None if self.current is None else self.items[self.current]

    def item_index(self, item_id: str) -> int | None:
        for i, item in enumerate(self.items):
            if item.id == item_id:
                return i
        return None

    def spoken(self) -> set[str]:
        """Participants who have had the floor in this meeting (now included); an
        introduction is not having spoken."""
        ids = {turn.participant_id for turn in self.turns if not turn.intro}
        if self.floor is not None and not self.floor.hand.intro:
            ids.add(self.floor.hand.participant_id)
        return ids

    def planned_start(self) -> int:
        """The plan's start (minutes after midnight): the earliest item's, which need not
        be the first item once the chair has moved items around."""
        return min((item.planned_start for item in self.items), default=0)

    def drift(self, item: AgendaItem) -> int | None:
        """Minutes the item started late (+) or early (-), against the plan re-anchored
        at the moment the meeting actually started; None until both have started."""
        if self.started_at is None or item.started_at is None:
            return None
        expected = self.started_at + (item.planned_start - self.planned_start()) * 60_000
        expected += self.paused_between(self.started_at, item.started_at)
        return round((item.started_at - expected) / 60_000)

    def paused_between(self, start: int, end: int) -> int:
        """Milliseconds between `start` and `end` the meeting spent ended, then reopened."""
        return sum(
            max(0, min(end, p.reopened_at) - max(start, p.ended_at)) for p in self.interruptions
        )

    @property
    def default_language(self) -> str:
        """The meeting's first language: what a page falls back to."""
        return self.languages[0] if self.languages else "en"

    def texts_of(self, item: AgendaItem) -> set[str]:
        """The item's questions and sub-points, any of which the chair may highlight."""
        texts: set[str] = set()
        sides: list[AgendaItem | ItemText] = [item, *item.translations.values()]
        for side in sides:
            texts.update(side.questions)
            for point in side.sub_points:
                texts.add(point.text)
                texts.update(point.points)
        texts.discard("")
        return texts
