"""`floor export`: the record's files from the command line."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
import yaml

from floor.access import new_chair_key
from floor.cli import main
from floor.domain.model import Policy
from floor.store.embedded import EmbeddedStore
from tests.record.replay import Replay


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    async def seed() -> None:
        store = EmbeddedStore(tmp_path)
        await store.create(Replay(Policy.ALTERNATE).run().meeting, new_chair_key())
        await store.close()

    asyncio.run(seed())
    return tmp_path


def test_csv_to_standard_output(data_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code = main(["export", "iom-gcm-2017", "--format", "csv", "--data", str(data_dir),
                 "--tz", "America/New_York"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode())))
    assert len(rows) == len(Replay(Policy.ALTERNATE).run().given)
    assert rows[0]["started"].endswith("-04:00")


def test_markdown_and_yaml_to_files(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "minutes.md"
    assert main(["export", "iom-gcm-2017", "--format", "md", "--data", str(data_dir),
                 "--tz", "UTC", "-o", str(out)]) == 0
    assert "## Who got the floor" in out.read_text(encoding="utf-8")
    agenda = tmp_path / "agenda.yaml"
    assert main(["export", "iom-gcm-2017", "--format", "yaml", "--data", str(data_dir),
                 "--output", str(agenda)]) == 0
    assert yaml.safe_load(agenda.read_text(encoding="utf-8"))["slug"] == "iom-gcm-2017"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--format", "md"], "There is no meeting called 'nope'."),
        (["iom-gcm-2017", "--format", "md", "--tz", "Mars/Base"], "Unknown time zone"),
        (["iom-gcm-2017", "--format", "ics", "--date", "tomorrow"], "YYYY-MM-DD"),
    ],
)
def test_errors_are_explained(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["export", *args, "--data", str(data_dir)]) == 2
    assert message in capsys.readouterr().err
