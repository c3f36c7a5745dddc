"""The agenda file: the reference meeting carries its seed agenda exactly."""

from __future__ import annotations

import pytest

from floor.domain import commands as c
from floor.domain.agenda import format_clock, meeting_from_data, parse_clock
from floor.domain.errors import DomainError
from floor.domain.model import Attendance, Policy, Status, SubPoint

REGIONS = ("Africa", "Asia", "Europe", "Latin America", "Middle-East", "North America")
TITLES = [
    "Entrance and Registration",
    "Welcome",
    "Participant Introductions",
    "Update on GCM Preparatory Process",
    "Regional Civil Society Consultations (RCSCs)",
    "Preview Civil Society Interventions in IDM",
    "Next Steps and Timeline",
]


# the reference meeting ---------------------------------------------------


def test_reference_has_the_seed_title_and_subtitle(reference):
    assert reference.title == "Civil Society Informal Meeting on the Global Compact on Migration"
    assert reference.subtitle == "In Conjunction with the International Dialogue on Migration"
    assert reference.organizer.startswith("International Organization for Migration (IOM)")
    assert reference.organizer.endswith("UN Migration Agency")


def test_reference_has_the_seed_date_and_hours(reference):
    assert "17 April 2017" in reference.date
    assert "2:00pm – 6:00pm" in reference.date


def test_reference_has_the_seed_venue(reference):
    assert reference.venue.startswith("IOM New York Office Conference Room")
    assert "48th Floor, Chanin Building, 122 East 42nd Street, New York" in reference.venue


def test_reference_offers_the_conference_call_line(reference):
    assert "Conference call line" in reference.remote


def test_reference_has_the_six_regions_of_the_concept_note(reference):
    assert reference.regions == REGIONS


def test_reference_has_the_seven_agenda_items_in_order(reference):
    assert [item.title for item in reference.items] == TITLES
    assert [item.id for item in reference.items] == [f"i{n}" for n in range(1, 8)]


def test_reference_items_start_at_the_printed_times(reference):
    starts = [format_clock(item.planned_start) for item in reference.items]
    assert starts == ["2:00pm", "2:15pm", "2:30pm", "2:45pm", "3:45pm", "4:30pm", "5:15pm"]


def test_reference_items_have_the_printed_durations(reference):
    assert [item.duration for item in reference.items] == [15, 15, 15, 60, 45, 45, 45]


def test_reference_items_follow_one_another_and_end_at_six(reference):
    items = reference.items
    for item, following in zip(items, items[1:], strict=False):
        assert item.planned_start + item.duration == following.planned_start
    assert format_clock(items[-1].planned_start + items[-1].duration) == "6:00pm"


def test_reference_item_clocks_hold_the_planned_minutes_and_are_paused(reference):
    for item in reference.items:
        assert item.timer.duration == item.duration * 60_000
        assert not item.timer.running


def test_reference_items_name_their_presenters(reference):
    assert [item.presenters for item in reference.items] == [
        (),
        ("Director-General William Lacy Swing",),
        ("Colin Rajah",),
        ("Michele Klein-Solomon",),
        ("Colin Rajah",),
        (),
        ("Colin Rajah",),
    ]


def test_introductions_item_asks_for_name_organization_scope_and_focus(reference):
    item = reference.items[2]
    assert item.sub_points == (SubPoint("Name, Organization, Regional Scope, Thematic Focus"),)
    assert item.introductions
    assert item.speaker_limit == 30


def test_update_item_lists_the_five_parts_of_the_process(reference):
    assert [p.text for p in reference.items[3].sub_points] == [
        "Thematic sessions",
        "Multi-stakeholder hearings",
        "Regional consultations",
        "National consultations",
        "Other sessions",
    ]


def test_update_item_carries_the_two_discussion_questions(reference):
    assert reference.items[3].questions == (
        "Given limited time and resources within civil society, "
        "how to prioritize focus for maximum effectiveness?",
        "Where can we find opportunities to streamline our efforts "
        "across the range of activities within the preparatory process?",
    )


def test_consultations_item_nests_the_six_regions_under_its_sub_point(reference):
    (point,) = reference.items[4].sub_points
    assert point.text == "Review preliminary meetings with regional actors, and initial concepts:"
    assert point.points == REGIONS


def test_interventions_item_books_the_four_speakers_with_their_organizations(reference):
    booked = [reference.participants[b.participant_id] for b in reference.items[5].bookings]
    assert [(p.name, p.organization) for p in booked] == [
        ("Robert Vitillo", "ICMC"),
        ("William Gois", "MFA"),
        ("Maria Pia Belloni Mignatti", "NGO Committee on Migration"),
        ("Berenice Valdez Rivera", "IMUMI / COMPA"),
    ]


def test_booked_speakers_are_not_counted_present_until_they_join(reference):
    assert all(not p.present for p in reference.participants.values())
    assert all(p.attendance is Attendance.ROOM for p in reference.participants.values())


