"""The simulated MainWP Dashboard 6.1.2: an aiohttp application speaking REST v2 JSON."""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import io
import json
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, MultipartReader, StreamReader, web

from .faults import Counters, Fault, LatencyModel
from .fleet import build_fleet, build_rig, embedded
from .state import ApiKey, Client, Cost, DashboardState, Job, Site, php_json

__all__ = ["ROUTES", "Route", "SimulatedDashboard", "make_app"]

NS = "/mainwp/v2"
JSON_CT = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class Route:
    """One route of the server's table: its regex (below ``/wp-json``) and methods."""

    pattern: str
    methods: tuple[str, ...]
    endpoints: list[dict[str, Any]]
    regex: re.Pattern[str]

    @property
    def sub(self) -> str:
        """The pattern below the namespace (``/sites/basic``); ``""`` for the index."""
        return self.pattern[len(NS) :]


def _load_routes() -> tuple[Route, ...]:
    out = []
    for r in embedded()["routes"]:
        rx = re.compile("^" + r["route"] + "$", re.IGNORECASE)
        out.append(Route(r["route"], tuple(r["methods"]), r["endpoints"], rx))
    return tuple(out)


#: The 144 routes (143 + the namespace index), in the server's order.
ROUTES: tuple[Route, ...] = _load_routes()


