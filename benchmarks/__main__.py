"""Entry point: ``python -m benchmarks [--quick] [--only NAME ...] [--json PATH]``."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import time
from pathlib import Path

from benchmarks._common import REPORT, Config, machine, out, table

# name, module with ``async def run(cfg: Config) -> None``: one line per benchmark.
BENCHMARKS: list[tuple[str, str]] = [
    ("calls", "benchmarks.calls"),
    ("decode", "benchmarks.decode"),
    ("import", "benchmarks.importtime"),
    ("fanout", "benchmarks.fanout"),
    ("workers", "benchmarks.workers"),
    ("timeout", "benchmarks.queue_timeout"),
    ("adaptive", "benchmarks.adaptive"),
]

DEFAULT_JSON = Path("build") / "benchmarks.json"


async def _run(names: list[str], cfg: Config) -> None:
    modules = dict(BENCHMARKS)
    for name in names:
        module = importlib.import_module(modules[name])
        cfg.report.current = name
        started = time.perf_counter()
        await module.run(cfg)
        seconds = time.perf_counter() - started
        cfg.report.record("seconds", round(seconds, 2))
        out(f"({name}: {seconds:.1f} s)")
        out()


def _summary(cfg: Config) -> None:
    if not cfg.report.rows:
        return
    m = machine()
    out(
        f"== the performance table ({'quick: tiny sizes, not meaningful' if cfg.quick else 'full'}"
        f"; {m['cpus']} CPUs {m['cpu']}; Python {m['python']}; load {m['load_average']})"
    )
    table(
        ("measure", "now", "target", "measured", "note"),
        [r.cells() for r in cfg.report.rows],
    )
    missed = [r.name for r in cfg.report.rows if not r.met]
    out(f"{len(cfg.report.rows) - len(missed)}/{len(cfg.report.rows)} targets met")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="SDK vs baseline, measured side by side on 127.0.0.1; ratios printed "
        "and written as JSON.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: proves it runs")
    names = [name for name, _ in BENCHMARKS]
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(names)}",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        metavar="PATH",
        help=f"where to write the results (default {DEFAULT_JSON})",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        metavar="N",
        help="interleaved rounds of the calls benchmark (default 5; more on a noisy machine)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    chosen = [n for n in names if not args.only or n in args.only]
    cfg = Config(quick=args.quick, report=REPORT, rounds=args.rounds)
    out(
        f"mainwp-async benchmarks ({'quick' if cfg.quick else 'full'}; "
        f"Python {sys.version.split()[0]}; the machine may be shared: read the IQRs)"
    )
    out()
    started = time.perf_counter()
    asyncio.run(_run(chosen, cfg))
    _summary(cfg)
    cfg.report.write(args.json, quick=cfg.quick)
    out(f"total {time.perf_counter() - started:.1f} s; results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
