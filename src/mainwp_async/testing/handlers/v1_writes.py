"""The v1 site writes: add/edit a site, updates, plugin/theme actions, (re|dis)connect.

After ``includes/rest-api/controller/version1/class-mainwp-rest-api-v1.php`` (6.1.2):
``add-site`` (``MainWP_Manage_Sites_Handler::rest_api_add_site``: ``{response, siteid}``
or ``{error}``), ``edit-site`` (``MainWP_DB_Common::rest_api_update_website``:
``{message, site, success}``), ``site-update-wordpress`` (the child's ``upgrade``
answer as is, or ``{error}``) and the plugin/theme/item updates
(``{"SUCCESS": "Process ran.", "data": {"updates_info": {slug: …}}}`` from
``Rest_Api_V1_Helper::handle_site_update_item``). Each takes the site resolved by the v1
module (``site_id``) and changes the same records as the v2 routes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import connection
from ..records import Site
from ..routing import Ctx, Reply, wp_error
from ._common import _int, new_site
from .updates import _apply

__all__ = ["SITE_WRITES", "add_site"]

_DONE = "Process ran."


def _body(ctx: Ctx) -> dict[str, Any]:
    return ctx.json if isinstance(ctx.json, dict) else {}


def add_site(ctx: Ctx) -> Any:
    """``site/add-site``: the JSON body names the site (``url``, ``name``, ``admin``...)."""
    data = _body(ctx)
    url = str(data.get("url") or "").strip()
    if not url:
        return {"error": "Invalid URL."}
    site, error, _found = new_site(ctx.state, url, name=str(data.get("name") or url),
                           admin=str(data.get("admin") or ""),
                           tag_ids=str(data.get("groupids") or ""))  # fmt: skip
    if site is None:
        return {"error": error}
    link = f"admin.php?page=managesites&dashboard={site.id}"
    return {"response": f"Site successfully added - Visit the Site's <a href=\"{link}\">"
                        "Dashboard</a> now.<br/>", "siteid": site.id}  # fmt: skip


def _edit_site(ctx: Ctx, s: Site) -> Any:
    """``site/edit-site``: the JSON body's known fields change; ``success`` says any did."""
    data = _body(ctx)
    changed = False
    for key, field in (("name", "name"), ("admin", "adminname"), ("http_user", "http_user"),
                       ("http_pass", "http_pass"), ("ssl_version", "ssl_version"),
                       ("uniqueid", "uniqueId")):  # fmt: skip
        if data.get(key):
            s.fields[field] = str(data[key])
            changed = True
    if "verify" in data:
        s.fields["verify_certificate"] = str(_int(data["verify"], 0))
        changed = True
    if data.get("protocol") in ("http", "https"):
        s.fields["url"] = f"{data['protocol']}://{s.url.split('://', 1)[-1]}"
        changed = True
    if "suspended" in data:
        s.fields["suspended"] = "1" if _int(data["suspended"], 0) == 1 else "0"
        changed = True
    if data.get("groupids"):
        s.tags = [t for t in (_int(x, -1) for x in str(data["groupids"]).split(","))
                  if t in ctx.state.tags]  # fmt: skip
        changed = True
    return {"message": "Site updated successfully.", "site": s.url, "success": changed}


def _update_wordpress(ctx: Ctx, s: Site) -> Any:
    """``site/site-update-wordpress``: the child's answer (``upgrade``, versions) or error."""
    if s.child_error:
        return {"error": s.child_error}
    if not (isinstance(s.wp_upgrades, dict) and s.wp_upgrades):
        return {"upgrade": "SUCCESS"}  # the child: WordPress is already the latest
    old, new = str(s.wp_upgrades.get("current", "")), str(s.wp_upgrades.get("new", ""))
    s.applied[("wp", "wordpress")] = new
    return {"upgrade": "SUCCESS", "old_version": old, "version": new}