class Reply(Exception):
    """Raised by handlers to answer immediately with ``status`` and ``body``."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def wp_error(code: str, message: str, status: int | None, data: Any = "status") -> Reply:
    """A WP_Error reply; ``status=None`` gives HTTP 500 with ``"data": null``."""
    if status is None:
        return Reply(500, {"code": code, "message": message, "data": None if data == "status"
                           else data})  # fmt: skip
    payload = {"status": status} if data == "status" else data
    return Reply(status, {"code": code, "message": message, "data": payload})


def _invalid_id(kind: str) -> Reply:
    return wp_error(f"mainwp_rest_invalid_{kind}_id", "Invalid or not found ID.", 404)


@dataclass
class Ctx:
    """What a handler gets: the request decoded, the matched groups and the store."""

    dash: SimulatedDashboard
    method: str
    route: Route
    groups: dict[str, str]
    query: dict[str, str]
    form: dict[str, str]
    json: Any
    content_type: str
    params: dict[str, Any] = field(default_factory=dict)
    files: dict[str, web.FileField] = field(default_factory=dict)  #: multipart file parts

    @property
    def state(self) -> DashboardState:
        """The data store."""
        return self.dash.state

    def p(self, name: str, default: Any = None) -> Any:
        """A request parameter (JSON body, then form body, then query)."""
        return self.params.get(name, default)

    def site(self, group: str = "id_domain") -> Site:
        """The site named by the path, or a 404 ``mainwp_rest_invalid_site_id``."""
        ident = self.groups.get(group, "")
        s = self.state.find_site(ident)
        if s is None:
            if ident.isdigit():
                raise _invalid_id("site")
            raise wp_error("mainwp_rest_invalid_site_data", "Invalid or not found domain.", 404)
        return s


Handler = Callable[[Ctx], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def handles(*subs: str) -> Callable[[Handler], Handler]:
    """Register a handler for route patterns given below the namespace."""

    def deco(fn: Handler) -> Handler:
        for s in subs:
            HANDLERS[NS + s] = fn
        return fn

    return deco


_ID = r"(?P<id_domain>[a-zA-Z0-9\-\.\_]+)"
_DOM = r"(?P<id_domain>(\d+|[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}))"
_UPD = r"(?P<id_domain>[A-Za-z0-9-\.]+)"
_CL = r"(?P<id_email>(?!fields$)[a-zA-Z0-9\_\-\.\@]+)"
_MON = _DOM


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _ids(value: Any) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [int(v) for v in value if str(v).strip().isdigit()]
    return [int(v) for v in str(value).split(",") if v.strip().isdigit()]


def _page(ctx: Ctx, default_per_page: int = 20) -> tuple[int, int]:
    page = max(1, _int(ctx.query.get("page"), 1))
    per_page = _int(ctx.query.get("per_page"), default_per_page)
    if per_page < 1:
        per_page = default_per_page
    return page, per_page


def _total_page(ctx: Ctx, items: list[Any]) -> list[Any]:
    page, per_page = _page(ctx)
    return items[(page - 1) * per_page : page * per_page]


def _site_simple(site: Site, state: DashboardState) -> dict[str, Any]:
    return state.render_site_basic(site)


# ======================================================================= index
@handles("")
async def h_index(ctx: Ctx) -> Any:
    """The namespace index built from the route table."""
    base = ctx.dash.public_url
    routes = {
        r.pattern: {"namespace": "mainwp/v2", "methods": list(r.methods),
                    "endpoints": r.endpoints,
                    "_links": {"self": [{"href": f"{base}/wp-json{r.pattern}"}]}}
        for r in ROUTES
    }  # fmt: skip
    for r in ROUTES:
        if "(?P<" in r.pattern:
            del routes[r.pattern]["_links"]
    return {"namespace": "mainwp/v2", "routes": routes,
            "_links": {"up": [{"href": f"{base}/wp-json/"}]}}  # fmt: skip


# ======================================================================= sites
def _filter_sites(ctx: Ctx) -> list[Site]:
    sites = list(ctx.state.sites.values())
    search = (ctx.query.get("search") or "").lower()
    if search:
        sites = [s for s in sites if search in s.name.lower() or search in s.url.lower()]
    inc = _ids(ctx.query.get("include"))
    if inc:
        sites = [s for s in sites if s.id in inc]
    exc = _ids(ctx.query.get("exclude"))
    if exc:
        sites = [s for s in sites if s.id not in exc]
    status = ctx.query.get("status")
    if status in ("connected", "disconnected"):
        sites = [s for s in sites if s.fields.get("status") == status]
    elif status == "suspended":
        sites = [s for s in sites if s.fields.get("suspended") == "1"]
    return sites


@handles("/sites")
async def h_sites(ctx: Ctx) -> Any:
    """``GET sites``: total counts every match; per_page capped at 100."""
    raw_pp, raw_page = ctx.query.get("per_page"), ctx.query.get("page")
    ability = 'Ability "mainwp/list-sites-v1" has invalid input. Reason: '
    if raw_pp is not None and not (str(raw_pp).isdigit() and 1 <= int(raw_pp) <= 100):
        raise wp_error("ability_invalid_input", ability + "input[per_page] must be between 1 "
                       "(inclusive) and 100 (inclusive)", 500)  # fmt: skip
    if raw_page is not None and _int(raw_page, 0) < 1:
        raise wp_error(
            "ability_invalid_input", ability + "input[page] must be greater than or equal to 1", 500
        )
    sites = _filter_sites(ctx)
    page, per_page = _page(ctx)
    rows = [ctx.state.render_site(s) for s in sites[(page - 1) * per_page : page * per_page]]
    fields = [f for f in (ctx.query.get("_fields") or "").split(",") if f]
    if fields:
        rows = [{k: r[k] for k in fields if k in r} for r in rows]
    return {"success": 1, "total": len(sites), "data": rows}


@handles("/sites/basic")
async def h_sites_basic(ctx: Ctx) -> Any:
    """``GET sites/basic``: total = items on this page."""
    rows = [ctx.state.render_site_basic(s) for s in _total_page(ctx, _filter_sites(ctx))]
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/sites/count")
async def h_sites_count(ctx: Ctx) -> Any:
    """``GET sites/count``."""
    return {"count": len(ctx.state.sites)}


def _sites_for_bulk(ctx: Ctx) -> list[Site]:
    inc = _ids(ctx.p("include"))
    return [s for s in ctx.state.sites.values() if not inc or s.id in inc]


@handles("/sites/sync")
async def h_sites_sync(ctx: Ctx) -> Any:
    """``POST sites/sync``: keyed by id, no ``success``."""
    data = {}
    for s in _sites_for_bulk(ctx):
        ctx.state.sync_site(s)
        data[str(s.id)] = {"result": "success", **ctx.state.render_site(s)}
    return {"total": len(data), "data": data}


@handles("/sites/reconnect", "/sites/disconnect")
async def h_sites_bulk_conn(ctx: Ctx) -> Any:
    """Bulk reconnect/disconnect."""
    target = "disconnected" if ctx.route.sub.endswith("disconnect") else "connected"
    data = {}
    for s in _sites_for_bulk(ctx):
        s.fields["status"] = target
        data[str(s.id)] = "success"
    return {"total": len(data), "data": data}


def _check_payload(site: Site) -> dict[str, Any]:
    up = site.fields.get("status") == "connected"
    return {"id": str(site.id), "name": site.name, "url": site.url,
            "client_id": str(site.client_id), "status": 1 if up else 0,
            "http_code": 200 if up else 0}  # fmt: skip


@handles("/sites/check")
async def h_sites_check(ctx: Ctx) -> Any:
    """Bulk check."""
    data = {str(s.id): {"result": "success", **_check_payload(s)} for s in _sites_for_bulk(ctx)}
    return {"total": len(data), "data": data}


@handles(r"/sites/(?P<id_domain>[\d]+)",
         r"/sites/(?P<id_domain>[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}$)")  # fmt: skip
async def h_site_get(ctx: Ctx) -> Any:
    """``GET sites/{id}``: unknown ids are the 500 ability error."""
    s = ctx.state.find_site(ctx.groups["id_domain"])
    if s is None:
        raise wp_error(
            "ability_invalid_permissions",
            'Ability "mainwp/get-site-v1" does not have necessary permission.',
            500,
        )
    return {"data": ctx.state.render_site(s)}


@handles("/sites/add")
async def h_site_add(ctx: Ctx) -> Any:
    """``POST sites/add``: every failure is HTTP 200 ``success: 0``."""
    url = str(ctx.p("url") or "")
    if not url:
        return {"success": 0, "error": "Invalid URL."}
    if not url.endswith("/"):
        url += "/"
    for s in ctx.state.sites.values():
        if s.url.rstrip("/").lower() == url.rstrip("/").lower():
            return {"success": 0, "error": "The site is already connected to your MainWP "
                    "Dashboard", "found_id": str(s.id)}  # fmt: skip
    m = re.match(r"https?://127\.0\.0\.1:(\d+)/(.*)", url)
    if m and (m.group(1) not in ("8091", "8092", "8093") or m.group(2)):
        if m.group(2):
            return {"success": 0, "error": "Unable to connect to the site. Please verify that "
                    "your Admin Username and Password are correct and try again."}  # fmt: skip
        return {"success": 0, "error": f"HTTP error - Failed to connect to 127.0.0.1 port "
                f"{m.group(1)} after 10 ms: Couldn&#039;t connect to server"}  # fmt: skip
    tpl = next(iter(ctx.state.sites.values()), None)
    sid = ctx.state.new_id("site")
    fields = dict(tpl.fields) if tpl else {}
    fields.update(name=str(ctx.p("name") or url), url=url, note="", sync_errors="",
                  status="connected", suspended="0")  # fmt: skip
    site = Site(id=sid, fields=fields, client_id=_int(ctx.p("client_id"), 0))
    site.tags = [t for t in _ids(ctx.p("groupids")) if t in ctx.state.tags]
    ctx.state.sites[sid] = site
    return {"success": 1, "message": "Site successfully added.",
            "data": ctx.state.render_site_basic(site)}  # fmt: skip


@handles(f"/sites/{_ID}/edit")
async def h_site_edit(ctx: Ctx) -> Any:
    """Edit a site; without ``client_id`` its client is reset to 0; ``note`` is ignored."""
    s = ctx.site()
    for k in ("name", "is_staging", "suspended", "force_use_ipv4"):
        if ctx.p(k) is not None:
            s.fields[k] = str(ctx.p(k))
    if ctx.p("groupids") is not None:
        s.tags = [t for t in _ids(ctx.p("groupids")) if t in ctx.state.tags]
    s.client_id = _int(ctx.p("client_id"), 0)
    return {"success": 1, "data": ctx.state.render_site(s)}


@handles(f"/sites/{_ID}/sync")
async def h_site_sync(ctx: Ctx) -> Any:
    """Sync one site: applied updates leave the pending lists."""
    s = ctx.site()
    if s.fields.get("status") != "connected":
        return {"success": 0, "error": s.fields.get("sync_errors") or "Sync failed."}
    ctx.state.sync_site(s)
    return {"success": 1, "data": ctx.state.render_site(s)}


@handles(f"/sites/{_ID}/security")
async def h_site_security(ctx: Ctx) -> Any:
    """Security report (no ``success``)."""
    s = ctx.site()
    return {"data": dict(ctx.state.security_template), "site": _site_simple(s, ctx.state)}


def _with_site(ctx: Ctx, s: Site, payload: dict[str, Any]) -> dict[str, Any]:
    payload["site"] = _site_simple(s, ctx.state)
    return payload


@handles(f"/sites/{_ID}/plugins")
async def h_site_plugins(ctx: Ctx) -> Any:
    """Installed plugins."""
    s = ctx.site()
    rows = ctx.state.render_plugin_items(s)
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})


def _slugs(ctx: Ctx) -> list[str]:
    raw = ctx.p("slug") or ctx.p("slugs") or ctx.p("plugin") or ctx.p("theme")
    if isinstance(raw, list):
        return [str(x) for x in raw if x]
    return [x.strip() for x in str(raw or "").split(",") if x.strip()]


@handles(f"/sites/{_ID}/plugins/activate", f"/sites/{_ID}/plugins/deactivate",
         f"/sites/{_ID}/plugins/delete")  # fmt: skip
async def h_site_plugins_action(ctx: Ctx) -> Any:
    """Activate / deactivate / delete plugins by slug."""
    s = ctx.site()
    slugs = _slugs(ctx)
    if not slugs:
        raise wp_error("mainwp_rest_invalid_plugins_slugs", "Plugins slugs are empty or invalid.",
                       None, data=400)  # fmt: skip
    action = ctx.route.sub.rsplit("/", 1)[-1]
    done = []
    for p in list(s.plugins):
        if p.get("slug") in slugs:
            if action == "delete":
                s.plugins.remove(p)
            else:
                p["active"] = 1 if action == "activate" else 0
            done.append({"name": p.get("name", ""), "version": p.get("version", ""),
                         "slug": p.get("slug", "")})  # fmt: skip
    return _with_site(ctx, s, {"success": 1, "data": done})


@handles(f"/sites/{_ID}/plugins/abandoned")
async def h_site_plugins_abandoned(ctx: Ctx) -> Any:
    """Plugins not updated upstream for a long time."""
    s = ctx.site()
    rows = [r for r in ctx.state.render_plugin_items(s) if r["slug"] in s.abandoned_plugins]
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})


@handles(f"/sites/{_ID}/themes")
async def h_site_themes(ctx: Ctx) -> Any:
    """Installed themes."""
    s = ctx.site()
    rows = ctx.state.render_theme_items(s)
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})


@handles(f"/sites/{_ID}/themes/activate")
async def h_site_themes_activate(ctx: Ctx) -> Any:
    """Switch the active theme."""
    s = ctx.site()
    slugs = _slugs(ctx)
    if not slugs:
        raise wp_error("mainwp_rest_invalid_themes_slugs", "Themes slugs are empty or invalid.",
                       None, data=400)  # fmt: skip
    result: dict[str, Any] = {}
    for t in s.themes:
        info = {"name": t.get("name", ""), "version": t.get("version", ""), "slug": t["slug"]}
        if t.get("slug") == slugs[0]:
            t["active"] = 1
            result["activate"] = info
            s.fields["active_theme"] = f"{t.get('name')} {t.get('version')}"
        elif t.get("active"):
            t["active"] = 0
            result["deactivate"] = info
    return _with_site(ctx, s, {"success": 1, "data": result})


@handles(f"/sites/{_ID}/themes/delete")
async def h_site_themes_delete(ctx: Ctx) -> Any:
    """Delete inactive themes."""
    s = ctx.site()
    slugs = _slugs(ctx)
    if not slugs:
        raise wp_error("mainwp_rest_invalid_themes_slugs", "Themes slugs are empty or invalid.",
                       None, data=400)  # fmt: skip
    for t in list(s.themes):
        if t.get("slug") in slugs:
            if t.get("active"):
                return _with_site(
                    ctx, s, {"success": 0, "error": f"The theme {t.get('name')} is active."}
                )
            s.themes.remove(t)
    return _with_site(ctx, s, {"success": 1, "data": {"delete": slugs}})


@handles(f"/sites/{_ID}/themes/abandoned")
async def h_site_themes_abandoned(ctx: Ctx) -> Any:
    """Abandoned themes (none in simulated fleets)."""
    s = ctx.site()
    return _with_site(ctx, s, {"success": 1, "total": 0, "data": []})


@handles(f"/sites/{_ID}/non-mainwp-changes")
async def h_site_changes(ctx: Ctx) -> Any:
    """Changes made on the child outside MainWP."""
    s = ctx.site()
    rows = []
    for row in ctx.state.changes_template:
        r = dict(row)
        r["site_id"] = str(s.id)
        rows.append(r)
    return _with_site(ctx, s, {"success": 1, "total": len(rows), "data": rows})


@handles(f"/sites/{_ID}/reconnect", f"/sites/{_ID}/disconnect")
async def h_site_conn(ctx: Ctx) -> Any:
    """Reconnect / disconnect one site."""
    s = ctx.site()
    if ctx.route.sub.endswith("/disconnect"):
        s.fields["status"] = "disconnected"
        return {"success": 1, "message": "Site disconnected successfully.",
                "data": _site_simple(s, ctx.state)}  # fmt: skip
    s.fields.update(status="connected", sync_errors="", http_status="200 - OK")
    return {"success": 1, "message": "Site reconnected successfully.",
            "data": _site_simple(s, ctx.state)}  # fmt: skip


@handles(f"/sites/{_ID}/suspend", f"/sites/{_ID}/unsuspend")
async def h_site_suspend(ctx: Ctx) -> Any:
    """Suspend / unsuspend; the data is the site before the change."""
    s = ctx.site()
    before = _site_simple(s, ctx.state)
    flag = 0 if ctx.route.sub.endswith("/unsuspend") else 1
    s.fields["suspended"] = str(flag)
    return {"success": 1, "suspended": flag, "data": before}


@handles(f"/sites/{_ID}/check")
async def h_site_check(ctx: Ctx) -> Any:
    """Uptime check of one site."""
    return {"success": 1, "data": _check_payload(ctx.site())}


@handles(f"/sites/{_ID}/remove")
async def h_site_remove(ctx: Ctx) -> Any:
    """Remove a site from the dashboard."""
    s = ctx.site()
    data = _site_simple(s, ctx.state)
    del ctx.state.sites[s.id]
    ctx.state.monitors.pop(s.id, None)
    return {"success": 1, "message": "Site removed successfully.", "data": data}


@handles(f"/sites/{_ID}/client")
async def h_site_client(ctx: Ctx) -> Any:
    """The site's client, or ``success: 0`` when unset."""
    s = ctx.site()
    c = ctx.state.clients.get(s.client_id)
    if c is None:
        return {"success": 0, "error": "Client is not set or not found."}
    return {"success": 1, "data": ctx.state.render_client(c, "site")}


def _costs_obj(ctx: Ctx, costs: list[Cost]) -> Any:
    return {str(c.id): ctx.state.render_cost(c, item=False) for c in costs} or []


