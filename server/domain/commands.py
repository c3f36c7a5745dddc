"""Commands: one schema per command type, tagged by "type".

Unknown fields and wrong types are refused by `decode`. Length limits keep
names and messages to what a screen can show.
"""

from __future__ import annotations

import enum
import unicodedata
from typing import Annotated, Literal, TypeVar

import msgspec
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import Attendance, HandKind, Policy
from floor.domain.text import N_

Name = Annotated[str, msgspec.Meta(max_length=80)]
Short = Annotated[str, msgspec.Meta(max_length=120)]
Text = Annotated[str, msgspec.Meta(max_length=280)]
Seconds = Annotated[int, msgspec.Meta(ge=0, le=24 * 3600)]
DeltaSeconds = Annotated[int, msgspec.Meta(ge=-24 * 3600, le=24 * 3600)]
LanguageCode = Annotated[str, msgspec.Meta(max_length=12)]  # "fr"; "" for unsaid


class Role(enum.Enum):
    CHAIR = "chair"
    SCREEN = "screen"
    PARTICIPANT = "participant"
    # the team: each with its own secret link, given and replaced by the chair
    SECRETARIAT = "secretariat"  # the list of speakers and the timers
    TIMEKEEPER = "timekeeper"  # the timers
    RAPPORTEUR = "rapporteur"  # notes and action items
    INTERPRETER = "interpreter"  # reads along; sends nothing


class Actor(msgspec.Struct, frozen=True):
    role: Role
    participant_id: str | None = None


class Command(msgspec.Struct, forbid_unknown_fields=True, tag_field="type"):
    pass


# chair: running the meeting
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


class SetSpeakerLimit(Command, tag="set_speaker_limit"):
    seconds: Annotated[int, msgspec.Meta(ge=10, le=3600)]


class ShowMessage(Command, tag="show_message"):
    text: Text  # empty clears the banner


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


# chair: undoing a mistake
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


# chair: against abuse of the list of speakers
class RemoveHands(Command, tag="remove_hands"):
    """Several waiting hands taken off the list at once (and, with `block`, the people
    who raised them blocked)."""

    hand_ids: Annotated[tuple[int, ...], msgspec.Meta(min_length=1, max_length=500)]
    block: bool = False


class BlockParticipant(Command, tag="block_participant"):
    """A person may no longer ask for the floor in this meeting (`blocked`), or may again."""

    participant_id: Short
    blocked: bool = True


class SetClosedPoints(Command, tag="set_closed_points"):
    """Whether points of order and rights of reply are taken while the current item's
    list is closed."""

    allowed: bool


# chair: interposed questions, time per kind, categories, presence, the speaker's phone
class EndQuestion(Command, tag="end_question"):
    """The interposed question is over: the speaker resumes with the time they had."""


class SetKindLimits(Command, tag="set_kind_limits"):
    """Seconds per turn of the short kinds, for one item or ("") for the whole meeting."""

    reply: Annotated[int, msgspec.Meta(ge=10, le=3600)]
    order: Annotated[int, msgspec.Meta(ge=10, le=3600)]
    right_of_reply: Annotated[int, msgspec.Meta(ge=10, le=3600)]
    question: Annotated[int, msgspec.Meta(ge=10, le=3600)]
    item_id: Short = ""


class SetBudget(Command, tag="set_budget"):
    """A region's (or a category's) speaking-time budget on an item; 0 removes it."""

    group: Short
    seconds: Annotated[int, msgspec.Meta(ge=0, le=24 * 3600)]
    item_id: Short = ""  # "" is the current item


class SetCategory(Command, tag="set_category"):
    participant_id: Short
    category: Short  # "" for none


class SetPresent(Command, tag="set_present"):
    """The chair checks a person in (present) or out."""

    participant_id: Short
    present: bool


class StopIntroductions(Command, tag="stop_introductions"):
    pass


class Nudge(Command, tag="nudge"):
    """A private notice to the current speaker's phone."""

    what: Literal["wrap_up", "thirty_seconds"]


class StartIntroductions(Command, tag="start_introductions"):
    seconds: Annotated[int, msgspec.Meta(ge=10, le=600)] = 60


class Highlight(Command, tag="highlight"):
    """Show one of the current item's questions or sub-points on the screen ("" clears)."""

    text: Text


# chair: live agenda editing
Minutes = Annotated[int, msgspec.Meta(ge=1, le=24 * 60)]
Limit = Annotated[int, msgspec.Meta(ge=10, le=3600)]


Lines = Annotated[str, msgspec.Meta(max_length=2000)]  # one entry per line


LangCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$")]


class ItemTexts(msgspec.Struct, forbid_unknown_fields=True):
    """An item's texts in one more of the meeting's languages ("" falls back to the first);
    the dialog's fields "translations.fr.title" and so on."""

    title: Annotated[str, msgspec.Meta(max_length=200)] = ""
    sub_points: Lines = ""
    questions: Lines = ""


