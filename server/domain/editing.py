"""The chair's live edits: agenda items, the screen's highlight, notes and action items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import Action, AgendaItem, Meeting, Note
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


def _add_item(m: Meeting, cmd: c.AddItem, actor: c.Actor, now: int) -> Result:
    if len(m.items) >= MAX_ITEMS:  # the cap an uploaded agenda has
        raise DomainError(Refusal.CSV_TOO_MANY_ITEMS, limit=MAX_ITEMS)
    items = list(m.items)
    position = len(items) if not cmd.after else _index(m, cmd.after) + 1
    before = items[position - 1] if position > 0 else None
    start = before.planned_start + before.duration if before else 0
    item = AgendaItem(
        id=f"n{m.next_id}",
        title=_title(cmd.title),
        planned_start=start % (24 * 60),
        duration=cmd.duration,
        timer=new_timer(cmd.duration * 60_000),
        presenters=_names(cmd.presenters),
        speaker_limit=cmd.speaker_limit,
    )
    items.insert(position, item)
    m = replace(_with_items(m, items), next_id=m.next_id + 1)
    return m, [Event("item_added", now, {"item_id": item.id, "title": item.title})]


def _edit_item(m: Meeting, cmd: c.EditItem, actor: c.Actor, now: int) -> Result:
    index = _index(m, cmd.item_id)
    item = m.items[index]
    minutes = cmd.duration - item.duration
    item = replace(
        item,
        title=_title(cmd.title),
        duration=cmd.duration,
        timer=item.timer.adjust(minutes * 60_000),
        presenters=_names(cmd.presenters),
        speaker_limit=cmd.speaker_limit,
    )
    items = list(m.items)
    items[index] = item
    return _with_items(m, items), [Event("item_edited", now, {"item_id": item.id})]


def _move_item(m: Meeting, cmd: c.MoveItem, actor: c.Actor, now: int) -> Result:
    index = _index(m, cmd.item_id)
    items = list(m.items)
    item = items.pop(index)
    items.insert(min(cmd.to, len(items)), item)
    return _with_items(m, items), [Event("item_moved", now, {"item_id": item.id, "to": cmd.to})]


def _remove_item(m: Meeting, cmd: c.RemoveItem, actor: c.Actor, now: int) -> Result:
    index = _index(m, cmd.item_id)
    item = m.items[index]
    if item.started_at is not None:
        raise DomainError(Refusal.ITEM_STARTED)
    if len(m.items) == 1:
        raise DomainError(Refusal.LAST_ITEM)
    items = [i for i in m.items if i.id != item.id]
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
