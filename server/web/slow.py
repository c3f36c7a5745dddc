"""Connections that send their request headers too slowly are closed, by `floor serve` itself.

A client that opens a connection and sends a header line every few seconds
(slowloris) would otherwise hold a file descriptor for ever: uvicorn times out
an idle keep-alive connection, but not a request whose headers never end.
This protocol gives each request HEADER_TIMEOUT seconds from its first byte
(or from the connection, for the first) to finish its headers, else closes
the connection. A websocket is an HTTP request until its headers are in, so
it gets the same limit, and none once upgraded.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_TIMEOUT = 5.0  # seconds

log = logging.getLogger("floor.web")


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline on each request's headers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_deadline()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._deadline is None:
            self._start_deadline()

    def on_headers_complete(self) -> None:
        self._cancel_deadline()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def _start_deadline(self) -> None:
        self._deadline = self.loop.call_later(HEADER_TIMEOUT, self._too_slow)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            log.debug("closing a connection whose request headers took over %ss", HEADER_TIMEOUT)
            self.transport.close()
