"""The table of page regions agrees with the templates: every region is a block whose
element carries the region's id, rendered alone and inside the whole page alike."""

from __future__ import annotations

import re

import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import meeting_from_data
from floor.domain.meeting import apply
from floor.domain.model import Meeting
from floor.live.render import PAGES, Renderer
from floor.live.view import build
from floor.resources import REFERENCE_MEETING

T0 = 1_492_452_000_000
ROLES = list(PAGES)


def running_meeting() -> Meeting:
    m = meeting_from_data(yaml.safe_load(REFERENCE_MEETING.read_text(encoding="utf-8")))
    m, _ = apply(m, c.StartMeeting(), c.Actor(c.Role.CHAIR), T0)
    return m


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_every_region_is_a_block_with_an_element_of_its_id(role: c.Role) -> None:
    renderer = Renderer()
    template = renderer.env.get_template(PAGES[role].template)
    meeting = running_meeting()
    pushed = renderer.regions(role, meeting)
    page = renderer.page(role, meeting, join_url="http://x/m/y", screen_url="http://x/s",
                         ws_query="", chair_key="k", me=None, pid="p", regions=meeting.regions,
                         csrf="token", qr_url="/m/y/qr.svg")
    for region in PAGES[role].regions:
        assert region.block in template.blocks, region.block
        html = "".join(template.blocks[region.block](
            template.new_context({"v": build(meeting), "oob": True})))
        first = re.match(r'\s*<\w+[^>]*\bid="([\w-]+)"', html)
        assert first and first[1] == region.block, (region.block, html[:120])
        assert f'id="{region.block}"' in page
        assert f'id="{region.block}"' in pushed
    pushed_ids = re.findall(r'<\w+[^>]*\bid="([\w-]+)"[^>]*hx-swap-oob', pushed)
    assert pushed_ids == [region.block for region in PAGES[role].regions]


def test_a_kept_region_names_a_value_of_the_view() -> None:
    view = build(running_meeting())
    for page in PAGES.values():
        for region in page.regions:
            if region.kept is not None:
                getattr(view, region.kept)
