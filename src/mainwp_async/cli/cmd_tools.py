"""``call``, ``discover``, ``report``, ``serve`` and ``demo``."""

from __future__ import annotations

import contextlib
import json
import sys
from typing import TYPE_CHECKING, Any

import click

from ..errors import MainWPError
from .common import Rows, dashboard_options, each_dashboard, finish, options
from .output import Failure, plain
from .runtime import EXIT_ERROR, EXIT_OK, failure, run

if TYPE_CHECKING:
    from ..client import MainWP


def _value(text: str) -> Any:
    """``key=value`` values: JSON when it parses (numbers, true, lists), else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


@click.command("call")
@click.argument(
    "method", type=click.Choice(["GET", "POST", "PUT", "PATCH", "DELETE"], case_sensitive=False)
)
@click.argument("path")
@click.argument("params", nargs=-1, metavar="[KEY=VALUE]...")
@dashboard_options
def call(method: str, path: str, params: tuple[str, ...], **kw: Any) -> int:
    """Call any endpoint by method and path; print the JSON the server answered.

    PATH is below /wp-json/mainwp/v2, as in a curl line (/sites/3/plugins) or a
    template (/sites/{id_domain}/plugins id_domain=3). Each KEY=VALUE goes to the
    query or the body as that endpoint expects; VALUE is parsed as JSON when it can be
    (3, true, ["a","b"]), else taken as text. A refused call exits 1 with the error on
    stderr. Writes are sent once.

    \b
    Examples:
      mainwp-async call GET /sites/3/plugins
      mainwp-async call GET /sites status=disconnected per_page=5
      mainwp-async call POST /tags/add name=Production
    """
    opts = options(**kw)
    output = opts.output(f"call {method.upper()} {path}")
    args: dict[str, Any] = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{param!r} is not KEY=VALUE", param_hint="PARAMS")
        args[key] = _value(value)

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        raw = await mw.call(method.upper(), path, raw=True, **args)
        if raw.error is not None:
            return [], [failure(name, raw.error)]
        return [{"status": raw.status, "json": plain(raw.json)}], []

    async def main() -> int:
        rows, failures, _ok = await each_dashboard(opts.targets(), per)
        if output.fmt == "table":
            for row in rows:  # the answer as the server sent it, for jq and for people
                output.out.write(json.dumps(row["json"], indent=2, ensure_ascii=False) + "\n")
            output.failures(failures)
        else:
            output.emit(rows, ("dashboard", "status", "json"), failures=failures)
        return finish(len(rows), failures)

    return run(main())


@click.command("discover")
@dashboard_options
def discover(**kw: Any) -> int:
    """Compare the dashboard's live route index with the routes this SDK knows.

    Lists routes the dashboard serves that we lack (paid extensions, newer versions),
    routes we know that it lacks, and method or argument differences. Exit code 0 when
    in sync or not, 1 when the index could not be read.

    \b
    Examples:
      mainwp-async discover
      mainwp-async discover --json | jq '.items[0].added'
    """
    opts = options(**kw)
    output = opts.output("discover")

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        drift = await mw.discover()
        return [
            {
                "in_sync": drift.in_sync,
                "live_routes": drift.live_routes,
                "known_routes": drift.known_routes,
                "added": list(drift.added),
                "removed": list(drift.removed),
                "changed": [c.route for c in drift.changed],
                "summary": drift.summary(),
            }
        ], []

    async def main() -> int:
        rows, failures, ok = await each_dashboard(opts.targets(), per)
        if output.fmt == "table":
            for row in rows:
                output.out.write(f"{row['dashboard']}: {row['summary']}\n")
            output.failures(failures)
        else:
            output.emit(
                rows, ("dashboard", "in_sync", "live_routes", "known_routes"), failures=failures
            )
        return finish(ok, failures)

    return run(main())


@click.command("report")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=16,
    show_default=True,
    help="Requests in flight per dashboard.",
)
@click.option(
    "--profile", "profiles", multiple=True, metavar="NAME", help="Dashboard profile (repeatable)."
)
@click.option("--all-profiles", is_flag=True, help="Report on every configured profile.")
def report(concurrency: int, profiles: tuple[str, ...], all_profiles: bool) -> int:
    """The read-only fleet report (what `demo` shows) for your dashboards.

    Lists every site, fetches each one's details and abandoned plugins, then prints
    pending updates, abandoned plugins, disconnected sites and every failure with its
    reason. The client is pinned to the read scope: nothing is written. Exit code 3
    when some sites failed.

    \b
    Examples:
      MAINWP_URL=https://dash.example MAINWP_TOKEN=... mainwp-async report
      mainwp-async report --all-profiles
    """
    from ..demo import fleet_report
    from ..scopes import Scope

    opts = options(profiles, all_profiles, "table", concurrency)

    async def main() -> int:
        code = EXIT_OK
        for target in opts.targets():
            try:
                async with target.open(scope=Scope.READ) as mw:
                    result = await fleet_report(
                        mw, source=f"{target.name} (read-only)", concurrency=concurrency
                    )
            except MainWPError as exc:
                sys.stderr.write(f"error: {target.name}: {type(exc).__name__}: {exc}\n")
                code = max(code, EXIT_ERROR)
                continue
            if result.failed:
                code = max(code, 3)
        return code

    return run(main())


@click.command("serve")
@click.option(
    "--sites",
    type=click.IntRange(0, 100_000),
    default=500,
    show_default=True,
    help="Number of simulated child sites.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the generated fleet (same seed, same fleet).",
)
@click.option(
    "--latency",
    type=click.Choice(["none", "realistic"]),
    default="none",
    show_default=True,
    help="Service time per request: none, or like a real dashboard "
    "(reads ~65 ms, child writes 0.5-2 s).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 1024),
    default=None,
    help="PHP workers: at most this many requests served at once.  [default: unlimited]",
)
@click.option(
    "--profile",
    "fleet",
    type=click.Choice(["fleet", "rig"]),
    default="fleet",
    show_default=True,
    help="fleet: a generated fleet; rig: the three-site capture rig.",
)
def serve(sites: int, port: int, seed: int, latency: str, workers: int | None, fleet: str) -> int:
    """Run the simulated MainWP Dashboard on 127.0.0.1 until Ctrl-C.

    Prints the URL and a bearer token for each key scope (read, write, delete,
    read_write), ready for MAINWP_URL and MAINWP_TOKEN.

    \b
    Examples:
      mainwp-async serve --sites 50 --port 8765
      mainwp-async serve --latency realistic --workers 2
    """
    import asyncio  # (not loaded for --help)

    from ..testing import SimulatedDashboard

    async def main() -> None:
        dash = SimulatedDashboard(
            sites=sites,
            seed=seed,
            latency=None if latency == "none" else latency,
            worker_limit=workers,
            profile=fleet,
            port=port,
        )
        async with dash:
            click.echo(f"MainWP simulator listening on {dash.url}/wp-json/mainwp/v2")
            for scope, token in dash.tokens.items():
                click.echo(f"  {scope:<10} {token}")
            click.echo(f"export MAINWP_URL={dash.url} MAINWP_TOKEN={dash.tokens['read_write']}")
            sys.stdout.flush()
            await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
    return EXIT_OK


@click.command("demo")
@click.option(
    "--sites",
    type=click.IntRange(1, 100_000),
    default=300,
    show_default=True,
    help="Simulated fleet size.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=16,
    show_default=True,
    help="Requests in flight.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Simulated fleet seed: the same seed gives the same fleet and the same failures.",
)
@click.option(
    "--no-faults",
    is_flag=True,
    help="Inject no faults (by default 1% of sites fail and 3% get one retried 503).",
)
def demo(sites: int, concurrency: int, seed: int, no_faults: bool) -> int:
    """The read-only fleet report, against a simulated dashboard of --sites sites.

    With MAINWP_URL and MAINWP_TOKEN both set it reports on that dashboard instead
    (read-only); with only one of them set it stops and says which one is missing.

    \b
    Examples:
      mainwp-async demo
      mainwp-async demo --sites 50 --seed 3 --no-faults
    """
    import asyncio  # (not loaded for --help)

    from ..demo import run_demo

    return asyncio.run(
        run_demo(
            sites=sites,
            concurrency=concurrency,
            seed=seed,
            fault_rate=0.0 if no_faults else 0.01,
        )
    )
