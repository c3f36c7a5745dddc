"""Where the installed package keeps its files: templates, static files, the reference meeting.

They are package data (`floor.assets` is the source tree's web/, `floor.examples`
its examples/), found the same way in a wheel and in an editable install.
"""

from __future__ import annotations

import hashlib
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


def _version(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Static files are served under /static/{STATIC_VERSION}/ (floor.web.static): a hash
# of their contents, so a new release has new URLs and browsers may keep them a year.
STATIC_VERSION = _version(STATIC_DIR)
STATIC_PREFIX = f"/static/{STATIC_VERSION}"


def static_url(path: str) -> str:
    """The versioned URL of a static file: `static_url("floor.css")`."""
    return f"{STATIC_PREFIX}/{path.lstrip('/')}"
