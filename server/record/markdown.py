"""The minutes as Markdown, in the reader's language: every heading and label is a
catalogue message, times of day and lengths are written as the language writes
them (CLDR), in the time zone given."""

from __future__ import annotations

import re
from datetime import tzinfo

from floor import i18n
from floor.domain.model import ATTENDANCE_LABELS, Note, Question
from floor.i18n import DEFAULT, drift
from floor.record.minutes import ItemRecord, Minutes
from floor.record.stats import Breakdown, Stats
from floor.record.times import mmss, zone_label

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


def minutes_markdown(
    minutes: Minutes, stats: Stats, tz: tzinfo | None, lang: str = DEFAULT
) -> str:
    """The minutes as Markdown, every heading and label in `lang`."""
    w = _Words(lang, tz)
    _ = w.gettext
    m = minutes.meeting
    out: list[str] = ["# " + _("Minutes: %(title)s", title=md_text(m.title)), ""]
    if m.subtitle:
        out += [f"_{md_text(m.subtitle)}_", ""]
    facts = [md_text(f) for f in (m.organizer, m.date, m.venue) if f]
    if facts:
        out += [" · ".join(facts), ""]
    out += [_summary(minutes, stats, w), ""]
    out += ["## " + _("Agenda: planned and actual"), ""]
    out += [_row("#", _("Item"), _("Planned"), _("Started"), _("Duration"), _("Turns"),
                 _("Speaking"), _("Paused"))]
    out += [_row(*["---"] * 8)]
    for r in minutes.items:
        out.append(
            _row(
                str(r.number),
                _cell(r.item.title),
                f"{w.clock(r.item.planned_start)}, {w.length(r.item.duration * 60_000)}",
                _started(r, w),
                "–" if r.duration is None else w.length(r.duration),
                str(len(r.speeches)),
                mmss(r.speaking_time),
                mmss(r.paused_time),
            )
        )
    out.append("")
    for r in minutes.items:
        out += _item_section(r, w)
    if minutes.struck:
        out += ["## " + _("Struck from the record"), ""]
        for x in minutes.struck:
            out.append("- " + _(
                "%(name)s, called %(time)s on “%(item)s”: %(why)s.",
                name=_cell(x.person.name), time=w.time(x.turn.started_at),
                item=_cell(minutes.item_title(x.turn.item_id)), why=_(x.why),
            ))
        out.append("")
    if minutes.notes_elsewhere:
        out += ["## " + _("Notes on items since removed"), ""]
        out += [_note_line(n) for n in minutes.notes_elsewhere] + [""]
    out += ["## " + _("Next steps: every action item"), ""]
    if minutes.actions:
        out += [_row(_("What"), _("Who"), _("By when"), _("Item")), _row(*["---"] * 4)]
        for a in minutes.actions:
            item = minutes.item_title(a.item_id)
            out.append(_row(_cell(a.what), _cell(a.who), _cell(a.due), _cell(item)))
    else:
        out.append(_("No action items were recorded."))
    out += ["", "## " + _("Who got the floor"), ""]
    for breakdown in stats.breakdowns:
        out += _breakdown_table(breakdown, w)
    return "\n".join(out).rstrip() + "\n"


class _Words:
    """The minutes' words, times and lengths in one language and time zone."""

    def __init__(self, lang: str, tz: tzinfo | None) -> None:
        self.lang, self.tz = lang, tz
        self.gettext = i18n.text(lang).gettext
        self.ngettext = i18n.text(lang).ngettext

    def time(self, ms: int) -> str:
        return i18n.time_of_day(ms, self.tz, self.lang)

    def clock(self, minutes: int) -> str:
        return i18n.clock(minutes, self.lang)

    def length(self, ms: int) -> str:
        return i18n.duration(ms, self.lang)

    def labelled(self, label: str, text: str = "") -> str:
        """"Label: text" with the language's own colon ("Notes :", "备注：")."""
        return (self.gettext("%(label)s: %(text)s", label=label, text=text) if text
                else self.gettext("%(label)s:", label=label))


