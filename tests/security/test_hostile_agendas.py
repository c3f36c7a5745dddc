"""Hostile agenda uploads: refused fast, in plain words, with the server unharmed."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from floor.domain.agenda import meeting_from_data
from floor.domain.errors import DomainError
from floor.record.agenda_yaml import load_agenda_yaml
from tests.forms import form_token
from tests.servers import FloorServer


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The classic "billion laughs": each level repeats the one before `width` times."""
    lines = ['a0: &a0 ["lol lol lol lol lol lol lol lol lol lol lol lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"slug: bomb\ntitle: Bomb\nitems: [{{title: x, start: '2pm', duration: 5, "
                 f"questions: *a{levels}}}]")
    return "\n".join(lines) + "\n"


def test_aliases_are_refused_before_they_expand() -> None:
    start = time.perf_counter()
    with pytest.raises(DomainError) as refused:
        load_agenda_yaml(alias_bomb())
    assert time.perf_counter() - start < 0.1
    assert refused.value.code == "invalid_agenda"
    assert "anchors or aliases" in refused.value.message
    assert "line 1" in refused.value.message


def test_an_anchor_alone_is_refused_too() -> None:
    with pytest.raises(DomainError, match="anchors or aliases"):
        load_agenda_yaml("slug: x\ntitle: &t Welcome\n")


@pytest.mark.parametrize("text", ["title: !!python/object:os.system x\n", "a: !custom 3\n",
                                  "items: !!seq []\n"])
def test_explicit_tags_are_refused(text: str) -> None:
    with pytest.raises(DomainError, match="tag"):
        load_agenda_yaml(text)


def test_deep_nesting_is_refused_in_plain_words() -> None:
    with pytest.raises(DomainError, match="nested too deeply"):
        load_agenda_yaml("a: " + "[" * 5000 + "]" * 5000)


def test_plain_agendas_still_load() -> None:
    data = load_agenda_yaml("slug: ok\ntitle: Fine\nitems:\n  - {title: A, start: '2pm', "
                            "duration: 5}\n")
    assert meeting_from_data(data).items[0].title == "A"


def test_long_strings_and_lists_are_capped() -> None:
    item = {"title": "A", "start": "2pm", "duration": 5}
    with pytest.raises(DomainError):
        meeting_from_data({"slug": "ok", "title": "T", "items": [{**item, "title": "x" * 201}]})
    with pytest.raises(DomainError):
        meeting_from_data({"slug": "ok", "title": "T",
                           "items": [{**item, "questions": ["q"] * 21}]})
    with pytest.raises(DomainError):
        meeting_from_data({"slug": "ok", "title": "T",
                           "items": [{**item, "questions": ["q" * 501]}]})


def test_a_meeting_too_large_once_built_is_refused() -> None:
    point = {"text": "p" * 500, "points": ["x" * 500] * 20}
    item = {"title": "A", "start": "2pm", "duration": 5, "sub_points": [point] * 30}
    with pytest.raises(DomainError) as refused:
        meeting_from_data({"slug": "ok", "title": "T", "items": [item] * 3})
    assert refused.value.code == "too_large"


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_the_server_answers_an_alias_bomb_with_400_and_keeps_its_memory(
    floor_server: FloorServer,
) -> None:
    assert floor_server.process is not None
    pid = floor_server.process.pid
    with httpx.Client(base_url=floor_server.base) as http:
        token = form_token(http.get("/").text)  # and the page is warm before measuring
        before = _rss_kib(pid)
        start = time.perf_counter()
        answer = http.post("/", data={"csrftoken": token, "agenda": alias_bomb(levels=12)})
        elapsed = time.perf_counter() - start
        after = _rss_kib(pid)
        assert answer.status_code == 400
        assert "anchors or aliases" in answer.text
        assert elapsed < 0.1
        assert after - before < 10 * 1024  # KiB: nothing expanded
        assert http.get("/healthz").status_code == 200