@handles(f"/sites/{_ID}/costs")
async def h_site_costs(ctx: Ctx) -> Any:
    """Costs linked to a site (id-keyed object)."""
    s = ctx.site()
    costs = [c for c in ctx.state.costs.values() if s.id in c.sites]
    if not costs:
        return {"success": 1, "message": "Cost not found.", "data": []}
    return {"success": 1, "total": len(costs), "data": _costs_obj(ctx, costs)}


# ======================================================================= batch helpers
async def _sub(ctx: Ctx, method: str, sub: str, params: dict[str, Any]) -> Any:
    """Run another route's handler in-process (for batch endpoints)."""
    for r in ROUTES:
        m = r.regex.match(NS + sub)
        if m and method in r.methods:
            sctx = Ctx(ctx.dash, method, r, {k: v for k, v in m.groupdict().items() if v},
                       {}, {}, params, "application/json", dict(params))  # fmt: skip
            try:
                return await HANDLERS[r.pattern](sctx)
            except Reply as e:
                return {"id": params.get("id"), "error": e.body}
    return {"error": {"code": "rest_no_route"}}


def _check_batch_size(body: Any) -> None:
    n = 0
    if isinstance(body, dict):
        for v in body.values():
            if isinstance(v, list):
                n += len(v)
            elif isinstance(v, dict):
                n += sum(len(x) for x in v.values() if isinstance(x, list))
    if n > 100:
        raise wp_error(
            "mainwp_rest_request_entity_too_large",
            "Unable to accept more than 100 items for this request.",
            413,
        )


async def _resource_batch(ctx: Ctx, res: str) -> dict[str, Any]:
    body = ctx.json if isinstance(ctx.json, dict) else ctx.params
    _check_batch_size(body)
    out: dict[str, Any] = {}
    for item in body.get("create") or []:
        out.setdefault("create", []).append(await _sub(ctx, "POST", f"/{res}/add", dict(item)))
    for item in body.get("update") or []:
        iid = str(item.get("id", ""))
        out.setdefault("update", []).append(
            await _sub(ctx, "PUT", f"/{res}/{iid}/edit", dict(item))
        )
    for iid in body.get("delete") or []:
        out.setdefault("delete", []).append(
            await _sub(ctx, "DELETE", f"/{res}/{iid}/remove", {"id": iid})
        )
    return out


@handles("/sites/batch", "/clients/batch", "/tags/batch", "/costs/batch")
async def h_resource_batch(ctx: Ctx) -> Any:
    """Per-resource batch (``/<resource>/batch``) for sites, clients, tags and costs."""
    return await _resource_batch(ctx, ctx.route.sub.split("/")[1])


_GLOBAL_SITE_OPS = {
    "sync": ("POST", "/sites/{}/sync"), "reconnect": ("POST", "/sites/{}/reconnect"),
    "disconnect": ("POST", "/sites/{}/disconnect"), "suspend": ("POST", "/sites/{}/suspend"),
    "check": ("POST", "/sites/{}/check"), "remove": ("DELETE", "/sites/{}/remove"),
    "security": ("GET", "/sites/{}/security"), "plugins": ("GET", "/sites/{}/plugins"),
    "themes": ("GET", "/sites/{}/themes"),
    "non-mainwp-changes": ("GET", "/sites/{}/non-mainwp-changes"),
}  # fmt: skip


@handles("/batch")
async def h_global_batch(ctx: Ctx) -> Any:
    """Global batch: ``create`` per resource plus site operations by id."""
    body = ctx.json if isinstance(ctx.json, dict) else {}
    _check_batch_size(body)
    out: dict[str, Any] = {}
    for res, ops in body.items():
        if not isinstance(ops, dict):
            continue
        res_out: dict[str, Any] = {}
        for op, items in ops.items():
            if not isinstance(items, list):
                continue
            if op == "create" and res in ("sites", "clients", "tags", "costs"):
                res_out["create"] = [await _sub(ctx, "POST", f"/{res}/add", dict(i))
                                     for i in items]  # fmt: skip
            elif res == "sites" and op in _GLOBAL_SITE_OPS:
                method, tpl = _GLOBAL_SITE_OPS[op]
                res_out[op] = [await _sub(ctx, method, tpl.format(i), {}) for i in items]
        out[res] = res_out
    return out


# ======================================================================= clients
def _client(ctx: Ctx) -> Client:
    ident = ctx.groups.get("id_email", "")
    c = ctx.state.find_client(ident)
    if c is None:
        if ident.isdigit():
            raise _invalid_id("client")
        raise wp_error("mainwp_rest_invalid_client_data", "Invalid or not found email.", 404)
    return c


@handles("/clients")
async def h_clients(ctx: Ctx) -> Any:
    """Clients: total = items on this page."""
    rows = [ctx.state.render_client(c) for c in _total_page(ctx, list(ctx.state.clients.values()))]
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/clients/count")
async def h_clients_count(ctx: Ctx) -> Any:
    """Client count (a string)."""
    return {"success": 1, "total": str(len(ctx.state.clients))}


_CLIENT_FIELDS = ("name", "address_1", "address_2", "city", "zip", "state", "country", "note",
                  "client_email", "client_phone", "client_facebook", "client_twitter",
                  "client_instagram", "client_linkedin")  # fmt: skip


@handles("/clients/add")
async def h_clients_add(ctx: Ctx) -> Any:
    """Create a client; ``selected_sites`` steals those sites from other clients."""
    name = str(ctx.p("name") or "").strip()
    if not name:
        return {"success": 0, "error": "Client name is required."}
    cid = ctx.state.new_id("client")
    fields = {k: str(ctx.p(k) or "") for k in _CLIENT_FIELDS}
    fields.update(created=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ctx.state.now)),
                  suspended="0", primary_contact_id="0")  # fmt: skip
    c = Client(id=cid, fields=fields)
    ctx.state.clients[cid] = c
    ctx.state.set_client_sites(cid, _ids(ctx.p("selected_sites")))
    return {"success": 1, "message": "Client created Successfully.",
            "data": ctx.state.render_client(c, "write")}  # fmt: skip


@handles(r"/clients/(?P<id_email>(?!fields$)[\d]+)",
         r"/clients/(?P<id_email>(?!fields$)[a-zA-Z0-9\.\_\%\+\-\@]+)")  # fmt: skip
async def h_client_get(ctx: Ctx) -> Any:
    """One client by id or e-mail."""
    return {"success": 1, "data": ctx.state.render_client(_client(ctx), "item")}


@handles(f"/clients/{_CL}/edit")
async def h_client_edit(ctx: Ctx) -> Any:
    """Edit a client; ``selected_sites`` links sites."""
    c = _client(ctx)
    for k in _CLIENT_FIELDS:
        if ctx.p(k) is not None:
            c.fields[k] = str(ctx.p(k))
    if ctx.p("selected_sites") is not None:
        ctx.state.set_client_sites(c.id, _ids(ctx.p("selected_sites")))
    return {"success": 1, "message": "Client updated Successfully.",
            "data": ctx.state.render_client(c, "write")}  # fmt: skip


@handles(f"/clients/{_CL}/remove")
async def h_client_remove(ctx: Ctx) -> Any:
    """Delete a client; its sites are unlinked."""
    c = _client(ctx)
    data = ctx.state.render_client(c, "item")
    ctx.state.remove_client(c.id)
    return {"success": 1, "message": "Client deleted successfully", "data": data}


@handles(f"/clients/{_CL}/sites")
async def h_client_sites(ctx: Ctx) -> Any:
    """Sites of a client."""
    c = _client(ctx)
    rows = [ctx.state.render_site(s) for s in ctx.state.sites.values() if s.client_id == c.id]
    for r in rows:
        r.update(ip="", is_staging="", health_status="")
    return {"success": 1, "total": len(rows), "data": rows}


@handles(f"/clients/{_CL}/sites/count")
async def h_client_sites_count(ctx: Ctx) -> Any:
    """Number of sites of a client."""
    c = _client(ctx)
    return {"success": 1, "total": sum(1 for s in ctx.state.sites.values() if s.client_id == c.id)}


@handles(f"/clients/{_CL}/costs")
async def h_client_costs(ctx: Ctx) -> Any:
    """Costs of a client: its own and those of its sites (id-keyed)."""
    c = _client(ctx)
    site_ids = {s.id for s in ctx.state.sites.values() if s.client_id == c.id}
    costs = [x for x in ctx.state.costs.values() if c.id in x.clients or site_ids & set(x.sites)]
    if not costs:
        return {"success": 1, "message": "Costs not found."}
    return {"success": 1, "total": len(costs), "data": _costs_obj(ctx, costs)}


@handles(f"/clients/{_CL}/suspend", f"/clients/{_CL}/unsuspend")
async def h_client_suspend(ctx: Ctx) -> Any:
    """Suspend / unsuspend a client."""
    c = _client(ctx)
    un = ctx.route.sub.endswith("/unsuspend")
    c.fields["suspended"] = "0" if un else "1"
    msg = "Client unsuspended successfully." if un else "Client suspended successfully."
    return {"success": 1, "message": msg, "data": ctx.state.render_client(c, "item")}


