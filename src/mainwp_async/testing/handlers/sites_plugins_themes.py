"""A site's plugins and themes (list, activate, delete, abandoned) and non-MainWP changes."""

from __future__ import annotations

from typing import Any

from ..routing import Ctx, handles, wp_error
from ._common import _ID, _slugs, _with_site


@handles(f"/sites/{_ID}/plugins")
async def h_site_plugins(ctx: Ctx) -> Any:
    """Installed plugins."""
    s = ctx.site()
    rows = ctx.state.render_plugin_items(s)
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})


@handles(f"/sites/{_ID}/plugins/activate", f"/sites/{_ID}/plugins/deactivate",
         f"/sites/{_ID}/plugins/delete")  # fmt: skip
async def h_site_plugins_action(ctx: Ctx) -> Any:
    """Activate / deactivate / delete plugins by slug."""
    s = ctx.site()
    slugs = _slugs(ctx)
    if not slugs:
        raise wp_error("mainwp_rest_invalid_plugins_slugs", "Plugins slugs are empty or invalid.",
                       None, data=400)  # fmt: skip
    action = ctx.route.sub.rsplit("/", 1)[-1]
    done = []
    for p in list(s.plugins):
        if p.get("slug") in slugs:
            if action == "delete":
                s.plugins.remove(p)
            else:
                p["active"] = 1 if action == "activate" else 0
            done.append({"name": p.get("name", ""), "version": p.get("version", ""),
                         "slug": p.get("slug", "")})  # fmt: skip
    return _with_site(ctx, s, {"success": 1, "data": done})


@handles(f"/sites/{_ID}/plugins/abandoned")
async def h_site_plugins_abandoned(ctx: Ctx) -> Any:
    """Plugins not updated upstream for a long time."""
    s = ctx.site()
    rows = [r for r in ctx.state.render_plugin_items(s) if r["slug"] in s.abandoned_plugins]
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})


@handles(f"/sites/{_ID}/themes")
async def h_site_themes(ctx: Ctx) -> Any:
    """Installed themes."""
    s = ctx.site()
    rows = ctx.state.render_theme_items(s)
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})


@handles(f"/sites/{_ID}/themes/activate")
async def h_site_themes_activate(ctx: Ctx) -> Any:
    """Switch the active theme."""
    s = ctx.site()
    slugs = _slugs(ctx)
    if not slugs:
        raise wp_error("mainwp_rest_invalid_themes_slugs", "Themes slugs are empty or invalid.",
                       None, data=400)  # fmt: skip
    result: dict[str, Any] = {}
    for t in s.themes:
        info = {"name": t.get("name", ""), "version": t.get("version", ""), "slug": t["slug"]}
        if t.get("slug") == slugs[0]:
            t["active"] = 1
            result["activate"] = info
            s.fields["active_theme"] = f"{t.get('name')} {t.get('version')}"
        elif t.get("active"):
            t["active"] = 0
            result["deactivate"] = info
    return _with_site(ctx, s, {"success": 1, "data": result})


@handles(f"/sites/{_ID}/themes/delete")
async def h_site_themes_delete(ctx: Ctx) -> Any:
    """Delete inactive themes."""
    s = ctx.site()
    slugs = _slugs(ctx)
    if not slugs:
        raise wp_error("mainwp_rest_invalid_themes_slugs", "Themes slugs are empty or invalid.",
                       None, data=400)  # fmt: skip
    for t in list(s.themes):
        if t.get("slug") in slugs:
            if t.get("active"):
                return _with_site(
                    ctx, s, {"success": 0, "error": f"The theme {t.get('name')} is active."}
                )
            s.themes.remove(t)
    return _with_site(ctx, s, {"success": 1, "data": {"delete": slugs}})


@handles(f"/sites/{_ID}/themes/abandoned")
async def h_site_themes_abandoned(ctx: Ctx) -> Any:
    """Abandoned themes (none in simulated fleets)."""
    s = ctx.site()
    return _with_site(ctx, s, {"success": 1, "total": 0, "data": []})


@handles(f"/sites/{_ID}/non-mainwp-changes")
async def h_site_changes(ctx: Ctx) -> Any:
    """Changes made on the child outside MainWP."""
    s = ctx.site()
    rows = []
    for row in ctx.state.changes_template:
        r = dict(row)
        r["site_id"] = str(s.id)
        rows.append(r)
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})