def test_only_the_entrance_item_keeps_its_queue_closed(reference):
    assert [item.list_open for item in reference.items] == [False] + [True] * 6


def test_reference_speaker_limits_suit_each_item(reference):
    limits = [item.speaker_limit for item in reference.items]
    assert limits == [180, 180, 30, 120, 120, 420, 120]


def test_a_loaded_meeting_is_a_fresh_draft(reference):
    assert (reference.status, reference.current, reference.floor) == (Status.DRAFT, None, None)
    assert (reference.version, reference.turns, reference.policy) == (0, (), Policy.FCFS)


def test_entering_the_interventions_item_queues_the_four_bookings(room):
    item = room.chair(c.GotoItem(item_id="i6")).item
    names = [room.meeting.participants[pid].name for pid in room.waiting()]
    assert names == [
        "Robert Vitillo",
        "William Gois",
        "Maria Pia Belloni Mignatti",
        "Berenice Valdez Rivera",
    ]
    assert all(e.booked and e.reason == "pre-booked intervention" for e in item.speakers)


def test_bookings_are_queued_only_on_the_first_visit(room):
    room.chair(c.GotoItem(item_id="i6"))
    room.chair(c.CallNext())
    room.chair(c.PrevItem())
    room.chair(c.NextItem())
    assert room.waiting() == ["b2", "b3", "b4"]


# clock times -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2:00pm", 14 * 60),
        ("2:15pm", 14 * 60 + 15),
        ("2pm", 14 * 60),
        ("14:15", 14 * 60 + 15),
        ("9:30am", 9 * 60 + 30),
        ("12:00pm", 12 * 60),
        ("12:30am", 30),
        (" 5:15 P.M. ", 17 * 60 + 15),
        ("0:00", 0),
        ("23:59", 23 * 60 + 59),
    ],
)
def test_parse_clock_reads_agenda_times(text, minutes):
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["", "noon", "25:00", "24:00", "2:60pm", "2:5pm", "14.15"])
def test_parse_clock_refuses_unreadable_times(text):
    with pytest.raises(DomainError) as caught:
        parse_clock(text)
    assert caught.value.code == "invalid_agenda"


def test_parse_clock_refuses_an_hour_past_twelve_with_am():
    # Bug: "13am" is read as 1:00pm instead of being refused.
    with pytest.raises(DomainError) as caught:
        parse_clock("13am")
    assert caught.value.code == "invalid_agenda"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "12:00am"), (9 * 60 + 5, "9:05am"), (12 * 60, "12:00pm"), (17 * 60 + 15, "5:15pm")],
)
def test_format_clock_prints_times_the_way_the_agenda_does(minutes, text):
    assert format_clock(minutes) == text


def test_format_clock_wraps_past_midnight():
    assert format_clock(24 * 60 + 30) == "12:30am"


def test_format_clock_and_parse_clock_round_trip_every_minute_of_the_day():
    assert all(parse_clock(format_clock(m)) == m for m in range(24 * 60))


# invalid agendas ---------------------------------------------------------


def minimal(**changes):
    data = {"slug": "gcm-cs", "title": "Meeting", "items": [{"title": "A", "start": "2pm",
            "duration": 15}]}  # fmt: skip
    data.update(changes)
    return data


def test_a_minimal_agenda_loads():
    meeting = meeting_from_data(minimal())
    assert (meeting.slug, [i.title for i in meeting.items]) == ("gcm-cs", ["A"])


def test_the_slug_can_be_given_from_outside_the_file(reference_data):
    assert meeting_from_data(reference_data, slug="gcm-2017-copy").slug == "gcm-2017-copy"


@pytest.mark.parametrize(
    "data",
    [
        None,
        ["not", "a", "mapping"],
        minimal(items=[]),
        minimal(title=""),
        minimal(chair="Colin Rajah"),
        minimal(items=[{"title": "A", "start": "2pm", "duration": 0}]),
        minimal(items=[{"title": "A", "start": "2pm"}]),
        minimal(items=[{"title": "A", "start": "2pm", "duration": 15, "speaker_limit": 5}]),
        minimal(items=[{"title": "A", "start": "2pm", "duration": 15, "bookings": [{}]}]),
        minimal(items=[{"title": "A", "start": "teatime", "duration": 15}]),
    ],
    ids=["none", "list", "no-items", "empty-title", "unknown-field", "zero-duration",
         "no-duration", "short-speaker-limit", "nameless-booking", "unreadable-start"],
)  # fmt: skip
def test_an_invalid_agenda_is_refused(data):
    with pytest.raises(DomainError) as caught:
        meeting_from_data(data)
    assert caught.value.code == "invalid_agenda"


@pytest.mark.parametrize("slug", ["a", "Gcm", "-gcm", "gcm_2017", "gcm 2017", "x" * 64])
def test_a_bad_slug_is_refused(slug):
    with pytest.raises(DomainError) as caught:
        meeting_from_data(minimal(slug=slug))
    assert caught.value.code == "invalid_slug"