@handles("/clients/fields")
async def h_client_fields(ctx: Ctx) -> Any:
    """Custom client fields, or ``success: 0`` when there are none."""
    rows = [{"field_id": str(i), **f} for i, f in ctx.state.client_fields.items()]
    if not rows:
        return {"success": 0, "message": "No client fields found."}
    page, per_page = _page(ctx)
    pages = max(1, -(-len(rows) // per_page))
    return {"success": 1, "total": len(rows), "pages": pages,
            "data": rows[(page - 1) * per_page : page * per_page]}  # fmt: skip


@handles("/clients/fields/add")
async def h_client_fields_add(ctx: Ctx) -> Any:
    """Add a custom client field (form body only)."""
    if not ctx.form:
        raise wp_error("empty_body", "Request body is empty.", None)
    name = ctx.form.get("name", "").strip()
    if not name:
        raise wp_error("empty_name", "Field name is required.", None)
    ctx.state.field_seq += 1
    fid = ctx.state.field_seq
    ctx.state.client_fields[fid] = {"name": name, "description": ctx.form.get("description", "")}
    return {"success": 1, "message": "Field created successfully.",
            "data": {"field_id": str(fid), **ctx.state.client_fields[fid]}}  # fmt: skip


def _field_id(ctx: Ctx) -> int:
    ident = ctx.groups.get("id_name", "")
    for fid, f in ctx.state.client_fields.items():
        if str(fid) == ident or f["name"] == ident:
            return fid
    raise wp_error("invalid_field_id", "Invalid field ID.", None)


@handles(r"/clients/fields/(?P<id_name>[^/]+)/edit")
async def h_client_fields_edit(ctx: Ctx) -> Any:
    """Edit a custom client field."""
    fid = _field_id(ctx)
    for k in ("name", "description"):
        if ctx.p(k) is not None:
            ctx.state.client_fields[fid][k] = str(ctx.p(k))
    return {"success": 1, "message": "Field updated successfully."}


@handles(r"/clients/fields/(?P<id_name>[^/]+)/delete")
async def h_client_fields_delete(ctx: Ctx) -> Any:
    """Delete a custom client field."""
    del ctx.state.client_fields[_field_id(ctx)]
    return {"success": 1, "message": "Field deleted successfully."}


# ======================================================================= tags
def _tag_id(ctx: Ctx) -> int:
    tid = _int(ctx.groups.get("id"), -1)
    if tid not in ctx.state.tags:
        raise _invalid_id("tag")
    return tid


@handles("/tags")
async def h_tags(ctx: Ctx) -> Any:
    """Tags: an id-keyed object ([] when empty); total = items on this page."""
    tags = _total_page(ctx, list(ctx.state.tags.values()))
    return {"success": 1, "total": len(tags),
            "data": {str(t.id): ctx.state.render_tag(t) for t in tags} or []}  # fmt: skip


@handles(r"/tags/(?P<id>[\d]+)")
async def h_tag_get(ctx: Ctx) -> Any:
    """One tag."""
    return {"success": 1, "data": ctx.state.render_tag(ctx.state.tags[_tag_id(ctx)])}


@handles("/tags/add")
async def h_tag_add(ctx: Ctx) -> Any:
    """Create a tag (names made unique)."""
    name = str(ctx.p("name") or "").strip()
    if not name:
        return {"success": 0, "error": "Add tag failed. Please try again."}
    tag = ctx.state.add_tag(name, str(ctx.p("color") or ""))
    return {"success": 1, "message": "Tag created successfully.", "data": ctx.state.render_tag(tag)}


@handles(r"/tags/(?P<id>[\d]+)/edit")
async def h_tag_edit(ctx: Ctx) -> Any:
    """Rename / recolour a tag."""
    tag = ctx.state.tags[_tag_id(ctx)]
    if ctx.p("name"):
        tag.name = str(ctx.p("name"))
    if ctx.p("color") is not None:
        tag.color = str(ctx.p("color"))
    return {"success": 1, "message": "Tag updated successfully.",
            "data": ctx.state.render_tag(tag, after_write=True)}  # fmt: skip


@handles(r"/tags/(?P<id>[\d]+)/remove")
async def h_tag_remove(ctx: Ctx) -> Any:
    """Delete a tag."""
    tag = ctx.state.tags[_tag_id(ctx)]
    ctx.state.remove_tag(tag.id)
    return {"success": 1, "message": "Tag deleted successfully.",
            "data": ctx.state.render_tag(tag, after_write=True)}  # fmt: skip


@handles(r"/tags/(?P<id>[\d]+)/sites")
async def h_tag_sites(ctx: Ctx) -> Any:
    """Sites carrying a tag."""
    tid = _tag_id(ctx)
    rows = [ctx.state.render_site(s) for s in ctx.state.sites.values() if tid in s.tags]
    return {"success": 1, "total": len(rows), "data": rows}


@handles(r"/tags/(?P<id>[\d]+)/clients")
async def h_tag_clients(ctx: Ctx) -> Any:
    """Clients owning a site that carries a tag."""
    tid = _tag_id(ctx)
    cids = {s.client_id for s in ctx.state.sites.values() if tid in s.tags}
    rows = [ctx.state.render_client(c) for c in ctx.state.clients.values() if c.id in cids]
    return {"success": 1, "total": len(rows), "data": rows}


# ======================================================================= updates
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


# ======================================================================= monitors
_MON_STATUS = {"up", "down", "pending", "maintenance", "paused", "first", "all", ""}


def _monitors(ctx: Ctx) -> list[int]:
    status = ctx.query.get("status")
    if status is not None and status not in _MON_STATUS:
        raise wp_error("rest_invalid_param", "Invalid parameter(s): status", 400,
                       data={"status": 400, "params": {"status": "Invalid parameter."},
                             "details": []})  # fmt: skip
    ids = ctx.state.monitor_ids()
    if status and status != "all":
        ids = [
            i for i in ids if ctx.state.render_monitor(i, detail=False).get("last_status") == status
        ]
    return ids


@handles("/monitors")
async def h_monitors(ctx: Ctx) -> Any:
    """Monitors (int ids); total = items on this page."""
    rows = [ctx.state.render_monitor(i, detail=False) for i in _total_page(ctx, _monitors(ctx))]
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/monitors/basic")
async def h_monitors_basic(ctx: Ctx) -> Any:
    """Monitors, short form (string ids)."""
    rows = []
    for i in _total_page(ctx, _monitors(ctx)):
        m = ctx.state.render_monitor(i, detail=False)
        rows.append({"id": str(i), "url": m["url"], "last_status": m["last_status"]})
    return {"success": 1, "total": len(rows), "data": rows}


@handles("/monitors/count")
async def h_monitors_count(ctx: Ctx) -> Any:
    """Number of monitors."""
    return {"success": 1, "count": len(_monitors(ctx))}


def _monitor_id(ctx: Ctx) -> int | None:
    ident = ctx.groups.get("id_domain", "")
    s = ctx.state.find_site(ident)
    if s is not None and s.id in ctx.state.monitors:
        return s.id
    return None


@handles(f"/monitors/{_MON}")
async def h_monitor_get(ctx: Ctx) -> Any:
    """One monitor, or ``success: 0`` when unknown."""
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "data": ctx.state.render_monitor(mid, detail=True)}


@handles(f"/monitors/{_MON}/basic")
async def h_monitor_basic(ctx: Ctx) -> Any:
    """One monitor, short form."""
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "data": {"id": str(mid), "url": ctx.state.sites[mid].url,
                                   "last_status": ""}}  # fmt: skip


