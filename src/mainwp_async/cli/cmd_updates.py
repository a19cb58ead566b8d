"""``updates plan`` and ``updates apply``: pending updates, then (only with --yes) install them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from ..errors import MainWPError
from .common import (
    Rows,
    dashboard_options,
    each_dashboard,
    finish,
    options,
    site_filter,
    site_filter_options,
)
from .output import Failure
from .runtime import SiteFilter, failure, fan_out_sites, run

if TYPE_CHECKING:
    from ..client import MainWP

TYPES = ("plugin", "theme", "core", "translation")
PLAN_COLUMNS = ("site_id", "site", "type", "name", "current", "new")


@click.group()
def updates() -> None:
    """Pending updates: see the plan, then apply it.

    \b
    Examples:
      mainwp-async updates plan --type plugin
      mainwp-async updates apply --slug woocommerce            # dry run: what would happen
      mainwp-async updates apply --slug woocommerce --yes      # do it
      mainwp-async updates apply --tag Staging --type theme --yes --jsonl
    """


def plan_filter_options(fn: Any) -> Any:
    """``--type`` and ``--slug`` on top of the site filters."""
    fn = click.option(
        "--slug", "slugs", multiple=True, metavar="SLUG", help="Only this slug (repeatable)."
    )(fn)
    fn = click.option(
        "--type",
        "types",
        multiple=True,
        type=click.Choice(TYPES),
        help="Only this kind of update (repeatable; core = WordPress core).",
    )(fn)
    return site_filter_options(fn)


async def _plan(
    mw: MainWP,
    name: str,
    chosen: SiteFilter,
    types: Sequence[str],
    slugs: Sequence[str],
    concurrency: int,
) -> tuple[list[dict[str, Any]], list[Failure]]:
    """The pending updates of the chosen sites, read site by site (never cut at 50 rows).

    A site whose updates cannot be read is a failure; the others are still listed.
    """
    narrowed = bool(chosen.tag or chosen.client or chosen.status or chosen.site_ids)
    allowed = [s.id for s in await chosen.select(mw)] if narrowed else None
    found = await mw.pending_updates(types=types or None, site_ids=allowed, concurrency=concurrency)
    wanted = {s.lower() for s in slugs}
    rows = []
    for u in found.updates:
        slug = u.slug.lower()
        if wanted and slug not in wanted and slug.split("/")[0] not in wanted:
            continue
        rows.append(
            {
                "site_id": u.site_id,
                "site": u.site_name,
                "type": u.type,
                "slug": u.slug,
                "name": u.name,
                "current": u.current_version,
                "new": u.new_version,
            }
        )
    rows.sort(key=lambda r: (r["site_id"], r["type"], r["slug"]))
    fails = [failure(name, f.error, _SiteRef(f.site_id, f.site_name)) for f in found.failures]
    return rows, fails


def _opts_and_filter(
    kw: dict[str, Any],
) -> tuple[Any, SiteFilter, tuple[str, ...], tuple[str, ...]]:
    types, slugs = kw.pop("types"), kw.pop("slugs")
    opts = options(kw.pop("profiles"), kw.pop("all_profiles"), kw.pop("fmt"), kw.pop("concurrency"))
    return opts, site_filter(**kw), types, slugs


@updates.command("plan")
@plan_filter_options
@dashboard_options
def updates_plan(**kw: Any) -> int:
    """List the updates waiting (one GET per site; nothing is changed).

    Each site is read on its own: the dashboard's fleet-wide list stops at 50 rows.
    A site that cannot be read is reported (exit code 3) and the others are listed.

    \b
    Examples:
      mainwp-async updates plan
      mainwp-async updates plan --type core --all-profiles --csv
    """
    opts, chosen, types, slugs = _opts_and_filter(kw)
    output = opts.output("updates plan")

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        return await _plan(mw, name, chosen, types, slugs, opts.concurrency)

    async def main() -> int:
        rows, failures, ok = await each_dashboard(opts.targets(), per)
        output.emit(rows, PLAN_COLUMNS, failures=failures)
        return finish(ok, failures)

    return run(main())


async def _apply_site(mw: MainWP, site_id: int, items: list[dict[str, Any]]) -> list[str]:
    """Install one site's planned updates: one request per kind, never repeated."""
    done: list[str] = []
    by_type: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_type[item["type"]].append(item["slug"])
    if by_type.get("plugin"):
        await mw.updates.update_plugins(site_id, slug=by_type["plugin"])
        done.append(f"{len(by_type['plugin'])} plugin")
    if by_type.get("theme"):
        await mw.updates.update_themes(site_id, slug=by_type["theme"])
        done.append(f"{len(by_type['theme'])} theme")
    if by_type.get("translation"):
        await mw.updates.update_translations(site_id, slug=by_type["translation"])
        done.append(f"{len(by_type['translation'])} translation")
    if by_type.get("core"):
        await mw.with_options(timeout=600).updates.update_wp(site_id)
        done.append("core")
    return done


