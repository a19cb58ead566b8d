"""The precompiled route index picks the same route as a scan of every regex in order."""

from __future__ import annotations

import re

import pytest

from mainwp_async._generated.manifest import ENDPOINTS
from mainwp_async.errors import ConfigurationError
from mainwp_async.wire import RouteIndex, route_index

VALUES = ("3", "0", "example.com", "sub.example.co.uk", "someone@example.com", "a_b", "x-1", "")


def _scan(method: str, path: str):
    """The reference: every route's regex in registration order, as WordPress does."""
    verb = method.upper()
    seen = []
    for spec in ENDPOINTS:
        m = re.match(f"^{spec.route}$", path, re.IGNORECASE)
        if m is None:
            continue
        if verb in spec.methods or (verb == "HEAD" and "GET" in spec.methods):
            return spec.qualname, {k: v for k, v in m.groupdict().items() if v is not None}
        seen.append(spec.qualname)
    return ("error", tuple(seen)) if seen else None


def _paths():
    for spec in ENDPOINTS:
        for value in VALUES:
            yield re.sub(r"\{[^}]+\}", value, spec.path)
        yield spec.path.upper()
    yield from ("/", "/nothing", "/sites/3/plugins/extra", "/ssl-monitor/sites", "/SITES/Basic")


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
def test_index_agrees_with_a_full_scan_for_every_route(method):
    index = RouteIndex(ENDPOINTS)
    for path in _paths():
        expected = _scan(method, path)
        try:
            found = index.match(method, path)
        except ConfigurationError as exc:
            assert expected is not None and expected[0] == "error", (method, path, str(exc))
            for qualname in expected[1]:
                assert qualname in str(exc)
            continue
        got = None if found is None else (found[0].qualname, found[1])
        assert got == expected, (method, path)


def test_index_is_built_once_per_manifest():
    assert route_index(ENDPOINTS) is route_index(ENDPOINTS)
