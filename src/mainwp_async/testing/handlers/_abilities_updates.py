"""Simulated update abilities on one site: apply, ignore, un-ignore, list what is ignored.

Shapes after ``includes/abilities/class-mainwp-abilities-updates.php`` (6.1.2). Ignoring
records slug-keyed entries with ``all_versions`` (as the dashboard UI and the v1
``ignore-update`` route do), so the v2 update lists drop them and v1 lists them.
"""

from __future__ import annotations

from typing import Any

from ..records import Site
from ..routing import Ctx, wp_error
from ..upgrades import site_update_rows
from ._abilities_run import Runner, apply_updates, site_of

__all__ = ["RUNNERS"]


def _row_base(s: Site) -> dict[str, Any]:
    return {"site_id": s.id, "site_url": s.url, "site_name": s.name}


def _update_core(ctx: Ctx, data: dict[str, Any]) -> Any:
    # updates.php::execute_update_site_core (the v2 ``update/wp`` effect)
    s = site_of(ctx, data.get("site_id_or_domain"))
    wp = s.wp_upgrades if isinstance(s.wp_upgrades, dict) else {}
    if not wp:
        raise wp_error("mainwp_no_update", "No WordPress core update available.", 404)
    new = str(wp.get("new", ""))
    s.applied[("wp", "wordpress")] = new
    ctx.state.sync_site(s)
    return {"updated": {**_row_base(s), "type": "core", "slug": "wordpress", "name": "WordPress",
                        "old_version": str(wp.get("current", "")), "new_version": new}}  # fmt: skip


def _update_kind(kind: str) -> Runner:
    # updates.php::execute_update_site_plugins / _themes (and execute_plugin_updates)
    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        s = site_of(ctx, data.get("site_id_or_domain"))
        only = [str(x) for x in data.get("slugs") or []] or None
        done = apply_updates(ctx.state, s, [kind + "s"], only)
        rows = [{k: r[k] for k in ("site_id", "site_url", "site_name", "type", "slug", "name",
                                   "old_version", "new_version")} for r in done]  # fmt: skip
        return {"updated": rows, "errors": [],
                "summary": {"total_updated": len(rows), "total_errors": 0}}  # fmt: skip

    return run


def _update_translations(ctx: Ctx, data: dict[str, Any]) -> Any:
    # updates.php::execute_update_site_translations
    s = site_of(ctx, data.get("site_id_or_domain"))
    wanted = {str(x) for x in data.get("slugs") or []}
    chosen = [t for t in s.translation_upgrades if isinstance(t, dict)
              and (not wanted or t.get("slug") in wanted)]  # fmt: skip
    for t in chosen:
        s.applied[("translation", str(t["slug"]))] = ""
    ctx.state.sync_site(s)
    rows = [{**_row_base(s), "type": "translation", "slug": str(t["slug"]),
             "name": str(t.get("name") or t["slug"]), "old_version": str(t.get("version", "")),
             "new_version": str(t.get("version", ""))} for t in chosen]  # fmt: skip
    return {"updated": rows, "errors": [],
            "summary": {"total_updated": len(rows), "total_errors": 0}}  # fmt: skip


def _table(s: Site, kind: str) -> dict[Any, Any]:
    return s.ignored_plugins if kind == "plugin" else s.ignored_themes


def _name(s: Site, kind: str, slug: str) -> str:
    items = s.plugins if kind == "plugin" else s.themes
    return next((str(i.get("name")) for i in items if i.get("slug") == slug), slug)


def _set_ignore(s: Site, kind: str, slug: str, add: bool) -> bool:
    if kind == "core":
        was = s.fields.get("is_ignoreCoreUpdates", "0") not in ("", "0")
        s.fields["is_ignoreCoreUpdates"] = "1" if add else "0"
        return was != add
    table = _table(s, kind)
    if add:
        if slug in table:
            return False
        table[slug] = {"Name": _name(s, kind, slug), "ignored_versions": ["all_versions"]}
        return True
    return table.pop(slug, None) is not None


