"""The Starlette application: routes, static files and the store's lifespan."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount, Route, WebSocketRoute

from floor.live.collector import COLLECTOR
from floor.live.hub import IDLE_AFTER, Hub
from floor.live.render import Renderer
from floor.resources import STATIC_PREFIX
from floor.store.base import Store
from floor.web import errors, home, minutes, pages, static
from floor.web.body import BodyLimit
from floor.web.csrf import CsrfCookie
from floor.web.headers import PRIVATE, SecurityHeaders
from floor.web.socket import meeting_socket
from floor.web.state import AppState


def create_app(open_store: Callable[[], Store]) -> Starlette:
    """The app; `open_store` is called at start-up and the store closed at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = open_store()
        renderer = Renderer()
        idle = os.environ.get("FLOOR_ROOM_IDLE_SECONDS")
        hub = Hub(store, renderer, idle_after=float(idle) if idle else IDLE_AFTER)
        app.state.floor = AppState(store=store, renderer=renderer, hub=hub)
        # What start-up made (the compiled templates too) is frozen out of the
        # collector's passes, and collections come at quiet moments, after a
        # fan-out (floor.live.collector).
        renderer.warm()
        COLLECTOR.start()
        try:
            yield
        finally:
            COLLECTOR.stop()
            await hub.close()
            await store.close()

    routes = [
        Route("/", home.home, methods=["GET", "POST"], name="home"),
        Route("/healthz", pages.healthz),
        Route("/metrics", pages.metrics_page),
        Route("/clock", pages.clock),
        Route("/favicon.ico", pages.favicon),
        Route("/m/{slug}", pages.participant_page, name="participant"),
        Route("/m/{slug}/screen", pages.screen_page, name="screen"),
        Route("/m/{slug}/chair", pages.chair_page, name="chair", middleware=PRIVATE),
        Route("/m/{slug}/chair/rotate", pages.rotate_chair_key, methods=["POST"],
              middleware=PRIVATE),
        Route("/m/{slug}/chair/team", pages.replace_team_link, methods=["POST"],
              middleware=PRIVATE),
        Route("/m/{slug}/team", pages.team_page, name="team", middleware=PRIVATE),
        Route("/m/{slug}/card", pages.card_page, name="card", middleware=PRIVATE),
        Route("/m/{slug}/qr.svg", pages.qr_code, name="qr"),
        Route("/m/{slug}/minutes", minutes.minutes_page, name="minutes", middleware=PRIVATE),
        Route("/m/{slug}/minutes.{format}", minutes.minutes_download, middleware=PRIVATE),
        Route("/m/{slug}/agenda.{format}", minutes.agenda_download, middleware=PRIVATE),
        WebSocketRoute("/m/{slug}/ws", meeting_socket),
        Mount(STATIC_PREFIX, static.versioned(), name="static"),
        Mount("/static", static.unversioned()),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        # Pages and scripts are text: 67-92 KiB a page before, a fifth of it after.
        Middleware(GZipMiddleware, minimum_size=500, compresslevel=6),
        Middleware(BodyLimit),
        Middleware(CsrfCookie),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=middleware,
        exception_handlers=errors.HANDLERS,
    )


def create_app_from_env() -> Starlette:
    """For `uvicorn --factory floor.web.app:create_app_from_env [--workers N]`.

    Each worker opens the store FLOOR_REDIS_URL names, else the embedded one
    in FLOOR_DATA_DIR; the embedded store serves one process, so a second
    worker on it fails to start with a message saying to use Redis.
    """
    from floor.store.open import store_from_env

    return create_app(store_from_env)
