"""Pending updates: list, ignored, apply (per kind, per site, fleet-wide), ignore."""

from __future__ import annotations

import time
from typing import Any

from .. import connection
from ..jobs import jobs_of
from ..php import php_array
from ..routing import Ctx, handles, wp_error
from ..state import Site
from ..upgrades import (
    LIST_PER_PAGE,
    TYPES,
    ignore_items,
    not_ignored,
    site_update_rows,
    site_updates,
)
from ._common import _UPD, _ids, _site_simple, _slugs


def _list_types(ctx: Ctx) -> tuple[str, ...]:
    raw = [t.strip() for t in str(ctx.query.get("type") or "").split(",") if t.strip()]
    for i, t in enumerate(raw):
        if t not in TYPES:
            raise wp_error(
                "ability_invalid_input",
                'Ability "mainwp/list-updates-v1" has invalid input. Reason: '
                f"input[types][{i}] is not one of core, plugins, themes, and translations.",
                500,
            )
    return tuple(raw) or TYPES


@handles("/updates")
async def h_updates(ctx: Ctx) -> Any:
    """Pending updates of every site: the list ability's first 50 rows.

    ``class-mainwp-rest-updates-controller.php::get_items`` hands ``include`` and ``type``
    to ``mainwp/list-updates-v1`` and never sets its page size; ``exclude`` then unsets
    row *positions* (see :mod:`..upgrades`).
    """
    jobs_of(ctx.dash).tick(ctx.state)  # a request lets WP-Cron run queued work
    types = _list_types(ctx)
    include = set(_ids(ctx.query.get("include")))
    rows: list[dict[str, Any]] = []
    for s in ctx.state.sites.values():
        if not include or s.id in include:
            rows.extend(site_update_rows(s, types))
    page: dict[Any, Any] = dict(enumerate(rows[:LIST_PER_PAGE]))
    for excluded in _ids(ctx.query.get("exclude")):
        page.pop(excluded, None)
    return {"success": 1, "data": php_array(page)}


@handles(r"/updates/(?P<id_domain>[\d]+)",
         r"/updates/(?P<id_domain>[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}$)")  # fmt: skip
async def h_update_site(ctx: Ctx) -> Any:
    """Pending updates of one site, as stored at the last sync, minus ignored ones."""
    jobs_of(ctx.dash).tick(ctx.state)  # a request lets WP-Cron run queued work
    s = ctx.site()
    kinds = {t.strip() for t in str(ctx.query.get("type") or "").split(",") if t.strip()}
    return {"success": 1, "data": site_updates(s, kinds)}


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
    """Apply plugin/theme updates on one site; they stay listed until the next sync.

    ``class-mainwp-rest-updates-controller.php::update_plugins_site``/``update_themes_site``:
    refused while the site ignores that kind; only the pending, not ignored updates named
    in ``slug`` are sent to the child (no ``slug``: nothing to update); a child that cannot
    be reached is a 500 with the connection exception's message; one that refuses the
    dashboard (after a disconnect) gives no results, ``data: []``
    (``Rest_Api_V1_Helper::handle_site_update_item``).
    """
    s = ctx.site()
    kind = "plugin" if ctx.route.sub.endswith("plugins") else "theme"
    label = kind.capitalize() + "s"
    if s.fields.get(f"is_ignore{label[:-1]}Updates", "0") not in ("", "0"):
        return {"success": 0, "message": f"{label} ignored updates per site."}
    table = s.plugin_upgrades if kind == "plugin" else s.theme_upgrades
    pending = not_ignored(table, s.ignored_plugins if kind == "plugin" else s.ignored_themes)
    slugs = [slug for slug in pending if slug in set(_slugs(ctx))]
    if not slugs:
        return {"success": 0, "message": f"No {label} to update."}
    if connection.unreachable(s):  # fetch_url_site throws MainWP_Exception('HTTPERROR'|'NOMAINWP')
        code = "HTTPERROR" if s.child_error.startswith("HTTP error") else "NOMAINWP"
        raise wp_error(f"mainwp_rest_upgrade_{kind}s_of_site_error", code, None)
    if s.child_error:  # the child answers but refuses: no updates_info (v1 helper)
        return {"success": 1, "data": []}
    return {"success": 1, "data": _apply(s, kind, slugs)}


