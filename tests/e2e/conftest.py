"""Fixtures for the end-to-end tests: the SDK against the simulator over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from mainwp_async import MainWP, RetryPolicy
from mainwp_async.testing import SimulatedDashboard

#: Retries without real waiting, so fault tests stay fast.
FAST_RETRY = RetryPolicy(
    max_retries=2, initial_backoff=0.0, max_backoff=0.0, jitter=0.0, max_retry_after=0.0
)


@pytest_asyncio.fixture
async def rig() -> AsyncIterator[SimulatedDashboard]:
    """The three-site capture rig, fresh for each test."""
    async with SimulatedDashboard(profile="rig") as dash:
        yield dash


@pytest_asyncio.fixture
async def fleet() -> AsyncIterator[SimulatedDashboard]:
    """A synthetic fleet of 60 sites, fresh for each test."""
    async with SimulatedDashboard(sites=60, seed=7) as dash:
        yield dash


def client(dash: SimulatedDashboard, scope_key: str = "read_write", **options: Any) -> MainWP:
    """A MainWP client for ``dash`` with the built-in key of ``scope_key``."""
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("strict_models", True)  # a misfit field fails the test
    return MainWP(dash.url, token=dash.tokens[scope_key], **options)


def _is_simulator_task(task: asyncio.Task[Any]) -> bool:
    """Server-side tasks (aiohttp's request handlers) belong to the simulator, not the SDK."""
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None)
    filename = getattr(code, "co_filename", "") if code is not None else ""
    return "aiohttp/web_" in filename.replace("\\", "/")


async def client_tasks_left() -> list[asyncio.Task[Any]]:
    """Tasks still running, besides the caller and the simulator's request handlers."""
    for _ in range(5):  # let cancelled tasks finish unwinding
        await asyncio.sleep(0)
    current = asyncio.current_task()
    return [
        t
        for t in asyncio.all_tasks()
        if t is not current and not t.done() and not _is_simulator_task(t)
    ]
