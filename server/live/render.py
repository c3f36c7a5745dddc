"""Jinja rendering: whole pages, and the live regions alone for pushes.

A region is a named block in the role's page template with a stable id; the
same block renders inside the page and, with `oob` set, alone for a push, so
the markup has one source.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from floor import i18n
from floor.clock import now_ms
from floor.domain import wording
from floor.domain.commands import Role
from floor.domain.errors import DomainError, FloorError
from floor.domain.model import ATTENDANCE_LABELS, KIND_LABELS, POLICY_LABELS, Meeting
from floor.live import reasons
from floor.live.presence import NOBODY
from floor.live.view import View, build
from floor.record import charts, stats, times
from floor.resources import STATIC_DIR, TEMPLATES_DIR, static_url


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
_CHAIR = Page("chair.html", (
    Region("banner"),
    Region("status"),
    Region("agenda", kept="agenda"),
    Region("current"),
    Region("speakers", kept="chair_speakers"),
    Region("record", kept="record"),
    Region("people", kept="people"),
))
_SCREEN = Page("screen.html", (
    Region("banner"),
    Region("stage"),
    # the next three with their languages, as the booth lists them
    Region("upnext", kept="next_up"),
))
PAGES: dict[Role, Page] = {
    Role.CHAIR: _CHAIR,
    # Team links see the chair's page (the core refuses what their role may not do),
    # each role rendered once for all its pages.
    Role.SECRETARIAT: _CHAIR,
    Role.TIMEKEEPER: _CHAIR,
    Role.RAPPORTEUR: _CHAIR,
    Role.SCREEN: _SCREEN,
    # The booth: the speaker, their language and time; the next three with theirs.
    Role.INTERPRETER: Page("interpreter.html", (
        Region("banner"),
        Region("booth"),
        Region("nextup", kept="next_up"),
    )),
    Role.PARTICIPANT: Page("participant.html", (
        Region("banner"),
        Region("current"),
        Region("plan", kept="preview"),  # before the start: when, where and the plan
        Region("speakers", kept="speakers"),
    )),
}


class _Only:
    """A view with one attribute: what a memoized region may see."""

    def __init__(self, name: str, value: Any) -> None:
        setattr(self, name, value)


class _SharedCode(jinja2.BytecodeCache):
    """Templates compiled once for every language: the compiled code does not depend
    on the language (its words and formats are the environment's globals), so the
    other languages' environments load it instead of compiling again (0.9 s each)."""

    def __init__(self) -> None:
        self._codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _SharedCode()


def environment(
    clock: Callable[[], int] = now_ms, lang: str = i18n.DEFAULT
) -> jinja2.Environment:
    """The templates in one language: its catalogue, its CLDR formats, its direction.
    `lang` may name two ("fr+en", a bilingual screen): the labels in both, the rest in
    the first."""
    both, lang = lang, i18n.primary(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        # Templates are read once: no look at the file (a stat) on every render.
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_COMPILED,
    )
    # Every string a person reads is marked: {{ _("Text") }} and ngettext(...), with
    # %(name)s placeholders (newstyle: escaped, filled by the call).
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(both), newstyle=True
    )
    env.globals["lang"] = i18n.LANGUAGES[lang]
    env.globals["languages"] = list(i18n.LANGUAGES.values())
    # The words the page scripts show, sent with the page (floor-text.js reads them).
    env.globals["script_text"] = Markup(
        i18n.script_catalogue(lang, _script_messages()).replace("</", "<\\/")
    )
    env.filters["clock"] = functools.partial(i18n.clock, lang=lang)
    env.filters["drift"] = functools.partial(i18n.drift, lang=lang)
    # A language a person speaks, named in the page's language: {{ "fr" | language_name }};
    # "in French", in each of the page's languages: {{ spoken_in("fr") }}.
    env.filters["language_name"] = functools.partial(i18n.language_name, lang=lang)
    env.globals["spoken_in"] = functools.partial(i18n.spoken_in, lang=both)
    # A label the Python side marked with N_(): {{ row.kind | t }}.
    env.filters["t"] = i18n.translations(both).gettext
    env.filters["reason"] = functools.partial(reasons.reason_text, lang=lang)
    # Text people typed, isolated inside a translated sentence: {{ _("… %(name)s", name=bdi(x)) }}.
    env.globals["bdi"] = _bdi
    env.globals["bdi_strong"] = _bdi_strong
    env.globals["code"] = _code
    env.globals["time_tag"] = _time_tag
    # An error's message in the page's language: {{ error | message }}.
    env.filters["message"] = functools.partial(i18n.error_message, lang=lang)
    # An agenda's problem in the page's language, with its place or without.
    env.filters["problem"] = lambda p: p.text_in(i18n.translations(lang).gettext)
    env.filters["problem_message"] = lambda p: p.message_in(i18n.translations(lang).gettext)
    # A countdown's first text is the one the page ticks from (`Timer.text`), at the
    # moment of rendering: the page takes over in the browser on its next frame.
    env.globals["now"] = clock
    env.globals["static"] = static_url
    # One label per enum value (floor.domain.model), by value: every page shows these.
    env.globals["labels"] = LABELS
    # The macros are globals so that a block rendered alone can call them too.
    macros = env.get_template("macros.html").module
    for name in (
        "oob_attr", "countdown", "who", "send", "csrf_field", "presence", "dialog_buttons",
        "item_choice", "command_dialog", "banner_region",
    ):
        env.globals[name] = getattr(macros, name)
    # The record: speaking-time statistics and their charts (pure folds, one per render).
    env.globals["speaking_stats"] = stats.fold
    env.globals["share_chart"] = functools.partial(charts.share_chart, lang=lang)
    env.filters["turn_time"] = times.mmss
    env.filters["item_time"] = times.minutes_text
    return env


