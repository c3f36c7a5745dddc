"""The interpreters' booth and the language each speaker speaks, as the pages show them:
the booth view, the screen's "in French", the chair's lists, the minutes."""

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
CHAIR = c.Actor(c.Role.CHAIR)
PEOPLE = (  # who, in which language, on which topic
    ("ana", "Ana Lima", "fr", "Labour migration"),
    ("bo", "Bo Svensson", "es", ""),
    ("chen", "Chen Jie", "zh", "Remittances"),
    ("dina", "Dina Haddad", "ar", ""),
    ("emil", "Emil Petrov", "", ""),
)


def person(pid: str) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, pid)


def meeting_with_hands() -> Meeting:
    """"Welcome" under way, five hands up in the order of PEOPLE, each with a language
    (Emil's unsaid), and a private note the booth must never see."""
    m = meeting_from_data(yaml.safe_load(REFERENCE_MEETING.read_text(encoding="utf-8")))
    m, _ = apply(m, c.StartMeeting(), CHAIR, T0)
    m, _ = apply(m, c.NextItem(), CHAIR, T0 + 1)
    for n, (pid, name, language, topic) in enumerate(PEOPLE):
        m, _ = apply(m, c.Register(name=name, organization=f"Org {pid}", language=language),
                     person(pid), T0 + 10 + n)
        m, _ = apply(m, c.RaiseHand(topic=topic), person(pid), T0 + 20 + n)
    m, _ = apply(m, c.AddNote(text="Private: the chair's note"), CHAIR, T0 + 30)
    return m


def call_next(m: Meeting, at: int) -> Meeting:
    m, _ = apply(m, c.CallNext(), CHAIR, at)
    return m


def text_of(html: str, cls: str) -> list[str]:
    """The text of each element of class `cls` (tags removed, spaces collapsed)."""
    found = re.findall(rf'<(\w+) class="{cls}"[^>]*>(.*?)</\1>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", inner).split()) for _, inner in found]


def test_the_booth_reads_the_speaker_their_language_and_the_next_three_with_theirs() -> None:
    m = call_next(meeting_with_hands(), T0 + 60_000)
    view = build(m)
    assert view.speaker is not None and view.speaker.name == "Ana Lima"
    assert view.speaker_language == "fr"
    up = view.next_up
    assert [(r.person.name, r.person.language) for r in up.rows] == [
        ("Bo Svensson", "es"), ("Chen Jie", "zh"), ("Dina Haddad", "ar")]
    assert up.waiting == 4 and up.more == 1

    html = Renderer().regions(c.Role.INTERPRETER, m, lang="en")
    assert text_of(html, "booth-name") == ["Ana Lima"]
    assert text_of(html, "booth-language")[0] == "Speaks French"
    assert "Labour migration" in text_of(html, "booth-topic")[0]
    assert 'class="countdown big"' in html and 'data-started-at="1492452060000"' in html
    nexts = re.findall(r'<li data-pid="(\w+)">(.*?)</li>', html.split('id="nextup"')[1], re.S)
    assert [pid for pid, _ in nexts] == ["bo", "chen", "dina"]
    assert ["Spanish" in li for _, li in nexts] == [True, False, False]
    assert "Chinese" in nexts[1][1] and "Arabic" in nexts[2][1] and "and 1 more" in html

    # The chair calls the next: the booth follows, the list moves up.
    html = Renderer().regions(c.Role.INTERPRETER, call_next(m, T0 + 120_000), lang="en")
    assert text_of(html, "booth-name") == ["Bo Svensson"]
    assert text_of(html, "booth-language")[0] == "Speaks Spanish"
    assert re.findall(r'<li data-pid="(\w+)">', html) == ["chen", "dina", "emil"]
    assert "language not given" in html.split('data-pid="emil"')[1]


def test_the_booth_is_in_its_readers_language_and_right_to_left_in_arabic() -> None:
    m = call_next(meeting_with_hands(), T0 + 60_000)
    renderer = Renderer()
    french = renderer.page(c.Role.INTERPRETER, m, lang="fr", switch=[], join_url="", ws_query="")
    assert "Vue des interprètes" in french and "français" in french and "espagnol" in french
    arabic = renderer.page(c.Role.INTERPRETER, m, lang="ar", switch=[], join_url="", ws_query="")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "الفرنسية" in arabic and 'dir="ltr"' in arabic.split('class="countdown big"')[1][:400]
    chinese = renderer.regions(c.Role.INTERPRETER, m, lang="zh")
    assert "法语" in chinese and "西班牙语" in chinese


def test_the_booth_shows_no_private_data_and_sends_nothing() -> None:
    m = call_next(meeting_with_hands(), T0 + 60_000)
    page = Renderer().page(c.Role.INTERPRETER, m, lang="en", switch=[], join_url="",
                           ws_query="?key=booth-key&lang=en")
    assert "Private: the chair&#39;s note" not in page and "chair's note" not in page
    assert "ws-send" not in page and "<form" not in page and "<button" not in page
    assert "js/interpreter.js" in page and "booth.css" in page
    # Calm: its countdown is not the screen's, whose overtime flashes.
    assert 'class="stage' not in page


def test_the_booths_list_is_a_value_rendered_again_only_when_it_changes() -> None:
    assert [r.kept for r in PAGES[c.Role.INTERPRETER].regions] == [None, None, "next_up"]
    m = call_next(meeting_with_hands(), T0 + 60_000)
    paused, _ = apply(m, c.TimerControl(timer="speaker", action="pause"), CHAIR, T0 + 70_000)
    assert build(paused).next_up == build(m).next_up  # a clock changed, not the list
    # One of them says another language: the list is another value.
    changed, _ = apply(m, c.Register(name="Chen Jie", organization="Org chen", language="ru"),
                       person("chen"), T0 + 80_000)
    assert build(changed).next_up != build(m).next_up
    html = Renderer().regions(c.Role.INTERPRETER, changed, lang="en")
    assert "Russian" in html.split('data-pid="chen"')[1]


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "in French"),
    ("fr", "en français"),
    ("es", "en francés"),
    ("ar", "باللغة الفرنسية"),
    ("zh", "使用法语"),
    ("ru", "язык: французский"),
    ("fr+en", "en français / in French"),
])
def test_the_screen_says_in_which_language_the_speaker_speaks(lang: str, said: str) -> None:
    m = call_next(meeting_with_hands(), T0 + 60_000)
    html = Renderer().regions(c.Role.SCREEN, m, lang=lang)
    assert text_of(html, "spoken-in") == [said]


