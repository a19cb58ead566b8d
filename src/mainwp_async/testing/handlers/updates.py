"""Pending updates: list, ignored, apply (per kind, per site, fleet-wide), ignore."""

from __future__ import annotations

import time
from typing import Any

from ..routing import Ctx, handles, wp_error
from ..state import Site
from ._common import _UPD, _site_simple, _slugs


@handles("/updates")
async def h_updates(ctx: Ctx) -> Any:
    """Every pending update of every site; ignores paging."""
    rows: list[dict[str, Any]] = []
    for s in ctx.state.sites.values():
        rows.extend(ctx.state.update_rows(s))
    return {"success": 1, "data": rows}


@handles(r"/updates/(?P<id_domain>[\d]+)",
         r"/updates/(?P<id_domain>[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}$)")  # fmt: skip
async def h_update_site(ctx: Ctx) -> Any:
    """Pending updates of one site (as the dashboard stored them at the last sync)."""
    s = ctx.site()
    return {"success": 1, "data": {"wp": s.wp_upgrades,
                                   "plugins": s.plugin_upgrades or [],
                                   "themes": s.theme_upgrades or [],
                                   "translations": s.translation_upgrades}}  # fmt: skip


@handles("/updates/ignored", f"/updates/{_UPD}/ignored")
async def h_updates_ignored(ctx: Ctx) -> Any:
    """Server bug in 6.1.2: always a 500 ability error."""
    raise wp_error(
        "ability_invalid_input",
        'Ability "mainwp/list-ignored-updates-v1" has '
        "invalid input. Reason: scope is not a valid property of Object.",
        500,
    )


def _apply(s: Site, kind: str, slugs: list[str] | None) -> dict[str, Any]:
    table = s.plugin_upgrades if kind == "plugin" else s.theme_upgrades
    out: dict[str, Any] = {}
    for slug in slugs if slugs is not None else list(table):
        entry = table.get(slug)
        if entry is None:
            continue
        new = entry["update"]["new_version"]
        old = "" if (kind, slug) in s.applied else entry.get("Version", "")
        s.applied[(kind, slug)] = new
        out[slug] = {"success": 1, "name": entry.get("Name", ""), "old_version": old,
                     "version": new}  # fmt: skip
    return out


@handles(f"/updates/{_UPD}/update/plugins", f"/updates/{_UPD}/update/themes")
async def h_update_apply(ctx: Ctx) -> Any:
    """Apply plugin/theme updates on one site; they stay listed until the next sync."""
    s = ctx.site()
    kind = "plugin" if ctx.route.sub.endswith("plugins") else "theme"
    slugs = _slugs(ctx) or None
    done = _apply(s, kind, slugs)
    if not done:
        return {"success": 0, "message": f"No {kind.capitalize()}s to update."}
    return {"success": 1, "data": done}


@handles(f"/updates/{_UPD}/update/wp")
async def h_update_wp(ctx: Ctx) -> Any:
    """Core update."""
    s = ctx.site()
    if not isinstance(s.wp_upgrades, dict) or not s.wp_upgrades:
        return {"success": 0, "message": "No WordPress update available."}
    s.applied[("wp", "wordpress")] = s.wp_upgrades.get("new", "")
    return {"success": 1, "data": {"upgrade": s.wp_upgrades.get("new", "")}}


@handles(f"/updates/{_UPD}/update/translations")
async def h_update_translations(ctx: Ctx) -> Any:
    """Translation updates."""
    s = ctx.site()
    if not s.translation_upgrades:
        return {"success": 0, "message": "No Translations to update."}
    s.applied[("translation", "all")] = ""
    return {"success": 1, "data": {}}


def _batch_start() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())


@handles("/updates/update")
async def h_update_all(ctx: Ctx) -> Any:
    """Start updating everything everywhere (applies now, visible after sync)."""
    for s in ctx.state.sites.values():
        _apply(s, "plugin", None)
        _apply(s, "theme", None)
    return {"success": 1, "message": "Updates started.",
            "last_time_start_batch_updates": _batch_start()}  # fmt: skip


@handles(f"/updates/{_UPD}/update")
async def h_update_site_all(ctx: Ctx) -> Any:
    """Update everything on one site."""
    s = ctx.site()
    _apply(s, "plugin", None)
    _apply(s, "theme", None)
    return {
        "success": 1,
        "message": "Updates started.",
        "last_time_start_batch_updates": _batch_start(),
        "site": _site_simple(s, ctx.state),
    }


@handles(f"/updates/{_UPD}/ignore/wp", f"/updates/{_UPD}/ignore/plugins",
         f"/updates/{_UPD}/ignore/themes")  # fmt: skip
async def h_update_ignore(ctx: Ctx) -> Any:
    """Ignore updates."""
    s = ctx.site()
    if ctx.route.sub.endswith("/wp"):
        s.fields["is_ignoreCoreUpdates"] = "1"
        return {"success": 1, "message": "Core update ignored."}
    table = s.plugin_upgrades if ctx.route.sub.endswith("plugins") else s.theme_upgrades
    out = {}
    for slug in _slugs(ctx):
        table.pop(slug, None)
        out[slug] = "success"
    return {"success": 1, "data": out, "url": s.url}
