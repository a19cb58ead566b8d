"""``python -m mainwp_async`` (also the ``mainwp-async`` script).

The full command line needs the ``cli`` extra (click and rich). Without it, ``demo``
and ``serve`` still work through a small argparse fallback, and anything else says
what to install.
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("command", nargs="?", choices=("demo", "serve"), help="what to run")
    if not argv or argv[0] not in ("demo", "serve"):
        parser.print_help(sys.stderr)
        sys.stderr.write(f"\n{_HINT}\n")
        return 2
    if argv[0] == "serve":
        from .testing.__main__ import main as serve

        serve(["serve", *argv[1:]])
        return 0
    demo = argparse.ArgumentParser(
        prog="mainwp-async demo",
        description="Read-only fleet report (MAINWP_URL/MAINWP_TOKEN, else a simulated dashboard).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    demo.add_argument("--sites", type=int, default=300, help="simulated fleet size")
    demo.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    demo.add_argument("--seed", type=int, default=0, help="simulated fleet seed")
    demo.add_argument("--no-faults", action="store_true", help="inject no faults")
    args = demo.parse_args(argv[1:])
    import asyncio  # (only the fallback demo runs a loop here)

    from .demo import run_demo

    return asyncio.run(
        run_demo(
            sites=args.sites,
            concurrency=args.concurrency,
            seed=args.seed,
            fault_rate=0.0 if args.no_faults else 0.01,
        )
    )


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
