"""What an HTTP request that fails gets: one handler per kind of failure.

A page that needs a key the request lacks is a 403 with the "chair link
needed" page; an unknown meeting or file a 404 page; an input the rules refuse
a 400 in plain words; a store that cannot be reached a 503. Routes raise, and
these answer, so no route renders an error page of its own.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import ExceptionHandler

from floor import i18n
from floor.domain.errors import DomainError, Refusal, Unavailable
from floor.web.language import localized, page_language, switcher
from floor.web.state import AppState

NO_SUCH_MEETING = Refusal.NO_SUCH_MEETING.template


def _page(request: Request, name: str, status: int, **context: object) -> HTMLResponse:
    state: AppState = request.app.state.floor
    lang = page_language(request)
    body = state.renderer.template(name, lang=lang, switch=switcher(request), **context)
    return localized(request, HTMLResponse(body, status_code=status), lang)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 403:
        return _page(request, "forbidden.html", 403)
    if exc.status_code == 404:
        return _page(request, "not_found.html", 404, message=exc.detail)
    return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)


async def refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return PlainTextResponse(i18n.error_message(exc, page_language(request)), status_code=400)


async def unavailable(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Unavailable)
    message = i18n.text(page_language(request)).gettext(Unavailable.message)
    return PlainTextResponse(message, status_code=503, headers={"Retry-After": "2"})


HANDLERS: dict[type[Exception] | int, ExceptionHandler] = {
    HTTPException: http_error,
    DomainError: refused,
    Unavailable: unavailable,
}


def forbidden() -> HTTPException:
    """The page needs a key (the chair's) that the request does not carry."""
    return HTTPException(403)


def not_found(detail: str = NO_SUCH_MEETING) -> HTTPException:
    return HTTPException(404, detail)
