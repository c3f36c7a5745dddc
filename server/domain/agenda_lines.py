"""The builder's and the chair's item dialog's text boxes: one entry per line."""

from __future__ import annotations

from typing import Any


def booking_from_line(line: str, regions: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """"Name, Organization[, Region]" -> a booking; the region only if it is a known one."""
    parts = [p.strip() for p in line.split(",")]
    booking = {"name": parts[0]}
    if len(parts) > 2 and parts[-1] in regions:
        booking["region"] = parts.pop()
    if len(parts) > 1:
        booking["organization"] = ", ".join(parts[1:])
    return booking



def lines(text: str, *, keep_blank: bool = False) -> list[str]:
    """One entry per line. `keep_blank`: an empty line is an entry left empty (another
    language's text, line by line beside the first's: it falls back there)."""
    if keep_blank:
        return _blank_kept([line.strip() for line in text.splitlines()])
    return [line.strip() for line in text.splitlines() if line.strip()]


def _blank_kept(entries: list[Any]) -> list[Any]:
    while entries and not entries[-1]:
        entries.pop()
    return entries


def sub_points_from_text(text: str, *, keep_blank: bool = False) -> list[str | dict[str, Any]]:
    """One sub-point per line; a line starting with "-" (or indented) is a point of the last.
    `keep_blank`: an empty line is a sub-point left empty (see `lines`)."""
    out: list[str | dict[str, Any]] = []
    for raw in text.splitlines():
        if not raw.strip():
            if keep_blank:
                out.append("")
            continue
        nested = raw[:1].isspace() or raw.lstrip().startswith(("-", "•"))
        text_ = raw.strip().lstrip("-•").strip()
        if nested and out:
            last = out[-1]
            if isinstance(last, str):
                last = {"text": last, "points": []}
                out[-1] = last
            last["points"].append(text_)
        else:
            out.append(text_)
    return _blank_kept(out) if keep_blank else out


def sub_points_to_text(points: Any) -> str:
    out = []
    for point in points or []:
        if isinstance(point, str):
            out.append(point)
        elif isinstance(point, dict):
            out.append(str(point.get("text", "")))
            out.extend(f"- {p}" for p in point.get("points") or [])
        else:  # a SubPoint
            out.append(point.text)
            out.extend(f"- {p}" for p in point.points)
    return "\n".join(out)


def bookings_to_text(bookings: Any) -> str:
    out = []
    for booking in bookings or []:
        parts = [booking.get("name", "")]
        parts += [booking[k] for k in ("organization", "region") if booking.get(k)]
        out.append(", ".join(parts))
    return "\n".join(out)
