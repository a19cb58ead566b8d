"""Options shared by the dashboard commands, and the loop over dashboards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

from ..errors import ConfigurationError, MainWPError
from .output import Failure, Output
from .runtime import SiteFilter, Target, exit_code, failure, resolve_targets

if TYPE_CHECKING:
    from ..client import MainWP

F = TypeVar("F", bound=Callable[..., Any])

Rows = list[dict[str, Any]]


@attrs.frozen(kw_only=True)
class Options:
    """The shared options of one invocation."""

    profiles: tuple[str, ...]
    all_profiles: bool
    fmt: str
    concurrency: int
    _outputs: list[Output] = attrs.field(factory=list, alias="_outputs")

    def output(self, command: str) -> Output:
        """Where this command's output goes."""
        out = Output(self.fmt, command=command)
        self._outputs.append(out)
        return out

    def targets(self) -> list[Target]:
        """The dashboards to run against (tables get a dashboard column when several)."""
        found = resolve_targets(self.profiles, self.all_profiles, concurrency=self.concurrency)
        for out in self._outputs:
            out.multi = len(found) > 1
        return found


def dashboard_options(fn: F) -> F:
    """``--profile``, ``--all-profiles``, ``--json|--jsonl|--csv``, ``--concurrency``."""
    decorators = [
        click.option(
            "--profile",
            "profiles",
            multiple=True,
            metavar="NAME",
            help="Dashboard profile to use (repeatable). Default: MAINWP_URL/MAINWP_TOKEN, "
            "else the only (or the 'default') profile.",
        ),
        click.option("--all-profiles", is_flag=True, help="Run against every configured profile."),
        click.option(
            "--json",
            "fmt",
            flag_value="json",
            help='One JSON document: {"command", "items", "failures"}.',
        ),
        click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON object per line."),
        click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row."),
        click.option(
            "--table",
            "fmt",
            flag_value="table",
            default=True,
            help="A table for people (the default).",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(1, 256),
            default=8,
            show_default=True,
            help="Requests in flight per dashboard.",
        ),
    ]
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def site_filter_options(fn: F) -> F:
    """``--site``, ``--tag``, ``--client``, ``--status``."""
    decorators = [
        click.option(
            "--site",
            "site_ids",
            type=int,
            multiple=True,
            metavar="ID",
            help="Site id (repeatable).",
        ),
        click.option("--tag", metavar="NAME|ID", help="Only sites with this tag."),
        click.option("--client", metavar="NAME|EMAIL|ID", help="Only sites of this client."),
        click.option(
            "--status",
            type=click.Choice(["connected", "disconnected", "suspended"]),
            help="Only sites in this state.",
        ),
    ]
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def options(profiles: tuple[str, ...], all_profiles: bool, fmt: str, concurrency: int) -> Options:
    """Bundle the shared options."""
    return Options(profiles=profiles, all_profiles=all_profiles, fmt=fmt, concurrency=concurrency)


def site_filter(
    site_ids: tuple[int, ...], tag: str | None, client: str | None, status: str | None
) -> SiteFilter:
    """Bundle the site options."""
    return SiteFilter(site_ids=site_ids, tag=tag, client=client, status=status)


PerDashboard = Callable[[str, "MainWP"], Awaitable[tuple[Rows, list[Failure]]]]


async def each_dashboard(
    targets: Sequence[Target], fn: PerDashboard
) -> tuple[Rows, list[Failure], int]:
    """Run ``fn`` on every dashboard at once; a dashboard that fails is one failure.

    Each row gets a ``dashboard`` key; returns all rows, all failures and how many
    dashboards answered.
    """

    async def one(target: Target) -> tuple[Rows, list[Failure]]:
        try:
            async with target.open() as mw:
                rows, failures = await fn(target.name, mw)
        except ConfigurationError as exc:
            if len(targets) == 1:
                raise  # one dashboard: a usage error (exit 2)
            return [], [failure(target.name, exc)]
        except MainWPError as exc:
            return [], [failure(target.name, exc)]
        return [{"dashboard": target.name, **r} for r in rows], failures

    import asyncio

    results = await asyncio.gather(*(one(t) for t in targets))
    rows = [r for rs, _ in results for r in rs]
    failures = [f for _, fs in results for f in fs]
    down = {f.dashboard for f in failures if f.site_id is None and f.site is None}
    return rows, failures, len(targets) - len(down)


def finish(ok: int, failures: Sequence[Failure]) -> int:
    """The exit code for ``ok`` handled things and ``failures``."""
    return exit_code(ok, len(failures))