@handles(f"/updates/{_UPD}/update/wp")
async def h_update_wp(ctx: Ctx) -> Any:
    """Core update (``class-mainwp-rest-updates-controller.php::update_wp_site``).

    The child reports ``SUCCESS`` also when WordPress is already the latest (MainWP Child
    ``MainWP_Child_Updates::do_upgrade_wp``), so that is a success without versions. A child
    that cannot be reached gives its connection error; one that refuses gives a bare
    ``success: 0`` (the controller escapes an empty variable instead of the child's error).
    """
    s = ctx.site()
    if connection.unreachable(s):
        return {"success": 0, "error": s.child_error}
    if s.child_error:
        return {"success": 0}
    done: dict[str, Any] = {"success": 1, "message": "WordPress was updated to the latest version."}
    if isinstance(s.wp_upgrades, dict) and s.wp_upgrades:
        new = s.wp_upgrades.get("new", "")
        s.applied[("wp", "wordpress")] = new
        done["data"] = {"old_version": s.wp_upgrades.get("current", ""), "version": new}
    return done


@handles(f"/updates/{_UPD}/update/translations")
async def h_update_translations(ctx: Ctx) -> Any:
    """Translation updates (``::update_translations_site``): only pending slugs named in ``slug``.

    Results are keyed by slug like the plugin updates (same v1 helper).
    """
    s = ctx.site()
    pending = [t for t in s.translation_upgrades if isinstance(t, dict)]
    wanted = set(_slugs(ctx))
    chosen = [t for t in pending if t.get("slug") in wanted]
    if not chosen:
        return {"success": 0, "message": "No Translations to update."}
    if connection.unreachable(s):
        code = "HTTPERROR" if s.child_error.startswith("HTTP error") else "NOMAINWP"
        raise wp_error("mainwp_rest_upgrade_translations_of_site_error", code, None)
    if s.child_error:
        return {"success": 1, "data": []}
    for t in chosen:
        s.applied[("translation", t["slug"])] = ""
    data = {t["slug"]: {"success": 1, "name": t.get("name", t["slug"]),
                        "old_version": t.get("version", ""), "version": t.get("version", "")}
            for t in chosen}  # fmt: skip
    return {"success": 1, "data": data}


def _batch_start() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())


def start_update_all(ctx: Ctx) -> dict[str, Any]:
    """Run ``POST updates/update`` (the seam for a jobs module).

    Applies every plugin and theme update now; the dashboard lists them until the next
    sync. The real server queues a batch job above the abilities' threshold.
    """
    for s in ctx.state.sites.values():
        _apply(s, "plugin", None)
        _apply(s, "theme", None)
    return {"success": 1, "message": "Updates started.",
            "last_time_start_batch_updates": _batch_start()}  # fmt: skip


@handles("/updates/update")
async def h_update_all(ctx: Ctx) -> Any:
    """Start updating everything everywhere: inline, queued or legacy (:mod:`..jobs`)."""
    return jobs_of(ctx.dash).start_update_all(ctx)


@handles(f"/updates/{_UPD}/update")
async def h_update_site_all(ctx: Ctx) -> Any:
    """Update everything on one site: inline, queued or legacy (:mod:`..jobs`)."""
    s = ctx.site()
    return jobs_of(ctx.dash).start_update_site(ctx, s, _site_simple(s, ctx.state))


@handles(f"/updates/{_UPD}/ignore/wp", f"/updates/{_UPD}/ignore/plugins",
         f"/updates/{_UPD}/ignore/themes")  # fmt: skip
async def h_update_ignore(ctx: Ctx) -> Any:
    """Ignore updates (``class-mainwp-rest-updates-controller.php::ignore_update_*``).

    ``wp`` and a call without ``slug`` set the site's ignore flag; with ``slug`` the
    positions-as-keys record of :func:`..upgrades.ignore_items`. Nothing is unlisted
    except through the flags, and v2 has no way back.
    """
    s = ctx.site()
    if ctx.route.sub.endswith("/wp"):
        s.fields["is_ignoreCoreUpdates"] = "1"
        return {"success": 1, "message": "Ignore core update successfully."}
    kind = "plugin" if ctx.route.sub.endswith("plugins") else "theme"
    slugs = _slugs(ctx)
    if slugs:
        data = ignore_items(s, kind, slugs)
        return {"success": 1, "data": php_array(data), "url": s.url}
    s.fields["is_ignorePluginUpdates" if kind == "plugin" else "is_ignoreThemeUpdates"] = "1"
    return {"success": 1, "message": f"Ignore update {kind}s per site successfully.", "url": s.url}
