"""What the web layer shares across requests: the store, the hub, the renderer."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from floor.live.hub import Hub
from floor.live.render import Renderer
from floor.store.base import Store
from floor.web.creation import BuilderAllowance, CreationLimits


@dataclass
class Limits:
    """Generous by default: a whole room may share one public address."""

    messages_per_second: float = 20.0
    message_burst: int = 60
    connections_per_address: int = 2000
    # All participants of one meeting together: a flood from many pages stays a
    # trickle for the chair and the room (the chair's own commands never count).
    meeting_messages_per_second: float = 200.0
    meeting_burst: int = 2000  # a whole room raising hands at once still gets through
    # One participant's commands (pings and health reports aside), whichever of their
    # pages sends them: a person raises, lowers, types a topic; nobody does so ten
    # times a second, and a page flipping its hand is then a trickle, not a flood.
    participant_commands_per_second: float = 1.0
    participant_command_burst: int = 10

    @classmethod
    def from_env(cls) -> Limits:
        value = os.environ.get("FLOOR_MAX_CONNECTIONS_PER_ADDRESS")
        return cls(connections_per_address=int(value)) if value else cls()


@dataclass
class AppState:
    store: Store
    renderer: Renderer
    hub: Hub
    limits: Limits = field(default_factory=Limits.from_env)
    connections: Counter[str] = field(default_factory=Counter)  # open websockets per address
    creation: CreationLimits = field(default_factory=CreationLimits.from_env)
    builder: BuilderAllowance = field(default_factory=BuilderAllowance.from_env)
    # Pages rendered once per process and language (the blank builder), by name and language
    once: dict[tuple[str, ...], str] = field(default_factory=dict)
    # allowances per (meeting, participant), the oldest dropped past PARTICIPANT_LIMITS
    participant_limits: dict[tuple[str, str], Any] = field(default_factory=dict)


PARTICIPANT_LIMITS = 50_000