class _ItemFields(Command):
    """What the builder and the chair's item dialog edit; the text boxes hold one entry
    per line (see agenda_input)."""

    title: Annotated[str, msgspec.Meta(max_length=200)]
    duration: Minutes = 15
    presenters: Text = ""  # names separated by commas
    speaker_limit: Limit = 180
    start: Short = ""  # "" follows the previous item
    fixed: bool = False  # keeps its start when items before it change
    sub_points: Lines = ""
    questions: Lines = ""
    bookings: Lines = ""  # "Name, Organization" per line
    list_open: bool = True
    introductions: bool = False
    translations: Annotated[dict[LangCode, ItemTexts], msgspec.Meta(max_length=12)] = {}


LINE_FIELDS = frozenset({"sub_points", "questions", "bookings"})  # one entry per line


class AddItem(_ItemFields, tag="add_item"):
    after: Short = ""  # the id of the item it follows; "" puts it last


class EditItem(_ItemFields, tag="edit_item"):
    item_id: Short = ""


class MoveItem(Command, tag="move_item"):
    item_id: Short
    to: Annotated[int, msgspec.Meta(ge=0)]


class RemoveItem(Command, tag="remove_item"):
    item_id: Short


# chair (or a co-chair acting as rapporteur): the record
class AddNote(Command, tag="add_note"):
    text: Annotated[str, msgspec.Meta(max_length=2000)]
    item_id: Short = ""  # "" is the current item


class RemoveNote(Command, tag="remove_note"):
    note_id: int


class EditNote(Command, tag="edit_note"):
    note_id: int
    text: Annotated[str, msgspec.Meta(max_length=2000)]


class AddAction(Command, tag="add_action"):
    what: Text
    who: Short = ""
    due: Short = ""  # free text: "before the May consultation", "2017-05-01"
    item_id: Short = ""


class RemoveAction(Command, tag="remove_action"):
    action_id: int


class EditAction(Command, tag="edit_action"):
    action_id: int
    what: Text
    who: Short = ""
    due: Short = ""


# participant: own profile and own hand
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


AnyCommand = (
    StartMeeting
    | EndMeeting
    | ReopenMeeting
    | SetThanks
    | GotoItem
    | NextItem
    | PrevItem
    | TimerControl
    | SetListOpen
    | CallNext
    | CallHand
    | FinishTurn
    | MoveHand
    | RemoveHand
    | SetPolicy
    | SetSpeakerLimit
    | ShowMessage
    | AddSpeaker
    | PutBack
    | DeferTurn
    | WithdrawSpeaker
    | SetHandKind
    | ClearList
    | RemoveHands
    | BlockParticipant
    | SetClosedPoints
    | EndQuestion
    | SetKindLimits
    | SetBudget
    | SetCategory
    | SetPresent
    | StopIntroductions
    | Nudge
    | StartIntroductions
    | Highlight
    | AddItem
    | EditItem
    | MoveItem
    | RemoveItem
    | AddNote
    | RemoveNote
    | EditNote
    | AddAction
    | RemoveAction
    | EditAction
    | Register
    | RaiseHand
    | LowerHand
    | Back
)

PARTICIPANT_COMMANDS: frozenset[type[Command]] = frozenset(
    {Register, RaiseHand, LowerHand, Back}
)

TIMER_COMMANDS: frozenset[type[Command]] = frozenset({TimerControl, Nudge})
# What each team link may do; the chair may do all but the participants' own commands.
TEAM_COMMANDS: dict[Role, frozenset[type[Command]]] = {
    Role.SECRETARIAT: TIMER_COMMANDS | {
        AddSpeaker, MoveHand, RemoveHand, CallNext, CallHand, FinishTurn, SetListOpen,
        StartIntroductions, StopIntroductions, SetSpeakerLimit, SetKindLimits, PutBack,
        WithdrawSpeaker, SetHandKind, ClearList, EndQuestion, SetCategory, SetPresent,
        DeferTurn, SetBudget, RemoveHands, BlockParticipant, SetClosedPoints,
    },
    Role.TIMEKEEPER: TIMER_COMMANDS,
    Role.RAPPORTEUR: frozenset({AddNote, RemoveNote, EditNote, AddAction, RemoveAction,
                                EditAction}),
    Role.INTERPRETER: frozenset(),
}
TEAM_ROLES = tuple(TEAM_COMMANDS)
TEAM_LABELS = {
    Role.SECRETARIAT: N_("Secretariat"),
    Role.TIMEKEEPER: N_("Timekeeper"),
    Role.RAPPORTEUR: N_("Rapporteur"),
    Role.INTERPRETER: N_("Interpreter"),
}
TEAM_POWERS = {
    Role.SECRETARIAT: N_(
        "the list of speakers (add, move, remove, call, open and close) and the timers"
    ),
    Role.TIMEKEEPER: N_("the timers only"),
    Role.RAPPORTEUR: N_("notes and action items only"),
    Role.INTERPRETER: N_("nothing: it reads along"),
}

