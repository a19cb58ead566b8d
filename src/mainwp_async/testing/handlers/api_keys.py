"""REST API keys: list, add, edit, delete."""

from __future__ import annotations

from typing import Any

from ..routing import Ctx, Reply, handles, wp_error
from ..state import ApiKey
from ._common import _page


@handles("/rest-api/keys")
async def h_keys(ctx: Ctx) -> Any:
    """API keys, newest first; past the end the last page comes again."""
    keys = sorted(ctx.state.keys.values(), key=lambda k: -k.id)
    page, per_page = _page(ctx)
    per_page = min(per_page, 100) if str(ctx.query.get("per_page", "")).isdigit() else 20
    pages = max(1, -(-len(keys) // per_page))
    page = min(page, pages)
    rows = [ctx.state.render_key(k) for k in keys[(page - 1) * per_page : page * per_page]]
    return {"success": 1, "total": len(keys), "pages": pages, "data": rows}


def _invalid_permissions() -> Reply:
    return wp_error("rest_invalid_param", "Invalid parameter(s): permissions", 400, data={
        "status": 400, "params": {"permissions": "Invalid method value."},
        "details": {"permissions": {"code": "invalid_method", "message": "Invalid method value.",
                                    "data": None}}})  # fmt: skip


@handles("/rest-api/add-key")
async def h_key_add(ctx: Ctx) -> Any:
    """Create a key from a form body; answers with the one-time token."""
    perm = ctx.params.get("permissions")
    if perm is not None and perm not in ("read", "write"):
        raise _invalid_permissions()
    if not ctx.form:
        raise wp_error("empty_body", "Request body is empty.", None)
    key = ctx.state.add_key(ctx.form.get("permissions", "read"), ctx.form.get("description", ""),
                            seed=f"{ctx.dash.seed}-added")  # fmt: skip
    key.active = ctx.form.get("active", "1") not in ("0", "false", "")
    return {"success": 1, "message": "API Key created successfully.", "token": key.token}


def _key(ctx: Ctx) -> ApiKey:
    ident = ctx.groups.get("key_identifier", "")
    key = None
    if ident.isdigit():
        key = ctx.state.keys.get(int(ident))
    else:
        want = ident.removeprefix("ck_")
        key = ctx.state.key_by_hex(want)
    if key is None:
        raise wp_error("api_key_not_found", "API key not found.", None)
    return key


@handles(r"/rest-api/edit-key/(?P<key_identifier>([1-9][0-9]*|ck_[a-f0-9]{40}))")
async def h_key_edit(ctx: Ctx) -> Any:
    """Edit a key (JSON body only)."""
    key = _key(ctx)
    body = ctx.json if isinstance(ctx.json, dict) else {}
    if "permissions" in body:
        if body["permissions"] not in ("read", "write"):
            raise _invalid_permissions()
        key.scope = body["permissions"]
    if "active" in body:
        key.active = body["active"] not in (False, 0, "0", "false", "")
    if "description" in body:
        key.description = str(body["description"])
    return {"success": 1, "message": "API Key updated successfully."}


@handles(r"/rest-api/delete-key/(?P<key_identifier>([1-9][0-9]*|ck_[a-f0-9]{40}))")
async def h_key_delete(ctx: Ctx) -> Any:
    """Delete a key: its token stops working."""
    del ctx.state.keys[_key(ctx).id]
    return {"success": 1, "message": "API Key deleted successfully."}
