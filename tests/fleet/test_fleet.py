"""Fleet: several simulated dashboards at once; results carry dashboard and site."""

from __future__ import annotations

import json
import pickle
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from mainwp_async import MainWP
from mainwp_async.errors import APIError, ConfigurationError
from mainwp_async.fleet import Fleet, FleetSite, UpdatesNotApplied
from mainwp_async.profiles import Profile
from mainwp_async.testing import SimulatedDashboard

from ..e2e.conftest import FAST_RETRY


@pytest_asyncio.fixture
async def two() -> AsyncIterator[tuple[SimulatedDashboard, SimulatedDashboard]]:
    async with SimulatedDashboard(sites=8, seed=7) as a, SimulatedDashboard(sites=5, seed=9) as b:
        yield a, b


def fleet_of(a: SimulatedDashboard, b: SimulatedDashboard) -> Fleet:
    return Fleet(
        {
            "agency-a": MainWP(a.url, token=a.tokens["read_write"], retry=FAST_RETRY),
            "agency-b": MainWP(b.url, token=b.tokens["read_write"], retry=FAST_RETRY),
        },
        max_concurrency={"agency-a": 4, "agency-b": 2},
    )


async def test_fan_out_over_every_dashboard(
    two: tuple[SimulatedDashboard, SimulatedDashboard],
) -> None:
    a, b = two
    async with fleet_of(a, b) as fleet:
        sites = await fleet.sites()
        assert {(s.dashboard, s.id) for s in sites} == (
            {("agency-a", i) for i in a.state.sites} | {("agency-b", i) for i in b.state.sites}
        )
        result = await fleet.fan_out(sites, lambda mw, s: mw.sites.plugins(s.id))
        assert fleet["agency-a"].gate() is not fleet["agency-b"].gate()  # own limits each
    assert len(result) == 13
    for r in result:
        assert r.dashboard == r.item.dashboard and r.key == (r.item.dashboard, r.item.id)
        assert r.ok and r.value.site.id == r.item.id
    assert a.counters.max_in_flight <= 4 and b.counters.max_in_flight <= 2
    data = json.loads(json.dumps(result.to_dict()))
    assert {tuple(x["key"]) for x in data["results"]} == {s.key for s in sites}
    assert {x["dashboard"] for x in data["results"]} == {"agency-a", "agency-b"}


async def test_from_profiles(
    monkeypatch: pytest.MonkeyPatch, two: tuple[SimulatedDashboard, SimulatedDashboard]
) -> None:
    a, b = two
    monkeypatch.setenv("TOKEN_A", a.tokens["read"])
    monkeypatch.setenv("TOKEN_B", b.tokens["read"])
    profiles = {
        "a": Profile(name="a", url=a.url, token_env="TOKEN_A", scope="read", max_concurrency=3),
        "b": Profile(name="b", url=b.url, token_env="TOKEN_B", rate_limit=50.0),
    }
    async with Fleet.from_profiles(profiles) as fleet:
        result = await fleet.fan_out(await fleet.sites(), lambda mw, s: mw.sites.get(s.id))
    assert len(result.succeeded) == 13
    with pytest.raises(ConfigurationError, match="'nope'"):
        Fleet.from_profiles(profiles, names=["a", "nope"])


async def test_plan_is_a_dry_run_and_apply_verifies(
    two: tuple[SimulatedDashboard, SimulatedDashboard],
) -> None:
    a, b = two
    suspended = next(iter(b.state.sites.values()))
    suspended.fields["suspended"] = "1"
    async with fleet_of(a, b) as fleet:
        plan = await fleet.plan_updates()
        sent = [k for k in (*a.counters.requests, *b.counters.requests) if k[0] == "POST"]
        assert sent == []  # the plan wrote nothing
        assert ("agency-b", suspended.id) in {(s.dashboard, s.id) for s, _ in plan.skipped}
        assert all(why for _, why in plan.skipped)
        assert plan.updates
        json.dumps(plan.to_dict())
        result = await fleet.apply_updates(plan)
        after = await fleet.plan_updates()
    applied = {r.item.key for r in result.succeeded}
    assert applied, "some sites must have been updated"
    left = {(u.site.dashboard, u.site.id) for u in after.updates}
    assert not (applied & left)  # verified: nothing of what was applied is still offered
    assert len(result) == len(plan.by_site())  # one result per planned site


async def test_a_site_whose_child_does_not_answer_is_reported(
    two: tuple[SimulatedDashboard, SimulatedDashboard],
) -> None:
    a, b = two
    async with fleet_of(a, b) as fleet:
        plan = await fleet.plan_updates()
        target = plan.updates[0].site
        dash = a if target.dashboard == "agency-a" else b
        dash.state.sites[target.id].child_error = "HTTP error - cURL error 7"
        result = await fleet.apply_updates(plan)
    by_key = {r.item.key: r for r in result}
    # the child cannot be reached (the update or the verifying sync fails): not a success
    assert isinstance(by_key[target.key].error, (APIError, UpdatesNotApplied))
    assert len(result) == len(plan.by_site())  # one result per planned site


async def test_sync_all_connectivity_and_inventory(
    two: tuple[SimulatedDashboard, SimulatedDashboard],
) -> None:
    a, b = two
    async with fleet_of(a, b) as fleet:
        planned = await fleet.sync_all()
        assert isinstance(planned, list) and all(isinstance(s, FleetSite) for s in planned)
        assert (
            a.counters.count("POST", "/mainwp/v2/sites/(?P<id_domain>[a-zA-Z0-9\\-\\.\\_]+)/sync")
            == 0
        )
        synced = await fleet.sync_all(dry_run=False)
        assert not isinstance(synced, list) and len(synced) == len(planned)
        checked = await fleet.check_connectivity()
        inventory = await fleet.inventory()
    assert len(checked) == 13
    assert len(inventory) == 13
    some = inventory.succeeded[0].value
    assert set(some) == {"plugins", "themes", "updates"}


async def test_an_update_that_did_not_happen_fails_verification(
    monkeypatch: pytest.MonkeyPatch, two: tuple[SimulatedDashboard, SimulatedDashboard]
) -> None:
    from mainwp_async.safe_writes import SafeWrites

    async def says_ok_changes_nothing(self: SafeWrites, *args: object, **kw: object) -> object:
        return {"success": 1, "data": {}}  # what 6.1.2 answers for an unreachable child

    a, b = two
    async with fleet_of(a, b) as fleet:
        plan = await fleet.plan_updates()
        monkeypatch.setattr(SafeWrites, "update_items", says_ok_changes_nothing)
        result = await fleet.apply_updates(plan)
    assert result.failed and not result.succeeded
    for r in result.failed:
        assert isinstance(r.error, UpdatesNotApplied)
        wanted = {(u.type, u.slug) for u in plan.by_site()[r.item]}
        assert set(r.error.still_pending) == wanted
    assert pickle.loads(pickle.dumps(result.failed[0].error)).still_pending
