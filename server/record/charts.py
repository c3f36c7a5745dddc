"""Charts as inline SVG, drawn on the server: no chart script in the page.

One chart type: horizontal bars of shares (turns, speaking time, hands
raised) for each group of a breakdown, so that a group's share of the floor
stands next to its share of the hands. Each bar carries its figure as text
and a tooltip; the SVG has a title and a description for screen readers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from markupsafe import Markup, escape

from floor import i18n
from floor.domain.text import N_
from floor.record.stats import Breakdown, Group
from floor.record.times import mmss


@dataclass(frozen=True)
class Series:
    key: str  # "turns", "time" or "hands"
    label: str
    fill: str
    stroke: str


SERIES = {
    "turns": Series("turns", N_("Turns"), "#1d4ed8", "#1d4ed8"),
    "time": Series("time", N_("Speaking time"), "#7dd3fc", "#0369a1"),
    "hands": Series("hands", N_("Hands raised"), "#fde68a", "#b45309"),
}
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Geometry:
    width: int
    label_width: int
    value_width: int
    bar: int  # bar height
    gap: int  # between the bars of one group
    group_gap: int
    font: int
    max_label: int  # characters before a label is cut

    @property
    def plot_width(self) -> int:
        return self.width - self.label_width - self.value_width


FULL = Geometry(620, 150, 112, 12, 3, 14, 13, 20)
COMPACT = Geometry(380, 112, 50, 10, 3, 10, 12, 15)


def share_chart(
    breakdown: Breakdown,
    *,
    chart_id: str,
    series: tuple[str, ...] = ("turns", "time", "hands"),
    compact: bool = False,
    lang: str = i18n.DEFAULT,
) -> Markup:
    """A bar chart of the breakdown's shares, its words in `lang`; `chart_id` must be
    unique in the page."""
    g = COMPACT if compact else FULL
    t = i18n.text(lang)
    chosen = [
        Series(s.key, t.gettext(s.label), s.fill, s.stroke) for s in (SERIES[k] for k in series)
    ]
    groups = tuple(
        dataclasses.replace(grp, label=t.gettext(grp.label)) if grp.label else grp
        for grp in breakdown.groups
    )
    breakdown = dataclasses.replace(breakdown, title=t.gettext(breakdown.title), groups=groups)
    legend_h = g.font + 10
    axis_h = g.font + 6
    group_h = len(chosen) * g.bar + (len(chosen) - 1) * g.gap
    top = legend_h + axis_h
    height = top + len(groups) * (group_h + g.group_gap) + 2
    scale = _scale(max((_value(grp, s.key) for grp in groups for s in chosen), default=0.0))
    x0 = g.label_width

    def x(share: float) -> float:
        return x0 + g.plot_width * share / scale

    title = f"{breakdown.title}: " + ", ".join(s.label.lower() for s in chosen)
    parts = [
        f'<svg class="chart{" compact" if compact else ""}" id="{chart_id}" '
        f'viewBox="0 0 {g.width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" {FONT} font-size="{g.font}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_describe(breakdown, chosen, t))}</desc>',
    ]
    # legend
    lx = x0
    for s in chosen:
        parts.append(
            f'<rect x="{lx}" y="2" width="{g.font}" height="{g.font - 2}" fill="{s.fill}" '
            f'stroke="{s.stroke}"/>'
            f'<text x="{lx + g.font + 4}" y="{g.font}" fill="#334155">{escape(s.label)}</text>'
        )
        lx += g.font + 12 + round(len(s.label) * g.font * 0.56)
    # grid and axis
    for tick in _ticks(scale):
        tx = round(x(tick), 1)
        parts.append(
            f'<line x1="{tx}" x2="{tx}" y1="{top - 2}" y2="{height - 2}" stroke="#e2e8f0"/>'
            f'<text x="{tx}" y="{legend_h + g.font}" text-anchor="middle" fill="#64748b" '
            f'font-size="{g.font - 2}">{round(tick * 100)}%</text>'
        )
    # bars
    y = top
    for grp in groups:
        label = grp.label if len(grp.label) <= g.max_label else grp.label[: g.max_label - 1] + "…"
        parts.append(
            f'<text x="{x0 - 8}" y="{y + group_h / 2 + g.font * 0.35:.1f}" text-anchor="end" '
            f'fill="#0f172a"><title>{escape(grp.label)}</title>{escape(label)}</text>'
        )
        by = y
        for s in chosen:
            share = _value(grp, s.key)
            width = max(0.0, x(share) - x0)
            figure = _figure(grp, s.key, compact)
            parts.append(
                f'<rect class="bar bar-{s.key}" x="{x0}" y="{by}" width="{width:.1f}" '
                f'height="{g.bar}" fill="{s.fill}" stroke="{s.stroke}" stroke-width="1">'
                f"<title>{escape(grp.label)}: {escape(_tooltip(grp, s.key, t))}</title></rect>"
                f'<text x="{x0 + width + 4:.1f}" y="{by + g.bar - 1.5}" fill="#334155" '
                f'font-size="{g.font - 2}">{escape(figure)}</text>'
            )
            by += g.bar + g.gap
        y += group_h + g.group_gap
    parts.append(
        f'<line x1="{x0}" x2="{x0}" y1="{top - 2}" y2="{height - 2}" stroke="#94a3b8"/></svg>'
    )
    return Markup("".join(parts))


def _value(group: Group, key: str) -> float:
    return {"turns": group.turn_share, "time": group.time_share, "hands": group.hand_share}[key]


def _scale(largest: float) -> float:
    """The axis maximum: a quarter step at or above the largest share."""
    for top in (0.25, 0.5, 0.75, 1.0):
        if largest <= top + 1e-9:
            return top
    return 1.0


def _ticks(scale: float) -> list[float]:
    step = {0.25: 0.05, 0.5: 0.1}.get(scale, 0.25)
    return [i * step for i in range(round(scale / step) + 1)]


def _figure(group: Group, key: str, compact: bool) -> str:
    percent = f"{round(_value(group, key) * 100)}%"
    if compact:
        return percent
    count = {"turns": str(group.turns), "time": mmss(group.time), "hands": str(group.hands)}[key]
    return f"{percent} · {count}"


def _tooltip(group: Group, key: str, t: i18n.Text) -> str:
    percent = f"{round(_value(group, key) * 100)}%"
    if key == "turns":
        turns = t.ngettext("%(num)d turn", "%(num)d turns", group.turns)
        speakers = t.ngettext("by %(num)d speaker", "by %(num)d speakers", group.speakers)
        return f"{turns} ({percent}) {speakers}"
    if key == "time":
        return t.gettext("%(time)s spoken", time=mmss(group.time)) + f" ({percent})"
    hands = t.ngettext("%(num)d hand raised", "%(num)d hands raised", group.hands)
    return f"{hands} ({percent}), " + t.gettext("%(heard)d heard", heard=group.heard)


def _describe(breakdown: Breakdown, chosen: list[Series], t: i18n.Text) -> str:
    rows = []
    for grp in breakdown.groups:
        figures = ", ".join(f"{s.label.lower()} {round(_value(grp, s.key) * 100)}%" for s in chosen)
        rows.append(f"{grp.label}: {figures}")
    return "; ".join(rows) + "." if rows else t.gettext("Nothing recorded yet.")
