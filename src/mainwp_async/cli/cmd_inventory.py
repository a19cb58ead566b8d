"""``plugins`` and ``themes``: what is installed across the fleet."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import click

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
from .runtime import failure, fan_out_sites, run

if TYPE_CHECKING:
    from ..client import MainWP


def _inventory(kind: str) -> click.Command:
    @click.option(
        "--slug", "slugs", multiple=True, metavar="SLUG", help="Only this slug (repeatable)."
    )
    @click.option("--outdated", is_flag=True, help="Only those with an update waiting.")
    @click.option(
        "--by-site",
        is_flag=True,
        help="One row per site and item instead of one per item (with a site count).",
    )
    @site_filter_options
    @dashboard_options
    def command(slugs: tuple[str, ...], outdated: bool, by_site: bool, **kw: Any) -> int:
        opts = options(
            kw.pop("profiles"), kw.pop("all_profiles"), kw.pop("fmt"), kw.pop("concurrency")
        )
        chosen = site_filter(**kw)
        output = opts.output(kind)
        wanted = {s.lower() for s in slugs}
        handled = [0]  # sites answered, for the exit code

        def keep(item: Any) -> bool:
            slug = (item.slug or "").lower()
            if wanted and slug not in wanted and slug.split("/")[0] not in wanted:
                return False
            return not outdated or bool(item.update_version)

        async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
            picked = await chosen.select(mw)
            fetch = mw.sites.plugins if kind == "plugins" else mw.sites.themes
            result = await fan_out_sites(
                mw,
                picked,
                lambda s: fetch(s.id),
                concurrency=opts.concurrency,
                output=output,
                label=f"{kind} of {len(picked)} sites",
            )
            handled[0] += len(result.succeeded)
            per_site: Rows = []
            for r in result.succeeded:
                answer: Any = r.value
                for item in (answer.data if answer is not None else None) or []:
                    if keep(item):
                        per_site.append(
                            {
                                "site_id": r.item.id,
                                "site": r.item.name,
                                "slug": item.slug,
                                "name": item.name,
                                "version": item.version,
                                "active": bool(item.active),
                                "update": item.update_version or None,
                            }
                        )
            fails = [failure(name, r.error, r.item) for r in result.failed if r.error]
            if by_site:
                return per_site, fails
            grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in per_site:
                grouped[row["slug"]].append(row)
            rows: Rows = [
                {
                    "slug": slug,
                    "name": group[0]["name"],
                    "sites": len(group),
                    "active": sum(1 for g in group if g["active"]),
                    "versions": sorted({str(g["version"]) for g in group}),
                    "updates": sum(1 for g in group if g["update"]),
                }
                for slug, group in grouped.items()
            ]
            rows.sort(key=lambda r: (-r["sites"], r["slug"] or ""))
            return rows, fails

        async def main() -> int:
            rows, failures, _ok = await each_dashboard(opts.targets(), per)
            columns = (
                ("site_id", "site", "name", "version", "active", "update")
                if by_site
                else ("name", "sites", "active", "updates", "versions")
            )
            output.emit(rows, columns, failures=failures)
            return finish(handled[0], failures)

        return run(main())

    singular = kind[:-1]
    example = "woocommerce" if kind == "plugins" else "astra"
    command.__doc__ = (
        f"Inventory of {kind} across the chosen sites (every site by default).\n\n"
        f"One row per {singular} with how many sites have it, how many run it and how "
        "many wait for an update; --by-site for one row per site.\n\n"
        f"\b\nExamples:\n  mainwp-async {kind} --outdated\n"
        f"  mainwp-async {kind} --slug {example} --by-site --csv\n"
        f"  mainwp-async {kind} --tag Production --json"
    )
    return click.command(kind)(command)


plugins = _inventory("plugins")
themes = _inventory("themes")
