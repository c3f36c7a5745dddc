"""Marking English text for translation in the pure core.

The core speaks English only; `N_("Text")` marks a message so that the
extraction finds it, and the edge (floor.i18n) translates it into each page's
language when it is shown.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """The message unchanged: a mark for the extraction, translated where it is shown."""
    return message
