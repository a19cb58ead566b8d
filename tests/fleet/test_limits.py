"""Adaptive limit decisions (pure, on a model server) and the async gate."""

from __future__ import annotations

import asyncio
import random

import pytest

from mainwp_async.errors import APITimeoutError, ConfigurationError, RateLimitError, ServerError
from mainwp_async.limits import AdaptiveLimit, FixedLimit, Gate, RateLimiter, is_overload


def drive(limit: AdaptiveLimit, workers: int, windows: int, rng: random.Random) -> list[int]:
    """Feed ``windows`` windows of samples from a closed-loop server model; limits seen."""
    seen = []
    for _ in range(windows * limit.window):
        in_flight = limit.limit
        queue_factor = max(1.0, in_flight / workers)
        latency = rng.uniform(0.055, 0.075) * queue_factor
        limit.observe(latency, in_flight=in_flight)
        seen.append(limit.limit)
    return seen


def test_finds_the_knee_of_a_two_worker_server() -> None:
    limit = AdaptiveLimit(initial=1, max_limit=64)
    seen = drive(limit, workers=2, windows=60, rng=random.Random(1))
    tail = seen[len(seen) // 2 :]
    assert max(tail) <= 3 and min(tail) >= 2
    assert sum(1 for x in tail if x == 2) > len(tail) * 0.6  # mostly at the knee


def test_follows_the_server_up_and_down() -> None:
    rng = random.Random(2)
    limit = AdaptiveLimit(initial=2, max_limit=64)
    drive(limit, workers=2, windows=20, rng=rng)
    up = drive(limit, workers=8, windows=30, rng=rng)
    assert max(up[-50:]) >= 8
    down = drive(limit, workers=2, windows=10, rng=rng)
    assert down[-1] <= 3


def test_never_exceeds_the_ceiling_or_goes_below_the_floor() -> None:
    limit = AdaptiveLimit(initial=3, min_limit=2, max_limit=5)
    seen = drive(limit, workers=50, windows=40, rng=random.Random(3))
    assert max(seen) == 5 and min(seen) >= 2
    for _ in range(100):
        limit.observe(0.0, in_flight=1, overload=True)
    assert limit.limit == 2


def test_overload_halves_once_per_window() -> None:
    limit = AdaptiveLimit(initial=16, max_limit=64, window=8)
    limit.observe(0.1, in_flight=16, overload=True)
    assert limit.limit == 8
    limit.observe(0.1, in_flight=16, overload=True)  # same burst: no second cut
    assert limit.limit == 8
    for _ in range(8):  # still overloaded a window later: cut again
        limit.observe(0.1, in_flight=8, overload=True)
    assert limit.limit == 4


def test_bad_settings_are_configuration_errors() -> None:
    with pytest.raises(ConfigurationError):
        AdaptiveLimit(min_limit=5, max_limit=2)
    with pytest.raises(ConfigurationError):
        AdaptiveLimit(tolerance=2.0, backoff_ratio=1.5)
    with pytest.raises(ConfigurationError):
        FixedLimit(0)
    with pytest.raises(ConfigurationError):
        RateLimiter(0)


def test_is_overload() -> None:
    assert is_overload(RateLimitError("slow down", status=429))
    assert is_overload(ServerError("busy", status=503))
    assert is_overload(APITimeoutError("late"))
    assert not is_overload(ServerError("bug", status=500))
    assert not is_overload(None)


def test_rate_limiter_spaces_starts() -> None:
    now = [0.0]
    rl = RateLimiter(4.0, clock=lambda: now[0])
    assert rl.delay() == 0.0
    assert rl.delay() == pytest.approx(0.25)
    assert rl.delay() == pytest.approx(0.5)
    now[0] = 10.0  # a long quiet time refills only up to the burst
    assert rl.delay() == 0.0
    assert rl.delay() == pytest.approx(0.25)


async def test_gate_admits_at_most_the_limit() -> None:
    gate = Gate(FixedLimit(3))
    running = most = 0

    async def one() -> None:
        nonlocal running, most
        async with gate.slot():
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.001)
            running -= 1

    await asyncio.gather(*(one() for _ in range(20)))
    assert most == 3 and gate.in_flight == 0


async def test_gate_gives_the_slot_back_on_cancel_and_error() -> None:
    gate = Gate(FixedLimit(1))
    started = asyncio.Event()

    async def hold() -> None:
        async with gate.slot():
            started.set()
            await asyncio.sleep(10)

    task = asyncio.create_task(hold())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert gate.in_flight == 0
    with pytest.raises(ValueError):
        async with gate.slot():
            raise ValueError("x")
    assert gate.in_flight == 0


async def test_retry_after_pauses_the_whole_dashboard() -> None:
    now = [100.0]
    gate = Gate(AdaptiveLimit(initial=4), clock=lambda: now[0])
    with pytest.raises(RateLimitError):
        async with gate.slot():
            raise RateLimitError("slow", status=429, headers={"retry-after": "30"})
    assert gate.current == 2  # AIMD: halved
    waiter = asyncio.create_task(gate.acquire())
    await asyncio.sleep(0.02)
    assert not waiter.done()  # nobody starts during the pause
    now[0] += 31
    await asyncio.wait_for(waiter, 3)
    await gate.release(None)
