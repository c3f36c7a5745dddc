"""What the pages show of the rules of procedure, rendered from the view."""

from __future__ import annotations

import msgspec
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.meeting import apply
from floor.domain.model import Category, HandKind, Meeting
from floor.live.render import Renderer
from floor.resources import REFERENCE_MEETING

T0 = 1_492_452_000_000
CHAIR = c.Actor(c.Role.CHAIR)
PAGE = {"join_url": "http://x/m/y", "screen_url": "http://x/s", "ws_query": "",
        "chair_key": "k", "me": None, "pid": "p", "csrf": "token", "qr_url": "/m/y/qr.svg"}


def meeting_with_categories() -> Meeting:
    m = meeting_from_data(yaml.safe_load(REFERENCE_MEETING.read_text(encoding="utf-8")))
    categories = (Category("Group statement", 300), Category("Observer"))
    m = msgspec.structs.replace(m, categories=categories)
    steps: list[tuple[c.Command, c.Actor]] = [
        (c.StartMeeting(), CHAIR),
        (c.GotoItem(item_id="i4"), CHAIR),
        (c.Register(name="Ana", category="Observer"), c.Actor(c.Role.PARTICIPANT, "ana")),
        (c.Register(name="Kofi"), c.Actor(c.Role.PARTICIPANT, "kofi")),
        (c.SetCategory(participant_id="kofi", category="Group statement"), CHAIR),
        (c.RaiseHand(), c.Actor(c.Role.PARTICIPANT, "ana")),
        (c.RaiseHand(), c.Actor(c.Role.PARTICIPANT, "kofi")),
    ]
    for at, (command, actor) in enumerate(steps):
        m, _ = apply(m, command, actor, T0 + at * 1000)
    return m


def test_the_chair_sees_categories_and_can_set_them() -> None:
    m = meeting_with_categories()
    html = Renderer().page(c.Role.CHAIR, m, regions=m.regions, **PAGE)
    assert 'id="category-dialog"' in html
    assert html.count("data-set-category=") == 2  # one per person present
    assert "Group statement (precedence 1); in order of hands raised" in html
    speakers = html[html.index('class="speakers-list"'):]
    assert speakers.index("Kofi") < speakers.index("Ana")  # the group statement first


def test_a_participant_chooses_a_category_when_registering() -> None:
    m = meeting_with_categories()
    html = Renderer().page(c.Role.PARTICIPANT, m, regions=m.regions,
                           categories=[k.name for k in m.categories], **PAGE)
    assert 'name="category"' in html and "<option>Observer</option>" in html


def test_without_categories_there_is_nothing_to_choose() -> None:
    m = msgspec.structs.replace(meeting_with_categories(), categories=())
    chair = Renderer().page(c.Role.CHAIR, m, regions=m.regions, **PAGE)
    phone = Renderer().page(c.Role.PARTICIPANT, m, regions=m.regions, categories=[], **PAGE)
    assert "category-dialog" not in chair and "data-set-category" not in chair
    assert 'name="category"' not in phone


def test_the_chair_page_shows_the_forecast_data_and_each_kinds_time() -> None:
    m = meeting_with_categories()
    html = Renderer().page(c.Role.CHAIR, m, regions=m.regions, **PAGE)
    # Kofi speaks as a group statement (300 s), then Ana at the item's 120 s.
    assert 'data-ends="300000 420000"' in html
    for kind in HandKind:
        if kind is not HandKind.SPEAK:
            assert f'name="{kind.value}"' in html  # its seconds per turn, editable
