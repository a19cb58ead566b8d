"""How :meth:`MainWP.call` turns a method and a path into an endpoint and its arguments.

The path is filled (``{placeholders}`` from the keyword arguments, each value through
the strict segment encoder), stripped of host, prefix and query, re-encoded segment by
segment, and matched against the generated route table, which loads only the matched
route's category. A route the manifest does not know (a paid extension's) gets an ad hoc
spec: sent as is, JSON back.

The result of the pure steps (canonical path, matched spec, captured values) depends
only on the method and the filled path, so it is kept in a small bounded table: a loop
calling ``mw.call("GET", "/sites/3")`` pays one dict lookup instead of encoding and
matching again. Errors are never kept: a bad path raises on every call.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from yarl import URL

from ._spec import BodyEncoding, EndpointSpec, Permission
from .errors import ConfigurationError
from .wire import RouteTable, encode_path, encode_segment, normalize_path, template_names

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["resolve"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CACHE_SIZE = 512
_resolved: dict[tuple[str, str], tuple[EndpointSpec, Mapping[str, str]]] = {}
_ROUTES: RouteTable | None = None


def routes() -> RouteTable:
    """The v2 route table: matches without loading any category."""
    global _ROUTES
    if _ROUTES is None:
        from ._generated import manifest

        _ROUTES = RouteTable(manifest.ROUTES, manifest.endpoint)
    return _ROUTES


def resolve(verb: str, path: str, params: dict[str, Any]) -> tuple[EndpointSpec, dict[str, Any]]:
    """The endpoint ``verb path`` reaches and its arguments (``params`` is consumed)."""
    if "{" in path:
        where = f"call({verb} {path[:80]!r})"
        for name in template_names(path):
            if name not in params:
                raise ConfigurationError(f"call({path!r}) needs a value for {{{name}}}")
            value = encode_segment(params.pop(name), name=f"{{{name}}}", where=where)
            path = path.replace("{" + name + "}", value)
    if "?" in path:  # a copied URL's query string travels too; keyword arguments win
        for key, value in URL(path.strip().split("#", 1)[0]).query.items():
            params.setdefault(key, value)
    found = _resolved.get((verb, path))
    if found is None:
        found = _match(verb, path)
        if len(_resolved) >= _CACHE_SIZE:
            _resolved.clear()
        _resolved[(verb, path)] = found
    spec, values = found
    return spec, {**values, **params} if values else params


def _match(verb: str, path: str) -> tuple[EndpointSpec, Mapping[str, str]]:
    # Every segment checked and encoded once: no '.', '..', '//', raw spaces or CR/LF.
    concrete = encode_path(normalize_path(path), where=f"call({verb} {path[:80]!r})")
    # WordPress answers OPTIONS on every route (its schema and ``Allow``), whatever
    # methods the route registers, for every key scope
    matched = None if verb == "OPTIONS" else routes().match(verb, concrete)
    if matched is None:
        return ad_hoc_spec(verb, concrete), {}
    spec, values = matched
    # Captured values are encoded; build_parts encodes them again, so decode first.
    return spec, {k: unquote(v) for k, v in values.items()}


def ad_hoc_spec(method: str, path: str) -> EndpointSpec:
    """A spec for a route the manifest does not know: sent as is, JSON back."""
    return EndpointSpec(
        category="extension",
        name=path.strip("/").replace("/", "_").replace("-", "_") or "index",
        method=method,
        methods=(method,),
        path=path.replace("{", "%7B").replace("}", "%7D"),
        route=re.escape(path),
        body_encoding=BodyEncoding.NONE
        if method in ("GET", "HEAD", "DELETE", "OPTIONS")
        else BodyEncoding.JSON,
        permission=Permission.for_method(method) or Permission.READ,
        idempotent=method in SAFE_METHODS,
    )
