"""The simulated dashboard's data store: records by id, lookups and state changes.

The records are in :mod:`.records`, how they print in :mod:`.render` (mixed in here, so
``state.render_site(site)`` and friends work on the store).
"""

from __future__ import annotations

import hashlib
from typing import Any

from . import monitoring
from .records import (
    ApiKey,
    Client,
    Cost,
    Job,
    Site,
    Tag,
    iso_date,
    mysql_date,
    php_json,
)
from .render import CLIENT_ITEM_KEYS, CLIENT_LIST_KEYS, SITE_KEYS, Renderer

__all__ = [
    "CLIENT_ITEM_KEYS",
    "CLIENT_LIST_KEYS",
    "SITE_KEYS",
    "ApiKey",
    "Client",
    "Cost",
    "DashboardState",
    "Job",
    "Site",
    "Tag",
    "iso_date",
    "mysql_date",
    "php_json",
]


class DashboardState(Renderer):
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
                kept = [t for t in site.translation_upgrades if t.get("slug") != slug]
                site.translation_upgrades = [] if slug == "all" else kept
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

    def snapshot(self) -> dict[str, Any]:
        """A JSON-able dump of the fleet (used to prove determinism)."""
        return {
            "sites": [self.render_site(s) for s in self.sites.values()],
            "clients": [self.render_client(c) for c in self.clients.values()],
            "tags": [self.render_tag(t) for t in self.tags.values()],
            "costs": [self.render_cost(c, item=True) for c in self.costs.values()],
        }
