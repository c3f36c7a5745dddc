"""Sending to a page in the publisher's own step, without a task when it does not block.

A fan-out to thousands of idle pages is mostly sends that complete at once:
their socket has room. Making a task for each (or awaiting each in turn) costs a
task switch per page, which was half of p50 at 5,000 pages. So a send is run by
hand up to its first suspension, in the caller's step (`begin`): most finish
there. Only a send that really waits (a full socket) is handed on, as an
awaitable for a task to finish (`_Rest`), exactly as if that task had run it
from the start.

Contract of `begin(sending)`, called with what `send(html)` returned:

- `DONE`: the send completed in this step.
- `FAILED`: its first step raised (the page is gone); logged at debug level, nothing
  to await. The socket handler notices the closed page and discards it.
- otherwise an awaitable: the send is under way (suspended, or not a coroutine at
  all); await it in a task to finish it. Cancelling that task reaches the send
  too: it is thrown into the coroutine, whose `finally` blocks run.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Coroutine, Generator
from types import CoroutineType
from typing import Any

log = logging.getLogger("floor.live")


class Begun(enum.Enum):
    DONE = "done"
    FAILED = "failed"


def begin(sending: Awaitable[None]) -> Begun | Awaitable[None]:
    """Run `sending` up to its first suspension, here and now (see the module's contract)."""
    if type(sending) is not CoroutineType and not isinstance(sending, Coroutine):
        return sending  # a future or another awaitable: nothing to step by hand
    try:
        waits_on = sending.send(None)
    except StopIteration:
        return Begun.DONE
    except Exception:
        log.debug("send failed", exc_info=True)
        return Begun.FAILED
    return _Rest(sending, waits_on)


class _Rest:
    """The rest of a coroutine already run up to its first suspension.

    Awaiting it hands the object the coroutine suspended on to the awaiting
    task, then drives the coroutine to its end, as if it had run there all along.
    """

    __slots__ = ("_coroutine", "_first")

    def __init__(self, coroutine: Coroutine[Any, Any, None], first: Any) -> None:
        self._coroutine, self._first = coroutine, first

    def __await__(self) -> Generator[Any, Any, None]:
        coroutine, waits_on = self._coroutine, self._first
        while True:
            try:
                value = yield waits_on
            except BaseException as exc:  # cancellation reaches the coroutine too
                try:
                    waits_on = coroutine.throw(exc)
                except StopIteration:
                    return
            else:
                try:
                    waits_on = coroutine.send(value)
                except StopIteration:
                    return
