"""The chair's agenda region is rendered again only when what it shows changed,
and always exactly as a fresh render would have it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from server.domain import commands as c
from server.domain.agenda import meeting_from_data
from server.domain.errors import DomainError
from server.domain.meeting import apply
from server.domain.model import Meeting
from server.live.render import Renderer
from server.live.view import build

AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
T0 = 1_492_452_000_000
CHAIR = c.Actor(c.Role.CHAIR)


def person(n: int) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, f"p{n}")


def states() -> list[Meeting]:
    """A meeting through every kind of change the agenda shows, and many it does not."""
    m = meeting_from_data(yaml.safe_load(AGENDA.read_text(encoding="utf-8")))
    out = [m]
    at = T0
    steps: list[tuple[c.Command, c.Actor]] = [
        (c.StartMeeting(), CHAIR),
        (c.NextItem(), CHAIR),
        (c.Register(name="Ada"), person(1)),
        (c.Register(name="Bo"), person(2)),
        (c.RaiseHand(), person(1)),  # hands now wait: "Go" asks to confirm
        (c.ShowMessage(text="Coffee at four"), CHAIR),
        (c.RaiseHand(), person(2)),
        (c.CallNext(), CHAIR),
        (c.FinishTurn(), CHAIR),
        (c.CallNext(), CHAIR),  # no hand waits any more
        (c.EditItem(item_id=m.items[3].id, title="Renamed", duration=20), CHAIR),
        (c.AddItem(title="Added", duration=5), CHAIR),
        (c.MoveItem(item_id=m.items[4].id, to=2), CHAIR),
        (c.SetSpeakerLimit(seconds=90), CHAIR),
        (c.NextItem(), CHAIR),  # late: drift
        (c.GotoItem(item_id=m.items[1].id), CHAIR),
        (c.RemoveItem(item_id=m.items[6].id), CHAIR),
        (c.EndMeeting(), CHAIR),
    ]
    for command, actor in steps:
        at += 7 * 60_000
        try:
            m, _ = apply(m, command, actor, at)
        except DomainError as exc:
            raise AssertionError(f"{command} refused: {exc.message}") from exc
        out.append(m)
    return out


def test_the_kept_agenda_is_always_what_a_fresh_render_gives() -> None:
    kept = Renderer()
    for m in states():
        assert kept.regions(c.Role.CHAIR, m) == Renderer().regions(c.Role.CHAIR, m)


def test_the_agenda_is_rendered_again_only_when_it_changed() -> None:
    renderer = Renderer()
    template = renderer.env.get_template("chair.html")
    render_agenda = template.blocks["agenda"]
    calls = 0

    def counted(context: Any) -> Iterator[str]:
        nonlocal calls
        calls += 1
        return render_agenda(context)

    template.blocks["agenda"] = counted
    agendas = []
    for m in states():
        renderer.regions(c.Role.CHAIR, m)
        agendas.append(build(m).agenda)
    changes = sum(agendas[i] != agendas[i - 1] for i in range(1, len(agendas)))
    assert calls == 1 + changes
    # Steps the agenda does not show (hands, a message, turns) rendered nothing.
    assert 8 <= changes <= len(agendas) - 5
