"""Cross-site request forgery: every form posted over HTTP carries a token.

A double submit cookie: the browser holds a random token in a SameSite=Strict
cookie, and each form repeats it as its first field (`{{ csrf_field(csrf) }}`
in the template, `csrf=csrf_token(request)` in the route). A POST whose field
does not match its cookie is refused by `refused(request, form)` before the
route does anything. Another site can neither read the cookie nor set it, so
it cannot make a form that matches. The token is not signed: nothing is bound
to it, so any process serving the same meetings checks it alike.

A page's websocket (the `ws-send` forms) needs none: its Origin is checked at
the handshake.
"""

from __future__ import annotations

import hmac
import re
import secrets

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FIELD = "csrftoken"
COOKIE = "floor_csrf"
_NEW = "floor.csrf"  # the scope's entry for a token made on this request
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def csrf_token(request: Request) -> str:
    """The token for a form on this page; a new browser gets one (and its cookie)."""
    token = request.cookies.get(COOKIE, "")
    if _TOKEN.match(token):
        return token
    new: str = request.scope.setdefault(_NEW, secrets.token_urlsafe(24))
    return new


def refused(request: Request, form: FormData) -> HTMLResponse | None:
    """A 403 page in plain words if the form's token does not match the cookie, else None."""
    given = str(form.get(FIELD) or "")
    cookie = request.cookies.get(COOKIE, "")
    if _TOKEN.match(cookie) and hmac.compare_digest(given.encode(), cookie.encode()):
        return None
    renderer = request.app.state.floor.renderer
    back = "/" if request.url.path == "/" else None  # a chair page needs its key
    return HTMLResponse(renderer.template("expired.html", back=back), status_code=403)


class CsrfCookie:
    """Sets the cookie of a token made while answering this request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            token = scope.get(_NEW)
            if message["type"] == "http.response.start" and token is not None:
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"
                headers = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
