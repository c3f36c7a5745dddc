"""Agenda files: YAML out and back in, CSV in."""

from __future__ import annotations

import pytest
import yaml

from floor.domain import commands as c
from floor.domain.agenda import agenda_to_data, meeting_from_data
from floor.domain.errors import DomainError
from floor.domain.model import Meeting
from floor.record.agenda_csv import agenda_from_csv, slugify
from floor.record.agenda_yaml import agenda_yaml
from tests.record.conftest import AGENDA, T0, Driver


def test_the_reference_agenda_exports_as_its_own_file(reference: Meeting) -> None:
    original = yaml.safe_load(AGENDA.read_text(encoding="utf-8"))
    assert agenda_to_data(reference) == original
    assert meeting_from_data(yaml.safe_load(agenda_yaml(reference))) == reference


def test_a_live_edited_agenda_round_trips(welcome: Driver) -> None:
    welcome.chair(c.AddItem(title="Coffee break", duration=10, after="i4"), T0)
    welcome.chair(c.EditItem(item_id="i5", title="Regional consultations", duration=40,
                             presenters="Colin Rajah, Ana"), T0)
    welcome.chair(c.SetSpeakerLimit(seconds=90), T0)
    text = agenda_yaml(welcome.meeting)
    again = meeting_from_data(yaml.safe_load(text))
    assert [i.title for i in again.items][4:6] == ["Coffee break", "Regional consultations"]
    assert again.items[4].planned_start == 15 * 60 + 45  # follows "Update", 3:45pm
    assert again.items[5].presenters == ("Colin Rajah", "Ana")
    assert again.items[1].speaker_limit == 90
    assert agenda_to_data(again) == agenda_to_data(welcome.meeting)


CSV = """\ufeffTitle;Start;Duration;Presenters;Questions;Queue open;Introductions
Entrance and Registration;2:00pm;15;;;no;
Welcome;;15;Director-General William Lacy Swing;;;
Participant Introductions;;15;Colin Rajah;;yes;yes
"Update on GCM";2:45pm;60;Michele Klein-Solomon;"How to prioritize?
Where to streamline?";;
"""


def test_a_csv_agenda_reads_like_the_yaml_one() -> None:
    data = agenda_from_csv(CSV, title="Civil society meeting", regions=["Africa", "Asia"])
    meeting = meeting_from_data(data)
    assert meeting.slug == "civil-society-meeting"
    assert meeting.regions == ("Africa", "Asia")
    assert [(i.title, i.planned_start, i.duration) for i in meeting.items] == [
        ("Entrance and Registration", 14 * 60, 15),
        ("Welcome", 14 * 60 + 15, 15),  # no start: it follows the item before
        ("Participant Introductions", 14 * 60 + 30, 15),
        ("Update on GCM", 14 * 60 + 45, 60),
    ]
    assert not meeting.items[0].list_open and meeting.items[2].introductions
    assert meeting.items[3].questions == ("How to prioritize?", "Where to streamline?")


def test_time_ranges_and_end_times_give_durations() -> None:
    text = "item,time,end\nA,2:00pm – 2:20pm,\nB,14:20,15:05\nC,11:30pm - 12:15am,\n"
    items = agenda_from_csv(text, title="T", slug="t-1")["items"]
    assert [(i["start"], i["duration"]) for i in items] == [
        ("2:00pm", 20), ("2:20pm", 45), ("11:30pm", 45)
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("title,start\n", "no agenda items"),
        ("start,duration\n2pm,10\n", "needs a “title” column"),
        ("title,room\nA,4\n", "Unknown CSV column “room”"),
        ("title,duration\nA,10\n", "Row 2: the first item needs a start time"),
        ("title,start\nA,2pm\n", "Row 2: give a duration"),
        ("title,start,duration\nA,25:00,10\n", "Row 2: Cannot read the time"),
        ("title,start,duration\nA,2pm,ten\n", "Row 2: the duration 'ten' is not a duration"),
        ("title,start,duration,list_open\nA,2pm,10,maybe\n", "is not yes or no"),
        ("title,start,duration\nA,2pm,10\n,3pm,5\n", "Row 3: the item has no title"),
    ],
)
def test_a_bad_csv_is_refused_with_the_row_and_reason(text: str, message: str) -> None:
    with pytest.raises(DomainError) as refused:
        agenda_from_csv(text, title="T")
    assert refused.value.code == "invalid_agenda"
    assert message in refused.value.message


def test_slugs_come_from_titles() -> None:
    assert slugify("Next Steps (2017) — Genève") == "next-steps-2017-geneve"
    assert slugify("!!") == "meeting"
