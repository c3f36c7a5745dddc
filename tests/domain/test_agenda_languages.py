"""The agenda in several languages: read as people write it, kept beside the first
language's texts, picked for each reader with the meeting's first language as fallback."""

from __future__ import annotations

import json
from typing import Any

import pytest

from floor import i18n
from floor.domain import commands as c
from floor.domain import wording
from floor.domain.agenda import agenda_to_data, meeting_from_data
from floor.domain.agenda_problems import AgendaInvalid, Problem
from floor.domain.errors import DomainError
from floor.domain.model import Meeting
from floor.live.schedule import dialog_fields
from tests.domain.conftest import MINUTE, T0, Room


def agenda(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": {"en": "Consultation", "fr": "Consultation", "es": "Consulta"},
        "subtitle": {"en": "Second session", "fr": "Deuxième session"},
        "start": "2pm",
        "languages": ["en", "fr", "es"],
        "items": [
            {"title": {"en": "Welcome", "fr": "Bienvenue"}, "duration": 10},
            {
                "title": "Update",
                "duration": 30,
                "sub_points": [
                    {"en": "Thematic sessions", "fr": "Sessions thématiques"},
                    "Hearings",
                    {"text": {"en": "Regions:", "fr": "Régions :"},
                     "points": [{"en": "Africa", "fr": "Afrique"}, "Asia"]},
                ],
                "questions": {"en": ["How to prioritize?", "Where to streamline?"],
                              "es": ["¿Cómo establecer prioridades?"]},
            },
        ],
    }
    data.update(extra)
    return data


