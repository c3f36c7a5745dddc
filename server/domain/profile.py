"""A participant's own profile: their name, organization and region as the room sees
them, locked while they have the floor or a hand on the list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from floor.domain import commands as c
from floor.domain.errors import DomainError, Refusal
from floor.domain.model import Meeting, Participant
from floor.domain.procedure import known_category
from floor.domain.steps import (
    Event,
    Result,
    reorder_current,
    replace,
    required_name,
    spoken_language,
    text_region,
)


def _register(m: Meeting, cmd: c.Register, actor: c.Actor, now: int) -> Result:
    pid = actor.participant_id
    assert pid is not None
    old = m.participants.get(pid)
    if old is not None and _shown_to_the_room(m, pid) and (
        (cmd.name, cmd.organization, cmd.region) != (old.name, old.organization, old.region)
    ):
        # The room screen and the list show them now: a new name there would be
        # believed (a speaker renamed "THE CHAIR HAS RESIGNED" mid-speech).
        raise DomainError(Refusal.PROFILE_LOCKED)
    person = Participant(
        id=pid,
        name=required_name(cmd.name),
        organization=cmd.organization,
        region=text_region(m, cmd.region),
        focus=cmd.focus,
        attendance=cmd.attendance,
        joined_at=old.joined_at if old else now,
        category=known_category(m, cmd.category),
        language=spoken_language(m, cmd.language),
    )
    m = replace(m, participants={**m.participants, pid: person})
    kind = "profile_updated" if old else "registered"
    return reorder_current(m), [Event(kind, now, {"participant_id": pid})]



def _shown_to_the_room(m: Meeting, pid: str) -> bool:
    """Whether the person has the floor or a hand on the current item's list."""
    if m.floor is not None and m.floor.hand.participant_id == pid:
        return True
    if m.current is None:
        return False
    return any(h.participant_id == pid for h in m.items[m.current].speakers)



PROFILE_HANDLERS: dict[type[c.Command], Callable[[Meeting, Any, c.Actor, int], Result]] = {
    c.Register: _register,
}
