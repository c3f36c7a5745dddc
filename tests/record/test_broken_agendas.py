"""Broken agendas, as people really paste and upload them: each message names the
place (line, item, field or column) and says what to write instead."""

from __future__ import annotations

import pytest

from floor.domain.agenda import meeting_from_data
from floor.domain.agenda_problems import AgendaInvalid
from floor.record.agenda_text import decode, read_agenda

ITEM = b"\n  - title: Welcome\n    start: 2:00pm\n    duration: 15\n"

# (name, the file's bytes, what the message must say: its place, then its fix)
CASES: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("empty", b"", ("empty", "give the meeting a title")),
    ("only spaces", b"   \n\n", ("empty", "at least one item")),
    ("a list, not a mapping", b"- Welcome\n- Update\n",
     ("starts with the meeting's fields", "title:")),
    ("a single line of text", b"Welcome and update", ("starts with the meeting's fields",)),
    ("tabs", b"title: T\nitems:\n\t- title: Welcome\n", ("Line 3", "spaces, not tabs")),
    ("an unquoted time out of range", b"title: T\nitems:\n  - title: A\n    start: 25:00\n"
     b"    duration: 5\n", ("Line 4", "item 1", "“start”", "like 2:00pm or 14:00")),
    ("a time in words", b"title: T\nitems:\n  - title: A\n    start: after lunch\n"
     b"    duration: 5\n", ("Line 4", "item 1", "2:00pm or 14:00")),
    ("a duration in words", b"title: T\nitems:\n  - title: A\n    start: 2pm\n"
     b"    duration: a quarter\n", ("Line 5", "“duration”", "15 min or 1h30")),
    ("a zero duration", b"title: T\nitems:\n  - title: A\n    start: 2pm\n    duration: 0\n",
     ("item 1", "“duration”", "1 minute to 24 hours")),
    ("no duration", b"title: T\nitems:\n  - title: A\n    start: 2pm\n",
     ("Line 3", "item 1", "“duration”", "15 min")),
    ("an unknown item key", b"title: T\nitems:\n  - title: A\n    start: 2pm\n"
     b"    duration: 5\n    speakers: [Ana]\n",
     ("Line 6", "item 1", "“speakers”", "not a field of an agenda")),
    ("a misspelt item key", b"title: T\nitems:\n  - title: A\n    strat: 2pm\n    duration: 5\n",
     ("Line 4", "“strat”", "did you mean “start”")),
    ("an unknown meeting key", b"titel: T\nitems:" + ITEM,
     ("Line 1", "“titel”", "did you mean “title”")),
    ("no title", b"items:" + ITEM, ("“title”", "needs a title")),
    ("no items", b"title: T\n", ("“items”", "one “- title:” per item")),
    ("items not a list", b"title: T\nitems: Welcome\n", ("Line 2", "“items”", "is a list")),
    ("an item without a title", b"title: T\nitems:\n  - start: 2pm\n    duration: 5\n",
     ("Line 3", "item 1", "needs a title")),
    ("the first item without a start", b"title: T\nitems:\n  - title: A\n    duration: 5\n",
     ("item 1", "“start”", "first item needs a start time")),
    ("a bad short name", b"slug: My Meeting\ntitle: T\nitems:" + ITEM,
     ("Line 1", "“slug”", "a-z, 0-9 and dashes", "my-meeting")),
    ("a bad time zone", b"title: T\ntimezone: New York\nitems:" + ITEM,
     ("Line 2", "“timezone”", "America/New_York")),
    ("a bad yes/no", b"title: T\nitems:\n  - title: A\n    start: 2pm\n    duration: 5\n"
     b"    queue_open: maybe\n", ("Line 6", "“queue_open”", "yes or no")),
    ("a bad time per turn", b"title: T\nitems:\n  - title: A\n    start: 2pm\n    duration: 5\n"
     b"    speaker_limit: 2 hours\n", ("“speaker_limit”", "90 s or 2 min")),
    ("a booking without a name", b"title: T\nitems:\n  - title: A\n    start: 2pm\n"
     b"    duration: 5\n    bookings:\n      - organization: IOM\n",
     ("Line 6", "“bookings”", "needs a name")),
    ("10,000 items", b"title: T\nitems:\n" + b"  - A\n" * 10_000,
     ("“items”", "at most 100 items", "10000")),
    ("a title too long", b"title: " + b"x" * 300 + b"\nitems:" + ITEM,
     ("“title”", "at most 200 characters")),
    ("YAML that does not parse", b"title: T\nitems:\n  - title: [A\n", ("line", "not valid YAML")),
    ("anchors", b"title: &t T\nitems:" + ITEM, ("anchors or aliases", "write each value out")),
    ("not UTF-8", "title: Réunion\nitems:".encode("latin-1") + ITEM,
     ("Line 1", "not UTF-8", "save it again as UTF-8")),
    ("a CSV with a bad time", b"title,start,duration\nWelcome,2pm,15\nUpdate,half past,30\n",
     ("Row 3", "2:00pm or 14:00")),
    ("a CSV without a title column", b"topic;start;duration\nWelcome;2pm;15\n".replace(
        b"topic", b"what"), ("title", "column")),
    ("a CSV without a duration", b"title,start\nWelcome,2pm\n", ("Row 2", "duration")),
]


