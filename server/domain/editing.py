"""The chair's live edits: agenda items, the screen's highlight, notes and action items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.agenda import parse_clock
from floor.domain.agenda_lines import (
    booking_from_line,
    bookings_to_text,
    lines,
    sub_points_from_text,
)
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import (
    Action,
    AgendaItem,
    Booking,
    ItemText,
    Meeting,
    Note,
    Participant,
    SubPoint,
)
from floor.domain.steps import Event, Result, replace, running
from floor.domain.timer import new_timer

# The caps of an uploaded agenda (floor.domain.agenda), for live edits too.
MAX_ITEMS = 100
MAX_PRESENTERS = 20


def _names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if len(names) > MAX_PRESENTERS:  # the cap an uploaded agenda has
        raise DomainError(Refusal.TOO_MANY_PRESENTERS, limit=MAX_PRESENTERS)
    return names


def _title(text: str) -> str:
    if not text:
        raise DomainError(Refusal.ITEM_TITLE_REQUIRED)
    return text


def _index(m: Meeting, item_id: str) -> int:
    index = m.item_index(item_id)
    if index is None:
        raise DomainError(Refusal.NO_SUCH_ITEM)
    return index


def _with_items(m: Meeting, items: list[AgendaItem]) -> Meeting:
    """Replace the agenda, keeping `current` on the same item."""
    current = None
    if m.item is not None:
        current = next(i for i, item in enumerate(items) if item.id == m.item.id)
    return replace(m, items=tuple(items), current=current)


def _fields(
    m: Meeting, cmd: c.AddItem | c.EditItem, item: AgendaItem
) -> tuple[Meeting, AgendaItem]:
    """The item with the dialog's fields; bookings of new names add (absent) participants."""
    start = item.planned_start
    if cmd.start:
        start = parse_clock(cmd.start)
    points = _points(sub_points_from_text(cmd.sub_points))
    bookings = list(item.bookings)
    participants = dict(m.participants)
    next_id = m.next_id
    if cmd.bookings != _bookings_text(m, item):
        if item.started_at is not None:
            raise DomainError(Refusal.BOOKINGS_AFTER_START)
        bookings = []
        known = {participants[b.participant_id].name: b for b in item.bookings
                 if b.participant_id in participants}
        for line in lines(cmd.bookings):
            booking = booking_from_line(line, m.regions)
            if booking["name"] in known and participants[
                known[booking["name"]].participant_id
            ].organization == booking.get("organization", ""):
                bookings.append(known[booking["name"]])
                continue
            pid = f"b{next_id}"
            next_id += 1
            participants[pid] = Participant(
                id=pid, name=booking["name"][:80], organization=booking.get("organization", ""),
                region=booking.get("region", ""), present=False,
            )
            bookings.append(Booking(participant_id=pid))
    item = replace(
        item,
        title=_title(cmd.title),
        planned_start=start,
        fixed=cmd.fixed,
        duration=cmd.duration,
        presenters=_names(cmd.presenters),
        speaker_limit=cmd.speaker_limit,
        sub_points=points,
        questions=tuple(lines(cmd.questions)),
        bookings=tuple(bookings),
        list_open=cmd.list_open,
        introductions=cmd.introductions,
    )
    item = replace(item, translations=_translations(m, cmd, item))
    return replace(m, participants=participants, next_id=next_id), item


def _points(points: list[str | dict[str, Any]]) -> tuple[SubPoint, ...]:
    return tuple(
        SubPoint(p) if isinstance(p, str) else SubPoint(p["text"], tuple(p["points"]))
        for p in points
    )


def _translations(
    m: Meeting, cmd: c.AddItem | c.EditItem, item: AgendaItem
) -> dict[str, ItemText]:
    """The dialog's texts in the meeting's other languages, line by line beside the
    first language's (an empty line falls back to it); the caps of an uploaded agenda."""
    out = {}
    for code, texts in cmd.translations.items():
        if code not in m.languages[1:]:
            raise DomainError(
                Refusal.NOT_A_MEETING_LANGUAGE, language=code,
                languages=", ".join(m.languages[1:]) or "—",
            )
        points = _points(sub_points_from_text(texts.sub_points, keep_blank=True))
        questions = tuple(lines(texts.questions, keep_blank=True))
        for name, own, first in (
            ("sub_points", points, item.sub_points), ("questions", questions, item.questions)
        ):
            if len(own) > len(first):
                raise DomainError(
                    Refusal.TRANSLATION_TOO_LONG, field=f"{name}.{code}", count=len(own),
                    first=len(first),
                )
        text = ItemText(title=texts.title, sub_points=points, questions=questions)
        if text != ItemText():
            out[code] = text
    return out


