"""What `floor serve` logs: uvicorn's lines, with every chair key taken out.

A chair page's URL and its websocket's carry the key (`?key=...`); the access
log and the websocket lines would otherwise keep every chair key in files and
log collectors that many people read.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

_KEY = re.compile(r"([?&](?:key|create_key)=)[^&\s\"]*")


def redact(text: str) -> str:
    return _KEY.sub(r"\1[redacted]", text)


class RedactKeys(logging.Filter):
    """Rewrites a record's message without keys (it is always let through)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging set-up, its handlers filtered through RedactKeys."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_keys"] = {"()": RedactKeys}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_keys")
    return config
