"""Simulated abilities on what one site holds: plugins, themes, reports, client, costs.

Shapes after ``includes/abilities/class-mainwp-abilities-sites.php`` (6.1.2) and the
``class-mainwp-abilities-util.php`` formatters; the rows and effects are those of the v2
``sites/{id}/plugins|themes|...`` routes (the state's render helpers and records).
"""

from __future__ import annotations

import datetime
from typing import Any

from ..routing import Ctx, wp_error
from ._abilities_run import Runner, _int, _truthy, site_of
from ._abilities_sites import confirm_delete, no_both

__all__ = ["RUNNERS", "cost_output"]


def _item(slug: str, *, active: bool = False) -> dict[str, Any]:
    """``format_plugin_for_output`` / ``format_theme_for_output`` of ``{slug, Name: slug}``."""
    return {
        "slug": slug,
        "name": slug,
        "version": "",
        "active": active,
        "has_update": False,
        "update_version": None,
    }


def _plugins(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_get_site_plugins (rows as the v2 route lists them)
    s = site_of(ctx, data.get("site_id_or_domain"))
    rows = ctx.state.render_plugin_items(s)
    status = str(data.get("status") or "all")
    if status in ("active", "inactive"):
        rows = [r for r in rows if r["active"] == (status == "active")]
    if _truthy(data.get("has_update")):
        rows = [r for r in rows if r.get("update_version")]
    return {"site_id": s.id, "site_url": s.url, "plugins": rows, "total": len(rows)}


def _themes(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_get_site_themes
    s = site_of(ctx, data.get("site_id_or_domain"))
    rows = ctx.state.render_theme_items(s)
    active = next((r["slug"] for r in rows if r["active"]), "")
    status = str(data.get("status") or "all")
    if status in ("active", "inactive"):
        rows = [r for r in rows if r["active"] == (status == "active")]
    if _truthy(data.get("has_update")):
        rows = [r for r in rows if r.get("update_version")]
    return {
        "site_id": s.id,
        "site_url": s.url,
        "active_theme": active,
        "themes": rows,
        "total": len(rows),
    }


def _plugin_action(action: str) -> Runner:
    # sites.php::execute_activate_site_plugins / execute_deactivate_site_plugins
    key = "activated" if action == "activate" else "deactivated"

    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        s = site_of(ctx, data.get("site_id_or_domain"))
        done, errors = [], []
        for slug in data.get("plugins") or []:
            found = [p for p in s.plugins if p.get("slug") == slug]
            if not found:
                errors.append({"slug": slug, "code": f"mainwp_{action}_failed",
                               "message": "Plugin not found."})  # fmt: skip
                continue
            for p in found:
                p["active"] = 1 if action == "activate" else 0
            done.append(_item(slug, active=action == "activate"))
        return {key: done, "errors": errors}

    return run


def _delete_items(kind: str) -> Runner:
    # sites.php::execute_delete_remote_items (+ build_delete_dry_run_response)
    key = "plugins" if kind == "plugin" else "themes"

    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        no_both(data)
        s = site_of(ctx, data.get("site_id_or_domain"))
        slugs = [str(x) for x in data.get(key) or []]
        if not slugs:
            raise wp_error("mainwp_invalid_input", f"No {key} specified.", 400)
        items = s.plugins if kind == "plugin" else s.themes
        active = {i.get("slug") for i in items if i.get("active")}
        if _truthy(data.get("dry_run")):
            would = [_item(x) for x in slugs]
            warnings = [f"The {kind} {x} is active." for x in slugs if x in active]
            return {"dry_run": True, "would_affect": would, "count": len(would),
                    "warnings": warnings}  # fmt: skip
        confirm_delete(data)
        deleted, errors = [], []
        for slug in slugs:
            if kind == "theme" and slug in active:
                errors.append({"slug": slug, "code": "mainwp_deletion_failed",
                               "message": "Cannot delete the active theme."})  # fmt: skip
                continue
            items[:] = [i for i in items if i.get("slug") != slug]
            deleted.append(_item(slug))
        return {"dry_run": False, "deleted": deleted, "count": len(deleted), "errors": errors,
                "warnings": []}  # fmt: skip

    return run


def _activate_theme(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_activate_site_theme (the v2 ``themes/activate`` effect)
    s = site_of(ctx, data.get("site_id_or_domain"))
    slug = str(data.get("theme") or "")
    if not any(t.get("slug") == slug for t in s.themes):
        raise wp_error("mainwp_activation_failed", "Theme not found.", 500)
    for t in s.themes:
        t["active"] = 1 if t.get("slug") == slug else 0
        if t["active"]:
            s.fields["active_theme"] = f"{t.get('name')} {t.get('version')}"
    return {"activated": True, "theme": _item(slug, active=True)}


def _abandoned(kind: str) -> Runner:
    # sites.php::execute_get_abandoned_plugins / execute_get_abandoned_themes
    key = "plugins" if kind == "plugin" else "themes"

    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        s = site_of(ctx, data.get("site_id_or_domain"))
        found = s.abandoned_plugins if kind == "plugin" else s.abandoned_themes
        rows = []
        for slug, info in found.items():
            last = info.get("last_updated", "")
            stamp = info.get("outdate_timestamp")
            days = (ctx.state.now - _int(stamp, 0)) // 86400 if str(stamp or "").isdigit() else None
            rows.append({"slug": slug, "name": info.get("Name", slug),
                         "version": info.get("Version", ""), "last_updated": str(last),
                         "days_since_update": days})  # fmt: skip
        return {key: rows, "total": len(rows)}

    return run


def _security(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_get_site_security: issues are the values not "N"/"0"
    s = site_of(ctx, data.get("site_id_or_domain"))
    issues = dict(ctx.state.security_template)
    total = sum(1 for v in issues.values() if v not in ("N", "0", 0))
    return {"site_id": s.id, "security_issues": issues, "total_issues": total}


def _changes(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_get_site_changes (the rows the v2 route lists)
    s = site_of(ctx, data.get("site_id_or_domain"))
    rows = [{**r, "site_id": s.id} for r in ctx.state.changes_template]
    page, per_page = _int(data.get("page"), 1), _int(data.get("per_page"), 20)
    return {"items": rows[(page - 1) * per_page : page * per_page], "page": page,
            "per_page": per_page, "total": len(rows)}  # fmt: skip


def _utc(ts: int) -> str:
    return datetime.datetime.fromtimestamp(ts, datetime.UTC).isoformat()


def _site_client(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_get_site_client
    s = site_of(ctx, data.get("site_id_or_domain"))
    if not s.client_id:
        return {"client": None, "message": "No client assigned to this site."}
    if s.client_id not in ctx.state.clients:
        return {"client": None, "message": "Assigned client not found in database."}
    from ._abilities_clients import client_output

    return {"client": client_output(ctx.state.clients[s.client_id]), "message": "Client found."}


def cost_output(cost: Any) -> dict[str, Any]:
    """``MainWP_Abilities_Util::format_cost_for_output``."""
    return {"id": cost.id, "name": cost.name, "type": cost.type, "price": float(cost.price),
            "renewal_type": cost.renewal_type, "payment_method": cost.payment_method,
            "product_type": cost.product_type,
            "last_renewal": _utc(cost.last_renewal) if cost.last_renewal > 0 else None,
            "next_renewal": _utc(cost.next_renewal) if cost.next_renewal > 0 else None}  # fmt: skip


def _site_costs(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_get_site_costs
    s = site_of(ctx, data.get("site_id_or_domain"))
    rows = [cost_output(c) for c in ctx.state.costs.values() if s.id in c.sites]
    return {"site_id": s.id, "costs": rows, "total": len(rows)}


RUNNERS: dict[str, Runner] = {
    "mainwp/get-site-plugins-v1": _plugins,
    "mainwp/get-site-themes-v1": _themes,
    "mainwp/activate-site-plugins-v1": _plugin_action("activate"),
    "mainwp/deactivate-site-plugins-v1": _plugin_action("deactivate"),
    "mainwp/delete-site-plugins-v1": _delete_items("plugin"),
    "mainwp/delete-site-themes-v1": _delete_items("theme"),
    "mainwp/activate-site-theme-v1": _activate_theme,
    "mainwp/get-abandoned-plugins-v1": _abandoned("plugin"),
    "mainwp/get-abandoned-themes-v1": _abandoned("theme"),
    "mainwp/get-site-security-v1": _security,
    "mainwp/get-site-changes-v1": _changes,
    "mainwp/get-site-client-v1": _site_client,
    "mainwp/get-site-costs-v1": _site_costs,
}
