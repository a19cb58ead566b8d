"""Dashboard settings, cost-tracker lists and the settings tools."""

from __future__ import annotations

import re
from typing import Any

from ..routing import HANDLERS, NS, Ctx, Handler, handles, wp_error
from ..state import Job
from ._common import _strict_json

_SETTINGS_GET = ("general", "advanced", "monitoring", "emails", "cost-tracker",
                 "dashboard-insights", "api-backups", "tools")  # fmt: skip


def _settings_get(name: str) -> Handler:
    async def handler(ctx: Ctx) -> Any:
        return {"success": 1, "data": ctx.state.settings.get(name, {})}

    handler.__doc__ = f"``GET settings/{name}``."
    return handler


for _name in _SETTINGS_GET:
    HANDLERS[f"{NS}/settings/{_name}"] = _settings_get(_name)


@handles("/settings/general/edit", "/settings/advanced/edit", "/settings/monitoring/edit",
         "/settings/cost-tracker/edit", "/settings/dashboard-insights/edit",
         "/settings/tools/edit")  # fmt: skip
async def h_settings_edit(ctx: Ctx) -> Any:
    """Settings writers: strict JSON; known keys are updated."""
    body = _strict_json(ctx)
    name = ctx.route.sub.split("/")[2]
    data = ctx.state.settings.setdefault(name, {})
    changed = {k: v for k, v in body.items() if k in data}
    data.update(changed)
    return {"success": 1, "message": "Settings updated successfully.", "data": changed}


@handles(r"/settings/emails/(?P<mail_type>[a-zA-Z0-9\-\.\_]+)/edit")
async def h_settings_email_edit(ctx: Ctx) -> Any:
    """Edit one e-mail type."""
    body = _strict_json(ctx)
    for row in ctx.state.settings.get("emails", []):
        if row.get("type") == ctx.groups["mail_type"]:
            row.update({k: v for k, v in body.items() if k in row})
            return {"success": 1, "message": "Email settings updated successfully.", "data": row}
    raise wp_error("invalid_mail_type", "Invalid mail type.", None)


@handles(r"/settings/api-backups/(?P<api_slug>[a-zA-Z0-9\-\.\_]+)/edit")
async def h_settings_backup_edit(ctx: Ctx) -> Any:
    """Edit one backup provider."""
    body = _strict_json(ctx)
    providers = ctx.state.settings.get("api-backups", {}).get("api_backups", {})
    if ctx.groups["api_slug"] not in providers:
        raise wp_error("invalid_api_slug", "Invalid API slug.", None)
    return {"success": 1, "message": "Settings updated successfully.", "data": body}


def _ct_list(ctx: Ctx) -> list[dict[str, Any]]:
    key = "product_categories" if "product-types" in ctx.route.sub else "payment_methods"
    ct = ctx.state.settings.setdefault("cost-tracker", {})
    value = ct.setdefault(key, [])
    return value if isinstance(value, list) else []


@handles("/settings/cost-tracker/product-types/add", "/settings/cost-tracker/payment-methods/add")
async def h_ct_add(ctx: Ctx) -> Any:
    """Add a product type / payment method."""
    body = _strict_json(ctx)
    title = str(body.get("title", "")).strip()
    if not title:
        raise wp_error("invalid_title", "Invalid title.", None)
    rows = _ct_list(ctx)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if any(r.get("slug") == slug for r in rows):
        raise wp_error("duplicate_title", "Title already exists.", None)
    row: dict[str, Any] = {"slug": slug, "title": title}
    row.update({k: body[k] for k in ("icon", "color") if k in body})
    rows.append(row)
    return {"success": 1, "message": "Added successfully.", "data": row}


@handles(r"/settings/cost-tracker/product-types/(?P<slug>[a-zA-Z0-9\-\.\_]+)/edit",
         r"/settings/cost-tracker/payment-methods/(?P<slug>[a-zA-Z0-9\-\.\_]+)/edit",
         r"/settings/cost-tracker/product-types/(?P<slug>[a-zA-Z0-9\-\.\_]+)/delete",
         r"/settings/cost-tracker/payment-methods/(?P<slug>[a-zA-Z0-9\-\.\_]+)/delete")  # fmt: skip
