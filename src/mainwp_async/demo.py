"""The README's main job: a read-only fleet report, fanned out over every site.

:func:`run_demo` runs it against ``MAINWP_URL``/``MAINWP_TOKEN`` when both are set (the
client is pinned to the ``read`` scope, so nothing can be written), against a freshly
started simulated dashboard when neither is, and refuses with a message naming the
missing variable when only one is. :func:`fleet_report` is the same report for any open
client (the CLI's ``report`` command). It lists the sites, fetches each site's details
and abandoned plugins with bounded concurrency and a live progress line, then prints a
summary that fits the terminal (80 columns too): pending updates, abandoned plugins,
disconnected and suspended sites, and every failure with its reason. One site's failure
never stops the others.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sys
import textwrap
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from typing import Any, TextIO

import attrs
from yarl import URL

from . import events, models
from .client import MainWP
from .errors import ConfigurationError, DecodeError, MainWPError, ResponseShapeError
from .fanout import FanOutResult, ItemResult
from .scopes import Scope

__all__ = ["SiteReport", "fleet_report", "plural", "run_demo"]

#: Exit code of a report in which some sites failed (the others were still reported).
EXIT_PARTIAL = 3


@attrs.frozen(kw_only=True)
class SiteReport:
    """What the report learns about one site."""

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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``"1 site"``, ``"2 sites"`` (``many`` for irregular plurals)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


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


def terminal_width(stream: TextIO | None = None, *, fallback: int = 80) -> int:
    """Columns to fit into: the terminal's (or ``COLUMNS``), clamped to 40-120."""
    return max(40, min(shutil.get_terminal_size((fallback, 24)).columns, 120))


class Progress:
    """A one-line live progress bar on a terminal; sparse lines otherwise.

    The live line never reaches the last column, so it does not wrap at 80 columns.
    """

    def __init__(self, total: int, stream: TextIO, *, width: int | None = None) -> None:
        self.total = total
        self.stream = stream
        self.live = stream.isatty()
        self.width = width or terminal_width(stream)
        self.failed = 0
        self.started = time.perf_counter()
        self._next_mark = 0.25

    def line(self, done: int, elapsed: float) -> str:
        """The live line for ``done`` items after ``elapsed`` seconds."""
        rate = done / elapsed if elapsed > 0 else 0.0
        digits = len(str(self.total))
        counts = f" {done:>{digits}}/{self.total} · {self.failed} failed"
        suffix = f"{counts} · {rate:4.0f}/s · {elapsed:4.1f} s"
        if self.width - 3 - len(suffix) < 5:
            suffix = counts  # a narrow terminal: the counts matter more than the speed
        bar_width = min(30, self.width - 3 - len(suffix))
        if bar_width < 5:
            return _fit("  " + suffix.strip(), self.width - 1)
        filled = int(bar_width * done / max(self.total, 1))
        return "  " + "█" * filled + "░" * (bar_width - filled) + suffix

    def __call__(self, done: int, total: int, result: ItemResult[Any, Any]) -> None:
        if result.error is not None:
            self.failed += 1
        if self.live:
            self.stream.write("\r" + self.line(done, time.perf_counter() - self.started))
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
        elif done / max(total, 1) >= self._next_mark or done == total:
            self.stream.write(f"  {done}/{plural(total, 'site')} done, {self.failed} failed\n")
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


def _packed(parts: Sequence[str], width: int) -> list[str]:
    """Join ``parts`` with `` · `` into lines of at most ``width`` columns."""
    lines: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current} · {part}" if current else part
        if current and len(candidate) > width:
            lines.append(current)
            current = part
        else:
            current = candidate
    if current:
        lines.append(current)
    return [_fit(line, width) for line in lines]


