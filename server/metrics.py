"""What an operator can watch, in Prometheus' text format (prometheus-client).

Served at `/metrics` only when FLOOR_METRICS_TOKEN is set, to requests that carry
it (`Authorization: Bearer TOKEN`): the figures say how many people are in which
meeting's pages, which is not for the public. Each process (worker) reports its
own; scrape each one.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

PAGES = Gauge(
    "floor_open_pages", "Pages with an open websocket, by role.", ["role"], registry=REGISTRY
)
COMMANDS = Counter(
    "floor_commands",
    "Commands received, by type and outcome (applied, refused, unavailable, invalid).",
    ["type", "outcome"],
    registry=REGISTRY,
)
FANOUT = Histogram(
    "floor_fanout_seconds",
    "From a new state reaching this process's room to the last page it was written to.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)
STORE_WRITE = Histogram(
    "floor_store_write_seconds",
    "Applying a command and writing it durably to the store.",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
    registry=REGISTRY,
)
REDIS_RECONNECTS = Counter(
    "floor_redis_reconnects", "Times the Redis subscription connection was lost.",
    registry=REGISTRY,
)
