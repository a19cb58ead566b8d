"""API key scopes end to end: detection, the client-side pre-check, the server's refusals."""

from __future__ import annotations

import pytest

from mainwp_async import MainWP
from mainwp_async._spec import Permission
from mainwp_async.errors import ScopeError
from mainwp_async.scopes import Scope
from mainwp_async.testing import SimulatedDashboard

from .conftest import client


@pytest.mark.parametrize(
    ("key", "detected"),
    [
        ("read_write", Scope.READ_WRITE),
        ("read", Scope.READ),
        # A write or delete key may not read rest-api/keys; "Write & Delete" is shown for
        # both anyway, so the scope stays unknown and nothing is pre-checked.
        ("write", None),
        ("delete", None),
    ],
)
async def test_auto_scope_detection(rig: SimulatedDashboard, key: str, detected: Scope) -> None:
    async with client(rig, key, scope="auto") as mw:
        assert mw.scope is detected
        # Detection found the key by its truncated id, the only thing the list shows.
        assert rig.counters.count_path("GET", "/rest-api/keys") == 1


async def test_auto_scope_on_a_fleet_with_many_keys() -> None:
    async with SimulatedDashboard(sites=5) as dash:
        async with client(dash, scope="auto") as mw:
            for i in range(25):  # push the built-in keys onto a later page
                await mw.api_keys.add(active=True, permissions="read", description=f"k{i}")
        async with client(dash, "read", scope="auto") as mw:
            assert mw.scope is Scope.READ


async def test_known_read_scope_refuses_a_write_before_sending(rig: SimulatedDashboard) -> None:
    async with client(rig, "read", scope="read") as mw:
        with pytest.raises(ScopeError) as info:
            await mw.tags.add(name="Never sent")
        with pytest.raises(ScopeError):
            await mw.sites.remove(id_domain=1)
        with pytest.raises(ScopeError):
            await mw.call("POST", "/sites/1/sync")
    err = info.value
    assert err.status is None and err.needed is Permission.WRITE and err.has is Scope.READ
    assert err.endpoint == "tags.add"
    assert rig.counters.total == 0, "no request may reach the dashboard"
    assert "Never sent" not in {t.name for t in rig.state.tags.values()}


async def test_known_scope_still_allows_what_it_covers(rig: SimulatedDashboard) -> None:
    async with client(rig, "delete", scope="delete") as mw:
        with pytest.raises(ScopeError):
            await mw.tags.get(id=1)
        await mw.tags.remove(id=2)
    assert 2 not in rig.state.tags


@pytest.mark.parametrize(
    ("key", "method", "needed", "message"),
    [
        ("read", "POST", Permission.WRITE, "does not have write permissions"),
        ("read", "DELETE", Permission.DELETE, "does not have delete permissions"),
        ("write", "GET", Permission.READ, "does not have read permissions"),
    ],
)
async def test_server_scope_refusal_maps_to_scope_error(
    rig: SimulatedDashboard, key: str, method: str, needed: Permission, message: str
) -> None:
    calls = {
        "POST": lambda mw: mw.tags.add(name="Refused"),
        "DELETE": lambda mw: mw.tags.remove(id=1),
        "GET": lambda mw: mw.tags.get(id=1),
    }
    async with client(rig, key) as mw:  # scope unknown: the server decides
        assert mw.scope is None
        with pytest.raises(ScopeError) as info:
            await calls[method](mw)
    err = info.value
    assert err.status == 401
    assert err.code == "mainwp_rest_authentication_error"
    assert message in err.message
    assert err.needed is needed
    assert sum(rig.counters.paths.values()) == 1  # it was the server that refused, once


async def test_refusal_is_not_retried(rig: SimulatedDashboard) -> None:
    async with MainWP(rig.url, token=rig.tokens["read"]) as mw:
        with pytest.raises(ScopeError):
            await mw.sites.sync(id_domain=1)
    assert rig.counters.count_path("POST", "/sites/1/sync") == 1
