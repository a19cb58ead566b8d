"""Fan-out over a 60-site fleet: order, per-site errors, progress, cancellation."""

from __future__ import annotations

import asyncio

import pytest

from mainwp_async._generated.models import SitesPluginsResponse
from mainwp_async.errors import NotFoundError, ServerError
from mainwp_async.fanout import ItemResult
from mainwp_async.testing import SimulatedDashboard

from .conftest import client, client_tasks_left

BROKEN = {4, 17, 18, 42, 60}


async def test_fan_out_keeps_order_and_per_site_errors(fleet: SimulatedDashboard) -> None:
    pattern = "|".join(str(i) for i in sorted(BROKEN))
    fleet.set_fault("503", route=rf"^/sites/({pattern})/plugins$")
    fleet.set_latency(0.005, route=r"/plugins$")  # let requests overlap
    calls: list[tuple[int, int, ItemResult[int, object]]] = []
    site_ids = list(range(1, 61))
    async with client(fleet) as mw:
        results = await mw.fan_out(
            site_ids,
            lambda sid: mw.sites.plugins(id_domain=sid),
            concurrency=8,
            progress=lambda done, total, r: calls.append((done, total, r)),
        )
    assert len(results) == 60
    assert [r.item for r in results] == site_ids
    assert {r.item for r in results.failed} == BROKEN
    for r in results.failed:
        assert isinstance(r.error, ServerError) and r.error.status == 503
        assert r.error.endpoint == "sites.plugins"
    for r in results.succeeded:
        assert isinstance(r.value, SitesPluginsResponse)
        assert r.value.site is not None and r.value.site.id == r.item
    assert len(results.values()) == 55
    assert [c[0] for c in calls] == list(range(1, 61))
    assert {c[1] for c in calls} == {60}
    assert {c[2].item for c in calls} == set(site_ids)
    assert 1 < fleet.counters.max_in_flight <= 8


async def test_fan_out_mixes_error_kinds(fleet: SimulatedDashboard) -> None:
    async with client(fleet) as mw:
        results = await mw.fan_out([1, 999, 2], lambda sid: mw.sites.plugins(id_domain=sid))
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results.results[1].error, NotFoundError)


async def test_cancelling_a_fan_out_leaves_no_tasks(fleet: SimulatedDashboard) -> None:
    fleet.set_latency(0.02, route=r"/plugins$")
    done: list[int] = []
    ten_done = asyncio.Event()

    def progress(count: int, _total: int, _result: object) -> None:
        done.append(count)
        if count == 10:
            ten_done.set()

    async with client(fleet) as mw:
        task = asyncio.create_task(
            mw.fan_out(
                range(1, 61),
                lambda sid: mw.sites.plugins(id_domain=sid),
                concurrency=4,
                progress=progress,
            )
        )
        await ten_done.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await client_tasks_left() == []
        stopped_at = len(done)
        assert stopped_at < 60
        # The client is still usable after the cancelled run.
        assert (await mw.sites.count()).count == 60
    await asyncio.sleep(0.05)
    assert len(done) == stopped_at  # nothing kept working in the background
