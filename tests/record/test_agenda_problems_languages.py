"""An agenda file's problems, read in the reader's language with their place."""

from __future__ import annotations

import pytest

from floor import i18n
from floor.domain.agenda_problems import AgendaInvalid
from floor.record.agenda_text import read_agenda


def refused(text: str, filename: str = "") -> AgendaInvalid:
    with pytest.raises(AgendaInvalid) as caught:
        read_agenda(text, filename=filename, fields={"title": "T"})
    return caught.value


def test_a_csv_row_problem_reads_in_french() -> None:
    problem = refused("title,start,duration\nA,2pm,dix\n", "agenda.csv")
    assert problem.problems[0].message.startswith("Row 2: the duration 'dix' is not a duration")
    french = i18n.error_message(problem, "fr")
    assert french == (
        "Ligne 2 : 'dix' n'est pas une durée ; écrivez des minutes comme 15, 15 min ou 1h30."
    )


def test_a_yaml_problem_keeps_its_line_in_every_language() -> None:
    problem = refused("title: T\nitems:\n  - title: A\n    start: 2pm\n    duration: soon\n")
    assert [(p.line, p.item, p.field) for p in problem.problems] == [(5, 1, "duration")]
    assert i18n.error_message(problem, "es").startswith(
        "Línea 5, tema 1, “duration”: «soon» no es una duración"
    )
    assert i18n.error_message(problem, "zh").startswith("第 5 行, 第 1 项, “duration”：“soon”不是")


def test_several_problems_say_how_many_more_in_the_language() -> None:
    problem = refused("title: T\nitems:\n  - {title: A, duration: x}\n  - {title: B, start: y}\n")
    assert len(problem.problems) == 4
    assert i18n.error_message(problem, "ru").endswith("(и ещё 3 проблемы)")
    assert i18n.error_message(problem, "en").endswith("(and 3 more problems)")
