"""Job waiters against the simulator's background jobs (and the captured start shapes)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from mainwp_async import JobTimeoutError
from mainwp_async.jobs import (
    StartShape,
    start_shape,
    sync_and_wait,
    wait_for_sync,
    wait_for_updates,
)
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.jobs import SimulatedJobs, jobs_of

from ..e2e.conftest import client

STARTS = json.loads((Path(__file__).parent / "job_starts.json").read_text())
FAST = {"interval": 0.02, "max_interval": 0.05, "timeout": 10.0}


@pytest.mark.parametrize("row", STARTS, ids=[r["capture"] for r in STARTS])
def test_every_captured_start_shape_is_recognised(row: dict[str, Any]) -> None:
    assert start_shape(row["body"]).value == row["shape"]


@pytest_asyncio.fixture
async def dash() -> AsyncIterator[SimulatedDashboard]:
    async with SimulatedDashboard(sites=12, seed=7) as d:
        jobs = jobs_of(d)
        jobs.threshold = 5  # 12 sites > 5: fleet calls queue
        jobs.first_delay = jobs.chunk_interval = jobs.legacy_interval = 0.05
        jobs.chunk_size = 4
        jobs.tool_interval = 0.02
        yield d


def with_updates(d: SimulatedDashboard) -> list[int]:
    return [s.id for s in d.state.sites.values()
            if (s.plugin_upgrades or s.theme_upgrades) and s.status == "connected"
            and not s.child_error]  # fmt: skip


def unreachable(d: SimulatedDashboard) -> set[int]:
    """Sites of the seeded fleet whose child does not answer (they fail every sync)."""
    return {s.id for s in d.state.sites.values() if s.child_error}


def reader(d: SimulatedDashboard) -> Any:
    async def job_status(job_id: str) -> Mapping[str, Any]:
        found = jobs_of(d).status(d.state, job_id)
        assert found is not None
        return found

    return job_status


async def test_fleet_update_inline_has_a_summary(dash: SimulatedDashboard) -> None:
    jobs_of(dash).threshold = 200
    targets = with_updates(dash)
    async with client(dash) as mw:
        raw = await mw.call("POST", "/updates/update", raw=True)
        assert raw.json["message"] == "Batch updates completed."
        assert raw.json["summary"]["sites_updated"] == len(targets)
        outcome = await wait_for_updates(mw, raw.json, targets, **FAST)
    assert outcome.shape is StartShape.COMPLETED_INLINE and outcome.done
    assert outcome.polls == 1  # one re-check, nothing left


async def test_fleet_update_queued_then_waited_without_wp_credentials(
    dash: SimulatedDashboard,
) -> None:
    targets = with_updates(dash)
    assert targets
    seen: list[Any] = []
    async with client(dash) as mw:
        raw = await mw.call("POST", "/updates/update", raw=True)
        body = raw.json
        assert body["message"] == "Batch updates queued." and body["queued_count"] == 0
        assert body["job_id"].startswith("update_")
        assert "status_url" not in body
        job = jobs_of(dash).batch[body["job_id"]]
        assert job.status == "queued"
        outcome = await wait_for_updates(mw, body, targets, on_progress=seen.append, **FAST)
    assert outcome.shape is StartShape.QUEUED and outcome.done and outcome.pending == ()
    assert len(seen) >= 2 and seen[0].pending  # it really waited
    assert job.render()["status"] == "completed" and job.render()["progress"] == 100


async def test_queued_update_progresses_through_the_job_status(dash: SimulatedDashboard) -> None:
    states: list[tuple[str, int]] = []
    async with client(dash) as mw:
        body = (await mw.call("POST", "/updates/update", raw=True)).json
        outcome = await wait_for_updates(
            mw, body, with_updates(dash), job_status=reader(dash),
            on_progress=lambda s: states.append((s["status"], s["progress"])), **FAST,
        )  # fmt: skip
    assert states[0] == ("queued", 0)
    assert ("processing", 33) in states or any(s == "processing" for s, _ in states)
    assert states[-1] == ("completed", 100)
    assert outcome.state == "completed" and outcome.done


async def test_a_broken_site_stays_pending_and_is_reported(dash: SimulatedDashboard) -> None:
    targets = with_updates(dash)
    broken = dash.state.sites[targets[0]]
    broken.child_error = "HTTP error - cURL error 7"
    async with client(dash) as mw:
        body = (await mw.call("POST", "/updates/update", raw=True)).json
        outcome = await wait_for_updates(mw, body, targets, job_status=reader(dash), **FAST)
    assert outcome.state == "completed" and not outcome.done
    assert broken.id in outcome.failed_sites
    assert {sid for sid, _, _ in outcome.pending} == {broken.id}  # the only target left


async def test_legacy_batch_and_already_running(dash: SimulatedDashboard) -> None:
    jobs_of(dash).legacy = True
    targets = with_updates(dash)
    async with client(dash) as mw:
        first = (await mw.call("POST", "/updates/update", raw=True)).json
        again = (await mw.call("POST", "/updates/update", raw=True)).json
        assert first["message"] == "Batch updates all started successfully."
        assert again["message"] == "A batch updates all job are running."
        assert again["last_time_start_batch_updates"] == first["last_time_start_batch_updates"]
        assert start_shape(again) is StartShape.ALREADY_RUNNING
        outcome = await wait_for_updates(mw, again, targets, **FAST)
        assert outcome.done
        jobs_of(dash).run_cron(dash.state)  # the flag clears a tick after the last site
        third = (await mw.call("POST", "/updates/update", raw=True)).json
    assert third["message"] == "Batch updates all started successfully."


async def test_per_site_update_shapes(dash: SimulatedDashboard) -> None:
    jobs: SimulatedJobs = jobs_of(dash)
    site = with_updates(dash)[0]
    async with client(dash) as mw:
        inline = (await mw.call("POST", f"/updates/{site}/update", raw=True)).json
        assert inline["summary"] == [] and inline["site"]["id"] in (site, str(site))
        jobs.threshold = 0
        queued = (await mw.call("POST", f"/updates/{site}/update", raw=True)).json
        assert queued["job_id"].startswith("update_") and "queued_count" not in queued
        jobs.legacy = True
        started = (await mw.call("POST", f"/updates/{site}/update", raw=True)).json
        again = (await mw.call("POST", f"/updates/{site}/update", raw=True)).json
    assert [start_shape(x) for x in (inline, queued, started, again)] == [
        StartShape.COMPLETED_INLINE, StartShape.QUEUED, StartShape.LEGACY_STARTED,
        StartShape.ALREADY_RUNNING,
    ]  # fmt: skip


async def test_update_wait_with_a_deadline_that_expires(dash: SimulatedDashboard) -> None:
    jobs_of(dash).cron_enabled = False  # DISABLE_WP_CRON: nothing ever runs
    targets = with_updates(dash)
    async with client(dash) as mw:
        body = (await mw.call("POST", "/updates/update", raw=True)).json
        with pytest.raises(JobTimeoutError) as info:
            await wait_for_updates(mw, body, targets, interval=0.02, timeout=0.15)
        with pytest.raises(JobTimeoutError) as by_job:
            await wait_for_updates(mw, body, targets, job_status=reader(dash),
                                   interval=0.02, timeout=0.1)  # fmt: skip
    assert info.value.last_status.state == "timeout"
    assert {sid for sid, _, _ in info.value.last_status.pending} == set(targets)
    assert info.value.job_id == body["job_id"]
    assert by_job.value.last_status["status"] == "queued"


async def test_fleet_sync_queued_and_waited(dash: SimulatedDashboard) -> None:
    async with client(dash) as mw:
        outcome = await sync_and_wait(mw, **FAST)
        assert outcome.shape is StartShape.QUEUED and outcome.state == "completed"
        assert outcome.polls >= 2
        jobs_of(dash).threshold = 200
        inline = await sync_and_wait(mw, **FAST)
    assert inline.shape is StartShape.COMPLETED_INLINE
    assert set(inline.failed_sites) == unreachable(dash)
    assert set(outcome.failed_sites) == unreachable(dash)


async def test_fleet_sync_with_job_status_and_a_failed_site(dash: SimulatedDashboard) -> None:
    broken = next(iter(dash.state.sites.values()))
    broken.child_error = "HTTP error - cURL error 7"
    async with client(dash) as mw:
        body = (await mw.call("POST", "/sites/sync", raw=True)).json
        assert body["message"] == "Sync queued for background processing."
        assert body["total"] == 12 and body["job_id"].startswith("sync_")
        outcome = await wait_for_sync(mw, body, job_status=reader(dash), **FAST)
    assert outcome.state == "completed"
    assert set(outcome.failed_sites) == unreachable(dash) and broken.id in outcome.failed_sites


async def test_sync_wait_with_a_deadline_that_expires(dash: SimulatedDashboard) -> None:
    jobs_of(dash).cron_enabled = False
    async with client(dash) as mw:
        with pytest.raises(JobTimeoutError) as info:
            await sync_and_wait(mw, interval=0.02, timeout=0.12)
    last = info.value.last_status
    assert last.state == "timeout" and set(last.failed_sites) == unreachable(dash)
    assert set(last.last_status["not_synced"]) == set(dash.state.sites) - unreachable(dash)


async def test_tool_job_pending_until_cron_then_completed(dash: SimulatedDashboard) -> None:
    seen: list[tuple[str, int]] = []
    async with client(dash) as mw:
        started = await mw.settings.tools_renew_connections()
        final = await mw.wait_for_tool_job(
            started, interval=0.01, on_progress=lambda s: seen.append((s.status, s.processed))
        )
    assert final.status == "completed" and final.processed == 12
    assert seen[0] == ("pending", 0)
    processed = [p for _, p in seen]
    assert processed == sorted(processed) and any(0 < p < 12 for p in processed)  # progress


async def test_tool_job_with_a_deadline_that_expires(dash: SimulatedDashboard) -> None:
    jobs_of(dash).cron_enabled = False
    async with client(dash) as mw:
        started = await mw.settings.tools_destroy_sessions()
        with pytest.raises(JobTimeoutError) as info:
            await mw.wait_for_tool_job(started, interval=0.01, timeout=0.08)
        assert info.value.last_status.status == "pending"
        jobs_of(dash).run_cron(dash.state)  # an explicit cron run moves it
        status = await mw.settings.tools_destroy_sessions_status(started.destroy_id)
    assert status.processed == 5 and status.status == "pending"
