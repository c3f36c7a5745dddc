from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import FloorServer


@pytest.fixture
def floor_server(tmp_path: Path) -> Iterator[FloorServer]:
    """A real `floor serve` on a free port, with the reference meeting loaded."""
    server = FloorServer(tmp_path / "data").start()
    try:
        yield server
    finally:
        server.stop()
