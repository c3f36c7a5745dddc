"""Security headers: a strict Content-Security-Policy on every response, more on private pages.

Scripts come only from this site (htmx is configured to need no eval), so a
name or topic that smuggles in markup cannot run. Pages that carry a chair key
or private notes (the chair's page, the minutes and their downloads) say so in
their route (`Route(..., middleware=PRIVATE)`): they may not be framed
(clickjacking a chair's buttons), are never cached and send no referrer. Every
other page, the room screen among them, may be framed by stage software.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
PRIVATE_CSP = CSP + "; frame-ancestors 'none'"

_EVERYWHERE = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
_PRIVATE = (
    (b"content-security-policy", PRIVATE_CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),  # the key is in the URL
)


class _Headers:
    """Adds `headers` to every HTTP response that does not set them itself."""

    headers: tuple[tuple[bytes, bytes], ...] = ()

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in self.headers if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SecurityHeaders(_Headers):
    """On every response of the app."""

    headers = _EVERYWHERE


class PrivateHeaders(_Headers):
    """On the routes of private pages, inside `SecurityHeaders` (so these win)."""

    headers = _PRIVATE


PRIVATE = [Middleware(PrivateHeaders)]
