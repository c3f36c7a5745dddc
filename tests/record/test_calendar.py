"""The agenda as iCalendar: one event per item, floating or in a zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import msgspec
import pytest

from floor.domain.model import Meeting
from floor.record.calendar import agenda_ics, meeting_day
from tests.record.conftest import T0


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("17 April 2017, 2:00pm – 6:00pm", date(2017, 4, 17)),
        ("April 17, 2017", date(2017, 4, 17)),
        ("Monday 3rd Sept. 2018", date(2018, 9, 3)),
        ("2017-04-17 afternoon", date(2017, 4, 17)),
        ("", None),
        ("Spring, room 4", None),
    ],
)
def test_the_day_is_read_from_the_date_line(reference: Meeting, text: str, day: date) -> None:
    assert meeting_day(msgspec.structs.replace(reference, date=text)) == day


def test_without_a_date_line_the_day_the_meeting_started_is_used(reference: Meeting) -> None:
    started = msgspec.structs.replace(reference, date="", started_at=T0)
    assert meeting_day(started) == date(2017, 4, 17)


def test_events_follow_the_printed_agenda_in_a_zone(reference: Meeting) -> None:
    body = agenda_ics(reference, day=date(2017, 4, 17), tz=ZoneInfo("America/New_York"),
                      stamp=T0)
    calendar = icalendar.Calendar.from_ical(body)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "America/New_York"
    events = calendar.walk("VEVENT")
    assert len(events) == 7
    update = events[3]
    assert str(update["summary"]) == "Update on GCM Preparatory Process"
    start, end = update.decoded("dtstart"), update.decoded("dtend")
    assert start == datetime(2017, 4, 17, 14, 45, tzinfo=ZoneInfo("America/New_York"))
    assert (end - start).total_seconds() == 3600
    assert "Given limited time and resources" in str(update["description"])
    assert str(update["uid"]) == "iom-gcm-2017-i4@floor"
    assert "Intervention: Robert Vitillo, ICMC" in str(events[5]["description"])


def test_without_a_zone_the_times_float_as_printed(reference: Meeting) -> None:
    body = agenda_ics(reference, day=date(2017, 4, 17), tz=None, stamp=T0)
    assert b"DTSTART:20170417T140000\r\n" in body
    assert b"VTIMEZONE" not in body
