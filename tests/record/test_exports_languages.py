"""The record in the reader's language and the meeting's time zone."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from zoneinfo import ZoneInfo

import msgspec
import pytest

from floor.domain import commands as c
from floor.domain import wording
from floor.domain.meeting import apply
from floor.domain.model import Attendance, Meeting
from floor.record.exports import CSV_COLUMNS, minutes_markdown, turns_csv
from floor.record.files import render
from floor.record.minutes import build
from floor.record.stats import fold
from tests.record.conftest import MINUTE, SECOND, T0, Driver

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def spoken(welcome: Driver) -> Driver:
    """On "Welcome" Ana (remote, Asia) speaks 95 s; a note and an action item."""
    at = T0 + 18 * MINUTE
    welcome.join("ana", at, region="Asia", organization="Forum", attendance=Attendance.REMOTE)
    welcome.hand("ana", at).turn(at + SECOND, 95)
    welcome.chair(c.AddNote(text="Agreed."), at + 3 * MINUTE)
    welcome.chair(c.AddAction(what="Write up", who="Colin", due="May"), at + 3 * MINUTE)
    welcome.chair(c.EndMeeting(), at + 5 * MINUTE)
    return welcome


ENGLISH_HEADINGS = (
    "Minutes", "Agenda: planned and actual", "Next steps", "Who got the floor", "By region",
    "Speaker", "Organization", "Attendance", "Speaking", "Planned", "Started", "Notes",
    "Action items", "Share of turns", "not taken up", "Remote", "In the room", "Speak",
)


def test_french_minutes_in_markdown_have_no_english_headings_or_labels(spoken: Driver) -> None:
    meeting = wording.localized(spoken.meeting, "fr")
    text = minutes_markdown(build(meeting, now=T0 + 30 * MINUTE), fold(meeting), TOKYO, "fr")
    assert text.startswith("# Compte rendu : Réunion informelle de la société civile")
    headings = [line for line in text.splitlines() if line.startswith(("#", "|", "Prévu"))]
    chrome = "\n".join(headings)
    left = [w for w in ENGLISH_HEADINGS if re.search(rf"\b{re.escape(w)}\b", chrome)]
    assert not left, f"English left in the French minutes: {left}\n{chrome}"
    assert "## 2. Allocution de bienvenue" in text  # the agenda's own French text
    assert "À distance" in text  # attendance, as a label in French
    # Times of day as French writes them, in the meeting's zone ("Welcome" began at 18:17
    # UTC: 3:17 in the morning in Tokyo).
    assert "| 03:17 (2 min de retard) |" in text


def test_csv_keeps_english_column_names_and_writes_labels_in_the_language(
    spoken: Driver,
) -> None:
    minutes = build(wording.localized(spoken.meeting, "es"), now=T0 + 30 * MINUTE)
    rows = list(csv.reader(io.StringIO(turns_csv(minutes, TOKYO, "es"))))
    assert tuple(rows[0]) == CSV_COLUMNS  # for programs: the same in every language
    row = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert row["item"] == "Palabras de bienvenida"
    labels = (row["attendance"], row["kind"], row["first_time"])
    assert labels == ("A distancia", "Intervenir", "sí")
    assert row["started"] == "2017-04-18T03:18:01+09:00"


def in_zone(meeting: Meeting, zone: str) -> Meeting:
    return msgspec.structs.replace(meeting, timezone=zone)


def test_the_minutes_files_are_in_the_meetings_zone_not_the_servers(
    spoken: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server runs in New York; the meeting is in Tokyo.
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        meeting = in_zone(spoken.meeting, "Asia/Tokyo")
        now = T0 + 30 * MINUTE
        markdown = render(meeting, "md", tz=None, now=now).decode()
        assert "3:17\u202fAM" in markdown and "2:17" not in markdown  # 18:17 UTC, in Tokyo
        assert "times in JST (UTC+09:00)" in markdown
        data = json.loads(render(meeting, "json", tz=None, now=now))
        assert data["items"][1]["turns"][0]["started"] == "2017-04-18T03:18:01+09:00"
        rows = list(csv.reader(io.StringIO(render(meeting, "csv", tz=None, now=now).decode())))
        assert rows[1][CSV_COLUMNS.index("started")] == "2017-04-18T03:18:01+09:00"
        # A zone asked for still wins.
        asked = render(meeting, "json", tz=ZoneInfo("UTC"), now=now)
        assert json.loads(asked)["items"][1]["turns"][0]["started"] == "2017-04-17T18:18:01+00:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_the_json_keeps_identifiers_and_translates_its_labels(spoken: Driver) -> None:
    data = json.loads(render(spoken.meeting, "json", tz=TOKYO, now=T0 + 30 * MINUTE, lang="fr"))
    turn = data["items"][1]["turns"][0]
    assert (turn["kind"], turn["attendance"]) == ("speak", "remote")  # identifiers
    groups = {g["group"] for g in data["statistics"]["by_side"]}
    assert groups == {"Dans la salle", "À distance et par téléphone"}


def test_the_markdown_minutes_say_each_turns_language_in_the_readers(welcome: Driver) -> None:
    at = T0 + 18 * MINUTE
    actor = c.Actor(c.Role.PARTICIPANT, "ana")
    welcome.meeting, _ = apply(welcome.meeting, c.Register(name="Ana", language="ar"), actor, at)
    welcome.hand("ana", at).turn(at + SECOND, 60)
    welcome.join("bo", at).hand("bo", at + 2 * MINUTE).turn(at + 2 * MINUTE, 30)  # unsaid
    minutes = build(welcome.meeting, now=T0 + 30 * MINUTE)

    def rows(lang: str) -> list[list[str]]:
        text = minutes_markdown(minutes, fold(welcome.meeting), TOKYO, lang)
        table = text.split("## 2. ")[1].split("\n\n")[2].splitlines()
        return [[cell.strip() for cell in row.strip("|").split("|")] for row in table]

    english = rows("en")
    column = english[0].index("Language")
    assert [row[column] for row in english[2:]] == ["Arabic", "–"]
    french = rows("fr")
    assert french[0][column] == "Langue"
    assert [row[column] for row in french[2:]] == ["arabe", "–"]
    assert [row[column] for row in rows("zh")[2:]] == ["阿拉伯语", "–"]
