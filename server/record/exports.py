"""The record as files: minutes in Markdown, one CSV row per turn, everything as JSON."""

from __future__ import annotations

import csv
import io
import re
from datetime import tzinfo
from typing import Any

import msgspec
from floor.domain.model import ATTENDANCE_LABELS, Action, Note, Question
from floor.i18n import DEFAULT, drift
from floor.record.minutes import ItemRecord, Minutes, person_of
from floor.record.stats import Breakdown, Stats
from floor.record.times import clock, iso, minutes_text, mmss, zone_label

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


def turns_csv(minutes: Minutes, tz: tzinfo | None) -> str:
    """One row per finished turn, in the order they were heard."""
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
                person.attendance.value,
                turn.kind.value,
                "yes" if speech.first_time else "no",
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


def minutes_json(minutes: Minutes, stats: Stats, tz: tzinfo | None) -> bytes:
    meeting = minutes.meeting

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
                "why": x.why,
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
            "by_region": _groups(stats.by_region),
            "by_attendance": _groups(stats.by_attendance),
            "by_side": _groups(stats.by_side),
            "by_organization": _groups(stats.by_organization),
            "by_experience": _groups(stats.by_experience),
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


def _groups(breakdown: Breakdown) -> list[dict[str, Any]]:
    return [
        {
            "group": g.label,
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


# Markdown ---------------------------------------------------------------------


# Participants and agenda authors write this text: in the Markdown it must
# stay text. Inline markup and raw HTML are backslash-escaped (CommonMark lets
# any ASCII punctuation be escaped), bare web addresses are broken up so that
# GitHub's autolinks do not take them, an @ gets an invisible word joiner (no
# mailto link), and a line-start list or heading marker is escaped.
_MARKUP = re.compile(r"([\\`*_\[\]<>!&|~#])")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)([:.])")
_LEADING = re.compile(r"^([+\-=])|^(\d+)([.)])")


def md_text(text: str) -> str:
    """One line of people's text, safe inside Markdown: never a link, an image or HTML."""
    text = _MARKUP.sub(r"\\\1", " ".join(text.split()))
    text = _AUTOLINK.sub(r"\1\\\2", text).replace("@", "@\u2060")
    return _LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def _cell(text: str) -> str:
    return md_text(text) or "–"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def minutes_markdown(minutes: Minutes, stats: Stats, tz: tzinfo | None) -> str:
    m = minutes.meeting
    out: list[str] = [f"# Minutes: {md_text(m.title)}", ""]
    if m.subtitle:
        out += [f"_{md_text(m.subtitle)}_", ""]
    facts = [md_text(f) for f in (m.organizer, m.date, m.venue) if f]
    if facts:
        out += [" · ".join(facts), ""]
    out += [_summary(minutes, stats, tz), ""]
    out += ["## Agenda: planned and actual", ""]
    out += [_row("#", "Item", "Planned", "Started", "Duration", "Turns", "Speaking", "Paused")]
    out += [_row(*["---"] * 8)]
    for r in minutes.items:
        out.append(
            _row(
                str(r.number),
                _cell(r.item.title),
                f"{r.planned}, {r.item.duration} min",
                _started(r, tz),
                "–" if r.duration is None else minutes_text(r.duration),
                str(len(r.speeches)),
                mmss(r.speaking_time),
                mmss(r.paused_time),
            )
        )
    out.append("")
    for r in minutes.items:
        out += _item_section(r, tz)
    if minutes.struck:
        out += ["## Struck from the record", ""]
        for x in minutes.struck:
            out.append(
                f"- {_cell(x.person.name)}, called {clock(x.turn.started_at, tz)} on"
                f" “{_cell(minutes.item_title(x.turn.item_id))}”: {x.why}."
            )
        out.append("")
    if minutes.notes_elsewhere:
        out += ["## Notes on removed items", ""]
        out += [_note_line(n) for n in minutes.notes_elsewhere] + [""]
    out += ["## Next steps: every action item", ""]
    if minutes.actions:
        out += [_row("What", "Who", "By when", "Item"), _row(*["---"] * 4)]
        for a in minutes.actions:
            item = minutes.item_title(a.item_id)
            out.append(_row(_cell(a.what), _cell(a.who), _cell(a.due), _cell(item)))
    else:
        out.append("No action items were recorded.")
    out += ["", "## Who got the floor", ""]
    for breakdown in stats.breakdowns:
        out += _breakdown_table(breakdown)
    return "\n".join(out).rstrip() + "\n"


def _summary(minutes: Minutes, stats: Stats, tz: tzinfo | None) -> str:
    if minutes.started_at is None:
        return "The meeting has not started."
    parts = [f"{minutes.status}: started {clock(minutes.started_at, tz)}"]
    if minutes.ended_at is not None:
        parts.append(f"ended {clock(minutes.ended_at, tz)}")
    if minutes.duration is not None:
        parts.append(f"({minutes_text(minutes.duration)})")
    line = ", ".join(parts[:2]) + (" " + parts[2] if len(parts) > 2 else "")
    line += f"; times in {zone_label(minutes.started_at, tz)}."
    line += (
        f" {stats.turns} turns by {stats.speakers} speakers, {mmss(stats.time)} of speaking"
        f" ({mmss(stats.paused)} paused);"
        f" {stats.hands} hands raised, {stats.heard} of them heard."
    )
    return line


def _started(record: ItemRecord, tz: tzinfo | None) -> str:
    if record.started_at is None:
        return "not taken up"
    text = clock(record.started_at, tz)
    if record.drift_min:
        text += f" ({drift(record.drift_min, DEFAULT)})"
    return text


def _item_section(r: ItemRecord, tz: tzinfo | None) -> list[str]:
    out = [f"## {r.number}. {md_text(r.item.title)}", ""]
    line = f"Planned {r.planned}, {r.item.duration} min."
    if r.started_at is not None:
        line += f" Started {_started(r, tz)}"
        if r.duration is not None:
            line += f", {minutes_text(r.duration)}" + (" so far" if r.current else "")
        line += "."
        if r.returned:
            line += " The chair came back to it later; its span includes other items."
    if r.item.presenters:
        line += f" Presenting: {', '.join(md_text(p) for p in r.item.presenters)}."
    out += [line, ""]
    if r.speeches:
        out += [
            _row("#", "Speaker", "Organization", "Region", "Attendance", "Kind", "Topic",
                 "Speaking", "Paused"),
            _row(*["---"] * 9),
        ]
        for s in r.speeches:
            out.append(
                _row(
                    str(s.number),
                    _cell(s.person.name) + ("" if s.first_time else " (again)"),
                    _cell(s.person.organization),
                    _cell(s.person.region),
                    ATTENDANCE_LABELS[s.person.attendance],
                    s.kind + _questions(s.turn.questions),
                    _cell(s.turn.topic),
                    mmss(s.duration),
                    mmss(s.paused),
                )
            )
        out.append("")
    if r.budgets:
        out += ["Speaking-time budgets:", ""]
        out += [
            f"- {_cell(b.group)}: {mmss(b.used)} used of {mmss(b.budget)}"
            + (f" ({mmss(-b.left)} over)" if b.left < 0 else "")
            for b in r.budgets
        ]
        out.append("")
    if r.notes:
        out += ["Notes:", ""] + [_note_line(n) for n in r.notes] + [""]
    if r.actions:
        out += ["Action items:", ""]
        for a in r.actions:
            who = f" — {md_text(a.who)}" if a.who else ""
            due = f" — by {md_text(a.due)}" if a.due else ""
            out.append(f"- [ ] {md_text(a.what)}{who}{due}")
        out.append("")
    return out


def _questions(questions: tuple[Question, ...]) -> str:
    if not questions:
        return ""
    n = len(questions)
    return f" (with {n} interposed question{'s' if n != 1 else ''})"


def _note_line(note: Note) -> str:
    lines = note.text.splitlines() or [""]
    return "- " + "\n  ".join(md_text(line) for line in lines)


def _breakdown_table(b: Breakdown) -> list[str]:
    out = [f"### By {b.title[0].lower()}{b.title[1:]}", ""]
    out += [
        _row(b.title, "Turns", "Share of turns", "Speaking time", "Share of time", "Hands",
             "Share of hands", "Heard"),
        _row(*["---"] * 8),
    ]
    for g in b.groups:
        out.append(
            _row(
                _cell(g.label),
                str(g.turns),
                _percent(g.turn_share),
                mmss(g.time),
                _percent(g.time_share),
                str(g.hands),
                _percent(g.hand_share),
                str(g.heard),
            )
        )
    return [*out, ""]