def message_for(raw: bytes) -> str:
    with pytest.raises(AgendaInvalid) as caught:
        meeting_from_data(read_agenda(decode(raw)))
    assert caught.value.problems
    return " | ".join(p.text for p in caught.value.problems)


@pytest.mark.parametrize(("name", "raw", "says"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_agenda_names_the_place_and_the_fix(name: str, raw: bytes, says: tuple[str, ...]):
    message = message_for(raw)
    for part in says:
        assert part in message, f"{name}: {part!r} not in {message!r}"
    for jargon in ("Expected `", "$.", "<unicode string>", "mapping values", "ValidationError"):
        assert jargon not in message


def test_the_table_has_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20


def test_every_problem_is_listed_not_only_the_first() -> None:
    raw = b"title: T\nitems:\n  - title: A\n    start: 25:00\n    duration: 0\n"
    with pytest.raises(AgendaInvalid) as caught:
        meeting_from_data(read_agenda(decode(raw)))
    assert [(p.line, p.field) for p in caught.value.problems] == [(4, "start"), (5, "duration")]
    assert "(and 1 more problem)" in caught.value.message


# What people write that is not broken at all.


@pytest.mark.parametrize("start", ["2:00pm", "14:00", "2pm", "2 PM", "14:00 "])
def test_times_as_people_write_them(start: str) -> None:
    raw = f"title: T\nitems:\n  - title: A\n    start: {start}\n    duration: 5\n"
    meeting = meeting_from_data(read_agenda(raw))
    assert meeting.items[0].planned_start == 14 * 60


@pytest.mark.parametrize(("duration", "minutes"),
                         [("15", 15), ("15 min", 15), ("1h30", 90), ("1h", 60), ("1:30", 90),
                          ("90 minutes", 90), ("45′", 45)])
def test_durations_as_people_write_them(duration: str, minutes: int) -> None:
    raw = f"title: T\nitems:\n  - title: A\n    start: 2pm\n    duration: {duration}\n"
    assert meeting_from_data(read_agenda(raw)).items[0].duration == minutes


def test_starts_follow_the_previous_item_and_the_slug_comes_from_the_title() -> None:
    raw = ("title: Réunion régionale (Genève)\nstart: 9:30\nitems:\n  - title: A\n"
           "    duration: 1h\n  - title: B\n    duration: 15 min\n  - title: Lunch\n"
           "    start: 1pm\n    duration: 60\n    fixed: yes\n")
    meeting = meeting_from_data(read_agenda(raw))
    assert meeting.slug == "reunion-regionale-geneve"
    assert [i.planned_start for i in meeting.items] == [570, 630, 780]
    assert meeting.items[2].fixed


def test_a_csv_with_a_bom_and_semicolons_pasted_is_recognised() -> None:
    raw = "\ufefftitle;start;duration\nWelcome;2:00pm;15\nUpdate;;1h\n".encode()
    data = read_agenda(decode(raw), fields={"title": "Consultation"})
    meeting = meeting_from_data(data)
    assert [(i.title, i.planned_start, i.duration) for i in meeting.items] == [
        ("Welcome", 840, 15), ("Update", 855, 60)]
    assert meeting.title == "Consultation"


def test_an_icalendar_file_becomes_an_agenda() -> None:
    from datetime import date
    from zoneinfo import ZoneInfo

    from floor.record.agenda_yaml import load_agenda_yaml
    from floor.record.calendar import agenda_ics
    from tests.domain.conftest import AGENDA

    reference = meeting_from_data(load_agenda_yaml(AGENDA.read_text(encoding="utf-8")))
    ics = agenda_ics(reference, day=date(2017, 4, 17), tz=ZoneInfo("America/New_York"), stamp=0)
    meeting = meeting_from_data(read_agenda(ics.decode()))
    assert meeting.title == reference.title
    assert meeting.timezone == "America/New_York"
    assert meeting.date == "2017-04-17"
    assert [(i.title, i.planned_start, i.duration) for i in meeting.items] == [
        (i.title, i.planned_start, i.duration) for i in reference.items]
