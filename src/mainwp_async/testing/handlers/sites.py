"""Sites: list, count, add, edit, sync, connection state, suspend, check, remove."""

from __future__ import annotations

from typing import Any

from .. import connection
from ..jobs import jobs_of
from ..routing import Ctx, handles, wp_error
from ..state import Site
from ._common import _ID, _costs_obj, _ids, _int, _page, _site_simple, _total_page, new_site


def _filter_sites(ctx: Ctx) -> list[Site]:
    sites = list(ctx.state.sites.values())
    search = (ctx.query.get("search") or "").lower()
    if search:
        sites = [s for s in sites if search in s.name.lower() or search in s.url.lower()]
    inc = _ids(ctx.query.get("include"))
    if inc:
        sites = [s for s in sites if s.id in inc]
    exc = _ids(ctx.query.get("exclude"))
    if exc:
        sites = [s for s in sites if s.id not in exc]
    # includes/abilities/class-mainwp-abilities-sites.php::execute_list_sites: ``connected``
    # also requires not suspended; ``disconnected`` is any recorded sync error.
    status = ctx.query.get("status")
    if status == "connected":
        sites = [s for s in sites if s.status == "connected"]
    elif status == "disconnected":
        sites = [s for s in sites if s.fields.get("sync_errors")]
    elif status == "suspended":
        sites = [s for s in sites if s.suspended]
    return sites


@handles("/sites")
async def h_sites(ctx: Ctx) -> Any:
    """``GET sites``: total counts every match; per_page capped at 100."""
    jobs_of(ctx.dash).tick(ctx.state)  # a request lets WP-Cron run queued work
    raw_pp, raw_page = ctx.query.get("per_page"), ctx.query.get("page")
    ability = 'Ability "mainwp/list-sites-v1" has invalid input. Reason: '
    if raw_pp is not None and not (str(raw_pp).isdigit() and 1 <= int(raw_pp) <= 100):
        raise wp_error("ability_invalid_input", ability + "input[per_page] must be between 1 "
                       "(inclusive) and 100 (inclusive)", 500)  # fmt: skip
    if raw_page is not None and _int(raw_page, 0) < 1:
        raise wp_error(
            "ability_invalid_input", ability + "input[page] must be greater than or equal to 1", 500
        )
    sites = _filter_sites(ctx)
    page, per_page = _page(ctx)
    rows = [ctx.state.render_site(s) for s in sites[(page - 1) * per_page : page * per_page]]
    fields = [f for f in (ctx.query.get("_fields") or "").split(",") if f]
    if fields:
        rows = [{k: r[k] for k in fields if k in r} for r in rows]
    return {"success": 1, "total": len(sites), "data": rows}


@handles("/sites/basic")
async def h_sites_basic(ctx: Ctx) -> Any:
    """``GET sites/basic``: total = items on this page."""
    rows = [ctx.state.render_site_basic(s) for s in _total_page(ctx, _filter_sites(ctx))]
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/sites/count")
async def h_sites_count(ctx: Ctx) -> Any:
    """``GET sites/count``."""
    return {"count": len(ctx.state.sites)}


def _sites_for_bulk(ctx: Ctx) -> list[Site]:
    inc = _ids(ctx.p("include"))
    return [s for s in ctx.state.sites.values() if not inc or s.id in inc]


def sync_many(ctx: Ctx, sites: list[Site]) -> dict[str, Any]:
    """Sync ``sites`` now and answer like ``sites_controller::sync_items``.

    The seam for background fleet syncs: the real server queues a job above the
    abilities' batch threshold; a jobs module can replace this function.
    """
    data: dict[str, Any] = {}
    for s in sites:
        if connection.sync(ctx.state, s):
            data[str(s.id)] = {"result": "success", **ctx.state.render_site(s)}
        else:
            data[str(s.id)] = {"result": "failed"}
    return {"total": len(data), "data": data}


@handles("/sites/sync")
async def h_sites_sync(ctx: Ctx) -> Any:
    """``POST sites/sync``: keyed by id, no ``success``; a failed site is only its result."""
    return jobs_of(ctx.dash).start_sync(ctx, _sites_for_bulk(ctx), sync_many)  # Y1/Y2


def _by_url(ctx: Ctx) -> list[Site]:
    return sorted(_sites_for_bulk(ctx), key=lambda s: s.url)


@handles("/sites/reconnect")
async def h_sites_reconnect(ctx: Ctx) -> Any:
    """Bulk reconnect: walks the sites by URL while they have sync errors (the server's loop)."""
    data = {}
    for s in _by_url(ctx):
        if not s.fields.get("sync_errors"):
            break
        data[str(s.id)] = "failed" if connection.reconnect(ctx.state, s) else "success"
    return {"total": len(data), "data": data}


@handles("/sites/disconnect")
async def h_sites_disconnect(ctx: Ctx) -> Any:
    """Bulk disconnect: ``success`` where the child answered."""
    data = {str(s.id): "failed" if connection.disconnect(s) else "success"
            for s in _sites_for_bulk(ctx)}  # fmt: skip
    return {"total": len(data), "data": data}


def _check_payload(site: Site) -> dict[str, Any]:
    up = not connection.unreachable(site)
    return {"id": str(site.id), "name": site.name, "url": site.url,
            "client_id": str(site.client_id), "status": 1 if up else 0,
            "http_code": 200 if up else 0}  # fmt: skip


@handles("/sites/check")
async def h_sites_check(ctx: Ctx) -> Any:
    """Bulk check: each site's result and its full record (``sites_controller::check_items``)."""
    data = {
        str(s.id): {"result": "failed" if connection.unreachable(s) else "success",
                    **ctx.state.render_site(s)}
        for s in _sites_for_bulk(ctx)
    }  # fmt: skip
    return {"total": len(data), "data": data}


