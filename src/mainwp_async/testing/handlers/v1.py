"""The legacy REST API v1 (``/wp-json/mainwp/v1``) on the same state as v2.

As on 6.1.2: MainWP's v2 key check runs first on these URLs (the namespace is
registered with ``mainwp_auth``), then every handler checks its own v1 key, read from
``consumer_key``/``consumer_secret`` params or an ``X-Api-Key`` JSON header, never from
HTTP Basic; its refusal is 401 ``{"ERROR": …}``. A missing ``site_id`` is 400
``{"ERROR": …}``, an unknown one HTTP 200 with an empty body.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..._generated.v1.manifest import ENDPOINTS
from .. import connection
from ..doors import V1Key, doors
from ..routing import NO_BODY, Ctx, Reply, handles, register_namespace, routes_from_index, wp_error
from ..state import Client, Site, php_json
from . import v1_writes

__all__ = ["EMPTY", "V1_NS"]

V1_NS = "/mainwp/v1"
#: an HTTP 200 with no body at all (what v1 answers for an unknown ``site_id``)
EMPTY = Reply(200, NO_BODY)

_AUTH = (
    "Incorrect or missing consumer key and/or secret. If the issue persists please reset "
    "your authentication details from the MainWP &gt; Settings &gt; REST API page, on your "
    "MainWP Dashboard site."
)
_LETTER = {
    "GET": ("r", "Read"),
    "POST": ("w", "Write"),
    "PUT": ("w", "Write"),
    "PATCH": ("w", "Write"),
    "DELETE": ("d", "Delete"),
}

_rows = [{"route": V1_NS, "methods": ["GET"], "endpoints": [{"methods": ["GET"], "args": []}]}]
_rows += [
    {
        "route": V1_NS + e.path,
        "methods": [e.method],
        "endpoints": [{"methods": [e.method], "args": []}],
    }
    for e in ENDPOINTS
]
register_namespace(V1_NS, routes_from_index(_rows, V1_NS), mainwp_auth=True, require_key=False)


def _error(status: int, message: str) -> Reply:
    return Reply(status, {"ERROR": message})


def _v1_key(ctx: Ctx) -> V1Key:
    ck, cs = ctx.p("consumer_key"), ctx.p("consumer_secret")
    if not (ck and cs) and ctx.request is not None:
        header = ctx.request.headers.get("X-Api-Key", "")
        try:
            pair = json.loads(header) if header else None
        except ValueError:
            pair = None
        if isinstance(pair, dict):
            ck, cs = pair.get("consumer_key"), pair.get("consumer_secret")
    key = doors(ctx.state).v1_keys.get(str(ck or ""))
    if key is None or key.consumer_secret != str(cs or ""):
        raise _error(401, _AUTH)
    letter, label = _LETTER.get(ctx.method, ("r", "Read"))
    if letter not in key.perms.split(","):
        raise wp_error(
            "rest_method_not_allowed", f"Sorry, you are not allowed to do the {label} method.", 401
        )
    return key


def _site(ctx: Ctx) -> Site:
    raw = ctx.p("site_id")
    if raw is None:
        raise _error(400, "Required parameter is missing.")
    if not str(raw).isdigit():
        raise _error(400, "Required parameter data is is not valid.")
    site = ctx.state.sites.get(int(str(raw)))
    if site is None:
        raise Reply(200, NO_BODY)
    return site


def _basic(site: Site) -> dict[str, Any]:
    return {
        "id": str(site.id),
        "url": site.url,
        "name": site.name,
        "client_id": str(site.client_id),
    }


def _groups(ctx: Ctx, site: Site, row: dict[str, Any]) -> dict[str, Any]:
    tags = [t for t in site.tags if t in ctx.state.tags]
    row["wpgroups"] = ",".join(ctx.state.tags[t].name for t in tags)
    row["wpgroupids"] = ",".join(str(t) for t in tags)
    return row


def _row(ctx: Ctx, site: Site) -> dict[str, Any]:
    """The raw dashboard row, credentials stripped: strings or null, JSON in strings."""
    f = site.fields
    row = _basic(site)
    row.update(
        {
            "userid": "1",
            "siteurl": site.url.rstrip("/"),
            "offline_check_result": "1",
            "http_response_code": str(f.get("http_status", "200")),
            "note": f.get("note", ""),
            "plugin_upgrades": php_json(site.plugin_upgrades),
            "theme_upgrades": php_json(site.theme_upgrades),
            "translation_upgrades": php_json(site.translation_upgrades),
            "wp_upgrades": php_json(site.wp_upgrades),
            "premium_upgrades": f.get("premium_upgrades", "[]"),
            "plugins": php_json(site.plugins),
            "themes": php_json(site.themes),
            "ignored_plugins": php_json(site.ignored_plugins),
            "ignored_themes": php_json(site.ignored_themes),
            "is_staging": str(f.get("is_staging", "0")),
            "suspended": str(f.get("suspended", "0")),
            "sync_errors": f.get("sync_errors", ""),
            "version": f.get("child_version", ""),
            "phpversion": f.get("php_version", ""),
            "verify_certificate": str(f.get("verify_certificate", "1")),
            "ip": f.get("ip", ""),
            "health_status": str(f.get("health_status", "0")),
            "dtsSync": str(ctx.state.now),
        }
    )
    return row


def _site_list(ctx: Ctx, sites: list[Site], *, full: bool = False, fmt_default: str = "") -> Any:
    groups = bool(ctx.p("selectgroups")) and str(ctx.p("selectgroups")) not in ("0", "")
    rows = []
    for s in sites:
        row = _row(ctx, s) if full else _basic(s)
        rows.append(_groups(ctx, s, row) if groups else row)
    if str(ctx.p("format") or fmt_default) == "array":
        return {"data": rows}
    return {r["id"]: r for r in rows}


def _connected(ctx: Ctx, want: bool) -> list[Site]:
    return [s for s in ctx.state.sites.values() if (s.fields.get("status") == "connected") == want]


def _success() -> dict[str, str]:
    return {"SUCCESS": "Process ran."}


def _need(ctx: Ctx, *names: str) -> list[str]:
    values = [ctx.p(n) for n in names]
    if any(v is None for v in values):
        raise _error(400, "Required parameter is missing.")
    return [str(v) for v in values]


def _updates_count(sites: list[Site]) -> dict[str, int]:
    counts = {"wp": 0, "plugins": 0, "themes": 0, "translations": 0}
    for s in sites:
        counts["wp"] += 1 if s.wp_upgrades else 0
        counts["plugins"] += len(s.plugin_upgrades)
        counts["themes"] += len(s.theme_upgrades)
        counts["translations"] += len(s.translation_upgrades or [])
    return {"total": sum(counts.values()), **counts}


def _site_updates(s: Site) -> dict[str, Any]:
    return {
        "wp_core": s.wp_upgrades or [],
        "plugins": s.plugin_upgrades or [],
        "themes": s.theme_upgrades or [],
        "translation": s.translation_upgrades or [],
    }


def _ignore(ctx: Ctx, site: Site | None, add: bool) -> dict[str, str]:
    kind, slug = _need(ctx, "type", "slug")
    targets = [site] if site is not None else list(ctx.state.sites.values())
    for s in targets:
        table = s.ignored_plugins if kind == "plugin" else s.ignored_themes
        if add:
            table[slug] = {"Name": str(ctx.p("name") or slug), "ignored_versions": ["all_versions"]}
        else:
            table.pop(slug, None)
    return _success()


def _ignored(ctx: Ctx, sites: list[Site], field: str, *, fleet: bool = False) -> Any:
    """Ignored items: the fleet-wide list with nothing ignored is an empty body (captured).

    A site's list is its stored ``[]``.
    """
    merged: dict[str, Any] = {}
    for s in sites:
        merged.update({str(k): v for k, v in getattr(s, field).items()})
    if not merged and fleet:
        raise Reply(200, NO_BODY)
    return merged or []


def _tags(ctx: Ctx) -> Any:
    tags = ctx.state.tags
    if ctx.p("tag_id"):
        tid = int(str(ctx.p("tag_id")))
        return {"data": {str(tid): tags[tid].name} if tid in tags else {}}
    return {"data": {str(t.id): t.name for t in tags.values()}}


def _clients(ctx: Ctx) -> Any:
    out = []
    for c in ctx.state.clients.values():
        out.append({"client_id": str(c.id), **{k: str(v) for k, v in c.fields.items()}})
    return {"data": out}


def _costs(ctx: Ctx, keep: Callable[[Any], bool]) -> Any:
    return {
        "data": {
            str(c.id): ctx.state.render_cost(c, item=True)
            for c in ctx.state.costs.values()
            if keep(c)
        }
    }


def _sync_all(ctx: Ctx) -> list[Any]:
    for site in ctx.state.sites.values():
        connection.sync(ctx.state, site)
    return []


def _remove_client(ctx: Ctx) -> dict[str, str]:
    ctx.state.remove_client(int(str(ctx.p("client_id") or 0)))
    return _success()


_CLIENT_FIELDS = ("name", "client_email", "client_phone", "address_1", "address_2", "city",
                  "state", "zip", "country", "note", "client_facebook", "client_twitter",
                  "client_instagram", "client_linkedin")  # fmt: skip


def _client_write(ctx: Ctx, *, edit: bool) -> dict[str, Any]:
    """``client/add-client`` and ``client/edit-client`` read the JSON body only."""
    data = ctx.json if isinstance(ctx.json, dict) else {}
    if not data:
        return {"error": "Invalid Client data. Please try again."}
    if edit:
        client = ctx.state.clients.get(int(str(data.get("client_id") or 0)))
        if client is None:
            return {"error": "Client ID field is required! Please enter a Client ID."}
    elif not str(data.get("name") or "").strip():
        return {"error": "Client name field is required! Please enter a Client name."}
    else:
        cid = ctx.state.new_id("client")
        client = Client(id=cid, fields={k: "" for k in _CLIENT_FIELDS})
        client.fields.update(created=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ctx.state.now)),
                             suspended="0", primary_contact_id="0")  # fmt: skip
        ctx.state.clients[cid] = client
    for key in _CLIENT_FIELDS:
        if data.get(key) is not None:
            client.fields[key] = str(data[key])
    sites = data.get("selected_sites")
    if isinstance(sites, list):
        ctx.state.set_client_sites(client.id, [int(s) for s in sites if str(s).isdigit()])
    return {"success": True, "client_id": client.id, "clientid": client.id}


def _sync(ctx: Ctx) -> dict[str, str]:
    connection.sync(ctx.state, _site(ctx))
    return _success()


_Fn = Callable[[Ctx], Any]
_PLUG = "plugins"


def _items(kind: str, active: int | None) -> _Fn:
    def fn(ctx: Ctx) -> Any:
        s = _site(ctx)
        rows = s.plugins if kind == _PLUG else s.themes
        return [r for r in rows if active is None or int(r.get("active", 0)) == active]

    return fn


def _count(fn: _Fn) -> _Fn:
    return lambda ctx: {"count": len(fn(ctx))}


_ACTIONS: dict[str, _Fn] = {
    "sites/all-sites": lambda c: _site_list(c, list(c.state.sites.values())),
    "sites/all-sites-count": lambda c: {"count": len(c.state.sites)},
    "sites/connected-sites": lambda c: [
        {"id": str(s.id), "name": s.name, "url": s.url} for s in _connected(c, True)
    ],
    "sites/connected-sites-count": lambda c: {"count": len(_connected(c, True))},
    "sites/disconnected-sites": lambda c: [
        {"id": str(s.id), "name": s.name, "url": s.url} for s in _connected(c, False)
    ],
    "sites/disconnected-sites-count": lambda c: {"count": len(_connected(c, False))},
    "sites/sync-sites": lambda c: _sync_all(c),
    "sites/check-sites": v1_writes.check_sites,
    "sites/disconnect-sites": v1_writes.disconnect_sites,
    "sites/http-status": lambda c: {
        str(s.id): str(s.fields.get("http_status", "200")) for s in c.state.sites.values()
    },
    "sites/health-score": lambda c: {str(s.id): "Good" for s in c.state.sites.values()},
    "sites/security-issues": lambda c: {
        str(s.id): dict(c.state.security_template) for s in c.state.sites.values()
    },
    "sites/sites-available-updates-count": lambda c: _updates_count(list(c.state.sites.values())),
    "sites/get-sites-by-url": lambda c: _site_list(
        c,
        [
            s
            for s in c.state.sites.values()
            if s.url.rstrip("/") in {u.strip().rstrip("/") for u in _need(c, "urls")[0].split(",")}
        ],
        full=True,
    ),
    "sites/get-sites-by-client": lambda c: _site_list(
        c,
        [
            s
            for s in c.state.sites.values()
            if str(s.client_id) == str(c.p("client_id") or c.p("client"))
        ],
        full=True,
        fmt_default="array",
    ),
    "site/site": lambda c: (
        _groups(c, _site(c), _row(c, _site(c))) if c.p("with_tags") else _row(c, _site(c))
    ),
    "site/site-info": lambda c: {
        "wpversion": _site(c).fields.get("wp_version", ""),
        "phpversion": _site(c).fields.get("php_version", ""),
        "child_version": _site(c).fields.get("child_version", ""),
    },
    "site/site-installed-plugins": _items(_PLUG, None),
    "site/site-installed-plugins-count": _count(_items(_PLUG, None)),
    "site/site-active-plugins": _items(_PLUG, 1),
    "site/site-active-plugins-count": _count(_items(_PLUG, 1)),
    "site/site-inactive-plugins": _items(_PLUG, 0),
    "site/site-inactive-plugins-count": _count(_items(_PLUG, 0)),
    "site/site-installed-themes": _items("themes", None),
    "site/site-installed-themes-count": _count(_items("themes", None)),
    "site/site-active-themes": _items("themes", 1),
    "site/site-inactive-themes": _items("themes", 0),
    "site/site-inactive-themes-count": _count(_items("themes", 0)),
    "site/site-available-updates": lambda c: _site_updates(_site(c)),
    "site/site-available-updates-count": lambda c: _updates_count([_site(c)]),
    "site/site-abandoned-plugins": lambda c: dict(_site(c).abandoned_plugins) or [],
    "site/site-abandoned-plugins-count": lambda c: {"count": len(_site(c).abandoned_plugins)},
    "site/site-abandoned-themes": lambda c: dict(_site(c).abandoned_themes) or [],
    "site/site-abandoned-themes-count": lambda c: {"count": len(_site(c).abandoned_themes)},
    "site/site-http-status": lambda c: str(_site(c).fields.get("http_status", "200")),
    "site/site-health-score": lambda c: "Good" if _site(c) else "",
    "site/site-security-issues": lambda c: dict(c.state.security_template) if _site(c) else {},
    "site/sync-site": _sync,
    "site/remove-site": lambda c: c.state.sites.pop(_site(c).id) and _success(),
    "site/check-site-http-status": lambda c: _site(c) and _success(),
    "site/non-mainwp-changes": lambda c: list(c.state.changes_template) if _site(c) else [],
    "site/non-mainwp-changes-count": lambda c: (
        {"count": len(c.state.changes_template)} if _site(c) else {}
    ),
    "updates/available-updates": lambda c: {
        str(s.id): {
            **_site_updates(s),
            "groups": ",".join(c.state.tags[t].name for t in s.tags if t in c.state.tags),
        }
        for s in c.state.sites.values()
    },
    "updates/ignored-plugins-updates": lambda c: _ignored(
        c, list(c.state.sites.values()), "ignored_plugins", fleet=True
    ),
    "updates/site-ignored-plugins-updates": lambda c: _ignored(c, [_site(c)], "ignored_plugins"),
    "updates/ignored-themes-updates": lambda c: _ignored(
        c, list(c.state.sites.values()), "ignored_themes", fleet=True
    ),
    "updates/site-ignored-themes-updates": lambda c: _ignored(c, [_site(c)], "ignored_themes"),
    "updates/ignore-updates": lambda c: _need(c, "name") and _ignore(c, None, True),
    "updates/ignore-update": lambda c: _need(c, "name") and _ignore(c, _site(c), True),
    "updates/unignore-updates": lambda c: _ignore(c, None, False),
    "updates/unignore-update": lambda c: _ignore(c, _site(c), False),
    "client/add-client": lambda c: _client_write(c, edit=False),
    "client/edit-client": lambda c: _client_write(c, edit=True),
    "client/remove-client": _remove_client,
    "clients/all-clients": _clients,
    "tags/all-tags": _tags,
    "cost-tracker/get-all-costs": lambda c: _costs(c, lambda x: True),
    "cost-tracker/get-client-costs": lambda c: _costs(
        c, lambda x: int(str(c.p("client_id") or 0)) in x.clients
    ),
    "cost-tracker/get-site-costs": lambda c: _costs(
        c, lambda x: int(str(c.p("site_id") or 0)) in x.sites
    ),
    "cost-tracker/get-costs": lambda c: _costs(c, lambda x: str(x.id) == str(c.p("id"))),
}


def _on_site(fn: Callable[[Ctx, Site], Any]) -> _Fn:
    return lambda ctx: fn(ctx, _site(ctx))


_ACTIONS["site/add-site"] = v1_writes.add_site
_ACTIONS.update({name: _on_site(fn) for name, fn in v1_writes.SITE_WRITES.items()})


def _params_first(fn: _Fn, *names: str) -> _Fn:
    """``fn`` after the check of its parameters (they are checked before the site)."""
    return lambda ctx: _need(ctx, *names) and fn(ctx)


for _kind in ("plugin", "theme"):
    _path = f"site/site-manage-{_kind}"
    _ACTIONS[_path] = _params_first(_ACTIONS[_path], _kind, "action")


def _not_simulated(ctx: Ctx) -> Any:
    raise wp_error("sim_not_simulated", "This v1 write is not simulated.", 501)


def _handler(sub: str) -> Callable[[Ctx], Awaitable[Any]]:
    fn = _ACTIONS.get(sub.lstrip("/"), _not_simulated)

    async def handle(ctx: Ctx) -> Any:
        _v1_key(ctx)
        return fn(ctx)

    handle.__name__ = "h_v1_" + sub.strip("/").replace("/", "_").replace("-", "_")
    return handle


for _e in ENDPOINTS:
    handles(_e.path, ns=V1_NS)(_handler(_e.path))


@handles("", ns=V1_NS)
async def h_v1_index(ctx: Ctx) -> Any:
    """The namespace index (public)."""
    href = ctx.dash.public_url
    return {
        "namespace": "mainwp/v1",
        "routes": {
            r["route"]: {
                "namespace": "mainwp/v1",
                "methods": r["methods"],
                "endpoints": r["endpoints"],
                "_links": {"self": [{"href": f"{href}/wp-json{r['route']}"}]},
            }
            for r in _rows
        },
        "_links": {"up": [{"href": f"{href}/wp-json/"}]},
    }
