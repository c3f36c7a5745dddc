"""Every page in every language, with no English left in its chrome.

The pages are rendered by a real server, in a meeting with people on the list
of speakers, someone with the floor, notes and action items, so that most
branches of the templates show. What people typed (names, titles, topics) is
isolated in <bdi> or comes from the meeting's own data, and is left out; every
other word must not be an English word of the interface's own messages.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from babel.messages.pofile import read_po

from floor import i18n
from tests.forms import post_form
from tests.servers import SLUG, FloorServer
from tests.test_i18n import marked_messages
from tests.web.conftest import Clients

ROOT = Path(__file__).resolve().parents[2]
AGENDA = ROOT / "examples" / "iom-gcm-2017.yaml"
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm", "label")
WORD = re.compile(r"[^\W\d_]{2,}")
# Names of formats and products, the same in every language.
NAMES = {"csv", "json", "yaml", "icalendar", "markdown", "qr", "floor", "utc"}


class Chrome(HTMLParser):
    """The text a person reads on a page, apart from what people typed (<bdi>, <code>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # translate="no" marks code and examples of a file format (HTML's own attribute).
        if tag in ("bdi", "code", "script", "style", "kbd", "option", "textarea") or (
            ("translate", "no") in attrs
        ):
            self._skip.append(tag)
            return
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and not self._skip:
                self.chunks.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def _strings(data: Any) -> set[str]:
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):  # the meeting's language codes are no text on a page
        values = [v for k, v in data.items() if k != "languages"]
        return set().union(*(_strings(v) for v in values)) if values else set()
    if isinstance(data, list):
        return set().union(*(_strings(v) for v in data)) if data else set()
    return set()


@functools.cache
def english_words(lang: str) -> frozenset[str]:
    """Words of the English messages that the language's own translations never use."""
    words: set[str] = set()
    for message in marked_messages():
        for text in (message,) if isinstance(message, str) else message:
            words.update(w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)\w|\{\w*\}", "", text)))
    with i18n.po_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    used: set[str] = set()
    for entry in catalog:
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for form in forms:
            used.update(w.lower() for w in WORD.findall(form or ""))
    return frozenset(words - used - NAMES)


def english_left(html: str, lang: str, content: set[str]) -> list[str]:
    parser = Chrome()
    parser.feed(html)
    suspicious = english_words(lang)
    left = []
    typed = sorted(content, key=len, reverse=True)
    for chunk in parser.chunks:
        if chunk in content or any(chunk in text for text in content):
            continue
        for text in typed:  # a title inside a question ("Remove “Welcome”?")
            chunk = chunk.replace(text, "")
        found = [w for w in WORD.findall(chunk) if w.lower() in suspicious]
        if found:
            left.append(f"{chunk!r} ({', '.join(found)})")
    return left


PEOPLE = {"Amina Diallo", "Bo Svensson", "Li Wei"}


async def _busy_meeting(clients: Clients) -> None:
    """The meeting under way: a speaker with the floor, hands waiting, a note, an action."""
    chair = await clients.chair()
    await chair.send(type="start_meeting")
    await chair.wait_for(r"live-pill")
    await chair.send(type="next_item")
    me = await clients.participant("no-english-token")
    await me.send(type="register", name="Amina Diallo", organization="Migrant Forum",
                  region="Africa", focus="Labour", attendance="remote", language="fr")
    await me.wait_for(r'data-registered="true"')
    await me.send(type="raise_hand", kind="speak", topic="Labour migration")
    for name, kind, language in (("Bo Svensson", "speak", "es"), ("Li Wei", "order", "")):
        await chair.send(type="add_speaker", name=name, organization="", region="",
                         attendance="phone", kind=kind, language=language)
    await chair.send(type="call_next")
    await chair.send(type="add_note", text="Consensus on the roadmap", item_id="")
    await chair.send(type="add_action", what="Circulate the draft", who="Secretariat",
                     due="1 May", item_id="")
    await chair.wait_for(r"Circulate the draft")


async def interpreter_link(http: httpx.AsyncClient, key: str) -> str:
    """The interpreter's team link, made by the chair as the chair page does."""
    chair = f"/m/{SLUG}/chair?key={key}"
    await post_form(http, chair, f"/m/{SLUG}/chair/team", {"key": key, "role": "interpreter"})
    found = re.search(r'href="([^"]+)" data-team-link="interpreter"', (await http.get(chair)).text)
    assert found, "no interpreter link on the chair page"
    return found[1].replace("&amp;", "&")


@pytest.mark.parametrize("lang", [code for code in i18n.LANGUAGES if code != i18n.DEFAULT])
async def test_every_page_speaks_the_language(
    lang: str, floor_server: FloorServer, clients: Clients
) -> None:
    await _busy_meeting(clients)
    content = _strings(yaml.safe_load(AGENDA.read_text(encoding="utf-8"))) | PEOPLE
    key = floor_server.chair_key
    pages = {
        "home": "/",
        "participant": f"/m/{SLUG}",
        "screen": f"/m/{SLUG}/screen",
        "chair": f"/m/{SLUG}/chair?key={key}",
        "minutes": f"/m/{SLUG}/minutes?key={key}",
        "chair link needed": f"/m/{SLUG}/chair?key=wrong",
        "not found": "/m/no-such-meeting",
    }
    cookies = {"floor_token": "no-english-token"}
    problems = []
    async with httpx.AsyncClient(base_url=floor_server.base, cookies=cookies) as http:
        pages["interpreter"] = await interpreter_link(http, key)
        for name, path in pages.items():
            sep = "&" if "?" in path else "?"
            response = await http.get(f"{path}{sep}lang={lang}")
            assert f'<html lang="{i18n.LANGUAGES[lang].tag}"' in response.text, name
            assert response.status_code in (200, 403, 404), name
            if name == "participant":
                assert "Amina Diallo" in response.text  # registered: the profile shows it
            if name == "interpreter":  # the booth: the speaker and her language, named
                assert 'class="booth-language" data-language="fr"' in response.text
            problems += [f"{name}: {left}" for left in english_left(response.text, lang, content)]
    assert not problems, f"English left on the {lang} pages:\n  " + "\n  ".join(problems)


def test_the_check_finds_english_in_a_page() -> None:
    page = (
        '<p>La liste des orateurs est ouverte.</p><button title="Move up">↑</button>'
        "<p><bdi>Speakers from Europe</bdi></p>"
    )
    assert english_left(page, "fr", set()) == ["'Move up' (Move, up)"]
