"""The README documents every command, option and setting the CLI and the server have."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from floor.cli import parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SERVER = Path(__file__).resolve().parents[1] / "server"
SETTINGS_SOURCE = "".join(path.read_text() for path in sorted(SERVER.rglob("*.py")))


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("floor has no subcommands")


def test_readme_names_every_subcommand() -> None:
    for name in _subcommands():
        assert f"floor {name}" in README, name


def test_readme_names_every_option() -> None:
    for name, sub in _subcommands().items():
        for action in sub._actions:
            for flag in action.option_strings:
                if flag in ("-h", "--help", "--log-level"):
                    continue
                assert flag in README, f"floor {name} {flag}"


def test_readme_names_every_environment_setting() -> None:
    settings = set(re.findall(r"FLOOR_[A-Z_]+", SETTINGS_SOURCE))
    assert settings, "the CLI reads no settings?"
    for setting in settings:
        assert setting in README, setting


def test_readme_gives_the_two_commands() -> None:
    assert "floor serve --demo" in README
    assert "scripts/test" in README
