"""Dashboard states a synthetic fleet must contain, in the shapes 6.1.2 stores them.

:func:`seed_states` runs after :func:`.fleet.build_fleet` made the sites, clients and
costs. With at least :data:`MIN_SITES` sites every state below is present at least once
(on sites picked from the fleet's random generator, so a seed always gives the same fleet):

* a site disconnected by a transport failure, one whose child plugin is missing, one the
  REST ``disconnect`` left behind, a suspended site and a suspended disconnected one
  (:mod:`.connection`);
* core updates (``{current, new}``), one ignored by the site's core flag, translation
  updates (child ``stats_translation_updates``: ``{type, slug, language, version, name}``,
  two languages of one plugin giving twin rows), updates ignored in the dashboard UI
  (slug-keyed ``{Name, ignored_versions}``, so unlisted; :mod:`.upgrades`);
* abandoned plugins and themes (slug-keyed, :func:`abandoned_plugin`, :func:`abandoned_theme`);
* monitor heartbeats with a resolved incident and an open one (:mod:`.monitoring`);
* rich client records with contacts and a primary contact, a suspended client;
* costs of every renewal type with the next renewal the server computes
  (:func:`.php.next_renewal`), and a lifetime one.
"""

from __future__ import annotations

import random
from typing import Any

from . import monitoring
from .connection import AUTH_FAILED, NOT_DETECTED, http_error
from .php import next_renewal
from .state import Cost, DashboardState, Site

__all__ = ["MIN_SITES", "abandoned_plugin", "abandoned_theme", "seed_states"]

#: Fleets at least this big hold every seeded state.
MIN_SITES = 12
_YEAR = 365 * 86400


def abandoned_plugin(slug: str, name: str, version: str, now: int, rnd: random.Random) -> Any:
    """A ``plugins_outdate_info`` entry (MainWP Child ``MainWP_Child_Plugins_Check::run_check``)."""
    short = slug.split("/")[0].removesuffix(".php")
    updated = now - rnd.randint(2 * _YEAR, 6 * _YEAR)
    return {"Name": name, "PluginURI": f"https://wordpress.org/plugins/{short}/",
            "Version": version, "last_updated": updated}  # fmt: skip


def abandoned_theme(name: str, version: str, now: int, rnd: random.Random) -> Any:
    """One ``themes_outdate_info`` entry (MainWP Child ``MainWP_Child_Themes_Check::run_check``)."""
    return {"Name": name, "Version": version,
            "last_updated": now - rnd.randint(2 * _YEAR, 6 * _YEAR)}  # fmt: skip


def _translations(site: Site, rnd: random.Random) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"type": "core", "slug": "default", "language": "de_DE",
                                   "version": site.fields["wp_version"],
                                   "name": "WordPress core"}]  # fmt: skip
    plugin = next((p for p in site.plugins if "/" in p["slug"] and p["mainwp"] == "F"), None)
    if plugin is not None:
        short = plugin["slug"].split("/")[0]
        for lang in ("de_DE", "fr_FR"):  # two languages of one plugin: rows alike in GET updates
            rows.append({"type": "plugin", "slug": short, "language": lang,
                         "version": plugin["version"], "name": plugin["name"]})  # fmt: skip
    theme = site.themes[0]
    rows.append({"type": "theme", "slug": theme["slug"], "language": rnd.choice(("nl_NL", "es_ES")),
                 "version": theme["version"], "name": theme["name"]})  # fmt: skip
    return rows


def _connection(site: Site, error: str, *, suspended: bool = False) -> None:
    site.child_error = error
    site.fields["sync_errors"] = error
    site.fields["health_status"] = "1"
    if suspended:
        site.fields["suspended"] = "1"


def _updates(state: DashboardState, sites: list[Site], rnd: random.Random) -> None:
    core, core_ignored, translated, ui_ignored = sites[5], sites[6], sites[7], sites[8]
    for s in (core, core_ignored):
        s.fields["wp_version"] = "6.9.1"
        s.wp_upgrades = {"current": "6.9.1", "new": "7.0.4"}
    core_ignored.fields["is_ignoreCoreUpdates"] = "1"
    translated.translation_upgrades = _translations(translated, rnd)
    for s in sites[9:]:
        if rnd.random() < 0.15:
            s.translation_upgrades = _translations(s, rnd)
    if not ui_ignored.plugin_upgrades:
        p = next(p for p in ui_ignored.plugins if p["mainwp"] == "F")
        ui_ignored.plugin_upgrades[p["slug"]] = {
            "Name": p["name"], "Version": p["version"],
            "update": {"plugin": p["slug"], "new_version": p["version"] + ".1"},
        }  # fmt: skip
    slug, info = next(iter(ui_ignored.plugin_upgrades.items()))
    ui_ignored.ignored_plugins[slug] = {"Name": info["Name"], "ignored_versions": ["all_versions"]}
    theme = ui_ignored.themes[0]
    ui_ignored.ignored_themes[theme["slug"]] = {
        "Name": theme["name"],
        "ignored_versions": [theme["version"] + ".9"],
    }


def _abandoned(state: DashboardState, sites: list[Site], rnd: random.Random) -> None:
    for s in sites[9:11]:
        p = next(p for p in s.plugins if p["mainwp"] == "F")
        s.abandoned_plugins[p["slug"]] = abandoned_plugin(
            p["slug"], p["name"], p["version"], state.now, rnd
        )
        t = s.themes[-1]
        s.abandoned_themes[t["slug"]] = abandoned_theme(t["name"], t["version"], state.now, rnd)


