"""call()'s route table matches like the full spec index, loading a spec only on a match."""

from __future__ import annotations

import re

import pytest

from mainwp_async._call_path import routes as _routes
from mainwp_async._generated import manifest
from mainwp_async.errors import ConfigurationError
from mainwp_async.wire import RouteTable, route_index

VALUES = ("3", "example.com", "someone@example.com", "a_b", "")


def _paths() -> list[str]:
    paths = [re.sub(r"\{[^}]+\}", v, s.path) for s in manifest.ENDPOINTS for v in VALUES]
    return [*paths, "/", "/nothing", "/sites/3/plugins/extra", "/SITES/Basic", "/tags/add"]


def _outcome(index: object, method: str, path: str) -> object:
    try:
        found = index.match(method, path)  # type: ignore[attr-defined]
    except ConfigurationError as exc:
        return ("error", str(exc))
    return None if found is None else (found[0], found[1])


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "HEAD"])
def test_route_table_agrees_with_the_spec_index(method: str) -> None:
    table = RouteTable(manifest.ROUTES, manifest.endpoint)
    full = route_index(manifest.ENDPOINTS)
    for path in _paths():
        assert _outcome(table, method, path) == _outcome(full, method, path), (method, path)


def test_a_matched_spec_is_loaded_once_and_kept() -> None:
    loads: list[str] = []

    def load(qualname: str):
        loads.append(qualname)
        return manifest.endpoint(qualname)

    table = RouteTable(manifest.ROUTES, load)
    assert table.match("GET", "/nothing") is None
    assert loads == []  # no match, nothing loaded
    first = table.match("GET", "/tags/7")
    again = table.match("GET", "/tags/9")
    assert first is not None and again is not None
    assert first[0] is again[0] is manifest.TAGS_GET
    assert (first[1], again[1]) == ({"id": "7"}, {"id": "9"})
    assert loads == ["tags.get"]


def test_the_client_uses_one_table() -> None:
    assert _routes() is _routes()
    matched = _routes().match("GET", "/sites/example.com")
    assert matched is not None and matched[0] is manifest.BY_QUALNAME["sites.get_by_domain"]
