"""pytest fixtures for the simulated dashboard, loaded through the ``pytest11`` entry point.

``mainwp_dashboard``, ``mainwp_dashboard_session`` and ``mainwp_client``; option
``--mainwp-sites N``. Imports nothing heavy at load time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

if TYPE_CHECKING:
    from .app import SimulatedDashboard


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--mainwp-sites``."""
    group = parser.getgroup("mainwp_async")
    group.addoption(
        "--mainwp-sites",
        type=int,
        default=20,
        help="number of sites in the simulated MainWP fleet (default 20)",
    )


def _sites(config: pytest.Config) -> int:
    try:
        return int(config.getoption("--mainwp-sites"))
    except (ValueError, TypeError):
        return 20


@pytest_asyncio.fixture
async def mainwp_dashboard(request: pytest.FixtureRequest) -> AsyncIterator[SimulatedDashboard]:
    """A fresh simulated dashboard (small fleet) for one test."""
    from .app import SimulatedDashboard

    async with SimulatedDashboard(sites=_sites(request.config), seed=0) as dash:
        yield dash


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def mainwp_dashboard_session(
    request: pytest.FixtureRequest,
) -> AsyncIterator[SimulatedDashboard]:
    """One simulated dashboard shared by the whole session (use ``loop_scope="session"``)."""
    from .app import SimulatedDashboard

    async with SimulatedDashboard(sites=_sites(request.config), seed=0) as dash:
        yield dash


@pytest_asyncio.fixture
async def mainwp_client(mainwp_dashboard: SimulatedDashboard) -> AsyncIterator[Any]:
    """A connected ``mainwp_async.MainWP`` (read_write key) on ``mainwp_dashboard``."""
    from mainwp_async import MainWP

    async with MainWP(mainwp_dashboard.url, token=mainwp_dashboard.tokens["read_write"]) as client:
        yield client
