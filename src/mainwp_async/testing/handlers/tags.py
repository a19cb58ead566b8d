"""Tags and the sites/clients they hold."""

from __future__ import annotations

from typing import Any

from ..routing import Ctx, handles, invalid_id
from ._common import _int, _total_page


def _tag_id(ctx: Ctx) -> int:
    tid = _int(ctx.groups.get("id"), -1)
    if tid not in ctx.state.tags:
        raise invalid_id("tag")
    return tid


@handles("/tags")
async def h_tags(ctx: Ctx) -> Any:
    """Tags: an id-keyed object ([] when empty); total = items on this page."""
    tags = _total_page(ctx, list(ctx.state.tags.values()))
    return {"success": 1, "total": len(tags),
            "data": {str(t.id): ctx.state.render_tag(t) for t in tags} or []}  # fmt: skip


@handles(r"/tags/(?P<id>[\d]+)")
async def h_tag_get(ctx: Ctx) -> Any:
    """One tag."""
    return {"success": 1, "data": ctx.state.render_tag(ctx.state.tags[_tag_id(ctx)])}


@handles("/tags/add")
async def h_tag_add(ctx: Ctx) -> Any:
    """Create a tag (names made unique)."""
    name = str(ctx.p("name") or "").strip()
    if not name:
        return {"success": 0, "error": "Add tag failed. Please try again."}
    tag = ctx.state.add_tag(name, str(ctx.p("color") or ""))
    return {"success": 1, "message": "Tag created successfully.", "data": ctx.state.render_tag(tag)}


@handles(r"/tags/(?P<id>[\d]+)/edit")
async def h_tag_edit(ctx: Ctx) -> Any:
    """Rename / recolour a tag."""
    tag = ctx.state.tags[_tag_id(ctx)]
    if ctx.p("name"):
        tag.name = str(ctx.p("name"))
    if ctx.p("color") is not None:
        tag.color = str(ctx.p("color"))
    return {"success": 1, "message": "Tag updated successfully.",
            "data": ctx.state.render_tag(tag, after_write=True)}  # fmt: skip


@handles(r"/tags/(?P<id>[\d]+)/remove")
async def h_tag_remove(ctx: Ctx) -> Any:
    """Delete a tag."""
    tag = ctx.state.tags[_tag_id(ctx)]
    ctx.state.remove_tag(tag.id)
    return {"success": 1, "message": "Tag deleted successfully.",
            "data": ctx.state.render_tag(tag, after_write=True)}  # fmt: skip


@handles(r"/tags/(?P<id>[\d]+)/sites")
async def h_tag_sites(ctx: Ctx) -> Any:
    """Sites carrying a tag."""
    tid = _tag_id(ctx)
    rows = [ctx.state.render_site(s) for s in ctx.state.sites.values() if tid in s.tags]
    return {"success": 1, "total": len(rows), "data": rows}


@handles(r"/tags/(?P<id>[\d]+)/clients")
async def h_tag_clients(ctx: Ctx) -> Any:
    """Clients owning a site that carries a tag."""
    tid = _tag_id(ctx)
    cids = {s.client_id for s in ctx.state.sites.values() if tid in s.tags}
    rows = [ctx.state.render_client(c) for c in ctx.state.clients.values() if c.id in cids]
    return {"success": 1, "total": len(rows), "data": rows}
