"""The language each participant will speak: chosen from the meeting's languages, set by
the person or by the chair, and recorded on the turn when it is taken."""

from __future__ import annotations

import msgspec
import pytest

from floor.domain import commands as c
from floor.domain.errors import DomainError
from floor.domain.meeting import apply
from floor.domain.model import Meeting
from tests.domain.conftest import CHAIR, MINUTE, SECOND, T0


def person(pid: str) -> c.Actor:
    return c.Actor(c.Role.PARTICIPANT, pid)


def running(reference: Meeting) -> Meeting:
    m, _ = apply(reference, c.StartMeeting(), CHAIR, T0)
    m, _ = apply(m, c.NextItem(), CHAIR, T0 + MINUTE)  # "Welcome": its list is open
    return m


def register(m: Meeting, pid: str, language: str, at: int = T0) -> Meeting:
    m, _ = apply(m, c.Register(name=pid.title(), language=language), person(pid), at)
    return m


@pytest.fixture
def meeting(reference: Meeting) -> Meeting:
    assert reference.languages == ("en", "fr", "es", "ar", "zh", "ru")
    return running(reference)


def test_a_participant_says_which_of_the_meetings_languages_they_will_speak(
    meeting: Meeting,
) -> None:
    m = register(meeting, "ana", "fr")
    assert m.participants["ana"].language == "fr"
    m = register(m, "ana", "ar")  # changed in the profile
    assert m.participants["ana"].language == "ar"
    m = register(m, "ana", "")  # not said
    assert m.participants["ana"].language == ""


def test_a_language_not_among_the_meetings_is_refused_in_plain_words(meeting: Meeting) -> None:
    m = register(meeting, "ana", "fr")
    with pytest.raises(DomainError) as caught:
        apply(m, c.Register(name="Ana", language="de"), person("ana"), T0 + 2 * MINUTE)
    assert caught.value.code == "unknown_language"
    assert caught.value.message == (
        "That language is not one of the meeting's languages: choose one from the list."
    )
    assert m.participants["ana"].language == "fr"  # the profile as it was
    with pytest.raises(DomainError) as caught:
        apply(m, c.AddSpeaker(name="Caller", language="pt"), CHAIR, T0 + 2 * MINUTE)
    assert caught.value.code == "unknown_language"


def test_a_meeting_that_names_no_languages_speaks_english(reference: Meeting) -> None:
    m = msgspec.structs.replace(reference, languages=())
    m = register(running(m), "ana", "en")
    assert m.participants["ana"].language == "en"
    with pytest.raises(DomainError) as caught:
        apply(m, c.Register(name="Ana", language="fr"), person("ana"), T0 + 2 * MINUTE)
    assert caught.value.code == "unknown_language"


def test_the_chair_sets_the_language_of_a_caller_and_of_someone_present(
    meeting: Meeting,
) -> None:
    at = T0 + 2 * MINUTE
    m, _ = apply(meeting, c.AddSpeaker(name="Li Wei", language="zh"), CHAIR, at)
    [caller] = [p for p in m.participants.values() if p.name == "Li Wei"]
    assert caller.language == "zh" and caller.added_by_chair
    # The same caller added again, now saying Russian: the same person, in Russian.
    item = m.items[m.current or 0]
    hand = next(h for h in item.speakers if h.participant_id == caller.id)
    m, _ = apply(m, c.RemoveHand(hand_id=hand.id), CHAIR, at)
    m, _ = apply(m, c.AddSpeaker(name="Li Wei", language="ru"), CHAIR, at)
    assert m.participants[caller.id].language == "ru"
    # Someone present, added by the chair: a language given is kept, none leaves theirs.
    m = register(m, "ana", "fr")
    m, _ = apply(m, c.AddSpeaker(participant_id="ana", language="es"), CHAIR, at)
    assert m.participants["ana"].language == "es"
    m = register(m, "bo", "ar")
    m, _ = apply(m, c.AddSpeaker(participant_id="bo"), CHAIR, at)
    assert m.participants["bo"].language == "ar"


def test_the_turn_keeps_the_language_it_was_spoken_in(meeting: Meeting) -> None:
    at = T0 + 2 * MINUTE
    m = register(meeting, "ana", "fr", at)
    m, _ = apply(m, c.RaiseHand(), person("ana"), at)
    m, _ = apply(m, c.CallNext(), CHAIR, at + SECOND)
    assert m.floor is not None and m.floor.language == "fr"
    # A change of profile while speaking does not change what this turn is spoken in...
    m = register(m, "ana", "es", at + 10 * SECOND)
    assert m.floor is not None and m.floor.language == "fr"
    m, events = apply(m, c.FinishTurn(), CHAIR, at + MINUTE)
    assert m.turns[-1].language == "fr"
    assert events[0].data["language"] == "fr"  # the log's turn says it too
    # ...and a later one does not rewrite the record; the next turn is in Spanish.
    m, _ = apply(m, c.RaiseHand(), person("ana"), at + 2 * MINUTE)
    m, _ = apply(m, c.CallNext(), CHAIR, at + 2 * MINUTE)
    m, _ = apply(m, c.FinishTurn(), CHAIR, at + 3 * MINUTE)
    assert [t.language for t in m.turns] == ["fr", "es"]


def test_a_struck_turn_keeps_its_language_too(meeting: Meeting) -> None:
    at = T0 + 2 * MINUTE
    m = register(meeting, "ana", "ar", at)
    m, _ = apply(m, c.RaiseHand(), person("ana"), at)
    m, _ = apply(m, c.CallNext(), CHAIR, at)
    m, _ = apply(m, c.WithdrawSpeaker(), CHAIR, at + MINUTE)
    assert m.struck[-1].language == "ar"


def test_states_stored_before_spoken_languages_still_load(meeting: Meeting) -> None:
    at = T0 + 2 * MINUTE
    m = register(meeting, "ana", "fr", at)
    m, _ = apply(m, c.RaiseHand(), person("ana"), at)
    m, _ = apply(m, c.CallNext(), CHAIR, at)
    m, _ = apply(m, c.FinishTurn(), CHAIR, at + MINUTE)
    m, _ = apply(m, c.RaiseHand(), person("ana"), at + MINUTE)
    m, _ = apply(m, c.CallNext(), CHAIR, at + MINUTE)
    data = msgspec.to_builtins(m)
    # As written before: no language on people, the floor or turns.
    del data["participants"]["ana"]["language"]
    del data["floor"]["language"]
    for turn in data["turns"]:
        del turn["language"]
    old = msgspec.json.decode(msgspec.json.encode(data), type=Meeting)
    assert old.participants["ana"].language == ""
    assert old.floor is not None and old.floor.language == ""
    assert old.turns[0].language == ""
    # and it runs on: the next turn takes the language the profile says now
    old = register(old, "ana", "fr", at + 2 * MINUTE)
    old, _ = apply(old, c.FinishTurn(), CHAIR, at + 2 * MINUTE)
    assert old.turns[-1].language == ""  # the turn was taken before anyone said
