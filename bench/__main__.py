"""`python -m bench`: every scenario against Floor and the bare baseline, one table.

Servers run pinned to one core and the load generator to the other; every
scenario gets fresh server processes, and Floor and the baseline are measured
in the same run, one after the other.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.servers import (
    LOAD_CORE,
    Server,
    pinned,
    start_baseline,
    start_floor,
    start_pair,
    start_redis,
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Plan:
    sizes: tuple[int, ...] = (100, 1000, 5000)
    rounds: dict[int, int] | None = None
    cpu_n: int = 1000
    hands: int = 1000
    watchers: int = 1000
    idle_n: int = 2000
    storm_sizes: tuple[int, ...] = (1000, 5000)
    slow_n: int = 1000
    slow_rounds: int = 150
    # Everyone in the list of speakers (an introductions round): pushes of ~20 KB,
    # enough for a page that stops reading to fill the server's socket buffer.
    slow_hands: int = 1000
    churn_n: int = 1000
    churn_rounds: int = 200
    languages_n: int = 1000  # pages in one language against as many over the six

    def rounds_for(self, n: int) -> int:
        return (self.rounds or {}).get(n, 100)


FULL = Plan(rounds={100: 200, 1000: 100, 5000: 100})
SMOKE = Plan(
    sizes=(50,), rounds={50: 10}, cpu_n=50, hands=50, watchers=50, idle_n=50,
    storm_sizes=(50,), slow_n=100, slow_rounds=10, slow_hands=10, churn_n=50, churn_rounds=20,
    languages_n=50,
)
SCENARIOS = ("latency", "burst", "idle", "storm", "slow", "churn", "languages")
LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")


def redis_ready() -> bool:
    """Floor has its Redis store (`floor serve --redis`) and redis-server is installed."""
    from floor.cli import parser

    has_flag = any("--redis" in a.option_strings for sub in _subcommands(parser())
                   for a in sub._actions)
    return has_flag and shutil.which("redis-server") is not None


def _subcommands(top: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.values())
    return []


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def load(spec: dict[str, Any], timeout: float = 900) -> dict[str, Any]:
    """Run one scenario in the load generator process, pinned to its own core."""
    argv = pinned(LOAD_CORE, [sys.executable, "-m", "bench.load", json.dumps(spec)])
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed on {spec['scenario']}:\n{done.stderr}")
    if done.stderr.strip():
        log(done.stderr.rstrip())
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def against(start: Callable[[], Server], spec: dict[str, Any]) -> dict[str, Any]:
    with start() as server:
        result = load({**spec, "urls": server.urls, "server_pid": server.pid,
                       "server_pids": [server.pid]})
    log(f"  {server.kind} {spec['scenario']} {spec.get('n', '')}: {json.dumps(result)}")
    return result


def run(plan: Plan, only: frozenset[str] = frozenset(SCENARIOS)) -> dict[str, Any]:
    """Every scenario (or `only` those); results keyed by scenario, then floor/baseline."""
    results: dict[str, Any] = {"only": sorted(only)}
    with start_floor() as floor:
        captured = load({"scenario": "capture", "urls": floor.urls})
    fragment = captured["fragment"]
    results["fragment_bytes"] = captured["bytes"]
    log(f"Floor's participant push for a chair message: {captured['bytes']} bytes")

    def both(key: str, spec: dict[str, Any], *, deflate: bool = False) -> None:
        log(key)
        results[key] = {
            "floor": against(lambda: start_floor(deflate=deflate), spec),
            "baseline": against(lambda: start_baseline(fragment, deflate=deflate), spec),
        }

    def latency(n: int) -> None:
        log(f"latency_{n}")
        with contextlib.ExitStack() as stack:
            floor = stack.enter_context(start_floor())
            baseline = stack.enter_context(start_baseline(fragment))
            targets = [{"name": s.kind, "urls": s.urls, "server_pids": [s.pid]}
                       for s in (floor, baseline)]
            if redis_ready():
                redis = stack.enter_context(start_redis())
                pair = stack.enter_context(start_pair(redis.url))
                targets.append({"name": pair.kind, "urls": pair.urls,
                                "server_pids": [*pair.pids, redis.process.pid]})
            results[f"latency_{n}"] = result = load(
                {"scenario": "latency", "n": n, "rounds": plan.rounds_for(n), "targets": targets})
        log(f"  {json.dumps(result)}")

    if "latency" in only:
        for n in plan.sizes:
            latency(n)
        if plan.cpu_n not in plan.sizes:
            latency(plan.cpu_n)
    if "burst" in only:
        log("burst")
        results["burst"] = {"floor": against(start_floor, {
            "scenario": "burst", "hands": plan.hands, "watchers": plan.watchers})}
    if "idle" in only:
        both("idle", {"scenario": "idle_memory", "n": plan.idle_n})
        both("idle_deflate", {"scenario": "idle_memory", "n": plan.idle_n, "deflate": True},
             deflate=True)
    if "storm" in only:
        for n in plan.storm_sizes:
            both(f"storm_{n}", {"scenario": "storm", "n": n})
    if "churn" in only:
        log("churn")
        results["churn"] = {"floor": against(start_floor, {
            "scenario": "churn", "n": plan.churn_n, "rounds": plan.churn_rounds})}
    if "languages" in only:
        # Two Floor processes, the same pages and rounds interleaved: one has every page in
        # one language, the other spreads them over the six (one render per language).
        n = plan.languages_n
        log(f"languages_{n}")
        with start_floor() as one, start_floor() as six:
            spread = [f"{six.urls['page']}?lang={code}" for code in LANGUAGES]
            targets = [
                {"name": "one language", "urls": one.urls, "server_pids": [one.pid]},
                {"name": "six languages", "urls": {**six.urls, "page": spread},
                 "server_pids": [six.pid]},
            ]
            results["languages"] = result = load(
                {"scenario": "latency", "n": n, "rounds": plan.rounds_for(n), "targets": targets})
        log(f"  {json.dumps(result)}")
    if "slow" not in only:
        return results
    with start_floor() as floor:
        busy = load({"scenario": "capture", "urls": floor.urls, "hands": plan.slow_hands})
    results["slow_fragment_bytes"] = busy["bytes"]
    log(f"slow: Floor's push with {plan.slow_hands} speakers listed: {busy['bytes']} bytes")
    spec = {"scenario": "slow", "n": plan.slow_n, "rounds": plan.slow_rounds}
    log("slow")
    results["slow"] = {
        "floor": against(start_floor, {**spec, "hands": plan.slow_hands}),
        "baseline": against(lambda: start_baseline(busy["fragment"]), spec),
    }
    return results


# the table -------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"


def _ratio(floor: float | None, base: float | None) -> str:
    if floor is None or base is None or base == 0:
        return "—"
    return f"{floor / base:.2f}x"


def table(results: dict[str, Any], plan: Plan) -> str:
    rows: list[tuple[str, str, str, str]] = []

    def row(label: str, floor: float | None, base: float | None,
            fmt: Callable[[float | None], str] = _ms) -> None:
        rows.append((label, fmt(floor), fmt(base), _ratio(floor, base)))

    if f"latency_{plan.cpu_n}" in results:
        for n in plan.sizes:
            f, b = results[f"latency_{n}"]["floor"], results[f"latency_{n}"]["baseline"]
            for q in ("p50", "p99", "max"):
                row(f"chair action → last of {n:,} pages, {q}", f.get(f"{q}_ms"), b.get(f"{q}_ms"))
            row(f"chair action → first of {n:,} pages, p50 (the fixed cost)",
                f.get("first_p50_ms"), b.get("first_p50_ms"), lambda v: "—" if v is None else
                f"{v:.2f} ms")
        cpu = results[f"latency_{plan.cpu_n}"]
        row(f"server CPU per delivered frame (N={plan.cpu_n:,})", cpu["floor"]["cpu_us_per_frame"],
            cpu["baseline"]["cpu_us_per_frame"], lambda v: "—" if v is None else f"{v:.1f} µs")
    if "burst" in results:
        burst = results["burst"]["floor"]
        rows.append((
            f"burst: {plan.hands:,} hands in 1 s, {plan.watchers:,} pages watch: hands lost",
            str(burst["lost"]), "n/a", "—"))
        rows.append(("burst: every page converged, after the last hand",
                     _ms(burst["converge_ms"]) if not burst["timed_out"] else "timed out",
                     "n/a", "—"))

    def kib(v: float | None) -> str:
        return "—" if v is None else f"{v:.1f} KiB"

    if "idle" in results:
        for key, label in (("idle", "without compression"), ("idle_deflate", "with deflate")):
            r = results[key]
            row(f"memory per idle connection, {label}", r["floor"]["kib_per_connection"],
                r["baseline"]["kib_per_connection"], kib)
    if f"storm_{plan.storm_sizes[0]}" in results:
        for n in plan.storm_sizes:
            r = results[f"storm_{n}"]
            row(f"reconnect storm: all {n:,} pages have the full state", r["floor"]["all_state_ms"],
                r["baseline"]["all_state_ms"])
    if "churn" in results:
        r = results["churn"]["floor"]
        quiet, churn = r["quiet"].get("p99_ms"), r["churn"].get("p99_ms")
        steady = plan.churn_n - r["churning_pages"]
        rows.append((f"presence churn: chair action → last of {steady:,} pages, p99, no churn",
                     _ms(quiet), "n/a", "—"))
        rows.append((f"presence churn: the same with {r['churning_pages']} pages reconnecting"
                     f" a minute ({r['reconnects']} reconnects), p99", _ms(churn), "n/a",
                     f"{_ratio(churn, quiet)} of no churn"))
    if "languages" in results:
        r = results["languages"]
        six, one = r["six languages"], r["one language"]
        for q in ("p50", "p99"):
            rows.append((
                f"chair action → last of {plan.languages_n:,} pages over six languages, {q}",
                _ms(six.get(f"{q}_ms")), f"{_ms(one.get(f'{q}_ms'))} (one language)",
                f"{_ratio(six.get(f'{q}_ms'), one.get(f'{q}_ms'))} of one language"))
    if "slow" in results:
        slow = results["slow"]
        f, b = slow["floor"], slow["baseline"]
        row(f"slow consumers: others' p99 before (N={plan.slow_n:,}, "
            f"{results['slow_fragment_bytes'] / 1024:.0f} KiB pushes)",
            f["before"].get("p99_ms"), b["before"].get("p99_ms"))
        for phase, label in (("after", "after 1% stop reading"), ("later", "later still")):
            fa, ba = f[phase], b[phase]
            rows.append((
                f"slow consumers: others' p99 {label}",
                _ms(fa.get("p99_ms")) if not fa["stalled"] else "stalled",
                _ms(ba.get("p99_ms")) if not ba["stalled"] else "stalled",
                _ratio(fa.get("p99_ms"), ba.get("p99_ms")) if not ba["stalled"] else "—",
            ))

        def mib(r: dict[str, Any], key: str) -> str:
            return f"{r[key + '_before_mib']:.0f} → {r[key + '_after_mib']:.0f} MiB"

        rows.append(("slow consumers: server memory (RSS)", mib(f, "rss"), mib(b, "rss"), "—"))
        rows.append(("slow consumers: kernel TCP buffers, whole machine", mib(f, "tcp"),
                     mib(b, "tcp"), "—"))
    if f"latency_{plan.cpu_n}" not in results:
        pass
    elif all("floor-redis" in results[f"latency_{n}"] for n in plan.sizes):
        for n in plan.sizes:
            r = results[f"latency_{n}"]
            f, b, e = r["floor-redis"], r["baseline"], r["floor"]
            for q in ("p50", "p99", "max"):
                fq, eq = f.get(f"{q}_ms"), e.get(f"{q}_ms")
                extra = (f" (embedded {eq:.1f} ms, {fq - eq:+.1f} ms)"
                         if fq is not None and eq is not None else "")
                rows.append((f"Redis, 2 processes: chair action → last of {n:,} pages, {q}",
                             _ms(fq) + extra, _ms(b.get(f"{q}_ms")),
                             _ratio(fq, b.get(f"{q}_ms"))))
    else:
        rows.append(("Redis store, two processes: latency rows", "missing", "missing", "—"))
    lines = ["| scenario | Floor | baseline | Floor / baseline |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import os

    return (f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, "
            f"Python {platform.python_version()}")


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_quiet(seconds: float) -> None:
    """Others' work on the machine shows up in every figure: wait for it to end."""
    deadline = time.monotonic() + seconds
    while load_average() > 1.0 and time.monotonic() < deadline:
        log(f"waiting for a quiet machine: load average {load_average():.2f}")
        time.sleep(15)


