"""Entry point: ``python -m benchmarks [--quick] [--only NAME ...]``."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import time

from benchmarks import BENCHMARKS
from benchmarks._common import Config, out


async def _run(names: list[str], cfg: Config) -> None:
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        started = time.perf_counter()
        await module.run(cfg)
        out(f"({name}: {time.perf_counter() - started:.1f} s)")
        out()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="SDK vs baseline ratios, measured in one process on 127.0.0.1.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: proves it runs (about 3 s)"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args(argv)
    names = [n for n in BENCHMARKS if not args.only or n in args.only]
    cfg = Config(quick=args.quick)
    out(
        f"mainwp-async benchmarks ({'quick' if cfg.quick else 'full'}; "
        f"Python {sys.version.split()[0]}; ratios are SDK / baseline in this process)"
    )
    out()
    started = time.perf_counter()
    asyncio.run(_run(names, cfg))
    out(f"total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
