"""Values as people write them in an agenda: times per turn, durations, yes or no,
lists, and the meeting's short name made from its title."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d{1,2})\s*(?:h|hr|hrs|hours?)\s*(?P<hm>\d{1,2})?\s*(?:m|min|mins|minutes?)?"
    r"|(?P<hh>\d{1,2}):(?P<mm>\d{2})"
    r"|(?P<m>\d{1,4})\s*(?:m|min|mins|minutes?|′|')?)\s*$",
    re.IGNORECASE,
)
_SECONDS = re.compile(
    r"^\s*(?:(?P<s>\d{1,4})\s*(?:s|sec|secs|seconds?)?"
    r"|(?P<m>\d{1,2})\s*(?:m|min|mins|minutes?)"
    r"|(?P<mm>\d{1,2}):(?P<ss>\d{2}))\s*$",
    re.IGNORECASE,
)
_TRUE = {"yes", "y", "true", "on", "1", "open"}
_FALSE = {"no", "n", "false", "off", "0", "closed", ""}


def slugify(text: str) -> str:
    """A meeting's short name from its title: "Next Steps (2017)" -> "next-steps-2017"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 63:  # cut between words
        slug = slug[:64].rsplit("-", 1)[0] if "-" in slug[:64] else slug[:63]
    return slug if len(slug) >= 2 else "meeting"


def parse_duration(value: Any) -> int:
    """15, "15", "15 min", "1h30", "1:30" -> minutes; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = _DURATION.match(str(value)) if isinstance(value, str) else None
    if not match:
        raise ValueError(value)
    if match["h"] is not None:
        return int(match["h"]) * 60 + int(match["hm"] or 0)
    if match["hh"] is not None:
        return int(match["hh"]) * 60 + int(match["mm"])
    return int(match["m"])


def parse_seconds(value: Any) -> int:
    """180, "180", "90 s", "3 min", "2:30" -> seconds; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    match = _SECONDS.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(value)
    if match["s"] is not None:
        return int(match["s"])
    if match["m"] is not None:
        return int(match["m"]) * 60
    return int(match["mm"]) * 60 + int(match["ss"])


def parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(value)



def text_list(value: Any, split: str | None = None) -> list[Any] | None:
    """A list from a list, or from one string (split on `split` when given)."""
    if value is None:
        return []
    if isinstance(value, str):
        if split is None:
            return [value] if value.strip() else []
        return [part.strip() for part in value.split(split) if part.strip()]
    if isinstance(value, list):
        return value
    return None

