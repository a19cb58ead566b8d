"""The pytest plugin as a user meets it: fixtures in a fresh pytest run of their own."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

USER_TESTS = """
import pytest

async def test_function_scoped(mainwp_dashboard, mainwp_client):
    sites = [s async for s in mainwp_client.sites.iter_basic()]
    assert len(sites) == 7
    await mainwp_client.tags.add(name="Nightly")
    assert any(t.name == "Nightly" for t in mainwp_dashboard.state.tags.values())

@pytest.mark.asyncio(loop_scope="session")
async def test_session_scoped_a(mainwp_dashboard_session):
    mainwp_dashboard_session.state.add_tag("shared")

@pytest.mark.asyncio(loop_scope="session")
async def test_session_scoped_b(mainwp_dashboard_session):
    assert any(t.name == "shared" for t in mainwp_dashboard_session.state.tags.values())
"""


def test_fixtures_work_in_a_user_test_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    pytester.makeini("[pytest]\nasyncio_mode = auto\n")
    result = pytester.runpytest_subprocess("--mainwp-sites", "7", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
