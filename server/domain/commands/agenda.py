"""The chair's (and the builder's) commands that edit the agenda while it is live."""

from __future__ import annotations

from typing import Annotated

import msgspec

from floor.domain.commands.base import Command, Short, Text, TurnSeconds

Minutes = Annotated[int, msgspec.Meta(ge=1, le=24 * 60)]
Lines = Annotated[str, msgspec.Meta(max_length=2000)]  # one entry per line
LangCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$")]

LINE_FIELDS = frozenset({"sub_points", "questions", "bookings"})  # one entry per line


class ItemTexts(msgspec.Struct, forbid_unknown_fields=True):
    """An item's texts in one more of the meeting's languages ("" falls back to the first);
    the dialog's fields "translations.fr.title" and so on."""

    title: Annotated[str, msgspec.Meta(max_length=200)] = ""
    sub_points: Lines = ""
    questions: Lines = ""


class _ItemFields(Command):
    """What the builder and the chair's item dialog edit; the text boxes hold one entry
    per line (see agenda_lines)."""

    title: Annotated[str, msgspec.Meta(max_length=200)]
    duration: Minutes = 15
    presenters: Text = ""  # names separated by commas
    speaker_limit: TurnSeconds = 180
    start: Short = ""  # "" follows the previous item
    fixed: bool = False  # keeps its start when items before it change
    sub_points: Lines = ""
    questions: Lines = ""
    bookings: Lines = ""  # "Name, Organization" per line
    list_open: bool = True
    introductions: bool = False
    translations: Annotated[dict[LangCode, ItemTexts], msgspec.Meta(max_length=12)] = {}


class AddItem(_ItemFields, tag="add_item"):
    after: Short = ""  # the id of the item it follows; "" puts it last


class EditItem(_ItemFields, tag="edit_item"):
    item_id: Short = ""


class MoveItem(Command, tag="move_item"):
    item_id: Short
    to: Annotated[int, msgspec.Meta(ge=0)]


class RemoveItem(Command, tag="remove_item"):
    item_id: Short
