"""Settings tool jobs: start one, wait for it, give up on one that never finishes."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from mainwp_async import JobTimeoutError, MainWP
from mainwp_async._generated.models import ToolJobStarted, ToolJobStatus
from mainwp_async.errors import ConfigurationError
from mainwp_async.testing import SimulatedDashboard

from ..conftest import TOKEN


@pytest.mark.parametrize(
    "start", ["tools_destroy_sessions", "tools_renew_connections", "tools_disconnect_all_sites"]
)
async def test_wait_until_a_tool_job_completes(start: str) -> None:
    seen: list[ToolJobStatus] = []
    async with (
        SimulatedDashboard(profile="rig") as dash,
        MainWP(dash.url, token=dash.tokens["read_write"], strict_models=True) as mw,
    ):
        started = await getattr(mw.settings, start)()
        assert isinstance(started, ToolJobStarted)
        final = await mw.wait_for_tool_job(started, interval=0.01, on_progress=seen.append)
    assert final.status == "completed"
    assert [s.status for s in seen][-1] == "completed" and len(seen) >= 2  # polled until done
    assert final.completed_at is not None


async def test_a_job_that_stays_pending_times_out_with_its_last_status() -> None:
    base = "https://dash.example/wp-json/mainwp/v2"
    pending = {"success": False, "status": "pending", "total": 3, "processed": 0, "progress": 0}
    with aioresponses() as m:
        m.get(
            re.compile(re.escape(base) + r"/settings/tools/renew-connections-status/j1$"),
            payload=pending,
            repeat=True,
        )
        async with MainWP("https://dash.example", token=TOKEN) as mw:
            with pytest.raises(JobTimeoutError) as info:
                await mw.wait_for_tool_job(
                    ToolJobStarted(renew_id="j1"), interval=0.01, timeout=0.05
                )
    assert info.value.job_id == "j1"
    assert info.value.last_status.status == "pending"


async def test_a_start_answer_without_a_job_id_is_a_clear_error() -> None:
    async with MainWP("https://dash.example", token=TOKEN) as mw:
        with pytest.raises(ConfigurationError, match="no job id"):
            await mw.wait_for_tool_job(ToolJobStarted(success=True))
