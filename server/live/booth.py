"""Who speaks next, and in which language: what the interpreters' booth reads besides
the speaker, and the room screen's "next" list (see render.PAGES).

Each waiting hand says the language its person will speak, as their profile says
now; the speaker's is the language recorded when they were called (the record's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from floor.live.speakers import Row, rows_of

if TYPE_CHECKING:
    from floor.live.view import View

SHOWN = 3  # the next speakers a booth and a screen see


@dataclass(frozen=True)
class NextUp:
    """The next speakers as the booth's list shows them: a value compared whole, so that
    the list is rendered again only when one of them (or their language) changed."""

    rows: tuple[Row, ...]
    waiting: int  # every hand waiting, the ones shown included
    item: bool  # an item is current
    list_open: bool

    @property
    def more(self) -> int:
        return max(0, self.waiting - len(self.rows))

    @property
    def languages(self) -> tuple[tuple[Row, str], ...]:
        """Each shown hand with the language its person will speak, as their profile
        says now ("" when they gave none: the page then says nothing of it)."""
        return tuple((row, row.person.language) for row in self.rows)


def next_up(view: View) -> NextUp:
    item = view.item
    return NextUp(
        rows=tuple(rows_of(view.hands[:SHOWN], view.meeting.participants)),
        waiting=len(view.hands),
        item=item is not None,
        list_open=item.list_open if item is not None else False,
    )
