"""Where the installed package keeps its files: templates, static files, the reference meeting.

They are package data (`floor.assets` is the source tree's web/, `floor.examples`
its examples/), found the same way in a wheel and in an editable install.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package data {name!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


WEB_DIR = _package_dir("floor.assets")
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
REFERENCE_MEETING = _package_dir("floor.examples") / "iom-gcm-2017.yaml"
