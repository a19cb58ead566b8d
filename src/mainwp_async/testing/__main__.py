"""``python -m mainwp_async.testing serve``: run a simulated dashboard until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .app import SimulatedDashboard


async def _serve(args: argparse.Namespace) -> None:
    latency = None if args.latency == "none" else args.latency
    dash = SimulatedDashboard(
        sites=args.sites,
        seed=args.seed,
        latency=latency,
        worker_limit=args.workers,
        profile=args.profile,
        port=args.port,
    )
    async with dash:
        print(f"MainWP simulator listening on {dash.url}/wp-json/mainwp/v2", flush=True)
        for scope, token in dash.tokens.items():
            print(f"  {scope:<10} {token}", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m mainwp_async.testing")
    sub = parser.add_subparsers(dest="cmd", required=True)
    serve = sub.add_parser("serve", help="run a simulated MainWP Dashboard")
    serve.add_argument("--sites", type=int, default=500)
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--latency", choices=("realistic", "none"), default="none")
    serve.add_argument("--workers", type=int, default=None)
    serve.add_argument("--profile", choices=("fleet", "rig"), default="fleet")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
