"""The record as files: minutes in Markdown, one CSV row per turn, everything as JSON.

The CSV's column names and the JSON's keys are stable English identifiers (for
programs); the values that are labels (a turn's kind, how a person attends, why a
turn was struck, a group's name) are written in the reader's language."""

from __future__ import annotations

import csv
import io
from datetime import tzinfo
from typing import Any

import msgspec

from floor import i18n
from floor.domain.model import ATTENDANCE_LABELS, KIND_LABELS, Action, Note
from floor.i18n import DEFAULT
from floor.record.minutes import Minutes, person_of
from floor.record.stats import Breakdown, Stats
from floor.record.times import iso

CSV_COLUMNS = (
    "turn",
    "item_number",
    "item",
    "speaker",
    "organization",
    "region",
    "attendance",
    "kind",
    "first_time",
    "started",
    "ended",
    "duration_seconds",  # speaking time: pauses and interposed questions not counted
    "paused_seconds",
    "participant_id",
    "topic",
    "interposed_questions",
    "language",  # the language the turn was spoken in (its code, "fr"), "" if unsaid
)


# A cell a spreadsheet would read as a formula (OWASP's list): =HYPERLINK(...),
# +cmd, -2+3, @SUM(...), or one starting with a tab or carriage return. It is
# kept as text by a leading apostrophe, which spreadsheets do not show.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value for a CSV cell; text that could run as a formula is neutralised."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def turns_csv(minutes: Minutes, tz: tzinfo | None, lang: str = DEFAULT) -> str:
    """One row per finished turn, in the order they were heard; labels in `lang`."""
    _ = i18n.text(lang).gettext
    numbers = {record.item.id: record.number for record in minutes.items}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for speech in minutes.speeches:
        turn, person = speech.turn, speech.person
        writer.writerow(map(csv_cell, (
                speech.number,
                numbers.get(turn.item_id, ""),
                minutes.item_title(turn.item_id),
                person.name,
                person.organization,
                person.region,
                _(ATTENDANCE_LABELS[person.attendance]),
                _(KIND_LABELS[turn.kind]),
                _("yes") if speech.first_time else _("no"),
                iso(turn.started_at, tz),
                iso(turn.ended_at, tz),
                round(turn.duration / 1000),
                round(turn.paused / 1000),
                turn.participant_id,
                turn.topic,
                len(turn.questions),
                turn.language,
        )))
    return out.getvalue()


def minutes_json(
    minutes: Minutes, stats: Stats, tz: tzinfo | None, lang: str = DEFAULT
) -> bytes:
    """Everything, with identifiers as values (status, kind, attendance) and the few
    labels (why a turn was struck, a group's name) in `lang`."""
    meeting = minutes.meeting
    _ = i18n.text(lang).gettext

    def at(ms: int | None) -> str | None:
        return None if ms is None else iso(ms, tz)

    data: dict[str, Any] = {
        "meeting": {
            name: getattr(meeting, name)
            for name in ("slug", "title", "subtitle", "organizer", "date", "venue", "remote")
        },
        "status": meeting.status.value,
        "started": at(minutes.started_at),
        "ended": at(minutes.ended_at),
        "items": [
            {
                "number": r.number,
                "id": r.item.id,
                "title": r.item.title,
                "planned_start": r.planned,
                "planned_minutes": r.item.duration,
                "started": at(r.started_at),
                "ended": at(r.ended_at),
                "duration_seconds": None if r.duration is None else round(r.duration / 1000),
                "drift_minutes": r.drift_min,
                "turns": [
                    {
                        "turn": s.number,
                        "speaker": s.person.name,
                        "organization": s.person.organization,
                        "region": s.person.region,
                        "attendance": s.person.attendance.value,
                        "kind": s.turn.kind.value,
                        "first_time": s.first_time,
                        "started": at(s.turn.started_at),
                        "duration_seconds": round(s.duration / 1000),
                        "paused_seconds": round(s.paused / 1000),
                        "topic": s.turn.topic,
                        "language": s.turn.language,
                        "interposed_questions": [
                            {
                                "by": person_of(meeting, q.participant_id).name,
                                "started": at(q.started_at),
                                "duration_seconds": round((q.ended_at - q.started_at) / 1000),
                            }
                            for q in s.turn.questions
                        ],
                    }
                    for s in r.speeches
                ],
                "budgets": [
                    {
                        "group": b.group,
                        "budget_seconds": round(b.budget / 1000),
                        "used_seconds": round(b.used / 1000),
                    }
                    for b in r.budgets
                ],
                "notes": [_note(n, tz) for n in r.notes],
                "actions": [_action(a, minutes) for a in r.actions],
            }
            for r in minutes.items
        ],
        "actions": [_action(a, minutes) for a in minutes.actions],
        "struck_turns": [
            {
                "speaker": x.person.name,
                "item": minutes.item_title(x.turn.item_id),
                "called": at(x.turn.started_at),
                "why": _(x.why),
            }
            for x in minutes.struck
        ],
        "statistics": {
            "turns": stats.turns,
            "speaking_seconds": round(stats.time / 1000),
            "paused_seconds": round(stats.paused / 1000),
            "hands": stats.hands,
            "hands_heard": stats.heard,
            "speakers": stats.speakers,
            "by_region": _groups(stats.by_region, lang),
            "by_attendance": _groups(stats.by_attendance, lang),
            "by_side": _groups(stats.by_side, lang),
            "by_organization": _groups(stats.by_organization, lang),
            "by_experience": _groups(stats.by_experience, lang),
        },
    }
    return msgspec.json.format(msgspec.json.encode(data), indent=2)


def _note(note: Note, tz: tzinfo | None) -> dict[str, Any]:
    return {"text": note.text, "at": iso(note.at, tz)}


def _action(action: Action, minutes: Minutes) -> dict[str, Any]:
    return {
        "what": action.what,
        "who": action.who,
        "due": action.due,
        "item": minutes.item_title(action.item_id),
    }


def _groups(breakdown: Breakdown, lang: str) -> list[dict[str, Any]]:
    _ = i18n.text(lang).gettext
    return [
        {
            "group": _(g.label),
            "turns": g.turns,
            "speaking_seconds": round(g.time / 1000),
            "hands": g.hands,
            "hands_heard": g.heard,
            "speakers": g.speakers,
            "share_of_turns": round(g.turn_share, 4),
            "share_of_time": round(g.time_share, 4),
            "share_of_hands": round(g.hand_share, 4),
        }
        for g in breakdown.groups
    ]


# The Markdown minutes live in their own module; imported here, where they always were.
from floor.record.markdown import md_text, minutes_markdown  # noqa: E402

__all__ = ["CSV_COLUMNS", "csv_cell", "md_text", "minutes_json", "minutes_markdown", "turns_csv"]
