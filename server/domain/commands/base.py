"""What every command is made of: who sends it, the base schema and the field sizes.

Length limits keep names and messages to what a screen can show.
"""

from __future__ import annotations

import enum
from typing import Annotated

import msgspec

Name = Annotated[str, msgspec.Meta(max_length=80)]
Short = Annotated[str, msgspec.Meta(max_length=120)]
Text = Annotated[str, msgspec.Meta(max_length=280)]
Seconds = Annotated[int, msgspec.Meta(ge=0, le=24 * 3600)]
DeltaSeconds = Annotated[int, msgspec.Meta(ge=-24 * 3600, le=24 * 3600)]
LanguageCode = Annotated[str, msgspec.Meta(max_length=12)]  # "fr"; "" for unsaid
TurnSeconds = Annotated[int, msgspec.Meta(ge=10, le=3600)]  # a time per turn


class Role(enum.Enum):
    CHAIR = "chair"
    SCREEN = "screen"
    PARTICIPANT = "participant"
    # the team: each with its own secret link, given and replaced by the chair
    SECRETARIAT = "secretariat"  # the list of speakers and the timers
    TIMEKEEPER = "timekeeper"  # the timers
    RAPPORTEUR = "rapporteur"  # notes and action items
    INTERPRETER = "interpreter"  # reads along; sends nothing


class Actor(msgspec.Struct, frozen=True):
    role: Role
    participant_id: str | None = None


class Command(msgspec.Struct, forbid_unknown_fields=True, tag_field="type"):
    pass
