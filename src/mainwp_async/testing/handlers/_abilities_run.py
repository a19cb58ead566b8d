"""What the simulated abilities do, on the shared state (outputs shaped as on 6.1.2).

Each runner takes the context and the validated input and returns the ability's output
(no envelope). The fleet runners (sync, check, run-updates) queue a batch job in
:mod:`mainwp_async.testing.jobs` (the store the v2 routes queue in) when more sites than
its threshold are concerned; the job applies the same effects when its chunk runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import connection
from ..jobs import jobs_of
from ..routing import Ctx, Reply, wp_error
from ..state import DashboardState, Site
from ..upgrades import site_update_rows

__all__ = ["RUNNERS", "apply_updates", "queue_or_run", "site_of"]

Runner = Callable[[Ctx, dict[str, Any]], Any]


def site_of(ctx: Ctx, ident: Any) -> Site:
    """The site of ``site_id_or_domain`` (a 403 ``mainwp_site_not_found``, as 6.1.2)."""
    text = str(ident).strip()
    site = ctx.state.find_site(text.split("://", 1)[-1].strip("/") if "://" in text else text)
    if site is None:
        raise Reply(
            403,
            {
                "code": "mainwp_site_not_found",
                "message": f"No site found with ID {ident}.",
                "data": {"status": 403},
                "additional_data": [{"status": 404}],
            },
        )
    return site


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _truthy(value: Any) -> bool:
    return value not in (None, "", False, 0)  # "false" is truthy, as in PHP


def _sites(ctx: Ctx, data: dict[str, Any], key: str = "site_ids_or_domains") -> list[Site]:
    idents = data.get(key) or data.get("site_ids") or []
    if idents:
        return [site_of(ctx, i) for i in idents]
    excluded = {_int(i, -1) for i in data.get("exclude_ids") or []}
    return [s for s in ctx.state.sites.values() if s.id not in excluded]


def _iso(ts: Any) -> str | None:
    if not ts:
        return None
    text = str(ts)
    return text if "+" in text else text.replace(" ", "T") + "+00:00"


def _page(items: list[Any], data: dict[str, Any], key: str = "items") -> dict[str, Any]:
    page, per_page = _int(data.get("page"), 1), _int(data.get("per_page"), 20)
    return {
        key: items[(page - 1) * per_page : page * per_page],
        "page": page,
        "per_page": per_page,
        "total": len(items),
    }


def _status(site: Site) -> str:
    if str(site.fields.get("suspended", "0")) == "1":
        return "suspended"
    return "connected" if site.fields.get("status", "connected") == "connected" else "disconnected"


def _short(site: Site) -> dict[str, Any]:
    return {"id": site.id, "url": site.url, "name": site.name}


def apply_updates(
    state: DashboardState, site: Site, types: list[str] | None = None, only: list[str] | None = None
) -> list[dict[str, Any]]:
    """Apply pending updates on ``site`` now (the child reports them at once)."""
    done = []
    for row in site_update_rows(site):
        kind = row["type"]
        if kind not in ("plugin", "theme"):  # the simulated child applies these two kinds
            continue
        plural = kind + "s"
        if types and plural not in types:
            continue
        if only and row["slug"] not in only:
            continue
        site.applied[(kind, row["slug"])] = row["new_version"]
        done.append({**row, "old_version": row["current_version"]})
    connection.sync(state, site)
    return [{k: v for k, v in r.items() if k != "current_version"} for r in done]


def queue_or_run(
    ctx: Ctx,
    kind: str,
    sites: list[Site],
    work: Callable[[Site], str | None],
) -> tuple[bool, Any]:
    """Queue a job in :mod:`..jobs` when ``sites`` exceed its threshold, else run ``work`` now."""
    jobs = jobs_of(ctx.dash)
    if len(sites) > jobs.threshold:
        return True, jobs._queue(kind, sites, work)  # the same store the v2 routes queue in
    return False, [(s, work(s)) for s in sites]


def _sync_work(ctx: Ctx) -> Callable[[Site], str | None]:
    def work(site: Site) -> str | None:
        return None if connection.sync(ctx.state, site) else "Sync returned false."

    return work


def _sync_sites(ctx: Ctx, data: dict[str, Any]) -> Any:
    sites = _sites(ctx, data)
    queued, result = queue_or_run(ctx, "sync", sites, _sync_work(ctx))
    if queued:
        url = f"{ctx.dash.public_url}/wp-json/mainwp/v2/jobs/{result.id}"
        return {"queued": True, "job_id": result.id, "status_url": url, "sites_queued": len(sites)}
    synced = [_short(s) for s, err in result if err is None]
    errors = [{"site_id": s.id, "code": "sync_failed", "message": err} for s, err in result if err]
    return {
        "queued": False,
        "synced": synced,
        "errors": errors,
        "total_synced": len(synced),
        "total_errors": len(errors),
    }


def _check_sites(ctx: Ctx, data: dict[str, Any]) -> Any:
    sites = _sites(ctx, data)
    queued, result = queue_or_run(ctx, "check", sites, lambda s: None)
    if queued:
        return {"queued": True, "job_id": result.id, "total": len(sites), "errors": []}
    return {
        "queued": False,
        "checked": [_short(s) for s, _ in result],
        "errors": [],
        "total_checked": len(result),
    }


def _run_updates(ctx: Ctx, data: dict[str, Any]) -> Any:
    sites = _sites(ctx, data)
    types, only = data.get("types") or None, data.get("specific_items") or None
    updated: list[dict[str, Any]] = []

    def work(site: Site) -> str | None:
        updated.extend(apply_updates(ctx.state, site, types, only))
        return None

    queued, result = queue_or_run(ctx, "update", sites, work)
    if queued:
        url = f"{ctx.dash.public_url}/wp-json/mainwp/v2/jobs/{result.id}"
        return {
            "queued": True,
            "job_id": result.id,
            "status_url": url,
            "updates_queued": len(sites),
            "errors": [],
        }
    return {
        "updated": updated,
        "errors": [],
        "summary": {
            "total_updated": len(updated),
            "total_errors": 0,
            "sites_updated": len({u["site_id"] for u in updated}),
        },
    }


def _job_status(ctx: Ctx, data: dict[str, Any]) -> Any:
    status = jobs_of(ctx.dash).status(ctx.state, str(data.get("job_id")))
    if status is None:
        raise wp_error(
            "mainwp_job_not_found",
            "Batch job not found. Job may have expired (jobs are kept for 24 hours).",
            404,
        )
    return status


def _get_site(ctx: Ctx, data: dict[str, Any]) -> Any:
    s = site_of(ctx, data.get("site_id_or_domain"))
    f = s.fields
    out: dict[str, Any] = {
        "id": s.id,
        "url": s.url,
        "name": s.name,
        "status": _status(s),
        "client_id": s.client_id or None,
        "admin_username": "admin",
        "wp_version": f.get("wp_version", ""),
        "php_version": f.get("php_version", ""),
        "child_version": f.get("child_version", ""),
        "last_sync": _iso(f.get("last_sync")),
        "notes": f.get("note", ""),
    }
    if _truthy(data.get("include_stats")):
        out["stats"] = {
            "plugin_updates": len(s.plugin_upgrades),
            "theme_updates": len(s.theme_upgrades),
            "wp_update_available": bool(s.wp_upgrades),
            "health_score": 100,
        }
    return out


def _list_sites(ctx: Ctx, data: dict[str, Any]) -> Any:
    status = str(data.get("status") or "any")
    rows = [
        {
            "id": s.id,
            "url": s.url,
            "name": s.name,
            "status": _status(s),
            "client_id": s.client_id or None,
        }
        for s in ctx.state.sites.values()
        if status in ("any", _status(s))
    ]
    return _page(rows, data)


def _list_updates(ctx: Ctx, data: dict[str, Any]) -> Any:
    rows = [r for s in _sites(ctx, data) for r in site_update_rows(s)]
    types = data.get("types")
    if types:
        rows = [
            r
            for r in rows
            if {"wp": "core", "plugin": "plugins", "theme": "themes"}[r["type"]] in types
        ]
    return {"updates": rows, "total": len(rows), "errors": []}


def _core_site_info(ctx: Ctx, data: dict[str, Any]) -> Any:
    url: str = ctx.dash.public_url
    return {
        "name": "Simulated Dashboard",
        "description": "",
        "url": url,
        "wpurl": url,
        "admin_email": "admin@dash.example.test",
        "charset": "UTF-8",
        "language": "en-US",
        "version": "7.0.4",
    }


def _core_environment(ctx: Ctx, data: dict[str, Any]) -> Any:
    return {
        "environment": "production",
        "php_version": "8.2.36",
        "db_server_info": "10.11.19-MariaDB",
        "wp_version": "7.0.4",
    }


RUNNERS: dict[str, Runner] = {
    "mainwp/list-sites-v1": _list_sites,
    "mainwp/get-site-v1": _get_site,
    "mainwp/count-sites-v1": lambda c, d: {"total": len(c.state.sites)},
    "mainwp/get-sites-basic-v1": lambda c, d: _page([_short(s) for s in c.state.sites.values()], d),
    "mainwp/sync-sites-v1": _sync_sites,
    "mainwp/check-sites-v1": _check_sites,
    "mainwp/run-updates-v1": _run_updates,
    "mainwp/update-all-v1": _run_updates,
    "mainwp/get-batch-job-status-v1": _job_status,
    "mainwp/list-updates-v1": _list_updates,
    "mainwp/check-site-v1": lambda c, d: {
        "site_id": site_of(c, d.get("site_id_or_domain")).id,
        "checked": True,
        "response_time": 0.03,
        "site": _short(site_of(c, d.get("site_id_or_domain"))),
        "status": {"online": True, "http_code": 200, "response_time": 0.03},
    },
    "core/get-site-info": _core_site_info,
    "core/get-environment-info": _core_environment,
}
