"""The minutes page and the downloads on a real `floor serve`: chair only."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx
import icalendar
import pytest
import yaml

from floor.domain.agenda import meeting_from_data
from tests.forms import post_form_sync
from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients
from tests.wsclient import Client


async def command(client: Client, **fields: Any) -> None:
    """Send one command and wait until the server has accepted it."""
    client.received.clear()
    await client.send(**fields)
    answer = await client.wait_for(r'id="notice"')
    assert "data-code" not in answer, (fields, answer)


async def a_short_meeting(clients: Clients) -> Client:
    """Welcome: Ana (remote, Asia) speaks, in French; a note and an action item are recorded."""
    chair = await clients.chair()
    ana = await clients.participant("ana-token")
    await command(chair, type="start_meeting")
    await command(chair, type="next_item")
    await command(
        ana, type="register", name="Ana Souza", organization="Migrant Forum in Asia",
        region="Asia", attendance="remote", language="fr",
    )
    await command(ana, type="raise_hand")
    await command(chair, type="call_next")
    await command(chair, type="finish_turn")
    await command(chair, type="add_note", text="The DG opened the meeting.\nThanks to all.")
    await command(
        chair, type="add_action", what="Circulate the concept notes", who="Colin Rajah",
        due="1 May 2017",
    )
    return chair


def get(server: FloorServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server.base}/m/{SLUG}/{path}", params=params)


AGENDA = Path(__file__).resolve().parents[2] / "examples" / "iom-gcm-2017.yaml"
PATHS = ["minutes", "minutes.md", "minutes.csv", "minutes.json", "agenda.yaml", "agenda.ics"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("key", [None, "", "not-the-key"], ids=["none", "empty", "wrong"])
def test_the_minutes_and_downloads_need_the_chair_key(
    floor_server: FloorServer, path: str, key: str | None
) -> None:
    params = {} if key is None else {"key": key}
    response = get(floor_server, path, **params)
    assert response.status_code == 403
    assert "This page needs the chair link" in response.text
    assert "Civil Society" not in response.text


def test_an_unknown_meeting_has_no_minutes(floor_server: FloorServer) -> None:
    response = httpx.get(f"{floor_server.base}/m/nope/minutes", params={"key": "x"})
    assert response.status_code == 404


def test_an_unknown_format_is_not_found(floor_server: FloorServer) -> None:
    response = get(floor_server, "minutes.pdf", key=floor_server.chair_key)
    assert response.status_code == 404


def test_before_the_meeting_the_minutes_show_the_plan(floor_server: FloorServer) -> None:
    response = get(floor_server, "minutes", key=floor_server.chair_key)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
    text = response.text
    assert "Not started" in text
    assert "Next Steps and Timeline" in text
    assert text.count("not taken up") >= 7
    assert "No action items were recorded." in text


async def test_the_minutes_page_shows_the_meeting_as_it_ran(clients: Clients) -> None:
    await a_short_meeting(clients)
    server = clients.server
    response = get(server, "minutes", key=server.chair_key, tz="America/New_York")
    assert response.status_code == 200
    text = response.text
    assert "In progress" in text
    assert "Times are in E" in text  # EST or EDT, whichever the server's date is in
    assert "Ana Souza" in text and "Migrant Forum in Asia" in text
    assert '<td class="spoken-language" data-language="fr">French</td>' in text
    assert "The DG opened the meeting." in text
    assert "Circulate the concept notes" in text and "by <bdi>1 May 2017</bdi>" in text
    assert text.count('<svg class="chart"') == 4
    assert 'aria-labelledby="chart-1-t chart-1-d"' in text
    # The download links keep the key and the zone.
    assert f"minutes.csv?key={server.chair_key}&amp;tz=America%2FNew_York" in text


async def test_the_downloads_hold_the_turns_notes_and_actions(clients: Clients) -> None:
    await a_short_meeting(clients)
    server = clients.server
    key = server.chair_key

    turns = get(server, "minutes.csv", key=key, tz="UTC")
    assert turns.status_code == 200
    assert turns.headers["content-type"].startswith("text/csv")
    assert turns.headers["content-disposition"] == f'attachment; filename="{SLUG}-turns.csv"'
    [row] = list(csv.DictReader(io.StringIO(turns.text)))
    assert row["speaker"] == "Ana Souza"
    assert row["attendance"] == "Remote"  # a label, in the reader's language
    assert row["region"] == "Asia"
    assert row["item"] == "Welcome"
    assert row["started"].endswith("+00:00")

    markdown = get(server, "minutes.md", key=key)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "| 1 | Ana Souza | Migrant Forum in Asia | Asia | Remote | Speak |" in markdown.text
    assert "- [ ] Circulate the concept notes — Colin Rajah — by 1 May 2017" in markdown.text

    data = get(server, "minutes.json", key=key).json()
    assert data["statistics"]["turns"] == 1
    welcome = data["items"][1]
    assert welcome["turns"][0]["speaker"] == "Ana Souza"
    assert welcome["notes"][0]["text"] == "The DG opened the meeting.\nThanks to all."
    assert data["actions"] == [
        {"what": "Circulate the concept notes", "who": "Colin Rajah", "due": "1 May 2017",
         "item": "Welcome"}
    ]
    remote = {g["group"]: g for g in data["statistics"]["by_side"]}["Remote and phone"]
    assert remote["share_of_turns"] == 1.0 and remote["share_of_hands"] == 1.0


def test_the_agenda_yaml_reads_back_as_the_same_agenda(floor_server: FloorServer) -> None:
    response = get(floor_server, "agenda.yaml", key=floor_server.chair_key)
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith(f'"{SLUG}-agenda.yaml"')
    exported = meeting_from_data(yaml.safe_load(response.text))
    original = yaml.safe_load(AGENDA.read_text(encoding="utf-8"))
    assert exported == meeting_from_data(original)


def test_the_agenda_calendar_has_one_event_per_item(floor_server: FloorServer) -> None:
    response = get(floor_server, "agenda.ics", key=floor_server.chair_key, tz="America/New_York")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events][:2] == ["Entrance and Registration", "Welcome"]
    assert len(events) == 7
    start = events[1].decoded("dtstart")
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2017, 4, 17, 14, 15)
    assert str(start.tzinfo) == "America/New_York"


@pytest.mark.parametrize(
    ("params", "message"),
    [({"tz": "Mars/Olympus"}, "Unknown time zone"), ({"date": "17/04/2017"}, "YYYY-MM-DD")],
    ids=["zone", "date"],
)
def test_a_bad_zone_or_date_is_refused_with_a_reason(
    floor_server: FloorServer, params: dict[str, str], message: str
) -> None:
    response = get(floor_server, "agenda.ics", key=floor_server.chair_key, **params)
    assert response.status_code == 400
    assert message in response.text


async def test_the_chair_page_record_shows_notes_actions_and_live_charts(clients: Clients) -> None:
    chair = await a_short_meeting(clients)
    pushed = await chair.wait_for(r'id="record".*Circulate the concept notes')
    record = pushed[pushed.index('id="record"') :]
    record = record[: record.index('id="people"') if 'id="people"' in record else None]
    assert "The DG opened the meeting." in record
    assert '"type": "remove_note"' in record and '"type": "remove_action"' in record
    assert record.count('<svg class="chart compact"') == 2
    assert "<form" not in record  # forms stay outside the region
    page = httpx.get(clients.server.links["chair"]).text
    assert "Minutes, statistics and downloads" in page
    assert f"/m/{SLUG}/minutes?key={clients.server.chair_key}" in page


CSV_AGENDA = """Time,Title,Presenters,Questions
2:00pm – 2:20pm,Welcome,Colin Rajah,
2:20pm – 3:00pm,Regional consultations,Colin Rajah; Maria,How do we share the load?
"""


def test_a_csv_agenda_creates_a_meeting(floor_server: FloorServer) -> None:
    with httpx.Client() as http:
        response = post_form_sync(
            http, f"{floor_server.base}/", f"{floor_server.base}/",
            {"title": "Regional focal points call", "regions": "Africa, Asia"},
            files={"file": ("agenda.csv", CSV_AGENDA.encode(), "text/csv")},
            follow_redirects=True,
        )
    assert response.status_code == 200, response.text
    assert "/card?key=" in str(response.url)  # the meeting card: reload-safe
    assert "Regional focal points call" in response.text
    [chair] = [line for line in response.text.split('"') if "/chair?key=" in line][:1]
    minutes = httpx.get(chair.replace("/chair?", "/minutes?").replace("&amp;", "&"))
    assert "Regional consultations" in minutes.text
    exported = httpx.get(chair.replace("/chair?", "/agenda.yaml?"))
    data = yaml.safe_load(exported.text)
    assert data["slug"] == "regional-focal-points-call"
    assert data["regions"] == ["Africa", "Asia"]
    assert data["items"][1] == {
        "title": "Regional consultations",
        "start": "2:20pm",
        "duration": 40,
        "presenters": ["Colin Rajah", "Maria"],
        "questions": ["How do we share the load?"],
    }


def test_a_csv_agenda_without_a_title_is_refused_and_the_form_kept(
    floor_server: FloorServer,
) -> None:
    with httpx.Client() as http:
        response = post_form_sync(
            http, f"{floor_server.base}/", f"{floor_server.base}/", {"regions": "Africa"},
            files={"file": ("agenda.csv", CSV_AGENDA.encode(), "text/csv")},
        )
    assert response.status_code == 400
    assert "give the meeting a title" in response.text
    assert 'value="Africa"' in response.text


def test_the_json_download_is_valid_json_before_the_meeting(floor_server: FloorServer) -> None:
    data = json.loads(get(floor_server, "minutes.json", key=floor_server.chair_key).text)
    assert data["status"] == "draft" and data["started"] is None
    assert [i["title"] for i in data["items"]][-1] == "Next Steps and Timeline"


async def test_the_minutes_and_csv_of_a_turn_with_a_pause_show_both_times(
    clients: Clients,
) -> None:
    import asyncio
    from datetime import datetime

    chair = await clients.chair()
    ana = await clients.participant("ana-pause-token")
    await command(chair, type="start_meeting")
    await command(chair, type="next_item")
    await command(ana, type="register", name="Ana Souza", organization="Migrant Forum in Asia")
    await command(ana, type="raise_hand", topic="Regional calendar")
    await command(chair, type="call_next")
    await asyncio.sleep(1.2)
    await command(chair, type="timer", timer="speaker", action="pause")
    await asyncio.sleep(2.5)
    await command(chair, type="finish_turn")
    server = clients.server

    [row] = list(csv.DictReader(io.StringIO(get(server, "minutes.csv", key=server.chair_key,
                                                tz="UTC").text)))
    speaking, paused = int(row["duration_seconds"]), int(row["paused_seconds"])
    span = (datetime.fromisoformat(row["ended"]) - datetime.fromisoformat(row["started"]))
    assert 1 <= speaking < paused, row  # about 1 s spoken, 2.5 s paused
    assert abs(speaking + paused - span.total_seconds()) <= 1, row
    assert row["topic"] == "Regional calendar"

    page = get(server, "minutes", key=server.chair_key, tz="UTC").text
    assert "Paused" in page and f"0:{paused:02d} paused" in page
    assert "Regional calendar" in page