def revision() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.strip()

    dirty = " with uncommitted changes" if git("status", "--porcelain", "--", "server",
                                              "web", "bench") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--smoke", action="store_true", help="N=50: a quick check that it all runs")
    p.add_argument("--json", type=Path, help="also write every figure to this file")
    p.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                   help="first wait up to this long for the load average to fall below 1")
    p.add_argument("--only", metavar="SCENARIOS",
                   help="run only these, separated by commas: " + ", ".join(SCENARIOS))
    p.add_argument("--table-from", type=Path, metavar="JSON",
                   help="print the table of an earlier run's --json file; run nothing")
    args = p.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    if args.table_from:
        saved = json.loads(args.table_from.read_text())
        print_table(saved, plan)
        return 0
    if args.wait_quiet:
        wait_quiet(args.wait_quiet)
    began = time.time()
    load_before = load_average()
    only = frozenset(args.only.split(",")) if args.only else frozenset(SCENARIOS)
    unknown = only - set(SCENARIOS)
    if unknown:
        p.error(f"no such scenario: {', '.join(sorted(unknown))}")
    results = run(plan, only)
    results["load_average"] = [load_before, load_average()]
    results["revision"] = revision()
    results["machine"] = machine()
    results["date"] = time.strftime("%Y-%m-%d", time.gmtime(began))
    results["seconds"] = round(time.time() - began)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print_table(results, plan)
    return 0


def print_table(results: dict[str, Any], plan: Plan) -> None:
    start, end = results["load_average"]
    print(f"Floor bench, {results['date']}, {results['machine']}, at {results['revision']}")
    print(f"load average (1 min) at start {start:.2f}, at end {end:.2f}; "
          f"{results['seconds']} s")
    print(f"participant push for a chair message: {results['fragment_bytes']} bytes\n")
    print(table(results, plan))


if __name__ == "__main__":
    sys.exit(main())
