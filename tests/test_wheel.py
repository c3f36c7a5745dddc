"""The package installs like any other: a wheel, a fresh virtual environment, `floor serve`."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_installs_and_serves_the_demo(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--wheel-dir",
                    str(wheels), str(ROOT)], check=True, cwd=tmp_path, timeout=300)
    (wheel,) = wheels.glob("floor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"floor", wheel.name.split("-")[0] + "-"
                                                      + wheel.name.split("-")[1] + ".dist-info"}
    assert "floor/assets/templates/chair.html" in names
    assert "floor/examples/iom-gcm-2017.yaml" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True,
                   cwd=tmp_path, timeout=600)
    port = free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "floor"), "serve", "--demo", "--port", str(port),
         "--data", str(tmp_path / "data"), "--log-level", "warning"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert server.stdout is not None
        links: dict[str, str] = {}
        deadline = time.monotonic() + 30
        while len(links) < 3 and time.monotonic() < deadline:
            line = server.stdout.readline()
            assert line, "floor serve exited"
            match = re.match(r"\s+(chair|screen|join): (\S+)", line)
            if match:
                links[match[1]] = match[2]
        assert set(links) == {"chair", "screen", "join"}
        pages = [links["chair"], links["screen"], links["join"],
                 f"http://127.0.0.1:{port}/static/floor.css"]
        for url in pages:
            url = re.sub(r"^http://[^/]+", f"http://127.0.0.1:{port}", url)
            for _ in range(100):
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        assert response.status == 200
                        body = response.read()
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                raise AssertionError(f"{url} did not answer")
            assert body
        assert b"Global Compact" in body or b"floor" in body
    finally:
        server.terminate()
        server.wait(10)
        if server.stdout is not None:
            server.stdout.close()
