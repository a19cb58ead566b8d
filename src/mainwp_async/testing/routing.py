"""The simulator's route tables and handler registry.

A *namespace* is one REST namespace below ``/wp-json`` (``/mainwp/v2``), with its route
table (regexes and methods as the server's index lists them). A *handler* is an
``async def h(ctx: Ctx) -> Any`` registered for one or more route patterns of a namespace
with :func:`handles`; it returns the JSON body of a 200 answer or raises :class:`Reply`
(usually through :func:`wp_error`) for any other.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .fleet import embedded
from .state import DashboardState, Site

if TYPE_CHECKING:
    from .app import SimulatedDashboard

__all__ = [
    "HANDLERS",
    "NAMESPACES",
    "NS",
    "ROUTES",
    "Ctx",
    "Handler",
    "Namespace",
    "Reply",
    "Route",
    "handles",
    "register_namespace",
    "routes_from_index",
    "wp_error",
]

#: The MainWP REST v2 namespace (below ``/wp-json``).
NS = "/mainwp/v2"


@dataclass(frozen=True)
class Route:
    """One route of a namespace's table: its regex (below ``/wp-json``) and methods."""

    pattern: str
    methods: tuple[str, ...]
    endpoints: list[dict[str, Any]]
    regex: re.Pattern[str]
    ns: str = NS

    @property
    def sub(self) -> str:
        """The pattern below the namespace (``/sites/basic``); ``""`` for the index."""
        return self.pattern[len(self.ns) :]


def routes_from_index(rows: Iterable[dict[str, Any]], ns: str) -> tuple[Route, ...]:
    """Routes from index rows ``{"route", "methods", "endpoints"}``, in the given order."""
    out = []
    for r in rows:
        rx = re.compile("^" + r["route"] + "$", re.IGNORECASE)
        out.append(Route(r["route"], tuple(r["methods"]), r["endpoints"], rx, ns))
    return tuple(out)


#: The 144 v2 routes (143 + the namespace index), in the server's order.
ROUTES: tuple[Route, ...] = routes_from_index(embedded()["routes"], NS)


@dataclass(frozen=True)
class Namespace:
    """A REST namespace the simulator serves.

    ``mainwp_auth``: MainWP's key check (Bearer, Basic ck:cs, query pair) runs first, as
    the real plugin does on every ``/wp-json/mainwp/...`` URL; a wrong credential is
    refused there. ``require_key``: a request without any credential is refused with
    401 before the handler runs (v2); otherwise the handler decides (v1 checks its own
    credentials, the Abilities API checks WordPress users).
    """

    prefix: str
    routes: tuple[Route, ...]
    mainwp_auth: bool = True
    require_key: bool = True


#: Served namespaces by prefix (``"/mainwp/v2"``).
NAMESPACES: dict[str, Namespace] = {}


def register_namespace(
    prefix: str,
    routes: tuple[Route, ...],
    *,
    mainwp_auth: bool | None = None,
    require_key: bool = False,
) -> Namespace:
    """Serve ``routes`` under ``/wp-json<prefix>``; ``mainwp_auth`` defaults by prefix."""
    auth = prefix.startswith("/mainwp/") if mainwp_auth is None else mainwp_auth
    space = Namespace(prefix, routes, auth, require_key)
    NAMESPACES[prefix] = space
    return space


register_namespace(NS, ROUTES, require_key=True)


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


def invalid_id(kind: str) -> Reply:
    """The 404 ``mainwp_rest_invalid_<kind>_id`` reply."""
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
    request: web.Request | None = None  #: the raw request (headers); None for batch sub-calls

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
                raise invalid_id("site")
            raise wp_error("mainwp_rest_invalid_site_data", "Invalid or not found domain.", 404)
        return s


Handler = Callable[[Ctx], Awaitable[Any]]
#: Handlers by full route pattern (namespace prefix + pattern below it).
HANDLERS: dict[str, Handler] = {}


def handles(*subs: str, ns: str = NS) -> Callable[[Handler], Handler]:
    """Register a handler for route patterns given below the namespace ``ns``."""

    def deco(fn: Handler) -> Handler:
        for s in subs:
            HANDLERS[ns + s] = fn
        return fn

    return deco
