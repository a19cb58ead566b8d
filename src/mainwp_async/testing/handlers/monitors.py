"""Uptime monitors: list, one, heartbeat, incidents, settings, check."""

from __future__ import annotations

from typing import Any

from .. import connection, monitoring
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
    start = _period_start(ctx, period or "30d")
    every = monitoring.route_rows(ctx.state.monitor_heartbeats(mid))
    every = [r for r in every if monitoring.parse_time(r["time"]) >= start]
    if not every:
        return {"success": 0, "message": "No heartbeats found."}
    limit = max(0, _int(ctx.query.get("limit"), 0))
    rows = every[:limit] if limit else every  # the handler never moves past page 1
    pages = max(1, -(-len(every) // limit)) if limit else 1
    meta = {"page": max(1, _int(ctx.query.get("page"), 1)), "per_page": limit,
            "total": len(every), "total_pages": pages}  # fmt: skip
    return {"success": 1, "data": rows, "meta": meta}


def _period_start(ctx: Ctx, period: str) -> int:
    days = {"24h": 1, "7d": 7, "30d": 30}.get(period)
    if days is not None:
        return ctx.state.now - days * 86400
    try:
        return monitoring.parse_time(period.split("/", 1)[0])
    except ValueError:
        return 0


def _incidents(ctx: Ctx) -> list[dict[str, Any]] | None:
    mid = _monitor_id(ctx)
    beats = ctx.state.monitor_heartbeats(mid) if mid is not None else []
    if not beats:
        return None
    limit = _int(ctx.query.get("per_page"), 0) or monitoring.INCIDENTS_PAGE
    return monitoring.incidents(beats)[:limit]  # page is ignored by the server


@handles(f"/monitors/{_MON}/incidents")
async def h_monitor_incidents(ctx: Ctx) -> Any:
    """Incidents from the monitor's heartbeats (``monitors_controller::get_monitor_incidents``)."""
    if _monitor_id(ctx) is None:
        return {"success": 0, "message": "Monitor not found."}
    found = _incidents(ctx)
    if found is None:
        return {"success": 0, "message": "No heartbeats found."}
    return {"success": 1, "data": found}


@handles(f"/monitors/{_MON}/incidents/count")
async def h_monitor_incidents_count(ctx: Ctx) -> Any:
    """The DOWN heartbeats in the first page of incidents (``::get_monitor_incidents_count``)."""
    if _monitor_id(ctx) is None:
        return {"success": 0, "message": "Monitor not found."}
    found = _incidents(ctx)
    if found is None:
        return {"success": 0, "message": "No heartbeats found."}
    return {"success": 1, "count": sum(i["down_count"] for i in found)}


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
    up = not connection.unreachable(ctx.state.sites[mid])
    code = 200 if up else 0
    ctx.state.record_heartbeat(mid, monitoring.UP if up else monitoring.DOWN, code, ping_ms=120)
    return {"success": 1, "data": {"http_code": code, "uptime_status": "up" if up else "down"}}
