"""A real redis-server in a temporary directory, for tests and benches.

Never skipped: scripts/test installs Debian's redis-server when it is missing.
`kill` (SIGKILL, like a crash) and `start` again reuse the same directory and
port, so with `appendonly=True` the restarted server has every write it
acknowledged (the append-only file is synced before each reply).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tests.servers import free_port


def redis_server_binary() -> str:
    found = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(found).exists():
        raise RuntimeError("redis-server is missing: run scripts/test, which installs it")
    return found


@dataclass
class RedisServer:
    """One redis-server; TCP on a free port, or a unix socket in its directory."""

    directory: Path
    appendonly: bool = False
    unix: bool = False
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        return self.directory / "redis.sock"

    @property
    def url(self) -> str:
        if self.unix:
            return f"unix://{self.socket_path}"
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        args = [
            redis_server_binary(),
            "--bind", "127.0.0.1",
            "--port", "0" if self.unix else str(self.port),
            "--dir", str(self.directory),
            "--save", "",
            "--appendonly", "yes" if self.appendonly else "no",
            "--appendfsync", "always",
            "--logfile", str(self.directory / "redis.log"),
        ]  # fmt: skip
        if self.unix:
            args += ["--unixsocket", str(self.socket_path), "--unixsocketperm", "700"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            while True:
                assert self.process is not None
                if self.process.poll() is not None:
                    log = self.directory / "redis.log"
                    raise RuntimeError(
                        "redis-server exited:\n" + (log.read_text() if log.exists() else "")
                    )
                try:
                    if client.ping():
                        return
                except redis.exceptions.BusyLoadingError:
                    pass  # still reading its append-only file
                except redis.exceptions.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not answer PING")
                time.sleep(0.01)
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL: Redis writes nothing more, like a crash."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
            self._close_pipes()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self._close_pipes()

    def _close_pipes(self) -> None:
        assert self.process is not None
        if self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None

    def client(self) -> redis.Redis:
        """A plain synchronous client, for looking at what the store wrote."""
        return redis.Redis.from_url(self.url)
