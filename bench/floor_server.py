"""`floor serve`, exactly as the CLI runs it, with uvicorn options overridden.

The bench needs Floor with and without per-message deflate; rather than copy
the CLI's uvicorn options (and let them drift), it runs the real CLI and
overrides only what a scenario names, from FLOOR_BENCH_UVICORN (JSON).
FLOOR_BENCH_SYNCHRONOUS (NORMAL, FULL) sets the embedded store's SQLite
synchronous level, to measure what durability on power loss costs.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import uvicorn

from floor import cli
from floor.store import embedded

_run = uvicorn.run


def _run_with_overrides(app: Any, **options: Any) -> None:
    options.update(json.loads(os.environ.get("FLOOR_BENCH_UVICORN", "{}")))
    _run(app, **options)


if __name__ == "__main__":
    uvicorn.run = _run_with_overrides
    embedded.SYNCHRONOUS = os.environ.get("FLOOR_BENCH_SYNCHRONOUS", embedded.SYNCHRONOUS)
    sys.exit(cli.main(sys.argv[1:]))
