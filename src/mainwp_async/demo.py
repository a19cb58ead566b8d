"""The README's main job: a read-only fleet report, fanned out over every site.

Against ``MAINWP_URL``/``MAINWP_TOKEN`` when both are set (the client is pinned to the
``read`` scope, so nothing can be written), otherwise against a freshly started
simulated dashboard. Lists the sites, fetches each site's details and abandoned plugins
with bounded concurrency and a live progress line, then prints a summary: pending
updates, abandoned plugins, disconnected and suspended sites, and every failure with
its reason. One site's failure never stops the others.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import textwrap
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from typing import Any, TextIO

import attrs
from yarl import URL

from . import models
from .client import MainWP
from .errors import DecodeError, MainWPError, ResponseShapeError
from .fanout import FanOutResult, ItemResult
from .scopes import Scope

__all__ = ["SiteReport", "run_demo"]


@attrs.frozen(kw_only=True)
class SiteReport:
    """What the demo learns about one site."""

    site: models.SiteBasic
    status: str
    suspended: bool
    sync_error: str
    plugins: int
    themes: int
    plugin_updates: tuple[tuple[str, str, str, str], ...]  #: (slug, name, current, new)
    theme_updates: tuple[str, ...]
    core_update: str | None
    abandoned: tuple[tuple[str, str], ...]  #: (slug, name)


async def _report(mw: MainWP, site: models.SiteBasic) -> SiteReport:
    detail = (await mw.sites.get(site.id)).data
    if detail is None:
        raise ResponseShapeError("SitesGetResponse", "data", None, "the answer carries no site")
    # abandoned plugins come keyed by plugin file: {"dir/file.php": {"Name": ...}}
    abandoned = (await mw.sites.plugins_abandoned(site.id)).data or {}
    plugin_updates = []
    for slug, upgrade in sorted((detail.plugin_upgrades or {}).items()):
        offer = upgrade.update.new_version if upgrade.update is not None else None
        plugin_updates.append((slug, upgrade.name or slug, upgrade.version or "?", offer or "?"))
    core = detail.wp_upgrades.new if detail.wp_upgrades is not None else None
    return SiteReport(
        site=site,
        status=detail.status or "unknown",
        suspended=bool(detail.suspended),
        sync_error=detail.sync_errors or "",
        plugins=len(detail.plugins or []),
        themes=len(detail.themes or []),
        plugin_updates=tuple(plugin_updates),
        theme_updates=tuple(sorted(detail.theme_upgrades or {})),
        core_update=core or None,
        abandoned=tuple((slug, item.name or slug) for slug, item in sorted(abandoned.items())),
    )


class _Progress:
    """A one-line live progress bar on a terminal; sparse lines otherwise."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.live = stream.isatty()
        self.failed = 0
        self.started = time.perf_counter()
        self._next_mark = 0.25

    def __call__(self, done: int, total: int, result: ItemResult[Any, Any]) -> None:
        if result.error is not None:
            self.failed += 1
        elapsed = time.perf_counter() - self.started
        if self.live:
            width = 30
            filled = int(width * done / max(total, 1))
            bar = "█" * filled + "░" * (width - filled)
            rate = done / elapsed if elapsed > 0 else 0.0
            self.stream.write(
                f"\r  {bar} {done:>4}/{total} sites · {self.failed} failed"
                f" · {rate:5.0f} sites/s · {elapsed:4.1f} s"
            )
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
        elif done / max(total, 1) >= self._next_mark or done == total:
            self.stream.write(f"  {done}/{total} sites done, {self.failed} failed\n")
            self.stream.flush()
            while self._next_mark <= done / max(total, 1):
                self._next_mark += 0.25


def _reason(error: BaseException) -> str:
    detail = error.reason if isinstance(error, DecodeError) else str(error)
    status = getattr(error, "status", None)
    where = f" (HTTP {status})" if status else ""
    return f"{type(error).__name__}{where}: {' '.join(detail.split())}"


