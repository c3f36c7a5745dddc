"""Creating meetings at `/`: CSRF tokens, the per-address rate, the total cap, organizers only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.forms import form_token
from tests.servers import FloorServer

AGENDA = "slug: {slug}\ntitle: Call {slug}\nitems: [{{title: Hi, start: 2pm, duration: 5}}]\n"


@contextmanager
def serving(tmp_path: Path, **env: str) -> Iterator[httpx.Client]:
    server = FloorServer(tmp_path / "data", env=env).start()
    try:
        with httpx.Client(base_url=server.base) as client:
            yield client
    finally:
        server.stop()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[httpx.Client]:
    with serving(tmp_path, FLOOR_CREATE_PER_ADDRESS="3") as client:
        yield client


def create(client: httpx.Client, slug: str, **extra: str) -> tuple[int, str]:
    token = form_token(client.get("/").text)
    data = {"csrftoken": token, "agenda": AGENDA.format(slug=slug), **extra}
    answer = client.post("/", data=data)
    return answer.status_code, answer.text


def test_a_post_without_the_form_token_is_refused_in_plain_words(site: httpx.Client) -> None:
    answer = site.post("/", data={"agenda": AGENDA.format(slug="forged")})
    assert answer.status_code == 403
    assert "without this site's security token" in answer.text
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    site.get("/")  # now with a cookie, but a token from elsewhere
    forged = site.post("/", data={"csrftoken": "made-up", "agenda": AGENDA.format(slug="forged")})
    assert forged.status_code == 403
    assert create(site, "genuine")[0] == 303  # created: on to the meeting card
    assert site.get("/m/forged").status_code == 404


def test_creation_beyond_the_rate_is_refused_and_the_agenda_kept(site: httpx.Client) -> None:
    assert [create(site, f"call-{n}")[0] for n in range(3)] == [303, 303, 303]
    status, page = create(site, "call-3")
    assert status == 429
    assert "Too many meetings created from your address" in page
    assert "slug: call-3" in page  # the pasted agenda is still in the form
    assert site.get("/m/call-3").status_code == 404


def test_the_total_cap_holds(tmp_path: Path) -> None:
    with serving(tmp_path, FLOOR_MAX_MEETINGS="3") as client:  # the reference meeting and 2
        assert [create(client, f"call-{n}")[0] for n in range(3)] == [303, 303, 503]
        assert "as many meetings as it may" in create(client, "call-9")[1]


def test_organizers_only_mode_needs_the_key(tmp_path: Path) -> None:
    with serving(tmp_path, FLOOR_CREATE_KEY="organizers-2017") as client:
        assert 'name="create_key"' in client.get("/").text
        status, page = create(client, "open-call")
        assert status == 403 and "organizers’ key" in page
        status, page = create(client, "open-call", create_key="guess")
        assert status == 403
        assert create(client, "open-call", create_key="organizers-2017")[0] == 303


def test_an_oversized_body_is_refused_before_it_is_read(site: httpx.Client) -> None:
    token = form_token(site.get("/").text)
    answer = site.post("/", data={"csrftoken": token, "agenda": "x" * (2 * 1024 * 1024)})
    assert answer.status_code == 413
    assert "An agenda file may be at most 256 KiB" in answer.text


def test_serve_prints_the_links_of_one_meeting_not_of_every_meeting(tmp_path: Path) -> None:
    server = FloorServer(tmp_path / "data").start()
    try:
        with httpx.Client(base_url=server.base) as client:
            assert create(client, "someone-elses")[0] == 303  # to the meeting card
        server.stop()
        server.output.clear()
        server.start()
        printed = "".join(server.output)
        assert "/m/iom-gcm-2017/chair?key=" in printed  # the reference meeting's
        assert "someone-elses" not in printed  # not the chair link of a stranger's meeting
        assert "1 other meeting(s)" in printed
        server.stop()
        server.output.clear()
        server.start("--meeting", "someone-elses")
        assert "/m/someone-elses/chair?key=" in "".join(server.output)
    finally:
        server.stop()
