"""Clients and client custom fields."""

from __future__ import annotations

import time
from typing import Any

from ..routing import Ctx, handles, invalid_id, wp_error
from ..state import Client
from ._common import _CL, _costs_obj, _ids, _page, _total_page


def _client(ctx: Ctx) -> Client:
    ident = ctx.groups.get("id_email", "")
    c = ctx.state.find_client(ident)
    if c is None:
        if ident.isdigit():
            raise invalid_id("client")
        raise wp_error("mainwp_rest_invalid_client_data", "Invalid or not found email.", 404)
    return c


@handles("/clients")
async def h_clients(ctx: Ctx) -> Any:
    """Clients: total = items on this page."""
    rows = [ctx.state.render_client(c) for c in _total_page(ctx, list(ctx.state.clients.values()))]
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/clients/count")
async def h_clients_count(ctx: Ctx) -> Any:
    """Client count (a string)."""
    return {"success": 1, "total": str(len(ctx.state.clients))}


_CLIENT_FIELDS = ("name", "address_1", "address_2", "city", "zip", "state", "country", "note",
                  "client_email", "client_phone", "client_facebook", "client_twitter",
                  "client_instagram", "client_linkedin")  # fmt: skip


@handles("/clients/add")
async def h_clients_add(ctx: Ctx) -> Any:
    """Create a client; ``selected_sites`` steals those sites from other clients."""
    name = str(ctx.p("name") or "").strip()
    if not name:
        return {"success": 0, "error": "Client name is required."}
    cid = ctx.state.new_id("client")
    fields = {k: str(ctx.p(k) or "") for k in _CLIENT_FIELDS}
    fields.update(created=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ctx.state.now)),
                  suspended="0", primary_contact_id="0")  # fmt: skip
    c = Client(id=cid, fields=fields)
    ctx.state.clients[cid] = c
    ctx.state.set_client_sites(cid, _ids(ctx.p("selected_sites")))
    return {"success": 1, "message": "Client created Successfully.",
            "data": ctx.state.render_client(c, "write")}  # fmt: skip


@handles(r"/clients/(?P<id_email>(?!fields$)[\d]+)",
         r"/clients/(?P<id_email>(?!fields$)[a-zA-Z0-9\.\_\%\+\-\@]+)")  # fmt: skip
async def h_client_get(ctx: Ctx) -> Any:
    """One client by id or e-mail."""
    return {"success": 1, "data": ctx.state.render_client(_client(ctx), "item")}


@handles(f"/clients/{_CL}/edit")
async def h_client_edit(ctx: Ctx) -> Any:
    """Edit a client; ``selected_sites`` links sites."""
    c = _client(ctx)
    for k in _CLIENT_FIELDS:
        if ctx.p(k) is not None:
            c.fields[k] = str(ctx.p(k))
    if ctx.p("selected_sites") is not None:
        ctx.state.set_client_sites(c.id, _ids(ctx.p("selected_sites")))
    return {"success": 1, "message": "Client updated Successfully.",
            "data": ctx.state.render_client(c, "write")}  # fmt: skip


@handles(f"/clients/{_CL}/remove")
async def h_client_remove(ctx: Ctx) -> Any:
    """Delete a client; its sites are unlinked."""
    c = _client(ctx)
    data = ctx.state.render_client(c, "item")
    ctx.state.remove_client(c.id)
    return {"success": 1, "message": "Client deleted successfully", "data": data}


@handles(f"/clients/{_CL}/sites")
async def h_client_sites(ctx: Ctx) -> Any:
    """Sites of a client."""
    c = _client(ctx)
    rows = [ctx.state.render_site(s) for s in ctx.state.sites.values() if s.client_id == c.id]
    for r in rows:
        r.update(ip="", is_staging="", health_status="")
    return {"success": 1, "total": len(rows), "data": rows}


@handles(f"/clients/{_CL}/sites/count")
async def h_client_sites_count(ctx: Ctx) -> Any:
    """Number of sites of a client."""
    c = _client(ctx)
    return {"success": 1, "total": sum(1 for s in ctx.state.sites.values() if s.client_id == c.id)}


@handles(f"/clients/{_CL}/costs")
async def h_client_costs(ctx: Ctx) -> Any:
    """Costs of a client: its own and those of its sites (id-keyed)."""
    c = _client(ctx)
    site_ids = {s.id for s in ctx.state.sites.values() if s.client_id == c.id}
    costs = [x for x in ctx.state.costs.values() if c.id in x.clients or site_ids & set(x.sites)]
    if not costs:
        return {"success": 1, "message": "Costs not found."}
    return {"success": 1, "total": len(costs), "data": _costs_obj(ctx, costs)}


@handles(f"/clients/{_CL}/suspend", f"/clients/{_CL}/unsuspend")
async def h_client_suspend(ctx: Ctx) -> Any:
    """Suspend / unsuspend a client."""
    c = _client(ctx)
    un = ctx.route.sub.endswith("/unsuspend")
    c.fields["suspended"] = "0" if un else "1"
    msg = "Client unsuspended successfully." if un else "Client suspended successfully."
    return {"success": 1, "message": msg, "data": ctx.state.render_client(c, "item")}


@handles("/clients/fields")
async def h_client_fields(ctx: Ctx) -> Any:
    """Custom client fields, or ``success: 0`` when there are none."""
    rows = [{"field_id": str(i), **f} for i, f in ctx.state.client_fields.items()]
    if not rows:
        return {"success": 0, "message": "No client fields found."}
    page, per_page = _page(ctx)
    pages = max(1, -(-len(rows) // per_page))
    return {"success": 1, "total": len(rows), "pages": pages,
            "data": rows[(page - 1) * per_page : page * per_page]}  # fmt: skip


@handles("/clients/fields/add")
async def h_client_fields_add(ctx: Ctx) -> Any:
    """Add a custom client field (form body only)."""
    if not ctx.form:
        raise wp_error("empty_body", "Request body is empty.", None)
    name = ctx.form.get("name", "").strip()
    if not name:
        raise wp_error("empty_name", "Field name is required.", None)
    ctx.state.field_seq += 1
    fid = ctx.state.field_seq
    ctx.state.client_fields[fid] = {"name": name, "description": ctx.form.get("description", "")}
    return {"success": 1, "message": "Field created successfully.",
            "data": {"field_id": str(fid), **ctx.state.client_fields[fid]}}  # fmt: skip


def _field_id(ctx: Ctx) -> int:
    ident = ctx.groups.get("id_name", "")
    for fid, f in ctx.state.client_fields.items():
        if str(fid) == ident or f["name"] == ident:
            return fid
    raise wp_error("invalid_field_id", "Invalid field ID.", None)


@handles(r"/clients/fields/(?P<id_name>[^/]+)/edit")
async def h_client_fields_edit(ctx: Ctx) -> Any:
    """Edit a custom client field."""
    fid = _field_id(ctx)
    for k in ("name", "description"):
        if ctx.p(k) is not None:
            ctx.state.client_fields[fid][k] = str(ctx.p(k))
    return {"success": 1, "message": "Field updated successfully."}


@handles(r"/clients/fields/(?P<id_name>[^/]+)/delete")
async def h_client_fields_delete(ctx: Ctx) -> Any:
    """Delete a custom client field."""
    del ctx.state.client_fields[_field_id(ctx)]
    return {"success": 1, "message": "Field deleted successfully."}
