"""Static files under a versioned URL that browsers may keep for a year.

Every file is served at `/static/{VERSION}/{path}`, where VERSION is a hash of
all the static files' contents: a new release changes the URL, so a browser
never runs yesterday's script against today's server, and until then it asks
for nothing again. ES modules import their neighbours by relative URL, so they
inherit the version. `/static/{path}` still answers (for links kept elsewhere),
revalidated on every use.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from floor.resources import STATIC_DIR

YEAR = 365 * 24 * 3600


class _Cached(StaticFiles):
    def __init__(self, cache_control: str) -> None:
        super().__init__(directory=STATIC_DIR)
        self.cache_control = cache_control

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = self.cache_control
        return response


def versioned() -> StaticFiles:
    return _Cached(f"public, max-age={YEAR}, immutable")


def unversioned() -> StaticFiles:
    return _Cached("no-cache")
