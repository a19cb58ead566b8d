"""The simulated dashboard's data store and how its records render as 6.1.2 JSON.

Every record is kept in a convenient Python form; the ``render_*`` methods turn it
into exactly what the real server prints for a given route (string ids here, int ids
there, JSON-encoded strings inside site objects, three date formats, ...).
"""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from . import monitoring
from .php import php_array_json

__all__ = [
    "ApiKey",
    "Client",
    "Cost",
    "DashboardState",
    "Job",
    "Site",
    "Tag",
    "mysql_date",
    "php_json",
]

JSON = Any

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


def php_json(value: JSON) -> str:
    """Encode like PHP's ``json_encode``: compact, ASCII, ``/`` escaped, ``{}`` empty as ``[]``."""
    if isinstance(value, dict) and not value:
        return "[]"
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")


def mysql_date(ts: int) -> str:
    """Format unix seconds as ``YYYY-MM-DD HH:MM:SS`` (UTC)."""
    return _dt.datetime.fromtimestamp(ts, _dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def iso_date(ts: int) -> str:
    """Format unix seconds as ``YYYY-MM-DDTHH:MM:SS`` without offset (UTC)."""
    return _dt.datetime.fromtimestamp(ts, _dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class Site:
    """A child site. ``fields`` holds the plain string columns of the site row."""

    id: int
    fields: dict[str, str]
    tags: list[int] = field(default_factory=list)
    client_id: int = 0
    plugins: list[dict[str, Any]] = field(default_factory=list)
    themes: list[dict[str, Any]] = field(default_factory=list)
    plugin_upgrades: dict[str, Any] = field(default_factory=dict)
    theme_upgrades: dict[str, Any] = field(default_factory=dict)
    wp_upgrades: Any = field(default_factory=list)
    translation_upgrades: Any = field(default_factory=list)
    #: updates applied on the child but not yet seen by the dashboard: (kind, slug) -> version
    applied: dict[tuple[str, str], str] = field(default_factory=dict)
    #: the child's ``plugins_outdate_info`` / ``themes_outdate_info``: slug -> info
    abandoned_plugins: dict[str, dict[str, Any]] = field(default_factory=dict)
    abandoned_themes: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the site row's ``ignored_plugins`` / ``ignored_themes`` as PHP arrays (int or str keys)
    ignored_plugins: dict[Any, Any] = field(default_factory=dict)
    ignored_themes: dict[Any, Any] = field(default_factory=dict)
    #: what the dashboard records in ``sync_errors`` the next time it contacts the child
    #: (``""``: the child answers; see :mod:`.connection`)
    child_error: str = ""
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_post_id: int = 100

    @property
    def name(self) -> str:
        """Site name."""
        return self.fields["name"]

    @property
    def url(self) -> str:
        """Site URL (with trailing slash)."""
        return self.fields["url"]

    @property
    def suspended(self) -> bool:
        """The ``suspended`` column is set."""
        return self.fields.get("suspended", "0") not in ("", "0")

    @property
    def status(self) -> str:
        """``connected``, ``disconnected`` (sync errors recorded) or ``suspended``.

        Derived, like the sites controller's ``prepare_item_for_response`` does: a
        non-empty ``sync_errors`` column means disconnected, ``suspended`` wins.
        """
        if self.suspended:
            return "suspended"
        return "disconnected" if self.fields.get("sync_errors") else "connected"


@dataclass
class Client:
    """A client; ``fields`` uses the wire names of :data:`CLIENT_LIST_KEYS` (minus ``id``)."""

    id: int
    fields: dict[str, str]
    #: rows of the client contacts table by contact id (``contact_*`` and social columns)
    contacts: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def primary_contact(self) -> dict[str, str] | None:
        """The contact ``primary_contact_id`` points at, if it exists."""
        cid = self.fields.get("primary_contact_id", "0")
        return self.contacts.get(int(cid)) if cid.isdigit() else None


@dataclass
class Tag:
    """A tag (a site group)."""

    id: int
    name: str
    color: str = ""


@dataclass
class Cost:
    """A cost-tracker entry; dates are unix seconds, id lists are ints."""

    id: int
    name: str
    type: str = "subscription"
    product_type: str = "service"
    slug: str = ""
    url: str = ""
    license_type: str = "single_site"
    cost_status: str = "active"
    payment_method: str = "paypal"
    price: float = 0.0
    renewal_type: str = "monthly"
    last_renewal: int = 0
    next_renewal: int = 0
    last_alert: int = 0
    cost_icon: str = ""
    cost_color: str = "#1e88e5"
    sites: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    clients: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class ApiKey:
    """A REST API key. ``token`` is what a client sends (``<secret>==<key>``)."""

    id: int
    description: str
    scope: str
    key_hex: str
    secret_hex: str
    active: bool = True
    last_access: str = ""
    user_id: int = 1

    @property
    def token(self) -> str:
        """Bearer token for this key."""
        return f"{self.secret_hex}=={self.key_hex}"

    def __repr__(self) -> str:
        return f"ApiKey(id={self.id}, scope={self.scope!r}, active={self.active}, secret=***)"


@dataclass
class Job:
    """A background tool job (destroy-sessions, renew-connections, disconnect-all-sites)."""

    id: str
    kind: str
    total: int
    polls: int = 0
    done: bool = False
    completed_at: int = 0


_PERMISSION_LABELS = {
    "read": ["Read"],
    "write": ["Write &amp; Delete"],
    "delete": ["Write &amp; Delete"],
    "read_write": ["Read", "Write &amp; Delete"],
}


class DashboardState:
    """Everything the simulated dashboard knows. Safe to inspect and mutate from tests."""

    def __init__(self, *, base_url: str = "http://127.0.0.1:8090", now: int = 1795744400) -> None:
        self.base_url = base_url
        self.now = now
        self.sites: dict[int, Site] = {}
        self.clients: dict[int, Client] = {}
        self.tags: dict[int, Tag] = {}
        self.costs: dict[int, Cost] = {}
        self.keys: dict[int, ApiKey] = {}
        self.jobs: dict[str, Job] = {}
        self.monitor_template: dict[str, Any] = {}
        self.monitor_list_template: dict[str, Any] = {}
        self.heartbeat_template: list[dict[str, Any]] = []
        self.monitor_settings: dict[str, Any] = {}
        self.monitors: dict[int, dict[str, Any]] = {}  # monitor id (= site id) -> overrides
        #: heartbeats per monitor (int fields, unix ``time``); see :mod:`.monitoring`
        self.heartbeats: dict[int, list[dict[str, Any]]] = {}
        self.settings: dict[str, Any] = {}
        self.client_fields: dict[int, dict[str, str]] = {}
        self.security_template: dict[str, Any] = {}
        self.changes_template: list[dict[str, Any]] = []
        self.site_client_template: dict[str, Any] = {}
        self.post_template: dict[str, Any] = {}
        self.page_template: dict[str, Any] = {}
        self.page_list_template: dict[str, Any] = {}
        self.user_templates: list[dict[str, Any]] = []
        self.next_ids: dict[str, int] = {"site": 1, "client": 1, "tag": 1, "cost": 1, "key": 1}
        self.job_seq = 0
        self.heartbeat_seq = 100
        self.field_seq = 0

    # ---------------------------------------------------------------- ids and lookups
    def new_id(self, kind: str) -> int:
        """Take the next auto-increment id for ``kind`` (site, client, tag, cost, key)."""
        value = self.next_ids[kind]
        self.next_ids[kind] = value + 1
        return value

    def find_site(self, ident: str) -> Site | None:
        """Find a site by numeric id or by domain (host part of its URL)."""
        if ident.isdigit():
            return self.sites.get(int(ident))
        needle = ident.lower().strip("/")
        for site in self.sites.values():
            host = site.url.split("://", 1)[-1].strip("/").lower()
            if host == needle or host.split("/", 1)[0] == needle:
                return site
        return None

    def find_client(self, ident: str) -> Client | None:
        """Find a client by id or e-mail."""
        if ident.isdigit():
            return self.clients.get(int(ident))
        for client in self.clients.values():
            if client.fields.get("client_email", "").lower() == ident.lower():
                return client
        return None

    def key_by_hex(self, key_hex: str) -> ApiKey | None:
        """Find an API key by its public (consumer key) half."""
        for key in self.keys.values():
            if key.key_hex == key_hex:
                return key
        return None

    def add_key(self, scope: str, description: str = "", *, seed: str = "") -> ApiKey:
        """Create an API key with a deterministic secret derived from ``seed`` and its id."""
        kid = self.new_id("key")
        material = hashlib.sha256(f"{seed}|{kid}|{scope}|{description}".encode()).hexdigest()
        key = ApiKey(
            id=kid,
            description=description or f"sim-{scope}",
            scope=scope,
            key_hex=material[:40],
            secret_hex=hashlib.sha1(material.encode()).hexdigest(),
        )
        self.keys[kid] = key
        return key

    def add_tag(self, name: str, color: str = "", *, tag_id: int | None = None) -> Tag:
        """Create a tag; its name is made unique the way the server does ("Name (1)")."""
        names = {t.name for t in self.tags.values()}
        unique, n = name, 0
        while unique in names:
            n += 1
            unique = f"{name} ({n})"
        tid = tag_id if tag_id is not None else self.new_id("tag")
        if tag_id is not None:
            self.next_ids["tag"] = max(self.next_ids["tag"], tag_id + 1)
        tag = Tag(id=tid, name=unique, color=color)
        self.tags[tid] = tag
        return tag

    def remove_tag(self, tag_id: int) -> None:
        """Delete a tag and unlink it from every site."""
        self.tags.pop(tag_id, None)
        for site in self.sites.values():
            if tag_id in site.tags:
                site.tags.remove(tag_id)

    def set_client_sites(self, client_id: int, site_ids: list[int]) -> None:
        """Link ``site_ids`` to ``client_id`` (taking them from any other client)."""
        for sid in site_ids:
            if sid in self.sites:
                self.sites[sid].client_id = client_id

    def remove_client(self, client_id: int) -> None:
        """Delete a client and unlink its sites."""
        self.clients.pop(client_id, None)
        for site in self.sites.values():
            if site.client_id == client_id:
                site.client_id = 0

    def sync_site(self, site: Site) -> None:
        """Apply the effects of a sync: applied updates disappear from the pending lists."""
        for (kind, slug), version in list(site.applied.items()):
            if kind == "plugin":
                site.plugin_upgrades.pop(slug, None)
                for p in site.plugins:
                    if p.get("slug") == slug:
                        p["version"] = version
            elif kind == "theme":
                site.theme_upgrades.pop(slug, None)
                for t in site.themes:
                    if t.get("slug") == slug:
                        t["version"] = version
            elif kind == "wp":
                site.wp_upgrades = []
                site.fields["wp_version"] = version
            elif kind == "translation":
                site.translation_upgrades = []
        site.applied.clear()
        site.fields["last_sync"] = iso_date(self.now)
        site.fields["sync_errors"] = ""

    def run_cron(self) -> None:
        """Run WP-Cron: every pending background job completes."""
        for job in self.jobs.values():
            if not job.done:
                job.done = True
                job.completed_at = self.now

    # ---------------------------------------------------------------- renderers
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

    def monitor_heartbeats(self, mid: int) -> list[dict[str, Any]]:
        """A monitor's heartbeats; one without its own repeats the captured ones."""
        if mid in self.heartbeats:
            return self.heartbeats[mid]
        return [{**hb, "monitor_id": mid, "time": monitoring.parse_time(hb["time"])}
                for hb in self.heartbeat_template]  # fmt: skip

    def record_heartbeat(self, mid: int, status: int, http_code: int, *, when: int = 0,
                         ping_ms: int | None = None, msg: str = "") -> dict[str, Any]:  # fmt: skip
        """Add a heartbeat to monitor ``mid`` and make it the monitor's last status."""
        beats = self.heartbeats.setdefault(mid, [])
        self.heartbeat_seq += 1
        when = when or self.now
        hb = {"heartbeat_id": self.heartbeat_seq, "monitor_id": mid,
              "msg": msg or (f"{http_code} - up! OK" if status == monitoring.UP
                             else f"{http_code} - down."),
              "importance": 1 if beats and beats[-1]["status"] != status else 0,
              "status": status, "time": when,
              "ping_ms": ping_ms if status == monitoring.UP else None,
              "http_code": http_code or None}  # fmt: skip
        beats.append(hb)
        over = self.monitors.setdefault(mid, {})
        over["last_status"] = monitoring.status_name(status)
        over["last_check_at"] = mysql_date(when)
        over["last_status_code"] = http_code or ""
        return hb

    def render_plugin_items(self, site: Site) -> list[dict[str, Any]]:
        """``sites/{id}/plugins`` items (bool ``active``, ``update_version`` or null)."""
        return _render_items(site.plugins, site.plugin_upgrades)

    def render_theme_items(self, site: Site) -> list[dict[str, Any]]:
        """``sites/{id}/themes`` items (same shape as the plugin items)."""
        return _render_items(site.themes, site.theme_upgrades)

    def snapshot(self) -> dict[str, Any]:
        """A JSON-able dump of the fleet (used to prove determinism)."""
        return {
            "sites": [self.render_site(s) for s in self.sites.values()],
            "clients": [self.render_client(c) for c in self.clients.values()],
            "tags": [self.render_tag(t) for t in self.tags.values()],
            "costs": [self.render_cost(c, item=True) for c in self.costs.values()],
        }


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
