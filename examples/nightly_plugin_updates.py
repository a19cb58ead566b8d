"""Apply every pending plugin update across the fleet, a few sites at a time.

Dry run by default (prints the plan); ``--apply`` updates each site's plugins, then syncs
the site so the dashboard stops listing what was applied. The plan is read site by site
(``mw.pending_updates``), so a fleet with more than 50 pending updates is planned in full.
One site failing never stops the others: a site whose updates cannot be read is listed
and left alone, and failed updates are listed at the end.

    export MAINWP_URL=https://dash.example MAINWP_TOKEN=...
    python examples/nightly_plugin_updates.py --apply

Without MAINWP_URL the script runs against a freshly started simulated dashboard.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections import defaultdict

from mainwp_async import FanOutResult, MainWP
from mainwp_async.pending import PendingUpdate, SiteReadFailure


async def pending_plugin_updates(
    mw: MainWP, *, concurrency: int = 16
) -> tuple[dict[int, list[PendingUpdate]], tuple[SiteReadFailure, ...]]:
    """Pending plugin updates of every site, grouped by site id, and the sites not read.

    One ``GET updates/{site}`` per site: the fleet-wide ``GET updates`` stops at 50 rows.
    """
    found = await mw.pending_updates(types=["plugin"], concurrency=concurrency)
    by_site: dict[int, list[PendingUpdate]] = defaultdict(list)
    for item in found.updates:
        by_site[item.site_id].append(item)
    return dict(by_site), found.failures


async def update_site(mw: MainWP, site_id: int, items: list[PendingUpdate]) -> int:
    """Update the given plugins on one site, then sync it; returns how many were updated."""
    result = await mw.updates.update_plugins(site_id, slug=[item.slug for item in items])
    await mw.sites.sync(site_id)
    return len(result.data or {})


async def run(mw: MainWP, *, apply: bool, concurrency: int) -> FanOutResult[int, int] | None:
    """Print the plan; with ``apply`` carry it out and return the per-site results."""
    plan, unread = await pending_plugin_updates(mw, concurrency=concurrency)
    total = sum(len(items) for items in plan.values())
    print(f"{total} plugin updates pending on {len(plan)} sites")
    for site in unread:
        print(f"  could not read {site}")
    for site_id, items in sorted(plan.items())[:10]:
        names = ", ".join(f"{i.name} {i.current_version}→{i.new_version}" for i in items)
        print(f"  site {site_id}: {names}")
    if not apply:
        print("dry run: pass --apply to update")
        return None
    result = await mw.fan_out(
        sorted(plan),
        lambda site_id: update_site(mw, site_id, plan[site_id]),
        concurrency=concurrency,
    )
    print(f"updated {sum(result.values())} plugins on {len(result.succeeded)} sites")
    for failure in result.failed:
        print(f"  site {failure.item} failed: {type(failure.error).__name__}: {failure.error}")
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apply", action="store_true", help="update for real")
    parser.add_argument("--concurrency", type=int, default=8, help="sites updated at once")
    args = parser.parse_args()
    url, token = os.environ.get("MAINWP_URL"), os.environ.get("MAINWP_TOKEN")
    if url and token:
        async with MainWP(url, token=token, scope="auto") as mw:
            await run(mw, apply=args.apply, concurrency=args.concurrency)
        return
    from mainwp_async.testing import SimulatedDashboard

    async with (
        SimulatedDashboard(sites=40) as dash,
        MainWP(dash.url, token=dash.tokens["read_write"]) as mw,
    ):
        await run(mw, apply=args.apply, concurrency=args.concurrency)


if __name__ == "__main__":
    asyncio.run(main())
