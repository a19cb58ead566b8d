"""Streaming fan-out on the simulator: nothing lost, nothing left behind, resumable."""

from __future__ import annotations

import asyncio
import json
import pickle
import random
import tracemalloc
from typing import Any

import pytest

from mainwp_async import NO_RETRY, MainWP
from mainwp_async.errors import APIConnectionError, NotFoundError, ServerError
from mainwp_async.fanout import FanOutFailed, fan_out, fan_out_iter
from mainwp_async.outcomes import FanOutResult, is_retryable
from mainwp_async.testing import SimulatedDashboard

from ..e2e.conftest import client, client_tasks_left


def open_connections(mw: MainWP) -> int:
    """Connections the client's connector has handed out and not got back."""
    session = mw._transport._session
    assert session is not None
    return len(session.connector._acquired)  # type: ignore[union-attr]


async def test_1000_sites_at_concurrency_50_with_faults_one_result_each() -> None:
    async with SimulatedDashboard(sites=1000, seed=3) as dash:
        dash.add_fault("503", rate=0.05, route=r"/plugins$")
        dash.add_fault("reset", rate=0.03, route=r"/plugins$")
        dash.add_fault("html", rate=0.02, route=r"/plugins$")
        dash.set_latency(0.002, route=r"/plugins$")
        ids = sorted(dash.state.sites)
        async with client(dash, max_connections=50, retry=NO_RETRY) as mw:
            result = await fan_out(ids, lambda s: mw.sites.plugins(s), concurrency=50)
            assert open_connections(mw) == 0
    assert len(result) == 1000
    assert [r.key for r in result] == ids  # exactly one per site, in input order
    assert result.failed, "faults were injected: some sites must have failed"
    assert result.summary.total == 1000
    assert result.summary.succeeded + result.summary.failed == 1000
    assert sum(g.count for g in result.summary.failures) == len(result.failed)
    assert dash.counters.max_in_flight <= 50


async def test_strict_mode_raises_every_failure(fleet: SimulatedDashboard) -> None:
    broken = {3, 9, 27}
    fleet.set_fault("503", route=r"^/sites/(3|9|27)/plugins$")
    async with client(fleet) as mw:
        with pytest.raises(FanOutFailed) as info:
            await fan_out(
                [*range(1, 31), 9999], lambda s: mw.sites.plugins(s), concurrency=5, strict=True
            )
    group = info.value
    assert isinstance(group, ExceptionGroup)
    assert len(group.exceptions) == 4
    assert sum(isinstance(e, ServerError) for e in group.exceptions) == 3
    assert sum(isinstance(e, NotFoundError) for e in group.exceptions) == 1
    assert {r.key for r in group.result.failed} == broken | {9999}
    assert len(group.result) == 31  # the successes are there too


async def test_strict_stream_raises_after_the_last_result(fleet: SimulatedDashboard) -> None:
    async with client(fleet) as mw:
        seen = []
        with pytest.raises(FanOutFailed) as info:
            async with fan_out_iter(
                [1, 9998, 2, 9999], lambda s: mw.sites.plugins(s), strict=True
            ) as run:
                async for r in run:
                    seen.append(r.key)
    assert sorted(seen, key=str) == sorted([1, 9998, 2, 9999], key=str)
    assert len(info.value.exceptions) == 2


@pytest.mark.parametrize("seed", range(8))
async def test_cancel_at_a_random_point_leaves_no_task_and_no_connection(
    fleet: SimulatedDashboard, seed: int
) -> None:
    rng = random.Random(seed)
    fleet.set_latency(0.01, route=r"/plugins$")
    async with client(fleet) as mw:
        how = seed % 3
        delay = rng.uniform(0.0, 0.12)
        if how == 0:  # task.cancel()
            task = asyncio.create_task(
                mw.fan_out(range(1, 61), lambda s: mw.sites.plugins(s), concurrency=8)
            )
            await asyncio.sleep(delay)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        elif how == 1:  # asyncio.timeout around the collect form
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(delay):
                    await mw.fan_out(range(1, 61), lambda s: mw.sites.plugins(s), concurrency=8)
        else:  # a consumer that stops reading the stream
            stop_after = rng.randint(0, 20)
            async with mw.fan_out_iter(
                range(1, 61), lambda s: mw.sites.plugins(s), concurrency=8
            ) as run:
                async for n, _ in enumerate_async(run):
                    if n >= stop_after:
                        break
            assert run.summary().interrupted + run.summary().total >= 1
        assert await client_tasks_left() == []
        assert open_connections(mw) == 0
        assert (await mw.sites.count()).count == 60  # still usable


async def enumerate_async(run: Any) -> Any:
    n = 0
    async for item in run:
        yield n, item
        n += 1


async def test_timeout_reports_interrupted_and_not_started(fleet: SimulatedDashboard) -> None:
    fleet.set_latency(0.05, route=r"/plugins$")
    ids = list(range(1, 61))
    async with client(fleet) as mw:
        result = await mw.fan_out(
            ids, lambda s: mw.sites.plugins(s), concurrency=4, adaptive=False, timeout=0.18
        )
        assert await client_tasks_left() == []
    finished = {r.key for r in result}
    assert 0 < len(finished) < 60
    assert len(result.interrupted) <= 4
    # every input is accounted for exactly once
    assert sorted([*finished, *result.interrupted, *result.not_started]) == ids
    assert result.summary.interrupted == len(result.interrupted)
    assert result.summary.not_started == len(result.not_started)


