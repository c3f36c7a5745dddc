"""The agenda as a YAML file that `floor import` and the create form read back."""

from __future__ import annotations

import yaml

from server.domain.agenda import agenda_to_data
from server.domain.model import Meeting


def agenda_yaml(meeting: Meeting) -> str:
    """The agenda as it stands now (live edits included), in the example files' layout."""
    header = f"# {' '.join(meeting.title.split())}: the agenda, exported by Floor.\n"
    body = yaml.safe_dump(
        agenda_to_data(meeting), sort_keys=False, allow_unicode=True, width=100
    )
    return header + body
