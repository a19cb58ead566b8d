"""discover(): the live route index compared with the manifest."""

from __future__ import annotations

from typing import Any

import aiohttp
import attrs

from mainwp_async._generated.manifest import BY_QUALNAME, ENDPOINTS
from mainwp_async.discovery import compare_index
from mainwp_async.testing import SimulatedDashboard

from .conftest import client

#: Routes whose live args are a copy of the item schema that the handler never reads; the
#: code generator leaves them out on purpose (codegen/collection.py ``_SKIP_DECLARED``).
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
    assert drift.added == () and drift.removed == ()
    assert drift.live_routes == drift.known_routes == len({s.route for s in ENDPOINTS})
    assert {c.route for c in drift.changed} == SCHEMA_COPY_ROUTES
    for change in drift.changed:
        assert change.methods_added == change.methods_removed == ()
        assert change.args_added and change.args_removed == ()
    assert rig.counters.total == 1


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
