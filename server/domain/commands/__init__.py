"""Commands: one schema per command type, tagged by "type", and the one decoder.

The schemas live by who sends them and what they act on (running the meeting, the
list of speakers, the people present, the agenda, the record, a participant's own);
the union of them all, what each role may send and `decode` are here. Unknown fields
and wrong types are refused by `decode`.
"""

from __future__ import annotations

import unicodedata
from typing import TypeVar

import msgspec

from floor.domain.commands.agenda import (
    LINE_FIELDS,
    AddItem,
    EditItem,
    ItemTexts,
    MoveItem,
    RemoveItem,
)
from floor.domain.commands.base import Actor, Command, Role
from floor.domain.commands.participant import Back, LowerHand, RaiseHand, Register
from floor.domain.commands.people import BlockParticipant, RemoveHands, SetCategory, SetPresent
from floor.domain.commands.record import (
    AddAction,
    AddNote,
    EditAction,
    EditNote,
    RemoveAction,
    RemoveNote,
)
from floor.domain.commands.running import (
    EndMeeting,
    GotoItem,
    Highlight,
    NextItem,
    Nudge,
    PrevItem,
    ReopenMeeting,
    SetBudget,
    SetKindLimits,
    SetSpeakerLimit,
    SetThanks,
    ShowMessage,
    StartMeeting,
    TimerControl,
)
from floor.domain.commands.speakers import (
    AddSpeaker,
    CallHand,
    CallNext,
    ClearList,
    DeferTurn,
    EndQuestion,
    FinishTurn,
    MoveHand,
    PutBack,
    RemoveHand,
    SetClosedPoints,
    SetHandKind,
    SetListOpen,
    SetPolicy,
    StartIntroductions,
    StopIntroductions,
    WithdrawSpeaker,
)
from floor.domain.errors import DomainError, Refusal
from floor.domain.text import N_

__all__ = [
    "Actor",
    "AddAction",
    "AddItem",
    "AddNote",
    "AddSpeaker",
    "AnyCommand",
    "Back",
    "BlockParticipant",
    "CallHand",
    "CallNext",
    "ClearList",
    "Command",
    "DeferTurn",
    "EditAction",
    "EditItem",
    "EditNote",
    "EndMeeting",
    "EndQuestion",
    "FinishTurn",
    "GotoItem",
    "Highlight",
    "ItemTexts",
    "LINE_FIELDS",
    "LowerHand",
    "MAX_MESSAGE_BYTES",
    "MoveHand",
    "MoveItem",
    "NextItem",
    "Nudge",
    "PARTICIPANT_COMMANDS",
    "PrevItem",
    "PutBack",
    "RaiseHand",
    "Register",
    "RemoveAction",
    "RemoveHand",
    "RemoveHands",
    "RemoveItem",
    "RemoveNote",
    "ReopenMeeting",
    "Role",
    "SetBudget",
    "SetCategory",
    "SetClosedPoints",
    "SetHandKind",
    "SetKindLimits",
    "SetListOpen",
    "SetPolicy",
    "SetPresent",
    "SetSpeakerLimit",
    "SetThanks",
    "ShowMessage",
    "StartIntroductions",
    "StartMeeting",
    "StopIntroductions",
    "TEAM_COMMANDS",
    "TEAM_LABELS",
    "TEAM_POWERS",
    "TEAM_ROLES",
    "TIMER_COMMANDS",
    "TimerControl",
    "WithdrawSpeaker",
    "decode",
    "upgrade_logged",
]

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