async def h_ct_edit(ctx: Ctx) -> Any:
    """Edit / delete a product type or payment method."""
    rows = _ct_list(ctx)
    row = next((r for r in rows if r.get("slug") == ctx.groups["slug"]), None)
    if row is None:
        raise wp_error("invalid_slug", "Invalid slug.", None)
    if ctx.route.sub.endswith("/delete"):
        rows.remove(row)
        return {"success": 1, "message": "Deleted successfully."}
    body = _strict_json(ctx)
    row.update({k: v for k, v in body.items() if k in ("title", "icon", "color")})
    return {"success": 1, "message": "Updated successfully.", "data": row}


_JOB_KINDS = {"destroy-sessions": "destroy", "renew-connections": "renew",
              "disconnect-all-sites": "disconnect"}  # fmt: skip
_JOB_MISSING = {
    "destroy": ("destroy_session_job_not_found", "Destroy session job not found."),
    "renew": ("renew_connection_job_not_found", "Renew connection job not found."),
    "disconnect": ("disconnect_job_not_found", "Job not found."),
}


@handles("/settings/tools/destroy-sessions", "/settings/tools/renew-connections",
         "/settings/tools/disconnect-all-sites")  # fmt: skip
async def h_tool_start(ctx: Ctx) -> Any:
    """Start a background job; its status becomes completed (see ``state.run_cron``)."""
    action = ctx.route.sub.rsplit("/", 1)[-1]
    prefix = _JOB_KINDS[action]
    ctx.state.job_seq += 1
    jid = f"{prefix}_{ctx.state.now:x}{ctx.state.job_seq:05x}.{ctx.state.job_seq:08d}"
    ctx.state.jobs[jid] = Job(id=jid, kind=prefix, total=len(ctx.state.sites))
    verb = {"destroy": "Destroy sessions", "renew": "Renew connections",
            "disconnect": "Disconnect all sites"}[prefix]  # fmt: skip
    return {"success": 1, "message": f"{verb} process started in background.",
            f"{prefix}_id": jid,
            "status_url": f"{ctx.dash.public_url}/wp-json/mainwp/v2/settings/tools/"
                          f"{action}-status/{jid}"}  # fmt: skip


@handles(r"/settings/tools/destroy-sessions-status/(?P<destroy_id>[a-zA-Z0-9_.\-]+)",
         r"/settings/tools/renew-connections-status/(?P<renew_id>[a-zA-Z0-9_.\-]+)",
         r"/settings/tools/disconnect-all-sites-status/(?P<disconnect_id>[a-zA-Z0-9_.\-]+)")  # fmt: skip  # noqa: E501
async def h_tool_status(ctx: Ctx) -> Any:
    """Job status: pending on the first poll, completed afterwards (cron ran)."""
    kind = next(k for k in ("destroy", "renew", "disconnect") if f"{k}_id" in ctx.groups)
    job = ctx.state.jobs.get(ctx.groups[f"{kind}_id"])
    if job is None or job.kind != kind:
        raise wp_error(*_JOB_MISSING[kind], None)
    job.polls += 1
    if job.polls > 1 and not job.done:
        job.done, job.completed_at = True, ctx.state.now
    return {"success": job.done, "status": "completed" if job.done else "pending",
            "total": job.total, "processed": job.total if job.done else 0, "failed": 0,
            "progress": 100 if job.done else 0, "errors": [], "started_at": "",
            "completed_at": job.completed_at if job.done else ""}  # fmt: skip


@handles("/settings/tools/clear-activation-data", "/settings/tools/restore-info-messages")
async def h_tool_simple(ctx: Ctx) -> Any:
    """One-shot tools."""
    return {"success": 1, "message": "Done."}
