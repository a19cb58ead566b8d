"""``sites list|show|sync|check``: the child sites of one or more dashboards."""

from __future__ import annotations

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
from .runtime import failure, fan_out_sites, run, site_status

if TYPE_CHECKING:
    from ..client import MainWP


@click.group()
def sites() -> None:
    """Child sites: list, show, sync, check.

    \b
    Examples:
      mainwp-async sites list --status disconnected
      mainwp-async sites list --tag Production --json
      mainwp-async sites show 3
      mainwp-async sites sync --tag Staging
      mainwp-async sites check --all-profiles
    """


LIST_COLUMNS = ("id", "name", "url", "status", "tags")


@sites.command("list")
@site_filter_options
@dashboard_options
def sites_list(**kw: Any) -> int:
    """List child sites (id, name, URL, status, client).

    \b
    Examples:
      mainwp-async sites list
      mainwp-async sites list --status suspended --csv > suspended.csv
    """
    opts = options(kw.pop("profiles"), kw.pop("all_profiles"), kw.pop("fmt"), kw.pop("concurrency"))
    chosen = site_filter(**kw)
    output = opts.output("sites list")

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "url": s.url,
                "status": site_status(s),
                "client_id": s.client_id,
                "tags": sorted(str(t) for t in (s.tags or {}).values()),
            }
            for s in await chosen.select(mw)
        ]
        return rows, []

    async def main() -> int:
        rows, failures, ok = await each_dashboard(opts.targets(), per)
        output.emit(rows, LIST_COLUMNS, failures=failures, no_wrap=("url",))
        return finish(ok, failures)

    return run(main())


@sites.command("show")
@click.argument("site", metavar="ID|DOMAIN")
@dashboard_options
def sites_show(site: str, **kw: Any) -> int:
    """Show one site in detail (versions, status, counts of plugins and themes).

    \b
    Examples:
      mainwp-async sites show 3
      mainwp-async sites show example.com --json
    """
    opts = options(kw.pop("profiles"), kw.pop("all_profiles"), kw.pop("fmt"), kw.pop("concurrency"))
    output = opts.output("sites show")

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        key: int | str = int(site) if site.isdigit() else site
        detail = (await mw.sites.get(key)).data
        if detail is None:
            return [], []
        return [
            {
                "id": detail.id,
                "name": detail.name,
                "url": detail.url,
                "status": detail.status,
                "suspended": detail.suspended,
                "client_id": detail.client_id,
                "wp_version": detail.wp_version,
                "php_version": detail.php_version,
                "child_version": detail.child_version,
                "plugins": len(detail.plugins or []),
                "themes": len(detail.themes or []),
                "plugin_updates": len(detail.plugin_upgrades or {}),
                "theme_updates": len(detail.theme_upgrades or {}),
                "last_sync": detail.last_sync,
                "sync_errors": detail.sync_errors or None,
            }
        ], []

    async def main() -> int:
        rows, failures, _ok = await each_dashboard(opts.targets(), per)
        if output.fmt == "table":
            for row in rows:
                output.table([{"field": k, "value": v} for k, v in row.items()], ("field", "value"))
            output.failures(failures)
        else:
            output.emit(rows, list(rows[0]) if rows else ["id"], failures=failures)
        return finish(len(rows), failures)

    return run(main())


def _site_action(action: str, verb: str) -> click.Command:
    @site_filter_options
    @dashboard_options
    def command(**kw: Any) -> int:
        opts = options(
            kw.pop("profiles"), kw.pop("all_profiles"), kw.pop("fmt"), kw.pop("concurrency")
        )
        chosen = site_filter(**kw)
        output = opts.output(f"sites {action}")

        async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
            picked = await chosen.select(mw)
            call = mw.sites.sync if action == "sync" else mw.sites.check
            result = await fan_out_sites(
                mw,
                picked,
                lambda s: call(s.id),
                concurrency=opts.concurrency,
                output=output,
                label=f"{verb} {len(picked)} sites",
            )
            rows = [
                {"id": r.item.id, "name": r.item.name, "url": r.item.url, "result": "ok"}
                for r in result.succeeded
            ]
            fails = [failure(name, r.error, r.item) for r in result.failed if r.error]
            return rows, fails

        async def main() -> int:
            rows, failures, _ok = await each_dashboard(opts.targets(), per)
            output.emit(rows, ("id", "name", "url", "result"), failures=failures, no_wrap=("url",))
            return finish(len(rows), failures)

        return run(main())

    command.__doc__ = (
        f"{verb.capitalize()} the chosen sites (all of them by default), in parallel.\n\n"
        "A site that fails is listed on stderr and sets exit code 3; the others go on.\n\n"
        f"\b\nExamples:\n  mainwp-async sites {action} --site 3 --site 7\n"
        f"  mainwp-async sites {action} --tag Production --jsonl"
    )
    return click.command(action)(command)


sites.add_command(_site_action("sync", "sync"))
sites.add_command(_site_action("check", "check"))