def _label(site: models.SiteBasic) -> str:
    host = URL(site.url).host if site.url else None
    return f"#{site.id} {site.name or '?'} ({host or site.url or '?'})"


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` columns with an ellipsis."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _print_summary(
    out: TextIO,
    result: FanOutResult[models.SiteBasic, SiteReport],
    *,
    source: str,
    elapsed: float,
    concurrency: int,
) -> None:
    cols = max(60, min(shutil.get_terminal_size((100, 24)).columns, 120)) - 1
    reports = result.values()
    failed = result.failed
    bold = "\033[1m" if out.isatty() else ""
    reset = "\033[0m" if out.isatty() else ""
    requests = 2 * len(result)
    w = out.write
    w(f"\n{bold}MainWP fleet report{reset} — {source}\n")
    w(
        f"{len(result)} sites, {requests} requests in {elapsed:.1f} s "
        f"({concurrency} at a time, {requests / max(elapsed, 1e-9):.0f} req/s)\n\n"
    )
    statuses = Counter(r.status for r in reports)
    suspended = [r for r in reports if r.suspended]
    with_updates = [r for r in reports if r.plugin_updates or r.theme_updates or r.core_update]
    n_plugin = sum(len(r.plugin_updates) for r in reports)
    n_theme = sum(len(r.theme_updates) for r in reports)
    n_core = sum(1 for r in reports if r.core_update)
    w(f"  {'Sites':<18}{len(result):>5}   sites · ")
    w(" · ".join(f"{k} {v}" for k, v in statuses.most_common()))
    w(f" · suspended {len(suspended)} · failed {len(failed)}\n")
    w(
        f"  {'Pending updates':<18}{len(with_updates):>5}   sites · {n_plugin} plugin · "
        f"{n_theme} theme · {n_core} WordPress core updates\n"
    )
    abandoned = Counter(a for r in reports for a in r.abandoned)
    w(
        f"  {'Abandoned plugins':<18}{len(abandoned):>5}   plugins · installed "
        f"{sum(abandoned.values())} times\n"
    )

    top = Counter((slug, name, new) for r in reports for slug, name, _cur, new in r.plugin_updates)
    if top:
        w(f"\n{bold}Plugins waiting for an update{reset} (most sites first)\n")
        for (_slug, name, new), count in top.most_common(8):
            w(f"  {count:>4} sites  {name[:44]:<44} → {new}\n")
    if abandoned:
        w(f"\n{bold}Abandoned plugins{reset} (no longer maintained upstream)\n")
        for (_slug, name), count in abandoned.most_common(6):
            w(f"  {count:>4} sites  {name[:60]}\n")
    disconnected = [r for r in reports if r.status != "connected"]
    if disconnected:
        w(f"\n{bold}Disconnected sites{reset} ({len(disconnected)})\n")
        for r in disconnected[:8]:
            reason = r.sync_error or "no sync error recorded"
            w(_fit(f"  {_fit(_label(r.site), 40):<40}  {reason}", cols) + "\n")
        if len(disconnected) > 8:
            w(f"  … and {len(disconnected) - 8} more\n")
    if failed:
        w(f"\n{bold}Failures{reset} ({len(failed)}; every other site was still reported)\n")
        for f in failed[:8]:
            assert f.error is not None
            w(f"  {_fit(_label(f.item), cols - 2)}\n")
            for line in textwrap.wrap(_reason(f.error), cols - 6)[:3]:
                w(f"      {line}\n")
        if len(failed) > 8:
            w(f"  … and {len(failed) - 8} more\n")
    w("\n")


@contextlib.asynccontextmanager
async def _target(sites: int, seed: int, fault_rate: float) -> AsyncIterator[tuple[MainWP, str]]:
    url, token = os.environ.get("MAINWP_URL"), os.environ.get("MAINWP_TOKEN")
    if url and token:
        async with MainWP(url, token=token, scope=Scope.READ) as mw:
            yield mw, f"{mw.base_url} (read-only)"
        return
    from .testing import SimulatedDashboard

    async with SimulatedDashboard(sites=sites, seed=seed, latency="realistic") as dash:
        if fault_rate > 0:
            # A few child sites print PHP notices before the JSON (a 200, so not retried:
            # those sites end up as failures), and transient 503s the client retries away.
            dash.add_fault("notice", rate=fault_rate, route=r"/plugins/abandoned$")
            dash.add_fault("503", rate=min(1.0, 3 * fault_rate), route=r"^/sites/\d+$")
        note = " with injected faults" if fault_rate > 0 else ""
        async with MainWP(dash.url, token=dash.tokens["read"], scope=Scope.READ) as mw:
            yield mw, f"simulated dashboard at {dash.url}, {sites} sites{note}"


async def run_demo(
    *,
    sites: int = 300,
    concurrency: int = 16,
    seed: int = 0,
    fault_rate: float = 0.01,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the fleet report; returns the process exit code (0 unless the listing failed).

    ``fault_rate`` is the share of simulated answers that come back broken (ignored
    against a real dashboard).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        async with _target(sites, seed, fault_rate) as (mw, source):
            out.write(f"Listing sites on {source} …\n")
            listing: Sequence[models.SiteBasic] = [s async for s in mw.sites.iter_basic()]
            out.write(f"Fetching details and abandoned plugins for {len(listing)} sites …\n")
            out.flush()
            started = time.perf_counter()
            result = await mw.fan_out(
                listing,
                lambda site: _report(mw, site),
                concurrency=concurrency,
                progress=_Progress(len(listing), err),
            )
            elapsed = time.perf_counter() - started
    except MainWPError as exc:
        err.write(f"error: {_reason(exc)}\n")
        return 1
    _print_summary(out, result, source=source, elapsed=elapsed, concurrency=concurrency)
    return 0
