"""Jinja rendering: whole pages, and the live regions alone for pushes.

A region is a named block in the role's page template with a stable id; the
same block renders inside the page and, with `oob` set, alone for a push, so
the markup has one source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from floor.clock import now_ms
from floor.domain.agenda import format_clock
from floor.domain.commands import Role
from floor.domain.model import Meeting
from floor.live.view import View, build
from floor.record import charts, stats, times
from floor.resources import TEMPLATES_DIR


@dataclass(frozen=True)
class Region:
    """One live region of a page: the template block that renders it (whose element
    carries the same id), and, when `kept`, the one view attribute it is rendered
    from alone — again only when that value changed. A kept region sees `v.<kept>`
    and no other part of the view, so a template that reached for more would fail,
    not go stale: a chair's message to a meeting with a thousand hands up renders a
    banner, not the thousand names."""

    block: str
    kept: str | None = None


@dataclass(frozen=True)
class Page:
    template: str
    regions: tuple[Region, ...]  # pushed in this order


# Every role's page and its live regions, declared once: a new region is one
# line here plus its block in the template (tests/live/test_regions.py checks
# that the two agree).
PAGES: dict[Role, Page] = {
    Role.CHAIR: Page("chair.html", (
        Region("banner"),
        Region("status"),
        Region("agenda", kept="agenda"),
        Region("current"),
        Region("speakers", kept="chair_speakers"),
        Region("record"),
        Region("people", kept="people"),
    )),
    Role.SCREEN: Page("screen.html", (
        Region("banner"),
        Region("stage"),
        Region("upnext"),
    )),
    Role.PARTICIPANT: Page("participant.html", (
        Region("banner"),
        Region("current"),
        Region("speakers", kept="speakers"),
    )),
}


class _Only:
    """A view with one attribute: what a memoized region may see."""

    def __init__(self, name: str, value: Any) -> None:
        setattr(self, name, value)


def environment(clock: Callable[[], int] = now_ms) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        # Templates are read once: no look at the file (a stat) on every render.
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Every string a person reads is marked: {{ _("Text") }} and ngettext(...), with
    # %(name)s placeholders. English until the catalogues are loaded.
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["clock"] = format_clock
    # A countdown's first text is the one the page ticks from (`Timer.text`), at the
    # moment of rendering: the page takes over in the browser on its next frame.
    env.globals["now"] = clock
    # The macros are globals so that a block rendered alone can call them too.
    macros = env.get_template("macros.html").module
    for name in ("oob_attr", "countdown", "who", "send", "csrf_field"):
        env.globals[name] = getattr(macros, name)
    # The record: speaking-time statistics and their charts (pure folds, one per render).
    env.globals["speaking_stats"] = stats.fold
    env.globals["share_chart"] = charts.share_chart
    env.filters["turn_time"] = times.mmss
    env.filters["item_time"] = times.minutes_text
    return env


class Renderer:
    def __init__(
        self, env: jinja2.Environment | None = None, *, clock: Callable[[], int] = now_ms
    ) -> None:
        self.env = env or environment(clock)
        self._fixed: dict[tuple[Any, ...], str] = {}
        self._last: dict[tuple[str, Role, str], tuple[Any, str]] = {}

    def warm(self) -> None:
        """Compile every template now (at start-up) rather than on a first page."""
        for name in self.env.list_templates(extensions=["html", "svg", "txt", "ics", "csv"]):
            self.env.get_template(name)

    def page(self, role: Role, meeting: Meeting, **extra: Any) -> str:
        template = self.env.get_template(PAGES[role].template)
        return template.render(v=build(meeting), oob=False, **extra)

    def regions(self, role: Role, meeting: Meeting, view: View | None = None) -> str:
        """Every live region of the role's page, marked for out-of-band swap."""
        page = PAGES[role]
        template = self.env.get_template(page.template)
        v = view or build(meeting)
        context = template.new_context({"v": v, "oob": True})
        parts = []
        for region in page.regions:
            if region.kept is not None:
                value = getattr(v, region.kept)
                parts.append(
                    self._memo(meeting.slug, role, region.block, region.kept, value, template)
                )
            else:
                parts.append("".join(template.blocks[region.block](context)))
        return "".join(parts)

    def _memo(
        self,
        slug: str,
        role: Role,
        name: str,
        attribute: str,
        value: Any,
        template: jinja2.Template,
    ) -> str:
        """The region rendered from `value` alone, again only when `value` changed."""
        slot = (slug, role, name)
        last = self._last.get(slot)
        if last is not None and last[0] == value:
            return last[1]
        context = template.new_context({"v": _Only(attribute, value), "oob": True})
        html = "".join(template.blocks[name](context))
        self._last[slot] = (value, html)
        return html

    def template(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def fixed(self, name: str, **context: str | None) -> str:
        """A template rendered once per process for a context that never changes."""
        key = (name, *sorted(context.items()))
        html = self._fixed.get(key)
        if html is None:
            html = self._fixed[key] = self.template(name, **context)
        return html
