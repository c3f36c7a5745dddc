"""Exports of a meeting whose participants typed payloads: the files carry text, not code."""

from __future__ import annotations

import csv
import io

import cmarkgfm
import pytest

from floor.domain import commands as c
from floor.domain.meeting import apply
from floor.record.exports import minutes_markdown, turns_csv
from floor.record.minutes import build
from floor.record.stats import fold
from tests.record.conftest import MINUTE, SECOND, T0, Driver

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "+cmd|' /C calc'!A0",
            "-2+3", "@SUM(A1:A9)", "\tTabbed", "\rReturned"]
MARKDOWN = ["[Click here](http://evil.example)", "![pixel](http://evil.example/p.png)",
            "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
            "see http://evil.example", "www.evil.example", "ops@evil.example",
            "<http://evil.example>", "# Resigned", "1. Official notice", "**Bold** `code`"]


def _spoken(welcome: Driver, names: list[str]) -> Driver:
    at = T0 + 18 * MINUTE
    for n, name in enumerate(names):
        pid = f"p{n}"
        actor = c.Actor(c.Role.PARTICIPANT, pid)
        welcome.meeting, _ = apply(
            welcome.meeting, c.Register(name=name[:120], organization=name[:200]), actor, at
        )
        welcome.meeting, _ = apply(welcome.meeting, c.RaiseHand(topic=name[:200]), actor, at)
        welcome.turn(at + SECOND, 30)
        at += MINUTE
    welcome.chair(c.AddNote(text="\n".join(MARKDOWN)), at)
    welcome.chair(c.AddAction(what=MARKDOWN[0], who=MARKDOWN[2], due=MARKDOWN[6]), at)
    return welcome


@pytest.mark.parametrize("payload", FORMULAS)
def test_a_formula_in_a_name_reaches_the_csv_as_text(welcome: Driver, payload: str) -> None:
    minutes = build(_spoken(welcome, [payload]).meeting, now=T0 + 60 * MINUTE)
    [_, row] = list(csv.reader(io.StringIO(turns_csv(minutes, None), newline="")))
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    name = row[3]
    assert name == "'" + payload  # kept whole; a spreadsheet shows it as typed


def test_ordinary_numbers_and_names_are_untouched(welcome: Driver) -> None:
    minutes = build(_spoken(welcome, ["Colin Rajah"]).meeting, now=T0 + 60 * MINUTE)
    [_, row] = list(csv.reader(io.StringIO(turns_csv(minutes, None))))
    assert row[0] == "1" and row[3] == "Colin Rajah"


def test_markdown_payloads_stay_text_in_githubs_own_renderer(welcome: Driver) -> None:
    minutes = build(_spoken(welcome, MARKDOWN).meeting, now=T0 + 60 * MINUTE)
    text = minutes_markdown(minutes, fold(minutes.meeting), None)
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    for tag in ("<a ", "<img", "<script", "<code", "<strong"):
        assert tag not in html, tag
    # Only the minutes' own headings and lists, not ones typed by participants.
    assert "<h1>Resigned" not in html and "<h1># Resigned" not in html
    assert "<ol>" not in html
    # And the payloads are all still there, as text, for the record.
    assert "[Click here](http://evil.example)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
