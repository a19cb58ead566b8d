"""What every dashboard command shares: which dashboards, which sites, exit codes, progress.

Dashboards come from ``--profile NAME`` (repeatable), ``--all-profiles``, or the
``MAINWP_URL``/``MAINWP_TOKEN`` shortcut; with none of them, the only profile in the
file (or the one named ``default``). Sites are chosen with ``--site``, ``--tag``,
``--client`` and ``--status`` on top of that.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

from ..errors import ConfigurationError, MainWPError
from .output import Failure, Output

if TYPE_CHECKING:  # (the client and rich load when a command runs, not for --help)
    from ..client import MainWP
    from ..fanout import FanOutResult, ItemResult

__all__ = [
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_USAGE",
    "SiteFilter",
    "Target",
    "exit_code",
    "resolve_targets",
]

T = TypeVar("T")
R = TypeVar("R")

EXIT_OK = 0  #: everything worked
EXIT_ERROR = 1  #: nothing could be done (every dashboard failed, or an API error)
EXIT_USAGE = 2  #: bad arguments or configuration (click's own code for usage errors)
EXIT_PARTIAL = 3  #: some sites or dashboards failed; the others were handled


@attrs.frozen
class Target:
    """One dashboard to talk to: a name for output and a way to open a client."""

    name: str
    open: Callable[..., MainWP]  #: keyword overrides go to ``MainWP(...)``


def exit_code(ok: int, failed: int) -> int:
    """0 when nothing failed, 3 when some did, 1 when everything did."""
    if not failed:
        return EXIT_OK
    return EXIT_PARTIAL if ok else EXIT_ERROR


def _load_profiles() -> dict[str, Any]:
    from ..profiles import load_profiles

    return dict(load_profiles())


def resolve_targets(
    names: Sequence[str], all_profiles: bool, *, concurrency: int | None = None
) -> list[Target]:
    """The dashboards a command runs against (raises ``click.UsageError`` when unclear)."""
    overrides: dict[str, Any] = {}
    if concurrency is not None:
        overrides["max_connections"] = max(concurrency, 1)
    url, token = os.environ.get("MAINWP_URL"), os.environ.get("MAINWP_TOKEN")
    if names or all_profiles:
        if names and all_profiles:
            raise click.UsageError("use --profile or --all-profiles, not both")
        found = _load_profiles()
        if all_profiles and not found:
            raise click.UsageError("no profiles yet: add one with `mainwp-async profile add`")
        chosen = sorted(found) if all_profiles else list(names)
        missing = [n for n in chosen if n not in found]
        if missing:
            known = ", ".join(sorted(found)) or "none"
            raise click.UsageError(f"unknown profile {missing[0]!r} (known: {known})")
        return [_profile_target(found[n], overrides) for n in chosen]
    if url or token:
        if not (url and token):
            have, need = ("MAINWP_URL", "MAINWP_TOKEN") if url else ("MAINWP_TOKEN", "MAINWP_URL")
            raise click.UsageError(f"{have} is set but {need} is not: set {need} as well")
        assert url is not None and token is not None
        return [Target(url, lambda **extra: _client(url, token=token, **{**overrides, **extra}))]
    found = _load_profiles()
    if len(found) == 1 or "default" in found:
        name = "default" if "default" in found else next(iter(found))
        return [_profile_target(found[name], overrides)]
    if found:
        raise click.UsageError(
            f"several profiles ({', '.join(sorted(found))}): choose with --profile NAME "
            "or --all-profiles"
        )
    raise click.UsageError(
        "no dashboard configured: set MAINWP_URL and MAINWP_TOKEN, or add a profile with "
        "`mainwp-async profile add NAME URL`"
    )


def _client(url: str, **options: Any) -> MainWP:
    from ..client import MainWP

    return MainWP(url, **options)


def _profile_target(profile: Any, overrides: dict[str, Any]) -> Target:
    def opener(**extra: Any) -> MainWP:
        try:
            return profile.client(**{**overrides, **extra})  # type: ignore[no-any-return]
        except MainWPError:
            raise
        except Exception as exc:  # a keyring or environment problem: say which profile
            raise ConfigurationError(f"profile {profile.name!r}: {exc}") from None

    return Target(profile.name, opener)


@attrs.frozen(kw_only=True)
class SiteFilter:
    """Which child sites: ids, tag (name or id), client (name, email or id), status."""

    site_ids: tuple[int, ...] = ()
    tag: str | None = None
    client: str | None = None
    status: str | None = None

    async def select(self, mw: MainWP) -> list[Any]:
        """The matching sites (``Site`` models with id, name, url, status, tags), by id."""
        args: dict[str, Any] = {"fields": SITE_FIELDS}
        if self.status:
            args["status"] = self.status
        if self.site_ids:
            args["include"] = list(self.site_ids)
        sites = [s async for s in mw.sites.iter_list(**args)]
        if self.tag is not None:
            wanted = self.tag.lower()
            sites = [
                s
                for s in sites
                if any(k == self.tag or str(v).lower() == wanted for k, v in (s.tags or {}).items())
            ]
            if not sites:
                await _check_tag_exists(mw, self.tag)
        if self.client is not None:
            client_id = await _client_id(mw, self.client)
            sites = [s for s in sites if s.client_id == client_id]
        return sorted(sites, key=lambda s: s.id or 0)


#: The fields a site listing asks for (the full records carry every plugin and theme).
SITE_FIELDS = "id,name,url,status,suspended,client_id,tags,sync_errors"


async def _check_tag_exists(mw: MainWP, tag: str) -> None:
    names = [t.name or "" async for t in mw.tags.iter_list()]
    ids = [str(t.id) async for t in mw.tags.iter_list()] if tag.isdigit() else []
    if tag.lower() not in {n.lower() for n in names} and tag not in ids:
        known = ", ".join(sorted(names)) or "none"
        raise ConfigurationError(f"no tag {tag!r} on this dashboard (tags: {known})")


async def _client_id(mw: MainWP, client: str) -> int:
    if client.isdigit():
        return int(client)
    wanted = client.lower()
    async for c in mw.clients.iter_list():
        if (c.name or "").lower() == wanted or (c.client_email or "").lower() == wanted:
            assert c.id is not None
            return c.id
    raise ConfigurationError(f"no client named {client!r} on this dashboard")


def site_status(site: Any) -> str:
    """``suspended``, else the dashboard's connection status."""
    return "suspended" if site.suspended else (site.status or "unknown")


