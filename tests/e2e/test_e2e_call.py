"""mw.call(): reaching endpoints by method and path, as copied from docs or curl lines."""

from __future__ import annotations

import pytest

from mainwp_async.errors import ConfigurationError, EndpointNotFoundError
from mainwp_async.testing import SimulatedDashboard

from .conftest import client


async def test_call_by_template_concrete_path_and_full_url(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        a = await mw.call("GET", "/sites/{id_domain}/plugins", id_domain=1)
        b = await mw.call("GET", "/sites/1/plugins/")
        c = await mw.call("GET", f"{rig.url}/wp-json/mainwp/v2/sites/1/plugins")
        typed = await mw.sites.plugins(id_domain=1)
    assert a == b == c == typed


async def test_call_keeps_the_query_of_a_copied_url(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        one = await mw.call("GET", "/sites/basic?include=2")
        users = await mw.call("GET", f"{rig.url}/wp-json/mainwp/v2/users?websites=1")
        # Keyword arguments win over the copied query.
        three = await mw.call("GET", "/sites/basic?include=2", include="3")
    assert [s.id for s in one.data] == [2]
    assert list(users.data) == ["http://127.0.0.1:8091/"]
    assert [s.id for s in three.data] == [3]


async def test_head_request(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        raw = await mw.call("HEAD", "/sites/1", raw=True)
        assert raw.status == 200 and raw.ok and raw.json is None
        assert await mw.call("HEAD", "/sites/count") is None


async def test_unknown_route_and_wrong_method(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        with pytest.raises(EndpointNotFoundError):
            await mw.call("GET", "/extension/thing")
        with pytest.raises(ConfigurationError, match="accepts"):
            await mw.call("DELETE", "/sites/1/sync")
    assert rig.counters.total == 1  # only the unknown route was sent
