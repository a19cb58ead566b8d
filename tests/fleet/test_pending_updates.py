"""Every pending update, read site by site: nothing lost past the fleet-wide list's 50 rows."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from mainwp_async import MainWP
from mainwp_async.errors import ConfigurationError, DecodeError, NotFoundError
from mainwp_async.pending import LIST_CAP, PendingUpdate
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.upgrades import site_update_rows

from ..e2e.conftest import FAST_RETRY

Row = tuple[int, str, str, str, str, str]


@pytest_asyncio.fixture
async def big() -> AsyncIterator[SimulatedDashboard]:
    """30 sites whose pending updates are well past the list ability's 50 rows."""
    async with SimulatedDashboard(sites=30, seed=4) as dash:
        yield dash


ALL_KINDS = ("core", "plugins", "themes", "translations")


def _expected(
    dash: SimulatedDashboard,
    kinds: tuple[str, ...] = ALL_KINDS,
    skip: set[int] | frozenset[int] = frozenset(),
) -> list[Row]:
    """The simulator's own pending updates, as (site, type, slug, name, current, new), sorted."""
    return sorted(
        (r["site_id"], r["type"], r["slug"], r["name"], r["current_version"], r["new_version"])
        for site in dash.state.sites.values()
        if site.id not in skip
        for r in site_update_rows(site, kinds)
    )


def _rows(updates: Any) -> list[Row]:
    return sorted((u.site_id, u.type, u.slug, u.name, u.current_version, u.new_version)
                  for u in updates)  # fmt: skip


def _client(dash: SimulatedDashboard) -> MainWP:
    return MainWP(dash.url, token=dash.tokens["read_write"], retry=FAST_RETRY)


async def test_every_pending_update_of_a_fleet_past_fifty(big: SimulatedDashboard) -> None:
    expected = _expected(big)
    assert len(expected) > LIST_CAP + 10, "the fleet must be past the cut-off"
    async with _client(big) as mw:
        capped = await mw.updates.list()
        found = await mw.pending_updates(concurrency=4)
    assert len(capped.data or []) == LIST_CAP  # what the fleet-wide list gives
    assert found.complete and found.failures == ()
    assert _rows(found.updates) == expected  # every row, duplicates included
    assert {u.type for u in found.updates} >= {"core", "plugin", "theme", "translation"}
    for u in found.updates:
        assert isinstance(u, PendingUpdate)
        assert u.site_name == big.state.sites[u.site_id].name
    assert big.counters.max_in_flight <= 4
    # one GET per site, not one list
    for site in big.state.sites:
        assert big.counters.count_path("GET", f"/updates/{site}") == 1


async def test_types_and_site_ids_narrow_the_reading(big: SimulatedDashboard) -> None:
    some = sorted(big.state.sites)[:5]
    async with _client(big) as mw:
        themes = await mw.pending_updates(types=["theme", "core"], site_ids=some)
    assert themes.updates
    assert _rows(themes.updates) == [r for r in _expected(big, ("core", "themes")) if r[0] in some]
    assert {u.type for u in themes.updates} <= {"theme", "core"}
    for site in big.state.sites:
        assert big.counters.count_path("GET", f"/updates/{site}") == (1 if site in some else 0)


async def test_a_site_that_cannot_be_read_is_reported_and_the_rest_listed(
    big: SimulatedDashboard,
) -> None:
    broken = sorted(big.state.sites)[3]
    big.set_fault("truncated", rate=1.0, route=rf"^/updates/{broken}$")
    async with _client(big) as mw:
        found = await mw.pending_updates(site_ids=[*big.state.sites, 9999])
    assert not found.complete
    by_site = {f.site_id: f for f in found.failures}
    assert set(by_site) == {broken, 9999}
    assert isinstance(by_site[broken].error, DecodeError)
    assert by_site[broken].site_name == big.state.sites[broken].name
    assert isinstance(by_site[9999].error, NotFoundError)  # an id the dashboard lacks
    assert _rows(found.updates) == _expected(big, skip={broken})
    assert str(broken) in str(by_site[broken])