def problems(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(AgendaInvalid) as caught:
        meeting_from_data(data)
    return caught.value.problems


def test_the_first_languages_texts_stay_where_they_were_and_the_others_sit_beside() -> None:
    meeting = meeting_from_data(agenda())
    welcome, update = meeting.items
    assert (meeting.title, welcome.title, update.title) == ("Consultation", "Welcome", "Update")
    assert update.questions == ("How to prioritize?", "Where to streamline?")
    assert welcome.translations["fr"].title == "Bienvenue"
    assert meeting.translations["fr"].subtitle == "Deuxième session"
    # Entry by entry, in place: "" where a language has none (none kept at the end).
    french = update.translations["fr"]
    assert [p.text for p in french.sub_points] == ["Sessions thématiques", "", "Régions :"]
    assert french.sub_points[2].points == ("Afrique",)
    assert update.translations.keys() == {"fr", "es"}
    assert update.translations["es"].questions == ("¿Cómo establecer prioridades?",)


def test_the_agenda_file_writes_every_language_back_and_reads_the_same() -> None:
    meeting = meeting_from_data(agenda())
    data = agenda_to_data(meeting)
    assert data["items"][0]["title"] == {"en": "Welcome", "fr": "Bienvenue"}
    assert data["items"][1]["title"] == "Update"  # no translation: a plain text, as written
    assert data["items"][1]["questions"][0] == {
        "en": "How to prioritize?", "es": "¿Cómo establecer prioridades?"
    }
    assert meeting_from_data(json.loads(json.dumps(data))) == meeting


def test_a_plain_text_is_the_meetings_first_language() -> None:
    meeting = meeting_from_data(agenda(
        languages=["fr", "en"], title="Consultation régionale",
        items=[{"title": {"fr": "Bienvenue", "en": "Welcome"}, "duration": 5},
               {"title": "Prochaines étapes", "duration": 5}],
    ))
    assert meeting.default_language == "fr"
    assert meeting.items[0].title == "Bienvenue"
    english = wording.localized(meeting, "en")
    assert [item.title for item in english.items] == ["Welcome", "Prochaines étapes"]
    assert english.title == "Consultation régionale"  # the fallback: the first language


def test_each_reader_gets_their_language_entry_by_entry_and_the_first_elsewhere() -> None:
    meeting = meeting_from_data(agenda())
    french = wording.localized(meeting, "fr")
    assert french.title == "Consultation" and french.subtitle == "Deuxième session"
    update = french.items[1]
    assert update.title == "Update"
    assert [p.text for p in update.sub_points] == ["Sessions thématiques", "Hearings", "Régions :"]
    assert update.sub_points[2].points == ("Afrique", "Asia")
    assert update.questions == ("How to prioritize?", "Where to streamline?")
    spanish = wording.localized(meeting, "es")
    assert spanish.title == "Consulta" and spanish.subtitle == "Second session"
    assert spanish.items[1].questions == ("¿Cómo establecer prioridades?", "Where to streamline?")
    # A language with no text at all shows the first language: the same meeting, unchanged.
    assert wording.localized(meeting, "ar") is meeting
    assert wording.localized(meeting, "en") is meeting


def test_a_bilingual_screen_shows_both_languages_and_a_same_text_once() -> None:
    meeting = meeting_from_data(agenda())
    both = wording.localized(meeting, "fr+en")
    assert both.items[0].title == "Bienvenue / Welcome"
    assert both.title == "Consultation"  # the same in both: once
    assert both.items[1].sub_points[1].text == "Hearings"


def test_the_highlighted_question_follows_each_readers_language() -> None:
    room = Room(meeting_from_data(agenda()), T0)
    room.chair(c.StartMeeting())
    room.chair(c.NextItem(), at=T0 + 10 * MINUTE)
    # The chair's page in Spanish shows the Spanish text, and sends it back.
    room.chair(c.Highlight(text="¿Cómo establecer prioridades?"))
    assert wording.localized(room.meeting, "en").highlight == "How to prioritize?"
    assert wording.localized(room.meeting, "es").highlight == "¿Cómo establecer prioridades?"
    room.chair(c.Highlight(text="Afrique"))
    assert wording.localized(room.meeting, "en").highlight == "Africa"
    with pytest.raises(DomainError):
        room.chair(c.Highlight(text="Not on this item"))


def test_a_language_that_is_not_the_meetings_is_a_problem_at_its_field() -> None:
    data = agenda()
    data["items"][0]["title"] = {"en": "Welcome", "de": "Willkommen"}
    found = problems(data)
    assert [(p.item, p.field) for p in found] == [(1, "title.de")]
    assert "“de” is not one of the meeting's languages (en, fr, es)" in found[0].text


def test_a_text_without_the_first_language_is_a_problem() -> None:
    data = agenda()
    data["items"][0]["title"] = {"fr": "Bienvenue"}
    found = problems(data)
    assert (found[0].item, found[0].field) == (1, "title")
    assert "“en” too, the meeting's first language" in found[0].message


def test_each_language_has_the_caps_of_the_first() -> None:
    data = agenda()
    data["items"][0]["title"] = {"en": "Welcome", "fr": "x" * 201}
    data["items"][1]["questions"] = [{"en": "Why?", "es": "¿" + "y" * 600}]
    found = problems(data)
    assert {(p.field, p.code) for p in found} == {
        ("title.fr", "too_large"), ("questions.es", "too_large")
    }
    data = agenda()
    data["items"][1]["questions"] = {"en": ["One?"], "fr": ["Un ?", "Deux ?"]}
    assert [p.field for p in problems(data)] == ["questions.fr"]
    # No more languages than a meeting may have, and "translations" is not for files.
    many = {"title": "T", "start": "2pm", "items": [{"title": "A", "duration": 5}],
            "languages": [f"l{x}" for x in "abcdefghijklm"]}
    assert [(p.field, p.code) for p in problems(many)] == [("languages", "too_large")]
    assert [p.field for p in problems(agenda(translations={}))] == ["translations"]


def test_a_problem_reads_in_the_readers_language() -> None:
    data = agenda()
    data["items"][0]["title"] = {"en": "Welcome", "de": "Willkommen"}
    found = problems(data)[0]
    french = found.text_in(i18n.translations("fr").gettext)
    assert french.startswith("Point 1, “title.de” : « de » n'est pas l'une des langues")
    with pytest.raises(AgendaInvalid) as caught:
        meeting_from_data(data)
    assert i18n.error_message(caught.value, "es").startswith("Tema 1, “title.de”: «de» no es")


def dialog(meeting: Meeting, index: int, **changes: str) -> dict[str, Any]:
    """What the chair's item dialog sends: every field as shown, with `changes`."""
    fields = json.loads(dialog_fields(meeting, meeting.items[index]))
    # A ticked box sends "true"; an unticked one sends nothing.
    sent = {k: "true" if v is True else v for k, v in fields.items() if v is not False}
    return {"type": "edit_item", "item_id": meeting.items[index].id, **sent, **changes}


def test_the_chairs_item_dialog_edits_each_language_line_by_line() -> None:
    room = Room(meeting_from_data(agenda()), T0)
    shown = dialog(room.meeting, 1)
    assert shown["translations.fr.sub_points"] == "Sessions thématiques\n\nRégions :\n- Afrique"
    assert shown["translations.es.questions"] == "¿Cómo establecer prioridades?"
    sent = dialog(room.meeting, 1, **{
        "translations.es.title": "Actualización",
        "translations.fr.questions": "\nOù rationaliser ?",  # the first line: as in English
    })
    room.chair(c.decode(json.dumps(sent)))
    update = room.meeting.items[1]
    assert update.translations["es"].title == "Actualización"
    assert wording.localized(room.meeting, "fr").items[1].questions == (
        "How to prioritize?", "Où rationaliser ?"
    )
    # The dialog shows what it saved: the same texts, again.
    assert dialog(room.meeting, 1)["translations.fr.questions"] == "\nOù rationaliser ?"


def test_the_item_dialog_refuses_another_language_or_more_lines_and_changes_nothing() -> None:
    room = Room(meeting_from_data(agenda()), T0)
    before = room.meeting
    for changes, code in (
        ({"translations.de.title": "Willkommen"}, "unknown_language"),
        ({"translations.fr.questions": "Un ?\nDeux ?\nTrois ?"}, "invalid_agenda"),
    ):
        with pytest.raises(DomainError) as caught:
            room.chair(c.decode(json.dumps(dialog(room.meeting, 1, **changes))))
        assert caught.value.code == code
        assert room.meeting is before
    with pytest.raises(DomainError) as caught:
        c.decode(json.dumps(dialog(room.meeting, 1, **{"translations.fr.title": "x\u202e"})))
    assert caught.value.code == "invalid"
    assert "title.fr" in caught.value.message


def test_the_reference_meeting_reads_in_french_and_spanish(reference: Meeting) -> None:
    french = wording.localized(reference, "fr")
    spanish = wording.localized(reference, "es")
    assert french.items[1].title == "Allocution de bienvenue"
    assert spanish.items[6].title == "Próximos pasos y calendario"
    assert french.title.startswith("Réunion informelle de la société civile")
    assert all(
        item.translations["fr"].title and item.translations["es"].title
        for item in reference.items
    )
    assert meeting_from_data(agenda_to_data(reference)) == reference


def test_the_chair_saves_every_reference_item_in_its_six_languages(reference: Meeting) -> None:
    # The chair opens each item of the reference meeting and presses Save: the form,
    # every language's texts included (UTF-8, as a browser sends it), fits in one
    # message and leaves the item as it was, in every language.
    assert reference.languages == ("en", "fr", "es", "ar", "zh", "ru")
    room = Room(reference, T0)
    for index, item in enumerate(reference.items):
        assert set(item.translations) == {"fr", "es", "ar", "zh", "ru"}, item.title
        raw = json.dumps(dialog(room.meeting, index), ensure_ascii=False, separators=(",", ":"))
        assert len(raw.encode()) <= c.MAX_MESSAGE_BYTES, item.title
        room.chair(c.decode(raw))
        assert room.meeting.items[index] == item


def test_a_version_that_shares_its_agenda_reuses_the_last_versions_items() -> None:
    room = Room(meeting_from_data(agenda()), T0)
    room.chair(c.StartMeeting())
    before = room.meeting
    for lang in ("fr", "en", "fr+en"):
        last = (before, wording.localized(before, lang))
        room.chair(c.ShowMessage(text="Coffee at four"))  # the agenda is the same tuple
        assert room.meeting.items is before.items
        again = wording.localized(room.meeting, lang, last=last)
        assert again.items is last[1].items
        assert again == wording.localized(room.meeting, lang)
        # A changed agenda is worked out afresh, whatever `last` says.
        room.chair(c.EditItem(item_id=before.items[1].id, title="Update", duration=35))
        edited = wording.localized(room.meeting, lang, last=last)
        assert edited == wording.localized(room.meeting, lang)
        assert edited.items[1].duration == 35
        before = room.meeting
