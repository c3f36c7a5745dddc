"""Pages in several languages: one render per role and language, never per page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from floor.domain import commands as c
from floor.domain.commands import Role
from floor.store.embedded import EmbeddedStore
from tests.live.test_hub import SLUG, T0, Page, Rooms, until
from tests.live.test_hub import store as store  # noqa: F401 (the fixture)


@pytest.fixture
async def rooms(store: EmbeddedStore) -> AsyncIterator[Rooms]:  # noqa: F811
    opened = Rooms(store)
    try:
        yield opened
    finally:
        await opened.close()


def page(role: Role, lang: str) -> Page:
    opened = Page(role)
    opened.conn.lang = lang
    return opened


async def test_pages_of_one_role_and_language_share_a_render(
    rooms: Rooms, store: EmbeddedStore, tmp_path: Path  # noqa: F811
) -> None:
    room = await rooms.open()
    languages = ("en", "fr", "es", "ar", "zh", "ru")
    pages = [
        rooms.join(room, page(Role.PARTICIPANT, lang)) for lang in languages for _ in range(20)
    ]
    screens = [rooms.join(room, page(Role.SCREEN, lang)) for lang in ("fr", "en")]
    await until(lambda: all(p.messages for p in pages + screens))
    before = room.renders
    assert before == len(languages) + 2  # a first render for each audience, on joining

    await store.apply(SLUG, c.StartMeeting(), c.Actor(Role.CHAIR), T0)
    await until(lambda: all(len(p.messages) >= 2 for p in pages + screens))
    # One render per (role, language): 6 participant languages and 2 screen ones.
    assert room.renders - before == len(languages) + 2
    for lang in languages:
        same = [p.last for p in pages if p.conn.lang == lang]
        assert len(set(same)) == 1, f"the {lang} pages got different renders"
