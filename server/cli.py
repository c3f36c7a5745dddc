"""The `floor` command: serve meetings, import agendas."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import unicodedata
from pathlib import Path
from typing import Any

from floor.access import new_chair_key
from floor.domain.agenda import meeting_from_data
from floor.domain.errors import DomainError, FloorError, Refusal, Unavailable
from floor.record.agenda_yaml import load_agenda_yaml
from floor.resources import REFERENCE_MEETING
from floor.store.base import Store
from floor.store.embedded import DataDirError, EmbeddedStore
from floor.store.open import (
    DEFAULT_DATA_DIR,
    StoreSettingError,
    check_redis_url,
    open_store,
    redacted,
)
from floor.store.redis import RedisStore
from floor.web.pages import links
from floor.web.urls import SERVED_URL, is_loopback, lan_address


class CommandLineError(Exception):
    """A command line that cannot be carried out (an unreadable file, an unreachable Redis)."""


DEMO_AGENDA = REFERENCE_MEETING
DEFAULT_DATA = DEFAULT_DATA_DIR


def _data_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("FLOOR_DATA_DIR") or DEFAULT_DATA)


def _redis_url(value: str | None) -> str | None:
    url = value or os.environ.get("FLOOR_REDIS_URL") or None
    return check_redis_url(url) if url else None


def _base_url(host: str, port: int) -> str:
    """The links' base: FLOOR_PUBLIC_URL, else the address phones can reach this machine by
    when listening on every interface (its LAN address), else the host listened on."""
    public = os.environ.get("FLOOR_PUBLIC_URL")
    if public:
        return public.rstrip("/")
    if host in ("0.0.0.0", "::", ""):
        shown = lan_address() or "localhost"
    else:
        shown = "localhost" if host == "127.0.0.1" else host
    return f"http://{shown}:{port}"


async def _import(store: Store, path: Path) -> str:
    data = load_agenda_yaml(path.read_text(encoding="utf-8"))
    meeting = meeting_from_data(data)
    await store.create(meeting, new_chair_key())
    return meeting.slug


async def _print_links(store: Store, base: str, slugs: list[str]) -> None:
    for slug in slugs:
        meeting = await store.load(slug)
        key = await store.chair_key(slug)
        assert meeting is not None and key is not None
        print(f"{printable(meeting.title)} ({slug})")
        for label, url in links(base, slug, key).items():
            print(f"  {label}: {url}")
    sys.stdout.flush()


def printable(text: str) -> str:
    """Text for the operator's terminal: control and format characters shown as escapes.

    Agenda titles come from anyone who can reach `/`: an ESC could drive the
    terminal, a U+202E reverse what follows.
    """
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else ascii(ch)[1:-1] for ch in text
    )


async def _prepare(store: Store, *, demo: bool, base: str, meeting: str | None = None) -> None:
    """Load the reference meeting when asked or when there is none; print the links of one.

    The links printed are those of the meeting asked about (`--meeting`), else
    of the reference meeting; never of every meeting (anyone may have created
    thousands at `/`, and their chair links are theirs).
    """
    slugs = await store.slugs()
    demo_slug = DEMO_AGENDA.stem
    if (demo or not slugs) and demo_slug not in slugs:
        try:
            await _import(store, DEMO_AGENDA)
        except DomainError as exc:
            if exc.code != "slug_taken":  # another process sharing the Redis was quicker
                raise
        slugs = await store.slugs()
    shown = meeting or (demo_slug if demo_slug in slugs else None)
    if shown is not None and shown not in slugs:
        raise DomainError(Refusal.UNKNOWN_MEETING, slug=repr(shown))
    if shown is not None:
        await _print_links(store, base, [shown])
    others = len(slugs) - (shown is not None)
    if others:
        print(f"{others} other meeting(s); `floor serve --meeting SLUG` prints a meeting's links.")
        sys.stdout.flush()


async def _prepare_redis(url: str, *, demo: bool, base: str, meeting: str | None) -> None:
    store = RedisStore(url)
    try:
        await _prepare(store, demo=demo, base=base, meeting=meeting)
    except Unavailable as exc:
        cause = exc.__cause__ or "no answer"
        raise CommandLineError(f"Cannot reach Redis at {redacted(url)}: {cause}") from exc
    finally:
        await store.close()


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from floor.web.app import create_app
    from floor.web.logs import log_config
    from floor.web.slow import HeaderDeadlineProtocol

    redis_url = _redis_url(args.redis)
    if args.lan:
        args.host = "0.0.0.0"
    base = _base_url(args.host, args.port)
    # The pages' QR codes and join links use the address printed here (the workers too),
    # never the one a projector's browser happened to open.
    os.environ[SERVED_URL] = base
    if is_loopback(base):
        print(
            "floor serve: the links name this computer only; phones on the venue's network"
            " cannot reach them. Use --lan (or FLOOR_HOST=0.0.0.0) or set FLOOR_PUBLIC_URL.",
            file=sys.stderr,
        )
    if args.workers > 1 and redis_url is None:
        print(
            f"floor serve: --workers {args.workers} needs Redis: each worker is a process, and"
            " processes share meetings through Redis only. Give --redis URL or FLOOR_REDIS_URL,"
            " or run one worker.",
            file=sys.stderr,
        )
        return 2
    options: dict[str, Any] = dict(
        host=args.host,
        port=args.port,
        ws="websockets-sansio",
        # Deflate costs ~60% more CPU per frame and ~35 KiB per idle connection.
        ws_per_message_deflate=False,
        ws_max_size=64 * 1024,
        log_level=args.log_level,
        log_config=log_config(),  # chair keys taken out of every line
        proxy_headers=True,
        http=HeaderDeadlineProtocol,  # slow request headers: closed after a few seconds
    )
    if redis_url is not None:
        asyncio.run(_prepare_redis(redis_url, demo=args.demo, base=base, meeting=args.meeting))
        if args.workers > 1:
            # Each worker opens its own store from the environment.
            os.environ["FLOOR_REDIS_URL"] = redis_url
            factory = "floor.web.app:create_app_from_env"
            uvicorn.run(factory, factory=True, workers=args.workers, **options)
            return 0
        app = create_app(lambda: RedisStore(redis_url))
    else:
        store = EmbeddedStore(_data_dir(args.data))
        asyncio.run(_prepare(store, demo=args.demo, base=base, meeting=args.meeting))
        app = create_app(lambda: store)
    uvicorn.run(app, **options)
    return 0


def import_agenda(args: argparse.Namespace) -> int:
    async def run() -> None:
        store = open_store(redis_url=_redis_url(args.redis), data_dir=_data_dir(args.data))
        try:
            try:
                slug = await _import(store, Path(args.file))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandLineError(f"cannot read {args.file}: {exc}") from exc
            await _print_links(store, _base_url(args.host, args.port), [slug])
        finally:
            await store.close()

    try:
        asyncio.run(run())
    except (FloorError, CommandLineError) as exc:
        print(f"floor import: {exc}", file=sys.stderr)
        return 2
    return 0


def chair_link(args: argparse.Namespace) -> int:
    """Print a meeting's chair link, or replace its key (every old chair link stops)."""

    async def run() -> str:
        store = open_store(redis_url=_redis_url(args.redis), data_dir=_data_dir(args.data))
        try:
            if await store.load(args.slug) is None:
                raise DomainError(Refusal.UNKNOWN_MEETING, slug=repr(args.slug))
            if args.rotate:
                await store.set_chair_key(args.slug, new_chair_key())
            key = await store.chair_key(args.slug)
            assert key is not None
            return links(_base_url(args.host, args.port), args.slug, key)["chair"]
        finally:
            await store.close()

    try:
        print(asyncio.run(run()))
    except (FloorError, CommandLineError) as exc:
        print(f"floor chair-link: {exc}", file=sys.stderr)
        return 2
    return 0


