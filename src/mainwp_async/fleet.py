"""Many dashboards at once, each at its own best speed, and the fleet jobs built on them.

``Fleet({"agency-a": mw_a, "agency-b": mw_b})`` (or :meth:`Fleet.from_profiles`) fans out
over the sites of every dashboard at the same time; each dashboard keeps its own client,
token, scope and adaptive gate, so a slow one never holds back a fast one. Every result is
an :class:`~mainwp_async.outcomes.ItemResult` whose ``dashboard`` and ``key`` (a
:class:`FleetSite`'s ``(dashboard, id)``) say where it belongs.

Fleet jobs, each returning per-site results: :meth:`Fleet.check_connectivity`,
:meth:`Fleet.sync_all`, :meth:`Fleet.inventory`, and :meth:`Fleet.plan_updates` (a dry
run: what would be updated where, which sites are skipped and why) followed by
:meth:`Fleet.apply_updates` (apply, sync, verify each update is gone).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AsyncExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .errors import ConfigurationError, MainWPError
from .outcomes import FanOutResult, ItemResult, Summary
from .pending import rows_of_site

if TYPE_CHECKING:
    from .client import MainWP
    from .profiles import Profile

__all__ = ["Fleet", "FleetSite", "PlannedUpdate", "UpdatePlan", "UpdatesNotApplied"]

R = TypeVar("R")

#: The kinds :meth:`Fleet.apply_updates` can install.
_APPLIES = ("plugin", "theme")


class UpdatesNotApplied(MainWPError):
    """After applying and syncing, some targeted updates are still offered."""

    def __init__(self, message: str, *, still_pending: Sequence[tuple[str, str]]) -> None:
        super().__init__(message)
        self.still_pending = tuple(still_pending)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_not_applied, (str(self), self.still_pending))


def _rebuild_not_applied(message: str, pending: Sequence[tuple[str, str]]) -> UpdatesNotApplied:
    return UpdatesNotApplied(message, still_pending=pending)


@attrs.frozen
class FleetSite:
    """One child site of one dashboard."""

    dashboard: str
    id: int
    name: str = attrs.field(default="", eq=False)
    url: str = attrs.field(default="", eq=False)
    status: str = attrs.field(default="connected", eq=False)  #: connected/disconnected/suspended

    @property
    def key(self) -> tuple[str, int]:
        """``(dashboard, site id)``: the fan-out key (and what ``skip=`` takes)."""
        return (self.dashboard, self.id)


@attrs.frozen(kw_only=True)
class PlannedUpdate:
    """One update the plan would apply."""

    site: FleetSite
    type: str  #: ``plugin`` or ``theme``
    slug: str
    name: str = ""
    current_version: str = ""
    new_version: str = ""


@attrs.frozen
class UpdatePlan:
    """The dry run of :meth:`Fleet.apply_updates`: what, where, and who is skipped why."""

    updates: tuple[PlannedUpdate, ...]
    skipped: tuple[tuple[FleetSite, str], ...] = ()

    def by_site(self) -> dict[FleetSite, list[PlannedUpdate]]:
        """The planned updates grouped per site."""
        out: dict[FleetSite, list[PlannedUpdate]] = {}
        for u in self.updates:
            out.setdefault(u.site, []).append(u)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "updates": [
                {"dashboard": u.site.dashboard, "site": u.site.id, "type": u.type,
                 "slug": u.slug, "name": u.name, "current_version": u.current_version,
                 "new_version": u.new_version}
                for u in self.updates
            ],
            "skipped": [{"dashboard": s.dashboard, "site": s.id, "reason": why}
                        for s, why in self.skipped],
        }  # fmt: skip


def _site_key(site: FleetSite) -> tuple[str, int]:
    return site.key


class Fleet:
    """Several dashboards fanned out together; each keeps its own client and limits.

    ``max_concurrency`` (one number, or one per dashboard name) is the ceiling of each
    dashboard's adaptive gate; ``rate_limit`` (req/s, likewise) caps one dashboard's
    starts. Use as ``async with Fleet(...) as fleet:`` to open and close every client.
    """

    def __init__(
        self,
        dashboards: Mapping[str, MainWP],
        *,
        max_concurrency: int | Mapping[str, int] = 16,
        rate_limit: float | Mapping[str, float] | None = None,
        adaptive: bool = True,
    ) -> None:
        if not dashboards:
            raise ConfigurationError("a Fleet needs at least one dashboard")
        self.dashboards = dict(dashboards)
        self._ceiling = max_concurrency
        self._rate = rate_limit
        self._adaptive = adaptive
        self._stack: AsyncExitStack | None = None

    @classmethod
    def from_profiles(
        cls,
        profiles: Mapping[str, Profile] | None = None,
        *,
        names: Sequence[str] | None = None,
        path: Path | None = None,
        **client_options: Any,
    ) -> Fleet:
        """A fleet of the named profiles (default: every profile in the file).

        Each profile's ``max_concurrency`` and ``rate_limit`` become that dashboard's
        ceiling and req/s cap; ``client_options`` go to every ``MainWP(...)``.
        """
        from .profiles import load_profiles

        found = dict(profiles) if profiles is not None else load_profiles(path)
        wanted = list(names) if names is not None else list(found)
        missing = [n for n in wanted if n not in found]
        if missing:
            raise ConfigurationError(f"no profile named {', '.join(map(repr, missing))}")
        chosen = {n: found[n] for n in wanted}
        return cls(
            {n: p.client(**client_options) for n, p in chosen.items()},
            max_concurrency={n: p.max_concurrency or 16 for n, p in chosen.items()},
            rate_limit={n: p.rate_limit for n, p in chosen.items() if p.rate_limit},
        )

    async def __aenter__(self) -> Fleet:
        stack = AsyncExitStack()
        try:
            for mw in self.dashboards.values():
                await stack.enter_async_context(mw)
        except BaseException:
            await stack.aclose()
            raise
        self._stack = stack
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stack is not None:
            stack, self._stack = self._stack, None
            await stack.aclose()

    def __getitem__(self, name: str) -> MainWP:
        return self.dashboards[name]

    def _option(self, value: Any, name: str, default: Any) -> Any:
        if isinstance(value, Mapping):
            return value.get(name, default)
        return default if value is None else value

    # -- sites and fan-out ---------------------------------------------------------

    async def sites(self) -> list[FleetSite]:
        """Every child site of every dashboard (read at once from all of them)."""

        async def one(name: str) -> list[FleetSite]:
            out = []
            async for s in self.dashboards[name].sites.iter_list():
                status = str(getattr(s, "status", "") or "connected")
                if str(getattr(s, "suspended", "0")) in ("1", "True", "true"):
                    status = "suspended"
                out.append(FleetSite(name, int(s.id or 0), str(s.name or ""), str(s.url or ""),
                                     status))  # fmt: skip
            return out

        lists = await asyncio.gather(*(one(n) for n in self.dashboards))
        return [site for part in lists for site in part]

    async def fan_out_iter(
        self,
        sites: Iterable[FleetSite],
        fn: Callable[[MainWP, FleetSite], Awaitable[R]],
        **options: Any,
    ) -> AsyncGenerator[ItemResult[FleetSite, R], None]:
        """Stream ``fn(client, site)`` results from every dashboard as they complete.

        Each dashboard runs its own :meth:`MainWP.fan_out_iter` (own adaptive gate);
        ``options`` (``skip=``, ``retries=``, ``timeout=``, ...) apply to each. Closing the
        stream early cancels every dashboard's calls.
        """
        per: dict[str, list[FleetSite]] = {}
        for site in sites:
            if site.dashboard not in self.dashboards:
                raise ConfigurationError(
                    f"site {site.id} names unknown dashboard {site.dashboard!r}"
                )
            per.setdefault(site.dashboard, []).append(site)
        queue: asyncio.Queue[ItemResult[FleetSite, R] | None] = asyncio.Queue()

        async def pump(name: str, group: list[FleetSite]) -> None:
            mw = self.dashboards[name]
            try:
                async with mw.fan_out_iter(
                    group, lambda s: fn(mw, s), key=_site_key, dashboard=name,
                    concurrency=int(self._option(self._ceiling, name, 16)),
                    rate_limit=self._option(self._rate, name, None),
                    adaptive=self._adaptive, **options,
                ) as run:  # fmt: skip
                    async for result in run:
                        await queue.put(result)
            finally:
                await queue.put(None)

        tasks = [asyncio.ensure_future(pump(n, g)) for n, g in per.items()]
        running = len(tasks)
        try:
            while running:
                item = await queue.get()
                if item is None:
                    running -= 1
                    continue
                yield item
            for task in tasks:
                task.result()  # surface a strict-mode group or a bug
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def fan_out(
        self,
        sites: Iterable[FleetSite],
        fn: Callable[[MainWP, FleetSite], Awaitable[R]],
        *,
        strict: bool = False,
        **options: Any,
    ) -> FanOutResult[FleetSite, R]:
        """Run ``fn(client, site)`` for every site of every dashboard; collect the results."""
        ordered = list(sites)
        position = {s.key: i for i, s in enumerate(ordered)}
        results: list[ItemResult[FleetSite, R]] = []
        stream = self.fan_out_iter(ordered, fn, **options)
        try:
            async for r in stream:
                results.append(r)
        finally:
            await stream.aclose()
        results.sort(key=lambda r: position.get(r.item.key, 0))
        failed = [r for r in results if r.error is not None]
        summary = Summary(total=len(results), succeeded=len(results) - len(failed),
                          failed=len(failed))  # fmt: skip
        outcome = FanOutResult(tuple(results), summary)
        if strict:
            outcome.raise_for_failures()
        return outcome

    # -- fleet jobs ----------------------------------------------------------------

    async def check_connectivity(self, **options: Any) -> FanOutResult[FleetSite, Any]:
        """``POST sites/{id}/check`` on every site: is each child reachable right now."""
        sites = await self.sites()
        return await self.fan_out(sites, lambda mw, s: mw.sites.check(s.id), **options)

    async def sync_all(
        self, *, dry_run: bool = True, **options: Any
    ) -> list[FleetSite] | FanOutResult[FleetSite, Any]:
        """Sync every connected, unsuspended site, one request per site.

        ``dry_run=True`` (the default) returns the sites that would be synced; with
        ``dry_run=False`` the per-site results.
        """
        targets = [s for s in await self.sites() if s.status == "connected"]
        if dry_run:
            return targets
        return await self.fan_out(targets, lambda mw, s: mw.sites.sync(s.id), **options)

    async def inventory(self, **options: Any) -> FanOutResult[FleetSite, dict[str, Any]]:
        """Plugins, themes and pending updates of every site, as typed models per site.

        Each value is ``{"plugins": [Plugin, ...], "themes": [Theme, ...], "updates":
        [PendingUpdate, ...]}``; the updates come from ``GET updates/{site}``, so none is
        lost to the fleet-wide list's 50-row cut-off.
        """

        async def one(mw: MainWP, site: FleetSite) -> dict[str, Any]:
            plugins = await mw.sites.plugins(site.id)
            themes = await mw.sites.themes(site.id)
            updates = await mw.updates.get(site.id)
            return {
                "plugins": list(plugins.data or ()),
                "themes": list(themes.data or ()),
                "updates": rows_of_site(site.id, site.name, updates.data),
            }

        return await self.fan_out(await self.sites(), one, **options)

    async def plan_updates(
        self,
        *,
        types: Sequence[str] = ("plugin", "theme"),
        slugs: Sequence[str] | None = None,
        **options: Any,
    ) -> UpdatePlan:
        """The dry run: every pending plugin/theme update (optionally only ``slugs``).

        Read with one ``GET updates/{site}`` per site (the fleet-wide list stops at 50
        rows). Disconnected and suspended sites are skipped with the reason (an update sent
        there would answer success and change nothing); a site that cannot be read is
        skipped with the error, and the others are still planned.
        """
        bad = [t for t in types if t not in _APPLIES]
        if bad:
            raise ConfigurationError(
                f"plan_updates types must be among {', '.join(_APPLIES)}; got "
                f"{', '.join(map(repr, bad))}"
            )
        sites = await self.sites()
        skipped = tuple((s, f"site is {s.status}") for s in sites if s.status != "connected")
        usable = [s for s in sites if s.status == "connected"]
        wanted = None if slugs is None else set(slugs)

        async def pending(mw: MainWP, site: FleetSite) -> list[PlannedUpdate]:
            answer = await mw.updates.get(site.id)
            return [
                PlannedUpdate(site=site, type=row.type, slug=row.slug, name=row.name,
                              current_version=row.current_version, new_version=row.new_version)
                for row in rows_of_site(site.id, site.name, answer.data, types)
                if wanted is None or row.slug in wanted
            ]  # fmt: skip

        result = await self.fan_out(usable, pending, **options)
        failed = tuple((r.item, f"could not read updates: {r.error}") for r in result.failed)
        planned = tuple(u for value in result.values() for u in value)
        return UpdatePlan(planned, skipped + failed)

    async def apply_updates(
        self, plan: UpdatePlan, **options: Any
    ) -> FanOutResult[FleetSite, dict[str, Any]]:
        """Apply ``plan`` site by site: update, sync, then verify each update is gone.

        Uses the guarded :meth:`SafeWrites.update_items` (refuses a site that went
        disconnected since the plan). A site whose targeted items are still offered after
        the sync fails with :class:`UpdatesNotApplied` listing them.
        """
        by_site = plan.by_site()

        async def one(mw: MainWP, site: FleetSite) -> dict[str, Any]:
            wanted = by_site[site]
            for kind in ("plugin", "theme"):
                slugs = [u.slug for u in wanted if u.type == kind]
                if slugs:
                    await mw.safe.update_items(site.id, kind + "s", slugs)
            await mw.sites.sync(site.id)
            answer = await mw.updates.get(site.id)
            offered = {(r.type, r.slug) for r in rows_of_site(site.id, site.name, answer.data)}
            left = [(u.type, u.slug) for u in wanted if (u.type, u.slug) in offered]
            if left:
                raise UpdatesNotApplied(
                    f"{len(left)} update(s) still pending on {site.dashboard}/{site.id} after "
                    "applying and syncing",
                    still_pending=left,
                )
            return {"updated": [(u.type, u.slug) for u in wanted]}

        return await self.fan_out(list(by_site), one, **options)
