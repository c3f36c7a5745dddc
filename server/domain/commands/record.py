"""The record's commands: notes and action items, by the chair or the rapporteur."""

from __future__ import annotations

from typing import Annotated

import msgspec

from floor.domain.commands.base import Command, Short, Text


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
