"""How the simulated dashboard's records print as 6.1.2 JSON.

:class:`Renderer` is mixed into :class:`.state.DashboardState`: its ``render_*`` methods
turn a record into exactly what the real server prints for a given route (string ids
here, int ids there, JSON-encoded strings inside site objects, three date formats, ...).
"""

from __future__ import annotations

import copy
from typing import Any

from . import monitoring
from .php import php_array_json
from .records import ApiKey, Client, Cost, Site, Tag, mysql_date, php_json

__all__ = ["CLIENT_ITEM_KEYS", "CLIENT_LIST_KEYS", "SITE_KEYS", "Renderer"]

#: Key order of a full site object, as ``GET sites/{id}`` prints it.
SITE_KEYS: tuple[str, ...] = (
    "id", "name", "url", "tags", "note", "ip", "client_id", "is_staging", "wp_version",
    "php_version", "child_version", "mysql_version", "memory_limit", "database_size",
    "active_theme", "status", "sync_errors", "http_status", "health_status", "health_score",
    "icon", "last_sync", "plugins", "themes", "last_post_time", "recent_posts", "recent_pages",
    "recent_comments", "categories", "wp_upgrades", "plugin_upgrades", "premium_upgrades",
    "theme_upgrades", "translation_upgrades", "ignored_plugins", "ignored_themes",
    "is_ignoreCoreUpdates", "is_ignorePluginUpdates", "is_ignoreThemeUpdates",
    "verify_certificate", "force_use_ipv4", "ssl_version", "suspended",
)  # fmt: skip

#: Fields of a client row as the list routes print them.
CLIENT_LIST_KEYS: tuple[str, ...] = (
    "id", "name", "address_1", "address_2", "city", "zip", "state", "country", "note",
    "client_email", "client_phone", "client_facebook", "client_twitter", "client_instagram",
    "client_linkedin", "created", "suspended", "primary_contact_id",
)  # fmt: skip

#: Fields of a client as ``GET clients/{id}`` prints it.
CLIENT_ITEM_KEYS: tuple[str, ...] = (
    "id", "name", "address_1", "address_2", "city", "zip", "state", "country",
    "client_email", "client_phone", "created", "suspended",
)  # fmt: skip

_SITE_CLIENT_EXTRA: tuple[str, ...] = (
    "contact_id", "contact_client_id", "contact_email", "contact_image", "contact_icon_info",
    "contact_name", "contact_phone", "contact_role", "facebook", "twitter", "instagram",
    "linkedin",
)  # fmt: skip

_JSON_SITE_FIELDS = ("wp_upgrades", "plugin_upgrades", "theme_upgrades", "translation_upgrades")


_PERMISSION_LABELS = {
    "read": ["Read"],
    "write": ["Write &amp; Delete"],
    "delete": ["Write &amp; Delete"],
    "read_write": ["Read", "Write &amp; Delete"],
}


