"""A data directory that cannot be used is a clear error at start, not a crash mid-meeting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def serve(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "floor.cli", "serve", "--data", str(data), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_data_directory_that_cannot_be_created_is_refused_at_start(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = serve(blocker / "data")
    assert result.returncode == 1
    assert "Cannot use the data directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_corrupt_database_is_refused_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "floor.sqlite3").write_bytes(b"this is not a database" * 100)
    result = serve(data)
    assert result.returncode == 1
    assert "Cannot use the data directory" in result.stderr
    assert "Traceback" not in result.stderr