@handles(f"/monitors/{_MON}/heartbeat")
async def h_monitor_heartbeat(ctx: Ctx) -> Any:
    """Heartbeats of a monitor."""
    period = ctx.query.get("period")
    if period is not None and period not in ("24h", "7d", "30d") and "/" not in period:
        msg = ("Invalid period format. Allowed values: 24h, 7d, 30d or ISO8601 range "
               "(start/end)")  # fmt: skip
        raise wp_error(
            "rest_invalid_param",
            "Invalid parameter(s): period",
            400,
            data={
                "status": 400,
                "params": {"period": msg},
                "details": {"period": {"code": "invalid_period", "message": msg, "data": None}},
            },
        )
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    rows = []
    for hb in ctx.state.heartbeat_template:
        r = dict(hb)
        r["monitor_id"] = mid
        rows.append(r)
    page = max(1, _int(ctx.query.get("page"), 1))
    limit = max(0, _int(ctx.query.get("limit"), 0))
    if limit:
        rows = rows[(page - 1) * limit : page * limit]
    pages = max(1, -(-len(ctx.state.heartbeat_template) // limit)) if limit else 1
    meta = {"page": page, "per_page": limit, "total": len(ctx.state.heartbeat_template),
            "total_pages": pages}  # fmt: skip
    return {"success": 1, "data": rows, "meta": meta}


@handles(f"/monitors/{_MON}/incidents")
async def h_monitor_incidents(ctx: Ctx) -> Any:
    """Incidents of a monitor (none simulated)."""
    if _monitor_id(ctx) is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "data": []}


@handles(f"/monitors/{_MON}/incidents/count")
async def h_monitor_incidents_count(ctx: Ctx) -> Any:
    """Incident count."""
    if _monitor_id(ctx) is None:
        return {"success": 0, "message": "Monitor not found."}
    return {"success": 1, "count": 0}


def _strict_json(ctx: Ctx) -> dict[str, Any]:
    if ctx.content_type != "application/json":
        raise wp_error("invalid_content_type", "Content-Type must be application/json.", None)
    if not isinstance(ctx.json, dict) or not ctx.json:
        raise wp_error("empty_body", "Request body is empty.", None)
    return ctx.json


@handles(f"/monitors/{_MON}/settings", "/monitors/settings")
async def h_monitor_settings(ctx: Ctx) -> Any:
    """Monitor settings (strict JSON body)."""
    body = _strict_json(ctx)
    data = dict(ctx.state.monitor_settings)
    for k, v in body.items():
        if k in data:
            data[k] = int(v) if isinstance(v, bool) else v
    ctx.state.monitor_settings = data
    return {"success": 1, "data": data}


@handles(f"/monitors/{_MON}/check")
async def h_monitor_check(ctx: Ctx) -> Any:
    """Run a check now."""
    mid = _monitor_id(ctx)
    if mid is None:
        return {"success": 0, "message": "Monitor not found."}
    up = ctx.state.sites[mid].fields.get("status") == "connected"
    return {"success": 1, "data": {"http_code": 200 if up else 0,
                                   "uptime_status": "up" if up else "down"}}  # fmt: skip


# ======================================================================= api keys
@handles("/rest-api/keys")
async def h_keys(ctx: Ctx) -> Any:
    """API keys, newest first; past the end the last page comes again."""
    keys = sorted(ctx.state.keys.values(), key=lambda k: -k.id)
    page, per_page = _page(ctx)
    per_page = min(per_page, 100) if str(ctx.query.get("per_page", "")).isdigit() else 20
    pages = max(1, -(-len(keys) // per_page))
    page = min(page, pages)
    rows = [ctx.state.render_key(k) for k in keys[(page - 1) * per_page : page * per_page]]
    return {"success": 1, "total": len(keys), "pages": pages, "data": rows}


def _invalid_permissions() -> Reply:
    return wp_error("rest_invalid_param", "Invalid parameter(s): permissions", 400, data={
        "status": 400, "params": {"permissions": "Invalid method value."},
        "details": {"permissions": {"code": "invalid_method", "message": "Invalid method value.",
                                    "data": None}}})  # fmt: skip


@handles("/rest-api/add-key")
async def h_key_add(ctx: Ctx) -> Any:
    """Create a key from a form body; answers with the one-time token."""
    perm = ctx.params.get("permissions")
    if perm is not None and perm not in ("read", "write"):
        raise _invalid_permissions()
    if not ctx.form:
        raise wp_error("empty_body", "Request body is empty.", None)
    key = ctx.state.add_key(ctx.form.get("permissions", "read"), ctx.form.get("description", ""),
                            seed=f"{ctx.dash.seed}-added")  # fmt: skip
    key.active = ctx.form.get("active", "1") not in ("0", "false", "")
    return {"success": 1, "message": "API Key created successfully.", "token": key.token}


def _key(ctx: Ctx) -> ApiKey:
    ident = ctx.groups.get("key_identifier", "")
    key = None
    if ident.isdigit():
        key = ctx.state.keys.get(int(ident))
    else:
        want = ident.removeprefix("ck_")
        key = ctx.state.key_by_hex(want)
    if key is None:
        raise wp_error("api_key_not_found", "API key not found.", None)
    return key


@handles(r"/rest-api/edit-key/(?P<key_identifier>([1-9][0-9]*|ck_[a-f0-9]{40}))")
async def h_key_edit(ctx: Ctx) -> Any:
    """Edit a key (JSON body only)."""
    key = _key(ctx)
    body = ctx.json if isinstance(ctx.json, dict) else {}
    if "permissions" in body:
        if body["permissions"] not in ("read", "write"):
            raise _invalid_permissions()
        key.scope = body["permissions"]
    if "active" in body:
        key.active = body["active"] not in (False, 0, "0", "false", "")
    if "description" in body:
        key.description = str(body["description"])
    return {"success": 1, "message": "API Key updated successfully."}


@handles(r"/rest-api/delete-key/(?P<key_identifier>([1-9][0-9]*|ck_[a-f0-9]{40}))")
async def h_key_delete(ctx: Ctx) -> Any:
    """Delete a key: its token stops working."""
    del ctx.state.keys[_key(ctx).id]
    return {"success": 1, "message": "API Key deleted successfully."}


# ======================================================================= settings
_SETTINGS_GET = ("general", "advanced", "monitoring", "emails", "cost-tracker",
                 "dashboard-insights", "api-backups", "tools")  # fmt: skip


def _settings_get(name: str) -> Handler:
    async def handler(ctx: Ctx) -> Any:
        return {"success": 1, "data": ctx.state.settings.get(name, {})}

    handler.__doc__ = f"``GET settings/{name}``."
    return handler


for _name in _SETTINGS_GET:
    HANDLERS[f"{NS}/settings/{_name}"] = _settings_get(_name)


@handles("/settings/general/edit", "/settings/advanced/edit", "/settings/monitoring/edit",
         "/settings/cost-tracker/edit", "/settings/dashboard-insights/edit",
         "/settings/tools/edit")  # fmt: skip
async def h_settings_edit(ctx: Ctx) -> Any:
    """Settings writers: strict JSON; known keys are updated."""
    body = _strict_json(ctx)
    name = ctx.route.sub.split("/")[2]
    data = ctx.state.settings.setdefault(name, {})
    changed = {k: v for k, v in body.items() if k in data}
    data.update(changed)
    return {"success": 1, "message": "Settings updated successfully.", "data": changed}


@handles(r"/settings/emails/(?P<mail_type>[a-zA-Z0-9\-\.\_]+)/edit")
async def h_settings_email_edit(ctx: Ctx) -> Any:
    """Edit one e-mail type."""
    body = _strict_json(ctx)
    for row in ctx.state.settings.get("emails", []):
        if row.get("type") == ctx.groups["mail_type"]:
            row.update({k: v for k, v in body.items() if k in row})
            return {"success": 1, "message": "Email settings updated successfully.", "data": row}
    raise wp_error("invalid_mail_type", "Invalid mail type.", None)


@handles(r"/settings/api-backups/(?P<api_slug>[a-zA-Z0-9\-\.\_]+)/edit")
async def h_settings_backup_edit(ctx: Ctx) -> Any:
    """Edit one backup provider."""
    body = _strict_json(ctx)
    providers = ctx.state.settings.get("api-backups", {}).get("api_backups", {})
    if ctx.groups["api_slug"] not in providers:
        raise wp_error("invalid_api_slug", "Invalid API slug.", None)
    return {"success": 1, "message": "Settings updated successfully.", "data": body}


def _ct_list(ctx: Ctx) -> list[dict[str, Any]]:
    key = "product_categories" if "product-types" in ctx.route.sub else "payment_methods"
    ct = ctx.state.settings.setdefault("cost-tracker", {})
    value = ct.setdefault(key, [])
    return value if isinstance(value, list) else []


@handles("/settings/cost-tracker/product-types/add", "/settings/cost-tracker/payment-methods/add")
async def h_ct_add(ctx: Ctx) -> Any:
    """Add a product type / payment method."""
    body = _strict_json(ctx)
    title = str(body.get("title", "")).strip()
    if not title:
        raise wp_error("invalid_title", "Invalid title.", None)
    rows = _ct_list(ctx)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if any(r.get("slug") == slug for r in rows):
        raise wp_error("duplicate_title", "Title already exists.", None)
    row: dict[str, Any] = {"slug": slug, "title": title}
    row.update({k: body[k] for k in ("icon", "color") if k in body})
    rows.append(row)
    return {"success": 1, "message": "Added successfully.", "data": row}


@handles(r"/settings/cost-tracker/product-types/(?P<slug>[a-zA-Z0-9\-\.\_]+)/edit",
         r"/settings/cost-tracker/payment-methods/(?P<slug>[a-zA-Z0-9\-\.\_]+)/edit",
         r"/settings/cost-tracker/product-types/(?P<slug>[a-zA-Z0-9\-\.\_]+)/delete",
         r"/settings/cost-tracker/payment-methods/(?P<slug>[a-zA-Z0-9\-\.\_]+)/delete")  # fmt: skip
async def h_ct_edit(ctx: Ctx) -> Any:
    """Edit / delete a product type or payment method."""
    rows = _ct_list(ctx)
    row = next((r for r in rows if r.get("slug") == ctx.groups["slug"]), None)
    if row is None:
        raise wp_error("invalid_slug", "Invalid slug.", None)
    if ctx.route.sub.endswith("/delete"):
        rows.remove(row)
        return {"success": 1, "message": "Deleted successfully."}
    body = _strict_json(ctx)
    row.update({k: v for k, v in body.items() if k in ("title", "icon", "color")})
    return {"success": 1, "message": "Updated successfully.", "data": row}


_JOB_KINDS = {"destroy-sessions": "destroy", "renew-connections": "renew",
              "disconnect-all-sites": "disconnect"}  # fmt: skip
_JOB_MISSING = {
    "destroy": ("destroy_session_job_not_found", "Destroy session job not found."),
    "renew": ("renew_connection_job_not_found", "Renew connection job not found."),
    "disconnect": ("disconnect_job_not_found", "Job not found."),
}


@handles("/settings/tools/destroy-sessions", "/settings/tools/renew-connections",
         "/settings/tools/disconnect-all-sites")  # fmt: skip
async def h_tool_start(ctx: Ctx) -> Any:
    """Start a background job; its status becomes completed (see ``state.run_cron``)."""
    action = ctx.route.sub.rsplit("/", 1)[-1]
    prefix = _JOB_KINDS[action]
    ctx.state.job_seq += 1
    jid = f"{prefix}_{ctx.state.now:x}{ctx.state.job_seq:05x}.{ctx.state.job_seq:08d}"
    ctx.state.jobs[jid] = Job(id=jid, kind=prefix, total=len(ctx.state.sites))
    verb = {"destroy": "Destroy sessions", "renew": "Renew connections",
            "disconnect": "Disconnect all sites"}[prefix]  # fmt: skip
    return {"success": 1, "message": f"{verb} process started in background.",
            f"{prefix}_id": jid,
            "status_url": f"{ctx.dash.public_url}/wp-json/mainwp/v2/settings/tools/"
                          f"{action}-status/{jid}"}  # fmt: skip


@handles(r"/settings/tools/destroy-sessions-status/(?P<destroy_id>[a-zA-Z0-9_.\-]+)",
         r"/settings/tools/renew-connections-status/(?P<renew_id>[a-zA-Z0-9_.\-]+)",
         r"/settings/tools/disconnect-all-sites-status/(?P<disconnect_id>[a-zA-Z0-9_.\-]+)")  # fmt: skip  # noqa: E501
async def h_tool_status(ctx: Ctx) -> Any:
    """Job status: pending on the first poll, completed afterwards (cron ran)."""
    kind = next(k for k in ("destroy", "renew", "disconnect") if f"{k}_id" in ctx.groups)
    job = ctx.state.jobs.get(ctx.groups[f"{kind}_id"])
    if job is None or job.kind != kind:
        raise wp_error(*_JOB_MISSING[kind], None)
    job.polls += 1
    if job.polls > 1 and not job.done:
        job.done, job.completed_at = True, ctx.state.now
    return {"success": job.done, "status": "completed" if job.done else "pending",
            "total": job.total, "processed": job.total if job.done else 0, "failed": 0,
            "progress": 100 if job.done else 0, "errors": [], "started_at": "",
            "completed_at": job.completed_at if job.done else ""}  # fmt: skip


@handles("/settings/tools/clear-activation-data", "/settings/tools/restore-info-messages")
async def h_tool_simple(ctx: Ctx) -> Any:
    """One-shot tools."""
    return {"success": 1, "message": "Done."}


# ======================================================================= posts & pages
def _websites(ctx: Ctx) -> list[Site]:
    ids = _ids(ctx.query.get("websites"))
    return [ctx.state.sites[i] for i in ids if i in ctx.state.sites]


def _check_dates(ctx: Ctx) -> None:
    for k in ("dtsstart", "dtsstop"):
        v = ctx.query.get(k)
        if v is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            msg = "Invalid date format. Use YYYY-MM-DD"
            raise wp_error(
                "rest_invalid_param",
                f"Invalid parameter(s): {k}",
                400,
                data={
                    "status": 400,
                    "params": {k: msg},
                    "details": {k: {"code": "invalid_date_format", "message": msg, "data": None}},
                },
            )


@handles("/posts")
async def h_posts(ctx: Ctx) -> Any:
    """Server bug in 6.1.2: never works."""
    _check_dates(ctx)
    if not _websites(ctx):
        raise wp_error("website_not_found", "Website not found.", None)
    raise wp_error("no_posts_found", "No posts found.", None)


@handles("/pages")
async def h_pages(ctx: Ctx) -> Any:
    """Pages of the given sites, keyed by site URL."""
    _check_dates(ctx)
    sites = _websites(ctx)
    if not sites:
        raise wp_error("website_not_found", "Website not found.", None)
    data: dict[str, Any] = {}
    for s in sites:
        row = dict(ctx.state.page_list_template)
        row["website_id"] = s.id
        data[s.url] = [row]
    return {"success": 1, "message": "Get pages successfully.", "data": data}


def _post_site(ctx: Ctx) -> Site:
    s = ctx.state.find_site(ctx.groups.get("id_domain", ""))
    if s is None:
        raise wp_error(
            "get_post_error", "HTTP error - URL using bad/illegal format or missing URL", None
        )
    return s


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)")
async def h_post_get(ctx: Ctx) -> Any:
    """One post."""
    s = _post_site(ctx)
    post = s.posts.get(int(ctx.groups["id_post"]))
    if post is None:
        raise wp_error("post_not_exist", "Post not exist.", None)
    return {"success": 1, "message": "Get post successfully.", "data": post}


@handles(f"/pages/{_DOM}/(?P<id_page>[\\d]+)")
async def h_page_get(ctx: Ctx) -> Any:
    """One page."""
    s = _post_site(ctx)
    if int(ctx.groups["id_page"]) != 2:
        raise wp_error("post_not_exist", "Page not exist.", None)
    page = dict(ctx.state.page_template)
    page["website_id"] = str(s.id)
    return {"success": 1, "message": "Get page successfully.", "data": page}


@handles(f"/posts/{_DOM}/create", f"/pages/{_DOM}/create")
async def h_post_create(ctx: Ctx) -> Any:
    """Create a post/page (``post_name`` is required)."""
    s = _post_site(ctx)
    if not ctx.p("post_name"):
        raise wp_error("rest_missing_callback_param", "Missing parameter(s): post_name", 400,
                       data={"status": 400, "params": ["post_name"]})  # fmt: skip
    pid = s.next_post_id
    s.next_post_id += 1
    post = dict(ctx.state.post_template)
    for k in ("post_title", "post_content", "post_name", "post_excerpt"):
        if ctx.p(k) is not None:
            post[k] = str(ctx.p(k))
    post["post_status"] = str(ctx.p("post_status") or "publish")
    s.posts[pid] = post
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    return {"success": 1, "message": f"Create {kind} successfully.",
            "data": {"post_id": pid, "link": f"{s.url}?p={pid}"}}  # fmt: skip


def _post(ctx: Ctx) -> tuple[Site, int]:
    s = _post_site(ctx)
    pid = int(ctx.groups.get("id_post") or ctx.groups.get("id_page") or 0)
    return s, pid


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)/edit", f"/pages/{_DOM}/(?P<id_page>[\\d]+)/edit")
async def h_post_edit(ctx: Ctx) -> Any:
    """Replace a post: omitted content is blanked, status defaults to publish."""
    s, pid = _post(ctx)
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    if pid not in s.posts:
        return {"success": 0, "message": f"Edit {kind} failed."}
    post = s.posts[pid]
    post["post_content"] = str(ctx.p("post_content") or "")
    post["post_status"] = str(ctx.p("post_status") or "publish")
    if ctx.p("post_title") is not None:
        post["post_title"] = str(ctx.p("post_title"))
        post["post_name"] = re.sub(r"[^a-z0-9]+", "-", post["post_title"].lower()).strip("-")
    return {"success": 1, "message": f"Edit {kind} successfully."}


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)/update-status",
         f"/pages/{_DOM}/(?P<id_page>[\\d]+)/update-status")  # fmt: skip
