"""Which language a page speaks: negotiated per request, remembered per browser."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from floor import i18n

R = TypeVar("R", bound=Response)


def page_language(request: Request, *, remember: bool = True, fallback: str = i18n.DEFAULT) -> str:
    """The language a page is shown in: `?lang=`, else the one this browser chose
    with the switcher (when `remember`), else the browser's languages, else `fallback`."""
    return i18n.negotiate(
        chosen=request.query_params.get("lang"),
        remembered=request.cookies.get(i18n.COOKIE) if remember else None,
        browser=request.headers.get("accept-language") if remember else None,
        fallback=fallback,
    )


def switcher(request: Request) -> list[tuple[i18n.Language, str]]:
    """Each language with this page's address in it, for the language switcher."""
    return [
        (language, str(request.url.include_query_params(lang=code)))
        for code, language in i18n.LANGUAGES.items()
    ]


def localized(request: Request, response: R, lang: str) -> R:
    """The response, remembering a language chosen with `?lang=` for this browser."""
    if request.query_params.get("lang") and request.cookies.get(i18n.COOKIE) != lang:
        response.set_cookie(
            i18n.COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax",
            secure=request.url.scheme == "https",
        )
    response.headers["Content-Language"] = i18n.LANGUAGES[lang].tag
    return response


def ws_query(lang: str, **params: str) -> str:
    """The page's websocket query: who it is and its language (one render per language)."""
    return "?" + urlencode({**params, "lang": lang})
