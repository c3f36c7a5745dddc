"""Real `floor serve` processes on free ports, for integration and browser tests."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SLUG = "iom-gcm-2017"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class FloorServer:
    """One `floor serve` process; `stop`/`kill` and `start` again on the same data."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None
    links: dict[str, str] = field(default_factory=dict)
    output: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # extra environment for the process

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def chair_key(self) -> str:
        return self.links["chair"].split("key=", 1)[1]

    def start(self, *extra: str) -> FloorServer:
        env = {**os.environ, "FLOOR_PUBLIC_URL": self.base, "PYTHONUNBUFFERED": "1", **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "floor.cli", "serve", "--data", str(self.data_dir),
             "--port", str(self.port), "--log-level", "warning", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + 20
        while len(self.links) < 3:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("floor serve exited:\n" + "".join(self.output))
            self.output.append(line)
            match = re.match(r"\s+(chair|screen|join): (\S+)", line)
            if match:
                self.links[match[1]] = match[2]
            if time.monotonic() > deadline:
                raise RuntimeError("floor serve printed no links:\n" + "".join(self.output))
        # Keep reading so that a chatty server never blocks on a full pipe.
        threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()
        self._wait_healthy(deadline)
        return self

    def _drain(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        with process.stdout:
            for line in process.stdout:
                self.output.append(line)

    def _wait_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("floor serve did not become healthy")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers run, like a crash."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
            self.process = None
            self.links = {}

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self.process = None
            self.links = {}
