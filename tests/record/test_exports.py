"""Exports: Markdown minutes, one CSV row per turn, JSON of everything."""

from __future__ import annotations

import csv
import io
import json
from zoneinfo import ZoneInfo

import pytest

from floor.domain import commands as c
from floor.domain.meeting import apply
from floor.domain.model import Attendance
from floor.record.exports import CSV_COLUMNS, minutes_json, minutes_markdown, turns_csv
from floor.record.minutes import build
from floor.record.stats import fold
from tests.record.conftest import MINUTE, SECOND, T0, Driver

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def spoken(welcome: Driver) -> Driver:
    at = T0 + 18 * MINUTE
    welcome.join("ana", at, region="Asia", organization="Forum | Asia, Pacific",
                 attendance=Attendance.REMOTE)
    welcome.hand("ana", at).turn(at + SECOND, 95)
    welcome.chair(c.AddNote(text="First line.\nSecond | line."), at + 3 * MINUTE)
    welcome.chair(c.AddAction(what="Write up", who="Colin", due="May"), at + 3 * MINUTE)
    welcome.chair(c.EndMeeting(), at + 5 * MINUTE)
    return welcome


def test_csv_has_one_row_per_turn_in_the_zone_given(spoken: Driver) -> None:
    minutes = build(spoken.meeting, now=T0 + 30 * MINUTE)
    rows = list(csv.reader(io.StringIO(turns_csv(minutes, NEW_YORK))))
    assert tuple(rows[0]) == CSV_COLUMNS
    [row] = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert row["organization"] == "Forum | Asia, Pacific"  # quoted, not split
    assert row["item"] == "Welcome" and row["item_number"] == "2"
    assert row["started"] == "2017-04-17T14:18:01-04:00"
    assert row["duration_seconds"] == "95"
    # Column names are identifiers; a value that is a label reads as the page says it.
    assert row["first_time"] == "yes" and row["attendance"] == "Remote"


def test_markdown_minutes_read_as_minutes(spoken: Driver) -> None:
    minutes = build(spoken.meeting, now=T0 + 30 * MINUTE)
    text = minutes_markdown(minutes, fold(spoken.meeting), NEW_YORK)
    assert text.startswith("# Minutes: Civil Society Informal Meeting")
    # Times of day as CLDR writes them in English (a narrow space before PM).
    assert (
        "Ended: started 2:00\u202fPM, ended 2:23\u202fPM (23 min); times in EDT (UTC-04:00)."
        in text
    )
    assert (
        "| 2 | Welcome | 2:15\u202fPM, 15 min | 2:17\u202fPM (2 min behind) | 6 min | 1 | 1:35"
        " | 0:00 |" in text
    )
    assert (
        "| 1 | Ana | Forum \\| Asia, Pacific | Asia | Remote | Speak | – | – | 1:35 | 0:00 |"
    ) in text  # no language given, no topic
    assert "- First line.\n  Second \\| line." in text  # text, escaped: not a table
    assert "- [ ] Write up — Colin — by May" in text
    assert "| Write up | Colin | May | Welcome |" in text
    assert "### By region" in text and "### By attendance" in text


def test_json_holds_items_turns_and_statistics(spoken: Driver) -> None:
    minutes = build(spoken.meeting, now=T0 + 30 * MINUTE)
    data = json.loads(minutes_json(minutes, fold(spoken.meeting), NEW_YORK))
    assert data["status"] == "ended"
    assert data["started"] == "2017-04-17T14:00:00-04:00"
    welcome = data["items"][1]
    assert welcome["drift_minutes"] == 2
    assert welcome["turns"][0]["duration_seconds"] == 95
    asia = {g["group"]: g for g in data["statistics"]["by_region"]}["Asia"]
    assert asia["share_of_turns"] == 1.0 and asia["hands_heard"] == 1


