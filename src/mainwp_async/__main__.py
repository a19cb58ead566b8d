"""Command line: ``python -m mainwp_async demo`` (also the ``mainwp-async`` script)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from ._version import __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="mainwp-async", description="Async SDK for the MainWP Dashboard REST API v2."
    )
    parser.add_argument("--version", action="version", version=f"mainwp-async {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo",
        help="read-only fleet report (MAINWP_URL/MAINWP_TOKEN, else a simulated dashboard)",
    )
    demo.add_argument("--sites", type=int, default=300, help="simulated fleet size")
    demo.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    demo.add_argument("--seed", type=int, default=0, help="simulated fleet seed")
    demo.add_argument(
        "--no-faults", action="store_true", help="do not inject faults into the simulator"
    )
    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import run_demo

        return asyncio.run(
            run_demo(
                sites=args.sites,
                concurrency=args.concurrency,
                seed=args.seed,
                fault_rate=0.0 if args.no_faults else 0.01,
            )
        )
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover
    return 2  # pragma: no cover


if __name__ == "__main__":
    raise SystemExit(main())