def _bookings_text(m: Meeting, item: AgendaItem) -> str:
    return bookings_to_text(
        [
            {"name": p.name, "organization": p.organization, "region": p.region}
            for b in item.bookings
            if (p := m.participants.get(b.participant_id)) is not None
        ]
    )


def replan(items: list[AgendaItem], start: int, anchor: int) -> list[AgendaItem]:
    """Items from `start` on are planned to begin when the items before them end (the
    latest end, should the chair have held them out of order), except items with a
    fixed time and items already held (the plan their drift is measured by)."""
    out = list(items)
    for i in range(max(0, start), len(out)):
        item = out[i]
        if item.fixed or item.started_at is not None:
            continue
        if i == 0:
            when = anchor
        else:
            when = max(before.planned_start + before.duration for before in out[:i]) % (24 * 60)
        if item.planned_start != when:
            out[i] = replace(item, planned_start=when)
    return out


def _add_item(m: Meeting, cmd: c.AddItem, actor: c.Actor, now: int) -> Result:
    if len(m.items) >= MAX_ITEMS:  # the cap an uploaded agenda has
        raise DomainError(Refusal.CSV_TOO_MANY_ITEMS, limit=MAX_ITEMS)
    items = list(m.items)
    position = len(items) if not cmd.after else _index(m, cmd.after) + 1
    item = AgendaItem(
        id=f"n{m.next_id}",
        title=_title(cmd.title),
        planned_start=m.items[0].planned_start,
        duration=cmd.duration,
        timer=new_timer(cmd.duration * 60_000),
    )
    m = replace(m, next_id=m.next_id + 1)
    m, item = _fields(m, cmd, item)
    items.insert(position, item)
    # A start typed in the dialog is kept; otherwise the item follows the one before it.
    items = replan(items, position if not cmd.start else position + 1, m.items[0].planned_start)
    m = _with_items(m, items)
    return m, [Event("item_added", now, {"item_id": item.id, "title": item.title})]


def _edit_item(m: Meeting, cmd: c.EditItem, actor: c.Actor, now: int) -> Result:
    index = _index(m, cmd.item_id)
    old = m.items[index]
    anchor = m.items[0].planned_start
    m, item = _fields(m, cmd, old)
    item = replace(item, timer=old.timer.adjust((cmd.duration - old.duration) * 60_000))
    items = list(m.items)
    items[index] = item
    if not cmd.start:  # "follows the previous item"
        items = replan(items, index, anchor)
    elif item.planned_start != old.planned_start:  # a new start: those after it follow it
        items = replan(items, index + 1, anchor)
    # A longer or shorter item leaves the plan alone: running over shows as drift.
    return _with_items(m, items), [Event("item_edited", now, {"item_id": item.id})]


def _move_item(m: Meeting, cmd: c.MoveItem, actor: c.Actor, now: int) -> Result:
    index = _index(m, cmd.item_id)
    anchor = m.items[0].planned_start
    items = list(m.items)
    item = items.pop(index)
    to = min(cmd.to, len(items))
    items.insert(to, item)
    if item.started_at is None:  # moving a held item reorders the record, not the plan
        items = replan(items, min(index, to), anchor)
    return _with_items(m, items), [Event("item_moved", now, {"item_id": item.id, "to": cmd.to})]


def _remove_item(m: Meeting, cmd: c.RemoveItem, actor: c.Actor, now: int) -> Result:
    index = _index(m, cmd.item_id)
    item = m.items[index]
    if item.started_at is not None:
        raise DomainError(Refusal.ITEM_STARTED)
    if len(m.items) == 1:
        raise DomainError(Refusal.LAST_ITEM)
    items = replan([i for i in m.items if i.id != item.id], index, m.items[0].planned_start)
    return _with_items(m, items), [Event("item_removed", now, {"item_id": item.id})]