@handles(r"/sites/(?P<id_domain>[\d]+)",
         r"/sites/(?P<id_domain>[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}$)")  # fmt: skip
async def h_site_get(ctx: Ctx) -> Any:
    """``GET sites/{id}``: unknown ids are the 500 ability error."""
    s = ctx.state.find_site(ctx.groups["id_domain"])
    if s is None:
        raise wp_error(
            "ability_invalid_permissions",
            'Ability "mainwp/get-site-v1" does not have necessary permission.',
            500,
        )
    return {"data": ctx.state.render_site(s)}


@handles("/sites/add")
async def h_site_add(ctx: Ctx) -> Any:
    """``POST sites/add``: every failure is HTTP 200 ``success: 0``."""
    url = str(ctx.p("url") or "")
    if not url:
        return {"success": 0, "error": "Invalid URL."}
    site, error, found = new_site(ctx.state, url, name=str(ctx.p("name") or ""),
                                  client_id=_int(ctx.p("client_id"), 0),
                                  tag_ids=ctx.p("groupids"))  # fmt: skip
    if site is None:
        return {"success": 0, "error": error, **({"found_id": str(found)} if found else {})}
    return {"success": 1, "message": "Site successfully added.",
            "data": ctx.state.render_site_basic(site)}  # fmt: skip


@handles(f"/sites/{_ID}/edit")
async def h_site_edit(ctx: Ctx) -> Any:
    """Edit a site; without ``client_id`` its client is reset to 0; ``note`` is ignored."""
    s = ctx.site()
    for k in ("name", "is_staging", "suspended", "force_use_ipv4"):
        if ctx.p(k) is not None:
            s.fields[k] = str(ctx.p(k))
    if ctx.p("groupids") is not None:
        s.tags = [t for t in _ids(ctx.p("groupids")) if t in ctx.state.tags]
    s.client_id = _int(ctx.p("client_id"), 0)
    return {"success": 1, "data": ctx.state.render_site(s)}


@handles(f"/sites/{_ID}/sync")
async def h_site_sync(ctx: Ctx) -> Any:
    """Sync one site: applied updates leave the pending lists."""
    s = ctx.site()
    if not connection.sync(ctx.state, s):
        return {"success": 0, "data": []}  # sites_controller::sync_item on an ability error
    return {"success": 1, "data": ctx.state.render_site(s)}


@handles(f"/sites/{_ID}/security")
async def h_site_security(ctx: Ctx) -> Any:
    """Security report (no ``success``)."""
    s = ctx.site()
    return {"data": dict(ctx.state.security_template), "site": _site_simple(s, ctx.state)}


@handles(f"/sites/{_ID}/reconnect", f"/sites/{_ID}/disconnect")
async def h_site_conn(ctx: Ctx) -> Any:
    """Reconnect / disconnect one site (sites controller ``reconnect_item``/``disconnect_site``)."""
    s = ctx.site()
    if ctx.route.sub.endswith("/disconnect"):
        data = _site_simple(s, ctx.state)
        if connection.unreachable(s):
            raise wp_error("mainwp_rest_disconnect_site_error",
                           f'Disconnect Site "{s.id}" error:: {s.child_error}', None)  # fmt: skip
        error = connection.disconnect(s)
        if error:
            return {"success": 0, "data": data, "error": error}
        return {"success": 1, "data": data}
    error = connection.reconnect(ctx.state, s)
    if error:
        raise wp_error("mainwp_rest_reconnect_site_error",
                       f'Reconnect Site "{s.id}" error:: {error}', None)  # fmt: skip
    return {"success": 1, "data": _site_simple(s, ctx.state)}


@handles(f"/sites/{_ID}/suspend", f"/sites/{_ID}/unsuspend")
async def h_site_suspend(ctx: Ctx) -> Any:
    """Suspend / unsuspend; the data is the site before the change."""
    s = ctx.site()
    before = _site_simple(s, ctx.state)
    flag = 0 if ctx.route.sub.endswith("/unsuspend") else 1
    s.fields["suspended"] = str(flag)
    return {"success": 1, "suspended": flag, "data": before}


@handles(f"/sites/{_ID}/check")
async def h_site_check(ctx: Ctx) -> Any:
    """Uptime check of one site."""
    return {"success": 1, "data": _check_payload(ctx.site())}


@handles(f"/sites/{_ID}/remove")
async def h_site_remove(ctx: Ctx) -> Any:
    """Remove a site from the dashboard."""
    s = ctx.site()
    data = _site_simple(s, ctx.state)
    del ctx.state.sites[s.id]
    ctx.state.monitors.pop(s.id, None)
    return {"success": 1, "message": "Site removed successfully.", "data": data}


@handles(f"/sites/{_ID}/client")
async def h_site_client(ctx: Ctx) -> Any:
    """The site's client, or ``success: 0`` when unset."""
    s = ctx.site()
    c = ctx.state.clients.get(s.client_id)
    if c is None:
        return {"success": 0, "error": "Client is not set or not found."}
    return {"success": 1, "data": ctx.state.render_client(c, "site")}


@handles(f"/sites/{_ID}/costs")
async def h_site_costs(ctx: Ctx) -> Any:
    """Costs linked to a site (id-keyed object)."""
    s = ctx.site()
    costs = [c for c in ctx.state.costs.values() if s.id in c.sites]
    if not costs:
        return {"success": 1, "message": "Cost not found.", "data": []}
    return {"success": 1, "total": len(costs), "data": _costs_obj(ctx, costs)}
