"""Server processes for the bench: Floor and the bare baseline, pinned to a core."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVER_CORE = 0
LOAD_CORE = 1
SLUG = "iom-gcm-2017"
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def pinned(core: int, argv: list[str]) -> list[str]:
    """`argv` pinned to one core when taskset exists (it does on our machines)."""
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", str(core), *argv]
    return argv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


@dataclass
class Server:
    """One server process; `urls` tells the load generator how to reach it."""

    kind: str  # "floor" or "baseline"
    process: subprocess.Popen[str]
    urls: dict[str, str]
    workdir: Path
    output: list[str] = field(default_factory=list)
    drain: threading.Thread | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)
        if self.drain is not None:
            self.drain.join(5)  # it closes the pipe at its end
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _drain(process: subprocess.Popen[str], output: list[str]) -> None:
    assert process.stdout is not None
    with process.stdout:
        for line in process.stdout:
            output.append(line)


def _wait_port(port: int, process: subprocess.Popen[Any], output: list[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + "".join(output))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not listen:\n" + "".join(output))


def start_floor(
    *, deflate: bool = False, redis_url: str | None = None, extra: tuple[str, ...] = ()
) -> Server:
    """`floor serve` on a fresh data directory (or Redis) with the reference meeting."""
    workdir = Path(tempfile.mkdtemp(prefix="floor-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "FLOOR_PUBLIC_URL": base,
        "PYTHONUNBUFFERED": "1",
        "FLOOR_BENCH_UVICORN": json.dumps({"ws_per_message_deflate": deflate}),
    }
    argv = [sys.executable, "-m", "bench.floor_server", "serve", "--data",
            str(workdir / "data"), "--port", str(port), "--log-level", "warning", *extra]
    if redis_url is not None:
        argv += ["--redis", redis_url]
    process = subprocess.Popen(
        pinned(SERVER_CORE, argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=env, cwd=Path(__file__).resolve().parent.parent,
    )
    output: list[str] = []
    assert process.stdout is not None
    key = None
    deadline = time.monotonic() + 30
    while key is None:
        line = process.stdout.readline()
        if not line or time.monotonic() > deadline:
            process.kill()
            process.wait(15)
            process.stdout.close()
            shutil.rmtree(workdir, ignore_errors=True)
            raise RuntimeError("floor serve printed no chair link:\n" + "".join(output))
        output.append(line)
        match = re.match(r"\s+chair: \S+key=(\S+)", line)
        if match:
            key = match[1]
    drain = threading.Thread(target=_drain, args=(process, output), daemon=True)
    drain.start()
    server = Server("floor", process, {}, workdir, output, drain)
    try:
        _wait_port(port, process, output)
        _wait_healthy(base)
    except BaseException:
        server.stop()
        raise
    ws = f"ws://127.0.0.1:{port}/m/{SLUG}/ws"
    server.urls = {"chair": f"{ws}?key={key}", "page": ws, "screen": f"{ws}?role=screen"}
    return server


def _wait_healthy(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("floor serve did not become healthy")


def start_baseline(fragment: str, *, deflate: bool = False) -> Server:
    """The bare Starlette broadcast server, sending `fragment` (with @@TEXT@@)."""
    workdir = Path(tempfile.mkdtemp(prefix="floor-bench-"))
    path = workdir / "fragment.html"
    path.write_text(fragment, encoding="utf-8")
    port = free_port()
    argv = [sys.executable, "-m", "bench.baseline", "--port", str(port), "--fragment", str(path)]
    if deflate:
        argv.append("--deflate")
    process = subprocess.Popen(
        pinned(SERVER_CORE, argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, cwd=Path(__file__).resolve().parent.parent,
    )
    output: list[str] = []
    drain = threading.Thread(target=_drain, args=(process, output), daemon=True)
    drain.start()
    ws = f"ws://127.0.0.1:{port}/ws"
    urls = {"chair": f"{ws}?role=chair", "page": ws, "screen": ws}
    server = Server("baseline", process, urls, workdir, output, drain)
    try:
        _wait_port(port, process, output)
    except BaseException:
        server.stop()
        raise
    return server


@dataclass
class Redis:
    """A redis-server of our own, configured as docker-compose.yml runs it."""

    process: subprocess.Popen[bytes]
    url: str
    workdir: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Redis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_redis() -> Redis:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    workdir = Path(tempfile.mkdtemp(prefix="floor-bench-redis-"))
    port = free_port()
    argv = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(workdir),
            # docker-compose.yml: an append-only file synced before every reply.
            "--appendonly", "yes", "--appendfsync", "always", "--save", "",
            "--logfile", str(workdir / "redis.log")]
    process = subprocess.Popen(pinned(SERVER_CORE, argv), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    redis = Redis(process, f"redis://127.0.0.1:{port}/0", workdir)
    try:
        _wait_port(port, process, [])
    except BaseException:
        redis.stop()
        raise
    return redis


@dataclass
class Pair:
    """Two `floor serve --redis` processes: the chair on one, pages on both."""

    servers: tuple[Server, Server]
    kind: str = "floor-redis"

    @property
    def urls(self) -> dict[str, Any]:
        a, b = self.servers
        return {**a.urls, "page": [a.urls["page"], b.urls["page"]]}

    @property
    def pids(self) -> list[int]:
        return [s.pid for s in self.servers]

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def __enter__(self) -> Pair:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_pair(redis_url: str) -> Pair:
    first = start_floor(redis_url=redis_url)
    try:
        second = start_floor(redis_url=redis_url)
    except BaseException:
        first.stop()
        raise
    return Pair((first, second))
