"""The examples a user copies from do what they say, against the simulated dashboard."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from mainwp_async import MainWP
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.upgrades import site_update_rows

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _pending_plugins(dash: SimulatedDashboard) -> dict[int, set[str]]:
    """What the simulator itself holds: the pending plugin updates of every site."""
    out: dict[int, set[str]] = {}
    for site in dash.state.sites.values():
        slugs = {r["slug"] for r in site_update_rows(site, ("plugins",))}
        if slugs:
            out[site.id] = slugs
    return out


def _planned(plan: dict[int, list[Any]]) -> dict[int, set[str]]:
    return {site: {u.slug for u in items} for site, items in plan.items()}


async def test_nightly_plugin_updates_applies_everything_and_syncs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = _load("nightly_plugin_updates")
    async with (
        SimulatedDashboard(sites=30, seed=2) as dash,
        MainWP(dash.url, token=dash.tokens["read_write"]) as mw,
    ):
        before, unread = await example.pending_plugin_updates(mw)
        assert unread == ()
        expected = _pending_plugins(dash)
        assert sum(map(len, expected.values())) > 50, "the fleet is past the list's cut-off"
        assert _planned(before) == expected  # every pending update, not the first 50
        assert await example.run(mw, apply=False, concurrency=4) is None
        assert await example.pending_plugin_updates(mw) == (before, ())  # dry run: no change
        dash.set_fault("503", rate=1.0, route=rf"^/updates/{min(before)}/update/plugins$")
        result = await example.run(mw, apply=True, concurrency=4)
        after, _ = await example.pending_plugin_updates(mw)
    disconnected = {s.id for s in dash.state.sites.values() if s.child_error}  # sync fails
    assert result is not None
    failed = {f.item for f in result.failed}
    # The site behind the broken proxy fails, and so do disconnected ones (their sync
    # answers success: 0); every other site was updated, synced and has nothing left.
    assert failed == {min(before)} | (disconnected & set(before))
    assert set(after) == failed
    assert len(result.succeeded) == len(before) - len(failed) > 0
    assert "dry run" in capsys.readouterr().out


async def test_nightly_plugin_updates_reports_a_site_it_cannot_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = _load("nightly_plugin_updates")
    async with (
        SimulatedDashboard(sites=30, seed=2) as dash,
        MainWP(dash.url, token=dash.tokens["read_write"]) as mw,
    ):
        expected = _pending_plugins(dash)
        broken = min(expected)
        dash.set_fault("truncated", rate=1.0, route=rf"^/updates/{broken}$")
        plan, unread = await example.pending_plugin_updates(mw)
        assert [f.site_id for f in unread] == [broken]
        assert _planned(plan) == {s: v for s, v in expected.items() if s != broken}
        assert await example.run(mw, apply=False, concurrency=4) is None
    out = capsys.readouterr().out
    assert f"could not read site {broken}" in out