async def _sync_after(mw: MainWP, site_id: int) -> BaseException | None:
    """Sync a site after its updates so the dashboard's list is current (errors kept)."""
    try:
        await mw.sites.sync(site_id)
    except MainWPError as exc:
        return exc
    return None


@updates.command("apply")
@plan_filter_options
@click.option(
    "--yes",
    is_flag=True,
    help="Really install the updates. Without it, a dry run shows what would be done.",
)
@click.option(
    "--sync/--no-sync",
    default=True,
    show_default=True,
    help="Sync each site after updating it, so the dashboard lists what is left.",
)
@dashboard_options
def updates_apply(yes: bool, sync: bool, **kw: Any) -> int:
    """Install the planned updates, site by site in parallel (dry run unless --yes).

    Each site gets one request per kind of update (plugins, themes, translations,
    WordPress core), then a sync; a request that fails is reported and never sent
    twice. Exit code 3 when some sites failed.

    \b
    Examples:
      mainwp-async updates apply --slug woocommerce
      mainwp-async updates apply --site 3 --site 7 --type plugin --yes
    """
    opts, chosen, types, slugs = _opts_and_filter(kw)
    output = opts.output("updates apply")
    applied = [0]

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        plan, unread = await _plan(mw, name, chosen, types, slugs, opts.concurrency)
        if not yes:
            return [{**r, "result": "dry run"} for r in plan], unread
        by_site: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in plan:
            by_site[row["site_id"]].append(row)
        site_ids = sorted(by_site)

        async def one(site_id: int) -> tuple[list[str], BaseException | None]:
            done = await _apply_site(mw, site_id, by_site[site_id])
            return done, (await _sync_after(mw, site_id) if sync else None)

        result = await fan_out_sites(
            mw,
            site_ids,
            one,
            concurrency=opts.concurrency,
            output=output,
            label=f"updating {len(site_ids)} sites",
        )
        rows: Rows = []
        fails: list[Failure] = list(unread)
        for r in result:
            items = by_site[r.item]
            if r.error is None and r.value is not None:
                applied[0] += 1
                sync_error = r.value[1]
                outcome = "updated" if sync_error is None else "updated, sync failed"
                rows += [{**i, "result": outcome} for i in items]
                if sync_error is not None:
                    fails.append(failure(name, sync_error, _SiteRef(r.item, items[0]["site"])))
            else:
                rows += [{**i, "result": "failed"} for i in items]
                if r.error is not None:
                    fails.append(failure(name, r.error, _SiteRef(r.item, items[0]["site"])))
        return rows, fails

    async def main() -> int:
        rows, failures, ok = await each_dashboard(opts.targets(), per)
        output.emit(rows, (*PLAN_COLUMNS, "result"), failures=failures)
        if not yes:
            sites = len({(r["dashboard"], r["site_id"]) for r in rows})
            output.note(
                f"dry run: {len(rows)} update(s) on {sites} site(s) would be installed; "
                "add --yes to install them"
            )
            return finish(ok, failures)
        return finish(applied[0], failures)

    return run(main())


class _SiteRef:
    """Just enough of a site for a failure record."""

    def __init__(self, site_id: int, name: str | None) -> None:
        self.id = site_id
        self.name = name
        self.url = None
