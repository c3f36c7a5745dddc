"""Every language in the room: catalogues, negotiation and CLDR formatting.

One mechanism for every string a person reads: gettext catalogues (Babel) in
`floor/locale/<lang>/LC_MESSAGES/messages.po`, package data, compiled in memory
the first time a language is used. Templates get them through Jinja's i18n
extension (see floor.live.render), Python code through `gettext` / `ngettext`
here, and the page's script through `script_catalogue`, sent with the page.

The English text is the message id: a message missing from a catalogue shows
in English, and tests/test_i18n.py fails until it is translated.
"""

from __future__ import annotations

import ast
import functools
import gettext as _gettext
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import negotiate_locale
from babel.dates import format_date, format_time, format_timedelta
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from floor.domain.model import drift_kind
from floor.domain.text import N_

__all__ = ["N_", "LANGUAGES", "DEFAULT", "Language", "Text", "text"]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
COOKIE = "floor_lang"  # the language a browser chose with the switcher


@dataclass(frozen=True)
class Language:
    """One of the meeting languages the interface speaks."""

    code: str  # the catalogue's name and `?lang=` value: "fr"
    tag: str  # the HTML lang attribute (BCP 47): "zh-Hans"
    name: str  # its own name, as the switcher shows it: "Français"
    rtl: bool = False

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def locale(self) -> Locale:
        return _locale(self.code)


# The six official languages of the United Nations, English first (the message ids).
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "en", "English"),
        Language("fr", "fr", "Français"),
        Language("es", "es", "Español"),
        Language("ar", "ar", "العربية", rtl=True),
        Language("zh", "zh-Hans", "中文"),
        Language("ru", "ru", "Русский"),
    )
}
DEFAULT = "en"


@functools.cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def known(code: str | None) -> str | None:
    """`code` if the interface speaks it ("fr", "FR", "fr-CA" -> "fr"), else None."""
    if not code:
        return None
    found = negotiate_locale([code.strip()], list(LANGUAGES), sep="-")
    return found if isinstance(found, str) else None


def accepted(header: str | None) -> list[str]:
    """The languages of an Accept-Language header, most wanted first."""
    if not header:
        return []
    weighted = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match[1])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(
    *, chosen: str | None = None, remembered: str | None = None, browser: str | None = None,
    fallback: str = DEFAULT,
) -> str:
    """The page's language: the one chosen in the link (`?lang=`), else the one the
    switcher remembered for this browser, else the browser's own languages, else
    `fallback` (the meeting's first language)."""
    for code in (chosen, remembered):
        found = known(code)
        if found:
            return found
    found = negotiate_locale(accepted(browser), list(LANGUAGES), sep="-")
    if isinstance(found, str):
        return found
    return known(fallback) or DEFAULT


# --- catalogues --------------------------------------------------------------


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def primary(code: str) -> str:
    """The first language of a page's language key ("fr" of "fr+en")."""
    return code.split("+", 1)[0]


def audience(code: str | None) -> str | None:
    """A page's language key: one language ("fr"), or two for a bilingual screen
    ("fr+en": every label in French, then in English). None if not spoken here."""
    if not code:
        return None
    first, _, second = code.partition("+")
    one, two = known(first), known(second) if second else None
    if one is None:
        return None
    return f"{one}+{two}" if two and two != one else one


