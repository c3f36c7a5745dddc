"""The agenda's texts in a reader's language.

A meeting keeps its title, subtitle and each item's title, sub-points and
questions in its first language where they always were, and the other
languages' texts beside them (`translations`). This is the one place that
picks a text for a language: the language's own where it has one, else the
meeting's first language, entry by entry. `localized` gives the whole meeting
in a page's language, so that every page, the minutes and the card show it
without knowing about translations.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from floor.domain.model import AgendaItem, ItemText, Meeting, MeetingText, SubPoint

SEPARATOR = " / "  # a bilingual screen's two languages, as its labels join them


def _entry(texts: Sequence[str], index: int) -> str:
    return texts[index] if index < len(texts) else ""


def _join(texts: list[str]) -> str:
    """One text per language of the page; the same text once."""
    return SEPARATOR.join(dict.fromkeys(texts))


def _languages(lang: str) -> list[str]:
    """A page's language key ("fr", or "fr+en" for a bilingual screen) as a list."""
    return [code for code in lang.split("+") if code]


def meeting_title(meeting: Meeting, lang: str) -> str:
    return _join([
        (meeting.translations.get(code) or MeetingText()).title or meeting.title
        for code in _languages(lang)
    ])


def meeting_subtitle(meeting: Meeting, lang: str) -> str:
    return _join([
        (meeting.translations.get(code) or MeetingText()).subtitle or meeting.subtitle
        for code in _languages(lang)
    ])


def item_title(item: AgendaItem, lang: str) -> str:
    return _join([
        (item.translations.get(code) or ItemText()).title or item.title
        for code in _languages(lang)
    ])


def item_questions(item: AgendaItem, lang: str) -> tuple[str, ...]:
    sides = [(item.translations.get(code) or ItemText()).questions for code in _languages(lang)]
    return tuple(
        _join([_entry(side, i) or question for side in sides])
        for i, question in enumerate(item.questions)
    )


def item_sub_points(item: AgendaItem, lang: str) -> tuple[SubPoint, ...]:
    sides = [(item.translations.get(code) or ItemText()).sub_points for code in _languages(lang)]
    out = []
    for i, point in enumerate(item.sub_points):
        own = [side[i] if i < len(side) else SubPoint("") for side in sides]
        out.append(SubPoint(
            _join([p.text or point.text for p in own]),
            tuple(
                _join([_entry(p.points, j) or sub for p in own])
                for j, sub in enumerate(point.points)
            ),
        ))
    return tuple(out)


def _place(item: AgendaItem, text: str) -> tuple[int, ...] | None:
    """Where a question or sub-point stands in the item, whatever language it is
    written in: ("q", i) as (0, i), a sub-point (1, i), a point under it (2, i, j)."""
    sides: list[AgendaItem | ItemText] = [item, *item.translations.values()]
    for side in sides:
        for i, question in enumerate(side.questions):
            if question == text:
                return (0, i)
        for i, point in enumerate(side.sub_points):
            if point.text == text:
                return (1, i)
            for j, sub in enumerate(point.points):
                if sub == text:
                    return (2, i, j)
    return None


def highlight_in(meeting: Meeting, lang: str) -> str:
    """The question or sub-point the chair shows on the screen, in `lang`."""
    item = meeting.item
    if not meeting.highlight or item is None:
        return meeting.highlight
    place = _place(item, meeting.highlight)
    if place is None:
        return meeting.highlight
    if place[0] == 0:
        return item_questions(item, lang)[place[1]]
    point = item_sub_points(item, lang)[place[1]]
    return point.text if place[0] == 1 else point.points[place[2]]


def item_in(item: AgendaItem, lang: str) -> AgendaItem:
    """The item with its texts in `lang` (the same object if nothing changes)."""
    if not item.translations:
        return item
    title = item_title(item, lang)
    questions = item_questions(item, lang)
    points = item_sub_points(item, lang)
    if (title, questions, points) == (item.title, item.questions, item.sub_points):
        return item
    return msgspec.structs.replace(item, title=title, questions=questions, sub_points=points)


def localized(
    meeting: Meeting, lang: str, *, last: tuple[Meeting, Meeting] | None = None
) -> Meeting:
    """The meeting with every agenda text in `lang` ("fr"; "fr+en" for a bilingual
    screen: "Bienvenue / Welcome"), each falling back to the meeting's first language.
    The same object when no text changes, so that a meeting without translations
    costs nothing. `last`, an earlier version and what this gave for it in `lang`:
    when the two versions share their agenda (a message, a hand), its items are not
    worked out again."""
    codes = _languages(lang)
    if not codes or (
        not meeting.translations and not any(item.translations for item in meeting.items)
    ):
        return meeting
    if last is not None and last[0].items is meeting.items:
        items = last[1].items
    else:
        items = tuple(item_in(item, lang) for item in meeting.items)
    title = meeting_title(meeting, lang)
    subtitle = meeting_subtitle(meeting, lang)
    highlight = highlight_in(meeting, lang)
    if (
        title == meeting.title
        and subtitle == meeting.subtitle
        and highlight == meeting.highlight
        and all(a is b for a, b in zip(items, meeting.items, strict=True))
    ):
        return meeting
    return msgspec.structs.replace(
        meeting, title=title, subtitle=subtitle, items=items, highlight=highlight
    )
