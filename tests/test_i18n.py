"""The catalogues are complete: every message marked in the code, in every language.

The messages are extracted from the source as `scripts/messages` extracts them
(babel.cfg), so a string marked today and not yet translated fails here.
"""

from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from floor import i18n

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]

# %(name)s, %(num)d, {name}, and bare %s / %d: what gets filled in.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")

Message = str | tuple[str, str]


def placeholders(text: str) -> set[str]:
    return {match[0] for match in PLACEHOLDER.finditer(text.replace("%%", ""))}


@functools.cache
def marked_messages() -> dict[Message, str]:
    """Every message marked in the code, with where it was found first."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[Message, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        key: Message = message if isinstance(message, str) else (message[0], message[1])
        if key:
            found.setdefault(key, f"{filename}:{line}")
    return found


def problems(catalog: Catalog, messages: dict[Message, str]) -> list[str]:
    """What is wrong with `catalog` for these messages: missing, empty, fuzzy, or
    placeholders that do not match the English."""
    out = []
    for key, where in messages.items():
        msgid = key if isinstance(key, str) else key[0]
        entry = catalog.get(msgid)
        if entry is None or entry.id == "":
            out.append(f"missing: {msgid!r} ({where})")
            continue
        if entry.fuzzy:
            out.append(f"fuzzy: {msgid!r}")
        english = placeholders(msgid) | (placeholders(key[1]) if isinstance(key, tuple) else set())
        if isinstance(key, tuple):
            forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            if not isinstance(entry.id, tuple):
                out.append(f"not a plural message: {msgid!r}")
                continue
            if len(forms) != catalog.num_plurals or not all(forms):
                out.append(f"missing plural forms: {msgid!r}")
                continue
            # A form may leave out the number ("one speaker"), never anything else,
            # and never add one; the last ("other") form has them all.
            named = {p for p in english if "num" not in p}
            for form in forms:
                found = placeholders(form)
                if not found <= english or not named <= found:
                    out.append(f"placeholders differ: {msgid!r} -> {form!r}")
                    break
            else:
                if placeholders(forms[-1]) != english:
                    out.append(f"placeholders differ: {msgid!r} -> {forms[-1]!r}")
        else:
            if not entry.string or isinstance(entry.string, tuple):
                out.append(f"untranslated: {msgid!r} ({where})")
                continue
            if placeholders(entry.string) != english:
                out.append(f"placeholders differ: {msgid!r} -> {entry.string!r}")
    return out


def read_catalog(code: str) -> Catalog:
    with i18n.po_path(code).open("rb") as po:
        return read_po(po, locale=code)


def test_the_extraction_finds_every_kind_of_marked_string() -> None:
    messages = marked_messages()
    sources = {where.split(":")[0].split("/")[0] for where in messages.values()}
    assert {"server", "web"} <= sources
    assert "Room screen %(number)d" in messages  # Python, through floor.i18n
    assert "Language" in messages  # a template


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code: str) -> None:
    messages = marked_messages()
    found = problems(read_catalog(code), messages)
    assert not found, (
        f"{len(found)} problems in {i18n.po_path(code).relative_to(ROOT)} "
        "(run scripts/messages, then translate):\n  " + "\n  ".join(found[:60])
    )


def test_the_check_finds_missing_fuzzy_and_mismatched_messages() -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Fine"\nmsgstr "Bien"\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "Deviné"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "Bonjour %(nom)s"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        'msgid "%(num)d speaker"\nmsgid_plural "%(num)d speakers"\n'
        'msgstr[0] "%(num)d orateur"\nmsgstr[1] ""\n'
    )
    catalog = read_po(io.BytesIO(po.encode()), locale="fr")
    messages: dict[Message, str] = {
        "Fine": "a", "Guessed": "b", "Hello %(name)s": "c", "Empty": "d", "Gone": "e",
        ("%(num)d speaker", "%(num)d speakers"): "f",
    }
    found = problems(catalog, messages)
    assert [p.split(":")[0] for p in found] == [
        "fuzzy", "placeholders differ", "untranslated", "missing", "missing plural forms",
    ]


def test_a_translation_is_served_and_english_is_the_fallback() -> None:
    assert i18n.text("en").gettext("Room screen %(number)d", number=2) == "Room screen 2"
    french = i18n.text("fr").gettext("Room screen %(number)d", number=2)
    assert french != "Room screen 2" and "2" in french
    assert i18n.text("fr").gettext("A message nobody marked") == "A message nobody marked"


def test_negotiation_follows_the_link_then_the_switcher_then_the_browser() -> None:
    assert i18n.negotiate(browser="ar-EG,ar;q=0.9,en;q=0.5") == "ar"
    assert i18n.negotiate(browser="de-DE,zh-CN;q=0.8,en;q=0.5") == "zh"
    assert i18n.negotiate(remembered="ru", browser="fr") == "ru"
    assert i18n.negotiate(chosen="es", remembered="ru", browser="fr") == "es"
    assert i18n.negotiate(chosen="xx", browser="de") == "en"
    assert i18n.negotiate(browser="de", fallback="fr") == "fr"


def test_times_and_plurals_follow_cldr() -> None:
    assert i18n.clock(14 * 60 + 15, "en") == "2:15\u202fPM"  # CLDR puts a narrow space
    assert i18n.clock(14 * 60 + 15, "fr") == "14:15"
    # Arabic has six plural categories; the page script gets a text for each.
    catalogue = json.loads(i18n.script_catalogue("ar", [("%(num)d speaker", "%(num)d speakers")]))
    assert set(catalogue["plurals"]["%(num)d speaker"]) == {
        "zero", "one", "two", "few", "many", "other",
    }
