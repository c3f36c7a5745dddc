"""Each person's own language: negotiated per page, remembered per browser, kept on the socket."""

from __future__ import annotations

import httpx

from tests.servers import SLUG, FloorServer
from tests.web.conftest import Clients


async def test_a_page_follows_the_browser_then_the_switcher(floor_server: FloorServer) -> None:
    async with httpx.AsyncClient(base_url=floor_server.base) as http:
        browser = {"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"}
        page = await http.get(f"/m/{SLUG}", headers=browser)
        assert '<html lang="fr" dir="ltr">' in page.text
        assert page.headers["content-language"] == "fr"
        assert "lang=fr" in page.text  # the page's socket asks for French renders

        chosen = await http.get(f"/m/{SLUG}?lang=ar", headers={"Accept-Language": "fr"})
        assert '<html lang="ar" dir="rtl">' in chosen.text
        assert chosen.cookies.get("floor_lang") == "ar"
        # The switcher's choice is remembered by this browser, over its languages.
        again = await http.get(f"/m/{SLUG}", headers={"Accept-Language": "fr"})
        assert '<html lang="ar" dir="rtl">' in again.text
        # The switcher lists the six languages, each in its own name.
        for name in ("English", "Français", "Español", "العربية", "中文", "Русский"):
            assert name in again.text


async def test_a_screen_takes_its_language_from_its_link_only(floor_server: FloorServer) -> None:
    async with httpx.AsyncClient(base_url=floor_server.base) as http:
        plain = await http.get(f"/m/{SLUG}/screen", headers={"Accept-Language": "ru"})
        assert '<html lang="en"' in plain.text
        french = await http.get(f"/m/{SLUG}/screen?lang=fr")
        assert '<html lang="fr"' in french.text
        assert "floor_lang" not in french.cookies


async def test_a_refusal_comes_back_in_the_pages_language(clients: Clients) -> None:
    french = await clients.connect("?lang=fr", additional_headers={"Cookie": "floor_token=t1"})
    english = await clients.connect("?lang=en", additional_headers={"Cookie": "floor_token=t2"})
    for page in (french, english):
        await page.send(type="raise_hand", kind="speak")
    assert "Inscrivez-vous avec votre nom" in await french.wait_for(r'data-code="not_registered"')
    assert "Register with your name" in await english.wait_for(r'data-code="not_registered"')
