"""Uptime monitors: list, one, heartbeat, incidents, settings, check."""

from __future__ import annotations

from typing import Any

from ..routing import Ctx, handles, wp_error
from ._common import _MON, _int, _strict_json, _total_page

_MON_STATUS = {"up", "down", "pending", "maintenance", "paused", "first", "all", ""}


def _monitors(ctx: Ctx) -> list[int]:
    status = ctx.query.get("status")
    if status is not None and status not in _MON_STATUS:
        raise wp_error("rest_invalid_param", "Invalid parameter(s): status", 400,
                       data={"status": 400, "params": {"status": "Invalid parameter."},
                             "details": []})  # fmt: skip
    ids = ctx.state.monitor_ids()
    if status and status != "all":
        ids = [
            i for i in ids if ctx.state.render_monitor(i, detail=False).get("last_status") == status
        ]
    return ids


@handles("/monitors")
async def h_monitors(ctx: Ctx) -> Any:
    """Monitors (int ids); total = items on this page."""
    rows = [ctx.state.render_monitor(i, detail=False) for i in _total_page(ctx, _monitors(ctx))]
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/monitors/basic")
async def h_monitors_basic(ctx: Ctx) -> Any:
    """Monitors, short form (string ids)."""
    rows = []
    for i in _total_page(ctx, _monitors(ctx)):
        m = ctx.state.render_monitor(i, detail=False)
        rows.append({"id": str(i), "url": m["url"], "last_status": m["last_status"]})
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/monitors/count")
async def h_monitors_count(ctx: Ctx) -> Any:
    """Number of monitors."""
    return {"success": 1, "count": len(_monitors(ctx))}


def _monitor_id(ctx: Ctx) -> int | None:
    ident = ctx.groups.get("id_domain", "")
    s = ctx.state.find_site(ident)
    if s is not None and s.id in ctx.state.monitors:
        return s.id
    return None


@handles(f"/monitors/{_MON}")
async def h_monitor_get(ctx: Ctx) -> Any:
    """One monitor, or ``success: 0`` when unknown."""
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "data": ctx.state.render_monitor(mid, detail=True)}


@handles(f"/monitors/{_MON}/basic")
async def h_monitor_basic(ctx: Ctx) -> Any:
    """One monitor, short form."""
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "data": {"id": str(mid), "url": ctx.state.sites[mid].url,
                                   "last_status": ""}}  # fmt: skip


@handles(f"/monitors/{_MON}/heartbeat")
async def h_monitor_heartbeat(ctx: Ctx) -> Any:
    """Heartbeats of a monitor."""
    period = ctx.query.get("period")
    if period is not None and period not in ("24h", "7d", "30d") and "/" not in period:
        msg = ("Invalid period format. Allowed values: 24h, 7d, 30d or ISO8601 range "
               "(start/end)")  # fmt: skip
        raise wp_error(
            "rest_invalid_param",
            "Invalid parameter(s): period",
            400,
            data={
                "status": 400,
                "params": {"period": msg},
                "details": {"period": {"code": "invalid_period", "message": msg, "data": None}},
            },
        )
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    rows = []
    for hb in ctx.state.heartbeat_template:
        r = dict(hb)
        r["monitor_id"] = mid
        rows.append(r)
    page = max(1, _int(ctx.query.get("page"), 1))
    limit = max(0, _int(ctx.query.get("limit"), 0))
    if limit:
        rows = rows[(page - 1) * limit : page * limit]
    pages = max(1, -(-len(ctx.state.heartbeat_template) // limit)) if limit else 1
    meta = {"page": page, "per_page": limit, "total": len(ctx.state.heartbeat_template),
            "total_pages": pages}  # fmt: skip
    return {"success": 1, "data": rows, "meta": meta}


@handles(f"/monitors/{_MON}/incidents")
async def h_monitor_incidents(ctx: Ctx) -> Any:
    """Incidents of a monitor (none simulated)."""
    if _monitor_id(ctx) is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "data": []}


@handles(f"/monitors/{_MON}/incidents/count")
async def h_monitor_incidents_count(ctx: Ctx) -> Any:
    """Incident count."""
    if _monitor_id(ctx) is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "count": 0}


@handles(f"/monitors/{_MON}/settings", "/monitors/settings")
async def h_monitor_settings(ctx: Ctx) -> Any:
    """Monitor settings (strict JSON body)."""
    body = _strict_json(ctx)
    data = dict(ctx.state.monitor_settings)
    for k, v in body.items():
        if k in data:
            data[k] = int(v) if isinstance(v, bool) else v
    ctx.state.monitor_settings = data
    return {"success": 1, "data": data}


@handles(f"/monitors/{_MON}/check")
async def h_monitor_check(ctx: Ctx) -> Any:
    """Run a check now."""
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    up = ctx.state.sites[mid].fields.get("status") == "connected"
    return {"success": 1, "data": {"http_code": 200 if up else 0,
                                   "uptime_status": "up" if up else "down"}}  # fmt: skip
