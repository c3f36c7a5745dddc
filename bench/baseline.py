"""The bare baseline: Starlette on the same uvicorn, one websocket endpoint.

Every page gets the current fragment on connect; a chair message
{"type": "show_message", "text": T} swaps T into the pre-rendered fragment
(Floor's real participant push, captured in the same run) and sends it to
every page with a plain `send_text` loop. No rendering, no store, no
mailboxes: the floor that no app logic can beat.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

PLACEHOLDER = "@@TEXT@@"


def create_app(fragment: str) -> Starlette:
    pages: set[WebSocket] = set()
    current = [fragment.replace(PLACEHOLDER, "")]

    async def endpoint(ws: WebSocket) -> None:
        await ws.accept()
        chair = ws.query_params.get("role") == "chair"
        if not chair:
            pages.add(ws)
            await ws.send_text(current[0])
        try:
            while True:
                raw = await ws.receive_text()
                command = json.loads(raw)
                if command.get("type") == "show_message":
                    html = fragment.replace(PLACEHOLDER, str(command["text"]))
                    current[0] = html
                    for page in list(pages):
                        try:
                            await page.send_text(html)
                        except Exception:  # a page that went away mid-loop
                            pages.discard(page)
        except WebSocketDisconnect:
            pass
        finally:
            pages.discard(ws)

    return Starlette(routes=[WebSocketRoute("/ws", endpoint)])


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.baseline")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--fragment", type=Path, required=True)
    p.add_argument("--deflate", action="store_true")
    args = p.parse_args()
    app = create_app(args.fragment.read_text(encoding="utf-8"))
    # The same uvicorn options as `floor serve` (server/cli.py), deflate aside.
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        ws="websockets-sansio",
        ws_per_message_deflate=args.deflate,
        ws_max_size=64 * 1024,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
