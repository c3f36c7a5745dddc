"""The errors people see: every refusal with its stable code and its message, in one place.

A `Refusal` names one reason a command or an input is refused. Its `code` is
stable (tests and clients match on it; several refusals may share one, such as
"forbidden"); its `message` is the English text for people, with `{name}`
placeholders filled from the error's parameters. Messages are translated at the
edge, by the message text, so that the pure core knows no language.
"""

from __future__ import annotations

import enum
from typing import Any


class Refusal(enum.Enum):
    """Every reason Floor refuses a command or an input."""

    ACTION_TEXT_REQUIRED = ("text_required", "Say what is to be done.")
    AGENDA_BAD_YAML = ("invalid_agenda", "The agenda is not valid YAML: {problem}.")
    AGENDA_BAD_YAML_AT = (
        "invalid_agenda", "The agenda is not valid YAML at line {line}, column {column}: {problem}."
    )
    AGENDA_FILE_TOO_LARGE = ("too_large", "That agenda file is too large.")
    AGENDA_INVALID = ("invalid_agenda", "The agenda is not valid: {problem}.")
    AGENDA_REFUSED_YAML = ("invalid_agenda", "The agenda {problem} (line {line}).")
    AGENDA_TOO_DEEP = ("invalid_agenda", "The agenda is nested too deeply.")
    AGENDA_TOO_LARGE = ("too_large", "That agenda is too large: shorten its texts or lists.")
    ALREADY_IN_QUEUE = ("already_in_queue", "Your hand is already raised.")
    ALREADY_ON_LIST = ("already_in_queue", "{name} is already on the list of speakers.")
    ALREADY_STARTED = ("already_started", "The meeting has already started.")
    AMBIGUOUS_PERSON = (
        "ambiguous_person",
        "{count} people are called {name} ({choices}): give the organization,"
        " or pick one from the people present.",
    )
    BLOCKED = (
        "blocked",
        "You cannot ask for the floor in this meeting: the chair has blocked your hand.",
    )
    ALREADY_BLOCKED = ("already_blocked", "{name} is blocked already.")
    NOT_BLOCKED = ("not_blocked", "{name} is not blocked.")
    CLOSED_POINTS_REFUSED = (
        "queue_closed",
        "The list of speakers is closed, and the chair is not taking points of order"
        " or rights of reply now.",
    )
    BOOKINGS_AFTER_START = (
        "item_started",
        "Pre-booked speakers are queued when the item starts: add them to the list instead.",
    )
    BAD_TIME = ("invalid_agenda", "Cannot read the time {text}: write a time like 2:00pm or 14:00.")
    CHAIR_NOT_PARTICIPANT = (
        "forbidden",
        "The chair acts for others with “add speaker”, not as a participant.",
    )
    CHAIR_ONLY = ("forbidden", "Only the chair can do that.")
    COMMAND_INVALID = ("invalid", "That command is not valid: {problem}.")
    CONTROL_CHARACTERS = ("invalid", "The {field} contains control characters.")
    BIDI_CHARACTERS = (
        "invalid",
        "The {field} contains characters that reverse or reorder text; please type it plainly.",
    )
    CREATE_KEY_REQUIRED = (
        "create_key",
        "Creating a meeting here needs the organizers’ key: type it in the"
        " “Organizers’ key” field.",
    )
    CREATE_RATE_LIMITED = (
        "rate_limited",
        "Too many meetings created from your address; try again in {wait} seconds.",
    )
    CSV_EMPTY = ("invalid_agenda", "The CSV file is empty.")
    CSV_NO_ITEMS = ("invalid_agenda", "The CSV has a header but no agenda items.")
    CSV_NO_TITLE_COLUMN = ("invalid_agenda", "The CSV needs a “title” column (one row per item).")
    CSV_UNREADABLE = ("invalid_agenda", "The CSV file cannot be read: {problem}.")
    CSV_TITLE_REQUIRED = (
        "title_required",
        "A CSV agenda holds only the items: give the meeting a title.",
    )
    CSV_TOO_MANY_ITEMS = ("invalid_agenda", "An agenda has at most {limit} items.")
    CSV_UNKNOWN_COLUMN = (
        "invalid_agenda",
        "Unknown CSV column “{column}”; the columns are: {known}.",
    )
    ENDED = ("ended", "The meeting has ended.")
    HANDS_GONE = ("no_such_hand", "Those speakers are no longer on the list.")
    HAS_FLOOR = ("has_floor", "You have the floor.")
    INTRODUCTIONS_HELD = (
        "introductions_held",
        "The introductions round has already been held on this item.",
    )
    INVALID_DATE = ("invalid_date", "The date must read YYYY-MM-DD.")
    INVALID_SLUG = (
        "invalid_slug",
        "A meeting's short name uses a-z, 0-9 and dashes (2 to 63 characters).",
    )
    ITEM_STARTED = ("item_started", "An item that has started stays on the record.")
    ITEM_TITLE_REQUIRED = ("title_required", "Please give the item a title.")
    JOIN_FIRST = ("forbidden", "Join the meeting first.")
    LAST_ITEM = ("last_item", "The agenda needs at least one item.")
    LINK_REPLACED = ("link_replaced", "This chair link has been replaced; ask for the new one.")
    MEETING_BUSY = (
        "rate_limited",
        "The meeting is very busy just now; please try again in a moment.",
    )
    MESSAGE_TOO_LONG = ("too_large", "That message is too long.")
    NAME_REQUIRED = ("name_required", "Please give a name.")
    NAME_INVISIBLE = ("name_required", "Please give a name the room can read.")
    NOBODY_PRESENT = ("nobody_present", "Nobody present is left to introduce.")
    NOTE_TEXT_REQUIRED = ("text_required", "The note is empty.")
    NOT_AN_OBJECT = ("invalid", "A command must be a JSON object.")
    NOT_INTRODUCTIONS = ("not_introductions", "This item has no introductions round.")
    PROFILE_LOCKED = (
        "profile_locked",
        "Your name and details cannot change while your hand is up or you have the floor.",
    )
    ORDER_ONCE_WHILE_CLOSED = (
        "once_while_closed",
        "You have already raised a point of order on this item while the list is closed.",
    )
    REPLY_ONCE_WHILE_CLOSED = (
        "once_while_closed",
        "You have already asked for a right of reply on this item while the list is closed.",
    )
    NOT_ENDED = ("not_ended", "Only a meeting that has ended can be reopened.")
    NOT_IN_QUEUE = ("not_in_queue", "Your hand is not raised.")
    NOT_JSON = ("invalid", "That message is not valid JSON.")
    NOT_REGISTERED = ("not_registered", "Register with your name before raising your hand.")
    NOT_DEFERRED = ("not_deferred", "Your hand was not waiting for you to come back.")
    NOT_STARTED = ("not_started", "The meeting has not started yet.")
    NO_CURRENT_SPEAKER = ("no_current_speaker", "Nobody has the floor.")
    NO_DATE = ("no_date", "The agenda's date line gives no date: give one as YYYY-MM-DD.")
    NO_INTRODUCTIONS_RUNNING = ("no_introductions", "No introductions round is under way.")
    NO_ITEMS = ("no_items", "The agenda has no items.")
    NO_NEXT_ITEM = ("no_next_item", "This is the last agenda item.")
    NO_PREVIOUS_ITEM = ("no_previous_item", "This is the first agenda item.")
    NO_QUESTION = ("no_question", "No question is being put.")
    NO_SUCH_ACTION = ("no_such_action", "That action item no longer exists.")
    NO_SUCH_HAND = ("no_such_hand", "That speaker is no longer in the queue.")
    NO_SUCH_ITEM = ("no_such_item", "There is no such agenda item.")
    NO_SUCH_MEETING = ("no_such_meeting", "There is no such meeting.")
    NO_SUCH_NOTE = ("no_such_note", "That note no longer exists.")
    NO_SUCH_PARTICIPANT = ("no_such_participant", "That person is not in the meeting.")
    NO_SUCH_TEAM_ROLE = ("no_such_role", "There is no such team role.")
    NOT_A_MEETING_LANGUAGE = (
        "unknown_language",
        "“{language}” is not one of this meeting's other languages ({languages}).",
    )
    NO_SUCH_POINT = ("no_such_point", "Highlight one of this item's questions or sub-points.")
    QUESTION_ALREADY = ("question_in_progress", "A question is being put already.")
    QUESTION_IN_PROGRESS = (
        "question_in_progress",
        "The speaker's clock waits for the question: end the question first.",
    )
    QUESTION_NEEDS_SPEAKER = ("no_current_speaker", "Nobody has the floor to put a question to.")
    QUESTION_NOT_A_TURN = (
        "question_not_a_turn",
        "An interposed question is put inside the current speech:"
        " allow it while the speaker has the floor.",
    )
    QUESTION_TO_SELF = ("has_floor", "You have the floor: a question goes to the speaker.")
    QUEUE_CLOSED = ("queue_closed", "The list of speakers is closed.")
    QUEUE_EMPTY = ("queue_empty", "Nobody is waiting to speak.")
    RATE_LIMITED = ("rate_limited", "Too many messages; please slow down.")
    REPLY_TO_REQUIRED = ("reply_to_required", "Say to whom you reply.")
    SAME_ITEM = ("same_item", "That item is already current.")
    SAME_KIND = ("same_kind", "That hand is already a {kind}.")
    SLUG_TAKEN = ("slug_taken", "A meeting called {slug} exists already.")
    TEAM_LINK_CANNOT = (
        "forbidden", "The {role} link can change {powers}; ask the chair for this."
    )
    TEAM_LINK_REPLACED = (
        "link_replaced", "This team link has been replaced or withdrawn; ask the chair."
    )
    THEY_HAVE_FLOOR = ("has_floor", "{name} has the floor.")
    TOO_MANY_PRESENTERS = ("too_large", "An item has at most {limit} presenters.")
    TOO_DEEP = ("invalid", "That message is nested too deeply.")
    TOO_MANY_MEETINGS = (
        "too_many_meetings",
        "This site holds as many meetings as it may; ask its operator for room.",
    )
    UNKNOWN_BUDGET_GROUP = (
        "unknown_budget_group",
        "A budget is for one of the regions or categories: {choices}.",
    )
    UNKNOWN_CATEGORY = ("unknown_category", "Choose a category from the list: {choices}.")
    UNKNOWN_FORMAT = ("unknown_format", "Unknown format {format}.")
    UNKNOWN_LANGUAGE = (
        "unknown_language",
        "That language is not one of the meeting's languages: choose one from the list.",
    )
    UNKNOWN_MEETING = ("no_such_meeting", "There is no meeting called {slug}.")
    UNKNOWN_REGION = ("unknown_region", "Choose a region from the list: {choices}.")
    TRANSLATION_TOO_LONG = (
        "invalid_agenda",
        "“{field}” has {count} lines and the meeting's first language {first}: give each"
        " line in the same place, one per line.",
    )
    UNKNOWN_ZONE = ("unknown_zone", "Unknown time zone {zone}.")

    @property
    def code(self) -> str:
        code: str = self.value[0]
        return code

    @property
    def template(self) -> str:
        """The English message, with its `{name}` placeholders."""
        template: str = self.value[1]
        return template


class FloorError(Exception):
    """An error shown to people: a stable `code` and a `message` in plain words."""

    code: str
    message: str


class DomainError(FloorError):
    """A command or an input that the meeting's rules refuse.

    `DomainError(Refusal.X, name=value, ...)`: the parameters fill the message's
    placeholders (and stay available, as `params`, to translate the message).
    """

    def __init__(self, refusal: Refusal, **params: Any) -> None:
        self.refusal = refusal
        self.params = params
        self.code = refusal.code
        self.message = refusal.template.format(**params) if params else refusal.template
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.message!r})"


class Unavailable(FloorError):
    """The store cannot be reached or written: nothing was changed; try again later.

    Not a refusal by the rules: the same command may succeed in a moment.
    """

    code = "unavailable"
    message = "Floor is temporarily unavailable; please try again."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail  # for the operator's log, never shown to participants
        super().__init__(self.message if not detail else f"{self.message} ({detail})")
