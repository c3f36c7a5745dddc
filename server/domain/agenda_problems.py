"""An agenda's problems: where each is and what to write instead, as catalogue
messages translated where they are shown (`Problem.text_in`), and the schema's
refusals (a cap, mostly) in the same plain words."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

import msgspec

from floor.domain.errors import DomainError
from floor.domain.text import N_


def _same(message: str) -> str:
    return message


_LINE = N_("line {line}")
_ITEM = N_("item {item}")
_PLACE = N_("{where}: {message}")


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong with an agenda: where, and what to write instead.

    `template` is the English message with `{name}` placeholders filled from
    `params`: a catalogue message, translated where it is shown (`message_in`).
    """

    template: str
    item: int | None = None  # 1-based
    field: str = ""  # as the YAML names it ("start", "title.fr"), or a CSV column
    line: int | None = None  # in the pasted or uploaded text
    code: str = "invalid_agenda"
    params: dict[str, Any] = {}

    @classmethod
    def of(cls, error: DomainError, **where: Any) -> Problem:
        """A refusal as a problem (its message is in the catalogue too)."""
        refusal = getattr(error, "refusal", None)
        where.setdefault("code", error.code)
        if refusal is None:
            return cls(_VERBATIM, params={"text": error.message}, **where)
        return cls(refusal.template, params=dict(error.params), **where)

    def message_in(self, gettext: Callable[[str], str] = _same) -> str:
        """The message in the language of `gettext` (English by default)."""
        text = gettext(self.template)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):  # a broken translation: English
            return self.template.format(**self.params)

    def text_in(self, gettext: Callable[[str], str] = _same) -> str:
        """Where and what, in one line: "Item 3, “start”: …"."""
        parts = []
        if self.line is not None:
            parts.append(gettext(_LINE).format(line=self.line))
        if self.item is not None:
            parts.append(gettext(_ITEM).format(item=self.item))
        if self.field:
            parts.append(f"“{self.field}”")
        where = ", ".join(parts)
        message = self.message_in(gettext)
        if not where:
            return message
        return gettext(_PLACE).format(where=where[:1].upper() + where[1:], message=message)

    @property
    def message(self) -> str:
        return self.message_in()

    @property
    def text(self) -> str:
        return self.text_in()


_VERBATIM = "{text}"  # a message that is not in the catalogue (a parser's own words)


class AgendaInvalid(DomainError):
    """An agenda with problems; `problems` lists them all, `message` says the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].text
        more = len(problems) - 1
        suffix = f" (and {more} more {'problem' if more == 1 else 'problems'})" if more else ""
        self.params = {}  # no refusal of its own: its problems are translated one by one
        Exception.__init__(self, first + suffix)
        self.code = problems[0].code
        self.message = first + suffix

    def with_lines(self, line_of: Callable[[Problem], int | None]) -> AgendaInvalid:
        """The same problems, each with the line of the file it comes from."""
        return AgendaInvalid(
            [msgspec.structs.replace(p, line=line_of(p)) for p in self.problems]
        )


def problems_of(error: DomainError) -> list[Problem]:
    """What a form shows for a refusal: an agenda's own problems, or the one it is."""
    return error.problems if isinstance(error, AgendaInvalid) else [Problem.of(error)]


_PATH = re.compile(r"\$\.items\[(\d+)\](?:\.(\w+))?|\$\.(\w+)")
_LANGUAGE_PATH = re.compile(r"translations\[\.\.\.\]\.(\w+)")


def spec_problem(exc: msgspec.ValidationError) -> Problem:
    """A schema refusal (a cap, mostly) in plain words, at its place."""
    text = str(exc)
    message, _, path = text.partition(" - at `")
    item = field = None
    match = _PATH.search(path)
    if match:
        item = int(match[1]) + 1 if match[1] is not None else None
        field = match[2] or match[3]
    if language := _LANGUAGE_PATH.search(path):  # (a key is shown as [...] by msgspec)
        field = language[1]
    if limit := re.search(r"length <= (\d+)", message):
        plain = (
            N_("this is too long: at most {limit} entries.") if "array" in message
            or "object" in message else N_("this is too long: at most {limit} characters.")
        )
        return Problem(plain, item=item, field=field or "", code="too_large",
                       params={"limit": int(limit[1])})
    elif re.search(r"length >= 1", message):
        plain = N_("this may not be empty.")
    else:
        plain = N_("this value cannot be used here; see the example agenda for the shape.")
    return Problem(plain, item=item, field=field or "")


class Checker:
    """Collects an agenda's problems as they are found, to report them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(
        self, message: str, item: int | None = None, field: str = "",
        code: str = "invalid_agenda", **params: Any,
    ) -> None:
        self.problems.append(
            Problem(message, item=item, field=field, code=code, params=params)
        )


# An unknown field, by what it was found in: a meeting, an agenda item, a booking.
_UNKNOWN = {
    "meeting": (
        N_("“{name}” is not a field of a meeting; did you mean “{guess}”?"),
        N_("“{name}” is not a field of a meeting; the fields are: {known}"),
    ),
    "item": (
        N_("“{name}” is not a field of an agenda item; did you mean “{guess}”?"),
        N_("“{name}” is not a field of an agenda item; the fields are: {known}"),
    ),
    "booking": (
        N_("“{name}” is not a field of a booking; did you mean “{guess}”?"),
        N_("“{name}” is not a field of a booking; the fields are: {known}"),
    ),
}


def unknown_field(
    check: Checker, name: Any, known: tuple[str, ...], what: str, **where: Any
) -> None:
    """A field `what` (a "meeting", an "item", a "booking") does not have: the closest
    known name as a guess, or the list of them."""
    guess = difflib.get_close_matches(str(name).lower(), known, n=1, cutoff=0.6)
    if guess:
        check.fail(_UNKNOWN[what][0], name=name, guess=guess[0], **where)
    else:
        check.fail(_UNKNOWN[what][1], name=name, known=", ".join(known), **where)
