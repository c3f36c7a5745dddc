"""Why a hand stands where it stands, in the page's language.

The ordering (floor.domain.ordering) writes each hand's reason in English, in
a few fixed phrases, some with a group's name in them ("Africa after Europe:
balancing regions"), some joined with "; ". A page shows the reason in its
language: each phrase is translated as a message, a phrase with a name in it
through its pattern, and the names that are the ordering's own words ("room",
"no region") as messages too; names people gave (regions) stay as they are.
"""

from __future__ import annotations

import functools
import re

from floor import i18n
from floor.domain.text import N_

# Every fixed phrase of the ordering, for the extraction (and for no other use).
PHRASES = (
    N_("moved here by the chair"),
    N_("put back on the list by the chair"),
    N_("interposed question to the current speaker"),
    N_("point of order"),
    N_("direct reply"),
    N_("pre-booked intervention"),
    N_("introductions round"),
    N_("right of reply: at the end of the list"),
    N_("first-time speaker"),
    N_("has spoken before; first-time speakers go ahead"),
    N_("has spoken before"),
    N_("looks like a name already heard"),
    N_("first-time speakers go ahead"),
    N_("in order of hands raised"),
    N_("balancing regions"),
    N_("alternating room and remote"),
    N_("no category: after the categories"),
    # the ordering's own names of groups
    N_("no region"),
    N_("unknown"),
    N_("in the room"),
    N_("room"),
    N_("remote"),
)

# Phrases with names in them: the English pattern, and the message it is shown by.
PATTERNS = (
    (re.compile(r"(?P<group>.+) after (?P<previous>.+): (?P<aim>.+)"),
     N_("{group} after {previous}: {aim}")),
    (re.compile(r"only (?P<group>.+) hands are waiting"), N_("only {group} hands are waiting")),
    (re.compile(r"(?P<group>.+): turns in proportion to hands raised, room and remote"),
     N_("{group}: turns in proportion to hands raised, room and remote")),
    (re.compile(r"(?P<group>.+): least speaking time on this item"),
     N_("{group}: least speaking time on this item")),
    (re.compile(r"(?P<group>.+) \(precedence (?P<rank>\d+)\)"),
     N_("{group} (precedence {rank})")),
)


@functools.lru_cache(maxsize=4096)
def reason_text(reason: str, lang: str) -> str:
    """The reason in `lang` (a few hundred distinct reasons at most: cached)."""
    if lang == i18n.DEFAULT or not reason:
        return reason
    t = i18n.text(lang)
    whole = t.gettext(reason)
    if whole != reason:
        return whole
    return "; ".join(_phrase(part, t) for part in reason.split("; "))


def _phrase(phrase: str, t: i18n.Text) -> str:
    translated = t.gettext(phrase)
    if translated != phrase:
        return translated
    for pattern, message in PATTERNS:
        match = pattern.fullmatch(phrase)
        if match:
            names = {k: _phrase(v, t) for k, v in match.groupdict().items()}
            return t.gettext(message).format(**names)
    return phrase