LABELS = {
    "attendance": {k.value: v for k, v in ATTENDANCE_LABELS.items()},
    "kind": {k.value: v for k, v in KIND_LABELS.items()},
    "policy": {k.value: v for k, v in POLICY_LABELS.items()},
}


def _bdi(text: str) -> Markup:
    return Markup("<bdi>{}</bdi>").format(text)


def _code(text: str) -> Markup:
    return Markup("<code>{}</code>").format(text)


def _time_tag(ms: int) -> Markup:
    """A time of day the page writes in its language and the meeting's zone (floor-text.js)."""
    return Markup('<time data-at="{}" dir="ltr"></time>').format(ms)


def _bdi_strong(text: str) -> Markup:
    # isolated by the style sheet (unicode-bidi: isolate), as a <bdi> would be
    return Markup('<strong class="typed">{}</strong>').format(text)


@functools.cache
def _script_messages() -> list[str | tuple[str, str]]:
    """The messages of the page scripts (vendored libraries aside): found in the scripts
    themselves, as the extraction finds them, so that no list is kept by hand."""
    scripts = (p for p in STATIC_DIR.glob("**/*.js") if not p.name.endswith(".min.js"))
    return i18n.script_messages(scripts)


class Renderer:
    """Every template in every language: one environment per language (its catalogue
    and formats compiled in), made when first needed. `lang` is a language code of
    floor.i18n.LANGUAGES; a render is shared by every page of one role and language."""

    def __init__(
        self, env: jinja2.Environment | None = None, *, clock: Callable[[], int] = now_ms
    ) -> None:
        self._clock = clock
        self.envs: dict[str, jinja2.Environment] = {}
        if env is not None:
            self.envs[i18n.DEFAULT] = env
        self._fixed: dict[tuple[Any, ...], str] = {}
        # The kept regions' last value and HTML, by meeting, then by (role, block, lang).
        self._last: dict[str, dict[tuple[Role, str, str], tuple[Any, str]]] = {}
        self._shown: dict[tuple[str, str], tuple[Meeting, Meeting]] = {}

    @property
    def env(self) -> jinja2.Environment:
        return self.language(i18n.DEFAULT)

    def language(self, lang: str) -> jinja2.Environment:
        env = self.envs.get(lang)
        if env is None:
            env = self.envs[lang] = environment(self._clock, lang)
        return env

    def warm(self) -> None:
        """Compile every template in every language now (at start-up), not on a first page."""
        for lang in i18n.LANGUAGES:
            env = self.language(lang)
            for name in env.list_templates(extensions=["html", "svg", "txt", "ics", "csv"]):
                env.get_template(name)

    def page(
        self, role: Role, meeting: Meeting, *, lang: str = i18n.DEFAULT, **extra: Any
    ) -> str:
        template = self.language(lang).get_template(PAGES[role].template)
        return template.render(v=self.view(meeting, None, lang), oob=False, **extra)

    def shown(self, meeting: Meeting, lang: str) -> Meeting:
        """The meeting with its agenda's texts in `lang` (floor.domain.wording), made once
        per version and language."""
        key = (meeting.slug, lang)
        last = self._shown.get(key)
        if last is not None and last[0] is meeting:
            return last[1]
        shown = wording.localized(meeting, lang, last=last)
        self._shown[key] = (meeting, shown)
        return shown

    def view(self, meeting: Meeting, view: View | None, lang: str) -> View:
        """The view of the meeting in `lang`: `view` itself when no text changes."""
        shown = self.shown(meeting, lang)
        if shown is meeting:
            return view or build(meeting)
        return build(shown, view.presence if view else NOBODY, source=meeting)

    def regions(
        self,
        role: Role,
        meeting: Meeting,
        view: View | None = None,
        *,
        lang: str = i18n.DEFAULT,
        only: frozenset[str] | None = None,
    ) -> str:
        """Every live region of the role's page in `lang` (or `only` those blocks), marked
        for out-of-band swap."""
        page = PAGES[role]
        template = self.language(lang).get_template(page.template)
        v = self.view(meeting, view, lang)
        context = template.new_context({"v": v, "oob": True})
        parts = []
        for region in page.regions:
            if only is not None and region.block not in only:
                continue
            if region.kept is not None:
                value = getattr(v, region.kept)
                kept = self._last.setdefault(meeting.slug, {})
                slot = (role, region.block, lang)
                parts.append(self._memo(kept, slot, region.kept, value, template))
            else:
                parts.append("".join(template.blocks[region.block](context)))
        return "".join(parts)

    def _memo(
        self,
        kept: dict[tuple[Role, str, str], tuple[Any, str]],
        slot: tuple[Role, str, str],
        attribute: str,
        value: Any,
        template: jinja2.Template,
    ) -> str:
        """The region rendered from `value` alone, again only when `value` changed."""
        last = kept.get(slot)
        if last is not None and last[0] == value:
            return last[1]
        context = template.new_context({"v": _Only(attribute, value), "oob": True})
        html = "".join(template.blocks[slot[1]](context))
        kept[slot] = (value, html)
        return html

    def forget(self, slug: str) -> None:
        """Drop what is kept of a meeting's regions and texts (its room is gone from this
        process)."""
        self._last.pop(slug, None)
        for key in [key for key in self._shown if key[0] == slug]:
            del self._shown[key]

    def template(self, name: str, *, lang: str = i18n.DEFAULT, **context: Any) -> str:
        return self.language(lang).get_template(name).render(**context)

    def notice(self, error: FloorError | None, *, lang: str = i18n.DEFAULT) -> str:
        """The notice region for `error` (None: clear it). A refusal without parameters
        ("slow down", "the meeting is busy") reads the same every time: it is rendered
        once per language, so that a flood of refused messages costs no render each."""
        if error is None or (isinstance(error, DomainError) and not error.params):
            code = None if error is None else error.refusal.name
            key = ("notice.html", lang, ("refusal", code))
            html = self._fixed.get(key)
            if html is None:
                html = self._fixed[key] = self.template("notice.html", lang=lang, error=error)
            return html
        return self.template("notice.html", lang=lang, error=error)

    def fixed(self, name: str, *, lang: str = i18n.DEFAULT, **context: str | None) -> str:
        """A template rendered once per process for a context that never changes."""
        key = (name, lang, *sorted(context.items()))
        html = self._fixed.get(key)
        if html is None:
            html = self._fixed[key] = self.template(name, lang=lang, **context)
        return html
