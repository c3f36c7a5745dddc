"""The `floor` command: serve meetings, import agendas."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

import yaml

from server.access import new_chair_key
from server.domain.agenda import meeting_from_data
from server.domain.errors import DomainError
from server.store.embedded import DataDirError, EmbeddedStore
from server.web.pages import links

ROOT = Path(__file__).resolve().parent.parent
DEMO_AGENDA = ROOT / "examples" / "iom-gcm-2017.yaml"
DEFAULT_DATA = "floor-data"


def _data_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("FLOOR_DATA_DIR") or DEFAULT_DATA)


def _base_url(host: str, port: int) -> str:
    public = os.environ.get("FLOOR_PUBLIC_URL")
    if public:
        return public.rstrip("/")
    shown = "localhost" if host in ("0.0.0.0", "::", "127.0.0.1") else host
    return f"http://{shown}:{port}"


async def _import(store: EmbeddedStore, path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    meeting = meeting_from_data(data)
    await store.create(meeting, new_chair_key())
    return meeting.slug


async def _print_links(store: EmbeddedStore, base: str, slugs: list[str]) -> None:
    for slug in slugs:
        meeting = await store.load(slug)
        key = await store.chair_key(slug)
        assert meeting is not None and key is not None
        print(f"{meeting.title} ({slug})")
        for label, url in links(base, slug, key).items():
            print(f"  {label}: {url}")
    sys.stdout.flush()


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.web.app import create_app

    store = EmbeddedStore(_data_dir(args.data))
    slugs = asyncio.run(store.slugs())
    if (args.demo or not slugs) and DEMO_AGENDA.stem not in slugs:
        asyncio.run(_import(store, DEMO_AGENDA))
    asyncio.run(_print_links(store, _base_url(args.host, args.port), asyncio.run(store.slugs())))
    app = create_app(lambda: store)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ws="websockets-sansio",
        # Deflate costs ~60% more CPU per frame and ~35 KiB per idle connection.
        ws_per_message_deflate=False,
        ws_max_size=64 * 1024,
        log_level=args.log_level,
        proxy_headers=True,
    )
    return 0


def import_agenda(args: argparse.Namespace) -> int:
    store = EmbeddedStore(_data_dir(args.data))
    try:
        slug = asyncio.run(_import(store, Path(args.file)))
    except DomainError as exc:
        print(f"floor import: {exc.message}", file=sys.stderr)
        return 2
    except (OSError, yaml.YAMLError) as exc:
        print(f"floor import: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    asyncio.run(_print_links(store, _base_url(args.host, args.port), [slug]))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="floor", description="Live meeting facilitation.")
    sub = top.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default=os.environ.get("FLOOR_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("FLOOR_PORT", "8000")))
        p.add_argument("--data", help="data directory (default ./floor-data, or FLOOR_DATA_DIR)")

    s = sub.add_parser("serve", help="serve every meeting in the data directory")
    common(s)
    s.add_argument("--demo", action="store_true", help="also load the reference meeting")
    s.add_argument("--log-level", default="info")
    s.set_defaults(run=serve)

    i = sub.add_parser("import", help="create a meeting from a YAML agenda")
    common(i)
    i.add_argument("file")
    i.set_defaults(run=import_agenda)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except DataDirError as exc:
        print(f"floor: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
