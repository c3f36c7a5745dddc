"""What operators get: compressed pages, static files cached by version, metrics on a token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients

TOKEN = "metrics-secret-for-the-test"


@pytest.fixture
def metered(tmp_path: Path) -> Iterator[FloorServer]:
    server = FloorServer(tmp_path / "data", env={"FLOOR_METRICS_TOKEN": TOKEN}).start()
    try:
        yield server
    finally:
        server.stop()


def test_pages_are_compressed_and_link_versioned_static_files(floor_server: FloorServer) -> None:
    with httpx.Client() as http:
        for url in floor_server.links.values():
            page = http.get(url, headers={"Accept-Encoding": "gzip"})
            assert page.headers["content-encoding"] == "gzip"
            assert int(page.headers["content-length"]) < len(page.content) / 2
            links = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
            assert links and all(re.match(r"/static/[0-9a-f]{12}/", link) for link in links)
            for link in links:
                static = http.get(floor_server.base + link)
                assert static.status_code == 200, link
                assert static.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_unversioned_static_urls_still_answer_but_are_revalidated(
    floor_server: FloorServer,
) -> None:
    static = httpx.get(f"{floor_server.base}/static/floor.css")
    assert static.status_code == 200 and static.headers["cache-control"] == "no-cache"


def test_metrics_are_off_without_a_token(floor_server: FloorServer) -> None:
    assert httpx.get(f"{floor_server.base}/metrics").status_code == 404


async def test_metrics_count_pages_commands_fanout_and_writes(metered: FloorServer) -> None:
    assert httpx.get(f"{metered.base}/metrics").status_code == 401
    wrong = httpx.get(f"{metered.base}/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    clients = Clients(metered)
    try:
        chair = await clients.chair()
        await clients.screen()
        await chair.wait_for(r'id="status"')
        await chair.send(type="start_meeting")
        await chair.wait_for(r"data-code=|id=\"status\"")
        await chair.send(type="start_meeting")  # refused: it has started
        await chair.wait_for(r'data-code="already_started"')
        await chair.send(type="no such command")
        await chair.wait_for(r'data-code="invalid"')
        text = httpx.get(f"{metered.base}/metrics",
                         headers={"Authorization": f"Bearer {TOKEN}"}).text
    finally:
        await clients.close()
    assert 'floor_open_pages{role="chair"} 1.0' in text
    assert 'floor_open_pages{role="screen"} 1.0' in text
    assert 'floor_commands_total{outcome="applied",type="start_meeting"} 1.0' in text
    assert 'floor_commands_total{outcome="refused",type="start_meeting"} 1.0' in text
    assert 'floor_commands_total{outcome="invalid",type="invalid"} 1.0' in text
    fanouts = re.search(r"^floor_fanout_seconds_count (\S+)$", text, re.M)
    writes = re.search(r"^floor_store_write_seconds_count (\S+)$", text, re.M)
    assert fanouts and float(fanouts[1]) >= 1
    assert writes and float(writes[1]) == 1  # the applied command (a refusal writes nothing)
    assert "floor_redis_reconnects_total 0.0" in text
    assert SLUG not in text  # no meeting names


def test_the_screens_qr_code_is_kept_for_good_under_a_url_naming_what_it_encodes(
    floor_server: FloorServer,
) -> None:
    screen = httpx.get(floor_server.links["screen"]).text
    src = re.search(r'<img src="(/m/[^"]+/qr\.svg\?v=[0-9a-f]{12})"', screen)
    assert src, "the screen shows no versioned QR code"
    kept = httpx.get(floor_server.base + src[1].replace("&amp;", "&"))
    assert kept.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = httpx.get(f"{floor_server.base}/m/{SLUG}/qr.svg?v=000000000000")
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