async def h_post_status(ctx: Ctx) -> Any:
    """Change a post's status (fails when it already has that status)."""
    s, pid = _post(ctx)
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    post = s.posts.get(pid)
    status = str(ctx.p("status") or "")
    if post is None or post.get("post_status") == status or not status:
        return {"success": 0, "message": f"Update {kind} status failed."}
    post["post_status"] = status
    return {"success": 1, "message": f"Update {kind} status successfully."}


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)/delete", f"/pages/{_DOM}/(?P<id_page>[\\d]+)/delete")
async def h_post_delete(ctx: Ctx) -> Any:
    """Delete a post/page."""
    s, pid = _post(ctx)
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    if s.posts.pop(pid, None) is None:
        raise wp_error(f"delete_{kind}_error", f"Delete {kind} failed.", None)
    return {"success": 1, "message": f"Delete {kind} successfully."}


# ======================================================================= users
@handles("/users")
async def h_users(ctx: Ctx) -> Any:
    """Users of the given sites, keyed by site URL."""
    sites = _websites(ctx)
    if not sites:
        raise wp_error("no_website_found", "No website found.", None)
    roles = [r for r in (ctx.query.get("roles") or "").split(",") if r]
    data: dict[str, Any] = {}
    for s in sites:
        rows = []
        for u in ctx.state.user_templates:
            if roles and u.get("role") not in roles:
                continue
            r = dict(u)
            r["website_id"] = s.id
            rows.append(r)
        data[s.url] = rows
    return {"success": 1, "data": data}


@handles("/users/create")
async def h_users_create(ctx: Ctx) -> Any:
    """Create a user on the given sites."""
    sites = _websites(ctx) or [ctx.state.sites[i] for i in _ids(ctx.p("websites"))
                               if i in ctx.state.sites]  # fmt: skip
    if not ctx.p("username"):
        raise wp_error("missing_username", "Username is required.", None)
    if not ctx.p("email"):
        raise wp_error("missing_email", "Email is required.", None)
    created = {str(s.id): {"url": s.url, "message": "Created"} for s in sites}
    return {"success": 1, "message": "User created.",
            "data": {"user_info": {"user_login": ctx.p("username"), "email": ctx.p("email")},
                     "total_sites": len(sites), "total_success": len(sites), "total_failed": 0,
                     "created_sites": created, "failed_sites": []}}  # fmt: skip


@handles(f"/users/{_DOM}/(?P<user_id>[\\d]+)/edit", f"/users/{_DOM}/(?P<user_id>[\\d]+)/delete")
async def h_user_edit(ctx: Ctx) -> Any:
    """Edit / delete a user on one site."""
    s = ctx.state.find_site(ctx.groups["id_domain"])
    if s is None:
        raise wp_error("id_domain_not_found", "Site not found.", None)
    verb = "deleted" if ctx.route.sub.endswith("/delete") else "updated"
    return {"success": 1, "message": f"User {verb} successfully."}


@handles("/users/update-admin-password")
async def h_users_admin_pw(ctx: Ctx) -> Any:
    """Change the admin password on sites."""
    sites = [ctx.state.sites[i] for i in _ids(ctx.p("websites")) if i in ctx.state.sites]
    return {"success": True, "message": "Password updated.", "total_websites": len(sites),
            "success_count": len(sites), "failed_count": 0,
            "success_websites": [s.id for s in sites], "failed_websites": []}  # fmt: skip


_IMPORT_ROLES = ("administrator", "editor", "author", "contributor", "subscriber")


def _php_true(value: Any, default: bool) -> bool:
    if value is None:
        return default
    return str(value).strip().lower() not in ("", "0", "false", "no", "off")


def _import_row(ctx: Ctx, line: int, row: list[str]) -> tuple[bool, dict[str, Any]]:
    """Check one CSV row like the server's per-row errors.

    Columns: username, email, first name, last name, website, password, role, sites
    (ids or URLs, ``;`` separated), tags.
    """
    cells = [c.strip() for c in row] + [""] * 9
    username, email, role, sites = cells[0], cells[1], cells[6], cells[7]
    entry: dict[str, Any] = {"line_number": line, "username": username, "email": email}
    error = ""
    if not username:
        error = "missing_username"
    elif not email:
        error = "missing_email"
    elif role and role not in _IMPORT_ROLES:
        error = "invalid_role"
    elif sites and not any(ctx.state.find_site(s.strip()) for s in sites.split(";") if s.strip()):
        error = "no_target_sites"
    if error:
        return False, {**entry, "error": error}
    return True, entry