async def test_resumed_run_skips_what_was_done(fleet: SimulatedDashboard) -> None:
    fleet.set_latency(0.03, route=r"/sync$")
    ids = list(range(1, 61))
    async with client(fleet) as mw:
        first = await mw.fan_out(
            ids, lambda s: mw.sites.sync(s), concurrency=4, adaptive=False, timeout=0.2
        )
        checkpoint = json.loads(json.dumps(first.to_dict()))  # what a job queue would store
        done = {r["key"] for r in checkpoint["results"] if r["ok"]}
        assert 0 < len(done) < 60
        second = await mw.fan_out(ids, lambda s: mw.sites.sync(s), concurrency=4, skip=done)
    assert second.summary.skipped == len(done)
    assert {r.key for r in second} == set(ids) - done
    for sid in ids:  # every site synced, none twice (interrupted ones may have reached it)
        count = fleet.counters.count_path("POST", f"/sites/{sid}/sync")
        assert count >= 1
        if sid in done:
            assert count == 1


async def test_100k_cheap_items_bounded_memory_and_tasks() -> None:
    limit = 100
    base_tasks = len(asyncio.all_tasks())
    most_tasks = most_running = running = 0

    async def cheap(i: int) -> int:
        nonlocal most_tasks, most_running, running
        running += 1
        most_running = max(most_running, running)
        if i % 97 == 0:  # all_tasks() is O(tasks): sample it
            most_tasks = max(most_tasks, len(asyncio.all_tasks()) - base_tasks)
        await asyncio.sleep(0)
        running -= 1
        return i

    def numbers(n: int) -> Any:
        yield from range(n)

    async def drain(n: int) -> tuple[int, int]:
        count = 0
        tracemalloc.start()
        try:
            async with fan_out_iter(numbers(n), cheap, concurrency=limit) as run:
                async for r in run:
                    count += r.ok
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return count, peak

    small_count, small_peak = await drain(1_000)
    count, peak = await drain(100_000)
    assert (small_count, count) == (1_000, 100_000)
    assert 0 < most_tasks <= limit and most_running == limit
    assert peak < 4 * 1024 * 1024, peak  # a generous bound: 100k results are not kept
    assert peak < small_peak * 3 + 512 * 1024  # 100,000 items cost about what 1,000 do


async def test_async_iterable_input_and_progress_without_total() -> None:
    async def source() -> Any:
        for i in range(10):
            await asyncio.sleep(0)
            yield i

    calls: list[tuple[int, int]] = []

    async def double(i: int) -> int:
        return i * 2

    result = await fan_out(source(), double, concurrency=3,
                           progress=lambda d, t, _r: calls.append((d, t)))  # fmt: skip
    assert result.values() == [i * 2 for i in range(10)]
    assert [d for d, _ in calls] == list(range(1, 11)) and {t for _, t in calls} == {0}


async def test_retries_only_retryable_errors_and_counts_them() -> None:
    attempts: dict[int, int] = {}

    async def flaky(i: int) -> int:
        attempts[i] = attempts.get(i, 0) + 1
        if i == 1 and attempts[i] < 3:
            raise APIConnectionError("boom")
        if i == 2:
            raise NotFoundError("gone", status=404)
        return i

    result = await fan_out([1, 2, 3], flaky, retries=3, retry_delay=0.0)
    assert attempts == {1: 3, 2: 1, 3: 1}
    assert result.results[0].ok and result.results[0].attempts == 3
    assert not result.results[1].ok and not result.results[1].retryable
    assert result.summary.retries == 2
    attempts.clear()
    default = await fan_out([1], flaky)  # default: never re-sent
    assert not default.results[0].ok and default.results[0].retryable


async def test_results_are_plain_data_json_and_pickle(fleet: SimulatedDashboard) -> None:
    fleet.set_fault("503", route=r"^/sites/2/plugins$")
    async with client(fleet) as mw:
        result = await mw.fan_out([1, 2, 404], lambda s: mw.sites.plugins(s))
    data = result.to_dict()
    text = json.dumps(data)
    assert json.loads(text) == data
    restored: FanOutResult[Any, Any] = pickle.loads(pickle.dumps(result))
    assert [r.key for r in restored] == [1, 2, 404]
    assert pickle.loads(pickle.dumps(data)) == data
    by_key = {r["key"]: r for r in data["results"]}
    assert by_key[1]["ok"] and by_key[1]["value"]["site"]["id"] in (1, "1")
    assert by_key[2]["error"]["status"] == 503 and by_key[2]["error"]["retryable"] is True
    assert by_key[404]["error"]["status"] == 404 and by_key[404]["error"]["retryable"] is False
    assert {g["type"] for g in data["summary"]["failures"]} == {"ServerError", "NotFoundError"}
    assert is_retryable(restored.results[1].error)
