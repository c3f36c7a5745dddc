"""Choose the store: Redis when a URL is given, else the embedded one in a data directory."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from floor.store.base import Store
from floor.store.embedded import EmbeddedStore
from floor.store.redis import RedisStore

DEFAULT_DATA_DIR = "floor-data"
REDIS_SCHEMES = ("redis", "rediss", "unix")


class StoreSettingError(ValueError):
    """A store setting that cannot work (e.g. a Redis URL of another scheme)."""


def check_redis_url(url: str) -> str:
    """`url` if it is a Redis URL; StoreSettingError naming the accepted schemes otherwise."""
    if urlsplit(url).scheme not in REDIS_SCHEMES:
        raise StoreSettingError(
            f"The Redis URL must start with redis://, rediss:// or unix://, not {redacted(url)!r}."
        )
    return url


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def open_store(*, redis_url: str | None, data_dir: Path | str) -> Store:
    """A Redis store for `redis_url`, else the embedded store in `data_dir`.

    The embedded store raises DataDirError when another process holds the
    directory; StoreSettingError for a URL that is not Redis's.
    """
    if redis_url:
        return RedisStore(check_redis_url(redis_url))
    return EmbeddedStore(data_dir)


def store_from_env() -> Store:
    """The store that FLOOR_REDIS_URL or FLOOR_DATA_DIR name (for the uvicorn factory)."""
    return open_store(
        redis_url=os.environ.get("FLOOR_REDIS_URL") or None,
        data_dir=os.environ.get("FLOOR_DATA_DIR") or DEFAULT_DATA_DIR,
    )
