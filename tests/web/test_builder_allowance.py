"""The builder at `/` under a script looping on it, and for a person clicking its buttons.

In process (the app through httpx's ASGI transport), so that each request can
come from an address of the test's choosing and the allowance's clock is the
test's own.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from floor.store.allowance import LocalAllowance
from floor.store.embedded import EmbeddedStore
from floor.web.app import create_app
from floor.web.creation import BuilderAllowance
from floor.web.state import AppState
from tests.forms import form_token


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Starlette]:
    app = create_app(lambda: EmbeddedStore(tmp_path / "data"))
    async with app.router.lifespan_context(app):
        yield app


def state(app: Starlette) -> AppState:
    found: AppState = app.state.floor
    return found


def browser(app: Starlette, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://floor.example")


async def test_an_address_over_the_allowance_is_refused_in_plain_words_and_others_are_not(
    app: Starlette,
) -> None:
    clock = Clock()
    state(app).builder = BuilderAllowance(burst=5, buckets=LocalAllowance(clock=clock))
    renders = 0
    renderer = state(app).renderer
    template = renderer.template

    def counted(name: str, **kw: object) -> str:
        nonlocal renders
        renders += 1
        return template(name, **kw)  # type: ignore[arg-type]

    renderer.template = counted  # type: ignore[method-assign]
    async with browser(app, "203.0.113.7") as script, browser(app, "198.51.100.2") as person:
        token = form_token((await script.get("/")).text)
        for _ in range(4):
            assert (await script.post("/", data={"csrftoken": token, "op": "add",
                                                 "item_count": "1"})).status_code == 200
        answers = [await script.post("/", data={"csrftoken": token, "agenda": "title: X"})
                   for _ in range(50)]
        answers += [await script.get("/", headers={"Accept-Language": "fr"}) for _ in range(50)]
        refused = answers[0]
        assert {a.status_code for a in answers} == {429}
        assert "Too many requests from your address" in refused.text
        assert "Nothing was changed" in refused.text
        assert int(refused.headers["retry-after"]) >= 1
        assert "script-src 'self'" in refused.headers["content-security-policy"]
        assert refused.headers["x-content-type-options"] == "nosniff"
        assert len(refused.content) < 1024  # a small page, not the builder
        assert "Trop de requêtes" in answers[-1].text  # in the page's language
        assert answers[-1].headers["content-language"] == "fr"
        # Refusing costs no render: one page per language, then the same text.
        before = renders
        started = time.perf_counter()
        for _ in range(100):
            assert (await script.get("/")).status_code == 429
        assert renders == before
        assert time.perf_counter() - started < 2.0
        # Another address builds its agenda meanwhile.
        page = await person.get("/")
        assert page.status_code == 200 and 'name="item_count"' in page.text
        # And the script's address, a few seconds later, may again.
        clock.now += 2
        assert (await script.get("/")).status_code == 200


async def test_an_organizer_clicking_at_human_speed_never_sees_the_refusal(
    app: Starlette,
) -> None:
    clock = Clock()
    state(app).builder = BuilderAllowance.from_env()  # the default: as `floor serve` runs
    state(app).builder.buckets = LocalAllowance(clock=clock)
    async with browser(app, "192.0.2.10") as organizer:
        page = await organizer.get("/")
        token = form_token(page.text)
        form = {"csrftoken": token, "title": "Regional consultation", "start": "2:00pm",
                "item_count": "1",
                "items-0-title": "Welcome", "items-0-duration": "10"}
        statuses = []
        # Quick at first (a row added and moved twice a second for a minute), then a
        # template, an import, a mistake, and the meeting created.
        for n in range(120):
            clock.now += 0.5
            op = ("add", "down:0", "up:1", "remove:1")[n % 4]
            answer = await organizer.post("/", data={**form, "op": op})
            statuses.append(answer.status_code)
            assert "Welcome" in answer.text  # nothing typed lost
        for op in ("template", "blank", "import"):
            clock.now += 0.3
            answer = await organizer.post("/", data={**form, "op": op, "agenda": "title: Call"})
            statuses.append(answer.status_code)
        clock.now += 0.3
        mistake = await organizer.post("/", data={**form, "items-0-duration": "half an hour",
                                                  "op": "create"})
        statuses.append(mistake.status_code)
        clock.now += 0.3
        created = await organizer.post("/", data={**form, "op": "create"})
        statuses.append(created.status_code)
        assert 429 not in statuses
        assert statuses[-2:] == [400, 303], created.text[-3000:]


async def test_the_allowance_is_set_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOOR_BUILDER_PER_ADDRESS", "2")
    allowance = BuilderAllowance.from_env()
    assert [allowance.wait("192.0.2.1") > 0 for _ in range(3)] == [False, False, True]
    assert allowance.wait("192.0.2.2") == 0.0  # another address, its own allowance
    monkeypatch.delenv("FLOOR_BUILDER_PER_ADDRESS")
    assert (BuilderAllowance.from_env().burst, BuilderAllowance.from_env().rate) == (30, 3.0)


async def test_each_browser_gets_its_own_form_token_and_its_own_meetings(
    app: Starlette,
) -> None:
    async with browser(app, "192.0.2.20") as first, browser(app, "192.0.2.20") as second:
        one, two = await first.get("/"), await second.get("/?lang=es")
        assert form_token(one.text) == first.cookies["floor_csrf"]
        assert form_token(two.text) == second.cookies["floor_csrf"]
        assert form_token(one.text) != form_token(two.text)
        assert 'href="http://floor.example/?lang=fr"' in one.text
        assert 'href="http://floor.example/?lang=fr"' in two.text
        assert "Preparar una reunión" in two.text and two.headers["content-language"] == "es"
        agenda = "title: Call of the network\nitems: [{title: Hi, start: 2pm, duration: 5}]\n"
        made = await first.post("/", data={"csrftoken": form_token(one.text), "agenda": agenda})
        assert made.status_code == 303
        mine = await first.get("/")
        assert "Your meetings" in mine.text and "Call of the network" in mine.text
        assert form_token(mine.text) == form_token(one.text)
        theirs = await second.get("/?lang=es")
        assert "Call of the network" not in theirs.text


async def test_a_file_posted_over_the_creation_limit_comes_back_as_posted_and_escaped(
    app: Starlette,
) -> None:
    state(app).creation.per_address = 1
    agenda = ("title: <script>alert(1)</script> & co floor-slot-token floor-slot-problem\n"
              "items: [{title: Hi, start: 2pm, duration: 5}]\n")
    async with browser(app, "192.0.2.30") as organizer:
        token = form_token((await organizer.get("/")).text)
        assert (await organizer.post("/", data={"csrftoken": token, "agenda": agenda})
                ).status_code == 303
        again = await organizer.post("/", data={"csrftoken": token, "agenda": agenda})
        assert again.status_code == 429
        assert "Too many meetings created from your address" in again.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in again.text
        assert "<script>alert" not in again.text
        assert form_token(again.text) == token
        # As typed, in "your meetings" (the first one's title) and in the import box.
        assert again.text.count("co floor-slot-token floor-slot-problem") == 2
        upload = await organizer.post(
            "/", data={"csrftoken": token},
            files={"file": ("call.yaml", agenda.replace("co", "partners").encode(), "text/yaml")},
        )
        assert upload.status_code == 429
        assert "&amp; partners" in upload.text  # the uploaded file's text, kept to send again
