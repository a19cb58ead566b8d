"""The examples a user copies from do what they say, against the simulated dashboard."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mainwp_async import MainWP
from mainwp_async.testing import SimulatedDashboard

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


async def test_nightly_plugin_updates_applies_everything_and_syncs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = _load("nightly_plugin_updates")
    async with (
        SimulatedDashboard(sites=30, seed=2) as dash,
        MainWP(dash.url, token=dash.tokens["read_write"]) as mw,
    ):
        before = await example.pending_plugin_updates(mw)
        assert before, "the seeded fleet has pending plugin updates"
        assert await example.run(mw, apply=False, concurrency=4) is None
        assert await example.pending_plugin_updates(mw) == before  # a dry run changes nothing
        dash.set_fault("503", rate=1.0, route=rf"^/updates/{min(before)}/update/plugins$")
        result = await example.run(mw, apply=True, concurrency=4)
        after = await example.pending_plugin_updates(mw)
    disconnected = {s.id for s in dash.state.sites.values() if s.child_error}  # sync fails
    assert result is not None
    failed = {f.item for f in result.failed}
    # The site behind the broken proxy fails, and so do disconnected ones (their sync
    # answers success: 0); every other site was updated and synced.
    assert failed == {min(before)} | (disconnected & set(before))
    # nothing pending is left on the sites that succeeded (GET updates answers at most 50
    # rows, so sites past the first 50 rows only show up once those are gone)
    assert set(after) & set(before) == failed
    assert len(result.succeeded) == len(before) - len(failed) > 0
    assert "dry run" in capsys.readouterr().out
