"""Charts: well-formed SVG with one bar per group and series, escaped text, a description."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from floor.domain import commands as c
from floor.domain.model import Attendance, Meeting
from floor.record.charts import share_chart
from floor.record.stats import fold
from tests.record.conftest import MINUTE, SECOND, T0, Driver

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_a_chart_has_a_bar_per_group_and_series(welcome: Driver) -> None:
    at = T0 + 18 * MINUTE
    welcome.join("ana", at, region="Asia", attendance=Attendance.REMOTE).hand("ana", at)
    welcome.turn(at + SECOND, 60)
    stats = fold(welcome.meeting)
    svg = parse(share_chart(stats.by_region, chart_id="c1"))
    bars = svg.findall(f".//{SVG}rect[@class]")
    assert len(bars) == 6 * 3
    asia = [b for b in bars if "Asia" in (b.findtext(f"{SVG}title") or "")]
    assert [b.get("class") for b in asia] == ["bar bar-turns", "bar bar-time", "bar bar-hands"]
    # Asia has every turn: its bar reaches the end of the axis (100%).
    widths = {b.get("class"): float(b.get("width") or 0) for b in asia}
    assert widths["bar bar-turns"] == widths["bar bar-hands"] > 0
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-t c1-d"
    assert "Asia: turns 100%" in (svg.findtext(f"{SVG}desc") or "")


def test_compact_chart_shows_only_the_chosen_series(welcome: Driver) -> None:
    stats = fold(welcome.meeting)
    svg = parse(share_chart(stats.by_attendance, chart_id="c2", series=("turns", "hands"),
                            compact=True))
    assert len(svg.findall(f".//{SVG}rect[@class]")) == 3 * 2
    assert "compact" in (svg.get("class") or "")
    assert svg.findtext(f"{SVG}desc") == (
        "In the room: turns 0%, hands raised 0%; Remote: turns 0%, hands raised 0%; "
        "Phone line: turns 0%, hands raised 0%."
    )


def test_names_are_escaped_and_long_ones_cut(reference: Meeting) -> None:
    driver = Driver(reference)
    driver.chair(c.StartMeeting(), T0).chair(c.NextItem(), T0 + MINUTE)
    org = '<script>alert("x")</script> & a very long organization name indeed'
    driver.join("eve", T0 + MINUTE, organization=org).hand("eve", T0 + MINUTE)
    markup = share_chart(fold(driver.meeting).by_organization, chart_id="c3")
    assert "<script>" not in markup
    svg = parse(markup)  # well-formed despite the markup in the name
    labels = [t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert labels[0].findtext(f"{SVG}title") == org
    assert "".join(labels[0].itertext()).endswith("…")