def _update_kind(kind: str | None) -> Callable[[Ctx, Site], Any]:
    """``site-update-plugins|themes`` (every pending one) or ``site-update-item`` (one slug)."""

    def run(ctx: Ctx, s: Site) -> Any:
        item_kind = kind or str(ctx.p("type") or "")
        slugs = None if kind else [str(ctx.p("slug") or "")]
        if connection.unreachable(s):
            raise wp_error("mainwp_rest_upgrade_plugintheme_error", s.child_error, None)
        if item_kind not in ("plugin", "theme") or s.child_error:
            return {"SUCCESS": _DONE, "data": {"updates_info": []}}  # no updates_info answer
        return {"SUCCESS": _DONE, "data": {"updates_info": _apply(s, item_kind, slugs) or []}}

    return run


def _manage(kind: str) -> Callable[[Ctx, Site], Any]:
    """``site-manage-plugin|theme``: the child acts; the answer is always "Process ran."."""

    def run(ctx: Ctx, s: Site) -> Any:
        action = str(ctx.p("action") or "")
        if action not in ("activate", "deactivate", "delete"):
            raise Reply(400, {"ERROR": "Required parameter data is is not valid."})
        slug = str(ctx.p(kind) or "")
        items = s.plugins if kind == "plugin" else s.themes
        if s.child_error:  # the request to the child fails; the handler swallows it
            return {"SUCCESS": _DONE}
        for item in list(items):
            if item.get("slug") != slug:
                if kind == "theme" and action == "activate":
                    item["active"] = 0  # one active theme
                continue
            if action == "delete" and not (kind == "theme" and item.get("active")):
                items.remove(item)
            elif action != "delete":
                item["active"] = 1 if action == "activate" else 0
        return {"SUCCESS": _DONE}

    return run


def _reconnect(ctx: Ctx, s: Site) -> Any:
    """``site/reconnect-site``: any failure is swallowed (``m_reconnect_site`` throws)."""
    connection.reconnect(ctx.state, s)
    return {"SUCCESS": _DONE}


def _disconnect(ctx: Ctx, s: Site) -> Any:
    """``site/disconnect-site``: the child forgets the dashboard when it is reached."""
    if not connection.unreachable(s):
        connection.disconnect(s)
    return {"SUCCESS": _DONE}


#: WordPress's answer to an uncaught exception in a REST callback
#: (``WP_Fatal_Error_Handler::display_default_error_template`` through ``wp_die``)
CRITICAL_ERROR = {
    "code": "internal_server_error",
    "message": "<p>There has been a critical error on this website.</p>",
    "data": {"status": 500},
    "additional_errors": [],
}


def _update_translations(ctx: Ctx, s: Site) -> Any:
    """``site/site-update-translations``: every pending translation slug goes to the child.

    ``mainwp_rest_api_site_update_translations_callback`` does not catch the exception
    of the child request, so a child that is unreachable or refuses ends the request in
    WordPress's fatal-error answer (HTTP 500) instead of a v1 error.
    """
    if s.child_error:
        raise Reply(500, CRITICAL_ERROR)
    for t in s.translation_upgrades or []:
        if isinstance(t, dict) and t.get("slug"):
            s.applied[("translation", str(t["slug"]))] = ""
    return {"SUCCESS": _DONE}


def check_sites(ctx: Ctx) -> Any:
    """``sites/check-sites``: every site checked, ``{id: "success" | "failed"}`` (``[]``: none)."""
    return {
        str(s.id): "failed" if connection.unreachable(s) else "success"
        for s in ctx.state.sites.values()
    } or []


def disconnect_sites(ctx: Ctx) -> Any:
    """``sites/disconnect-sites``: every reachable child forgets the dashboard; errors swallowed."""
    for s in ctx.state.sites.values():
        if not connection.unreachable(s):
            connection.disconnect(s)
    return {"SUCCESS": _DONE}


#: v1 writes on one site (resolved from ``site_id`` by the caller)
SITE_WRITES: dict[str, Callable[[Ctx, Site], Any]] = {
    "site/site-manage-plugin": _manage("plugin"),
    "site/site-manage-theme": _manage("theme"),
    "site/reconnect-site": _reconnect,
    "site/disconnect-site": _disconnect,
    "site/edit-site": _edit_site,
    "site/site-update-wordpress": _update_wordpress,
    "site/site-update-plugins": _update_kind("plugin"),
    "site/site-update-themes": _update_kind("theme"),
    "site/site-update-item": _update_kind(None),
    "site/site-update-translations": _update_translations,
}
