"""Batch routes: ``/<resource>/batch`` and the global ``/batch``, run in-process."""

from __future__ import annotations

from typing import Any

from ..routing import HANDLERS, NS, ROUTES, Ctx, Reply, handles, wp_error


async def _sub(ctx: Ctx, method: str, sub: str, params: dict[str, Any]) -> Any:
    """Run another route's handler in-process (for batch endpoints)."""
    for r in ROUTES:
        m = r.regex.match(NS + sub)
        if m and method in r.methods:
            sctx = Ctx(ctx.dash, method, r, {k: v for k, v in m.groupdict().items() if v},
                       {}, {}, params, "application/json", dict(params))  # fmt: skip
            try:
                return await HANDLERS[r.pattern](sctx)
            except Reply as e:
                return {"id": params.get("id"), "error": e.body}
    return {"error": {"code": "rest_no_route"}}


def _check_batch_size(body: Any) -> None:
    n = 0
    if isinstance(body, dict):
        for v in body.values():
            if isinstance(v, list):
                n += len(v)
            elif isinstance(v, dict):
                n += sum(len(x) for x in v.values() if isinstance(x, list))
    if n > 100:
        raise wp_error(
            "mainwp_rest_request_entity_too_large",
            "Unable to accept more than 100 items for this request.",
            413,
        )


async def _resource_batch(ctx: Ctx, res: str) -> dict[str, Any]:
    body = ctx.json if isinstance(ctx.json, dict) else ctx.params
    _check_batch_size(body)
    out: dict[str, Any] = {}
    for item in body.get("create") or []:
        out.setdefault("create", []).append(await _sub(ctx, "POST", f"/{res}/add", dict(item)))
    for item in body.get("update") or []:
        iid = str(item.get("id", ""))
        out.setdefault("update", []).append(
            await _sub(ctx, "PUT", f"/{res}/{iid}/edit", dict(item))
        )
    for iid in body.get("delete") or []:
        out.setdefault("delete", []).append(
            await _sub(ctx, "DELETE", f"/{res}/{iid}/remove", {"id": iid})
        )
    return out


@handles("/sites/batch", "/clients/batch", "/tags/batch", "/costs/batch")
async def h_resource_batch(ctx: Ctx) -> Any:
    """Per-resource batch (``/<resource>/batch``) for sites, clients, tags and costs."""
    return await _resource_batch(ctx, ctx.route.sub.split("/")[1])


_GLOBAL_SITE_OPS = {
    "sync": ("POST", "/sites/{}/sync"), "reconnect": ("POST", "/sites/{}/reconnect"),
    "disconnect": ("POST", "/sites/{}/disconnect"), "suspend": ("POST", "/sites/{}/suspend"),
    "check": ("POST", "/sites/{}/check"), "remove": ("DELETE", "/sites/{}/remove"),
    "security": ("GET", "/sites/{}/security"), "plugins": ("GET", "/sites/{}/plugins"),
    "themes": ("GET", "/sites/{}/themes"),
    "non-mainwp-changes": ("GET", "/sites/{}/non-mainwp-changes"),
}  # fmt: skip


@handles("/batch")
async def h_global_batch(ctx: Ctx) -> Any:
    """Global batch: ``create`` per resource plus site operations by id."""
    body = ctx.json if isinstance(ctx.json, dict) else {}
    _check_batch_size(body)
    out: dict[str, Any] = {}
    for res, ops in body.items():
        if not isinstance(ops, dict):
            continue
        res_out: dict[str, Any] = {}
        for op, items in ops.items():
            if not isinstance(items, list):
                continue
            if op == "create" and res in ("sites", "clients", "tags", "costs"):
                res_out["create"] = [await _sub(ctx, "POST", f"/{res}/add", dict(i))
                                     for i in items]  # fmt: skip
            elif res == "sites" and op in _GLOBAL_SITE_OPS:
                method, tpl = _GLOBAL_SITE_OPS[op]
                res_out[op] = [await _sub(ctx, method, tpl.format(i), {}) for i in items]
        out[res] = res_out
    return out
