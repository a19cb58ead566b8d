"""discover(): the live route index compared with the manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import attrs

from mainwp_async._generated.manifest import BY_QUALNAME, ENDPOINTS
from mainwp_async.discovery import compare_index
from mainwp_async.testing import SimulatedDashboard

from .conftest import client

ROUTES_JSON = Path(__file__).resolve().parents[2] / "postman" / "source" / "routes.json"

#: Routes whose live args are a copy of the item schema that the handler never reads; the
#: collection leaves them out of ``params`` (codegen/collection.py ``_SKIP_DECLARED``) but
#: still records them in ``declared_args``, so they must not count as drift.
SCHEMA_COPY_ROUTES = {
    BY_QUALNAME[q].route
    for q in ("sites.add", "sites.check", "sites.batch", "clients.batch", "tags.batch")
}


async def _index(dash: SimulatedDashboard) -> Any:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{dash.url}/wp-json/mainwp/v2") as resp,
    ):
        assert resp.status == 200
        return await resp.json()


async def test_discover_against_the_simulator(rig: SimulatedDashboard) -> None:
    # The index is public: even a write-only key (which may not GET) can discover.
    async with client(rig, "write") as mw:
        drift = await mw.discover()
    assert drift.in_sync, drift.summary()
    assert drift.added == drift.removed == drift.changed == ()
    assert drift.live_routes == drift.known_routes == len({s.route for s in ENDPOINTS})
    assert drift.summary() == f"in sync: {drift.live_routes} routes"
    assert rig.counters.total == 1


async def test_simulator_index_declares_the_real_args(rig: SimulatedDashboard) -> None:
    real = json.loads(ROUTES_JSON.read_text(encoding="utf-8"))["routes"]
    index = await _index(rig)
    assert set(index["routes"]) == set(real)
    for route, info in real.items():
        served = index["routes"][route]
        assert served["methods"] == info["methods"], route
        served_args = [e["args"] for e in served["endpoints"]]
        assert served_args == [e["args"] for e in info["endpoints"]], route


def test_schema_copy_args_are_declared_but_not_params() -> None:
    for spec in ENDPOINTS:
        if spec.route in SCHEMA_COPY_ROUTES:
            noise = set(spec.declared_args) - {p.name for p in spec.params}
            assert noise, spec.qualname  # e.g. sites.add declares mysql_version


async def test_compare_index_reports_a_route_missing_from_the_manifest(
    rig: SimulatedDashboard,
) -> None:
    index = await _index(rig)
    gone = BY_QUALNAME["tags.get"].route
    fewer = [s for s in ENDPOINTS if s.route != gone]
    drift = compare_index(index, fewer)
    assert drift.added == (gone,)
    assert drift.removed == ()
    assert not drift.in_sync
    assert f"+ {gone}" in drift.summary()

    extra = attrs.evolve(BY_QUALNAME["tags.get"], route="/tags/(?P<id>[\\d]+)/archive")
    drift = compare_index(index, [*ENDPOINTS, extra])
    assert drift.removed == ("/tags/(?P<id>[\\d]+)/archive",)
    assert drift.added == ()

    method_gone = [
        attrs.evolve(s, methods=tuple(m for m in s.methods if m != "DELETE"))
        if s.qualname == "tags.remove"
        else s
        for s in ENDPOINTS
    ]
    changed = {c.route: c for c in compare_index(index, method_gone).changed}
    remove_route = BY_QUALNAME["tags.remove"].route
    assert changed[remove_route].methods_added == ("DELETE",)

    noisy = [
        attrs.evolve(s, declared_args=(*s.declared_args, "legacy_flag"))
        if s.qualname == "tags.add"
        else s
        for s in ENDPOINTS
    ]
    changed = {c.route: c for c in compare_index(index, noisy).changed}
    assert set(changed) == {BY_QUALNAME["tags.add"].route}
    assert changed[BY_QUALNAME["tags.add"].route].args_removed == ("legacy_flag",)
    assert changed[BY_QUALNAME["tags.add"].route].args_added == ()