def export(args: argparse.Namespace) -> int:
    """Write a meeting's minutes (md, csv, json) or agenda (yaml, ics) to a file or stdout."""
    from datetime import date

    from floor.clock import now_ms
    from floor.domain.model import Meeting
    from floor.record.files import render
    from floor.record.times import zone

    async def load() -> Meeting | None:
        store = open_store(redis_url=_redis_url(args.redis), data_dir=_data_dir(args.data))
        try:
            return await store.load(args.slug)
        finally:
            await store.close()

    try:
        meeting = asyncio.run(load())
        if meeting is None:
            raise DomainError(Refusal.UNKNOWN_MEETING, slug=repr(args.slug))
        try:
            day = date.fromisoformat(args.date) if args.date else None
        except ValueError:
            raise DomainError(Refusal.INVALID_DATE) from None
        body = render(meeting, args.format, tz=zone(args.tz), now=now_ms(), day=day)
    except (FloorError, CommandLineError) as exc:
        print(f"floor export: {exc}", file=sys.stderr)
        return 2
    if args.output in (None, "-"):
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        Path(args.output).write_bytes(body)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="floor", description="Live meeting facilitation.")
    sub = top.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default=os.environ.get("FLOOR_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("FLOOR_PORT", "8000")))
        p.add_argument("--data", help="data directory (default ./floor-data, or FLOOR_DATA_DIR)")
        p.add_argument(
            "--redis",
            metavar="URL",
            help="keep meetings in Redis instead (or FLOOR_REDIS_URL), to run several processes",
        )

    s = sub.add_parser("serve", help="serve every meeting in the data directory")
    common(s)
    s.add_argument("--demo", action="store_true", help="also load the reference meeting")
    s.add_argument("--meeting", metavar="SLUG", help="print this meeting's links at start")
    s.add_argument(
        "--lan", action="store_true",
        help="listen on every interface and print links with this machine's LAN address",
    )
    s.add_argument("--log-level", default="info")
    s.add_argument(
        "--workers", type=int, default=1, help="worker processes (more than one needs --redis)"
    )
    s.set_defaults(run=serve)

    i = sub.add_parser("import", help="create a meeting from a YAML agenda")
    common(i)
    i.add_argument("file")
    i.set_defaults(run=import_agenda)

    c = sub.add_parser("chair-link", help="print a meeting's chair link, or replace it")
    common(c)
    c.add_argument("slug")
    c.add_argument(
        "--rotate", action="store_true", help="replace the key: every old chair link stops working"
    )
    c.set_defaults(run=chair_link)

    e = sub.add_parser("export", help="write a meeting's minutes or agenda as a file")
    e.add_argument("slug")
    e.add_argument("--format", required=True, choices=["md", "csv", "json", "yaml", "ics"])
    e.add_argument("--data", help="data directory (default ./floor-data, or FLOOR_DATA_DIR)")
    e.add_argument(
        "--redis", metavar="URL", help="read the meeting from Redis (or FLOOR_REDIS_URL)"
    )
    e.add_argument(
        "--tz", help="IANA time zone of the times (default: the meeting's zone; ics: floating)"
    )
    e.add_argument("--date", help="ics: the meeting's day, YYYY-MM-DD, if its date line has none")
    e.add_argument("--output", "-o", help="file to write (default: standard output)")
    e.set_defaults(run=export)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (DataDirError, StoreSettingError) as exc:
        print(f"floor: {exc}", file=sys.stderr)
        return 1
    except (FloorError, CommandLineError) as exc:  # e.g. Redis unreachable at start-up
        print(f"floor: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
