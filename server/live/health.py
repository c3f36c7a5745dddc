"""How each open page is doing: its clock offset, round trip and freshness.

Pages report their clock estimate over the websocket every few seconds; the
chair sees every screen and participant page with what it reported and how
long ago it last did, so a projector that froze or drifted stands out. A page
is stale when it missed three reports in a row, or when an update for it has
waited undelivered for longer than that.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import msgspec

from floor import i18n
from floor.domain.text import N_

REPORT_EVERY = 5.0  # seconds between a page's reports (the pages' common.js sends them)
STALE_PENDING = 10.0  # seconds an update may wait undelivered
STALE_SILENT = 3 * REPORT_EVERY + 1.0  # seconds without a report: three missed, and a margin


class Report(msgspec.Struct, forbid_unknown_fields=True, tag="report", tag_field="type"):
    offset: float  # ms: server clock minus page clock
    rtt: float  # ms: the round trip the offset was taken from


_decode = msgspec.json.Decoder(Report).decode


def parse_report(raw: str | bytes) -> Report | None:
    """A page's clock report, or None if the message is something else (a command)."""
    if '"report"' not in (raw if isinstance(raw, str) else raw.decode("utf-8", "replace")):
        return None
    try:
        return _decode(raw)
    except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError too
        return None


@dataclass(slots=True)
class Health:
    opened: float = field(default_factory=time.monotonic)
    offset: float | None = None
    rtt: float | None = None
    reported_at: float | None = None
    last_sent: float | None = None
    pending_since: float | None = None

    def report(self, report: Report) -> None:
        self.offset, self.rtt = report.offset, report.rtt
        self.reported_at = time.monotonic()

    def queued(self) -> None:
        if self.pending_since is None:
            self.pending_since = time.monotonic()

    def delivered(self, now: float | None = None) -> None:
        """The last state went out (at `now`, a fan-out's one clock reading)."""
        self.last_sent = time.monotonic() if now is None else now
        self.pending_since = None

    def silent(self, now: float) -> bool:
        """The page has not reported for three rounds: its script stopped, or it froze."""
        return now - (self.reported_at or self.opened) > STALE_SILENT

    def behind(self, now: float) -> bool:
        """An update for the page has waited too long: it does not read what it is sent."""
        return self.pending_since is not None and now - self.pending_since > STALE_PENDING

    def stale(self, now: float) -> bool:
        return self.silent(now) or self.behind(now)


@dataclass(frozen=True)
class Row:
    label: str
    kind: str
    offset: str
    rtt: str
    since_update: str  # since the page last reported (it does so every REPORT_EVERY s)
    stale: bool
    why: str  # what is wrong with a stale page, in a few words


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.0f} s ago"
    return f"{seconds // 60:.0f} min ago"


def row(label: str, kind: str, health: Health, now: float) -> Row:
    return Row(
        label=label,
        kind=kind,
        offset="—" if health.offset is None else f"{round(health.offset / 1000, 2) + 0.0:+.2f} s",
        rtt="—" if health.rtt is None else f"{health.rtt:.0f} ms",
        since_update=_age(None if health.reported_at is None else now - health.reported_at),
        stale=health.stale(now),
        why=N_("not responding") if health.silent(now) else N_("not taking updates"),
    )


def away_row(label: str, away_ms: int, lang: str = i18n.DEFAULT) -> Row:
    """A participant whose every page went: kept in the table, with how long ago."""
    _ = i18n.text(lang).gettext
    minutes = away_ms // 60_000
    ago = (
        _("%(seconds)d s ago", seconds=away_ms // 1000)
        if minutes < 1
        else _("%(minutes)d min ago", minutes=minutes)
    )
    return Row(
        label=label, kind="participant", offset="—", rtt="—", since_update=ago, stale=True,
        why=_("connection lost"),
    )