@handles("/users/import")
async def h_users_import(ctx: Ctx) -> Any:
    """Import users from an uploaded CSV file (multipart ``csv_file``; no ``success`` key)."""
    upload = ctx.files.get("csv_file")
    if upload is None:
        # $_FILES is empty for a JSON or urlencoded body, or a csv_file sent as plain text.
        raise wp_error("no_file_uploaded", "No file uploaded.", 400)
    if not upload.filename.lower().endswith(".csv"):
        raise wp_error("invalid_file_type", "Invalid file type. Please upload a CSV file.", 400)
    text = upload.file.read().decode("utf-8-sig", "replace")
    if not text.strip():
        raise wp_error("empty_file", "The uploaded file is empty.", None)
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), 1) if any(row)]
    if _php_true(ctx.form.get("has_header"), True):
        rows = rows[1:]
    ok: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for line, row in rows:
        good, entry = _import_row(ctx, line, row)
        (ok if good else failed).append(entry)
    return {
        "total": len(rows),
        "success_count": len(ok),
        "failed_count": len(failed),
        "success_users": ok,
        "failed_users": failed,
    }


# ======================================================================= costs
def _cost(ctx: Ctx) -> Cost:
    cid = _int(ctx.groups.get("id"), -1)
    if cid not in ctx.state.costs:
        raise _invalid_id("costs")
    return ctx.state.costs[cid]


@handles("/costs")
async def h_costs(ctx: Ctx) -> Any:
    """Costs: id-keyed object; total = items on this page."""
    costs = _total_page(ctx, list(ctx.state.costs.values()))
    return {"success": 1, "total": len(costs), "data": _costs_obj(ctx, costs)}


def _apply_cost(ctx: Ctx, cost: Cost) -> None:
    mapping = {"name": "name", "url": "url", "payment_type": "type", "product_slug": "slug",
               "product_type": "product_type", "slug": "slug", "license_type": "license_type",
               "cost_tracker_status": "cost_status", "payment_method": "payment_method",
               "renewal_type": "renewal_type", "note": "note"}  # fmt: skip
    for wire, attr in mapping.items():
        if ctx.p(wire) is not None:
            setattr(cost, attr, str(ctx.p(wire)))
    if ctx.p("price") is not None:
        cost.price = float(ctx.p("price") or 0)
    for k in ("sites", "groups", "clients"):
        if ctx.p(k) is not None:
            setattr(cost, k, _ids(ctx.p(k)))


@handles("/costs/add")
async def h_cost_add(ctx: Ctx) -> Any:
    """Create a cost (one per plugin/theme slug)."""
    if not ctx.p("name"):
        return {"success": 0, "error": "Cost name is required."}
    slug = str(ctx.p("slug") or ctx.p("product_slug") or "")
    ptype = str(ctx.p("product_type") or "")
    if (
        slug
        and ptype in ("plugin", "theme")
        and any(c.slug == slug and c.product_type == ptype for c in ctx.state.costs.values())
    ):
        return {"success": 0, "error": f"A cost tracker for this {ptype} already exists."}
    cost = Cost(id=ctx.state.new_id("cost"), name="", last_renewal=ctx.state.now,
                next_renewal=ctx.state.now + 30 * 86400)  # fmt: skip
    _apply_cost(ctx, cost)
    ctx.state.costs[cost.id] = cost
    return {"success": 1, "data": ctx.state.render_cost(cost, item=True)}


@handles(r"/costs/(?P<id>[\d]+)")
async def h_cost_get(ctx: Ctx) -> Any:
    """One cost (string id, unix-string dates)."""
    return {"success": 1, "data": ctx.state.render_cost(_cost(ctx), item=True)}


@handles(r"/costs/(?P<id>[\d]+)/edit")
async def h_cost_edit(ctx: Ctx) -> Any:
    """Edit a cost; answers with the object as it was before."""
    cost = _cost(ctx)
    before = ctx.state.render_cost(cost, item=True)
    _apply_cost(ctx, cost)
    return {"success": 1, "data": before}


@handles(r"/costs/(?P<id>[\d]+)/remove")
async def h_cost_remove(ctx: Ctx) -> Any:
    """Delete a cost."""
    cost = _cost(ctx)
    del ctx.state.costs[cost.id]
    return {"success": 1, "message": "Cost deleted successfully.",
            "data": ctx.state.render_cost(cost, item=True)}  # fmt: skip


@handles(r"/costs/(?P<id>[\d]+)/sites")
async def h_cost_sites(ctx: Ctx) -> Any:
    """Sites a cost applies to (``tags`` is a plain string here)."""
    cost = _cost(ctx)
    rows = [ctx.state.render_site(ctx.state.sites[i], tags_as_text=True)
            for i in cost.sites if i in ctx.state.sites]  # fmt: skip
    return {"success": 1, "total": len(rows), "data": rows}


@handles(r"/costs/(?P<id>[\d]+)/clients")
async def h_cost_clients(ctx: Ctx) -> Any:
    """Clients a cost applies to (directly or through its sites)."""
    cost = _cost(ctx)
    cids = set(cost.clients) | {ctx.state.sites[i].client_id for i in cost.sites
                                if i in ctx.state.sites}  # fmt: skip
    rows = [ctx.state.render_client(c) for c in ctx.state.clients.values() if c.id in cids]
    return {"success": 1, "total": len(rows), "data": rows}


# ======================================================================= server
_NO_ROUTE = {"code": "rest_no_route",
             "message": "No route was found matching the URL and request method.",
             "data": {"status": 404}}  # fmt: skip


def _auth_error(code: str, message: str) -> tuple[int, Any]:
    return 401, {"code": code, "message": message, "data": {"status": 401}}


_SCOPES = {"read": ("read", "read_write"), "write": ("write", "read_write"),
           "delete": ("write", "read_write", "delete")}  # fmt: skip