def _monitors(state: DashboardState, sites: list[Site], rnd: random.Random) -> None:
    """Twelve checks over two days per monitor: a dip (resolved) or an ongoing outage."""
    resolved, down = sites[11], sites[0]
    for s in (resolved, down):
        state.monitors.setdefault(s.id, {})
    start = state.now - 2 * 86400
    for mid in sorted(state.monitors):
        site = state.sites[mid]
        outage = site.child_error.startswith(("HTTP error", "MainWP Child plugin not"))
        beats = state.heartbeats.setdefault(mid, [])
        status = monitoring.UP
        for step in range(11):  # the history; the 12th check goes through the store
            status = monitoring.UP
            if (outage and step >= 9) or (site is resolved and step in (4, 5)):
                status = monitoring.DOWN
            up = status == monitoring.UP
            state.heartbeat_seq += 1
            beats.append({"heartbeat_id": state.heartbeat_seq, "monitor_id": mid,
                          "msg": "200 - up! OK" if up else "0 - down.",
                          "importance": int(bool(beats) and beats[-1]["status"] != status),
                          "status": status, "time": start + step * 4 * 3600,
                          "ping_ms": 80 + (mid * 37 + step * 11) % 800 if up else None,
                          "http_code": 200 if up else None})  # fmt: skip
        last = monitoring.DOWN if outage else monitoring.UP
        state.record_heartbeat(mid, last, 0 if outage else 200, when=start + 44 * 3600,
                               ping_ms=rnd.randint(80, 900))  # fmt: skip


def _clients(state: DashboardState, rnd: random.Random) -> None:
    roles = ("Owner", "Marketing lead", "Developer", "Billing")
    for client in state.clients.values():
        word = client.fields["name"].split()[0].lower()
        client.fields.update(
            address_1=f"{rnd.randint(1, 999)} {rnd.choice(('Main', 'High', 'Market'))} Street",
            zip=f"{rnd.randint(10000, 99999)}", state=rnd.choice(("CA", "BE", "YK", "TX")),
            note=f"Account manager: {rnd.choice(('Ana', 'Ben', 'Chi'))}. Billing monthly.",
            client_facebook=f"https://facebook.com/{word}",
            client_linkedin=f"https://www.linkedin.com/company/{word}",
        )  # fmt: skip
        for _ in range(rnd.randint(1, 3)):
            cid = 100 + len([c for x in state.clients.values() for c in x.contacts])
            person = rnd.choice(("Dana Scott", "Lee Park", "Ravi Rao", "Mia Novak"))
            client.contacts[cid] = {
                "contact_id": str(cid), "contact_client_id": str(client.id),
                "contact_email": f"{person.split()[0].lower()}.{cid}@{word}.example.test",
                "contact_image": "", "contact_icon_info": "", "contact_name": person,
                "contact_phone": f"+1-555-{2000 + cid:04d}", "contact_role": rnd.choice(roles),
                "facebook": "", "twitter": f"https://x.com/{word}{cid}", "instagram": "",
                "linkedin": f"https://www.linkedin.com/in/{word}-{cid}",
            }  # fmt: skip
        client.fields["primary_contact_id"] = str(next(iter(client.contacts)))
    if len(state.clients) > 1:
        state.clients[max(state.clients)].fields["suspended"] = "1"
    for name, description in (("account_tier", "Support tier"), ("po_number", "PO number")):
        state.field_seq += 1
        state.client_fields[state.field_seq] = {"name": name, "description": description}


def _costs(state: DashboardState, rnd: random.Random) -> None:
    kinds = ("weekly", "monthly", "quarterly", "yearly", "disabled")
    sites = sorted(state.sites)
    while len(state.costs) <= len(kinds):
        cid = max(state.costs, default=0) + 1
        state.costs[cid] = Cost(
            id=cid, name=rnd.choice(("Premium theme", "Uptime service", "SSL certificate")),
            price=round(rnd.uniform(5, 300), 2),
            last_renewal=state.now - rnd.randint(86400, 86400 * 700),
            sites=sorted(rnd.sample(sites, 2)),
        )  # fmt: skip
        state.next_ids["cost"] = cid + 1
    for i, cost in enumerate(sorted(state.costs.values(), key=lambda c: c.id)):
        cost.renewal_type = kinds[i % len(kinds)]
        if i == len(kinds):
            cost.type, cost.renewal_type = "lifetime", "disabled"
        cost.next_renewal = next_renewal(cost.last_renewal, cost.renewal_type, state.now)


def seed_states(state: DashboardState, rnd: random.Random) -> None:
    """Give a generated fleet every state listed in the module docstring."""
    if len(state.sites) < MIN_SITES:
        return
    ids = sorted(state.sites)
    picked = [state.sites[i] for i in rnd.sample(ids, MIN_SITES)]
    timeout = "Operation timed out after 30001 milliseconds with 0 bytes received"
    _connection(picked[0], http_error(timeout))
    _connection(picked[1], NOT_DETECTED)
    _connection(picked[2], AUTH_FAILED)
    picked[3].fields["suspended"] = "1"
    _connection(picked[4], http_error("Could not resolve host"), suspended=True)
    _updates(state, picked, rnd)
    _abandoned(state, picked, rnd)
    _monitors(state, picked, rnd)
    _clients(state, rnd)
    _costs(state, rnd)