def _summary(minutes: Minutes, stats: Stats, w: _Words) -> str:
    _ = w.gettext
    if minutes.started_at is None:
        return _("The meeting has not started.")
    started = _("started %(time)s", time=w.time(minutes.started_at))
    line = w.labelled(_(minutes.status), started)
    if minutes.ended_at is not None:
        line += ", " + _("ended %(time)s", time=w.time(minutes.ended_at))
    if minutes.duration is not None:
        line += f" ({w.length(minutes.duration)})"
    line += "; " + _("times in %(zone)s", zone=zone_label(minutes.started_at, w.tz)) + "."
    line += " " + _(
        "%(turns)s turns by %(speakers)s speakers, %(time)s of speaking (%(paused)s paused);"
        " %(hands)s hands raised, %(heard)s of them heard.",
        turns=stats.turns, speakers=stats.speakers, time=mmss(stats.time),
        paused=mmss(stats.paused), hands=stats.hands, heard=stats.heard,
    )
    return line


def _started(record: ItemRecord, w: _Words) -> str:
    if record.started_at is None:
        return w.gettext("not taken up")
    text = w.time(record.started_at)
    if record.drift_min:
        text += f" ({drift(record.drift_min, w.lang)})"
    return text


def _item_section(r: ItemRecord, w: _Words) -> list[str]:
    _ = w.gettext
    out = [f"## {r.number}. {md_text(r.item.title)}", ""]
    parts = [_("Planned %(time)s, %(minutes)d min", time=w.clock(r.item.planned_start),
               minutes=r.item.duration)]
    if r.started_at is not None:
        started = _("started %(time)s", time=_started(r, w))
        if r.duration is not None:
            started += ", " + w.length(r.duration) + (" " + _("so far") if r.current else "")
        parts.append(started)
    if r.item.presenters:
        parts.append(_("presenting: %(names)s",
                       names=", ".join(md_text(p) for p in r.item.presenters)))
    line = "; ".join(parts) + "."
    if r.started_at is not None and r.returned:
        line += " " + _("The chair came back to this item later: its time spans the items"
                        " taken up in between.")
    out += [line, ""]
    if r.speeches:
        out += [
            _row("#", _("Speaker"), _("Organization"), _("Region"), _("Attendance"), _("Kind"),
                 _("Language"), _("Topic"), _("Speaking"), _("Paused")),
            _row(*["---"] * 10),
        ]
        for s in r.speeches:
            again = "" if s.first_time else " (" + _("again") + ")"
            out.append(
                _row(
                    str(s.number),
                    _cell(s.person.name) + again,
                    _cell(s.person.organization),
                    _cell(s.person.region),
                    _(ATTENDANCE_LABELS[s.person.attendance]),
                    _(s.kind) + _questions(s.turn.questions, w),
                    # the language the speaker said they would speak, named in the reader's
                    _cell(i18n.language_name(s.turn.language, w.lang)),
                    _cell(s.turn.topic),
                    mmss(s.duration),
                    mmss(s.paused),
                )
            )
        out.append("")
    if r.budgets:
        out += [w.labelled(_("Speaking-time budgets")), ""]
        for b in r.budgets:
            used = _("%(used)s used of %(budget)s", used=mmss(b.used), budget=mmss(b.budget))
            over = " (" + _("%(time)s over", time=mmss(-b.left)) + ")" if b.left < 0 else ""
            out.append("- " + w.labelled(_cell(b.group), used + over))
        out.append("")
    if r.notes:
        out += [w.labelled(_("Notes")), ""] + [_note_line(n) for n in r.notes] + [""]
    if r.actions:
        out += [w.labelled(_("Action items")), ""]
        for a in r.actions:
            who = f" — {md_text(a.who)}" if a.who else ""
            due = " — " + _("by %(due)s", due=md_text(a.due)) if a.due else ""
            out.append(f"- [ ] {md_text(a.what)}{who}{due}")
        out.append("")
    return out


def _questions(questions: tuple[Question, ...], w: _Words) -> str:
    if not questions:
        return ""
    return " " + w.ngettext(
        "(with %(num)d interposed question)", "(with %(num)d interposed questions)",
        len(questions),
    )


def _note_line(note: Note) -> str:
    lines = note.text.splitlines() or [""]
    return "- " + "\n  ".join(md_text(line) for line in lines)


def _breakdown_table(b: Breakdown, w: _Words) -> list[str]:
    _ = w.gettext
    title = _(b.title)
    out = ["### " + _("By %(group)s", group=title[:1].lower() + title[1:]), ""]
    out += [
        _row(title, _("Turns"), _("Share of turns"), _("Speaking time"), _("Share of time"),
             _("Hands"), _("Share of hands"), _("Heard")),
        _row(*["---"] * 8),
    ]
    for g in b.groups:
        out.append(
            _row(
                _cell(_(g.label)),
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
