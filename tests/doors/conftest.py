"""Fixtures shared by the v1/Abilities simulator tests: a 5-site dashboard and a client
holding all three credentials (v2 token, v1 key pair, application password)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from mainwp_async import ApplicationPassword, MainWP, V1ApiKey
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.doors import add_app_password, add_v1_key


@pytest.fixture
async def dash() -> AsyncIterator[SimulatedDashboard]:
    async with SimulatedDashboard(sites=5) as d:
        yield d


@pytest.fixture
async def mw(dash: SimulatedDashboard) -> AsyncIterator[MainWP]:
    ck, cs = add_v1_key(dash)
    app = ApplicationPassword("admin", add_app_password(dash))
    async with MainWP(
        dash.url, token=dash.tokens["read_write"], v1_key=V1ApiKey(ck, cs), app_password=app
    ) as client:
        yield client