@pytest.fixture
def paused(welcome: Driver) -> Driver:
    """Ana speaks 60 s, is paused 120 s and is finished while paused (on "Welcome")."""
    at = T0 + 18 * MINUTE
    welcome.join("ana", at, region="Asia")
    actor = c.Actor(c.Role.PARTICIPANT, "ana")
    welcome.meeting, _ = apply(welcome.meeting, c.RaiseHand(topic="Regional calendar"), actor, at)
    welcome.chair(c.CallNext(), at + SECOND)
    welcome.chair(c.TimerControl(timer="speaker", action="pause"), at + 61 * SECOND)
    welcome.chair(c.FinishTurn(), at + 181 * SECOND)
    return welcome


def test_csv_counts_speaking_time_without_the_pause_and_shows_the_pause(paused: Driver) -> None:
    minutes = build(paused.meeting, now=T0 + 30 * MINUTE)
    [row] = list(csv.DictReader(io.StringIO(turns_csv(minutes, NEW_YORK))))
    assert row["duration_seconds"] == "60"
    assert row["paused_seconds"] == "120"
    assert row["topic"] == "Regional calendar"
    assert row["started"] == "2017-04-17T14:18:01-04:00"
    assert row["ended"] == "2017-04-17T14:21:01-04:00"  # the span still runs call to finish


def test_markdown_and_json_show_speaking_and_paused_time(paused: Driver) -> None:
    minutes = build(paused.meeting, now=T0 + 30 * MINUTE)
    stats = fold(paused.meeting)
    text = minutes_markdown(minutes, stats, NEW_YORK)
    assert (
        "| 1 | Ana | – | Asia | In the room | Speak | – | Regional calendar | 1:00 | 2:00 |"
    ) in text
    assert "1 turns by 1 speakers, 1:00 of speaking (2:00 paused)" in text
    data = json.loads(minutes_json(minutes, stats, NEW_YORK))
    [turn] = data["items"][1]["turns"]
    assert (turn["duration_seconds"], turn["paused_seconds"]) == (60, 120)
    assert turn["topic"] == "Regional calendar"
    assert data["statistics"]["speaking_seconds"] == 60
    assert data["statistics"]["paused_seconds"] == 120
    region = {g["group"]: g for g in data["statistics"]["by_region"]}["Asia"]
    assert region["speaking_seconds"] == 60


def test_the_minutes_show_each_budget_and_what_was_used(paused: Driver) -> None:
    paused.chair(c.SetBudget(group="Asia", seconds=45, item_id="i2"), T0 + 25 * MINUTE)
    minutes = build(paused.meeting, now=T0 + 30 * MINUTE)
    text = minutes_markdown(minutes, fold(paused.meeting), NEW_YORK)
    assert "- Asia: 1:00 used of 0:45 (0:15 over)" in text
    data = json.loads(minutes_json(minutes, fold(paused.meeting), NEW_YORK))
    assert data["items"][1]["budgets"] == [
        {"group": "Asia", "budget_seconds": 45, "used_seconds": 60}
    ]


def test_each_turn_says_the_language_it_was_spoken_in(welcome: Driver) -> None:
    """As the speaker's profile said when the turn was taken: a later change of profile
    does not rewrite the record."""
    at = T0 + 18 * MINUTE
    actor = c.Actor(c.Role.PARTICIPANT, "ana")
    welcome.meeting, _ = apply(welcome.meeting, c.Register(name="Ana", language="fr"), actor, at)
    welcome.hand("ana", at).turn(at + SECOND, 60)
    welcome.join("bo", at).hand("bo", at + 2 * MINUTE).turn(at + 2 * MINUTE, 30)
    welcome.meeting, _ = apply(
        welcome.meeting, c.Register(name="Ana", language="es"), actor, at + 4 * MINUTE)
    minutes = build(welcome.meeting, now=T0 + 30 * MINUTE)
    rows = list(csv.DictReader(io.StringIO(turns_csv(minutes, NEW_YORK))))
    assert [(r["speaker"], r["language"]) for r in rows] == [("Ana", "fr"), ("Bo", "")]
    data = json.loads(minutes_json(minutes, fold(welcome.meeting), NEW_YORK))
    assert [t["language"] for t in data["items"][1]["turns"]] == ["fr", ""]