async def test_an_unknown_update_type_is_refused_before_any_request(
    big: SimulatedDashboard,
) -> None:
    async with _client(big) as mw:
        with pytest.raises(ConfigurationError, match="'plugins'"):
            await mw.pending_updates(types=["plugins"])  # the list's spelling, not the row's
    assert big.counters.count_path("GET", f"/updates/{min(big.state.sites)}") == 0


async def test_the_fleet_wide_list_warns_when_it_stops_at_fifty(
    big: SimulatedDashboard, caplog: pytest.LogCaptureFixture
) -> None:
    async with _client(big) as mw:
        with caplog.at_level(logging.WARNING, logger="mainwp_async.pending"):
            await mw.updates.list()
        warned = [r for r in caplog.records if r.name == "mainwp_async.pending"]
        assert len(warned) == 1 and "pending_updates" in warned[0].getMessage()
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mainwp_async.pending"):
            short = await mw.updates.list(type="core")  # fewer rows: no warning
            await mw.call("GET", "/updates", raw=True)  # the raw door is checked too
    assert len(short.data or []) < LIST_CAP
    assert [r.name for r in caplog.records] == ["mainwp_async.pending"]


async def test_fleet_plan_sees_every_update_and_reports_an_unreadable_site() -> None:
    async with SimulatedDashboard(sites=60, seed=4) as big, _client(big).as_fleet("a") as fleet:
        plan = await fleet.plan_updates()
        inventory = await fleet.inventory()
        broken = plan.updates[0].site
        big.set_fault("truncated", rate=1.0, route=rf"^/updates/{broken.id}$")
        partial = await fleet.plan_updates()
    not_planned = {s.id for s, why in plan.skipped}
    assert all(why.startswith("site is ") for _, why in plan.skipped)  # nothing failed
    expected = _expected(big, ("plugins", "themes"), skip=not_planned)
    assert len(expected) > LIST_CAP
    assert sorted((u.site.id, u.type, u.slug, u.name, u.current_version, u.new_version)
                  for u in plan.updates) == expected  # fmt: skip
    # the inventory's updates are the typed rows too, every kind of them
    inv = {r.item.id: r.value["updates"] for r in inventory}
    assert _rows(u for rows in inv.values() for u in rows) == _expected(big)
    # one unreadable site: reported with the error, every other site still planned
    reasons = dict((s.id, why) for s, why in partial.skipped)
    assert (
        reasons[broken.id].startswith("could not read updates")
        and "truncated" in reasons[broken.id]
    )
    assert sorted((u.site.id, u.type, u.slug) for u in partial.updates) == [
        r[:3] for r in expected if r[0] != broken.id
    ]


async def test_fleet_plan_refuses_a_kind_it_cannot_apply(big: SimulatedDashboard) -> None:
    async with _client(big).as_fleet() as fleet:
        with pytest.raises(ConfigurationError, match="'core'"):
            await fleet.plan_updates(types=["plugin", "core"])


async def test_apply_does_not_call_a_site_done_when_its_check_cannot_be_read(
    big: SimulatedDashboard,
) -> None:
    async with _client(big).as_fleet("a") as fleet:
        plan = await fleet.plan_updates(types=["plugin"])
        targets = sorted(plan.by_site(), key=lambda s: s.id)[:2]
        few = type(plan)(tuple(u for u in plan.updates if u.site in targets))
        unread, fine = targets
        big.set_fault("truncated", rate=1.0, route=rf"^/updates/{unread.id}$", method="GET")
        result = await fleet.apply_updates(few)
    by_site = {r.item: r for r in result}
    assert isinstance(by_site[unread].error, DecodeError)  # not verified, so not a success
    assert by_site[fine].ok and by_site[fine].value["updated"]