class Renderer:
    """The ``render_*`` methods of the store (see :class:`.state.DashboardState`)."""

    sites: dict[int, Site]
    tags: dict[int, Tag]
    monitors: dict[int, dict[str, Any]]
    heartbeats: dict[int, list[dict[str, Any]]]
    monitor_template: dict[str, Any]
    monitor_list_template: dict[str, Any]
    now: int

    def monitor_heartbeats(self, mid: int) -> list[dict[str, Any]]:
        """A monitor's heartbeats (overridden by the store)."""
        raise NotImplementedError

    def render_site(self, site: Site, *, tags_as_text: bool = False) -> dict[str, Any]:
        """Full site object (string ids, JSON-encoded string fields)."""
        out: dict[str, Any] = {}
        f = site.fields
        for k in SITE_KEYS:
            if k == "id":
                out[k] = str(site.id)
            elif k == "tags":
                if tags_as_text:
                    out[k] = ""
                else:
                    out[k] = {str(t): self.tags[t].name for t in site.tags if t in self.tags}
                    if not out[k]:
                        out[k] = ""
            elif k == "client_id":
                out[k] = str(site.client_id)
            elif k == "plugins":
                out[k] = php_json(site.plugins)
            elif k == "themes":
                out[k] = php_json(site.themes)
            elif k in _JSON_SITE_FIELDS:
                out[k] = php_json(getattr(site, k))
            elif k == "status":
                out[k] = site.status
            elif k in ("ignored_plugins", "ignored_themes") and getattr(site, k):
                out[k] = php_array_json(getattr(site, k))
            else:
                out[k] = f.get(k, "")
        return out

    def render_site_basic(self, site: Site) -> dict[str, Any]:
        """``{id, name, url, client_id}`` with string ids."""
        return {
            "id": str(site.id),
            "name": site.name,
            "url": site.url,
            "client_id": str(site.client_id),
        }

    def render_client(self, client: Client, variant: str = "list") -> dict[str, Any]:
        """A client: ``list`` (18 fields), ``item`` (12), ``write`` (+selected_sites), ``site``."""
        full = {"id": str(client.id), **client.fields}
        if variant == "list":
            return {k: full.get(k, "") for k in CLIENT_LIST_KEYS}
        if variant == "site":
            out: dict[str, Any] = {"client_id": str(client.id), "image": ""}
            for k in CLIENT_LIST_KEYS[1:]:
                out[k] = full.get(k, "")
                if k == "note":
                    out["selected_icon_info"] = ""
            # MainWP_DB_Client::get_wp_client_by joins the primary contact's row (LEFT JOIN:
            # every contact column is null without one).
            contact = client.primary_contact
            for k in _SITE_CLIENT_EXTRA:
                out[k] = contact.get(k, "") if contact is not None else None
            return out
        item = {k: full.get(k, "") for k in CLIENT_ITEM_KEYS}
        if variant == "write":
            item["selected_sites"] = ",".join(
                str(s.id) for s in self.sites.values() if s.client_id == client.id
            )
        return item

    def render_tag(self, tag: Tag, *, after_write: bool = False) -> dict[str, Any]:
        """A tag; ``after_write`` mimics edit/remove answers (empty counters)."""
        if after_write:
            return {"id": str(tag.id), "name": tag.name, "color": tag.color,
                    "count_sites": "", "sites_ids": ""}  # fmt: skip
        ids = [s.id for s in self.sites.values() if tag.id in s.tags]
        return {
            "id": str(tag.id),
            "name": tag.name,
            "color": tag.color,
            "count_sites": str(len(ids)),
            "sites_ids": ",".join(map(str, ids)) if ids else None,
        }

    @staticmethod
    def _idlist(ids: list[int]) -> str:
        return php_json(ids) if ids else ""

    def render_cost(self, cost: Cost, *, item: bool) -> dict[str, Any]:
        """A cost: list form (int id, MySQL dates) or item form (string id, unix strings)."""
        out: dict[str, Any] = {
            "id": str(cost.id) if item else cost.id,
            "name": cost.name,
            "url": cost.url,
            "type": cost.type,
            "product_type": cost.product_type,
            "slug": cost.slug,
            "license_type": cost.license_type,
            "cost_status": cost.cost_status,
            "payment_method": cost.payment_method,
            "price": f"{cost.price:.8f}",
            "renewal_type": cost.renewal_type,
        }
        if item:
            out["last_renewal"] = str(cost.last_renewal)
            out["next_renewal"] = str(cost.next_renewal)
            out["next_renewal_today"] = "0"
            out["last_alert"] = str(cost.last_alert)
            out["cost_icon"] = cost.cost_icon
            out["cost_color"] = cost.cost_color
        else:
            out["last_renewal"] = mysql_date(cost.last_renewal)
            out["next_renewal"] = mysql_date(cost.next_renewal)
            out["last_alert"] = cost.last_alert
        out["sites"] = self._idlist(cost.sites)
        out["groups"] = self._idlist(cost.groups)
        out["clients"] = self._idlist(cost.clients)
        out["note"] = cost.note
        return out

    def render_key(self, key: ApiKey) -> dict[str, Any]:
        """An API key row (no secret)."""
        return {
            "id": str(key.id),
            "user_id": str(key.user_id),
            "version": "v2",
            "description": key.description,
            "permissions": list(_PERMISSION_LABELS[key.scope]),
            "truncated_key": key.key_hex[-7:],
            "active": key.active,
            "last_access": key.last_access,
        }

    def monitor_ids(self) -> list[int]:
        """Monitor ids, newest first (a monitor per site that has one)."""
        return sorted(self.monitors, reverse=True)

    def render_monitor(self, mid: int, *, detail: bool) -> dict[str, Any]:
        """A monitor: list item (int ids) or detail (with name and heartbeats)."""
        site = self.sites.get(mid)
        tpl = copy.deepcopy(self.monitor_template if detail else self.monitor_list_template)
        tpl["id"] = mid
        tpl["url"] = site.url if site else ""
        if detail:
            tpl["name"] = site.name if site else ""
            tpl["heartbeats"] = monitoring.detail_rows(self.monitor_heartbeats(mid))
        tpl.update(self.monitors.get(mid, {}))
        if mid in self.heartbeats:
            week, month = self.now - 7 * 86400, self.now - 30 * 86400
            starts = [monitoring.parse_time(i["started_at"])
                      for i in monitoring.incidents(self.heartbeats[mid])]  # fmt: skip
            tpl["incidents_count_7d"] = sum(1 for t in starts if t >= week)
            tpl["incidents_count_30d"] = sum(1 for t in starts if t >= month)
        return tpl

    def render_plugin_items(self, site: Site) -> list[dict[str, Any]]:
        """``sites/{id}/plugins`` items (bool ``active``, ``update_version`` or null)."""
        return _render_items(site.plugins, site.plugin_upgrades)

    def render_theme_items(self, site: Site) -> list[dict[str, Any]]:
        """``sites/{id}/themes`` items (same shape as the plugin items)."""
        return _render_items(site.themes, site.theme_upgrades)


def _render_items(items: list[dict[str, Any]], upgrades: dict[str, Any]) -> list[dict[str, Any]]:
    """Plugin or theme list items: bool ``active``, ``update_version`` from a pending update."""
    out = []
    for item in items:
        slug = item.get("slug", "")
        upgrade = upgrades.get(slug)
        out.append({
            "slug": slug,
            "name": item.get("name", ""),
            "version": item.get("version", ""),
            "active": bool(item.get("active")),
            "update_version": upgrade["update"]["new_version"] if upgrade else None,
        })  # fmt: skip
    return out
