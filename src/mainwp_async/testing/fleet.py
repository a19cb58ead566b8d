"""Fleets for the simulator: the capture rig (3 sites) and deterministic synthetic fleets."""

from __future__ import annotations

import copy
import json
import random
from functools import cache
from importlib import resources
from typing import Any

from .connection import NOT_DETECTED, http_error
from .seed_states import abandoned_plugin, seed_states
from .state import Client, Cost, DashboardState, Site, Tag, iso_date

__all__ = ["build_fleet", "build_rig", "embedded"]


@cache
def embedded() -> dict[str, Any]:
    """Return the frozen route table and rig data (``contract_data.json``, read once).

    The file is written by ``python -m codegen generate`` from ``postman/source``.
    """
    text = resources.files(__package__).joinpath("contract_data.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _upgrades(raw: str) -> dict[str, Any]:
    value = json.loads(raw) if raw else {}
    return value if isinstance(value, dict) else {}


def _common(state: DashboardState, rig: dict[str, Any]) -> None:
    state.monitor_template = copy.deepcopy(rig["monitor_3"])
    state.monitor_list_template = copy.deepcopy(rig["monitors"][0])
    state.heartbeat_template = copy.deepcopy(rig["heartbeat_3"])
    state.monitor_settings = copy.deepcopy(rig["monitor_settings"])
    state.settings = copy.deepcopy(rig["settings"])
    state.security_template = copy.deepcopy(rig["security_1"])
    state.changes_template = copy.deepcopy(rig["non_mainwp_changes_1"])
    state.site_client_template = copy.deepcopy(rig["site_client_1"])
    state.post_template = copy.deepcopy(rig["post_1_1"])
    state.page_template = copy.deepcopy(rig["page_1_2"])
    first_pages = next(iter(rig["pages"].values()))
    state.page_list_template = copy.deepcopy(first_pages[0])
    state.user_templates = copy.deepcopy(next(iter(rig["users"].values())))


def _add_keys(state: DashboardState, seed: str, *, rig: bool) -> None:
    if rig:
        for row in sorted(embedded()["rig"]["keys"], key=lambda r: int(r["id"])):
            scope = {"realdash-read": "read", "realdash-write": "write",
                     "realdash-delete": "delete"}.get(row["description"], "read_write")  # fmt: skip
            key = state.add_key(scope, row["description"], seed=seed)
            key.last_access = row["last_access"]
        state.next_ids["key"] = 6
    else:
        for scope in ("read", "write", "delete", "read_write"):
            state.add_key(scope, f"sim-{scope}", seed=seed)


def build_rig(state: DashboardState) -> None:
    """Load the capture rig: Child One/Two/Three, Acme/Globex, two tags, two costs."""
    rig = embedded()["rig"]
    _common(state, rig)
    for raw in rig["sites"]:
        fields = {k: v for k, v in raw.items() if isinstance(v, str)}
        site = Site(
            id=int(raw["id"]),
            fields=fields,
            tags=[int(t) for t in (raw["tags"] or {})],
            client_id=int(raw["client_id"]),
            plugins=json.loads(raw["plugins"]),
            themes=json.loads(raw["themes"]),
            plugin_upgrades=_upgrades(raw["plugin_upgrades"]),
            theme_upgrades=_upgrades(raw["theme_upgrades"]),
            wp_upgrades=json.loads(raw["wp_upgrades"]),
            translation_upgrades=json.loads(raw["translation_upgrades"]),
            next_post_id=11,
        )
        site.posts[1] = copy.deepcopy(rig["post_1_1"])
        state.sites[site.id] = site
    for row in rig["clients"]:
        state.clients[int(row["id"])] = Client(
            id=int(row["id"]), fields={k: v for k, v in row.items() if k != "id"}
        )
    for row in rig["tags"]:
        state.tags[int(row["id"])] = Tag(id=int(row["id"]), name=row["name"], color=row["color"])
    detail = rig["cost_1"]
    for row in rig["costs_list"]:
        state.costs[row["id"]] = Cost(
            id=row["id"], name=row["name"], type=row["type"], product_type=row["product_type"],
            slug=row["slug"], url=row["url"], license_type=row["license_type"],
            cost_status=row["cost_status"], payment_method=row["payment_method"],
            price=float(row["price"]), renewal_type=row["renewal_type"],
            last_renewal=int(detail["last_renewal"]) if row["id"] == 1 else 1768435200,
            next_renewal=int(detail["next_renewal"]) if row["id"] == 1 else 1799971200,
            cost_color=detail["cost_color"],
            sites=json.loads(row["sites"] or "[]"), clients=json.loads(row["clients"] or "[]"),
            note=row["note"],
        )  # fmt: skip
    for row in rig["monitors"]:
        state.monitors[row["id"]] = {"last_check_at": row["last_check_at"]}
    state.next_ids.update(site=4, client=4, tag=11, cost=5)
    _add_keys(state, "rig", rig=True)


# ------------------------------------------------------------------ synthetic fleets
_PLUGIN_POOL: tuple[tuple[str, str, str, str], ...] = (
    # slug, name, author, latest version
    ("akismet/akismet.php", "Akismet Anti-spam: Spam Protection", "Automattic", "5.7.1"),
    ("classic-editor/classic-editor.php", "Classic Editor", "WordPress Contributors", "1.6.7"),
    ("contact-form-7/wp-contact-form-7.php", "Contact Form 7", "Takayuki Miyoshi", "6.1.2"),
    ("elementor/elementor.php", "Elementor", "Elementor.com", "3.32.4"),
    ("jetpack/jetpack.php", "Jetpack", "Automattic", "15.1"),
    ("woocommerce/woocommerce.php", "WooCommerce", "Automattic", "10.2.2"),
    ("wordpress-seo/wp-seo.php", "Yoast SEO", "Team Yoast", "26.1.1"),
    ("wordfence/wordfence.php", "Wordfence Security", "Wordfence", "8.1.0"),
    ("updraftplus/updraftplus.php", "UpdraftPlus - Backup/Restore", "TeamUpdraft", "1.25.8"),
    ("wp-super-cache/wp-cache.php", "WP Super Cache", "Automattic", "3.0.1"),
    ("litespeed-cache/litespeed-cache.php", "LiteSpeed Cache", "LiteSpeed Technologies", "7.5"),
    ("really-simple-ssl/rlrsssl-really-simple-ssl.php", "Really Simple Security",
     "Really Simple Plugins", "9.4.3"),
    ("redirection/redirection.php", "Redirection", "John Godley", "5.5.2"),
    ("wp-mail-smtp/wp_mail_smtp.php", "WP Mail SMTP", "WP Mail SMTP", "4.6.0"),
    ("duplicate-post/duplicate-post.php", "Yoast Duplicate Post", "Enrico Battocchi", "4.5"),
    ("wpforms-lite/wpforms.php", "WPForms Lite", "WPForms", "1.9.8.1"),
    ("all-in-one-seo-pack/all_in_one_seo_pack.php", "All in One SEO", "All in One SEO Team",
     "4.8.8"),
    ("google-site-kit/google-site-kit.php", "Site Kit by Google", "Google", "1.163.0"),
    ("mailchimp-for-wp/mailchimp-for-wp.php", "MC4WP: Mailchimp for WordPress", "ibericode",
     "4.10.7"),
    ("regenerate-thumbnails/regenerate-thumbnails.php", "Regenerate Thumbnails", "Alex Mills",
     "3.1.6"),
    ("wp-optimize/wp-optimize.php", "WP-Optimize", "TeamUpdraft", "4.3.0"),
    ("query-monitor/query-monitor.php", "Query Monitor", "John Blackbourn", "3.20.0"),
    ("advanced-custom-fields/acf.php", "Advanced Custom Fields", "WP Engine", "6.6.1"),
    ("hello.php", "Hello Dolly", "Matt Mullenweg", "1.7.2"),
    ("simple-history/index.php", "Simple History", "Par Thernstrom", "5.17.0"),
    ("user-role-editor/user-role-editor.php", "User Role Editor", "Vladimir Garagulya", "4.64.5"),
    ("wp-fastest-cache/wpFastestCache.php", "WP Fastest Cache", "Emre Vona", "1.4.1"),
    ("limit-login-attempts-reloaded/limit-login-attempts-reloaded.php",
     "Limit Login Attempts Reloaded", "Limit Login Attempts Reloaded", "2.26.23"),
    ("cookie-notice/cookie-notice.php", "Cookie Notice & Compliance", "Hu-manity.co", "2.5.7"),
    ("tablepress/tablepress.php", "TablePress", "Tobias Baethge", "3.2.3"),
)  # fmt: skip
_ABANDONED_POOL = ("wp-postviews/wp-postviews.php", "easy-fancybox/easy-fancybox.php")
_THEME_POOL: tuple[tuple[str, str, str], ...] = (
    ("twentytwentyfive", "Twenty Twenty-Five", "1.3"),
    ("twentytwentyfour", "Twenty Twenty-Four", "1.3"),
    ("twentytwentythree", "Twenty Twenty-Three", "1.6"),
    ("astra", "Astra", "4.11.12"),
    ("generatepress", "GeneratePress", "3.6.0"),
    ("kadence", "Kadence", "1.3.6"),
    ("oceanwp", "OceanWP", "4.1.3"),
    ("hello-elementor", "Hello Elementor", "3.4.4"),
)
_WP_VERSIONS = ("7.0.4", "7.0.4", "7.0.3", "6.9.1", "6.8.3", "6.7.2")
_PHP_VERSIONS = ("8.3.14", "8.2.36", "8.2.36", "8.1.31", "7.4.33")
_WORDS = ("acme", "bright", "cedar", "delta", "ember", "fable", "granite", "harbor", "iris",
          "juniper", "kite", "lumen", "maple", "nova", "orbit", "pine", "quartz", "river",
          "summit", "tidal", "umber", "vale", "willow", "xenon", "yarrow", "zephyr")  # fmt: skip
_TLDS = ("com", "org", "net", "io", "co.uk", "de", "shop", "blog")


def _older(version: str, rnd: random.Random) -> str:
    """A plausible earlier release: ``3.1.6`` -> ``3.1.4``, ``4.6.0`` -> ``4.5.9``."""
    parts = version.split(".")
    for i in range(len(parts) - 1, -1, -1):
        if parts[i].isdigit() and int(parts[i]) > 0:
            number = int(parts[i])
            step = rnd.randint(1, min(number, 3)) if i == len(parts) - 1 else 1
            parts[i] = str(number - step)
            parts[i + 1 :] = ["9" if p.isdigit() else p for p in parts[i + 1 :]]
            return ".".join(parts)
    return version + "-beta"  # 0.0.0: nothing numeric to step down


def _plugin_upgrade(slug: str, name: str, author: str, cur: str, new: str, active: int) -> Any:
    short = slug.split("/")[0].removesuffix(".php")
    return {
        "Name": name, "PluginURI": f"https://wordpress.org/plugins/{short}/", "Version": cur,
        "Description": f"{name} for WordPress.", "Author": author, "AuthorURI": "",
        "TextDomain": short, "DomainPath": "", "Network": False, "RequiresWP": "6.0",
        "RequiresPHP": "7.4", "UpdateURI": "", "RequiresPlugins": "", "Title": name,
        "AuthorName": author,
        "update": {
            "id": f"w.org/plugins/{short}", "slug": short, "plugin": slug, "new_version": new,
            "url": f"https://wordpress.org/plugins/{short}/",
            "package": f"https://downloads.wordpress.org/plugin/{short}.{new}.zip",
            "icons": [], "banners": [], "banners_rtl": [], "tested": "7.0",
            "requires_php": "7.4", "compatibility": [],
        },
        "active": active, "wp_compatible": True, "php_compatible": True,
    }  # fmt: skip


def build_fleet(state: DashboardState, n: int, seed: int) -> None:
    """Generate ``n`` varied sites (plus clients, tags, costs) deterministically from ``seed``."""
    rig = embedded()["rig"]
    _common(state, rig)
    rnd = random.Random(seed)
    post_text = json.dumps(rig["post_1_1"])  # each site gets its own copy (a JSON round trip)
    base_ts = state.now
    n_clients = max(1, n // 12)
    for cid in range(1, n_clients + 1):
        word = _WORDS[(cid - 1) % len(_WORDS)].capitalize()
        name = f"{word} {rnd.choice(('Corp', 'Ltd', 'Studio', 'Group', 'Labs'))} {cid}"
        email = f"{word.lower()}{cid}@example.test"
        fields = {k: "" for k in ("address_1", "address_2", "zip", "state", "client_facebook",
                                  "client_twitter", "client_instagram", "client_linkedin")}  # fmt: skip  # noqa: E501
        fields.update(name=name, city=rnd.choice(("Springfield", "Berlin", "Leeds", "Austin")),
                      country=rnd.choice(("US", "DE", "GB", "FR")), note="",
                      client_email=email, client_phone=f"+1-555-{1000 + cid:04d}",
                      created=iso_date(base_ts - rnd.randint(86400, 86400 * 900)),
                      suspended="0", primary_contact_id="0")  # fmt: skip
        state.clients[cid] = Client(id=cid, fields=fields)
    tag_names = ("Production", "Staging", "WooCommerce", "Agency", "VIP", "Maintenance plan")
    colors = ("#2e7d32", "#f9a825", "#6a1b9a", "#1565c0", "#c62828", "#00838f")
    for i, (tname, color) in enumerate(zip(tag_names, colors, strict=True), start=1):
        state.tags[i] = Tag(id=i, name=tname, color=color)
    for sid in range(1, n + 1):
        word = _WORDS[rnd.randrange(len(_WORDS))]
        host = f"{word}-{sid}.example.{rnd.choice(_TLDS)}"
        url = f"https://{host}/"
        status = "connected"
        sync_errors, http_status, suspended = "", "200 - OK", "0"
        roll = rnd.random()
        if roll < 0.06:
            status = "disconnected"
            sync_errors = rnd.choice((
                http_error("Operation timed out after 30001 milliseconds with 0 bytes received"),
                http_error("Could not resolve host: " + host),
                NOT_DETECTED,
            ))  # fmt: skip
            http_status = rnd.choice(("0", "500 - Internal Server Error", "403 - Forbidden"))
        elif roll < 0.09:
            suspended = "1"
        chosen = rnd.sample(range(len(_PLUGIN_POOL)), rnd.randint(4, 14))
        plugins, upgrades = [], {}
        for idx in sorted(chosen):
            slug, pname, author, latest = _PLUGIN_POOL[idx]
            outdated = rnd.random() < 0.22
            version = _older(latest, rnd) if outdated else latest
            active = 1 if rnd.random() < 0.8 else 0
            plugins.append({"mainwp": "F", "name": pname, "slug": slug,
                            "description": f"{pname} for WordPress.", "version": version,
                            "active": active})  # fmt: skip
            if outdated:
                upgrades[slug] = _plugin_upgrade(slug, pname, author, version, latest, active)
        plugins.append({"mainwp": "T", "name": "MainWP Child",
                        "slug": "mainwp-child/mainwp-child.php",
                        "description": "Connects the site to a MainWP Dashboard.",
                        "version": "6.1", "active": 1})  # fmt: skip
        abandoned: dict[str, dict[str, Any]] = {}
        if rnd.random() < 0.05:
            ab = rnd.choice(_ABANDONED_POOL)
            ab_name = ab.split("/")[0].replace("-", " ").title()
            plugins.append({"mainwp": "F", "name": ab_name, "slug": ab,
                            "description": "No longer maintained.",
                            "version": "1.0.3", "active": 1})  # fmt: skip
            abandoned[ab] = abandoned_plugin(ab, ab_name, "1.0.3", base_ts, rnd)
        themes, theme_upgrades = [], {}
        for j, tidx in enumerate(sorted(rnd.sample(range(len(_THEME_POOL)), rnd.randint(1, 3)))):
            tslug, tname, tver = _THEME_POOL[tidx]
            outdated = rnd.random() < 0.15
            version = _older(tver, rnd) if outdated else tver
            themes.append({"name": tname, "title": tname, "description": f"The {tname} theme.",
                           "version": version, "active": 1 if j == 0 else 0, "slug": tslug,
                           "parent_active": 0})  # fmt: skip
            if outdated:
                theme_upgrades[tslug] = {
                    "update": {"theme": tslug, "new_version": tver,
                               "url": f"https://wordpress.org/themes/{tslug}/",
                               "package": f"https://downloads.wordpress.org/theme/{tslug}.{tver}.zip",
                               "requires": "6.1", "requires_php": "7.4"},
                    "Name": tname, "Version": version, "active": 1 if j == 0 else 0,
                }  # fmt: skip
        wp_version = rnd.choice(_WP_VERSIONS)
        wp_upgrades: Any = []
        if wp_version != "7.0.4" and rnd.random() < 0.5:
            wp_upgrades = {"current": wp_version, "new": "7.0.4"}
        last_sync = base_ts - rnd.randint(60, 86400 * (30 if status != "connected" else 2))
        fields = {
            "name": f"{word.capitalize()} {sid}", "url": url, "note": "",
            "ip": f"203.0.113.{rnd.randint(1, 254)}",
            "is_staging": "1" if rnd.random() < 0.08 else "0",
            "wp_version": wp_version, "php_version": rnd.choice(_PHP_VERSIONS),
            "child_version": rnd.choice(("6.1", "6.1", "6.0.2")),
            "mysql_version": rnd.choice(("10.11.19-MariaDB-0+deb12u1", "8.0.43", "8.4.6")),
            "memory_limit": rnd.choice(("256M", "512M", "128M")),
            "database_size": str(rnd.randint(200_000, 900_000_000)),
            "active_theme": f"{themes[0]['name']} {themes[0]['version']}",
            "sync_errors": sync_errors, "http_status": http_status,
            "health_status": "0" if status == "connected" else "1",
            "health_score": str(rnd.randint(60, 100)), "icon": "", "last_sync": iso_date(last_sync),
            "last_post_time": str(last_sync - rnd.randint(0, 86400 * 60)),
            "recent_posts": "[]", "recent_pages": "[]", "recent_comments": "[]",
            "categories": '[{"term_id":1,"name":"Uncategorized","slug":"uncategorized",'
                          '"taxonomy":"category","parent":0}]',
            "premium_upgrades": "", "ignored_plugins": "", "ignored_themes": "",
            "is_ignoreCoreUpdates": "0", "is_ignorePluginUpdates": "0",
            "is_ignoreThemeUpdates": "0", "verify_certificate": "2", "force_use_ipv4": "0",
            "ssl_version": "0", "suspended": suspended,
        }  # fmt: skip
        site = Site(
            id=sid, fields=fields,
            tags=sorted(rnd.sample(range(1, len(tag_names) + 1), rnd.choice((0, 1, 1, 2)))),
            client_id=rnd.randint(1, n_clients) if rnd.random() < 0.85 else 0,
            plugins=plugins, themes=themes, plugin_upgrades=upgrades,
            theme_upgrades=theme_upgrades, wp_upgrades=wp_upgrades,
            abandoned_plugins=abandoned, child_error=sync_errors,
        )  # fmt: skip
        site.posts[1] = json.loads(post_text)
        state.sites[sid] = site
        if rnd.random() < 0.7:
            state.monitors[sid] = {"last_status": "up" if status == "connected" else "down"}
    for cid in range(1, max(2, n // 20) + 1):
        state.costs[cid] = Cost(
            id=cid, name=rnd.choice(("Managed hosting", "Premium plugin", "CDN", "Backups")),
            product_type=rnd.choice(("hosting", "plugin", "service")),
            price=round(rnd.uniform(5, 300), 2), renewal_type=rnd.choice(("monthly", "yearly")),
            last_renewal=base_ts - rnd.randint(86400, 86400 * 300),
            next_renewal=base_ts + rnd.randint(86400, 86400 * 300),
            sites=sorted(rnd.sample(range(1, n + 1), min(n, rnd.randint(1, 4)))) if n else [],
            clients=[rnd.randint(1, n_clients)] if rnd.random() < 0.4 else [],
        )  # fmt: skip
    state.next_ids.update(site=n + 1, client=n_clients + 1, tag=len(tag_names) + 1,
                          cost=len(state.costs) + 1)  # fmt: skip
    _add_keys(state, f"fleet-{seed}", rig=False)
    seed_states(state, rnd)
