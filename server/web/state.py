"""What the web layer shares across requests: the store, the hub, the renderer."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.live.hub import Hub
from server.live.render import Renderer
from server.store.base import Store


@dataclass
class Limits:
    messages_per_second: float = 20.0
    message_burst: int = 60
    max_message_bytes: int = 4096


@dataclass
class AppState:
    store: Store
    renderer: Renderer
    hub: Hub
    limits: Limits = field(default_factory=Limits)
