"""Cost tracker entries and the sites/clients they cover."""

from __future__ import annotations

from typing import Any

from ..routing import Ctx, handles, invalid_id
from ..state import Cost
from ._common import _costs_obj, _ids, _int, _total_page


def _cost(ctx: Ctx) -> Cost:
    cid = _int(ctx.groups.get("id"), -1)
    if cid not in ctx.state.costs:
        raise invalid_id("costs")
    return ctx.state.costs[cid]


@handles("/costs")
async def h_costs(ctx: Ctx) -> Any:
    """Costs: id-keyed object; total = items on this page."""
    costs = _total_page(ctx, list(ctx.state.costs.values()))
    return {"success": 1, "total": len(costs), "data": _costs_obj(ctx, costs)}


def _apply_cost(ctx: Ctx, cost: Cost) -> None:
    mapping = {"name": "name", "url": "url", "payment_type": "type", "product_slug": "slug",
               "product_type": "product_type", "slug": "slug", "license_type": "license_type",
               "cost_tracker_status": "cost_status", "payment_method": "payment_method",
               "renewal_type": "renewal_type", "note": "note"}  # fmt: skip
    for wire, attr in mapping.items():
        if ctx.p(wire) is not None:
            setattr(cost, attr, str(ctx.p(wire)))
    if ctx.p("price") is not None:
        cost.price = float(ctx.p("price") or 0)
    for k in ("sites", "groups", "clients"):
        if ctx.p(k) is not None:
            setattr(cost, k, _ids(ctx.p(k)))


@handles("/costs/add")
async def h_cost_add(ctx: Ctx) -> Any:
    """Create a cost (one per plugin/theme slug)."""
    if not ctx.p("name"):
        return {"success": 0, "error": "Cost name is required."}
    slug = str(ctx.p("slug") or ctx.p("product_slug") or "")
    ptype = str(ctx.p("product_type") or "")
    if (
        slug
        and ptype in ("plugin", "theme")
        and any(c.slug == slug and c.product_type == ptype for c in ctx.state.costs.values())
    ):
        return {"success": 0, "error": f"A cost tracker for this {ptype} already exists."}
    cost = Cost(id=ctx.state.new_id("cost"), name="", last_renewal=ctx.state.now,
                next_renewal=ctx.state.now + 30 * 86400)  # fmt: skip
    _apply_cost(ctx, cost)
    ctx.state.costs[cost.id] = cost
    return {"success": 1, "data": ctx.state.render_cost(cost, item=True)}


@handles(r"/costs/(?P<id>[\d]+)")
async def h_cost_get(ctx: Ctx) -> Any:
    """One cost (string id, unix-string dates)."""
    return {"success": 1, "data": ctx.state.render_cost(_cost(ctx), item=True)}


@handles(r"/costs/(?P<id>[\d]+)/edit")
async def h_cost_edit(ctx: Ctx) -> Any:
    """Edit a cost; answers with the object as it was before."""
    cost = _cost(ctx)
    before = ctx.state.render_cost(cost, item=True)
    _apply_cost(ctx, cost)
    return {"success": 1, "data": before}


@handles(r"/costs/(?P<id>[\d]+)/remove")
async def h_cost_remove(ctx: Ctx) -> Any:
    """Delete a cost."""
    cost = _cost(ctx)
    del ctx.state.costs[cost.id]
    return {"success": 1, "message": "Cost deleted successfully.",
            "data": ctx.state.render_cost(cost, item=True)}  # fmt: skip


@handles(r"/costs/(?P<id>[\d]+)/sites")
async def h_cost_sites(ctx: Ctx) -> Any:
    """Sites a cost applies to (``tags`` is a plain string here)."""
    cost = _cost(ctx)
    rows = [ctx.state.render_site(ctx.state.sites[i], tags_as_text=True)
            for i in cost.sites if i in ctx.state.sites]  # fmt: skip
    return {"success": 1, "total": len(rows), "data": rows}


@handles(r"/costs/(?P<id>[\d]+)/clients")
async def h_cost_clients(ctx: Ctx) -> Any:
    """Clients a cost applies to (directly or through its sites)."""
    cost = _cost(ctx)
    cids = set(cost.clients) | {ctx.state.sites[i].client_id for i in cost.sites
                                if i in ctx.state.sites}  # fmt: skip
    rows = [ctx.state.render_client(c) for c in ctx.state.clients.values() if c.id in cids]
    return {"success": 1, "total": len(rows), "data": rows}
