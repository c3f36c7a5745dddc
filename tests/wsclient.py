"""A websocket client that speaks Floor's protocol, for integration tests."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import websockets


class Client:
    """One page's websocket: send commands, wait for pushed fragments."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.received: list[str] = []

    @classmethod
    async def connect(cls, url: str, **kwargs: Any) -> Client:
        return cls(await websockets.connect(url, **kwargs))

    async def send(self, **command: Any) -> None:
        await self.ws.send(json.dumps(command))

    async def send_raw(self, message: str | bytes) -> None:
        await self.ws.send(message)

    async def wait_for(self, pattern: str, timeout: float = 5.0) -> str:
        """The first message (already received or coming) that matches `pattern`."""
        regex = re.compile(pattern, re.S)
        for message in self.received:
            if regex.search(message):
                return message
        async with asyncio.timeout(timeout):
            while True:
                message = str(await self.ws.recv())
                self.received.append(message)
                if regex.search(message):
                    return message

    async def close(self) -> None:
        await self.ws.close()