def site_label(site: Any) -> str:
    """``Name (url)`` for messages."""
    return f"{site.name or '?'} ({site.url})" if site.url else str(site.name or "?")


def failure(dashboard: str, error: BaseException, site: Any = None) -> Failure:
    """A :class:`Failure` record for ``error`` (messages are already redacted by the SDK)."""
    return Failure(
        dashboard=dashboard,
        error=type(error).__name__,
        message=" ".join(str(error).split()) or type(error).__name__,
        site_id=getattr(site, "id", None),
        site=site_label(site) if site is not None else None,
    )


async def fan_out_sites(
    mw: MainWP,
    sites: Sequence[T],
    fn: Callable[[T], Awaitable[R]],
    *,
    concurrency: int,
    output: Output,
    label: str,
) -> FanOutResult[T, R]:
    """``mw.fan_out`` with a progress bar on stderr when it is a terminal."""
    from ..events import fan_out_span

    if not output.err_is_tty or output.fmt != "table" or len(sites) < 2:
        with fan_out_span(label, items=len(sites)):
            return await mw.fan_out(sites, fn, concurrency=concurrency)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("  {task.description}"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=output.console(output.err), transient=True) as bar:
        task = bar.add_task(label, total=len(sites))

        def tick(done: int, total: int, result: ItemResult[Any, Any]) -> None:
            bar.update(task, completed=done)

        with fan_out_span(label, items=len(sites)):
            return await mw.fan_out(sites, fn, concurrency=concurrency, progress=tick)


def run(coro: Awaitable[int]) -> int:
    """Run a command's coroutine; turn configuration errors into usage errors."""

    async def main() -> int:
        return await coro

    try:
        import asyncio

        return asyncio.run(main())
    except ConfigurationError as exc:
        raise click.UsageError(str(exc)) from None