class SimulatedDashboard:
    """A running simulated MainWP Dashboard 6.1.2 on ``127.0.0.1``.

    Use as ``async with SimulatedDashboard(sites=50) as dash:``; then ``dash.url`` is the
    base URL and ``dash.tokens[scope]`` a bearer token for ``read``, ``write``, ``delete``
    and ``read_write``. ``profile="rig"`` loads the three-site capture rig instead of a
    synthetic fleet.
    """

    def __init__(
        self,
        sites: int = 500,
        seed: int = 0,
        latency: str | float | None = None,
        worker_limit: int | None = None,
        faults: list[Fault] | None = None,
        *,
        profile: str = "fleet",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise ValueError("the simulator only binds to loopback")
        self.seed = seed
        self.profile = profile
        self.host = host
        self.port = port
        self.state = DashboardState()
        if profile == "rig":
            build_rig(self.state)
        elif profile == "fleet":
            build_fleet(self.state, sites, seed)
        else:
            raise ValueError("profile must be 'fleet' or 'rig'")
        self.counters = Counters()
        self.latency = LatencyModel(latency, random.Random(seed))
        self.faults: list[Fault] = list(faults or [])
        self._fault_rng = random.Random(seed ^ 0x5EED)
        self._workers: asyncio.Semaphore | None = None
        self._worker_limit = worker_limit
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.public_url = self.state.base_url if profile == "rig" else ""

    def __repr__(self) -> str:
        return f"SimulatedDashboard(url={self.url!r}, sites={len(self.state.sites)})"

    # ---------------------------------------------------------------- knobs
    @property
    def tokens(self) -> dict[str, str]:
        """Bearer tokens of the four built-in keys, by scope (first key of each scope)."""
        out: dict[str, str] = {}
        for key in sorted(self.state.keys.values(), key=lambda k: k.id):
            out.setdefault(key.scope, key.token)
        return {s: out[s] for s in ("read", "write", "delete", "read_write") if s in out}

    def set_fault(self, kind: str | None, rate: float = 1.0, **kwargs: Any) -> Fault | None:
        """Replace all faults with one (``None`` clears them); see :class:`Fault`."""
        self.faults.clear()
        if kind is None:
            return None
        fault = Fault(kind, rate, **kwargs)
        self.faults.append(fault)
        return fault

    def add_fault(self, kind: str, rate: float = 1.0, **kwargs: Any) -> Fault:
        """Add a fault next to the existing ones."""
        fault = Fault(kind, rate, **kwargs)
        self.faults.append(fault)
        return fault

    def set_latency(self, latency: str | float | None, route: str | None = None) -> None:
        """Set the global latency (``"realistic"``, seconds, or ``None``), or per route regex."""
        if route is None:
            self.latency.mode = latency
        else:
            self.latency.overrides.append((route, float(latency or 0.0)))

    def set_worker_limit(self, limit: int | None) -> None:
        """Serve at most ``limit`` requests at once (PHP workers); ``None``: unlimited."""
        self._worker_limit = limit
        self._workers = asyncio.Semaphore(limit) if limit else None

    # ---------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        """Bind to a free loopback port and start serving."""
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.25
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        sock = server.sockets[0]  # type: ignore[attr-defined]
        self.port = sock.getsockname()[1]
        self.url = f"http://{self.host}:{self.port}"
        if not self.public_url:
            self.public_url = self.url
            self.state.base_url = self.url
        self.set_worker_limit(self._worker_limit)

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SimulatedDashboard:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---------------------------------------------------------------- request path
    def _authenticate(self, request: web.Request) -> tuple[ApiKey | None, tuple[int, Any] | None]:
        header = request.headers.get("Authorization")
        ck = cs = None
        q = request.query
        if header is None:
            ck = q.get("oauth_mainwp_ck") or q.get("consumer_key")
            cs = q.get("oauth_mainwp_cs") or q.get("consumer_secret")
            if not ck or not cs:
                return None, None
        elif header.startswith("Bearer "):
            token = header[7:].strip()
            if not token:
                return None, None
            if "==" not in token:
                return None, _auth_error(
                    "mainwp_rest_authentication_missing_parameter", "Invalid OAuth parameter."
                )
            secret, _, keyhex = token.partition("==")
            ck, cs = "ck_" + keyhex, "cs_" + secret
        elif header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:]).decode()
            except (ValueError, UnicodeDecodeError):
                decoded = ""
            ck, _, cs = decoded.partition(":")
        else:
            return None, None
        key = self.state.key_by_hex((ck or "").removeprefix("ck_"))
        if key is None or not key.active:
            return None, _auth_error(
                "mainwp_rest_authentication_disabled_key", "The REST API Key are disabled."
            )
        if (cs or "").removeprefix("cs_") != key.secret_hex:
            return None, _auth_error(
                "mainwp_rest_authentication_error", "Consumer secret is invalid."
            )
        return key, None

    def _scope_error(self, key: ApiKey, method: str) -> tuple[int, Any] | None:
        need = {"GET": "read", "HEAD": "read", "POST": "write", "PUT": "write",
                "PATCH": "write", "DELETE": "delete"}.get(method)  # fmt: skip
        if need is None or key.scope in _SCOPES[need]:
            return None
        return _auth_error(
            "mainwp_rest_authentication_error",
            f"The API key provided does not have {need} permissions.",
        )

    def _match(self, sub: str, method: str) -> tuple[Route | None, re.Match[str] | None, bool]:
        want = "GET" if method == "HEAD" else method
        any_path = False
        for r in ROUTES:
            m = r.regex.match(NS + sub)
            if m is None:
                continue
            any_path = True
            if want in r.methods or method == "OPTIONS":
                return r, m, True
        return None, None, any_path

    def _response(self, status: int, body: Any, method: str,
                  route: Route | None) -> web.StreamResponse:  # fmt: skip
        headers = {"Link": f'<{self.public_url}/wp-json/>; rel="https://api.w.org/"'}
        if route is not None and method != "OPTIONS":
            headers["Allow"] = ", ".join(route.methods)
        text = "" if method == "HEAD" else json.dumps(body, ensure_ascii=False)
        return web.Response(status=status, text=text, headers=headers,
                            content_type="application/json", charset="UTF-8")  # fmt: skip

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.method.upper()
        path = request.path
        if path.startswith("/index.php"):
            path = path[len("/index.php") :]
        raw = await request.read()
        self.counters.total += 1
        idem = request.headers.get("Idempotency-Key")
        if idem:
            self.counters.idempotency_keys[idem] += 1
        if raw:
            digest = hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + raw)
            self.counters.bodies[digest.hexdigest()] += 1
        sub = path[len("/wp-json/mainwp/v2") :] if path.startswith("/wp-json/mainwp/v2") else None
        if sub is not None and sub != "/" and sub.endswith("/"):
            sub = sub.rstrip("/")
        if sub == "/":
            sub = ""
        if self._workers is not None:
            async with self._workers:
                return await self._serve(request, method, path, sub, raw)
        return await self._serve(request, method, path, sub, raw)

    def body_hash(self, method: str, path: str, body: bytes) -> str:
        """The key :attr:`counters.bodies` uses for a request body."""
        digest = hashlib.sha256(method.upper().encode() + b" " + path.encode() + b"\n" + body)
        return digest.hexdigest()

    async def _serve(self, request: web.Request, method: str, path: str, sub: str | None,
                     raw: bytes) -> web.StreamResponse:  # fmt: skip
        self.counters.enter()
        try:
            delay = self.latency.service_time(method, sub or path)
            if delay:
                await asyncio.sleep(delay)
            fault = self._pick_fault(method, sub if sub is not None else path)
            status, body, route = await self._dispatch(request, method, sub, raw)
            if route is not None:
                self.counters.requests[(method, route.pattern)] += 1
            self.counters.paths[(method, sub if sub is not None else path)] += 1
            if fault is not None:
                return await self._faulty(request, fault, status, body)
            return self._response(status, body, method, route)
        finally:
            self.counters.leave()

    def _pick_fault(self, method: str, sub: str) -> Fault | None:
        for f in self.faults:
            if f.matches(method, sub) and self._fault_rng.random() < f.rate:
                f.injected += 1
                self.counters.faults[f.kind] += 1
                return f
        return None

    async def _faulty(self, request: web.Request, fault: Fault, status: int,
                      body: Any) -> web.StreamResponse:  # fmt: skip
        kind = fault.kind
        text = json.dumps(body)
        if kind in ("503", "502", "504"):
            html = (
                f"<html><head><title>{kind} Service Unavailable</title></head><body>"
                f"<center><h1>{kind}</h1></center><hr><center>nginx</center></body></html>"
            )
            return web.Response(status=int(kind), text=html, content_type="text/html")
        if kind == "429":
            return web.Response(status=429, headers={"Retry-After": str(fault.retry_after)},
                                text=json.dumps({"code": "too_many_requests",
                                                 "message": "Too many requests.",
                                                 "data": {"status": 429}}),
                                content_type="application/json")  # fmt: skip
        if kind == "html":
            page = ("<!DOCTYPE html><html><head><title>Maintenance</title></head><body>"
                    "<h1>Briefly unavailable for scheduled maintenance. Check back in a "
                    "minute.</h1></body></html>")  # fmt: skip
            return web.Response(
                status=503, text=page, content_type="text/html", headers={"Retry-After": "600"}
            )
        if kind == "notice":
            notice = ("<br />\n<b>Notice</b>:  Undefined index: sync_errors in "
                      "<b>/var/www/html/wp-content/plugins/mainwp/class/"
                      "class-mainwp-db.php</b> on line <b>1234</b><br />\n")  # fmt: skip
            return web.Response(
                status=status, text=notice + text, content_type="application/json", charset="UTF-8"
            )
        if kind == "truncated":
            cut = text[: max(1, len(text) // 2)]
            return web.Response(
                status=status, text=cut, content_type="application/json", charset="UTF-8"
            )
        if kind == "slow":
            await asyncio.sleep(fault.slow_seconds)
            return self._response(status, body, request.method, None)
        # reset: send headers announcing a body, then drop the connection.
        resp = web.StreamResponse(status=status, headers={"Content-Length": str(len(text) + 100)})
        resp.content_type = "application/json"
        await resp.prepare(request)
        await resp.write(text[: len(text) // 2].encode())
        if request.transport is not None:
            request.transport.abort()
        return resp

    async def _dispatch(self, request: web.Request, method: str, sub: str | None,
                        raw: bytes) -> tuple[int, Any, Route | None]:  # fmt: skip
        if sub is None:
            return 404, _NO_ROUTE, None
        key, err = self._authenticate(request)
        if err is not None:
            return err[0], err[1], None
        if key is not None:
            serr = self._scope_error(key, method)
            if serr is not None:
                return serr[0], ("" if method == "HEAD" else serr[1]), None
            key.last_access = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
        route, match, _ = self._match(sub, method)
        if route is None or match is None:
            return 404, _NO_ROUTE, None
        if method == "OPTIONS":
            return 200, {"namespace": "mainwp/v2", "methods": list(route.methods),
                         "endpoints": [{"methods": e["methods"], "args": e["args"]}
                                       for e in route.endpoints],
                         "_links": {"self": [{"href": f"{self.public_url}/wp-json{NS}{sub}"}]}
                         }, route  # fmt: skip
        if key is None and route.sub != "":
            status, body = _auth_error(
                "mainwp_rest_authentication_error", "You are not authenticated."
            )
            return status, body, route
        ctype = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        exact_ctype = request.headers.get("Content-Type") or ""
        form: dict[str, str] = {}
        body_json: Any = None
        if raw and ctype == "application/json":
            try:
                body_json = json.loads(raw)
            except ValueError:
                return 400, {"code": "rest_invalid_json", "message": "Invalid JSON body passed.",
                             "data": {"status": 400, "json_error_code": 4,
                                      "json_error_message": "Syntax error"}}, route  # fmt: skip
        elif raw and ctype == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        files: dict[str, web.FileField] = {}
        if raw and ctype == "multipart/form-data":
            form, files = await _read_multipart(request, raw)
        query = dict(request.query)
        params: dict[str, Any] = dict(query)
        params.update(form)
        if isinstance(body_json, dict):
            params.update(body_json)
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        params.update(groups)
        ctx = Ctx(self, method, route, groups, query, form, body_json, exact_ctype, params, files)
        handler = HANDLERS.get(route.pattern)
        if handler is None:  # pragma: no cover - every route has a handler
            return 404, _NO_ROUTE, route
        try:
            return 200, await handler(ctx), route
        except Reply as r:
            return r.status, r.body, route


async def _read_multipart(
    request: web.Request, raw: bytes
) -> tuple[dict[str, str], dict[str, web.FileField]]:
    """Text fields and file parts of a ``multipart/form-data`` body (PHP's $_POST/$_FILES).

    The body was already read (every request's bytes are counted), so aiohttp's own
    multipart parser runs over a stream fed with those bytes; what ``request.post()``
    would give. A body it cannot parse yields nothing, like PHP.
    """
    stream = StreamReader(request.protocol, 2**16 + len(raw), loop=asyncio.get_running_loop())
    stream.feed_data(raw)
    stream.feed_eof()
    form: dict[str, str] = {}
    files: dict[str, web.FileField] = {}
    try:
        reader = MultipartReader(request.headers, stream)
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or not part.name:
                continue
            if part.filename:
                data = await part.read(decode=True)
                files[part.name] = web.FileField(
                    name=part.name,
                    filename=part.filename,
                    file=io.BytesIO(data),
                    content_type=part.headers.get("Content-Type", "application/octet-stream"),
                    headers=part.headers,
                )
            else:
                form[part.name] = await part.text()
    except (ValueError, AssertionError, RuntimeError):
        return {}, {}
    return form, files


def make_app(dash: SimulatedDashboard) -> web.Application:
    """An aiohttp application serving ``dash`` (for embedding in another server)."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", dash._handle)
    return app


_ = php_json  # re-exported helper used by tests
