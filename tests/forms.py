"""Posting a form as a browser does: open its page first, send its CSRF token back."""

from __future__ import annotations

import re
from typing import Any

import httpx

TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


def form_token(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "the page has no form token"
    return match[1]


async def post_form(
    http: httpx.AsyncClient, page: str, action: str, data: dict[str, str], **kw: Any
) -> httpx.Response:
    """GET `page` (its cookie and token), then POST `data` with the token to `action`."""
    token = form_token((await http.get(page)).text)
    return await http.post(action, data={"csrftoken": token, **data}, **kw)


def post_form_sync(
    http: httpx.Client, page: str, action: str, data: dict[str, str], **kw: Any
) -> httpx.Response:
    token = form_token(http.get(page).text)
    return http.post(action, data={"csrftoken": token, **data}, **kw)