def _set_ignored(ctx: Ctx, data: dict[str, Any]) -> Any:
    # updates.php::execute_set_ignored_updates
    s = site_of(ctx, data.get("site_id_or_domain"))
    action, kind, slug = str(data["action"]), str(data["type"]), str(data["slug"])
    if kind not in ("core", "plugin", "theme"):
        message = f'Invalid type: {kind}. Must be "core", "plugin", or "theme".'
        raise wp_error("mainwp_invalid_type", message, 400)
    _set_ignore(s, kind, slug, action == "ignore")
    return {"success": True, "action": action, "site_id": s.id, "type": kind, "slug": slug}


def _ignore_site(kind: str) -> Runner:
    # updates.php::execute_ignore_site_core / _plugins / _themes
    label = {"core": "core updates", "plugin": "plugins", "theme": "themes"}[kind]

    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        s = site_of(ctx, data.get("site_id_or_domain"))
        add = str(data.get("action") or "add") == "add"
        slugs = ["wordpress"] if kind == "core" else [str(x) for x in data.get("slugs") or []]
        count = sum(1 for slug in slugs if _set_ignore(s, kind, slug, add))
        verb = "ignored" if add else "unignored"
        message = f"{count} {label} {verb}." if count else f"No {label} were {verb}."
        return {"success": count > 0, "message": message, "ignored_count": count}

    return run


def _list_ignored(ctx: Ctx, data: dict[str, Any]) -> Any:
    # updates.php::execute_list_ignored_updates: one row per ignored core/plugin/theme
    idents = data.get("site_ids_or_domains") or []
    sites = [site_of(ctx, i) for i in idents] if idents else list(ctx.state.sites.values())
    types = data.get("types") or ["core", "plugins", "themes"]
    rows: list[dict[str, Any]] = []
    for s in sites:
        if "core" in types and s.fields.get("is_ignoreCoreUpdates", "0") not in ("", "0"):
            rows.append({**_row_base(s), "type": "core", "slug": "wordpress",
                         "name": "WordPress", "ignored_version": "all_versions"})  # fmt: skip
        for kind in ("plugin", "theme"):
            if kind + "s" not in types:
                continue
            for slug, entry in _table(s, kind).items():
                info = entry if isinstance(entry, dict) else {"Name": entry}
                versions = info.get("ignored_versions") or ["all_versions"]
                rows.append({**_row_base(s), "type": kind, "slug": str(slug),
                             "name": str(info.get("Name") or slug),
                             "ignored_version": str(versions[0])})  # fmt: skip
    return {"ignored": rows, "total": len(rows), "errors": []}


def _site_updates(ctx: Ctx, data: dict[str, Any]) -> Any:
    # updates.php::execute_get_site_updates
    s = site_of(ctx, data.get("site_id_or_domain"))
    rows = site_update_rows(s)
    count = {k: sum(1 for r in rows if r["type"] == t) for k, t in
             (("core", "core"), ("plugins", "plugin"), ("themes", "theme"),
              ("translations", "translation"))}  # fmt: skip
    return {"site_id": s.id, "site_url": s.url, "site_name": s.name, "updates": rows,
            "rollback_items": {"plugins": [], "themes": []},
            "summary": {**count, "total": len(rows)}}  # fmt: skip


RUNNERS: dict[str, Runner] = {
    "mainwp/update-site-core-v1": _update_core,
    "mainwp/update-site-plugins-v1": _update_kind("plugin"),
    "mainwp/update-site-themes-v1": _update_kind("theme"),
    "mainwp/update-site-translations-v1": _update_translations,
    "mainwp/set-ignored-updates-v1": _set_ignored,
    "mainwp/ignore-site-core-v1": _ignore_site("core"),
    "mainwp/ignore-site-plugins-v1": _ignore_site("plugin"),
    "mainwp/ignore-site-themes-v1": _ignore_site("theme"),
    "mainwp/list-ignored-updates-v1": _list_ignored,
    "mainwp/get-site-updates-v1": _site_updates,
}
