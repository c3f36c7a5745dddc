"""Agenda files and parameters that broke the readers: each is a refusal in plain words."""

from __future__ import annotations

import pytest

from floor.domain.errors import DomainError
from floor.record.agenda_csv import agenda_from_csv
from floor.record.times import zone


def test_a_csv_cell_over_the_readers_limit_is_refused_in_plain_words() -> None:
    text = 'title,start,duration\n"' + "x" * 140_000 + '",2pm,5\n'
    with pytest.raises(DomainError) as refused:
        agenda_from_csv(text, title="Call")
    assert refused.value.code == "invalid_agenda"
    assert "cannot be read" in refused.value.message


def test_excel_style_doubled_quotes_read_as_one_quote() -> None:
    text = ('title,start,duration,presenters\n'
            '"The ""Global Compact"" on migration",2pm,5,"Colin ""CR"" Rajah; Maria"\n')
    [item] = agenda_from_csv(text, title="Call")["items"]
    assert item["title"] == 'The "Global Compact" on migration'
    assert item["presenters"] == ['Colin "CR" Rajah', "Maria"]


def test_semicolon_separated_files_still_read() -> None:
    [item] = agenda_from_csv("title;start;duration\nWelcome;2pm;5\n", title="Call")["items"]
    assert item["title"] == "Welcome"


@pytest.mark.parametrize("name", ["x" * 5000, "Mars/Olympus", "../../etc/passwd"])
def test_an_unknown_or_absurd_time_zone_is_refused(name: str) -> None:
    with pytest.raises(DomainError) as refused:
        zone(name)
    assert refused.value.code == "unknown_zone"


def test_titles_reach_the_operators_terminal_as_escapes() -> None:
    from floor.cli import printable

    assert printable("Agenda\x1b[2J\x00 \u202eevil") == "Agenda\\x1b[2J\\x00 \\u202eevil"
    assert printable("Réunion — 2017") == "Réunion — 2017"