def _highlight(m: Meeting, cmd: c.Highlight, actor: c.Actor, now: int) -> Result:
    if cmd.text:
        _, item = running(m)
        if cmd.text not in m.texts_of(item):
            raise DomainError(Refusal.NO_SUCH_POINT)
    return replace(m, highlight=cmd.text), [Event("highlight", now, {"text": cmd.text})]


def _item_for_record(m: Meeting, item_id: str) -> str:
    if item_id:
        return m.items[_index(m, item_id)].id
    _, item = running(m)
    return item.id


def _add_note(m: Meeting, cmd: c.AddNote, actor: c.Actor, now: int) -> Result:
    if not cmd.text:
        raise DomainError(Refusal.NOTE_TEXT_REQUIRED)
    note = Note(id=m.next_id, item_id=_item_for_record(m, cmd.item_id), text=cmd.text, at=now)
    m = replace(m, notes=(*m.notes, note), next_id=m.next_id + 1)
    return m, [Event("note_added", now, {"note_id": note.id, "item_id": note.item_id})]


def _remove_note(m: Meeting, cmd: c.RemoveNote, actor: c.Actor, now: int) -> Result:
    notes = tuple(n for n in m.notes if n.id != cmd.note_id)
    if len(notes) == len(m.notes):
        raise DomainError(Refusal.NO_SUCH_NOTE)
    return replace(m, notes=notes), [Event("note_removed", now, {"note_id": cmd.note_id})]


def _edit_note(m: Meeting, cmd: c.EditNote, actor: c.Actor, now: int) -> Result:
    if not cmd.text:
        raise DomainError(Refusal.NOTE_TEXT_REQUIRED)
    if not any(n.id == cmd.note_id for n in m.notes):
        raise DomainError(Refusal.NO_SUCH_NOTE)
    notes = tuple(replace(n, text=cmd.text) if n.id == cmd.note_id else n for n in m.notes)
    return replace(m, notes=notes), [Event("note_edited", now, {"note_id": cmd.note_id})]


def _add_action(m: Meeting, cmd: c.AddAction, actor: c.Actor, now: int) -> Result:
    if not cmd.what:
        raise DomainError(Refusal.ACTION_TEXT_REQUIRED)
    action = Action(
        id=m.next_id,
        item_id=_item_for_record(m, cmd.item_id),
        what=cmd.what,
        who=cmd.who,
        due=cmd.due,
        at=now,
    )
    m = replace(m, actions=(*m.actions, action), next_id=m.next_id + 1)
    return m, [Event("action_added", now, {"action_id": action.id})]


def _remove_action(m: Meeting, cmd: c.RemoveAction, actor: c.Actor, now: int) -> Result:
    actions = tuple(a for a in m.actions if a.id != cmd.action_id)
    if len(actions) == len(m.actions):
        raise DomainError(Refusal.NO_SUCH_ACTION)
    return replace(m, actions=actions), [Event("action_removed", now, {"action_id": cmd.action_id})]


def _edit_action(m: Meeting, cmd: c.EditAction, actor: c.Actor, now: int) -> Result:
    if not cmd.what:
        raise DomainError(Refusal.ACTION_TEXT_REQUIRED)
    if not any(a.id == cmd.action_id for a in m.actions):
        raise DomainError(Refusal.NO_SUCH_ACTION)
    actions = tuple(
        replace(a, what=cmd.what, who=cmd.who, due=cmd.due) if a.id == cmd.action_id else a
        for a in m.actions
    )
    event = Event("action_edited", now, {"action_id": cmd.action_id})
    return replace(m, actions=actions), [event]


EDITING_HANDLERS: dict[type[c.Command], Callable[[Meeting, Any, c.Actor, int], Result]] = {
    c.AddItem: _add_item,
    c.EditItem: _edit_item,
    c.MoveItem: _move_item,
    c.RemoveItem: _remove_item,
    c.Highlight: _highlight,
    c.AddNote: _add_note,
    c.RemoveNote: _remove_note,
    c.EditNote: _edit_note,
    c.AddAction: _add_action,
    c.RemoveAction: _remove_action,
    c.EditAction: _edit_action,
}
