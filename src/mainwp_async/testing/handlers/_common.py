"""Helpers shared by the v2 handler modules: path regexes, paging, id lists, site stubs."""

from __future__ import annotations

import re
from typing import Any

from ..routing import Ctx, wp_error
from ..state import Cost, DashboardState, Site

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


def _with_site(ctx: Ctx, s: Site, payload: dict[str, Any]) -> dict[str, Any]:
    payload["site"] = _site_simple(s, ctx.state)
    return payload


def _costs_obj(ctx: Ctx, costs: list[Cost]) -> Any:
    return {str(c.id): ctx.state.render_cost(c, item=False) for c in costs} or []


def _slugs(ctx: Ctx) -> list[str]:
    raw = ctx.p("slug") or ctx.p("slugs") or ctx.p("plugin") or ctx.p("theme")
    if isinstance(raw, list):
        return [str(x) for x in raw if x]
    return [x.strip() for x in str(raw or "").split(",") if x.strip()]


def _strict_json(ctx: Ctx) -> dict[str, Any]:
    if ctx.content_type != "application/json":
        raise wp_error("invalid_content_type", "Content-Type must be application/json.", None)
    if not isinstance(ctx.json, dict) or not ctx.json:
        raise wp_error("empty_body", "Request body is empty.", None)
    return ctx.json


def _websites(ctx: Ctx) -> list[Site]:
    ids = _ids(ctx.query.get("websites"))
    return [ctx.state.sites[i] for i in ids if i in ctx.state.sites]


def new_site(
    state: DashboardState,
    url: str,
    *,
    name: str,
    admin: str = "",
    client_id: int = 0,
    tag_ids: Any = None,
) -> tuple[Site | None, str, int]:
    """Connect a site the way ``MainWP_Manage_Sites_View::add_wp_site`` does.

    Returns ``(site, "", 0)``, or ``(None, error, existing_id)`` when the URL is already
    connected (``existing_id``) or the child cannot be reached (the simulated children are
    ``127.0.0.1`` ports 8091-8093; any other ``127.0.0.1`` URL fails like an absent host).
    Shared by the v2 ``sites/add`` route, the v1 ``add-site`` write and ``add-site-v1``.
    """
    if not url.endswith("/"):
        url += "/"
    for s in state.sites.values():
        if s.url.rstrip("/").lower() == url.rstrip("/").lower():
            return None, "The site is already connected to your MainWP Dashboard", s.id
    m = re.match(r"https?://127\.0\.0\.1:(\d+)/(.*)", url)
    if m and (m.group(1) not in ("8091", "8092", "8093") or m.group(2)):
        if m.group(2):
            return None, ("Unable to connect to the site. Please verify that your Admin "
                          "Username and Password are correct and try again."), 0  # fmt: skip
        return None, (f"HTTP error - Failed to connect to 127.0.0.1 port {m.group(1)} after "
                      "10 ms: Couldn&#039;t connect to server"), 0  # fmt: skip
    tpl = next(iter(state.sites.values()), None)
    sid = state.new_id("site")
    fields = dict(tpl.fields) if tpl else {}
    fields.update(name=name or url, url=url, note="", sync_errors="", suspended="0")
    if admin:
        fields["adminname"] = admin
    site = Site(id=sid, fields=fields, client_id=client_id)
    site.tags = [t for t in _ids(tag_ids) if t in state.tags]
    state.sites[sid] = site
    return site, "", 0
