"""docker-compose.yml, the Dockerfile and the proxy agree with what the app expects.

Docker is not available where the tests run, so the files are read and
checked against the CLI, the settings the app reads and each other.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from floor.cli import parser
from floor.store.open import check_redis_url

ROOT = Path(__file__).resolve().parents[1]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
APPS = sorted(name for name, service in SERVICES.items() if "build" in service)
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()
SERVER_SOURCE = "\n".join(p.read_text() for p in (ROOT / "server").rglob("*.py"))
STICKY_POLICIES = {"ip_hash", "client_ip_hash", "uri_hash", "header", "cookie", "query"}


def env(service: str) -> dict[str, str]:
    environment = SERVICES[service]["environment"]
    assert isinstance(environment, dict), "environment as a mapping, please"
    return {key: str(value) for key, value in environment.items()}


def healthcheck(service: str) -> str:
    test = SERVICES[service]["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else str(test)


def depends_healthy(service: str) -> set[str]:
    depends = SERVICES[service].get("depends_on", {})
    return {name for name, how in depends.items() if how.get("condition") == "service_healthy"}


def upstreams() -> list[str]:
    match = re.search(r"reverse_proxy\s+([^{\n]+)\{", CADDYFILE)
    assert match, "no reverse_proxy with upstreams in deploy/Caddyfile"
    return match[1].split()


def test_there_are_redis_a_proxy_and_at_least_two_app_replicas() -> None:
    assert "redis" in SERVICES
    assert "proxy" in SERVICES
    assert len(APPS) >= 2, APPS


def test_redis_keeps_an_append_only_file_on_a_volume() -> None:
    redis = SERVICES["redis"]
    assert str(redis["image"]).startswith("redis:7")
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command
    assert "--appendfsync always" in command  # an acknowledged command survives a crash
    [volume] = redis["volumes"]
    name, mount = volume.split(":")[:2]
    assert mount == "/data"
    assert name in COMPOSE["volumes"]


def test_redis_has_a_health_check() -> None:
    assert "redis-cli ping" in healthcheck("redis")


@pytest.mark.parametrize("app", APPS)
def test_each_app_runs_floor_serve_on_the_shared_redis(
    app: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = env(app)
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    command = SERVICES[app]["command"]
    assert command[0] == "floor"
    args = parser().parse_args(command[1:])
    assert args.command == "serve"
    assert args.host == "0.0.0.0"
    assert args.port == int(settings["FLOOR_PORT"])

    url = urlsplit(check_redis_url(args.redis or settings["FLOOR_REDIS_URL"]))
    assert url.hostname == "redis"
    assert (url.port or 6379) == 6379
    assert "--port" not in SERVICES["redis"]["command"]  # so Redis listens on 6379


@pytest.mark.parametrize("app", APPS)
def test_each_app_sets_only_settings_the_app_reads(app: str) -> None:
    for key in env(app):
        if key.startswith("FLOOR_"):
            assert f'"{key}"' in SERVER_SOURCE, f"{key} is read nowhere in server/"


@pytest.mark.parametrize("app", APPS)
def test_each_app_is_built_here_and_published_only_through_the_proxy(app: str) -> None:
    service = SERVICES[app]
    assert service["build"] in (".", {"context": "."})
    assert "ports" not in service
    assert {str(port) for port in service["expose"]} == {env(app)["FLOOR_PORT"]}


@pytest.mark.parametrize("app", APPS)
def test_each_app_starts_after_redis_and_is_health_checked(app: str) -> None:
    assert depends_healthy(app) == {"redis"}
    check = healthcheck(app)
    assert f"127.0.0.1:{env(app)['FLOOR_PORT']}/healthz" in check


def test_the_apps_agree_on_the_public_address() -> None:
    assert len({env(app)["FLOOR_PUBLIC_URL"] for app in APPS}) == 1
    assert len({env(app)["FLOOR_REDIS_URL"] for app in APPS}) == 1


def test_the_proxy_publishes_the_public_address() -> None:
    proxy = SERVICES["proxy"]
    public = urlsplit(env(APPS[0])["FLOOR_PUBLIC_URL"])
    published = {str(port).split(":")[0]: str(port).split(":")[1] for port in proxy["ports"]}
    assert str(public.port) in published
    assert published[str(public.port)] == "80"
    assert re.search(r"^:80 \{", CADDYFILE, re.M)


def test_the_proxy_uses_the_caddyfile_and_waits_for_healthy_apps() -> None:
    proxy = SERVICES["proxy"]
    assert str(proxy["image"]).startswith("caddy:2")
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert depends_healthy("proxy") == set(APPS)


def test_the_proxy_balances_over_every_app_without_sticky_sessions() -> None:
    assert sorted(upstreams()) == sorted(f"{app}:{env(app)['FLOOR_PORT']}" for app in APPS)
    policy = re.search(r"lb_policy\s+(\S+)", CADDYFILE)
    assert policy is None or policy[1] not in STICKY_POLICIES
    assert re.search(r"health_uri\s+/healthz\b", CADDYFILE)


def test_the_dockerfile_installs_floor_and_serves_it() -> None:
    base = re.search(r"^FROM python:(\d+)\.(\d+)", DOCKERFILE, re.M)
    assert base and (int(base[1]), int(base[2])) >= (3, 11)
    for copied in ("pyproject.toml", "server", "web", "examples"):
        assert re.search(rf"^COPY .*\b{copied}\b", DOCKERFILE, re.M), copied
    assert "pip install -e" not in DOCKERFILE  # the built wheel, not an editable tree
    assert re.search(r"^RUN pip wheel .*\.$", DOCKERFILE, re.M)
    assert re.search(r"pip install /wheels/\*\.whl", DOCKERFILE)
    assert re.search(r'^CMD \["floor", "serve"\]', DOCKERFILE, re.M)
    assert re.search(rf"^EXPOSE {env(APPS[0])['FLOOR_PORT']}$", DOCKERFILE, re.M)


def test_the_readme_explains_docker_compose() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "docker compose up" in readme
