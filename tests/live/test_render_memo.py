"""Regions kept between versions (render.PAGES: the chair's agenda, list of
speakers and people present, a participant's list of speakers and, before the
start, plan) are rendered
again only when what they show changed, and always exactly as a fresh render
would have them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.errors import DomainError
from floor.domain.meeting import apply
from floor.domain.model import Attendance, Meeting, Policy
from floor.live.render import PAGES, Renderer
from floor.live.view import build

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
        # Before the start: the plan a participant's page shows changes with the agenda
        # alone, not with messages and registrations.
        (c.ShowMessage(text="Doors open at nine"), CHAIR),
        (c.Register(name="Dee"), person(4)),
        (c.EditItem(item_id=m.items[2].id, title="Renamed early", duration=25), CHAIR),
        (c.ShowMessage(text="Coffee first"), CHAIR),
        (c.AddItem(title="Added early", duration=5), CHAIR),
        (c.StartMeeting(), CHAIR),
        (c.NextItem(), CHAIR),
        (c.Register(name="Ada"), person(1)),
        (c.Register(name="Bo"), person(2)),
        (c.RaiseHand(), person(1)),  # hands now wait: "Go" asks to confirm
        (c.ShowMessage(text="Coffee at four"), CHAIR),
        (c.RaiseHand(), person(2)),
        # A waiting person's row changes (their name is locked while the hand is up).
        (c.Register(name="Ada", attendance=Attendance.REMOTE), person(1)),
        (c.SetPolicy(policy=Policy.FIRST_TIME), CHAIR),
        (c.SetListOpen(open=False), CHAIR),
        (c.SetListOpen(open=True), CHAIR),
        (c.Register(name="Cy"), person(3)),
        (c.RaiseHand(), person(3)),
        (c.LowerHand(), person(3)),
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


@pytest.mark.parametrize("role", list(c.Role), ids=lambda r: r.value)
def test_kept_regions_are_always_what_a_fresh_render_gives(role: c.Role) -> None:
    kept = Renderer(clock=lambda: T0)
    for m in states():
        assert kept.regions(role, m) == Renderer(clock=lambda: T0).regions(role, m)


KEPT = [(role, r.block, r.kept) for role, page in PAGES.items() for r in page.regions if r.kept]


@pytest.mark.parametrize(("role", "block", "kept"), KEPT, ids=lambda x: str(getattr(x, "value", x)))
def test_a_kept_region_is_rendered_again_only_when_it_changed(
    role: c.Role, block: str, kept: str
) -> None:
    renderer = Renderer(clock=lambda: T0)
    template = renderer.env.get_template(PAGES[role].template)
    render_block = template.blocks[block]
    calls = 0

    def counted(context: Any) -> Iterator[str]:
        nonlocal calls
        calls += 1
        return render_block(context)

    template.blocks[block] = counted
    values = []
    for m in states():
        renderer.regions(role, m)
        values.append(getattr(build(m), kept))
    changes = sum(values[i] != values[i - 1] for i in range(1, len(values)))
    assert calls == 1 + changes
    # Steps the region does not show rendered nothing.
    assert 3 <= changes <= len(values) - 5