MAX_MESSAGE_BYTES = 4096

C = TypeVar("C", bound=Command)


# A decoder made once: `msgspec.convert` works the union out again on every
# call (20 us against 0.2 us). Invalid messages take the slow path, which
# can tell a person what is wrong.
_decode_command = msgspec.json.Decoder(AnyCommand, strict=False).decode


def decode(raw: str | bytes) -> AnyCommand:
    """Parse one message into a command, or raise DomainError("invalid", ...).

    Browser forms send every value as a string, so "60" is accepted for an
    int; anything else must match the command's schema exactly.
    """
    size = len(raw.encode()) if isinstance(raw, str) else len(raw)
    if size > MAX_MESSAGE_BYTES:
        raise DomainError(Refusal.MESSAGE_TOO_LONG)
    try:
        return _clean(_decode_command(raw))
    except msgspec.DecodeError:
        pass  # say what is wrong, below
    except RecursionError:  # msgspec's own limit on nesting: a 2,000-deep array
        raise DomainError(Refusal.TOO_DEEP) from None
    try:
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        raise DomainError(Refusal.NOT_JSON) from None
    except RecursionError:
        raise DomainError(Refusal.TOO_DEEP) from None
    if not isinstance(data, dict):
        raise DomainError(Refusal.NOT_AN_OBJECT)
    data = _nested(data)
    try:
        command: AnyCommand = msgspec.convert(data, AnyCommand, strict=False)
    except msgspec.ValidationError as exc:
        raise DomainError(Refusal.COMMAND_INVALID, problem=str(exc)) from None
    return _clean(command)


def _nested(data: dict[str, object]) -> dict[str, object]:
    """A form's dotted field names as the objects they name: the item dialog's
    "translations.fr.title" is {"translations": {"fr": {"title": ...}}}."""
    if not any("." in key for key in data):
        return data
    out: dict[str, object] = {}
    for key, value in data.items():
        *path, last = key.split(".", 2)
        into = out
        for part in path:
            child = into.setdefault(part, {})
            if not isinstance(child, dict):
                raise DomainError(Refusal.COMMAND_INVALID, problem=f"{key}: not an object")
            into = child
        into[last] = value
    return out


# Characters that reorder the text around them (overrides, embeddings,
# isolates, marks): "U+202E" turns "Ana" into what the room screen then shows
# backwards, and can make a name read as another's.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _clean(command: C) -> C:
    """Normalize every text field (NFC, trimmed); refuse control characters."""
    changes: dict[str, str] = {}
    # notes may have several lines, and the item dialog's boxes one entry per line
    notes = isinstance(command, AddNote | EditNote)
    for field in command.__struct_fields__:
        value = getattr(command, field)
        if isinstance(value, str):
            changes[field] = _clean_text(value, field, notes or field in LINE_FIELDS)
    if isinstance(command, AddItem | EditItem) and command.translations:
        translations = {
            code: ItemTexts(**{
                name: _clean_text(getattr(texts, name), f"{name}.{code}", name in LINE_FIELDS)
                for name in ItemTexts.__struct_fields__
            })
            for code, texts in command.translations.items()
        }
        return msgspec.structs.replace(command, **changes, translations=translations)
    return msgspec.structs.replace(command, **changes)


def _clean_text(value: str, field: str, lines: bool) -> str:
    """NFC, trimmed; line breaks kept only where a field holds one entry per line."""
    text = unicodedata.normalize("NFC", value)
    # an item dialog's other language keeps its empty lines: entries stay in their place
    text = text.strip() if not lines else text.strip(" \t").rstrip()
    if "\r" in text and lines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    allowed = "\n" if lines else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise DomainError(Refusal.CONTROL_CHARACTERS, field=field)
    if any(ch in BIDI_CONTROLS for ch in text):
        raise DomainError(Refusal.BIDI_CHARACTERS, field=field)
    return text


# Commands as logged before the list of speakers was named so in the code:
# the embedded store's log may still hold them.
_LEGACY = (
    (b'"type":"call_entry"', b'"type":"call_hand"'),
    (b'"type":"move_entry"', b'"type":"move_hand"'),
    (b'"type":"remove_entry"', b'"type":"remove_hand"'),
    (b'"type":"set_queue_open"', b'"type":"set_list_open"'),
    (b'"entry_id":', b'"hand_id":'),
)


def upgrade_logged(raw: bytes) -> bytes:
    """A logged command's JSON in today's names (unchanged if it already is)."""
    for old, new in _LEGACY:
        raw = raw.replace(old, new)
    return raw