class _Both(_gettext.NullTranslations):
    """Two languages' messages shown together, "Temps de parole / Speaking time", for a
    room that reads both. Each side keeps its placeholders, so filling fills both."""

    SEPARATOR = " / "

    def __init__(self, first: _gettext.NullTranslations, second: _gettext.NullTranslations):
        super().__init__()
        self._first, self._second = first, second

    def _join(self, one: str, two: str) -> str:
        return one if one == two else f"{one}{self.SEPARATOR}{two}"

    def gettext(self, message: str) -> str:
        return self._join(self._first.gettext(message), self._second.gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._join(
            self._first.ngettext(msgid1, msgid2, n), self._second.ngettext(msgid1, msgid2, n)
        )


@functools.cache
def translations(code: str) -> _gettext.NullTranslations:
    """The language's messages, compiled from its catalogue once per process.

    English, and a language whose catalogue is missing, show the message ids.
    Fuzzy messages are left out (shown in English), as gettext does.
    """
    if "+" in code:
        first, second = code.split("+", 1)
        return _Both(translations(first), translations(second))
    path = po_path(code)
    if code == DEFAULT or not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Text:
    """The messages of one language, for Python code: `text(lang).gettext("Text")`.

    Called as `gettext("...")` / `ngettext("...", "...", n)` (or `_ = text(lang).gettext`)
    so that the extraction finds the English text where it is written.
    """

    __slots__ = ("lang", "_translations")

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._translations = translations(lang)

    def gettext(self, message: str, /, **values: Any) -> str:
        """`message` in this language, its `%(name)s` placeholders filled from `values`."""
        translated = self._translations.gettext(message)
        return translated % values if values else translated

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """The form of the message for `n` (its `%(num)d` is `n`)."""
        return self._translations.ngettext(singular, plural, n) % {"num": n, **values}


@functools.cache
def text(lang: str) -> Text:
    return Text(lang)


def error_message(error: Exception, lang: str) -> str:
    """A refusal's message in `lang`: its English template translated, then filled."""
    refusal = getattr(error, "refusal", None)
    params: Mapping[str, Any] = getattr(error, "params", None) or {}
    template = getattr(refusal, "template", None)
    if isinstance(template, str):
        text = translations(lang).gettext(template)
        try:
            return text.format(**params) if params else text
        except (KeyError, IndexError, ValueError):  # a broken translation: English
            return template.format(**params) if params else template
    problems = getattr(error, "problems", None)
    if problems:  # an agenda's problems: the first, and how many more
        tr = translations(lang)
        first: str = problems[0].text_in(tr.gettext)
        more = len(problems) - 1
        if more:
            first += tr.ngettext(
                " (and %(num)d more problem)", " (and %(num)d more problems)", more
            ) % {"num": more}
        return first
    message = getattr(error, "message", None) or str(error)
    return translations(lang).gettext(message)


# --- the page script's messages ---------------------------------------------

SCRIPT_KEYWORDS = {"gettext": None, "ngettext": (1, 2)}


def script_messages(paths: Iterable[Path]) -> list[str | tuple[str, str]]:
    """Every message the page scripts show: `gettext("...")` and `ngettext("...", "...", n)`."""
    found: dict[str | tuple[str, str], None] = {}
    for path in sorted(paths):
        with path.open("rb") as source:
            for _line, message, _comments, _context in extract(
                "javascript", source, keywords=SCRIPT_KEYWORDS, comment_tags=()
            ):
                found[message if isinstance(message, str) else (message[0], message[1])] = None
    return list(found)


def _plural_samples(code: str) -> dict[str, int]:
    """A number for each CLDR plural category of the language (what Intl.PluralRules says)."""
    rule = _locale(code).plural_form
    samples: dict[str, int] = {}
    for n in (*range(0, 200), 1000, 1_000_000):
        samples.setdefault(rule(n), n)
    return samples


def script_catalogue(code: str, messages: Iterable[str | tuple[str, str]]) -> str:
    """The page script's messages in `code`, as JSON: plain ones by id, plural ones by
    their singular with one text per CLDR plural category, the browser picks with
    Intl.PluralRules."""
    tr = translations(code)
    plain: dict[str, str] = {}
    plurals: dict[str, dict[str, str]] = {}
    samples = _plural_samples(code)
    for message in messages:
        if isinstance(message, str):
            plain[message] = tr.gettext(message)
        else:
            singular, plural = message
            plurals[singular] = {
                category: tr.ngettext(singular, plural, n) for category, n in samples.items()
            }
    return json.dumps(
        {"lang": LANGUAGES[code].tag, "messages": plain, "plurals": plurals},
        ensure_ascii=False, separators=(",", ":"),
    )


# --- CLDR formatting ---------------------------------------------------------


def clock(minutes: int, lang: str) -> str:
    """Minutes after midnight as the language writes a time: "2:15 PM", "14:15"."""
    hours, mins = divmod(minutes % (24 * 60), 60)
    return format_time(time(hours, mins), "short", locale=_locale(lang))


def time_of_day(ms: int, tz: tzinfo | None, lang: str) -> str:
    """An instant (epoch ms) as a time of day in `tz` (None: the server's local time)."""
    at = datetime.fromtimestamp(ms / 1000, tz) if tz else datetime.fromtimestamp(ms / 1000)
    return format_time(at, "short", locale=_locale(lang))


def day(ms: int, tz: tzinfo | None, lang: str) -> str:
    """An instant's date, as the language writes it in full: "17 avril 2017"."""
    at = datetime.fromtimestamp(ms / 1000, tz) if tz else datetime.fromtimestamp(ms / 1000)
    return format_date(at, "long", locale=_locale(lang))


def duration(ms: int, lang: str) -> str:
    """A planned length in words, in the language: "45 min", "1 h", "45 分钟"."""
    return format_timedelta(
        timedelta(milliseconds=ms), threshold=2, format="short", locale=_locale(lang)
    )


def drift(minutes: int, lang: str) -> str:
    """An item's start against the plan, in words: "5 min behind", "3 min ahead", "on time".
    The one wording of drift: the chair's agenda, the minutes and the exports use it."""
    words = text(lang)
    kind = drift_kind(minutes)
    if kind == "behind":
        return words.gettext("%(minutes)s min behind", minutes=number(minutes, lang))
    if kind == "ahead":
        return words.gettext("%(minutes)s min ahead", minutes=number(-minutes, lang))
    return words.gettext("on time")


def language_name(code: str, lang: str) -> str:
    """A language's name as `lang` writes it, by CLDR: "French", "français", "法语" (the
    code itself for a language CLDR does not name)."""
    if not code:
        return ""
    name = _locale(primary(lang)).languages.get(code)
    return name if isinstance(name, str) else code


def spoken_in(code: str, lang: str) -> str:
    """"in French" as the page says it; on a bilingual page in both languages, each with
    the name in its own words ("en français / in French")."""
    said = [
        text(one).gettext("in %(language)s", language=language_name(code, one))
        for one in lang.split("+")
    ]
    return _Both.SEPARATOR.join(dict.fromkeys(said))


def number(value: float, lang: str) -> str:
    return format_decimal(value, locale=_locale(lang))


# --- extraction --------------------------------------------------------------


def extract_refusals(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method for the error catalogue (see babel.cfg): in its classes,
    every `NAME = ("code", "message")` and every `message = "..."` is a message for people."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            targets: list[ast.expr]
            if isinstance(statement, ast.AnnAssign):
                targets, value = [statement.target], statement.value
            elif isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            else:
                continue
            if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                code, message = value.elts
                if _text(code) is not None and _text(message) is not None:
                    yield statement.lineno, "", str(_text(message)), [f"error {_text(code)}"]
            elif any(isinstance(t, ast.Name) and t.id == "message" for t in targets):
                if _text(value) is not None:
                    yield statement.lineno, "", str(_text(value)), [f"error of {node.name}"]


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None
