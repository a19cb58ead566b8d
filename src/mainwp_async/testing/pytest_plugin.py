"""pytest fixtures for the simulated dashboard, loaded through the ``pytest11`` entry point.

``mainwp_dashboard``, ``mainwp_dashboard_session`` and ``mainwp_client``; option
``--mainwp-sites N``. Imports nothing heavy at load time, and never breaks a test run:
the plugin loads in every pytest session of an environment that has mainwp-async, so
without pytest-asyncio (``pip install mainwp-async[testing]``) the fixtures only skip.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - exercised only without the testing extra
    pytest_asyncio = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from ..client import MainWP
    from .app import SimulatedDashboard

_NEEDS_ASYNCIO = (
    "the mainwp_async fixtures need pytest-asyncio: pip install 'mainwp-async[testing]'"
)


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


if pytest_asyncio is not None:

    @pytest_asyncio.fixture
    async def mainwp_dashboard(
        request: pytest.FixtureRequest,
    ) -> AsyncIterator[SimulatedDashboard]:
        """A fresh simulated dashboard (``--mainwp-sites`` sites, seed 0) for one test."""
        from .app import SimulatedDashboard

        async with SimulatedDashboard(sites=_sites(request.config), seed=0) as dash:
            yield dash

    @pytest_asyncio.fixture(loop_scope="session", scope="session")
    async def mainwp_dashboard_session(
        request: pytest.FixtureRequest,
    ) -> AsyncIterator[SimulatedDashboard]:
        """One simulated dashboard for the whole session (tests need ``loop_scope="session"``)."""
        from .app import SimulatedDashboard

        async with SimulatedDashboard(sites=_sites(request.config), seed=0) as dash:
            yield dash

    @pytest_asyncio.fixture
    async def mainwp_client(mainwp_dashboard: SimulatedDashboard) -> AsyncIterator[MainWP]:
        """A connected ``mainwp_async.MainWP`` (read_write key) on ``mainwp_dashboard``."""
        from ..client import MainWP

        token = mainwp_dashboard.tokens["read_write"]
        async with MainWP(mainwp_dashboard.url, token=token) as client:
            yield client

else:  # pragma: no cover - exercised only without the testing extra

    @pytest.fixture
    def mainwp_dashboard() -> Iterator[None]:
        """Skips: pytest-asyncio is not installed."""
        pytest.skip(_NEEDS_ASYNCIO)
        yield None

    @pytest.fixture(scope="session")
    def mainwp_dashboard_session() -> Iterator[None]:
        """Skips: pytest-asyncio is not installed."""
        pytest.skip(_NEEDS_ASYNCIO)
        yield None

    @pytest.fixture
    def mainwp_client() -> Iterator[None]:
        """Skips: pytest-asyncio is not installed."""
        pytest.skip(_NEEDS_ASYNCIO)
        yield None