def test_the_screen_says_nothing_of_a_language_not_given() -> None:
    m = meeting_with_hands()
    for at in range(5):
        m = call_next(m, T0 + 60_000 * (at + 1))
    speaker = build(m).speaker
    assert speaker is not None and speaker.name == "Emil Petrov"
    assert "spoken-in" not in Renderer().regions(c.Role.SCREEN, m, lang="en")


def test_the_chairs_lists_say_which_language_each_person_speaks() -> None:
    m = call_next(meeting_with_hands(), T0 + 60_000)
    html = Renderer().regions(c.Role.CHAIR, m, lang="en")
    speakers = html.split('id="speakers"')[1].split('id="people"')[0]
    assert re.findall(r'data-language="(\w+)">(\w+)<', speakers) == [
        ("es", "Spanish"), ("zh", "Chinese"), ("ar", "Arabic")]
    people = html.split('id="people"')[1]
    assert re.findall(r'data-language="(\w+)">', people) == ["fr", "es", "zh", "ar"]
    current = html.split('id="current"')[1].split('id="speakers"')[0]
    assert 'class="spoken" data-language="fr">in French<' in current


def test_the_profile_offers_the_meetings_languages_in_the_readers_words() -> None:
    m = meeting_with_hands()
    renderer = Renderer()
    me = m.participants["chen"]
    html = renderer.template("profile.html", lang="fr", me=me, regions=m.regions,
                             categories=[], spoken=m.languages, oob=False)
    select = html.split('name="language"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\w*)"', select) == ["", "en", "fr", "es", "ar", "zh", "ru"]
    assert '<option value="zh" selected>chinois</option>' in select
    assert ">anglais<" in select and ">russe<" in select
    # A meeting that names no languages asks nothing.
    html = renderer.template("profile.html", lang="en", me=me, regions=m.regions,
                             categories=[], spoken=(), oob=False)
    assert 'name="language"' not in html


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["in Spanish", "in Chinese", "in Arabic"]),
    ("fr", ["en espagnol", "en chinois", "en arabe"]),
    ("fr+en", ["en espagnol / in Spanish", "en chinois / in Chinese", "en arabe / in Arabic"]),
])
def test_the_screens_next_list_says_each_waiting_persons_language(
    lang: str, said: list[str]
) -> None:
    m = call_next(meeting_with_hands(), T0 + 60_000)
    upnext = Renderer().regions(c.Role.SCREEN, m, lang=lang).split('id="upnext"')[1]
    assert text_of(upnext, "next-language") == said
    # Emil gave no language: his row, next but three, says nothing of one.
    m = call_next(call_next(m, T0 + 120_000), T0 + 180_000)
    upnext = Renderer().regions(c.Role.SCREEN, m, lang=lang).split('id="upnext"')[1]
    assert "Emil Petrov" in upnext and text_of(upnext, "next-language") == said[2:]


def test_the_screens_next_list_follows_a_change_of_language() -> None:
    assert [r.kept for r in PAGES[c.Role.SCREEN].regions] == [None, None, "next_up"]
    renderer = Renderer()  # one renderer: the list is rendered again when it changes
    m = call_next(meeting_with_hands(), T0 + 60_000)
    upnext = renderer.regions(c.Role.SCREEN, m, lang="en").split('id="upnext"')[1]
    assert text_of(upnext, "next-language") == ["in Spanish", "in Chinese", "in Arabic"]
    changed, _ = apply(m, c.Register(name="Chen Jie", organization="Org chen", language="ru"),
                       person("chen"), T0 + 80_000)
    upnext = renderer.regions(c.Role.SCREEN, changed, lang="en").split('id="upnext"')[1]
    assert text_of(upnext, "next-language") == ["in Spanish", "in Russian", "in Arabic"]