def print_summary(
    out: TextIO,
    result: FanOutResult[models.SiteBasic, SiteReport],
    *,
    source: str,
    elapsed: float,
    concurrency: int,
    requests: int,
    width: int | None = None,
    color: bool | None = None,
) -> None:
    """Print the fleet report for ``result`` in ``width`` columns (default: the terminal's)."""
    cols = (width or terminal_width(out)) - 1
    reports = result.values()
    failed = result.failed
    if color is None:
        color = out.isatty() and "NO_COLOR" not in os.environ
    bold, reset = ("\033[1m", "\033[0m") if color else ("", "")
    w = out.write
    w(f"\n{bold}MainWP fleet report{reset}\n")
    for line in textwrap.wrap(source, cols - 2):
        w(f"  {line}\n")
    w(
        _fit(
            f"{plural(len(result), 'site')}, {plural(requests, 'request')} in {elapsed:.1f} s "
            f"({concurrency} at a time, {requests / max(elapsed, 1e-9):.0f} req/s)",
            cols,
        )
        + "\n\n"
    )
    statuses = Counter(r.status for r in reports)
    with_updates = [r for r in reports if r.plugin_updates or r.theme_updates or r.core_update]
    n_plugin = sum(len(r.plugin_updates) for r in reports)
    n_theme = sum(len(r.theme_updates) for r in reports)
    n_core = sum(1 for r in reports if r.core_update)
    abandoned = Counter(a for r in reports for a in r.abandoned)
    rows = [
        (
            "Sites",
            len(result),
            # the server reports suspended sites as a status of their own
            [f"{k} {v}" for k, v in statuses.most_common()] + [f"failed {len(failed)}"],
        ),
        (
            "Sites to update",
            len(with_updates),
            [
                plural(n_plugin, "plugin update"),
                plural(n_theme, "theme update"),
                plural(n_core, "WordPress core update"),
            ],
        ),
        (
            "Abandoned plugins",
            len(abandoned),
            [f"installed {_times(sum(abandoned.values()))}"],
        ),
    ]
    indent = 2 + 18 + 5 + 2
    for label, count, parts in rows:
        lines = _packed(parts, cols - indent)
        w(f"  {label:<18}{count:>5}  {lines[0]}\n")
        for more in lines[1:]:
            w(" " * indent + more + "\n")

    top = Counter((slug, name, new) for r in reports for slug, name, _cur, new in r.plugin_updates)
    name_width = max(10, min(44, cols - 2 - 10 - 2 - 12))
    if top:
        w(f"\n{bold}Plugins waiting for an update{reset} (most sites first)\n")
        for (_slug, name, new), count in top.most_common(8):
            w(f"  {plural(count, 'site'):>10}  {_fit(name, name_width):<{name_width}} → {new}\n")
    if abandoned:
        w(f"\n{bold}Abandoned plugins{reset} (no longer maintained upstream)\n")
        for (_slug, name), count in abandoned.most_common(6):
            w(f"  {plural(count, 'site'):>10}  {_fit(name, cols - 14)}\n")
    disconnected = [r for r in reports if r.status == "disconnected"]
    if disconnected:
        w(f"\n{bold}Disconnected sites{reset} ({len(disconnected)})\n")
        label_width = min(40, cols // 2)
        for r in disconnected[:8]:
            reason = r.sync_error or "no sync error recorded"
            w(_fit(f"  {_fit(_label(r.site), label_width):<{label_width}}  {reason}", cols) + "\n")
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


async def fleet_report(
    mw: MainWP,
    *,
    source: str,
    concurrency: int = 16,
    out: TextIO | None = None,
    err: TextIO | None = None,
    width: int | None = None,
    color: bool | None = None,
) -> FanOutResult[models.SiteBasic, SiteReport]:
    """List every site of an open client, report on each, print the summary; return the results.

    Progress goes to ``err`` (a live bar only when it is a terminal), the report to ``out``.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    requests = 0

    def count(event: events.Event) -> None:
        nonlocal requests
        if isinstance(event, events.ResponseEvent):
            requests += 1

    with events.hooks(count):
        cols = (width or terminal_width(err)) - 1
        err.write("\n".join(textwrap.wrap(f"Listing sites on {source} …", cols)) + "\n")
        listing: Sequence[models.SiteBasic] = [s async for s in mw.sites.iter_basic()]
        err.write(f"Fetching details and abandoned plugins for {plural(len(listing), 'site')} …\n")
        err.flush()
        started = time.perf_counter()
        with events.fan_out_span("report", items=len(listing)):
            result = await mw.fan_out(
                listing,
                lambda site: _report(mw, site),
                concurrency=concurrency,
                progress=Progress(len(listing), err, width=width),
            )
        elapsed = time.perf_counter() - started
    print_summary(
        out,
        result,
        source=source,
        elapsed=elapsed,
        concurrency=concurrency,
        requests=requests,
        width=width,
        color=color,
    )
    return result


def faulty_sites(
    site_ids: Sequence[int], seed: int, fault_rate: float
) -> tuple[set[int], set[int]]:
    """The simulated sites that fail for good, and those that get one transient 503.

    Chosen from ``seed`` alone, so the same seed gives the same failures on every run
    (faults drawn per request would depend on the order concurrent requests arrive).
    """
    rng = random.Random(seed)
    ids = sorted(site_ids)
    broken = round(fault_rate * len(ids))
    flaky = round(min(1.0, 3 * fault_rate) * len(ids))
    return set(rng.sample(ids, broken)), set(rng.sample(ids, flaky))


def _env_target() -> tuple[str, str] | None:
    url, token = os.environ.get("MAINWP_URL"), os.environ.get("MAINWP_TOKEN")
    if url and token:
        return url, token
    if url:
        raise ConfigurationError(
            "MAINWP_URL is set but MAINWP_TOKEN is not: set MAINWP_TOKEN to the REST API key "
            "token (<secret>==<key>), or unset MAINWP_URL to run against the simulator"
        )
    if token:
        raise ConfigurationError(
            "MAINWP_TOKEN is set but MAINWP_URL is not: set MAINWP_URL to your dashboard's "
            "address (https://dash.example), or unset MAINWP_TOKEN to run against the simulator"
        )
    return None


@contextlib.asynccontextmanager
async def _target(sites: int, seed: int, fault_rate: float) -> AsyncIterator[tuple[MainWP, str]]:
    real = _env_target()
    if real is not None:
        async with MainWP(real[0], token=real[1], scope=Scope.READ) as mw:
            yield mw, f"{mw.base_url} (read-only)"
        return
    from .testing import SimulatedDashboard

    async with SimulatedDashboard(sites=sites, seed=seed, latency="realistic") as dash:
        broken, flaky = faulty_sites(list(dash.state.sites), seed, fault_rate)
        for site_id in sorted(broken):
            # An answer cut off mid-JSON: a 200, so never retried; the site fails. (PHP
            # notices before intact JSON would not do: the client recovers that JSON.)
            dash.add_fault("truncated", rate=1.0, route=rf"^/sites/{site_id}/plugins/abandoned$")
        for site_id in sorted(flaky):
            # One transient 503 that the client's retry policy absorbs.
            dash.add_fault("503", rate=1.0, route=rf"^/sites/{site_id}$", times=1)
        note = f", {len(broken)} failing" if fault_rate > 0 else ""
        async with MainWP(dash.url, token=dash.tokens["read"], scope=Scope.READ) as mw:
            yield (
                mw,
                f"simulated dashboard at {dash.url} ({plural(sites, 'site')}, seed {seed}{note})",
            )


async def run_demo(
    *,
    sites: int = 300,
    concurrency: int = 16,
    seed: int = 0,
    fault_rate: float = 0.01,
    out: TextIO | None = None,
    err: TextIO | None = None,
    width: int | None = None,
) -> int:
    """Run the fleet report; returns the exit code: 0, 1 if the listing failed, 2 on bad set-up.

    ``fault_rate`` is the share of simulated sites that fail (ignored against a real
    dashboard); three times as many get one transient 503 that retries absorb.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        _env_target()
    except ConfigurationError as exc:
        err.write(f"error: {exc}\n")
        return 2
    try:
        async with _target(sites, seed, fault_rate) as (mw, source):
            await fleet_report(
                mw, source=source, concurrency=concurrency, out=out, err=err, width=width
            )
    except MainWPError as exc:
        err.write(f"error: {_reason(exc)}\n")
        return 1
    return 0
