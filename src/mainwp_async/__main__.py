"""``python -m mainwp_async`` (also the ``mainwp-async`` script).

The full command line needs the ``cli`` extra (click and rich). Without it, ``demo``
and ``serve`` still work through a small argparse fallback, and anything else says
what to install.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from ._version import __version__

_HINT = "the full command line needs the cli extra: pip install 'mainwp-async[cli]'"


def _fallback(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="mainwp-async",
        description="Async SDK for the MainWP Dashboard REST API v2 (" + _HINT + ").",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mainwp-async {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{demo,serve}")
    demo = commands.add_parser(
        "demo",
        help="read-only fleet report (MAINWP_URL/MAINWP_TOKEN, else a simulated dashboard)",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    demo.add_argument("--sites", type=int, default=300, help="simulated fleet size")
    demo.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    demo.add_argument("--seed", type=int, default=0, help="simulated fleet seed")
    demo.add_argument("--no-faults", action="store_true", help="inject no faults")
    commands.add_parser("serve", help="run the simulator (python -m mainwp_async.testing serve)")
    args, rest = parser.parse_known_args(argv)
    if args.command == "demo" and not rest:
        from .demo import run_demo

        return asyncio.run(
            run_demo(
                sites=args.sites,
                concurrency=args.concurrency,
                seed=args.seed,
                fault_rate=0.0 if args.no_faults else 0.01,
            )
        )
    if args.command == "serve":
        from .testing.__main__ import main as serve

        serve(["serve", *rest])
        return 0
    parser.print_help(sys.stderr)
    sys.stderr.write(f"\n{_HINT}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv``; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from .cli import main as cli_main
    except ImportError as exc:
        if exc.name not in ("click", "rich") and not str(exc.name).startswith(("click.", "rich.")):
            raise
        return _fallback(args)
    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
