"""Headers follow the route, not words in the path: a slug may say "minutes" or "chair"."""

from __future__ import annotations

import re

import httpx

from tests.forms import post_form_sync
from tests.servers import FloorServer

AGENDA = """slug: chair-minutes
title: The chair's minutes
items:
  - {title: Welcome, start: "2pm", duration: 5}
"""


def test_a_screen_whose_slug_says_minutes_and_chair_can_be_framed(
    floor_server: FloorServer,
) -> None:
    with httpx.Client(base_url=floor_server.base) as http:
        created = post_form_sync(http, "/", "/", {"agenda": AGENDA}, follow_redirects=True)
        assert created.status_code == 200
        key = re.search(r"/m/chair-minutes/chair\?key=([\w-]+)", created.text)
        assert key, created.text
        screen = http.get("/m/chair-minutes/screen")
        join = http.get("/m/chair-minutes")
        chair = http.get("/m/chair-minutes/chair", params={"key": key[1]})
        minutes = http.get("/m/chair-minutes/minutes", params={"key": key[1]})
        download = http.get("/m/chair-minutes/minutes.csv", params={"key": key[1]})
    for public in (screen, join):
        assert public.status_code == 200
        assert "x-frame-options" not in public.headers
        assert "frame-ancestors" not in public.headers["content-security-policy"]
        assert "no-store" not in public.headers.get("cache-control", "")
    for private in (chair, minutes, download):
        assert private.status_code == 200
        assert private.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in private.headers["content-security-policy"]
        assert private.headers["cache-control"] == "no-store"
        assert private.headers["referrer-policy"] == "no-referrer"


def test_a_missing_key_gets_the_forbidden_page_and_an_unknown_meeting_a_404(
    floor_server: FloorServer,
) -> None:
    with httpx.Client(base_url=floor_server.base) as http:
        forbidden = http.get("/m/iom-gcm-2017/chair", params={"key": "wrong"})
        minutes = http.get("/m/iom-gcm-2017/minutes")
        missing = http.get("/m/no-such-meeting/screen")
        bad_zone = http.get("/m/iom-gcm-2017/minutes.csv",
                            params={"key": floor_server.chair_key, "tz": "Mars/Olympus"})
    assert forbidden.status_code == minutes.status_code == 403
    assert "needs the chair link" in forbidden.text and "needs the chair link" in minutes.text
    assert missing.status_code == 404 and "There is no such meeting." in missing.text
    assert "content-security-policy" in missing.headers
    assert bad_zone.status_code == 400 and "Unknown time zone" in bad_zone.text
    assert "content-security-policy" in bad_zone.headers
