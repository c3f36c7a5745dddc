"""An agenda's texts in several languages, as people write them.

A text is plain (the meeting's first language) or a mapping by language
code: `title: {en: Welcome, fr: Bienvenue}`. A list (sub-points, questions)
is either a list whose entries may each be such a mapping, or one mapping
whose values are the whole list in each language:
`questions: {en: [...], fr: [...]}`. `split_item` and `split_meeting` take
the agenda data apart into the first language's texts, where they always
were, and `translations` by language, every entry in its place ("" where a
language has none), and report each problem at its field ("title.fr").
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from floor.domain.text import N_

LANG = re.compile(r"^[a-z]{2,3}$")
TEXT_FIELDS = ("title", "sub_points", "questions")
# The caps of the first language's texts (floor.domain.agenda), checked here so that
# a problem names the language it is in.
LIMITS = {"title": 200, "subtitle": 500, "sub_points": 500, "questions": 500}
TOO_LONG = N_("this is too long: at most {limit} characters.")


def _texts_in(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        points = entry.get("points")
        texts = [entry.get("text"), *(points if isinstance(points, list) else [])]
        return [t for t in texts if isinstance(t, str)]
    return []


def _trimmed(entries: list[Any]) -> list[Any]:
    """Without the empty entries at the end (nor a sub-point's empty points at its end):
    they show the first language all the same, and the agenda reads back the same."""
    out = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("points"), list):
            points = list(entry["points"])
            while points and not (isinstance(points[-1], str) and points[-1].strip()):
                points.pop()
            entry = {**entry, "points": points}
        out.append(entry)
    while out and not any(text.strip() for text in _texts_in(out[-1])):
        out.pop()
    return out


def capped(fail: Fail, item: int | None, field: str, code: str, texts: list[str]) -> bool:
    """Whether every text is within its field's cap; a problem at "field.code" if not."""
    limit = LIMITS[field]
    if any(len(text) > limit for text in texts):
        fail(TOO_LONG, item=item, field=f"{field}.{code}", code="too_large", limit=limit)
        return False
    return True


class Fail(Protocol):
    def __call__(
        self, message: str, item: int | None = None, field: str = "", code: str = ...,
        **params: Any,
    ) -> None: ...


def is_texts(value: Any) -> bool:
    """A mapping by language code ({en: ..., fr: ...}), not a sub-point {text:, points:}."""
    return (
        isinstance(value, dict) and bool(value)
        and all(isinstance(k, str) and LANG.match(k) for k in value)
    )


class _Split:
    """One item's (or the meeting's) texts taken apart by language."""

    def __init__(self, fail: Fail, languages: list[str], item: int | None) -> None:
        self.fail = fail
        self.languages = languages
        self.first = languages[0]
        self.item = item
        self.reported: set[str] = set()

    def _problem(self, field: str, message: str, **params: Any) -> None:
        if field not in self.reported:  # one problem per field is enough to act on
            self.reported.add(field)
            self.fail(message, item=self.item, field=field, **params)

    def check(self, field: str, texts: dict[Any, Any], *, lists: bool = False) -> None:
        for code, value in texts.items():
            if code not in self.languages:
                self._problem(
                    f"{field}.{code}",
                    N_("“{language}” is not one of the meeting's languages ({languages}):"
                       " add it to “languages”, or write the text in one of those."),
                    language=code, languages=", ".join(self.languages),
                )
            elif not (isinstance(value, str) or (lists and isinstance(value, list))):
                self._problem(f"{field}.{code}", N_("write plain text for each language."))
        if self.first not in texts:
            self._problem(
                field,
                N_("give this text in “{language}” too, the meeting's first language: the"
                   " pages of the other languages fall back to it."),
                language=self.first,
            )

    def text(self, field: str, value: Any, code: str) -> Any:
        """The text of one entry in one language ("" if it has none there)."""
        if is_texts(value):
            self.check(field, value)
            text = value.get(code, "")
            return text if isinstance(text, str) else ""
        return value if code == self.first else ""

    def sub_point(self, field: str, point: Any, code: str) -> Any:
        if isinstance(point, dict) and not is_texts(point) and "text" in point:
            points = point.get("points") or []
            return {
                **point,
                "text": self.text(field, point.get("text"), code),
                "points": [self.text(field, p, code) for p in points]
                if isinstance(points, list) else points,
            }
        return self.text(field, point, code)

    def entries(self, field: str, value: Any, code: str) -> Any:
        """A list in one language, entry by entry."""
        if is_texts(value):  # the whole list in each language
            self.check(field, value, lists=True)
            own = value.get(code)
            if own is None:
                return [] if code != self.first else None
            return own
        if not isinstance(value, list):
            return value if code == self.first else []
        if field == "sub_points":
            return [self.sub_point(field, p, code) for p in value]
        return [self.text(field, q, code) for q in value]


def split_item(
    fail: Fail, number: int, item: dict[str, Any], languages: list[str]
) -> dict[str, dict[str, Any]]:
    """Put the item's title, sub-points and questions in the first language (in `item`,
    changed in place) and return the other languages' texts by language."""
    split = _Split(fail, languages, number)
    texts: dict[str, dict[str, Any]] = {code: {} for code in languages[1:]}
    for field in TEXT_FIELDS:
        if field not in item:
            continue
        value = item[field]
        pick = split.text if field == "title" else split.entries
        for code in texts:
            texts[code][field] = pick(field, value, code)
        item[field] = pick(field, value, split.first)
        if item[field] is None:
            del item[field]
    return texts


def split_meeting(
    fail: Fail, data: dict[str, Any], languages: list[str]
) -> dict[str, dict[str, Any]]:
    """The meeting's title and subtitle: the same, for the meeting's own fields."""
    split = _Split(fail, languages, None)
    texts: dict[str, dict[str, Any]] = {code: {} for code in languages[1:]}
    for field in ("title", "subtitle"):
        if field in data:
            for code in texts:
                texts[code][field] = split.text(field, data[field], code)
            data[field] = split.text(field, data[field], split.first)
    return texts


def aligned(
    fail: Fail, number: int, item: dict[str, Any], texts: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The other languages' texts, trimmed, against the item's own lists: a language
    may leave entries out (they fall back) but may not have more entries."""
    out: dict[str, dict[str, Any]] = {}
    for code, fields in texts.items():
        kept: dict[str, Any] = {}
        title = fields.get("title")
        if isinstance(title, str) and title.strip() and capped(
            fail, number, "title", code, [title.strip()]
        ):
            kept["title"] = title.strip()
        for field in ("sub_points", "questions"):
            entries = fields.get(field)
            if not entries:
                continue
            if isinstance(entries, str):
                entries = [entries]
            if not isinstance(entries, list) or not all(
                isinstance(e, str | dict) for e in entries
            ):
                fail(N_("write one line of text per entry."), item=number,
                     field=f"{field}.{code}")
                continue
            if len(entries) > len(item.get(field) or []):
                fail(
                    N_("this language has {count} entries and the meeting's first language"
                       " {first}: give each entry in the same place, one per line."),
                    item=number, field=f"{field}.{code}", count=len(entries),
                    first=len(item.get(field) or []),
                )
                continue
            entries = _trimmed([e.strip() if isinstance(e, str) else e for e in entries])
            shown = [text for entry in entries for text in _texts_in(entry)]
            if entries and capped(fail, number, field, code, shown):
                kept[field] = entries
        if kept:
            out[code] = kept
    return out
