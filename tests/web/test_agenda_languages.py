"""The agenda in each reader's language on a real server: pages, live regions, the
builder's fields and problems, the minutes' downloads; times in the meeting's zone."""

from __future__ import annotations

import html
import re

import httpx

from tests.forms import form_token
from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients

STAGE = r'id="stage"[^>]*>\s*<h1 class="stage-item">{}</h1>'


async def test_each_page_shows_the_agenda_in_its_readers_language(
    floor_server: FloorServer,
) -> None:
    async with httpx.AsyncClient(base_url=floor_server.base) as http:
        french = (await http.get(f"/m/{SLUG}?lang=fr")).text
        assert "<h1>Réunion informelle de la société civile" in french
        assert '<span class="plan-title">Allocution de bienvenue</span>' in french
        english = (await http.get(f"/m/{SLUG}/screen")).text
        assert '<span class="plan-title">Welcome</span>' in english
        assert "Allocution" not in english
        # The reference agenda is written in all six languages (the fallback to the first
        # for a text not given: tests/domain/test_agenda_languages.py).
        arabic = (await http.get(f"/m/{SLUG}?lang=ar")).text
        assert '<span class="plan-title">كلمة ترحيب</span>' in arabic
        chinese = (await http.get(f"/m/{SLUG}?lang=zh")).text
        assert "<h1>关于全球移民契约的民间社会非正式会议" in chinese
        both = (await http.get(f"/m/{SLUG}/screen?lang=fr&also=en")).text
        assert '<span class="plan-title">Allocution de bienvenue / Welcome</span>' in both
        key = floor_server.chair_key
        card = (await http.get(f"/m/{SLUG}/card?key={key}&lang=es")).text
        assert "<h1>Reunión informal de la sociedad civil" in card
        minutes = (await http.get(f"/m/{SLUG}/minutes?key={key}&lang=fr")).text
        assert "<bdi>Allocution de bienvenue</bdi>" in minutes
        chair = (await http.get(f"/m/{SLUG}/chair?key={key}&lang=es")).text
        assert '<bdi class="item-title">Palabras de bienvenida</bdi>' in chair
        # The item dialog edits every language's own text, whatever the chair reads.
        assert "&#34;title&#34;:&#34;Welcome&#34;" in chair
        assert 'name="translations.fr.title"' in chair


async def test_live_regions_are_rendered_in_each_pages_language(clients: Clients) -> None:
    french = await clients.connect("?lang=fr", additional_headers={"Cookie": "floor_token=f1"})
    screen = await clients.connect("?role=screen&lang=en")
    both = await clients.connect("?role=screen&lang=fr%2Ben")
    chair = await clients.chair()
    await chair.send(type="start_meeting")
    await chair.send(type="next_item")
    await french.wait_for(r"<h2>Allocution de bienvenue</h2>")
    await screen.wait_for(STAGE.format("Welcome"))
    await both.wait_for(STAGE.format("Allocution de bienvenue / Welcome"))


async def test_live_pages_write_times_in_the_meetings_zone(floor_server: FloorServer) -> None:
    async with httpx.AsyncClient(base_url=floor_server.base) as http:
        chair = f"/m/{SLUG}/chair?key={floor_server.chair_key}"
        for path in (f"/m/{SLUG}", f"/m/{SLUG}/screen", chair):
            page = (await http.get(path)).text
            assert re.search(r'<body [^>]*data-zone="America/New_York"', page), path
        # The minutes too, in New York time whatever the server's zone.
        minutes = (await http.get(f"/m/{SLUG}/minutes?key={floor_server.chair_key}")).text
        assert re.search(r"E[SD]T \(UTC-0[45]:00\)", minutes)


async def test_the_builder_gives_each_language_its_fields_and_its_problems_in_french(
    floor_server: FloorServer,
) -> None:
    async with httpx.AsyncClient(base_url=floor_server.base) as http:
        token = form_token((await http.get("/?lang=fr")).text)
        form = {
            "csrftoken": token, "item_count": "1", "title": "Consultation", "start": "2pm",
            "languages": "en, fr", "items-0-title": "Welcome", "items-0-duration": "dix",
        }
        shown = await http.post("/?lang=fr", data={**form, "op": "languages"})
        assert 'name="title.fr"' in shown.text and 'name="items-0-title.fr"' in shown.text
        assert 'name="items-0-questions.fr"' in shown.text
        refused = await http.post("/?lang=fr", data={
            **form, "op": "create", "items-0-title.fr": "Bienvenue", "title.fr": "x" * 201,
        })
        page = html.unescape(refused.text)
        # Each problem beside its field, in French; what was typed is kept.
        assert "« dix » n'est pas une durée comprise entre 1 minute et 24 heures" in page
        assert "ce texte est trop long : 200 caractères au plus." in page
        assert 'value="Bienvenue"' in page
        created = await http.post("/?lang=fr", data={
            **form, "op": "create", "items-0-duration": "10", "items-0-title.fr": "Bienvenue",
            "title.fr": "Consultation régionale", "slug": "consultation-fr",
        })
        assert created.status_code == 303, created.text
        card = await http.get(created.headers["location"] + "&lang=fr")
        assert "<h1>Consultation régionale</h1>" in card.text


async def test_the_minutes_download_in_french_has_no_english_headings(
    floor_server: FloorServer,
) -> None:
    key = floor_server.chair_key
    async with httpx.AsyncClient(base_url=floor_server.base) as http:
        french = (await http.get(f"/m/{SLUG}/minutes.md?key={key}&lang=fr")).text
        assert french.startswith("# Compte rendu : Réunion informelle de la société civile")
        headings = [line for line in french.splitlines() if line.startswith("#")]
        assert "## Ordre du jour : prévu et réel" in headings
        assert not [h for h in headings if re.search(r"\b(Agenda|Minutes|Who|Next)\b", h)]
        english = (await http.get(f"/m/{SLUG}/minutes.md?key={key}",
                                  headers={"Accept-Language": "en"})).text
        assert english.startswith("# Minutes: Civil Society Informal Meeting")
        csv_text = (await http.get(f"/m/{SLUG}/minutes.csv?key={key}&lang=fr")).text
        assert csv_text.startswith("turn,item_number,item,speaker,")
